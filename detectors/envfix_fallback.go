package detectors

import (
	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// fallbackFix removes a hardcoded default from an environment lookup:
// `process.env.X || "…"` becomes `process.env.X` with a check that throws
// when X is unset, `os.getenv("X", "…")` and `os.environ.get("X") or "…"`
// become `os.environ["X"]`, which raises. It returns false when expr is not
// a lookup it can rewrite.
func fallbackFix(u *Unit, expr *sitter.Node, env string) (Fix, bool) {
	if expr == nil || !validLookupName(env) {
		return Fix{}, false
	}
	var edits []Edit
	switch u.Lang.Family() {
	case grammars.FamilyJS:
		left := grammars.Field(expr, "left")
		if left == nil {
			return Fix{}, false
		}
		lookup := u.Text(left)
		repl := lookup
		if u.Lang.IsTypeScript() {
			repl += "!"
		}
		edits = append(edits, Edit{Start: int(grammars.Start(expr)), End: int(grammars.End(expr)), NewText: repl})
		decl, variable := jsDeclaredBy(u, expr)
		if guard, ok := jsGuardAt(u, expr, decl, variable, lookup, env); ok {
			edits = append(edits, guard)
		}
	case grammars.FamilyPython:
		q := `"`
		if pyInsideDoubleQuotedFString(u, expr) {
			q = "'"
		}
		edits = append(edits, Edit{Start: int(grammars.Start(expr)), End: int(grammars.End(expr)), NewText: "os.environ[" + q + env + q + "]"})
		if imp, needed := pyImportOS(u); needed {
			edits = append(edits, imp)
		}
	default:
		return Fix{}, false
	}
	return Fix{
		Title:     "Remove the hardcoded fallback: require " + env + " from the environment",
		Edits:     edits,
		Preferred: true,
		Safe:      true,
		Env:       env,
	}, true
}
