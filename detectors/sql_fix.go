package detectors

import (
	"regexp"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// sqlStyleFor returns the placeholder style of a sink's driver, decided
// from the file's imports, or styleUnknown.
func sqlStyleFor(u *Unit, s sqlSink) sqlStyle {
	switch u.Lang.Family() {
	case grammars.FamilyJS:
		return jsSQLStyle(u, s)
	case grammars.FamilyGo:
		return goSQLStyle(u, s)
	case grammars.FamilyPython:
		return pySQLStyle(u, s)
	}
	return styleUnknown
}

// sqlValueBeforeRE matches SQL text that ends where a value is expected.
var sqlValueBeforeRE = regexp.MustCompile(`(?i)(=|<|>|\blike|\blimit|\boffset)\s*$`)

// sqlListBeforeRE matches text ending inside a VALUES list.
var sqlListBeforeRE = regexp.MustCompile(`(?is)\bvalues\s*\((.*[,(])?\s*$`)

// sqlFixMethods are, per family, the sink methods whose parameters the fix
// knows how to pass, with how: "array" (a values array after the query),
// "spread" (values as further arguments) or "tuple" (a Python tuple).
var sqlFixMethods = map[grammars.Family]map[string]string{
	grammars.FamilyJS: {"query": "array", "execute": "array", "run": "array", "all": "array", "get": "array",
		"each": "array", "raw": "array", "$queryRawUnsafe": "spread", "$executeRawUnsafe": "spread"},
	grammars.FamilyGo: {"Query": "spread", "QueryContext": "spread", "QueryRow": "spread", "QueryRowContext": "spread",
		"Exec": "spread", "ExecContext": "spread", "Queryx": "spread", "QueryxContext": "spread", "QueryRowx": "spread",
		"QueryRowxContext": "spread", "Get": "spread", "GetContext": "spread", "Select": "spread", "SelectContext": "spread",
		"MustExec": "spread", "MustExecContext": "spread", "Raw": "spread", "Where": "spread", "Or": "spread", "Not": "spread", "Having": "spread"},
	grammars.FamilyPython: {"execute": "tuple", "raw": "tuple", "fetch": "spread", "fetchrow": "spread", "fetchval": "spread"},
}

// sqlFix rewrites the built query as a parameterized one: the spliced
// values become bound parameters in the driver's placeholder style and
// are passed after the query. It is only offered when every value sits
// where SQL expects a value (after =, <, >, LIKE, LIMIT, OFFSET or in a
// VALUES list), quotes around a value can be dropped, and the call's
// parameter argument is free.
func sqlFix(u *Unit, s sqlSink, b sqlBuilt, style sqlStyle) (Fix, bool) {
	pass := sqlFixMethods[u.Lang.Family()][s.method]
	if style == styleUnknown || !b.fixable || pass == "" || b.expr == nil {
		return Fix{}, false
	}
	if !sqlCallTakesParams(u, s, pass) {
		return Fix{}, false
	}
	start, end := int(grammars.Start(b.expr)), int(grammars.End(b.expr))
	var first *StringLit
	for _, p := range b.parts {
		if p.hole == nil && (p.text.Start < start || p.text.End > end) {
			return Fix{}, false
		}
		if p.hole != nil && (int(grammars.Start(p.hole)) < start || int(grammars.End(p.hole)) > end) {
			return Fix{}, false
		}
		if p.lit != nil {
			if first == nil {
				first = p.lit
			} else if p.lit.Open != first.Open || p.lit.Raw != first.Raw || p.lit.Bytes != first.Bytes {
				return Fix{}, false
			}
		}
	}
	if first == nil {
		return Fix{}, false
	}
	texts := make([]string, len(b.parts))
	for i, p := range b.parts {
		if p.hole == nil {
			texts[i] = sqlUnescape(u, p)
		}
	}
	var values []string
	for i, p := range b.parts {
		if p.hole == nil {
			continue
		}
		if !sqlHoleFixable(u, p) {
			return Fix{}, false
		}
		prev, next := "", ""
		if i > 0 && b.parts[i-1].hole == nil {
			prev = texts[i-1]
		} else if i > 0 {
			return Fix{}, false
		}
		if i+1 < len(b.parts) && b.parts[i+1].hole == nil {
			next = texts[i+1]
		} else if i+1 < len(b.parts) {
			return Fix{}, false
		}
		quotedBefore, quotedAfter := strings.HasSuffix(prev, "'"), strings.HasPrefix(next, "'")
		if quotedBefore != quotedAfter || strings.HasSuffix(prev, "\\'") {
			return Fix{}, false
		}
		if quotedBefore {
			prev, next = prev[:len(prev)-1], next[1:]
		}
		if strings.HasSuffix(prev, "%") || strings.HasPrefix(next, "%") {
			return Fix{}, false
		}
		before := prev
		if i > 0 {
			before = strings.Join(texts[:i-1], "") + prev
		}
		if !sqlValueBeforeRE.MatchString(prev) && !sqlListBeforeRE.MatchString(before) {
			return Fix{}, false
		}
		if next != "" && !strings.ContainsAny(next[:1], " \t\r\n),;") && !strings.HasPrefix(next, "\\n") {
			return Fix{}, false
		}
		if i > 0 {
			texts[i-1] = prev
		}
		if i+1 < len(b.parts) {
			texts[i+1] = next
		}
		values = append(values, sqlParamText(u, p.hole))
		texts[i] = style.placeholder(len(values))
	}
	if len(values) == 0 {
		return Fix{}, false
	}
	body := strings.Join(texts, "")
	if style == styleFormat {
		body = escapePercent(body)
	}
	prefix := strings.ReplaceAll(strings.ReplaceAll(string(u.Src[first.Start:first.ContentStart-len(first.Open)]), "f", ""), "F", "")
	literal := prefix + first.Open + body + first.Close
	if first.Open == "`" && u.Lang.Family() == grammars.FamilyJS && strings.Contains(body, "${") {
		return Fix{}, false
	}
	edits := []Edit{{Start: start, End: end, NewText: literal}}
	argEnd := int(grammars.End(s.arg))
	var params string
	switch pass {
	case "array":
		params = ", [" + strings.Join(values, ", ") + "]"
	case "spread":
		params = ", " + strings.Join(values, ", ")
	case "tuple":
		if len(values) == 1 {
			params = ", (" + values[0] + ",)"
		} else {
			params = ", (" + strings.Join(values, ", ") + ")"
		}
	}
	edits = append(edits, Edit{Start: argEnd, End: argEnd, NewText: params})
	if u.Lang == grammars.Go {
		if grammars.Type(b.expr) == "call_expression" {
			edits = append(edits, goRemoveUnusedImport(u, "fmt", b.expr)...)
		}
		var ok bool
		if edits, ok = goFormatted(u, edits); !ok {
			return Fix{}, false
		}
	}
	return Fix{
		Title:     "Use a parameterized query (" + style.placeholder(1) + " placeholders, values passed separately)",
		Edits:     edits,
		Preferred: true,
		Safe:      true,
	}, true
}

// pyFieldNameRE matches a str.format field name: empty, an index or a
// keyword.
var pyFieldNameRE = regexp.MustCompile(`^\w*$`)

// sqlParamText returns the parameter to pass for a hole: the value itself,
// without a conversion to text the driver does not need
// (fmt.Sprint(id), strconv.Itoa(n), String(id), str(id)).
func sqlParamText(u *Unit, hole *sitter.Node) string {
	if grammars.Type(hole) == "call_expression" || grammars.Type(hole) == "call" {
		fn := grammars.Field(hole, "function")
		args := grammars.Field(hole, "arguments")
		if fn != nil && args != nil && argCount(args) == 1 {
			switch u.Text(fn) {
			case "fmt.Sprint", "strconv.Itoa", "String", "str":
				if a := firstArg(args); a != nil && grammars.Type(a) != "spread_element" && grammars.Type(a) != "list_splat" {
					return strings.TrimSpace(u.Text(a))
				}
			}
		}
	}
	return strings.TrimSpace(u.Text(hole))
}

// jsCallbackNameRE matches the usual names of a Node-style callback.
var jsCallbackNameRE = regexp.MustCompile(`^(cb|callback|done|next|handler|fn|onResult|onRows)$`)

// sqlCallTakesParams reports whether the call has room for parameters
// right after the query argument.
func sqlCallTakesParams(u *Unit, s sqlSink, pass string) bool {
	var after []*sitter.Node
	seen := false
	for i := 0; i < int(grammars.NamedChildCount(s.args)); i++ {
		a := grammars.NamedChildAt(s.args, i)
		if grammars.Type(a) == "comment" {
			continue
		}
		if sameNode(a, s.arg) {
			seen = true
			continue
		}
		if seen {
			after = append(after, a)
		}
	}
	if !seen {
		return false
	}
	switch u.Lang.Family() {
	case grammars.FamilyJS:
		// db.query(sql) or db.query(sql, (err, rows) => …).
		if len(after) == 0 {
			return true
		}
		if len(after) == 1 && pass == "array" {
			switch grammars.Type(after[0]) {
			case "arrow_function", "function_expression", "function":
				return true
			case "identifier":
				return jsCallbackNameRE.MatchString(u.Text(after[0]))
			}
		}
		return false
	case grammars.FamilyGo:
		return len(after) == 0 && !strings.HasSuffix(u.Text(s.args), "...)")
	case grammars.FamilyPython:
		return len(after) == 0
	}
	return false
}

// sqlHoleFixable reports whether a hole is a plain value the fix can pass
// as a parameter: no format flags, conversions or debug specifiers.
func sqlHoleFixable(u *Unit, p sqlPart) bool {
	switch p.verb {
	case "", "%s", "%d", "%v", "%i":
	case "{}":
		if u.Lang == grammars.Python {
			// f-string {x} or str.format {}, {0}, {name}: nothing but
			// the expression (or the field name) between the braces.
			t := string(u.Src[p.text.Start:p.text.End])
			inner := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(t, "{"), "}"))
			if inner != strings.TrimSpace(u.Text(p.hole)) && !pyFieldNameRE.MatchString(inner) {
				return false
			}
		}
	default:
		if !(strings.HasPrefix(p.verb, "%(") && strings.HasSuffix(p.verb, ")s")) {
			return false
		}
	}
	switch grammars.Type(p.hole) {
	case "spread_element", "list_splat", "dictionary_splat", "variadic_argument", "yield", "await":
		return false
	}
	return true
}

// sqlUnescape returns a text part's SQL as it must appear in the new
// literal: doubled braces of f-strings and str.format undone, %% of
// fmt.Sprintf and %-formatting undone.
func sqlUnescape(u *Unit, p sqlPart) string {
	t := string(u.Src[p.text.Start:p.text.End])
	if u.Lang == grammars.Python && p.lit != nil {
		fromFormat := sqlFromFormat(u, p)
		if p.lit.Template || fromFormat == "format" {
			t = strings.ReplaceAll(strings.ReplaceAll(t, "{{", "{"), "}}", "}")
		}
		if fromFormat == "%" {
			t = strings.ReplaceAll(t, "%%", "%")
		}
	}
	if u.Lang == grammars.Go && p.lit != nil && sqlFromFormat(u, p) == "%" {
		t = strings.ReplaceAll(t, "%%", "%")
	}
	return t
}

// sqlFromFormat tells whether a text part's literal is a format string:
// "%" for fmt.Sprintf and Python %-formatting, "format" for str.format.
func sqlFromFormat(u *Unit, p sqlPart) string {
	n := p.lit.Node
	parent := parentOf(u, n)
	if parent == nil {
		return ""
	}
	switch grammars.Type(parent) {
	case "binary_operator":
		if pyOperator(u, parent) == "%" {
			return "%"
		}
	case "attribute":
		if u.Text(grammars.Field(parent, "attribute")) == "format" {
			return "format"
		}
	case "argument_list":
		if call := parentOf(u, parent); call != nil && u.Text(grammars.Field(call, "function")) == "fmt.Sprintf" {
			return "%"
		}
	}
	return ""
}

// escapePercent doubles every % that is not part of a %s placeholder, as
// DB-API "format" drivers read the query as a format string.
func escapePercent(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			if i+1 < len(s) && s[i+1] == 's' {
				b.WriteString("%s")
				i++
				continue
			}
			b.WriteString("%%")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// goRemoveUnusedImport removes the import of pkg when no reference to it
// is left outside the replaced expression.
func goRemoveUnusedImport(u *Unit, pkg string, replaced *sitter.Node) []Edit {
	root := u.Tree.RootNode()
	used := false
	var spec *sitter.Node
	_ = walk(root, func(n *sitter.Node) error {
		switch grammars.Type(n) {
		case "selector_expression", "qualified_type":
			op := grammars.NamedChildAt(n, 0)
			if op != nil && u.Text(op) == pkg && !(grammars.Start(n) >= grammars.Start(replaced) && grammars.End(n) <= grammars.End(replaced)) {
				used = true
			}
		case "import_spec":
			if p := grammars.Field(n, "path"); p != nil && strings.Trim(u.Text(p), "\"`") == pkg && grammars.Field(n, "name") == nil {
				spec = n
			}
		}
		return nil
	})
	if used || spec == nil {
		return nil
	}
	parent := parentOf(u, spec)
	if parent != nil && grammars.Type(parent) == "import_declaration" {
		// import "fmt"
		start := u.LineStart(int(grammars.Start(parent)))
		end := u.LineEnd(int(grammars.End(parent)))
		if end < len(u.Src) {
			end++
		}
		return []Edit{{Start: start, End: end}}
	}
	if parent != nil && grammars.Type(parent) == "import_spec_list" {
		if grammars.NamedChildCount(parent) == 1 {
			decl := parentOf(u, parent)
			if decl == nil {
				return nil
			}
			start := u.LineStart(int(grammars.Start(decl)))
			end := u.LineEnd(int(grammars.End(decl)))
			if end < len(u.Src) {
				end++
			}
			return []Edit{{Start: start, End: end}}
		}
		start := u.LineStart(int(grammars.Start(spec)))
		if strings.TrimSpace(string(u.Src[start:grammars.Start(spec)])) != "" {
			return nil
		}
		end := u.LineEnd(int(grammars.End(spec)))
		if end < len(u.Src) {
			end++
		}
		return []Edit{{Start: start, End: end}}
	}
	return nil
}
