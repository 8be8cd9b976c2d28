package detectors

import (
	"bytes"
	"regexp"

	"github.com/trustlint/trustlint/grammars"

	sitter "github.com/smacker/go-tree-sitter"
)

// pySQLMethods are the Python calls that run SQL text given as their first
// argument: DB-API cursors (sqlite3, psycopg, PyMySQL, MySQLdb, Django's
// connection.cursor()), SQLAlchemy text() and exec_driver_sql, Django
// Manager.raw and RawSQL, pandas read_sql, asyncpg fetch/fetchrow/fetchval.
var pySQLMethods = map[string]sqlKind{
	"execute": sqlStatement, "executemany": sqlStatement, "executescript": sqlStatement,
	"exec_driver_sql": sqlStatement, "raw": sqlStatement, "read_sql": sqlStatement, "read_sql_query": sqlStatement,
	"fetch": sqlStatement, "fetchrow": sqlStatement, "fetchval": sqlStatement, "mogrify": sqlStatement,
	"text": sqlFragment, "RawSQL": sqlFragment,
}

// pySQLSinks returns the SQL sink a Python call is, if any.
func pySQLSinks(u *Unit, n *sitter.Node) []sqlSink {
	fn := grammars.Field(n, "function")
	args := grammars.Field(n, "arguments")
	if fn == nil || args == nil || grammars.Type(args) != "argument_list" {
		return nil
	}
	method := ""
	switch grammars.Type(fn) {
	case "attribute":
		method = u.Text(grammars.Field(fn, "attribute"))
	case "identifier":
		method = u.Text(fn)
		if method != "text" && method != "RawSQL" && method != "read_sql" && method != "read_sql_query" {
			return nil
		}
	default:
		return nil
	}
	kind, ok := pySQLMethods[method]
	if !ok {
		return nil
	}
	arg := firstArg(args)
	if arg == nil || grammars.Type(arg) == "keyword_argument" {
		return nil
	}
	return []sqlSink{{fn: fn, kind: kind, arg: arg, args: args, call: n, method: method}}
}

// pyParts flattens a Python SQL-building expression.
func (c *sqlCtx) pyParts(n *sitter.Node, before, depth int) ([]sqlPart, string) {
	if n == nil || depth > sqlMaxDepth {
		return nil, ""
	}
	u := c.u
	switch grammars.Type(n) {
	case "parenthesized_expression":
		return c.pyParts(grammars.NamedChildAt(n, 0), before, depth+1)
	case "string":
		lit, ok := ParseStringLit(u, n)
		if !ok || !lit.Template || !lit.HasInterpolation() {
			return nil, ""
		}
		ps := litParts(lit, "interpolation", func(h *sitter.Node) *sitter.Node {
			if e := grammars.Field(h, "expression"); e != nil {
				return e
			}
			return grammars.NamedChildAt(h, 0)
		})
		return c.expandHoles(ps, before, depth), "an f-string"
	case "concatenated_string":
		var out []sqlPart
		how := ""
		for i := 0; i < int(grammars.NamedChildCount(n)); i++ {
			ch := grammars.NamedChildAt(n, i)
			if grammars.Type(ch) == "comment" {
				continue
			}
			ps, h := c.pyParts(ch, before, depth+1)
			if h == "" {
				ps = c.partsOrHole(ch, before, depth)
			} else {
				how = h
			}
			out = append(out, ps...)
		}
		return out, how
	case "binary_operator":
		switch pyOperator(u, n) {
		case "+":
			left := c.partsOrHole(grammars.Field(n, "left"), before, depth)
			right := c.partsOrHole(grammars.Field(n, "right"), before, depth)
			return append(left, right...), "string concatenation"
		case "%":
			lit, ok := ParseStringLit(u, grammars.Field(n, "left"))
			if !ok || lit.Template {
				return nil, ""
			}
			right := grammars.Field(n, "right")
			var args []*sitter.Node
			switch {
			case right == nil:
				return nil, ""
			case grammars.Type(right) == "tuple":
				for i := 0; i < int(grammars.NamedChildCount(right)); i++ {
					if a := grammars.NamedChildAt(right, i); grammars.Type(a) != "comment" {
						args = append(args, a)
					}
				}
			case grammars.Type(right) == "dictionary":
				return c.pyNamedFormat(lit, right)
			default:
				args = []*sitter.Node{right}
			}
			ps, ok := formatParts(u, lit, args, pyPercentRE)
			if !ok {
				return nil, ""
			}
			return c.expandHoles(ps, before, depth), "%-formatting"
		}
	case "call":
		fn := grammars.Field(n, "function")
		if fn == nil || grammars.Type(fn) != "attribute" || u.Text(grammars.Field(fn, "attribute")) != "format" {
			return nil, ""
		}
		lit, ok := ParseStringLit(u, grammars.Field(fn, "object"))
		if !ok || lit.Template {
			return nil, ""
		}
		ps, ok := pyFormatMethodParts(u, lit, grammars.Field(n, "arguments"))
		if !ok {
			return nil, ""
		}
		return c.expandHoles(ps, before, depth), "str.format()"
	case "identifier":
		return c.identParts(n, before, depth)
	}
	return nil, ""
}

// pyPercentRE matches a %-format directive, %% included.
var pyPercentRE = regexp.MustCompile(`%%|%(\([^)]*\))?[-+# 0]*(\*|\d+)?(\.(\*|\d+)?)?[diouxXeEfFgGcrsa]`)

// pyNamedFormat reads "… %(name)s …" % {"name": v}.
func (c *sqlCtx) pyNamedFormat(lit StringLit, dict *sitter.Node) ([]sqlPart, string) {
	u := c.u
	values := map[string]*sitter.Node{}
	for i := 0; i < int(grammars.NamedChildCount(dict)); i++ {
		pair := grammars.NamedChildAt(dict, i)
		if grammars.Type(pair) != "pair" {
			return nil, ""
		}
		k, ok := stringValue(u, grammars.Field(pair, "key"))
		if !ok {
			return nil, ""
		}
		values[k] = grammars.Field(pair, "value")
	}
	l := lit
	content := string(u.Src[lit.ContentStart:lit.ContentEnd])
	var out []sqlPart
	pos := 0
	for _, m := range pyPercentRE.FindAllStringSubmatchIndex(content, -1) {
		if content[m[0]:m[1]] == "%%" {
			continue
		}
		if m[2] < 0 {
			return nil, ""
		}
		v := values[content[m[2]+1:m[3]-1]]
		if v == nil {
			return nil, ""
		}
		if m[0] > pos {
			out = append(out, sqlPart{text: Span{lit.ContentStart + pos, lit.ContentStart + m[0]}, lit: &l})
		}
		out = append(out, sqlPart{hole: v, verb: content[m[0]:m[1]], text: Span{lit.ContentStart + m[0], lit.ContentStart + m[1]}})
		pos = m[1]
	}
	if pos < len(content) {
		out = append(out, sqlPart{text: Span{lit.ContentStart + pos, lit.ContentEnd}, lit: &l})
	}
	return out, "%-formatting"
}

// pyFieldRE matches a str.format replacement field or an escaped brace.
var pyFieldRE = regexp.MustCompile(`\{\{|\}\}|\{([^{}!:]*)(![rsa])?(:[^{}]*)?\}`)

// pyFormatMethodParts reads "…{}…{name}…".format(a, name=b).
func pyFormatMethodParts(u *Unit, lit StringLit, args *sitter.Node) ([]sqlPart, bool) {
	if args == nil {
		return nil, false
	}
	var positional []*sitter.Node
	named := map[string]*sitter.Node{}
	for i := 0; i < int(grammars.NamedChildCount(args)); i++ {
		a := grammars.NamedChildAt(args, i)
		switch grammars.Type(a) {
		case "comment":
		case "keyword_argument":
			named[u.Text(grammars.Field(a, "name"))] = grammars.Field(a, "value")
		case "list_splat", "dictionary_splat":
			return nil, false
		default:
			positional = append(positional, a)
		}
	}
	l := lit
	content := string(u.Src[lit.ContentStart:lit.ContentEnd])
	var out []sqlPart
	pos, auto := 0, 0
	for _, m := range pyFieldRE.FindAllStringSubmatchIndex(content, -1) {
		f := content[m[0]:m[1]]
		if f == "{{" || f == "}}" {
			continue
		}
		key := content[m[2]:m[3]]
		var v *sitter.Node
		switch {
		case key == "":
			if auto < len(positional) {
				v = positional[auto]
			}
			auto++
		case key[0] >= '0' && key[0] <= '9':
			idx := 0
			for _, ch := range key {
				if ch < '0' || ch > '9' {
					return nil, false
				}
				idx = idx*10 + int(ch-'0')
			}
			if idx < len(positional) {
				v = positional[idx]
			}
		default:
			v = named[key]
		}
		if v == nil {
			return nil, false
		}
		if m[0] > pos {
			out = append(out, sqlPart{text: Span{lit.ContentStart + pos, lit.ContentStart + m[0]}, lit: &l})
		}
		verb := "{}"
		if m[4] >= 0 || m[6] >= 0 {
			verb = f
		}
		out = append(out, sqlPart{hole: v, verb: verb, text: Span{lit.ContentStart + m[0], lit.ContentStart + m[1]}})
		pos = m[1]
	}
	if pos < len(content) {
		out = append(out, sqlPart{text: Span{lit.ContentStart + pos, lit.ContentEnd}, lit: &l})
	}
	return out, true
}

// pyAssignments collects the assignments to name in scope.
func pyAssignments(u *Unit, scope *sitter.Node, name string) []sqlAssign {
	var out []sqlAssign
	for _, n := range sqlScopeNodes(u, scope, pyAssignTypes) {
		if !sqlNameMayStartAt(u.Src, int(grammars.Start(n)), name) {
			// The assigned identifier (or the object of a push or an
			// append) is the node's first child.
			continue
		}
		switch grammars.Type(n) {
		case "assignment":
			left := grammars.Field(n, "left")
			if left != nil && grammars.Type(left) == "identifier" && u.Text(left) == name {
				out = append(out, sqlAssign{at: int(grammars.Start(n)), value: grammars.Field(n, "right"), node: n})
			}
		case "augmented_assignment":
			left := grammars.Field(n, "left")
			if left == nil || grammars.Type(left) != "identifier" || u.Text(left) != name {
				continue
			}
			if pyOperator(u, n) != "+=" {
				out = append(out, sqlAssign{at: int(grammars.Start(n)), append: true, node: n})
				continue
			}
			right := grammars.Field(n, "right")
			if right != nil && grammars.Type(right) == "list" {
				for i := 0; i < int(grammars.NamedChildCount(right)); i++ {
					out = append(out, sqlAssign{at: int(grammars.Start(n)), value: grammars.NamedChildAt(right, i), list: true, node: n})
				}
				continue
			}
			out = append(out, sqlAssign{at: int(grammars.Start(n)), value: right, append: true, node: n})
		case "call":
			fn := grammars.Field(n, "function")
			if fn == nil || grammars.Type(fn) != "attribute" || u.Text(grammars.Field(fn, "object")) != name {
				continue
			}
			if m := u.Text(grammars.Field(fn, "attribute")); m != "append" && m != "insert" {
				continue
			}
			args := grammars.Field(n, "arguments")
			if args == nil || grammars.NamedChildCount(args) == 0 {
				continue
			}
			v := grammars.NamedChildAt(args, int(grammars.NamedChildCount(args))-1)
			out = append(out, sqlAssign{at: int(grammars.Start(n)), value: v, list: true, node: n})
		}
	}
	return out
}

// pyDrivers are the database modules pyDriverStyle recognises, in the
// order they are tried at an import (psycopg2 before psycopg).
var pyDrivers = []string{"sqlite3", "aiosqlite", "psycopg2", "psycopg", "pymysql", "MySQLdb", "mysql.connector", "mysql", "asyncpg", "django.db"}

// pyDriverStyleOf is the placeholder style of a module of pyDrivers.
func pyDriverStyleOf(name string) sqlStyle {
	switch name {
	case "sqlite3", "aiosqlite":
		return styleQuestion
	case "asyncpg":
		return styleDollar
	}
	return styleFormat
}

// pySQLStyle decides the placeholder style from the imports: ? for
// sqlite3, %s for psycopg, PyMySQL, MySQLdb and Django, $1 for asyncpg.
func pySQLStyle(u *Unit, s sqlSink) sqlStyle {
	if s.kind == sqlFragment {
		return styleUnknown
	}
	if s.method == "raw" {
		if u.srcContains("django") {
			return styleFormat
		}
		return styleUnknown
	}
	style := memo(u, pyDriverStyleKey{}, func() sqlStyle { return pyDriverStyle(u) })
	if style == styleDollar && s.method != "fetch" && s.method != "fetchrow" && s.method != "fetchval" && s.method != "execute" {
		return styleUnknown
	}
	return style
}

type pyDriverStyleKey struct{}

// pyDriverStyle is the placeholder style of the SQL drivers the file
// imports, read once per unit.
func pyDriverStyle(u *Unit) sqlStyle {
	style := styleUnknown
	for _, kw := range []string{"import", "from"} {
		word := []byte(kw)
		for i := 0; ; {
			j := bytes.Index(u.Src[i:], word)
			if j < 0 {
				break
			}
			at := i + j
			i = at + len(word)
			name := pyImportedDriver(u.Src, at, len(word))
			if name == "" {
				continue
			}
			st := pyDriverStyleOf(name)
			if style != styleUnknown && style != st {
				return styleUnknown
			}
			style = st
		}
	}
	return style
}

// pyImportedDriver returns the database module (one of pyDrivers) that
// the import or from statement whose keyword is the n bytes at src[at:]
// names, or "": the keyword must start its line (after white space) and
// be followed by white space and the module's name as a whole word. It
// is the scan a keystroke's region analysis can afford, not a regular
// expression over the whole file.
func pyImportedDriver(src []byte, at, n int) string {
	k := at
	for k > 0 && isRegexpSpace(src[k-1]) && src[k-1] != '\n' {
		k--
	}
	if k > 0 && src[k-1] != '\n' {
		return ""
	}
	p := at + n
	q := p
	for q < len(src) && isRegexpSpace(src[q]) {
		q++
	}
	if q == p {
		return ""
	}
	for _, d := range pyDrivers {
		e := q + len(d)
		if e <= len(src) && string(src[q:e]) == d && (e == len(src) || !isIdentByte(src[e])) {
			return d
		}
	}
	return ""
}
