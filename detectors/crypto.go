package detectors

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// cryptoFamily is the cryptography family: weak ciphers (TL301), missing or
// static IVs (TL302), hardcoded keys (TL303), insecure randomness (TL304),
// disabled TLS verification (TL305) and weak hashes (TL306).
func cryptoFamily() family {
	return family{
		rules: []Rule{
			{
				ID: "TL301", Name: "weak-cipher", Severity: SeverityWarning,
				CWE: []string{"CWE-327"}, Families: allFamilies,
				Summary: "DES, 3DES, RC4, Blowfish or an ECB mode used to encrypt data.",
			},
			{
				ID: "TL302", Name: "missing-or-static-iv", Severity: SeverityWarning,
				CWE: []string{"CWE-329", "CWE-1204"}, Families: allFamilies,
				Summary: "createCipher without an IV, or an IV/nonce that is a literal, all zeros or a value reused for every message.",
			},
			{
				ID: "TL303", Name: "hardcoded-encryption-key", Severity: SeverityError,
				CWE: []string{"CWE-321", "CWE-798"}, Families: allFamilies,
				Summary: "A literal used as an encryption, HMAC or JWT signing key.",
			},
			{
				ID: "TL304", Name: "insecure-random", Severity: SeverityWarning,
				CWE: []string{"CWE-338"}, Families: allFamilies,
				Summary: "Math.random, math/rand or Python's random producing a token, password, key, salt, OTP or session id.",
			},
			{
				ID: "TL305", Name: "tls-verification-disabled", Severity: SeverityWarning,
				CWE: []string{"CWE-295"}, Families: allFamilies,
				Summary: "TLS certificate or hostname verification switched off (rejectUnauthorized: false, InsecureSkipVerify, verify=False, CERT_NONE).",
			},
			{
				ID: "TL306", Name: "weak-hash", Severity: SeverityWarning,
				CWE: []string{"CWE-328"}, Families: allFamilies,
				Summary: "MD5 or SHA-1 used for a signature, token, key or the integrity of untrusted data (hint when the use is unclear).",
			},
		},
		checkers: cryptoCheckers(),
	}
}

// cryptoCallKinds are the node types of calls and constructor calls.
var cryptoCallKinds = map[grammars.Family][]string{
	grammars.FamilyJS:     {"call_expression", "new_expression"},
	grammars.FamilyGo:     {"call_expression"},
	grammars.FamilyPython: {"call"},
}

// cryptoCheckers returns the detectors of the crypto family.
func cryptoCheckers() []checker {
	return []checker{
		{rule: "TL301", kinds: cryptoCallKinds, visit: visitWeakCipher},
		{rule: "TL302", kinds: cryptoCallKinds, visit: visitStaticIV},
		{rule: "TL303", kinds: cryptoCallKinds, visit: visitHardcodedKey},
		{rule: "TL304", kinds: cryptoCallKinds, visit: visitInsecureRandom},
		{rule: "TL305", kinds: tlsKinds, visit: visitTLSDisabled},
		{rule: "TL306", kinds: cryptoCallKinds, visit: visitWeakHash},
	}
}

// cryptoCall is a call in any family, read once.
type cryptoCall struct {
	Node *sitter.Node
	// Callee is the callee's text without white space: "crypto.createHash",
	// "hashlib.md5", "aes.NewCipher".
	Callee string
	// Method is the callee's last component: "createHash", "md5".
	Method string
	// Args are the positional arguments, comments and keyword arguments
	// left out.
	Args []*sitter.Node
	// Kwargs are Python's keyword arguments by name.
	Kwargs map[string]*sitter.Node
	// ArgList is the argument list node.
	ArgList *sitter.Node
	// New is true for a JS `new` expression.
	New bool
}

// readCryptoCall reads a call node of the unit's family.
func readCryptoCall(u *Unit, n *sitter.Node) (cryptoCall, bool) {
	type result struct {
		c  cryptoCall
		ok bool
	}
	r := memo(u, readCryptoCallKey{n}, func() result {
		c, ok := readCryptoCallNode(u, n)
		return result{c, ok}
	})
	return r.c, r.ok
}

type readCryptoCallKey struct{ n *sitter.Node }

// readCryptoCallNode is readCryptoCall without the memo.
func readCryptoCallNode(u *Unit, n *sitter.Node) (cryptoCall, bool) {
	c := cryptoCall{Node: n}
	var fn *sitter.Node
	switch grammars.Type(n) {
	case "call_expression", "call":
		fn = grammars.Field(n, "function")
		c.ArgList = grammars.Field(n, "arguments")
	case "new_expression":
		fn = grammars.Field(n, "constructor")
		c.ArgList = grammars.Field(n, "arguments")
		c.New = true
	default:
		return c, false
	}
	if fn == nil {
		return c, false
	}
	c.Callee = cryptoCompact(u.Text(fn))
	c.Method = lastComponent(c.Callee)
	if c.ArgList == nil {
		return c, true
	}
	for i := 0; i < int(grammars.NamedChildCount(c.ArgList)); i++ {
		a := grammars.NamedChildAt(c.ArgList, i)
		switch grammars.Type(a) {
		case "comment":
		case "keyword_argument":
			if c.Kwargs == nil {
				c.Kwargs = map[string]*sitter.Node{}
			}
			if name := grammars.Field(a, "name"); name != nil {
				c.Kwargs[u.Text(name)] = grammars.Field(a, "value")
			}
		case "list_splat", "dictionary_splat", "spread_element", "variadic_argument":
			return c, true // positions after a splat are unknown
		default:
			c.Args = append(c.Args, a)
		}
	}
	return c, true
}

// Arg returns the i-th positional argument, or nil.
func (c cryptoCall) Arg(i int) *sitter.Node {
	if i < 0 || i >= len(c.Args) {
		return nil
	}
	return c.Args[i]
}

// ArgOrKw returns the i-th positional argument or, in Python, the keyword
// argument kw.
func (c cryptoCall) ArgOrKw(i int, kw string) *sitter.Node {
	if v := c.Kwargs[kw]; v != nil {
		return v
	}
	return c.Arg(i)
}

// cryptoCompact removes white space (and a trailing optional-chaining mark) from
// a callee's text.
func cryptoCompact(s string) string {
	if !strings.ContainsAny(s, " \t\r\n") && !strings.Contains(s, "?.") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r', '\n':
		case '?':
			if i+1 < len(s) && s[i+1] == '.' {
				continue
			}
			b.WriteByte(s[i])
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// cryptoCalleeIs reports whether a callee is one of names, either exactly or as
// the last components ("crypto.createCipheriv" matches
// "require('crypto').createCipheriv" and "nodeCrypto.createCipheriv").
func cryptoCalleeIs(callee string, names ...string) bool {
	for _, n := range names {
		if callee == n || strings.HasSuffix(callee, "."+n) {
			return true
		}
	}
	return false
}

// cryptoFuncKinds are the node types of functions, per family.
var cryptoFuncKinds = map[grammars.Family]map[string]bool{
	grammars.FamilyJS: {
		"function_declaration": true, "function_expression": true, "arrow_function": true,
		"method_definition": true, "generator_function_declaration": true, "function": true,
		"generator_function": true,
	},
	grammars.FamilyGo:     {"function_declaration": true, "method_declaration": true, "func_literal": true},
	grammars.FamilyPython: {"function_definition": true, "lambda": true},
}

// cryptoEnclosingFunc returns the nearest function around n, or nil at top
// level.
func cryptoEnclosingFunc(u *Unit, n *sitter.Node) *sitter.Node {
	kinds := cryptoFuncKinds[u.Lang.Family()]
	steps := 0
	for cur := parentOf(u, n); cur != nil && steps < maxClimb; cur, steps = parentOf(u, cur), steps+1 {
		if kinds[grammars.Type(cur)] {
			return cur
		}
	}
	return nil
}

// cryptoFuncName returns the name of a function node: its declared name, the
// method's name, or the variable, field or key an anonymous function is
// given to.
func cryptoFuncName(u *Unit, fn *sitter.Node) string {
	if fn == nil {
		return ""
	}
	if name := grammars.Field(fn, "name"); name != nil {
		return u.Text(name)
	}
	p := parentOf(u, fn)
	if p == nil {
		return ""
	}
	switch grammars.Type(p) {
	case "variable_declarator", "public_field_definition", "field_definition":
		if k, ok := keyName(u, grammars.Field(p, "name")); ok {
			return k
		}
		if k, ok := keyName(u, grammars.Field(p, "property")); ok {
			return k
		}
	case "pair":
		if k, ok := keyName(u, grammars.Field(p, "key")); ok {
			return k
		}
	case "assignment_expression":
		if k, ok := jsAssignee(u, grammars.Field(p, "left")); ok {
			return k
		}
	case "expression_list":
		if s := parentOf(u, p); s != nil && (grammars.Type(s) == "short_var_declaration" || grammars.Type(s) == "assignment_statement" || grammars.Type(s) == "var_spec") {
			if l := grammars.Field(s, "left"); l != nil && grammars.NamedChildCount(l) > 0 {
				k, _ := goAssignee(u, grammars.NamedChildAt(l, 0))
				return k
			}
			if nm := grammars.Field(s, "name"); nm != nil {
				return u.Text(nm)
			}
		}
	}
	return ""
}

// cryptoBinding is what an identifier was last given in the same file.
type cryptoBinding struct {
	// Value is the expression assigned, or nil when none was found.
	Value *sitter.Node
	// TopLevel is true for a module- or package-level cryptoBinding.
	TopLevel bool
	// Name is the bound name as written.
	Name string
}

// cryptoMaxBindingNodes bounds the nodes a cryptoBinding search visits, so a lookup in
// a huge function stays cheap.
const cryptoMaxBindingNodes = 20000

// cryptoResolve finds the cryptoBinding of the identifier n: the last assignment
// before n in the enclosing function, else a top-level one.
func cryptoResolve(u *Unit, n *sitter.Node) cryptoBinding {
	name := u.Text(n)
	b := cryptoBinding{Name: name}
	if name == "" {
		return b
	}
	if fn := cryptoEnclosingFunc(u, n); fn != nil {
		if params := grammars.Field(fn, "parameters"); params != nil && containsIdent(u.Text(params), name) {
			return b // a parameter: its value is the caller's
		}
		if params := grammars.Field(fn, "parameter"); params != nil && containsIdent(u.Text(params), name) {
			return b
		}
		if v := cryptoLastBinding(u, fn, name, int(grammars.Start(n)), false); v != nil {
			b.Value = v
			return b
		}
	}
	if v := cryptoLastBinding(u, u.Tree.RootNode(), name, int(grammars.Start(n)), true); v != nil {
		b.Value, b.TopLevel = v, true
	}
	return b
}

// cryptoLastBinding returns the value last bound to name inside scope. With
// topOnly, only bindings outside any function count, wherever they sit in
// the file (a top-level constant may be declared below its use).
func cryptoLastBinding(u *Unit, scope *sitter.Node, name string, before int, topOnly bool) *sitter.Node {
	// The walks run in C and hand over only the nodes that can bind.
	var binders []*sitter.Node
	switch {
	case topOnly && sameNode(scope, u.Tree.RootNode()):
		// The same walk for every name: walk once, keep the nodes that
		// can bind, and test only those.
		binders = memo(u, cryptoTopBindersKey{}, func() []*sitter.Node { return cryptoTopBinders(u, scope) })
	case topOnly:
		binders = cryptoTopBinders(u, scope)
	default:
		// A function's bindings before the use (every key argument of a
		// crypto call resolves its name this way).
		binders = cryptoScopeBinders(u, scope)
	}
	var found *sitter.Node
	for _, n := range binders {
		if !topOnly && int(grammars.Start(n)) >= before {
			break // document order: the rest come after the use
		}
		if v := cryptoBindingValue(u, n, name); v != nil {
			found = v
		}
	}
	return found
}

// cryptoBindingValue returns the value n binds to name when n is a declaration
// or plain assignment of name.
func cryptoBindingValue(u *Unit, n *sitter.Node, name string) *sitter.Node {
	switch grammars.Type(n) {
	case "variable_declarator": // JS
		if nm := grammars.Field(n, "name"); nm != nil && grammars.Type(nm) == "identifier" && u.Text(nm) == name {
			return grammars.Field(n, "value")
		}
	case "assignment_expression": // JS
		if l := grammars.Field(n, "left"); l != nil && grammars.Type(l) == "identifier" && u.Text(l) == name {
			return grammars.Field(n, "right")
		}
	case "assignment": // Python
		if l := grammars.Field(n, "left"); l != nil && grammars.Type(l) == "identifier" && u.Text(l) == name {
			return grammars.Field(n, "right")
		}
	case "short_var_declaration", "assignment_statement": // Go
		left, right := grammars.Field(n, "left"), grammars.Field(n, "right")
		if left == nil || right == nil {
			return nil
		}
		if grammars.NamedChildCount(right) == 1 && grammars.NamedChildCount(left) > 1 {
			// block, err := aes.NewCipher(key): the first result.
			if l := grammars.NamedChildAt(left, 0); grammars.Type(l) == "identifier" && u.Text(l) == name {
				return grammars.NamedChildAt(right, 0)
			}
			return nil
		}
		if grammars.NamedChildCount(left) != grammars.NamedChildCount(right) {
			return nil
		}
		for i := 0; i < int(grammars.NamedChildCount(left)); i++ {
			if l := grammars.NamedChildAt(left, i); grammars.Type(l) == "identifier" && u.Text(l) == name {
				return grammars.NamedChildAt(right, i)
			}
		}
	case "const_spec", "var_spec": // Go
		value := grammars.Field(n, "value")
		if value == nil {
			// var iv [16]byte: the zero value; the spec stands for it.
			for i := 0; i < int(grammars.ChildCount(n)); i++ {
				if n.FieldNameForChild(i) == "name" && u.Text(grammars.ChildAt(n, i)) == name {
					return n
				}
			}
			return nil
		}
		idx := 0
		for i := 0; i < int(grammars.ChildCount(n)); i++ {
			if n.FieldNameForChild(i) != "name" {
				continue
			}
			if u.Text(grammars.ChildAt(n, i)) == name && idx < int(grammars.NamedChildCount(value)) {
				return grammars.NamedChildAt(value, idx)
			}
			idx++
		}
	}
	return nil
}

// cryptoUnwrap looks through parentheses, TypeScript assertions and `await`.
func cryptoUnwrap(n *sitter.Node) *sitter.Node {
	for i := 0; n != nil && i < maxTargetDepth; i++ {
		switch grammars.Type(n) {
		case "parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "await_expression":
			if grammars.NamedChildCount(n) == 0 {
				return n
			}
			n = grammars.NamedChildAt(n, 0)
		default:
			return n
		}
	}
	return n
}

// cryptoIsIdent reports whether n is a plain identifier.
func cryptoIsIdent(n *sitter.Node) bool {
	return n != nil && grammars.Type(n) == "identifier"
}

type cryptoTopBindersKey struct{}

// cryptoBinderKinds are the node types cryptoBindingValue can bind a name
// with.
var cryptoBinderKinds = map[string]bool{
	"variable_declarator": true, "assignment_expression": true, "assignment": true,
	"short_var_declaration": true, "assignment_statement": true, "const_spec": true, "var_spec": true,
}

// cryptoTopBinders lists, in document order, the nodes of root's
// function-free part that cryptoLastBinding's top-only walk would test:
// the same walk, name left out, run in C (grammars.Collect) since it
// covers every top-level statement on every keystroke.
func cryptoTopBinders(u *Unit, root *sitter.Node) []*sitter.Node {
	flags := cryptoTopFlags[u.Lang]
	if flags == nil {
		return nil
	}
	return grammars.Collect(root, flags(), cryptoMaxBindingNodes)
}

// cryptoScopeBinders lists, in document order, the nodes of scope that
// cryptoLastBinding's walk of a function would test: every binder kind,
// functions inside included, up to cryptoMaxBindingNodes visited nodes.
func cryptoScopeBinders(u *Unit, scope *sitter.Node) []*sitter.Node {
	flags := cryptoScopeFlags[u.Lang]
	if flags == nil {
		return nil
	}
	return grammars.Collect(scope, flags(), cryptoMaxBindingNodes)
}

// cryptoScopeFlags are, per language, cryptoScopeBinders' Collect flags:
// report the binders, prune nothing.
var cryptoScopeFlags = newLangFlags(func(grammars.Lang) map[string]bool { return cryptoBinderKinds }, nil)

// cryptoTopFlags are, per language, the grammars.Collect flags of
// cryptoTopBinders' walk: report the binders, prune functions (whose
// bindings are not top-level) and Python decorators (expressions: no
// binding inside, and a route decorator on every function made the walk
// most of a keystroke's analysis).
var cryptoTopFlags = newLangFlags(func(grammars.Lang) map[string]bool { return cryptoBinderKinds }, func(l grammars.Lang) map[string]bool {
	prune := map[string]bool{"decorator": true}
	for k := range cryptoFuncKinds[l.Family()] {
		prune[k] = true
	}
	return prune
})
