package detectors

import (
	"strings"

	"github.com/trustlint/trustlint/grammars"

	sitter "github.com/smacker/go-tree-sitter"
)

// jsStatementLists are the node types whose children are statements.
var jsStatementLists = []string{"program", "statement_block", "switch_case", "switch_default"}

// envFixJS replaces the secret with process.env.NAME and adds a guard that
// throws when the variable is unset: after a const/let/var the literal
// initialised, otherwise before the enclosing statement. TypeScript gets a
// non-null assertion, justified by the guard, so declared types stay
// string.
func envFixJS(u *Unit, lit StringLit, secret Span, name string) ([]Edit, bool) {
	lookup := "process.env." + name
	n := lit.Node
	var edits []Edit
	switch {
	case wholeSecret(lit, secret):
		repl := lookup
		if u.Lang.IsTypeScript() {
			repl += "!"
		}
		if parentKind(u, n) == "jsx_attribute" {
			repl = "{" + repl + "}"
		}
		edits = append(edits, Edit{Start: lit.Start, End: lit.End, NewText: repl})
	case lit.Template:
		edits = append(edits, Edit{Start: secret.Start, End: secret.End, NewText: "${" + lookup + "}"})
	default:
		prefix := templateEscape(string(u.Src[lit.ContentStart:secret.Start]))
		suffix := templateEscape(string(u.Src[secret.End:lit.ContentEnd]))
		repl := "`" + prefix + "${" + lookup + "}" + suffix + "`"
		if parentKind(u, n) == "jsx_attribute" {
			repl = "{" + repl + "}"
		}
		edits = append(edits, Edit{Start: lit.Start, End: lit.End, NewText: repl})
	}
	if guard, ok := jsGuard(u, lit, secret, name); ok {
		edits = append(edits, guard)
	}
	return edits, true
}

// jsGuard builds the check that throws when NAME is unset.
func jsGuard(u *Unit, lit StringLit, secret Span, name string) (Edit, bool) {
	var decl *sitter.Node
	var variable string
	if wholeSecret(lit, secret) {
		decl, variable = jsDeclaredBy(u, lit.Node)
	}
	return jsGuardAt(u, lit.Node, decl, variable, "process.env."+name, name)
}

// jsGuardAt places the check that throws when lookup is empty: after the
// declaration decl of variable when there is one, else before the
// statement enclosing n.
func jsGuardAt(u *Unit, n, decl *sitter.Node, variable, lookup, name string) (Edit, bool) {
	if decl != nil {
		semi := jsSemicolon(u, decl)
		return insertAfter(u, decl, indentLines(u,
			"if (!"+variable+") {",
			">throw new Error(\""+name+" not configured\")"+semi,
			"}",
		)), true
	}
	stmt := enclosingStatement(u, n, jsStatementLists...)
	if stmt == nil || !isStatementType(grammars.Type(stmt)) {
		return Edit{}, false
	}
	semi := jsSemicolon(u, stmt)
	return insertBefore(u, stmt, indentLines(u,
		"if (!"+lookup+") {",
		">throw new Error(\""+name+" not configured\")"+semi,
		"}",
	))
}

// jsDeclaredBy returns the declaration statement and variable name when
// the expression n initialises a plain variable in a statement list.
func jsDeclaredBy(u *Unit, n *sitter.Node) (*sitter.Node, string) {
	declarator := parentOf(u, n)
	if declarator == nil || grammars.Type(declarator) != "variable_declarator" {
		return nil, ""
	}
	if v := grammars.Field(declarator, "value"); v == nil || grammars.Start(v) != grammars.Start(n) || grammars.End(v) != grammars.End(n) {
		return nil, ""
	}
	nameNode := grammars.Field(declarator, "name")
	if nameNode == nil || grammars.Type(nameNode) != "identifier" {
		return nil, ""
	}
	decl := parentOf(u, declarator)
	if decl == nil || (grammars.Type(decl) != "lexical_declaration" && grammars.Type(decl) != "variable_declaration") {
		return nil, ""
	}
	stmt := decl
	if p := parentOf(u, decl); p != nil && grammars.Type(p) == "export_statement" {
		stmt = p
	}
	parent := parentOf(u, stmt)
	if parent == nil {
		return nil, ""
	}
	for _, l := range jsStatementLists {
		if grammars.Type(parent) == l {
			return stmt, u.Text(nameNode)
		}
	}
	return nil, ""
}

// jsSemicolon returns ";" when the statement ends with one, so the guard
// follows the file's style.
func jsSemicolon(u *Unit, stmt *sitter.Node) string {
	if strings.HasSuffix(strings.TrimSpace(u.Text(stmt)), ";") {
		return ";"
	}
	if grammars.Type(stmt) == "class_declaration" || grammars.Type(stmt) == "function_declaration" || grammars.Type(stmt) == "export_statement" {
		return ";"
	}
	return ""
}

func isStatementType(t string) bool {
	return strings.HasSuffix(t, "_statement") || strings.HasSuffix(t, "_declaration")
}

// templateEscape makes text from a quoted string safe inside a template
// literal.
func templateEscape(s string) string {
	s = strings.ReplaceAll(s, "`", "\\`")
	return strings.ReplaceAll(s, "${", "\\${")
}
