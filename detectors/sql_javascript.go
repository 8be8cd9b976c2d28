package detectors

import (
	"bytes"
	"strings"

	"github.com/trustlint/trustlint/grammars"

	sitter "github.com/smacker/go-tree-sitter"
)

// jsSQLMethods are the JS/TS calls that run SQL text given as their first
// argument: node-postgres and mysql/mysql2 query/execute, sqlite3 and
// better-sqlite3 run/all/get/exec/each/prepare, knex.raw, sequelize.query,
// TypeORM query, Prisma's $queryRawUnsafe/$executeRawUnsafe, postgres.js
// unsafe, and the raw fragments of knex and TypeORM query builders.
var jsSQLMethods = map[string]sqlKind{
	"query": sqlStatement, "execute": sqlStatement, "run": sqlStatement, "all": sqlStatement,
	"get": sqlStatement, "exec": sqlStatement, "each": sqlStatement, "prepare": sqlStatement,
	"unsafe": sqlStatement, "$queryRawUnsafe": sqlStatement, "$executeRawUnsafe": sqlStatement,
	"raw": sqlFragment, "whereRaw": sqlFragment, "orWhereRaw": sqlFragment, "andWhereRaw": sqlFragment,
	"havingRaw": sqlFragment, "orHavingRaw": sqlFragment, "orderByRaw": sqlFragment, "joinRaw": sqlFragment,
	"groupByRaw": sqlFragment, "fromRaw": sqlFragment, "selectRaw": sqlFragment,
	"where": sqlFragment, "andWhere": sqlFragment, "orWhere": sqlFragment, "having": sqlFragment,
	"literal": sqlFragment,
}

// jsSQLSinks returns the SQL sink a JS/TS call is, if any.
func jsSQLSinks(u *Unit, n *sitter.Node) []sqlSink {
	fn := grammars.Field(n, "function")
	args := grammars.Field(n, "arguments")
	if fn == nil || args == nil || grammars.Type(args) != "arguments" {
		return nil
	}
	if grammars.Type(fn) == "await_expression" && grammars.NamedChildCount(fn) == 1 {
		// TypeScript parses `await pool.query<Row>(…)` with the await
		// around the callee.
		fn = grammars.NamedChildAt(fn, 0)
	}
	method := ""
	switch grammars.Type(fn) {
	case "member_expression":
		method = u.Text(grammars.Field(fn, "property"))
	case "identifier":
		method = u.Text(fn)
		if method != "query" && method != "execute" {
			return nil
		}
	default:
		return nil
	}
	kind, ok := jsSQLMethods[method]
	if !ok {
		return nil
	}
	arg := firstArg(args)
	if arg == nil {
		return nil
	}
	if kind == sqlFragment && (method == "where" || method == "andWhere" || method == "orWhere" || method == "having") && argCount(args) != 1 {
		// knex .where('id', x) and TypeORM .where("a = :a", { a }) bind.
		return nil
	}
	return []sqlSink{{fn: fn, kind: kind, arg: arg, args: args, call: n, method: method}}
}

// argCount counts the non-comment arguments.
func argCount(args *sitter.Node) int {
	k := 0
	for i := 0; i < int(grammars.NamedChildCount(args)); i++ {
		if c := grammars.NamedChildAt(args, i); c != nil && grammars.Type(c) != "comment" {
			k++
		}
	}
	return k
}

// apiName shortens a callee for a message: its last two components.
func apiName(u *Unit, fn *sitter.Node) string {
	t := strings.Join(strings.Fields(u.Text(fn)), "")
	parts := strings.Split(t, ".")
	if len(parts) > 2 {
		parts = parts[len(parts)-2:]
	}
	t = strings.Join(parts, ".")
	if len(t) > 40 {
		t = t[len(t)-40:]
	}
	return t
}

// jsParts flattens a JS/TS SQL-building expression.
func (c *sqlCtx) jsParts(n *sitter.Node, before, depth int) ([]sqlPart, string) {
	if n == nil || depth > sqlMaxDepth {
		return nil, ""
	}
	switch grammars.Type(n) {
	case "parenthesized_expression":
		return c.jsParts(grammars.NamedChildAt(n, 0), before, depth+1)
	case "template_string":
		lit, ok := ParseStringLit(c.u, n)
		if !ok || !lit.HasInterpolation() {
			return nil, ""
		}
		ps := litParts(lit, "template_substitution", func(h *sitter.Node) *sitter.Node { return grammars.NamedChildAt(h, 0) })
		return c.expandHoles(ps, before, depth), "a template literal"
	case "binary_expression":
		op := grammars.Field(n, "operator")
		if op == nil || grammars.Type(op) != "+" {
			return nil, ""
		}
		left := c.partsOrHole(grammars.Field(n, "left"), before, depth)
		right := c.partsOrHole(grammars.Field(n, "right"), before, depth)
		return append(left, right...), "string concatenation"
	case "identifier":
		return c.identParts(n, before, depth)
	}
	return nil, ""
}

// jsAssignments collects the assignments to name in scope.
func jsAssignments(u *Unit, scope *sitter.Node, name string) []sqlAssign {
	var out []sqlAssign
	for _, n := range sqlScopeNodes(u, scope, jsAssignTypes) {
		if !sqlNameMayStartAt(u.Src, int(grammars.Start(n)), name) {
			// The assigned identifier (or the object of a push or an
			// append) is the node's first child.
			continue
		}
		switch grammars.Type(n) {
		case "variable_declarator":
			id := grammars.Field(n, "name")
			if id == nil || grammars.Type(id) != "identifier" || u.Text(id) != name {
				continue
			}
			konst := false
			if d := parentOf(u, n); d != nil && grammars.Type(d) == "lexical_declaration" && grammars.ChildAt(d, 0) != nil && grammars.Type(grammars.ChildAt(d, 0)) == "const" {
				konst = true
			}
			out = append(out, sqlAssign{at: int(grammars.Start(n)), value: grammars.Field(n, "value"), konst: konst, node: n})
		case "assignment_expression":
			left := grammars.Field(n, "left")
			if left != nil && grammars.Type(left) == "identifier" && u.Text(left) == name {
				out = append(out, sqlAssign{at: int(grammars.Start(n)), value: grammars.Field(n, "right"), node: n})
			}
		case "augmented_assignment_expression":
			left := grammars.Field(n, "left")
			op := grammars.Field(n, "operator")
			if left != nil && grammars.Type(left) == "identifier" && u.Text(left) == name {
				if op == nil || u.Text(op) != "+=" {
					out = append(out, sqlAssign{at: int(grammars.Start(n)), node: n, append: true})
					continue
				}
				out = append(out, sqlAssign{at: int(grammars.Start(n)), value: grammars.Field(n, "right"), append: true, node: n})
			}
		case "call_expression":
			// list.push(v)
			fn := grammars.Field(n, "function")
			if fn == nil || grammars.Type(fn) != "member_expression" || u.Text(grammars.Field(fn, "object")) != name {
				continue
			}
			if m := u.Text(grammars.Field(fn, "property")); m != "push" && m != "unshift" {
				continue
			}
			args := grammars.Field(n, "arguments")
			if args == nil {
				continue
			}
			for i := 0; i < int(grammars.NamedChildCount(args)); i++ {
				if a := grammars.NamedChildAt(args, i); grammars.Type(a) != "comment" {
					out = append(out, sqlAssign{at: int(grammars.Start(n)), value: a, list: true, node: n})
				}
			}
		}
	}
	return out
}

// jsDriverStyles are the SQL driver modules jsDriverStyle recognises and
// their placeholder styles (knex and Prisma name no style of their own).
var jsDriverStyles = map[string]sqlStyle{
	"pg": styleDollar, "pg-pool": styleDollar,
	"mysql": styleQuestion, "mysql2": styleQuestion, "mysql2/promise": styleQuestion,
	"sqlite3": styleQuestion, "better-sqlite3": styleQuestion, "sqlite": styleQuestion,
	"knex": styleUnknown, "@prisma/client": styleUnknown,
}

// jsSQLStyle decides the placeholder style of a JS/TS call from the
// file's imports and the method.
func jsSQLStyle(u *Unit, s sqlSink) sqlStyle {
	switch s.method {
	case "$queryRawUnsafe", "$executeRawUnsafe":
		return styleDollar
	case "raw", "whereRaw", "orWhereRaw", "andWhereRaw", "havingRaw", "orHavingRaw", "orderByRaw", "joinRaw", "groupByRaw", "fromRaw", "selectRaw":
		if u.srcContains("knex") {
			return styleQuestion
		}
		return styleUnknown
	}
	return memo(u, jsDriverStyleKey{}, func() sqlStyle { return jsDriverStyle(u) })
}

type jsDriverStyleKey struct{}

// jsDriverStyle is the placeholder style of the SQL drivers the file
// loads (require("pg"), import … from "mysql2", import "sqlite3"), read
// once per unit: unknown when it loads none with a style, or drivers of
// different styles. It looks for each driver's quoted name and then at
// what precedes the opening quote, so a keystroke's region analysis does
// not run a regular expression over the whole file.
func jsDriverStyle(u *Unit) sqlStyle {
	style := styleUnknown
	for name, st := range jsDriverStyles {
		if st == styleUnknown {
			continue
		}
		word := []byte(name)
		for i := 0; ; {
			j := bytes.Index(u.Src[i:], word)
			if j < 0 {
				break
			}
			at := i + j
			i = at + len(word)
			if !jsLoadsModuleAt(u.Src, at, len(word)) {
				continue
			}
			if style != styleUnknown && style != st {
				return styleUnknown
			}
			style = st
			break
		}
	}
	return style
}

// jsLoadsModuleAt reports whether the n bytes at src[at:] are a module
// name between quotes (either quote, on either side) after `require(`
// (and optional white space), or after `from` or `import` and white space.
func jsLoadsModuleAt(src []byte, at, n int) bool {
	isQuote := func(b byte) bool { return b == '\'' || b == '"' }
	if at < 1 || at+n >= len(src) || !isQuote(src[at-1]) || !isQuote(src[at+n]) {
		return false
	}
	k := at - 1 // the opening quote
	for k > 0 && isRegexpSpace(src[k-1]) {
		k--
	}
	spaced := k < at-1
	before := src[:k]
	return bytes.HasSuffix(before, []byte("require(")) ||
		spaced && (bytes.HasSuffix(before, []byte("from")) || bytes.HasSuffix(before, []byte("import")))
}

// isRegexpSpace reports whether b is white space as RE2's \s means it.
func isRegexpSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r'
}
