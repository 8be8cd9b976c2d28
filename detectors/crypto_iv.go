package detectors

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// visitStaticIV reports Node's createCipher/createDecipher, which use no IV
// at all, and IVs or nonces that are literals, zero-filled buffers or
// values created once and reused for every message (TL302).
func visitStaticIV(p *Pass, n *sitter.Node) {
	if cryptoCallMayBe(p.Unit, n, staticIVCallee) {
		checkStaticIV(p, n)
	}
}

// checkStaticIV is visitStaticIV without the look at the bytes.
func checkStaticIV(p *Pass, n *sitter.Node) {
	c, ok := readCryptoCall(p.Unit, n)
	if !ok {
		return
	}
	var iv *sitter.Node
	switch p.Lang.Family() {
	case grammars.FamilyJS:
		if cryptoCalleeIs(c.Callee, "createCipher", "createDecipher") && !strings.Contains(c.Callee, "cipher.") && len(c.Args) >= 2 {
			// Node's createCipher (forge's cipher.createCipher takes its IV
			// in start()).
			fn := grammars.Field(c.Node, "function")
			p.Report(Finding{
				Start: int(grammars.Start(fn)), End: int(grammars.End(fn)),
				Message: c.Method + " uses no IV and derives the key with a single MD5 round (removed in Node 22): use createCipheriv with a random IV from crypto.randomBytes and store the IV with the ciphertext",
			})
			return
		}
		iv = jsIVArg(p.Unit, c)
	case grammars.FamilyGo:
		iv = goIVArg(p.Unit, c)
	case grammars.FamilyPython:
		iv = pyIVArg(p.Unit, c)
	}
	if iv == nil {
		return
	}
	why := cryptoStaticIV(p.Unit, iv, 0)
	if why == "" {
		return
	}
	p.Report(Finding{
		Start: int(grammars.Start(iv)), End: int(grammars.End(iv)),
		Message: "The IV/nonce is " + why + ": generate a fresh random one for every message and store it with the ciphertext",
	})
}

// jsIVArg returns the IV argument of createCipheriv, WebCrypto's
// encrypt/decrypt or forge's cipher.start.
func jsIVArg(u *Unit, c cryptoCall) *sitter.Node {
	switch {
	case cryptoCalleeIs(c.Callee, "createCipheriv", "createDecipheriv"):
		if alg, ok := cryptoJSString(u, c.Arg(0)); ok && (weakCipherName(alg) == "ECB mode" || weakCipherName(alg) == "RC4") {
			return nil
		}
		return c.Arg(2)
	case cryptoCalleeIs(c.Callee, "subtle.encrypt", "subtle.decrypt"):
		if a := cryptoUnwrap(c.Arg(0)); a != nil && grammars.Type(a) == "object" {
			if v := cryptoObjectValue(u, a, "iv"); v != nil {
				return v
			}
			return cryptoObjectValue(u, a, "counter")
		}
	case c.Method == "start" && (strings.Contains(strings.ToLower(c.Callee), "cipher")):
		if a := cryptoUnwrap(c.Arg(0)); a != nil && grammars.Type(a) == "object" {
			return cryptoObjectValue(u, a, "iv")
		}
	}
	return nil
}

// goIVArg returns the IV or nonce argument of crypto/cipher's stream
// constructors and an AEAD's Seal/Open.
func goIVArg(u *Unit, c cryptoCall) *sitter.Node {
	switch {
	case cryptoCalleeIs(c.Callee, "cipher.NewCBCEncrypter", "cipher.NewCBCDecrypter", "cipher.NewCFBEncrypter",
		"cipher.NewCFBDecrypter", "cipher.NewCTR", "cipher.NewOFB", "chacha20.NewUnauthenticatedCipher"):
		return c.Arg(1)
	case (c.Method == "Seal" || c.Method == "Open") && len(c.Args) == 4 && strings.Contains(c.Callee, "."):
		return c.Arg(1)
	}
	return nil
}

// pyIVArg returns the IV or nonce of PyCryptodome's X.new, cryptography's
// modes, or an AEAD's encrypt/decrypt.
func pyIVArg(u *Unit, c cryptoCall) *sitter.Node {
	parts := strings.Split(c.Callee, ".")
	switch {
	case c.Method == "new" && len(parts) >= 2 && pyCipherModules[parts[len(parts)-2]]:
		if v := c.Kwargs["iv"]; v != nil {
			return v
		}
		if v := c.Kwargs["nonce"]; v != nil {
			return v
		}
		mode := c.ArgOrKw(1, "mode")
		if mode == nil || strings.HasSuffix(u.Text(mode), "MODE_ECB") {
			return nil
		}
		return c.Arg(2)
	case len(parts) == 2 && parts[0] == "modes" || len(parts) == 1 && u.srcContains("cryptography"):
		switch c.Method {
		case "CBC", "CFB", "CFB8", "OFB", "GCM":
			return c.ArgOrKw(0, "initialization_vector")
		case "CTR":
			return c.ArgOrKw(0, "nonce")
		}
	case (c.Method == "encrypt" || c.Method == "decrypt") && len(c.Args) == 3 && len(parts) >= 2:
		src := u.srcString()
		for _, aead := range []string{"AESGCM", "ChaCha20Poly1305", "AESCCM", "AESOCB3", "AESGCMSIV"} {
			if strings.Contains(src, aead) {
				return c.Arg(0)
			}
		}
	}
	return nil
}

// pyCipherModules are PyCryptodome's cipher modules that take an IV or a
// nonce.
var pyCipherModules = map[string]bool{
	"AES": true, "DES3": true, "DES": true, "Blowfish": true, "CAST": true, "ARC2": true,
	"ChaCha20": true, "ChaCha20_Poly1305": true, "Salsa20": true,
}

// cryptoMaxIVDepth bounds how many bindings cryptoStaticIV follows.
const cryptoMaxIVDepth = 3

// cryptoStaticIV explains why an IV expression is the same for every message: a
// literal, zeros, a constant or a value generated once at load time. It
// returns "" when the IV may be fresh.
func cryptoStaticIV(u *Unit, n *sitter.Node, depth int) string {
	n = cryptoUnwrap(n)
	if n == nil || depth > cryptoMaxIVDepth {
		return ""
	}
	if lit, ok := ParseStringLit(u, n); ok {
		if lit.HasInterpolation() {
			return ""
		}
		return "a literal"
	}
	text := cryptoCompact(u.Text(n))
	switch u.Lang.Family() {
	case grammars.FamilyJS:
		switch grammars.Type(n) {
		case "array":
			return "a literal"
		case "identifier", "shorthand_property_identifier":
			return cryptoStaticBinding(u, n, depth)
		case "call_expression", "new_expression":
			c, _ := readCryptoCall(u, n)
			switch {
			case c.Callee == "Buffer.alloc":
				if fill := c.Arg(1); fill == nil || cryptoStaticIV(u, fill, depth+1) != "" || grammars.Type(fill) == "number" {
					return "a zero-filled (or constant) buffer"
				}
			case c.Callee == "Buffer.from":
				if a := cryptoUnwrap(c.Arg(0)); a != nil && (grammars.Type(a) == "array" || cryptoStaticIV(u, a, depth+1) == "a literal") {
					return "a literal"
				}
			case c.New && (strings.HasSuffix(c.Callee, "Array") || c.Callee == "Buffer"):
				if a := cryptoUnwrap(c.Arg(0)); a != nil && (grammars.Type(a) == "number" || grammars.Type(a) == "array") {
					return "a zero-filled (or constant) buffer"
				}
			case c.Method == "fill":
				if obj := grammars.Field(grammars.Field(n, "function"), "object"); obj != nil {
					if why := cryptoStaticIV(u, obj, depth+1); why != "" {
						return why
					}
				}
			}
		}
	case grammars.FamilyGo:
		switch grammars.Type(n) {
		case "type_conversion_expression":
			if cryptoStaticIV(u, grammars.Field(n, "operand"), depth+1) != "" {
				return "a literal"
			}
		case "composite_literal":
			return "a literal"
		case "identifier":
			return cryptoStaticBinding(u, n, depth)
		case "slice_expression":
			if op := grammars.Field(n, "operand"); cryptoIsIdent(op) {
				return cryptoStaticBinding(u, op, depth)
			}
		case "call_expression":
			if strings.HasPrefix(text, "make([]byte,") || strings.HasPrefix(text, "bytes.Repeat(") {
				return "a zero-filled (or constant) buffer"
			}
		case "var_spec":
			return "a zero-filled (or constant) buffer"
		}
	case grammars.FamilyPython:
		switch grammars.Type(n) {
		case "binary_operator":
			if l := grammars.Field(n, "left"); l != nil && grammars.Type(l) == "string" {
				return "a literal"
			}
		case "identifier":
			return cryptoStaticBinding(u, n, depth)
		case "call":
			c, _ := readCryptoCall(u, n)
			if (c.Callee == "bytes" || c.Callee == "bytearray") && len(c.Args) == 1 {
				return "a zero-filled (or constant) buffer"
			}
		}
	}
	return ""
}

// cryptoStaticBinding classifies an identifier used as an IV by what it was
// bound to: a static value, or a value bound at top level (created once
// and reused for every message).
func cryptoStaticBinding(u *Unit, ident *sitter.Node, depth int) string {
	b := cryptoResolve(u, ident)
	if b.Value == nil {
		return ""
	}
	why := cryptoStaticIV(u, b.Value, depth+1)
	if why == "a zero-filled (or constant) buffer" && !b.TopLevel && cryptoFilled(u, ident, b.Name) {
		return ""
	}
	if why != "" {
		if b.TopLevel {
			return why + " (`" + clip(b.Name) + "`, shared by every message)"
		}
		return why
	}
	if b.TopLevel && !cryptoFuncKinds[u.Lang.Family()][grammars.Type(b.Value)] {
		return "created once (`" + clip(b.Name) + "`) and reused for every message"
	}
	return ""
}

// cryptoFillers are the calls that fill a buffer with random bytes in place.
var cryptoFillers = map[string]bool{
	"Read": true, "ReadFull": true, "randomFillSync": true, "randomFill": true,
	"getRandomValues": true, "readinto": true,
}

// cryptoFilled reports whether, in the function around at, name is
// given to a call that fills it with random bytes.
func cryptoFilled(u *Unit, at *sitter.Node, name string) bool {
	scope := cryptoEnclosingFunc(u, at)
	if scope == nil {
		scope = u.Tree.RootNode()
	}
	filled := false
	kinds := cryptoCallKinds[u.Lang.Family()]
	_ = walk(scope, func(n *sitter.Node) error {
		if filled {
			return nil
		}
		for _, k := range kinds {
			if grammars.Type(n) != k {
				continue
			}
			c, ok := readCryptoCall(u, n)
			if !ok || !cryptoFillers[c.Method] {
				continue
			}
			for _, a := range c.Args {
				if containsIdent(u.Text(a), name) {
					filled = true
				}
			}
		}
		return nil
	})
	return filled
}
