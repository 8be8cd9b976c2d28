package detectors

import (
	"bytes"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// fastHashNames are the general-purpose hash functions: fast by design,
// so wrong for passwords.
var fastHashNames = map[string]bool{
	"md4": true, "md5": true, "sha1": true, "sha224": true, "sha256": true, "sha384": true, "sha512": true,
	"sha3": true, "sha3_256": true, "sha3_512": true, "sha3-256": true, "sha3-512": true, "sha512_256": true,
	"ripemd160": true, "blake2b": true, "blake2s": true, "sha-1": true, "sha-256": true, "sha-512": true,
}

// visitFastPasswordHash reports MD5, SHA-1 or SHA-2 applied to a password
// (TL204).
func visitFastPasswordHash(p *Pass, n *sitter.Node) {
	u := p.Unit
	if !callMayBe(u, n, fastHashMethod) {
		return
	}
	c, ok := readCall(u, n)
	if !ok {
		return
	}
	alg, input := fastHashInput(u, c)
	if input == nil || !passwordInput(u, input, 0) {
		return
	}
	// Have I Been Pwned's range API takes a password's SHA-1 prefix by
	// design: a breach check, not storage.
	lower := bytes.ToLower(u.Src)
	if bytes.Contains(lower, []byte("pwnedpasswords")) || bytes.Contains(lower, []byte("haveibeenpwned")) {
		return
	}
	p.Report(Finding{
		Start: int(grammars.Start(n)), End: int(grammars.End(n)),
		Message: "A password hashed with " + strings.ToUpper(alg) + ": a fast, unsalted hash is cracked in bulk once leaked. Use bcrypt (cost 12+) or argon2id, or an established auth service (Clerk, Auth0)",
	})
}

// fastHashMethod reports whether fastHashInput looks at a call of this
// method at all.
func fastHashMethod(fam grammars.Family, method string) bool {
	switch fam {
	case grammars.FamilyJS:
		return method == "update" || method == "hash" || fastHashNames[strings.ToLower(method)]
	case grammars.FamilyGo:
		return strings.HasPrefix(method, "Sum") || method == "Write" || method == "WriteString"
	case grammars.FamilyPython:
		return method == "new" || method == "update" || fastHashNames[strings.ToLower(method)]
	}
	return false
}

// fastHashInput returns the algorithm and the data argument of a fast hash
// call, or a nil node.
func fastHashInput(u *Unit, c callSite) (string, *sitter.Node) {
	obj := c.ObjectName(u)
	method := strings.ToLower(c.Method)
	switch u.Lang.Family() {
	case grammars.FamilyJS:
		switch {
		case c.Method == "update" && c.Object != nil:
			if inner, ok := readCall(u, unwrapExpr(c.Object)); ok && inner.Method == "createHash" {
				if alg, ok := stringValue(u, inner.Arg(0)); ok && fastHashNames[strings.ToLower(alg)] {
					return alg, c.Arg(0)
				}
			}
		case strings.EqualFold(lastComponent(obj), "cryptojs") && fastHashNames[method]:
			return c.Method, c.Arg(0)
		case c.Object == nil && fastHashNames[method]:
			return c.Method, c.Arg(0)
		case c.Method == "hash" && lastComponent(obj) == "crypto":
			if alg, ok := stringValue(u, c.Arg(0)); ok && fastHashNames[strings.ToLower(alg)] {
				return alg, c.Arg(1)
			}
		}
	case grammars.FamilyGo:
		switch {
		case fastHashNames[obj] && strings.HasPrefix(c.Method, "Sum"):
			return obj, c.Arg(0)
		case (c.Method == "Write" || c.Method == "WriteString") && c.Object != nil && grammars.Type(c.Object) == "identifier":
			if alg := goHashVar(u, c.Object); alg != "" {
				return alg, c.Arg(0)
			}
		case u.Text(c.Func) == "io.WriteString" && len(c.Args) == 2 && grammars.Type(unwrapExpr(c.Args[0])) == "identifier":
			if alg := goHashVar(u, unwrapExpr(c.Args[0])); alg != "" {
				return alg, c.Args[1]
			}
		}
	case grammars.FamilyPython:
		switch {
		case obj == "hashlib" && fastHashNames[method]:
			return c.Method, c.ArgOrKw(0, "data")
		case obj == "hashlib" && c.Method == "new":
			if alg, ok := stringValue(u, c.ArgOrKw(0, "name")); ok && fastHashNames[strings.ToLower(alg)] {
				return alg, c.ArgOrKw(1, "data")
			}
		case c.Method == "update" && c.Object != nil:
			h := unwrapExpr(c.Object)
			if grammars.Type(h) == "identifier" {
				def, ok := findDef(u, scopeOf(u, h), u.Text(h))
				if !ok {
					return "", nil
				}
				h = unwrapExpr(def.Value)
			}
			if inner, ok := readCall(u, h); ok && inner.ObjectName(u) == "hashlib" && fastHashNames[strings.ToLower(inner.Method)] {
				return inner.Method, c.Arg(0)
			}
		}
	}
	return "", nil
}

// goHashVar returns the algorithm of a local hash.Hash made by md5.New(),
// sha256.New() and the like, or "".
func goHashVar(u *Unit, id *sitter.Node) string {
	def, ok := findDef(u, scopeOf(u, id), u.Text(id))
	if !ok {
		return ""
	}
	c, ok := readCall(u, unwrapExpr(def.Value))
	if !ok || !strings.HasPrefix(c.Method, "New") {
		return ""
	}
	if pkg := c.ObjectName(u); fastHashNames[pkg] {
		return pkg
	}
	return ""
}

// passwordInput reports whether a hash input is a password: a
// password-named value, possibly converted ([]byte(pw), pw.encode(),
// Buffer.from(pw)) or concatenated with a salt.
func passwordInput(u *Unit, n *sitter.Node, depth int) bool {
	n = unwrapExpr(n)
	if n == nil || depth > maxSecretDepth {
		return false
	}
	switch grammars.Type(n) {
	case "type_conversion_expression":
		return passwordInput(u, grammars.Field(n, "operand"), depth+1)
	case "binary_expression", "binary_operator":
		if op := grammars.Field(n, "operator"); op == nil || u.Text(op) != "+" {
			return false
		}
		return passwordInput(u, grammars.Field(n, "left"), depth+1) || passwordInput(u, grammars.Field(n, "right"), depth+1)
	case "template_string", "string":
		found := false
		_ = walk(n, func(c *sitter.Node) error {
			if !found && (grammars.Type(c) == "template_substitution" || grammars.Type(c) == "interpolation") && grammars.NamedChildCount(c) > 0 {
				found = passwordInput(u, grammars.NamedChildAt(c, 0), depth+1)
			}
			return nil
		})
		return found
	case "call_expression", "call":
		c, ok := readCall(u, n)
		if !ok {
			return false
		}
		switch c.Method {
		case "encode", "toString", "strip", "trim":
			if c.Object != nil {
				return passwordInput(u, c.Object, depth+1)
			}
		case "from", "str", "String", "bytes", "encode_utf8":
			if len(c.Args) >= 1 {
				return passwordInput(u, c.Args[0], depth+1)
			}
		case "get":
			if v, ok := stringValue(u, c.Arg(0)); ok {
				return isPasswordName(v)
			}
		}
		return false
	}
	return isPasswordName(exprName(u, n))
}
