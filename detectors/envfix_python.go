package detectors

import (
	"strings"

	"github.com/trustlint/trustlint/grammars"

	sitter "github.com/smacker/go-tree-sitter"
)

// pySafeParents are the node types in which a string literal can be
// replaced by a `+` concatenation without parentheses.
var pySafeParents = map[string]bool{
	"argument_list": true, "keyword_argument": true, "pair": true, "assignment": true,
	"expression_list": true, "list": true, "tuple": true, "set": true, "return_statement": true,
	"parenthesized_expression": true, "default_parameter": true, "typed_default_parameter": true,
	"augmented_assignment": true,
}

// envFixPython replaces the secret with os.environ["NAME"], which raises
// KeyError when the variable is unset, and adds `import os` when needed.
func envFixPython(u *Unit, lit StringLit, secret Span, name string) ([]Edit, bool) {
	n := lit.Node
	parent := parentKind(u, n)
	if parent == "concatenated_string" || parent == "expression_statement" {
		// Implicit concatenation or a bare string (a docstring): no
		// expression can take the literal's place.
		return nil, false
	}
	q := `"`
	if pyInsideDoubleQuotedFString(u, n) {
		// Before Python 3.12 an f-string's expression cannot reuse its
		// quote character.
		q = "'"
	}
	lookup := "os.environ[" + q + name + q + "]"
	var edit Edit
	switch {
	case wholeSecret(lit, secret):
		repl := lookup
		if lit.Bytes {
			repl += ".encode()"
		}
		edit = Edit{Start: lit.Start, End: lit.End, NewText: repl}
	case lit.Template:
		q := "'"
		if strings.HasPrefix(lit.Open, "'") {
			q = `"`
		}
		edit = Edit{Start: secret.Start, End: secret.End, NewText: "{os.environ[" + q + name + q + "]}"}
	default:
		prefixLetters := string(u.Src[lit.Start : lit.ContentStart-len(lit.Open)])
		before := string(u.Src[lit.ContentStart:secret.Start])
		after := string(u.Src[secret.End:lit.ContentEnd])
		if lit.Raw && strings.HasSuffix(before, `\`) {
			return nil, false
		}
		env := lookup
		if lit.Bytes {
			env += ".encode()"
		}
		var parts []string
		if before != "" {
			parts = append(parts, prefixLetters+lit.Open+before+lit.Close)
		}
		parts = append(parts, env)
		if after != "" {
			parts = append(parts, prefixLetters+lit.Open+after+lit.Close)
		}
		repl := strings.Join(parts, " + ")
		if len(parts) > 1 && !pySafeParents[parent] && !(parent == "binary_operator" && pyOperator(u, parentOf(u, n)) == "+") {
			repl = "(" + repl + ")"
		}
		edit = Edit{Start: lit.Start, End: lit.End, NewText: repl}
	}
	edits := []Edit{edit}
	if imp, needed := pyImportOS(u); needed {
		edits = append(edits, imp)
	}
	return edits, true
}

// pyInsideDoubleQuotedFString reports whether n sits in an interpolation
// of an f-string delimited by double quotes.
func pyInsideDoubleQuotedFString(u *Unit, n *sitter.Node) bool {
	cur := parentOf(u, n)
	for steps := 0; cur != nil && steps < maxClimb; steps++ {
		if grammars.Type(cur) == "interpolation" {
			if outer, ok := ParseStringLit(u, parentOf(u, cur)); ok {
				return strings.HasPrefix(outer.Open, `"`)
			}
			return false
		}
		cur = parentOf(u, cur)
	}
	return false
}

// pyOperator returns the operator token of a binary_operator node.
func pyOperator(u *Unit, n *sitter.Node) string {
	if n == nil {
		return ""
	}
	if op := grammars.Field(n, "operator"); op != nil {
		return u.Text(op)
	}
	return ""
}

// pyImportOS returns the edit adding `import os`, or false when the module
// already imports it.
func pyImportOS(u *Unit) (Edit, bool) { return pyImportModule(u, "os") }

// pyImportModule returns the edit adding `import <mod>` for a top-level
// module, placed in the first run of plain imports in sorted order, or
// false when the module already imports it.
func pyImportModule(u *Unit, mod string) (Edit, bool) {
	nl := u.Newline()
	var plain, from, future []*sitter.Node
	var first *sitter.Node
	for _, top := range u.topLevel() {
		c := top.Node
		if first == nil && top.typ != "comment" {
			first = c
		}
		switch top.typ {
		case "import_statement":
			for j := 0; j < int(grammars.NamedChildCount(c)); j++ {
				name := grammars.NamedChildAt(c, j)
				if grammars.Type(name) == "dotted_name" && (u.Text(name) == mod || strings.HasPrefix(u.Text(name), mod+".")) {
					return Edit{}, false
				}
			}
			plain = append(plain, c)
		case "import_from_statement":
			from = append(from, c)
		case "future_import_statement":
			future = append(future, c)
		}
	}
	switch {
	case len(plain) > 0:
		// Keep the first run of plain imports sorted.
		run := []*sitter.Node{plain[0]}
		for _, p := range plain[1:] {
			last := run[len(run)-1]
			if u.Line(int(grammars.Start(p))) != u.Line(int(grammars.End(last)))+1 {
				break
			}
			run = append(run, p)
		}
		for _, p := range run {
			if m := pyFirstModule(u, p); m > mod && startsLine(u, int(grammars.Start(p))) {
				at := int(grammars.Start(p))
				return Edit{Start: at, End: at, NewText: "import " + mod + nl + u.Indent(at)}, true
			}
		}
		at := int(grammars.End(run[len(run)-1]))
		return Edit{Start: at, End: at, NewText: nl + "import " + mod}, true
	case len(from) > 0:
		at := int(grammars.Start(from[0]))
		return Edit{Start: at, End: at, NewText: "import " + mod + nl}, true
	case len(future) > 0:
		at := int(grammars.End(future[len(future)-1]))
		return Edit{Start: at, End: at, NewText: nl + "import " + mod}, true
	case first != nil && grammars.Type(first) == "expression_statement" && grammars.NamedChildCount(first) == 1 && grammars.Type(grammars.NamedChildAt(first, 0)) == "string":
		at := int(grammars.End(first))
		return Edit{Start: at, End: at, NewText: nl + nl + "import " + mod}, true
	case first != nil:
		at := u.LineStart(int(grammars.Start(first)))
		return Edit{Start: at, End: at, NewText: "import " + mod + nl + nl}, true
	}
	return Edit{Start: len(u.Src), End: len(u.Src), NewText: "import " + mod + nl}, true
}

// pyFirstModule returns the first module an import statement names.
func pyFirstModule(u *Unit, n *sitter.Node) string {
	if grammars.NamedChildCount(n) == 0 {
		return ""
	}
	c := grammars.NamedChildAt(n, 0)
	if grammars.Type(c) == "aliased_import" {
		if name := grammars.Field(c, "name"); name != nil {
			return u.Text(name)
		}
	}
	return u.Text(c)
}
