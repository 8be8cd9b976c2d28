package detectors

import (
	"sort"
	"strings"

	"github.com/trustlint/trustlint/grammars"

	sitter "github.com/smacker/go-tree-sitter"
)

// goStatementLists are the node types whose children are statements.
var goStatementLists = []string{"block", "expression_case", "default_case", "type_case", "communication_case", "source_file"}

// goSafeParents are the node types in which a string literal can become a
// `+` concatenation without parentheses.
var goSafeParents = map[string]bool{
	"argument_list": true, "expression_list": true, "literal_element": true,
	"keyed_element": true, "parenthesized_expression": true,
}

// envFixGo replaces the secret with os.Getenv("NAME"), adds the "os" import,
// turns a const into a var, and adds a check that fails loudly when the
// variable is unset: an error return where the function returns one, a
// panic in a func init at package level, a panic otherwise.
func envFixGo(u *Unit, lit StringLit, secret Span, name string) ([]Edit, bool) {
	lookup := `os.Getenv("` + name + `")`
	n := lit.Node
	repl := lookup
	if !wholeSecret(lit, secret) {
		before := string(u.Src[lit.ContentStart:secret.Start])
		after := string(u.Src[secret.End:lit.ContentEnd])
		var parts []string
		if before != "" {
			parts = append(parts, lit.Open+before+lit.Close)
		}
		parts = append(parts, lookup)
		if after != "" {
			parts = append(parts, lit.Open+after+lit.Close)
		}
		repl = strings.Join(parts, " + ")
		p := parentOf(u, n)
		if len(parts) > 1 && !goSafeParents[parentKind(u, n)] && !(p != nil && grammars.Type(p) == "binary_expression" && goOperator(u, p) == "+") {
			repl = "(" + repl + ")"
		}
	}
	imports := []string{"os"}
	var edits []Edit
	var guardAfter *sitter.Node // statement or declaration the guard follows
	variable := ""              // the variable holding the value, if any

	spec, decl := goEnclosingSpec(u, n)
	switch {
	case spec != nil && grammars.Type(decl) == "const_declaration":
		moved, ok := goConstToVar(u, lit, spec, decl, repl)
		if !ok {
			return nil, false
		}
		edits = append(edits, moved...)
		guardAfter = decl
	default:
		edits = append(edits, Edit{Start: lit.Start, End: lit.End, NewText: repl})
		if spec != nil {
			guardAfter = decl
		}
	}
	if wholeSecret(lit, secret) {
		variable = goAssignedVariable(u, n)
	}
	if stmt := goShortVarStatement(u, n); stmt != nil && variable != "" {
		guardAfter = stmt
	}
	check := `os.Getenv("` + name + `") == ""`
	if variable != "" {
		check = variable + ` == ""`
	}
	msg := `"` + name + ` not configured"`

	switch {
	case guardAfter != nil && parentKind(u, guardAfter) == "source_file":
		lines := indentLines(u, "", "func init() {", ">if "+check+" {", ">>panic("+msg+")", ">}", "}")
		edits = append(edits, goInsertAfterDecl(u, guardAfter, lines))
	case guardAfter != nil && variable != "":
		ret, extra := goFailure(u, n, msg)
		imports = append(imports, extra...)
		edits = append(edits, insertAfter(u, guardAfter, indentLines(u, "if "+check+" {", ">"+ret, "}")))
	default:
		stmt := enclosingStatement(u, n, goStatementLists...)
		if stmt != nil && parentKind(u, stmt) == "source_file" {
			lines := indentLines(u, "", "func init() {", ">if "+check+" {", ">>panic("+msg+")", ">}", "}")
			edits = append(edits, goInsertAfterDecl(u, stmt, lines))
		} else if stmt != nil {
			ret, extra := goFailure(u, n, msg)
			if e, ok := insertBefore(u, stmt, indentLines(u, "if "+check+" {", ">"+ret, "}")); ok {
				imports = append(imports, extra...)
				edits = append(edits, e)
			}
		}
	}
	edits = append(edits, goAddImports(u, imports)...)
	return goFormatted(u, edits)
}

// goInsertAfterDecl inserts lines after a top-level declaration, after a
// const block that the same fix moves a spec out of as well.
func goInsertAfterDecl(u *Unit, decl *sitter.Node, lines []string) Edit {
	return insertAfter(u, decl, lines)
}

// goOperator returns a binary_expression's operator.
func goOperator(u *Unit, n *sitter.Node) string {
	if op := grammars.Field(n, "operator"); op != nil {
		return u.Text(op)
	}
	return ""
}

// goEnclosingSpec returns the const_spec or var_spec whose value holds n,
// and its declaration.
func goEnclosingSpec(u *Unit, n *sitter.Node) (spec, decl *sitter.Node) {
	list := parentOf(u, n)
	if list == nil || grammars.Type(list) != "expression_list" {
		return nil, nil
	}
	spec = parentOf(u, list)
	if spec == nil || (grammars.Type(spec) != "const_spec" && grammars.Type(spec) != "var_spec") {
		return nil, nil
	}
	if v := grammars.Field(spec, "value"); v == nil || grammars.Start(v) != grammars.Start(list) {
		return nil, nil
	}
	decl = parentOf(u, spec)
	if decl != nil && grammars.Type(decl) == "var_spec_list" {
		decl = parentOf(u, decl)
	}
	if decl == nil || (grammars.Type(decl) != "const_declaration" && grammars.Type(decl) != "var_declaration") {
		return nil, nil
	}
	return spec, decl
}

// goAssignedVariable returns the single variable a literal initialises
// (`x := "…"`, `var x = "…"`, `const x = "…"`).
func goAssignedVariable(u *Unit, n *sitter.Node) string {
	list := parentOf(u, n)
	if list == nil || grammars.Type(list) != "expression_list" || grammars.NamedChildCount(list) != 1 {
		return ""
	}
	holder := parentOf(u, list)
	if holder == nil {
		return ""
	}
	switch grammars.Type(holder) {
	case "const_spec", "var_spec":
		names := 0
		var last *sitter.Node
		for i := 0; i < int(grammars.NamedChildCount(holder)); i++ {
			if holder.FieldNameForChild(childIndex(holder, grammars.NamedChildAt(holder, i))) == "name" {
				names++
				last = grammars.NamedChildAt(holder, i)
			}
		}
		if names == 1 && last != nil && u.Text(last) != "_" {
			return u.Text(last)
		}
	case "short_var_declaration":
		left := grammars.Field(holder, "left")
		if left != nil && grammars.NamedChildCount(left) == 1 && grammars.Type(grammars.NamedChildAt(left, 0)) == "identifier" {
			if v := u.Text(grammars.NamedChildAt(left, 0)); v != "_" {
				return v
			}
		}
	}
	return ""
}

// childIndex returns the index of named child c among all children of n.
func childIndex(n, c *sitter.Node) int {
	for i := 0; i < int(grammars.ChildCount(n)); i++ {
		if ch := grammars.ChildAt(n, i); ch != nil && grammars.Start(ch) == grammars.Start(c) && grammars.End(ch) == grammars.End(c) && grammars.Type(ch) == grammars.Type(c) {
			return i
		}
	}
	return -1
}

// goShortVarStatement returns the short variable declaration (in a
// statement list) whose right side is the literal alone.
func goShortVarStatement(u *Unit, n *sitter.Node) *sitter.Node {
	list := parentOf(u, n)
	if list == nil || grammars.Type(list) != "expression_list" {
		return nil
	}
	stmt := parentOf(u, list)
	if stmt == nil || grammars.Type(stmt) != "short_var_declaration" {
		return nil
	}
	if p := parentKind(u, stmt); p == "block" || strings.HasSuffix(p, "_case") {
		return stmt
	}
	return nil
}

// goConstToVar rewrites the const declaration holding the literal as a var
// declaration, since a function call cannot initialise a constant. A lone
// spec changes its keyword; a spec in a group moves out into a var below the
// group. It refuses when another constant refers to the name, when the next
// spec repeats this one implicitly, or when the group uses iota.
func goConstToVar(u *Unit, lit StringLit, spec, decl *sitter.Node, repl string) ([]Edit, bool) {
	var names []string
	for i := 0; i < int(grammars.ChildCount(spec)); i++ {
		if spec.FieldNameForChild(i) == "name" {
			names = append(names, u.Text(grammars.ChildAt(spec, i)))
		}
	}
	if goConstReferenced(u, decl, spec, names) {
		return nil, false
	}
	var specs []*sitter.Node
	for i := 0; i < int(grammars.NamedChildCount(decl)); i++ {
		if c := grammars.NamedChildAt(decl, i); grammars.Type(c) == "const_spec" {
			specs = append(specs, c)
		}
	}
	if len(specs) == 1 {
		kw := grammars.ChildAt(decl, 0)
		if kw == nil || grammars.Type(kw) != "const" {
			return nil, false
		}
		return []Edit{
			{Start: int(grammars.Start(kw)), End: int(grammars.End(kw)), NewText: "var"},
			{Start: lit.Start, End: lit.End, NewText: repl},
		}, true
	}
	if strings.Contains(u.Text(decl), "iota") {
		return nil, false
	}
	for i, s := range specs {
		if grammars.Start(s) == grammars.Start(spec) && i+1 < len(specs) && grammars.Field(specs[i+1], "value") == nil {
			return nil, false
		}
	}
	specText := string(u.Src[grammars.Start(spec):lit.Start]) + repl + string(u.Src[lit.End:grammars.End(spec)])
	lineStart := u.LineStart(int(grammars.Start(spec)))
	lineEnd := u.LineEnd(int(grammars.End(spec)))
	if strings.TrimSpace(string(u.Src[lineStart:grammars.Start(spec)])) != "" {
		return nil, false
	}
	// Remove the spec's lines, terminator included.
	cut := lineEnd
	if cut < len(u.Src) && u.Src[cut] == '\r' {
		cut++
	}
	if cut < len(u.Src) && u.Src[cut] == '\n' {
		cut++
	}
	trailing := strings.TrimSpace(string(u.Src[grammars.End(spec):lineEnd]))
	if trailing != "" && !strings.HasPrefix(trailing, "//") {
		return nil, false
	}
	if trailing != "" {
		specText += " " + trailing
	}
	nl := u.Newline()
	end := int(grammars.End(decl))
	return []Edit{
		{Start: lineStart, End: cut, NewText: ""},
		{Start: end, End: end, NewText: nl + nl + "var " + specText},
	}, true
}

// goConstReferenced reports whether a constant declaration other than spec
// uses one of names, which a var could not satisfy.
func goConstReferenced(u *Unit, decl, spec *sitter.Node, names []string) bool {
	found := false
	_ = walk(u.Tree.RootNode(), func(n *sitter.Node) error {
		if found || grammars.Type(n) != "const_spec" || grammars.Start(n) == grammars.Start(spec) {
			return nil
		}
		v := grammars.Field(n, "value")
		if v == nil {
			return nil
		}
		text := u.Text(v)
		for _, name := range names {
			if containsIdent(text, name) {
				found = true
			}
		}
		return nil
	})
	return found
}

// containsIdent reports whether ident occurs in text as a whole word.
func containsIdent(text, ident string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], ident)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(ident)
		if (start == 0 || !isIdentByte(text[start-1])) && (end == len(text) || !isIdentByte(text[end])) {
			return true
		}
		i = end
	}
}

// isIdentByte reports whether b is an ASCII letter, digit or underscore
// (an identifier byte; also what RE2's \w and \b call a word character).
func isIdentByte(b byte) bool {
	return b == '_' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
}

// goFailure returns the statement that reports the missing variable inside
// the function enclosing n: a return of zero values and an error when the
// function's last result is error and every other result has a zero value
// spelled without knowing its declaration, a panic otherwise. The second
// result lists the imports the statement needs.
func goFailure(u *Unit, n *sitter.Node, msg string) (string, []string) {
	fn := parentOf(u, n)
	for steps := 0; fn != nil && grammars.Type(fn) != "function_declaration" && grammars.Type(fn) != "method_declaration" && grammars.Type(fn) != "func_literal"; steps++ {
		if steps >= maxClimb {
			fn = nil
			break
		}
		fn = parentOf(u, fn)
	}
	if fn == nil {
		return "panic(" + msg + ")", nil
	}
	result := grammars.Field(fn, "result")
	if result == nil {
		return "panic(" + msg + ")", nil
	}
	var types []string
	if grammars.Type(result) == "parameter_list" {
		for i := 0; i < int(grammars.NamedChildCount(result)); i++ {
			p := grammars.NamedChildAt(result, i)
			if grammars.Type(p) != "parameter_declaration" {
				return "panic(" + msg + ")", nil
			}
			t := grammars.Field(p, "type")
			count := 0
			for j := 0; j < int(grammars.ChildCount(p)); j++ {
				if p.FieldNameForChild(j) == "name" {
					count++
				}
			}
			if count == 0 {
				count = 1
			}
			for k := 0; k < count; k++ {
				types = append(types, u.Text(t))
			}
		}
	} else {
		types = []string{u.Text(result)}
	}
	if len(types) == 0 || types[len(types)-1] != "error" {
		return "panic(" + msg + ")", nil
	}
	var zeros []string
	for _, t := range types[:len(types)-1] {
		z, ok := goZero(t)
		if !ok {
			return "panic(" + msg + ")", nil
		}
		zeros = append(zeros, z)
	}
	zeros = append(zeros, "errors.New("+msg+")")
	return "return " + strings.Join(zeros, ", "), []string{"errors"}
}

// goZero spells the zero value of a type written as t, when that needs no
// knowledge of t's declaration.
func goZero(t string) (string, bool) {
	switch t {
	case "string":
		return `""`, true
	case "bool":
		return "false", true
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
		"uintptr", "byte", "rune", "float32", "float64", "complex64", "complex128":
		return "0", true
	case "error", "any", "interface{}":
		return "nil", true
	}
	for _, p := range []string{"*", "[]", "map[", "chan ", "<-chan", "func("} {
		if strings.HasPrefix(t, p) {
			return "nil", true
		}
	}
	return "", false
}

// goAddImports returns the edits adding the standard-library packages in
// paths that the file does not import yet, keeping gofmt's grouping.
func goAddImports(u *Unit, paths []string) []Edit {
	have := map[string]bool{}
	var decls []*sitter.Node
	var pkg *sitter.Node
	for _, top := range u.topLevel() {
		c := top.Node
		switch top.typ {
		case "package_clause":
			pkg = c
		case "import_declaration":
			decls = append(decls, c)
			_ = walk(c, func(n *sitter.Node) error {
				if grammars.Type(n) == "import_spec" && grammars.Field(n, "name") == nil {
					if p := grammars.Field(n, "path"); p != nil {
						have[strings.Trim(u.Text(p), "\"`")] = true
					}
				}
				return nil
			})
		}
	}
	var missing []string
	seen := map[string]bool{}
	for _, p := range paths {
		if !have[p] && !seen[p] {
			missing = append(missing, p)
			seen[p] = true
		}
	}
	if len(missing) == 0 {
		return nil
	}
	sort.Strings(missing)
	nl := u.Newline()
	quoted := func(p string) string { return `"` + p + `"` }
	if len(decls) == 0 {
		if pkg == nil {
			return nil
		}
		at := int(grammars.End(pkg))
		if len(missing) == 1 {
			return []Edit{{Start: at, End: at, NewText: nl + nl + "import " + quoted(missing[0])}}
		}
		text := nl + nl + "import (" + nl
		for _, p := range missing {
			text += "\t" + quoted(p) + nl
		}
		return []Edit{{Start: at, End: at, NewText: text + ")"}}
	}
	d := decls[0]
	var specs []*sitter.Node
	var list *sitter.Node
	for i := 0; i < int(grammars.NamedChildCount(d)); i++ {
		c := grammars.NamedChildAt(d, i)
		if grammars.Type(c) == "import_spec_list" {
			list = c
			for j := 0; j < int(grammars.NamedChildCount(c)); j++ {
				if s := grammars.NamedChildAt(c, j); grammars.Type(s) == "import_spec" {
					specs = append(specs, s)
				}
			}
		} else if grammars.Type(c) == "import_spec" {
			specs = append(specs, c)
		}
	}
	if len(specs) == 0 {
		return nil
	}
	if list == nil {
		// import "fmt"  →  import ( "fmt" "os" ) in gofmt layout.
		only := specs[0]
		existing := u.Text(only)
		lines := []string{}
		pathOf := func(s string) string { return strings.Trim(s, "\"`") }
		if isStdlib(pathOf(u.Text(grammars.Field(only, "path")))) {
			all := append([]string{}, missing...)
			entries := map[string]string{}
			for _, p := range missing {
				entries[p] = quoted(p)
			}
			op := pathOf(u.Text(grammars.Field(only, "path")))
			all = append(all, op)
			entries[op] = existing
			sort.Strings(all)
			for _, p := range all {
				lines = append(lines, "\t"+entries[p])
			}
		} else {
			for _, p := range missing {
				lines = append(lines, "\t"+quoted(p))
			}
			lines = append(lines, "", "\t"+existing)
		}
		return []Edit{{Start: int(grammars.Start(d)), End: int(grammars.End(d)), NewText: "import (" + nl + strings.Join(lines, nl) + nl + ")"}}
	}
	// Find the first run of standard-library specs (runs are separated by
	// blank lines, as gofmt sorts each run on its own).
	var run []*sitter.Node
	for i, s := range specs {
		if i > 0 && u.Line(int(grammars.Start(s))) > u.Line(int(grammars.End(specs[i-1])))+1 {
			if len(run) > 0 && allStdlib(u, run) {
				break
			}
			run = nil
		}
		run = append(run, s)
	}
	indent := u.Indent(int(grammars.Start(specs[0])))
	if len(run) == 0 || !allStdlib(u, run) || !startsLine(u, int(grammars.Start(specs[0]))) {
		at := u.LineStart(int(grammars.Start(specs[0])))
		text := ""
		for _, p := range missing {
			text += indent + quoted(p) + nl
		}
		return []Edit{{Start: at, End: at, NewText: text + nl}}
	}
	var edits []Edit
	for _, p := range missing {
		placed := false
		for _, s := range run {
			if specPath(u, s) > p && startsLine(u, int(grammars.Start(s))) {
				at := u.LineStart(int(grammars.Start(s)))
				edits = append(edits, Edit{Start: at, End: at, NewText: indent + quoted(p) + nl})
				placed = true
				break
			}
		}
		if !placed {
			at := u.LineEnd(int(grammars.End(run[len(run)-1])))
			edits = append(edits, Edit{Start: at, End: at, NewText: nl + indent + quoted(p)})
		}
	}
	return edits
}

func specPath(u *Unit, s *sitter.Node) string {
	p := grammars.Field(s, "path")
	if p == nil {
		return ""
	}
	return strings.Trim(u.Text(p), "\"`")
}

func allStdlib(u *Unit, specs []*sitter.Node) bool {
	for _, s := range specs {
		if !isStdlib(specPath(u, s)) {
			return false
		}
	}
	return true
}

// isStdlib reports whether an import path belongs to the standard library
// (its first element has no dot).
func isStdlib(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}
