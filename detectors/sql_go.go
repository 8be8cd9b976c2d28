package detectors

import (
	"regexp"
	"strings"

	"github.com/trustlint/trustlint/grammars"

	sitter "github.com/smacker/go-tree-sitter"
)

// goSQLMethods are the Go methods that run SQL text: database/sql
// (Query, QueryRow, Exec, Prepare and their Context forms), sqlx (Get,
// Select, Queryx, QueryRowx, MustExec, NamedExec, NamedQuery), pgx
// (Query, QueryRow, Exec with a context first) and gorm's Raw/Exec and
// the string conditions of Where/Or/Not/Having/Joins/Order/Group.
var goSQLMethods = map[string]sqlKind{
	"Query": sqlStatement, "QueryContext": sqlStatement, "QueryRow": sqlStatement, "QueryRowContext": sqlStatement,
	"Exec": sqlStatement, "ExecContext": sqlStatement, "Prepare": sqlStatement, "PrepareContext": sqlStatement,
	"Queryx": sqlStatement, "QueryxContext": sqlStatement, "QueryRowx": sqlStatement, "QueryRowxContext": sqlStatement,
	"Get": sqlStatement, "GetContext": sqlStatement, "Select": sqlStatement, "SelectContext": sqlStatement,
	"MustExec": sqlStatement, "MustExecContext": sqlStatement, "NamedExec": sqlStatement, "NamedQuery": sqlStatement,
	"Raw":   sqlStatement,
	"Where": sqlFragment, "Or": sqlFragment, "Not": sqlFragment, "Having": sqlFragment, "Joins": sqlFragment,
	"Order": sqlFragment, "Group": sqlFragment,
}

// goSQLSinks returns the SQL sinks of a Go call: the query argument is the
// first of the first three arguments that is built text (a context and a
// destination may come first).
func goSQLSinks(u *Unit, n *sitter.Node) []sqlSink {
	fn := grammars.Field(n, "function")
	args := grammars.Field(n, "arguments")
	if fn == nil || args == nil || grammars.Type(fn) != "selector_expression" {
		return nil
	}
	method := u.Text(grammars.Field(fn, "field"))
	kind, ok := goSQLMethods[method]
	if !ok {
		return nil
	}
	var out []sqlSink
	idx := 0
	for i := 0; i < int(grammars.NamedChildCount(args)) && idx < 3; i++ {
		a := grammars.NamedChildAt(args, i)
		if grammars.Type(a) == "comment" {
			continue
		}
		if kind == sqlFragment && idx > 0 {
			break
		}
		out = append(out, sqlSink{fn: fn, kind: kind, arg: a, args: args, call: n, method: method})
		idx++
	}
	return out
}

// goParts flattens a Go SQL-building expression.
func (c *sqlCtx) goParts(n *sitter.Node, before, depth int) ([]sqlPart, string) {
	if n == nil || depth > sqlMaxDepth {
		return nil, ""
	}
	switch grammars.Type(n) {
	case "parenthesized_expression":
		return c.goParts(grammars.NamedChildAt(n, 0), before, depth+1)
	case "binary_expression":
		if goOperator(c.u, n) != "+" {
			return nil, ""
		}
		left := c.partsOrHole(grammars.Field(n, "left"), before, depth)
		right := c.partsOrHole(grammars.Field(n, "right"), before, depth)
		return append(left, right...), "string concatenation"
	case "call_expression":
		fn := grammars.Field(n, "function")
		args := grammars.Field(n, "arguments")
		if fn == nil || args == nil {
			return nil, ""
		}
		if t := c.u.Text(fn); t != "fmt.Sprintf" {
			return nil, ""
		}
		var list []*sitter.Node
		for i := 0; i < int(grammars.NamedChildCount(args)); i++ {
			if a := grammars.NamedChildAt(args, i); grammars.Type(a) != "comment" {
				list = append(list, a)
			}
		}
		if len(list) < 2 || strings.HasSuffix(c.u.Text(args), "...)") {
			return nil, ""
		}
		lit, ok := ParseStringLit(c.u, list[0])
		if !ok {
			return nil, ""
		}
		ps, ok := formatParts(c.u, lit, list[1:], goVerbRE)
		if !ok {
			return nil, ""
		}
		return c.expandHoles(ps, before, depth), "fmt.Sprintf"
	case "identifier":
		return c.identParts(n, before, depth)
	}
	return nil, ""
}

// goVerbRE matches a fmt verb or an escaped percent sign.
var goVerbRE = regexp.MustCompile(`%%|%[-+# 0]*(\*|\d+)?(\.(\*|\d+)?)?(\[\d+\])?[a-zA-Z]`)

// formatParts splits a printf-style format literal into text and holes,
// one argument per verb; %% stays text. It fails when verbs and
// arguments do not pair up.
func formatParts(u *Unit, lit StringLit, args []*sitter.Node, verbRE *regexp.Regexp) ([]sqlPart, bool) {
	l := lit
	content := string(u.Src[lit.ContentStart:lit.ContentEnd])
	var out []sqlPart
	pos, ai := 0, 0
	for _, m := range verbRE.FindAllStringIndex(content, -1) {
		verb := content[m[0]:m[1]]
		if verb == "%%" {
			continue
		}
		if strings.ContainsAny(verb, "*[") || ai >= len(args) {
			return nil, false
		}
		if m[0] > pos {
			out = append(out, sqlPart{text: Span{lit.ContentStart + pos, lit.ContentStart + m[0]}, lit: &l})
		}
		out = append(out, sqlPart{hole: args[ai], verb: verb, text: Span{lit.ContentStart + m[0], lit.ContentStart + m[1]}})
		ai++
		pos = m[1]
	}
	if ai != len(args) {
		return nil, false
	}
	if pos < len(content) {
		out = append(out, sqlPart{text: Span{lit.ContentStart + pos, lit.ContentEnd}, lit: &l})
	}
	return out, true
}

// goAssignments collects the assignments to name in scope.
func goAssignments(u *Unit, scope *sitter.Node, name string) []sqlAssign {
	var out []sqlAssign
	for _, n := range sqlScopeNodes(u, scope, goAssignTypes) {
		switch grammars.Type(n) {
		case "short_var_declaration", "assignment_statement":
			left, right := grammars.Field(n, "left"), grammars.Field(n, "right")
			if left == nil || right == nil {
				continue
			}
			op := ":="
			if o := grammars.Field(n, "operator"); o != nil {
				op = u.Text(o)
			}
			for i := 0; i < int(grammars.NamedChildCount(left)); i++ {
				id := grammars.NamedChildAt(left, i)
				if grammars.Type(id) != "identifier" || u.Text(id) != name {
					continue
				}
				var v *sitter.Node
				if int(grammars.NamedChildCount(right)) == int(grammars.NamedChildCount(left)) {
					v = grammars.NamedChildAt(right, i)
				}
				switch {
				case op == "+=":
					out = append(out, sqlAssign{at: int(grammars.Start(n)), value: v, append: true, node: n})
				case op == ":=" || op == "=":
					if v != nil && grammars.Type(v) == "call_expression" && u.Text(grammars.Field(v, "function")) == "append" {
						// list = append(list, a, b)
						args := grammars.Field(v, "arguments")
						if args != nil && u.Text(firstArg(args)) == name && !strings.HasSuffix(u.Text(args), "...)") {
							for j := 1; j < int(grammars.NamedChildCount(args)); j++ {
								out = append(out, sqlAssign{at: int(grammars.Start(n)), value: grammars.NamedChildAt(args, j), list: true, node: n})
							}
							continue
						}
					}
					out = append(out, sqlAssign{at: int(grammars.Start(n)), value: v, node: n})
				default:
					out = append(out, sqlAssign{at: int(grammars.Start(n)), append: true, node: n})
				}
			}
		case "var_spec", "const_spec":
			var names []*sitter.Node
			for i := 0; i < int(grammars.ChildCount(n)); i++ {
				if n.FieldNameForChild(i) == "name" {
					names = append(names, grammars.ChildAt(n, i))
				}
			}
			value := grammars.Field(n, "value")
			for i, id := range names {
				if u.Text(id) != name {
					continue
				}
				var v *sitter.Node
				if value != nil && int(grammars.NamedChildCount(value)) == len(names) {
					v = grammars.NamedChildAt(value, i)
				}
				if v == nil && value == nil && grammars.Type(n) == "var_spec" {
					// var clauses []string: an empty list.
					continue
				}
				out = append(out, sqlAssign{at: int(grammars.Start(n)), value: v, konst: grammars.Type(n) == "const_spec", node: n})
			}
		}
	}
	return out
}

// goDriverStyles maps Go driver import paths to their placeholder style.
var goDriverStyles = []struct {
	prefix string
	style  sqlStyle
}{
	{"github.com/lib/pq", styleDollar},
	{"github.com/jackc/pgx", styleDollar},
	{"github.com/go-sql-driver/mysql", styleQuestion},
	{"github.com/mattn/go-sqlite3", styleQuestion},
	{"modernc.org/sqlite", styleQuestion},
	{"github.com/glebarez/go-sqlite", styleQuestion},
	{"gorm.io/gorm", styleQuestion},
	{"github.com/jinzhu/gorm", styleQuestion},
}

// goSQLStyle decides the placeholder style from the file's imports: gorm
// always uses ?, otherwise the one driver the file loads.
func goSQLStyle(u *Unit, s sqlSink) sqlStyle {
	imports := goImportPaths(u)
	for _, p := range imports {
		if strings.HasPrefix(p, "gorm.io/gorm") || strings.HasPrefix(p, "github.com/jinzhu/gorm") {
			return styleQuestion
		}
	}
	style := styleUnknown
	for _, p := range imports {
		for _, d := range goDriverStyles {
			if strings.HasPrefix(p, d.prefix) {
				if style != styleUnknown && style != d.style {
					return styleUnknown
				}
				style = d.style
			}
		}
	}
	if s.kind == sqlFragment {
		return styleUnknown
	}
	return style
}

// goImportPaths lists the file's import paths.
func goImportPaths(u *Unit) []string {
	var out []string
	for _, top := range u.topLevel() {
		c := top.Node
		if top.typ != "import_declaration" {
			continue
		}
		_ = walk(c, func(n *sitter.Node) error {
			if grammars.Type(n) == "import_spec" {
				if p := grammars.Field(n, "path"); p != nil {
					out = append(out, strings.Trim(u.Text(p), "\"`"))
				}
			}
			return nil
		})
	}
	return out
}
