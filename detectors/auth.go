package detectors

import (
	"strconv"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// authFamily is the password and token family: TL201–TL206.
func authFamily() family {
	return family{
		rules: []Rule{
			{
				ID: "TL201", Name: "weak-password-hash-cost", Severity: SeverityWarning,
				CWE: []string{"CWE-916"}, Families: allFamilies,
				Summary: "A bcrypt cost below 12, PBKDF2 below OWASP's iteration count, scrypt N below 2^17, weak argon2 parameters or argon2i.",
			},
			{
				ID: "TL202", Name: "timing-unsafe-compare", Severity: SeverityWarning,
				CWE: []string{"CWE-208"}, Families: allFamilies,
				Summary: "A hash, HMAC, signature, token or API key compared with ==/===/!=, which leaks how much of it matched through timing.",
			},
			{
				ID: "TL203", Name: "rehash-and-compare", Severity: SeverityError,
				CWE: []string{"CWE-697", "CWE-208"}, Families: allFamilies,
				Summary: "A password hashed again with a fresh salt and compared to the stored hash instead of calling the library's compare.",
			},
			{
				ID: "TL204", Name: "fast-password-hash", Severity: SeverityError,
				CWE: []string{"CWE-916", "CWE-759"}, Families: allFamilies,
				Summary: "MD5, SHA-1 or SHA-2 applied to a password: fast and unsalted, so stolen hashes are cracked in bulk.",
			},
			{
				ID: "TL205", Name: "jwt-without-expiry", Severity: SeverityWarning,
				CWE: []string{"CWE-613"}, Families: allFamilies,
				Summary: "A JWT signed with no expiry: a leaked token stays valid forever.",
			},
			{
				ID: "TL206", Name: "jwt-unverified", Severity: SeverityError,
				CWE: []string{"CWE-347"}, Families: allFamilies,
				Summary: "A JWT decoded without verifying its signature, with the none algorithm accepted, or with a key function that does not check the algorithm.",
			},
		},
		checkers: authCheckers(),
	}
}

// authCallKinds are the call node types of each family.
var authCallKinds = map[grammars.Family][]string{
	grammars.FamilyJS:     {"call_expression"},
	grammars.FamilyGo:     {"call_expression"},
	grammars.FamilyPython: {"call"},
}

// authCompareKinds are the comparison node types of each family.
var authCompareKinds = map[grammars.Family][]string{
	grammars.FamilyJS:     {"binary_expression"},
	grammars.FamilyGo:     {"binary_expression"},
	grammars.FamilyPython: {"comparison_operator"},
}

// authCheckers returns the detectors of the auth family.
func authCheckers() []checker {
	return []checker{
		{rule: "TL201", kinds: authCallKinds, visit: visitHashCost},
		{rule: "TL202", kinds: authCompareKinds, visit: visitTimingCompare},
		{rule: "TL203", kinds: authCompareKinds, visit: visitRehashCompare},
		{rule: "TL203", kinds: map[grammars.Family][]string{grammars.FamilyGo: {"call_expression"}}, visit: visitRehashEqualCall},
		{rule: "TL204", kinds: authCallKinds, visit: visitFastPasswordHash},
		{rule: "TL205", kinds: authCallKinds, visit: visitJWTExpiry},
		{rule: "TL206", kinds: authCallKinds, visit: visitJWTUnverified},
		{rule: "TL206", kinds: map[grammars.Family][]string{grammars.FamilyGo: {"selector_expression"}}, visit: visitJWTNoneGo},
	}
}

// callSite is a call in any family, split into receiver, method and
// arguments.
type callSite struct {
	Node *sitter.Node
	// Object is the receiver expression (bcrypt in bcrypt.hash), nil for
	// a plain function call.
	Object *sitter.Node
	// Func is the whole callee expression.
	Func *sitter.Node
	// Method is the called name: the property, field or attribute, or the
	// function's identifier.
	Method string
	// ArgList is the argument list node; Args its positional arguments
	// and Kwargs Python's keyword arguments.
	ArgList *sitter.Node
	Args    []*sitter.Node
	Kwargs  map[string]*sitter.Node
}

// readCall reads n as a call. It returns false for anything else,
// including tagged templates and calls whose callee is neither a name nor
// a member access.
func readCall(u *Unit, n *sitter.Node) (callSite, bool) {
	if n == nil {
		return callSite{}, false
	}
	type result struct {
		c  callSite
		ok bool
	}
	// Every detector of a call reads it: once per node and unit. Nodes are
	// stable pointers within a tree (go-tree-sitter caches them).
	r := memo(u, readCallKey{n}, func() result {
		c, ok := readCallNode(u, n)
		return result{c, ok}
	})
	return r.c, r.ok
}

type readCallKey struct{ n *sitter.Node }

// readCallNode is readCall without the memo.
func readCallNode(u *Unit, n *sitter.Node) (callSite, bool) {
	c := callSite{Node: n}
	switch grammars.Type(n) {
	case "call_expression", "call":
	default:
		return c, false
	}
	fn := grammars.Field(n, "function")
	args := grammars.Field(n, "arguments")
	if fn == nil || args == nil {
		return c, false
	}
	if grammars.Type(args) != "arguments" && grammars.Type(args) != "argument_list" {
		return c, false
	}
	c.Func, c.ArgList = fn, args
	switch grammars.Type(fn) {
	case "member_expression":
		c.Object = grammars.Field(fn, "object")
		c.Method = u.Text(grammars.Field(fn, "property"))
	case "selector_expression":
		c.Object = grammars.Field(fn, "operand")
		c.Method = u.Text(grammars.Field(fn, "field"))
	case "attribute":
		c.Object = grammars.Field(fn, "object")
		c.Method = u.Text(grammars.Field(fn, "attribute"))
	case "identifier":
		c.Method = u.Text(fn)
	default:
		return c, false
	}
	for i := 0; i < int(grammars.NamedChildCount(args)); i++ {
		a := grammars.NamedChildAt(args, i)
		switch grammars.Type(a) {
		case "comment":
		case "keyword_argument":
			if c.Kwargs == nil {
				c.Kwargs = map[string]*sitter.Node{}
			}
			if name := grammars.Field(a, "name"); name != nil {
				c.Kwargs[u.Text(name)] = grammars.Field(a, "value")
			}
		default:
			c.Args = append(c.Args, a)
		}
	}
	return c, true
}

// Arg returns the i-th positional argument, or nil.
func (c callSite) Arg(i int) *sitter.Node {
	if i < len(c.Args) {
		return c.Args[i]
	}
	return nil
}

// ArgOrKw returns the i-th positional argument, or else the keyword
// argument of that name.
func (c callSite) ArgOrKw(i int, kw string) *sitter.Node {
	if a := c.Arg(i); a != nil && grammars.Type(a) != "list_splat" && grammars.Type(a) != "dictionary_splat" {
		return a
	}
	return c.Kwargs[kw]
}

// ObjectName returns the receiver's text, or "".
func (c callSite) ObjectName(u *Unit) string {
	if c.Object == nil {
		return ""
	}
	return u.Text(c.Object)
}

// unwrapExpr looks through parentheses, await, TypeScript assertions and
// non-null assertions.
func unwrapExpr(n *sitter.Node) *sitter.Node {
	for i := 0; n != nil && i < maxTargetDepth; i++ {
		switch grammars.Type(n) {
		case "parenthesized_expression", "await_expression", "await", "non_null_expression", "as_expression", "satisfies_expression":
			next := grammars.NamedChildAt(n, 0)
			if next == nil {
				return n
			}
			n = next
		default:
			return n
		}
	}
	return n
}

// comparison is an equality test between two operands.
type comparison struct {
	Node        *sitter.Node
	Left, Right *sitter.Node
	// Negated is true for != and !==.
	Negated bool
	// Op is the operator as written.
	Op string
}

// readComparison reads n as ==, ===, != or !== between two operands.
// Python chains (a == b == c) are not comparisons of two operands.
func readComparison(u *Unit, n *sitter.Node) (comparison, bool) {
	if !mayBeEquality(u, n) {
		return comparison{Node: n}, false
	}
	return readComparisonNode(u, n)
}

// readComparisonNode is readComparison without the check of the source
// for an equality operator.
func readComparisonNode(u *Unit, n *sitter.Node) (comparison, bool) {
	c := comparison{Node: n}
	switch grammars.Type(n) {
	case "binary_expression":
		op := grammars.Field(n, "operator")
		if op == nil {
			return c, false
		}
		c.Op = u.Text(op)
		c.Left, c.Right = grammars.Field(n, "left"), grammars.Field(n, "right")
	case "comparison_operator":
		var operands []*sitter.Node
		var ops []string
		for i := 0; i < int(grammars.ChildCount(n)); i++ {
			ch := grammars.ChildAt(n, i)
			switch {
			case grammars.IsNamed(ch) && grammars.Type(ch) != "comment":
				operands = append(operands, ch)
			case !grammars.IsNamed(ch):
				ops = append(ops, grammars.Type(ch))
			}
		}
		if len(operands) != 2 || len(ops) != 1 {
			return c, false
		}
		c.Op, c.Left, c.Right = ops[0], operands[0], operands[1]
	default:
		return c, false
	}
	switch c.Op {
	case "==", "===":
	case "!=", "!==":
		c.Negated = true
	default:
		return c, false
	}
	if c.Left == nil || c.Right == nil || n.HasError() {
		return c, false
	}
	return c, true
}

// isLiteralOperand reports whether n is a constant a secret is compared
// with for emptiness, presence or a sentinel: strings, numbers, null,
// undefined, nil, None, booleans, typeof, length and len().
func isLiteralOperand(u *Unit, n *sitter.Node) bool {
	n = unwrapExpr(n)
	if n == nil {
		return true
	}
	switch grammars.Type(n) {
	case "string", "template_string", "interpreted_string_literal", "raw_string_literal",
		"number", "integer", "float", "int_literal", "float_literal", "rune_literal",
		"null", "undefined", "nil", "none", "true", "false", "unary_expression",
		"concatenated_string", "regex", "array", "list", "object", "dictionary":
		if grammars.Type(n) == "unary_expression" {
			op := grammars.Field(n, "operator")
			return op != nil && (u.Text(op) == "typeof" || u.Text(op) == "void" || u.Text(op) == "-")
		}
		if grammars.Type(n) == "template_string" {
			lit, ok := ParseStringLit(u, n)
			return ok && !lit.HasInterpolation()
		}
		return true
	case "identifier":
		switch u.Text(n) {
		case "undefined", "nil", "None", "NaN":
			return true
		}
	}
	return false
}

// enclosingFunction returns the innermost function around n (bounded
// climb), or nil.
func enclosingFunction(u *Unit, n *sitter.Node) *sitter.Node {
	cur := n
	for steps := 0; cur != nil && steps < maxClimb; steps++ {
		switch grammars.Type(cur) {
		case "function_declaration", "function_expression", "arrow_function", "method_definition",
			"generator_function_declaration", "function", "method_declaration", "func_literal",
			"function_definition", "lambda":
			return cur
		}
		cur = parentOf(u, cur)
	}
	return nil
}

// scopeOf returns the node whose text bounds a local lookup from n: the
// enclosing function, or the whole file at top level.
func scopeOf(u *Unit, n *sitter.Node) *sitter.Node {
	if fn := enclosingFunction(u, n); fn != nil {
		return fn
	}
	return u.Tree.RootNode()
}

// isAsyncFunction reports whether a JS/Python function node is async.
func isAsyncFunction(u *Unit, fn *sitter.Node) bool {
	if fn == nil {
		return false
	}
	for i := 0; i < int(grammars.ChildCount(fn)); i++ {
		ch := grammars.ChildAt(fn, i)
		if !grammars.IsNamed(ch) && grammars.Type(ch) == "async" {
			return true
		}
		if grammars.IsNamed(ch) {
			break
		}
	}
	return strings.HasPrefix(u.Text(fn), "async")
}

// localDef is a variable's single definition in a scope.
type localDef struct {
	// Value is the defining expression (the call, for `a, err := f()`).
	Value *sitter.Node
	// Stmt is the statement that defines it.
	Stmt *sitter.Node
	// Index is the variable's position on the left of a multi-assignment.
	Index int
}

// findDef returns the only definition of name inside scope: a JS
// declarator, a Go short variable declaration, var or const spec, or a
// Python assignment. It returns false when the name is defined or
// assigned more than once, or not at all.
func findDef(u *Unit, scope *sitter.Node, name string) (localDef, bool) {
	type result struct {
		def localDef
		ok  bool
	}
	r := memo(u, findDefKey{scope, name}, func() result {
		d, ok := findDefWalk(u, scope, name)
		return result{d, ok}
	})
	return r.def, r.ok
}

// findDefKey memoises findDef per scope and name: a function with many
// `err != nil` checks would otherwise be walked once per check.
type findDefKey struct {
	scope *sitter.Node
	name  string
}

// findDefWalk is findDef without the memo.
func findDefWalk(u *Unit, scope *sitter.Node, name string) (localDef, bool) {
	var found []localDef
	assigned := 0
	_ = walk(scope, func(n *sitter.Node) error {
		switch grammars.Type(n) {
		case "variable_declarator":
			if nm := grammars.Field(n, "name"); nm != nil && grammars.Type(nm) == "identifier" && u.Text(nm) == name {
				if v := grammars.Field(n, "value"); v != nil {
					found = append(found, localDef{Value: v, Stmt: parentOf(u, n)})
				} else {
					assigned++
				}
			}
		case "assignment_expression", "augmented_assignment_expression":
			if l := grammars.Field(n, "left"); l != nil && u.Text(l) == name {
				assigned++
			}
		case "short_var_declaration", "assignment_statement", "const_spec", "var_spec":
			var left, right *sitter.Node
			var names []*sitter.Node
			if grammars.Type(n) == "const_spec" || grammars.Type(n) == "var_spec" {
				right = grammars.Field(n, "value")
				for i := 0; i < int(grammars.ChildCount(n)); i++ {
					if n.FieldNameForChild(i) == "name" {
						names = append(names, grammars.ChildAt(n, i))
					}
				}
			} else {
				left, right = grammars.Field(n, "left"), grammars.Field(n, "right")
				if left != nil {
					for i := 0; i < int(grammars.NamedChildCount(left)); i++ {
						names = append(names, grammars.NamedChildAt(left, i))
					}
				}
			}
			for i, nm := range names {
				if u.Text(nm) != name {
					continue
				}
				if grammars.Type(n) == "assignment_statement" {
					assigned++
					continue
				}
				if right == nil {
					assigned++
					continue
				}
				val := right
				if grammars.Type(right) == "expression_list" {
					if int(grammars.NamedChildCount(right)) == len(names) {
						val = grammars.NamedChildAt(right, i)
					} else if grammars.NamedChildCount(right) == 1 {
						val = grammars.NamedChildAt(right, 0)
					} else {
						assigned++
						continue
					}
				}
				stmt := n
				if grammars.Type(n) != "short_var_declaration" {
					stmt = parentOf(u, n)
				}
				found = append(found, localDef{Value: val, Stmt: stmt, Index: i})
			}
		case "assignment":
			l, r := grammars.Field(n, "left"), grammars.Field(n, "right")
			if l == nil || u.Text(l) != name {
				if l != nil && grammars.Type(l) == "pattern_list" && containsIdent(u.Text(l), name) {
					assigned++
				}
				return nil
			}
			if r == nil {
				return nil // annotation only
			}
			found = append(found, localDef{Value: r, Stmt: parentOf(u, n)})
		case "augmented_assignment":
			if l := grammars.Field(n, "left"); l != nil && u.Text(l) == name {
				assigned++
			}
		}
		return nil
	})
	if len(found) != 1 || assigned > 0 {
		return localDef{}, false
	}
	return found[0], true
}

// maxEvalDepth bounds constant folding through names and operators.
const maxEvalDepth = 6

// evalInt folds an integer expression: literals (with _ separators, hex),
// parentheses, *, +, <<, ** and Math.pow, and names defined once in the
// file with such a value. lit is the literal a fix should edit when the
// value comes from exactly one number literal.
func evalInt(u *Unit, n *sitter.Node, depth int) (v int64, lit *sitter.Node, ok bool) {
	n = unwrapExpr(n)
	if n == nil || depth > maxEvalDepth {
		return 0, nil, false
	}
	switch grammars.Type(n) {
	case "number", "integer", "int_literal":
		text := strings.ReplaceAll(u.Text(n), "_", "")
		text = strings.TrimSuffix(strings.TrimSuffix(text, "n"), "L")
		if x, err := strconv.ParseInt(text, 0, 64); err == nil {
			return x, n, true
		}
		if f, err := strconv.ParseFloat(text, 64); err == nil && f == float64(int64(f)) {
			return int64(f), n, true
		}
		return 0, nil, false
	case "binary_expression", "binary_operator":
		l, r := grammars.Field(n, "left"), grammars.Field(n, "right")
		op := grammars.Field(n, "operator")
		if op == nil {
			return 0, nil, false
		}
		a, _, ok1 := evalInt(u, l, depth+1)
		b, _, ok2 := evalInt(u, r, depth+1)
		if !ok1 || !ok2 {
			return 0, nil, false
		}
		switch u.Text(op) {
		case "*":
			return a * b, nil, true
		case "+":
			return a + b, nil, true
		case "<<":
			if b < 0 || b > 62 {
				return 0, nil, false
			}
			return a << uint(b), nil, true
		case "**":
			return ipow(a, b)
		}
	case "call_expression":
		if c, ok := readCall(u, n); ok && u.Text(c.Func) == "Math.pow" && len(c.Args) == 2 {
			a, _, ok1 := evalInt(u, c.Args[0], depth+1)
			b, _, ok2 := evalInt(u, c.Args[1], depth+1)
			if ok1 && ok2 {
				return ipow(a, b)
			}
		}
	case "selector_expression":
		// golang.org/x/crypto/bcrypt's named costs.
		switch u.Text(n) {
		case "bcrypt.MinCost":
			return 4, nil, true
		case "bcrypt.DefaultCost":
			return 10, nil, true
		}
	case "identifier":
		def, ok := findDef(u, u.Tree.RootNode(), u.Text(n))
		if !ok {
			return 0, nil, false
		}
		return evalInt(u, def.Value, depth+1)
	}
	return 0, nil, false
}

func ipow(a, b int64) (int64, *sitter.Node, bool) {
	if b < 0 || b > 62 {
		return 0, nil, false
	}
	r := int64(1)
	for i := int64(0); i < b; i++ {
		r *= a
		if r > 1<<40 {
			return 0, nil, false
		}
	}
	return r, nil, true
}

// formatIntLike writes v in the style of the literal it replaces: with _
// separators when the original had them.
func formatIntLike(u *Unit, lit *sitter.Node, v int64) string {
	s := strconv.FormatInt(v, 10)
	if lit == nil || !strings.Contains(u.Text(lit), "_") {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('_')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// exprName returns the name an operand stands for: an identifier, the
// last property of a member access, a subscript's string key, or the
// string argument of a getter call (req.get("X-Api-Key"),
// os.Getenv("API_KEY")). It returns "" for anything else.
func exprName(u *Unit, n *sitter.Node) string {
	n = unwrapExpr(n)
	if n == nil {
		return ""
	}
	switch grammars.Type(n) {
	case "identifier", "property_identifier", "field_identifier", "shorthand_property_identifier":
		return u.Text(n)
	case "member_expression":
		return u.Text(grammars.Field(n, "property"))
	case "selector_expression":
		return u.Text(grammars.Field(n, "field"))
	case "attribute":
		return u.Text(grammars.Field(n, "attribute"))
	case "subscript_expression", "subscript", "index_expression":
		idx := grammars.Field(n, "index")
		if idx == nil {
			idx = grammars.Field(n, "subscript")
		}
		if v, ok := stringValue(u, idx); ok {
			return v
		}
		return ""
	case "call_expression", "call":
		c, ok := readCall(u, n)
		if !ok || len(c.Args) == 0 {
			return ""
		}
		switch c.Method {
		case "get", "Get", "header", "getHeader", "get_header", "GetHeader", "FormValue", "PostFormValue", "Getenv", "getenv", "LookupEnv":
			if v, ok := stringValue(u, c.Args[0]); ok {
				return v
			}
		}
	}
	return ""
}

// lastWords returns the lower-case words of name.
func lastWords(name string) []string { return splitWords(name) }

// hasWord reports whether one of words equals one of want.
func hasWord(words []string, want ...string) bool {
	for _, w := range words {
		for _, x := range want {
			if w == x {
				return true
			}
		}
	}
	return false
}

// isPasswordName reports whether a name holds a plaintext password:
// password, plainPassword, pwd, user.password, passphrase. Hashes,
// reset tokens, lengths, policies and labels of passwords are not.
func isPasswordName(name string) bool {
	words := lastWords(name)
	if len(words) == 0 {
		return false
	}
	found := false
	for _, w := range words {
		switch w {
		case "password", "passwd", "pwd", "passphrase", "pw":
			found = true
		}
		if strings.HasSuffix(w, "password") && len(w) > len("password") {
			found = true
		}
	}
	if !found {
		return false
	}
	return !hasWord(words, "hash", "hashed", "hashes", "digest", "reset", "token", "length", "len", "policy",
		"min", "max", "field", "label", "hint", "strength", "expires", "expiry", "url", "path", "file",
		"name", "id", "input", "regex", "pattern", "salt", "encrypted", "enc", "changed", "updated", "at",
		"rules", "rule", "error", "errors", "valid", "visible", "show", "type", "count", "attempts")
}
