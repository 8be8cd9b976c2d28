package detectors

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// sqlFamily is the SQL family: TL501.
func sqlFamily() family {
	return family{
		rules: []Rule{{
			ID: "TL501", Name: "sql-string-building", Severity: SeverityWarning,
			CWE: []string{"CWE-89"}, Families: allFamilies,
			Summary: "SQL text built with +, template literals, f-strings, %/.format() or fmt.Sprintf from non-constant values and run by a database driver or an ORM's raw API.",
		}},
		checkers: []checker{{
			rule: "TL501",
			kinds: map[grammars.Family][]string{
				grammars.FamilyJS:     {"call_expression"},
				grammars.FamilyGo:     {"call_expression"},
				grammars.FamilyPython: {"call"},
			},
			visit: visitSQLCall,
		}},
	}
}

// sqlPart is one piece of a built SQL string: literal text (a span of
// source inside a string literal, in source form) or a hole, the
// expression whose value is spliced in.
type sqlPart struct {
	text Span
	lit  *StringLit // the literal the text belongs to; nil for a hole
	hole *sitter.Node
	// verb is the formatting directive that consumed the hole (%s, %d,
	// {}, ...), empty for concatenation and interpolation.
	verb string
}

// sqlBuilt is the result of reading a query argument.
type sqlBuilt struct {
	parts []sqlPart
	how   string // how the text was built, for the message
	// expr is the expression that builds the text; equal to the
	// argument when the query is built inline.
	expr *sitter.Node
	// fixable is false when the text came through resolution the fix
	// cannot follow (several assignments, appends, joins).
	fixable bool
}

// sqlMaxDepth bounds how deep the readers follow variables and nested
// expressions.
const sqlMaxDepth = 6

// sqlStartRE recognises a complete SQL statement at the start of a text.
var sqlStartRE = regexp.MustCompile(`(?is)^[\s(]*(select\s.*\sfrom\s|select\s+\S|insert\s+(or\s+\w+\s+)?into\s|update\s+\S+\s+set\s|update\s+\S+\s*$|delete\s+from\s|with\s+\w+\s+as\s*\(|replace\s+into\s|merge\s+into\s|create\s+(table|index|view|unique)\s|drop\s+(table|index|view)\s|alter\s+table\s|truncate\s|call\s+\w+\s*\()`)

// sqlFragmentRE recognises a WHERE/ORDER BY style fragment given to a
// query builder's raw API.
var sqlFragmentRE = regexp.MustCompile(`(?i)(=|<|>|\bi?like\b|\bin\s*\(|\bis\s|\border\s+by\b|\basc\b|\bdesc\b|\band\b|\bor\b|\bbetween\b)`)

// sqlKind is what a sink's query argument holds.
type sqlKind int

const (
	sqlStatement sqlKind = iota // a whole statement
	sqlFragment                 // a condition or clause for a builder
)

// sqlSink describes a call that runs SQL text.
type sqlSink struct {
	// fn is the callee; the message names it by apiName, built only
	// when there is a finding.
	fn   *sitter.Node
	kind sqlKind
	arg  *sitter.Node // the query argument
	// args is the argument list; call the whole call.
	args, call *sitter.Node
	method     string
}

// visitSQLCall reports a query or exec call whose SQL text is built from
// non-constant values (TL501).
func visitSQLCall(p *Pass, n *sitter.Node) {
	if !sqlCallMayBeSink(p.Unit, n) {
		return
	}
	var sinks []sqlSink
	switch p.Lang.Family() {
	case grammars.FamilyJS:
		sinks = jsSQLSinks(p.Unit, n)
	case grammars.FamilyGo:
		sinks = goSQLSinks(p.Unit, n)
	case grammars.FamilyPython:
		sinks = pySQLSinks(p.Unit, n)
	}
	for _, s := range sinks {
		c := newSQLCtx(p.Unit, s.call)
		b, ok := c.read(s.arg)
		if !ok {
			continue
		}
		text := c.sqlText(b.parts)
		if s.kind == sqlStatement && !sqlStartRE.MatchString(text) {
			continue
		}
		if s.kind == sqlFragment && !sqlFragmentRE.MatchString(text) && !sqlStartRE.MatchString(text) {
			continue
		}
		var dynamic []*sitter.Node
		for _, part := range b.parts {
			if part.hole != nil && !c.safeHole(part.hole, 0) {
				dynamic = append(dynamic, part.hole)
			}
		}
		if len(dynamic) == 0 {
			continue
		}
		style := sqlStyleFor(p.Unit, s)
		f := Finding{
			Start:   int(grammars.Start(s.arg)),
			End:     int(grammars.End(s.arg)),
			Message: sqlMessage(p.Unit, s, b, dynamic, style),
		}
		if fix, ok := sqlFix(p.Unit, s, b, style); ok {
			f.Fixes = append(f.Fixes, fix)
		}
		p.Report(f)
		return
	}
}

// sqlMessage explains the finding: what was spliced into which call, and
// what to write instead in this driver's placeholder style.
func sqlMessage(u *Unit, s sqlSink, b sqlBuilt, dynamic []*sitter.Node, style sqlStyle) string {
	var names []string
	seen := map[string]bool{}
	for _, h := range dynamic {
		t := strings.Join(strings.Fields(u.Text(h)), " ")
		if len(t) > 40 {
			t = t[:39] + "…"
		}
		if !seen[t] {
			seen[t] = true
			names = append(names, "`"+t+"`")
		}
		if len(names) == 3 {
			break
		}
	}
	where := ""
	if b.expr != nil && !sameNode(b.expr, s.arg) {
		where = fmt.Sprintf(" on line %d", u.Line(int(grammars.Start(b.expr)))+1)
	}
	what := "SQL"
	if s.kind == sqlFragment {
		what = "SQL fragment"
	}
	return fmt.Sprintf("%s built with %s%s from %s and run by `%s`: a crafted value can rewrite the query (SQL injection). %s",
		what, b.how, where, strings.Join(names, ", "), apiName(u, s.fn), style.advice())
}

// sqlStyle is a driver's placeholder convention.
type sqlStyle int

const (
	styleUnknown  sqlStyle = iota
	styleQuestion          // ?
	styleDollar            // $1, $2
	styleFormat            // %s (Python DB-API "format")
)

func (s sqlStyle) placeholder(i int) string {
	switch s {
	case styleQuestion:
		return "?"
	case styleDollar:
		return fmt.Sprintf("$%d", i)
	case styleFormat:
		return "%s"
	}
	return "?"
}

func (s sqlStyle) advice() string {
	switch s {
	case styleQuestion:
		return "Use `?` placeholders and pass the values as parameters."
	case styleDollar:
		return "Use `$1`, `$2`, … placeholders and pass the values as parameters."
	case styleFormat:
		return "Use `%s` placeholders and pass the values as the parameters argument (never format the string yourself)."
	}
	return "Use the driver's placeholders (`?`, `$1` or `%s`) and pass the values as parameters; only identifiers checked against an allowlist may be spliced in."
}

// sqlCtx reads SQL-building expressions in the scope of one call.
type sqlCtx struct {
	u    *Unit
	call *sitter.Node
	// scope is the enclosing function, or the file; see scopeNode.
	scope *sitter.Node
	// assigns caches the assignments found per variable name.
	assigns map[string][]sqlAssign
}

// sqlAssign is one assignment to a variable: x = v, x := v, x += v,
// or an append/push of v to x (for slices joined later).
type sqlAssign struct {
	at     int // byte offset of the assigning statement
	value  *sitter.Node
	append bool // += (text) or push/append (list element)
	list   bool // the value is a list element
	konst  bool // the binding is declared constant
	node   *sitter.Node
}

func newSQLCtx(u *Unit, call *sitter.Node) *sqlCtx {
	return &sqlCtx{u: u, call: call}
}

// scopeNode returns the function enclosing the call, or the file's root,
// found on first use: most calls a sink reader accepts are given a query
// argument that builds nothing, and are left without climbing the tree.
func (c *sqlCtx) scopeNode() *sitter.Node {
	if c.scope == nil {
		c.scope = sqlEnclosingFunc(c.u, c.call)
		if c.scope == nil {
			c.scope = c.u.Tree.RootNode()
		}
	}
	return c.scope
}

// functionKinds are the node types of function bodies, per family.
var functionKinds = map[grammars.Family]map[string]bool{
	grammars.FamilyJS: {"function_declaration": true, "function_expression": true, "arrow_function": true,
		"method_definition": true, "generator_function_declaration": true, "function": true, "generator_function": true},
	grammars.FamilyGo:     {"function_declaration": true, "method_declaration": true, "func_literal": true},
	grammars.FamilyPython: {"function_definition": true},
}

// sqlEnclosingFunc returns the innermost function around n, or nil.
func sqlEnclosingFunc(u *Unit, n *sitter.Node) *sitter.Node {
	kinds := functionKinds[u.Lang.Family()]
	cur := n
	for steps := 0; cur != nil && steps < maxClimb; steps++ {
		if kinds[grammars.Type(cur)] {
			return cur
		}
		cur = parentOf(u, cur)
	}
	return nil
}

// read flattens the query argument into parts. It returns false when the
// argument is not built from pieces (a plain literal, a call, a
// parameter) or has no hole.
func (c *sqlCtx) read(arg *sitter.Node) (sqlBuilt, bool) {
	b := sqlBuilt{expr: arg}
	before := int(grammars.Start(c.call))
	parts, how := c.parts(arg, before, 0)
	if how == "" {
		return b, false
	}
	if name := c.identName(arg); name != "" {
		as := c.assignments(name, before)
		for _, a := range as {
			if a.value != nil && c.builds(a.value) {
				b.expr = a.value
				break
			}
		}
		// The fix follows a variable assigned once and used once.
		b.fixable = len(as) == 1 && !as[0].append && !as[0].list && as[0].value != nil &&
			sameNode(as[0].value, b.expr) && as[0].at >= 0 && c.uses(name) == 2
	} else {
		b.fixable = true
	}
	b.parts, b.how = mergeSQLParts(parts), how
	for _, p := range b.parts {
		if p.hole != nil {
			return b, true
		}
	}
	return b, false
}

// uses counts the identifiers named name in the scope.
func (c *sqlCtx) uses(name string) int {
	count := 0
	scopeWalk(c.u, c.scopeNode(), identifierTypes, func(n *sitter.Node) {
		if grammars.Type(n) == "identifier" && c.u.Text(n) == name {
			count++
		}
	})
	return count
}

// identParts flattens a variable from its assignments before offset
// before: the last plain assignment and the appends after it.
func (c *sqlCtx) identParts(n *sitter.Node, before, depth int) ([]sqlPart, string) {
	if depth > sqlMaxDepth {
		return nil, ""
	}
	as := c.assignments(c.u.Text(n), before)
	if len(as) == 0 {
		return nil, ""
	}
	var out []sqlPart
	how := ""
	for _, a := range as {
		if a.list || a.value == nil {
			return nil, ""
		}
		at := a.at
		if at < 0 {
			at = int(grammars.Start(a.value))
		}
		ps, h := c.parts(a.value, at, depth+1)
		if h == "" {
			ps = c.partsOrHole(a.value, at, depth+1)
		} else if how == "" {
			how = h
		}
		if a.append && how == "" {
			how = "string concatenation (+=)"
		}
		out = append(out, ps...)
	}
	return out, how
}

// expandHoles flattens holes that are themselves built (a variable built
// earlier and spliced in).
func (c *sqlCtx) expandHoles(ps []sqlPart, before, depth int) []sqlPart {
	var out []sqlPart
	for _, p := range ps {
		if p.hole == nil || p.verb != "{}" && p.verb != "" {
			out = append(out, p)
			continue
		}
		if sub, how := c.parts(p.hole, before, depth+1); how != "" {
			out = append(out, sub...)
			continue
		}
		out = append(out, p)
	}
	return out
}

// builds reports whether n is an expression that builds text from pieces.
func (c *sqlCtx) builds(n *sitter.Node) bool {
	_, how := c.parts(n, int(grammars.Start(n)), sqlMaxDepth-1)
	return how != ""
}

// parts flattens n. how names the building construct ("" when n is not a
// building expression but a single value).
func (c *sqlCtx) parts(n *sitter.Node, before, depth int) ([]sqlPart, string) {
	switch c.u.Lang.Family() {
	case grammars.FamilyJS:
		return c.jsParts(n, before, depth)
	case grammars.FamilyGo:
		return c.goParts(n, before, depth)
	case grammars.FamilyPython:
		return c.pyParts(n, before, depth)
	}
	return nil, ""
}

// partsOrHole flattens n, or returns it as one hole when it builds
// nothing.
func (c *sqlCtx) partsOrHole(n *sitter.Node, before, depth int) []sqlPart {
	if n == nil {
		return nil
	}
	if depth < sqlMaxDepth {
		if ps, how := c.parts(n, before, depth+1); how != "" {
			return ps
		}
	}
	if lit, ok := ParseStringLit(c.u, n); ok && !lit.HasInterpolation() {
		l := lit
		return []sqlPart{{text: Span{lit.ContentStart, lit.ContentEnd}, lit: &l}}
	}
	return []sqlPart{{hole: n}}
}

// litParts splits a literal into text and interpolation holes; inner
// returns the expression of an interpolation node.
func litParts(lit StringLit, holeKind string, inner func(*sitter.Node) *sitter.Node) []sqlPart {
	var out []sqlPart
	l := lit
	var holes []*sitter.Node
	for i := 0; i < int(grammars.NamedChildCount(lit.Node)); i++ {
		if ch := grammars.NamedChildAt(lit.Node, i); ch != nil && grammars.Type(ch) == holeKind {
			holes = append(holes, ch)
		}
	}
	fi, hi := 0, 0
	for fi < len(lit.Fragments) || hi < len(holes) {
		if hi >= len(holes) || (fi < len(lit.Fragments) && lit.Fragments[fi].Start < int(grammars.Start(holes[hi]))) {
			if fr := lit.Fragments[fi]; fr.End > fr.Start {
				out = append(out, sqlPart{text: fr, lit: &l})
			}
			fi++
			continue
		}
		h := inner(holes[hi])
		if h == nil {
			h = holes[hi]
		}
		out = append(out, sqlPart{hole: h, lit: nil, verb: "{}", text: Span{int(grammars.Start(holes[hi])), int(grammars.End(holes[hi]))}})
		hi++
	}
	return out
}

// mergeSQLParts drops empty text parts.
func mergeSQLParts(ps []sqlPart) []sqlPart {
	out := ps[:0]
	for _, p := range ps {
		if p.hole == nil && p.text.End <= p.text.Start {
			continue
		}
		out = append(out, p)
	}
	return out
}

// sqlText joins the text parts, holes written as a placeholder word.
func (c *sqlCtx) sqlText(ps []sqlPart) string {
	var b strings.Builder
	for _, p := range ps {
		if p.hole != nil {
			b.WriteString(" x ")
			continue
		}
		b.Write(c.u.Src[p.text.Start:p.text.End])
	}
	return b.String()
}

// identName returns the name when n is a plain variable reference.
func (c *sqlCtx) identName(n *sitter.Node) string {
	if n != nil && grammars.Type(n) == "identifier" {
		return c.u.Text(n)
	}
	return ""
}

// assignments returns the assignments to name in scope before offset
// before, in source order. Variables of the file (constants) are looked up
// at the top level when the function has none.
func (c *sqlCtx) assignments(name string, before int) []sqlAssign {
	all, ok := c.assigns[name]
	if !ok {
		scope := c.scopeNode()
		switch c.u.Lang.Family() {
		case grammars.FamilyJS:
			all = jsAssignments(c.u, scope, name)
		case grammars.FamilyGo:
			all = goAssignments(c.u, scope, name)
		case grammars.FamilyPython:
			all = pyAssignments(c.u, scope, name)
		}
		if len(all) == 0 && scope != c.u.Tree.RootNode() {
			root := c.u.Tree.RootNode()
			var top []sqlAssign
			switch c.u.Lang.Family() {
			case grammars.FamilyJS:
				top = jsAssignments(c.u, root, name)
			case grammars.FamilyGo:
				top = goAssignments(c.u, root, name)
			case grammars.FamilyPython:
				top = pyAssignments(c.u, root, name)
			}
			// Only the file's constants: bindings declared const, or
			// assigned once at the top level.
			var konst []sqlAssign
			for _, a := range top {
				if a.konst || (len(top) == 1 && !a.append && !a.list) {
					a.at = -1 // declared for the whole file
					konst = append(konst, a)
				}
			}
			all = konst
		}
		sort.SliceStable(all, func(i, j int) bool { return all[i].at < all[j].at })
		if c.assigns == nil {
			c.assigns = map[string][]sqlAssign{}
		}
		c.assigns[name] = all
	}
	var out []sqlAssign
	for _, a := range all {
		if a.at < before {
			out = append(out, a)
		}
	}
	// A plain assignment replaces what came before it.
	for i := len(out) - 1; i > 0; i-- {
		if !out[i].append && !out[i].list {
			return out[i:]
		}
	}
	return out
}

// maxScopeNodes bounds the nodes an assignment search visits.
const maxScopeNodes = 200000

// scopeWalk visits the nodes of scope whose type is in types, in document
// order, skipping nested functions (their assignments are not the
// scope's) and ending after maxScopeNodes nodes of any type. The walk runs
// in C (grammars.CollectUntil): an assignment search may cover the whole
// file for every name it resolves.
func scopeWalk(u *Unit, scope *sitter.Node, types *scopeTypes, visit func(n *sitter.Node)) {
	flags := types.flags[u.Lang]
	if flags == nil {
		return
	}
	for _, n := range grammars.CollectUntil(scope, flags(), maxScopeNodes) {
		visit(n)
	}
}

// scopeTypes is a set of node types scopeWalk reports, with each grammar's
// grammars.Collect flags (the types, and the function kinds it does not
// descend into) built on first use. It is immutable.
type scopeTypes struct {
	flags langFlags
}

// newScopeTypes returns the scopeTypes of the given node types.
func newScopeTypes(types ...string) *scopeTypes {
	set := make(map[string]bool, len(types))
	for _, t := range types {
		set[t] = true
	}
	return &scopeTypes{flags: newLangFlags(
		func(grammars.Lang) map[string]bool { return set },
		func(l grammars.Lang) map[string]bool { return functionKinds[l.Family()] },
	)}
}

// The node types each scopeWalk caller inspects.
var (
	identifierTypes = newScopeTypes("identifier")
	jsAssignTypes   = newScopeTypes("variable_declarator", "assignment_expression", "augmented_assignment_expression", "call_expression")
	goAssignTypes   = newScopeTypes("short_var_declaration", "assignment_statement", "var_spec", "const_spec")
	pyAssignTypes   = newScopeTypes("assignment", "augmented_assignment", "call")
	callTypes       = newScopeTypes("call_expression")
)

// isConstName reports whether an identifier is written like a constant
// (UPPER_SNAKE_CASE, at least two characters).
func isConstName(name string) bool {
	if len(name) < 2 {
		return false
	}
	letters := false
	for i := 0; i < len(name); i++ {
		ch := name[i]
		switch {
		case ch >= 'A' && ch <= 'Z':
			letters = true
		case ch == '_' || (ch >= '0' && ch <= '9'):
		default:
			return false
		}
	}
	return letters
}

// placeholderNameRE matches variables that hold generated placeholder
// lists ("?, ?, ?", "$1, $2").
var placeholderNameRE = regexp.MustCompile(`(?i)(placeholder|qmark|bindvar|param_?marks|markers)`)

// placeholderTextRE matches literal text made only of placeholders and
// separators.
var placeholderTextRE = regexp.MustCompile(`^[\s?,$%s()\d@:]*$`)

// safeHole reports whether the spliced value cannot carry attacker text:
// a constant, a value looked up in a constant table, a choice between
// constants, a generated placeholder list or an identifier checked
// against an allowlist in the same function.
func (c *sqlCtx) safeHole(n *sitter.Node, depth int) bool {
	if n == nil || depth > sqlMaxDepth {
		return false
	}
	u := c.u
	text := u.Text(n)
	switch grammars.Type(n) {
	case "number", "int_literal", "float_literal", "integer", "float", "true", "false", "null", "nil", "none", "undefined":
		return true
	case "string", "interpreted_string_literal", "raw_string_literal", "template_string":
		ps, how := c.parts(n, int(grammars.Start(n)), depth+1)
		if how == "" {
			return true
		}
		for _, p := range ps {
			if p.hole != nil && !c.safeHole(p.hole, depth+1) {
				return false
			}
		}
		return true
	case "parenthesized_expression":
		return c.safeHole(grammars.NamedChildAt(n, 0), depth+1)
	case "identifier":
		if isConstName(text) || placeholderNameRE.MatchString(text) {
			return true
		}
		if c.allowlisted(text) {
			return true
		}
		as := c.assignments(text, int(grammars.Start(n)))
		if len(as) == 0 {
			return false
		}
		for _, a := range as {
			if a.value == nil || !c.safeHole(a.value, depth+1) {
				return false
			}
		}
		return true
	case "ternary_expression", "conditional_expression":
		// Both branches constant: cond ? 'ASC' : 'DESC'.
		k := int(grammars.NamedChildCount(n))
		if k < 3 {
			return false
		}
		if u.Lang.Family() == grammars.FamilyPython {
			return c.safeHole(grammars.NamedChildAt(n, 0), depth+1) && c.safeHole(grammars.NamedChildAt(n, 2), depth+1)
		}
		return c.safeHole(grammars.NamedChildAt(n, 1), depth+1) && c.safeHole(grammars.NamedChildAt(n, 2), depth+1)
	case "member_expression", "selector_expression", "attribute":
		// TABLES.users, cfg.TABLE: a constant table's field.
		obj := grammars.NamedChildAt(n, 0)
		if obj != nil && isConstName(lastComponent(u.Text(obj))) {
			return true
		}
		last := grammars.NamedChildAt(n, int(grammars.NamedChildCount(n))-1)
		return last != nil && isConstName(u.Text(last))
	case "subscript_expression", "index_expression", "subscript":
		// SORT_COLUMNS[sort]: looked up in a constant table.
		obj := grammars.NamedChildAt(n, 0)
		return obj != nil && isConstName(lastComponent(u.Text(obj)))
	case "boolean_operator":
		// SORT_COLUMNS.get(x) or "id"
		return c.safeHole(grammars.Field(n, "left"), depth+1) && c.safeHole(grammars.Field(n, "right"), depth+1)
	case "binary_expression", "binary_operator":
		if op := grammars.Field(n, "operator"); op != nil && (grammars.Type(op) == "||" || grammars.Type(op) == "??") {
			return c.safeHole(grammars.Field(n, "left"), depth+1) && c.safeHole(grammars.Field(n, "right"), depth+1)
		}
		ps, how := c.parts(n, int(grammars.Start(n)), depth+1)
		if how == "" {
			return false
		}
		for _, p := range ps {
			if p.hole != nil && !c.safeHole(p.hole, depth+1) {
				return false
			}
		}
		return true
	case "call_expression", "call":
		// A generated placeholder list: ids.map(() => '?').join(', '),
		// strings.Repeat("?,", n), ", ".join(["%s"] * len(ids)).
		if isPlaceholderBuilder(u, n) {
			return true
		}
		// len(args) numbers the next placeholder; converting a safe value
		// to text keeps it safe.
		if fn := grammars.Field(n, "function"); fn != nil {
			switch u.Text(fn) {
			case "len":
				return true
			case "strconv.Itoa", "str", "String":
				if args := grammars.Field(n, "arguments"); args != nil && argCount(args) == 1 {
					return c.safeHole(firstArg(args), depth+1)
				}
			}
		}
		// SORT_COLUMNS.get(x, "id"): looked up in a constant table.
		if fn := grammars.Field(n, "function"); fn != nil && (grammars.Type(fn) == "attribute" || grammars.Type(fn) == "member_expression") {
			obj := grammars.NamedChildAt(fn, 0)
			if m := u.Text(grammars.NamedChildAt(fn, 1)); (m == "get" || m == "Get") && obj != nil && isConstName(lastComponent(u.Text(obj))) {
				return true
			}
		}
		return c.constJoin(n, depth)
	}
	return false
}

// isPlaceholderBuilder reports whether a call builds a list of
// placeholders: every string literal inside is made of placeholders.
func isPlaceholderBuilder(u *Unit, n *sitter.Node) bool {
	t := u.Text(n)
	if !strings.Contains(t, "join") && !strings.Contains(t, "Join") && !strings.Contains(t, "Repeat") && !strings.Contains(t, "repeat") {
		return false
	}
	lits, other := 0, false
	_ = walk(n, func(m *sitter.Node) error {
		if other {
			return nil
		}
		if v, ok := stringValue(u, m); ok {
			lits++
			if !placeholderTextRE.MatchString(v) {
				other = true
			}
		}
		return nil
	})
	return lits > 0 && !other && (strings.Contains(t, "?") || strings.Contains(t, "%s") || strings.Contains(t, "$"))
}

// constJoin reports whether a call joins a list whose every element in
// this scope is constant: conditions.join(" AND "),
// strings.Join(clauses, " AND "), " AND ".join(clauses).
func (c *sqlCtx) constJoin(n *sitter.Node, depth int) bool {
	u := c.u
	var list *sitter.Node
	fn := grammars.Field(n, "function")
	args := grammars.Field(n, "arguments")
	if fn == nil || args == nil {
		return false
	}
	switch u.Lang.Family() {
	case grammars.FamilyJS:
		if grammars.Type(fn) == "member_expression" && u.Text(grammars.Field(fn, "property")) == "join" {
			list = grammars.Field(fn, "object")
		}
	case grammars.FamilyGo:
		if u.Text(fn) == "strings.Join" {
			list = firstArg(args)
		}
	case grammars.FamilyPython:
		if grammars.Type(fn) == "attribute" && u.Text(grammars.Field(fn, "attribute")) == "join" {
			list = firstArg(args)
		}
	}
	name := c.identName(list)
	if name == "" {
		return false
	}
	as := c.assignments(name, int(grammars.Start(n)))
	if len(as) == 0 {
		return false
	}
	for _, a := range as {
		if a.value == nil {
			return false
		}
		if a.list {
			if !c.safeHole(a.value, depth+1) {
				return false
			}
			continue
		}
		// The list's initial value: every element constant.
		if !c.constList(a.value, depth+1) {
			return false
		}
	}
	return true
}

// constList reports whether n is a list literal of constant elements.
func (c *sqlCtx) constList(n *sitter.Node, depth int) bool {
	switch grammars.Type(n) {
	case "array", "list", "composite_literal":
		body := n
		if grammars.Type(n) == "composite_literal" {
			body = grammars.Field(n, "body")
			if body == nil {
				return false
			}
		}
		for i := 0; i < int(grammars.NamedChildCount(body)); i++ {
			el := grammars.NamedChildAt(body, i)
			if grammars.Type(el) == "comment" {
				continue
			}
			if grammars.Type(el) == "literal_element" {
				el = grammars.NamedChildAt(el, 0)
			}
			if !c.safeHole(el, depth+1) {
				return false
			}
		}
		return true
	case "call_expression":
		// make([]string, 0)
		return strings.HasPrefix(c.u.Text(n), "make(")
	}
	return false
}

// allowlistRE builds the pattern of an allowlist check on an identifier in
// the scope's text.
func allowlistPatterns(name string) []*regexp.Regexp {
	q := regexp.QuoteMeta(name)
	return []*regexp.Regexp{
		regexp.MustCompile(`\.(includes|has|indexOf|contains|Contains|Has)\(\s*` + q + `\s*\)`),
		regexp.MustCompile(`\b` + q + `\s+(not\s+)?in\s+[A-Za-z_(\[{]`),
		regexp.MustCompile(`(slices\.Contains|Contains)\([^()]*,\s*` + q + `\s*\)`),
		regexp.MustCompile(`\[\s*` + q + `\s*\]\s*;?\s*!?ok|, ok\s*:?=\s*\w+\[\s*` + q + `\s*\]`),
		regexp.MustCompile(`case\s+"[^"]*"(\s*,\s*"[^"]*")*\s*:[^\n]*\n?\s*` + q + `\s*=`),
	}
}

// allowlisted reports whether the scope checks name against an allowlist
// (ALLOWED.includes(name), name in ALLOWED, slices.Contains(allowed,
// name), a map lookup with ok).
// The answer is kept per unit, scope and name: the patterns are compiled
// for the name, and the sinks of a function splice the same names.
func (c *sqlCtx) allowlisted(name string) bool {
	scope := c.scopeNode()
	return memo(c.u, sqlAllowlistKey{scope, name}, func() bool {
		text := c.u.Text(scope)
		if len(text) > 1<<20 {
			return false
		}
		for _, re := range allowlistPatterns(name) {
			if re.MatchString(text) {
				return true
			}
		}
		return false
	})
}

// sqlAllowlistKey memoises allowlisted per scope and name.
type sqlAllowlistKey struct {
	scope *sitter.Node
	name  string
}
