package detectors

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// cryptoKeyUse is where a call takes a key and what environment variable the fix
// reads it from.
type cryptoKeyUse struct {
	Arg *sitter.Node
	// Env is the variable the fix reads when the key's name says nothing.
	Env string
	// What names the API in the message.
	What string
}

// visitHardcodedKey reports a literal used as an encryption, HMAC or JWT
// signing key (TL303), at the literal, with the environment fix of the
// secrets family.
func visitHardcodedKey(p *Pass, n *sitter.Node) {
	if cryptoCallMayBe(p.Unit, n, hardcodedKeyCallee) {
		checkHardcodedKey(p, n)
	}
}

// checkHardcodedKey is visitHardcodedKey without the look at the bytes.
func checkHardcodedKey(p *Pass, n *sitter.Node) {
	if p.IsTestFile() {
		return
	}
	c, ok := readCryptoCall(p.Unit, n)
	if !ok {
		return
	}
	var use cryptoKeyUse
	switch p.Lang.Family() {
	case grammars.FamilyJS:
		use = jsKeyUse(p.Unit, c)
	case grammars.FamilyGo:
		use = goKeyUse(p.Unit, c)
	case grammars.FamilyPython:
		use = pyKeyUse(p.Unit, c)
	}
	if use.Arg == nil {
		return
	}
	lit, holder, ok := cryptoKeyLiteral(p.Unit, use.Arg, 0)
	if !ok || lit.HasInterpolation() {
		return
	}
	content := lit.Content(p.Unit)
	if len(strings.TrimSpace(content)) < 3 || strings.Contains(content, "-----BEGIN") {
		return // PEM key material is TL103's
	}
	env := use.Env
	if holder != "" {
		if isCredentialName(holder) && credentialValueOK(content, holder, false) {
			return // TL102 reports the literal under its credential name
		}
		if len(splitWords(holder)) >= 2 {
			env = EnvName(holder)
		}
	}
	msg := "Hardcoded key" + paren(redact(content)) + " used as the " + use.What + ": read it from the environment or a secret manager"
	f := Finding{Start: lit.Start, End: lit.End, Message: msg}
	if fix, ok := envFix(p.Unit, lit, Span{lit.ContentStart, lit.ContentEnd}, env); ok {
		f.Fixes = append(f.Fixes, fix)
	}
	p.Report(f)
}

// cryptoMaxKeyDepth bounds how many bindings cryptoKeyLiteral follows.
const cryptoMaxKeyDepth = 3

// cryptoKeyLiteral finds the string literal a key expression is made of: the
// literal itself, an encoding of it (Buffer.from, []byte, .encode()), or
// an identifier bound to one. holder is the identifier the literal was
// bound to, if any.
func cryptoKeyLiteral(u *Unit, n *sitter.Node, depth int) (StringLit, string, bool) {
	n = cryptoUnwrap(n)
	if n == nil || depth > cryptoMaxKeyDepth {
		return StringLit{}, "", false
	}
	if lit, ok := ParseStringLit(u, n); ok {
		return lit, "", true
	}
	switch grammars.Type(n) {
	case "identifier":
		b := cryptoResolve(u, n)
		if b.Value == nil || grammars.Type(b.Value) == "var_spec" {
			return StringLit{}, "", false
		}
		lit, holder, ok := cryptoKeyLiteral(u, b.Value, depth+1)
		if holder == "" {
			holder = b.Name
		}
		return lit, holder, ok
	case "type_conversion_expression": // []byte("…")
		return cryptoKeyLiteral(u, grammars.Field(n, "operand"), depth+1)
	case "call_expression", "new_expression", "call":
		c, ok := readCryptoCall(u, n)
		if !ok {
			return StringLit{}, "", false
		}
		if u.Lang.Family() == grammars.FamilyPython && c.Method == "encode" && len(c.Args) <= 1 {
			// "…".encode()
			if fn := grammars.Field(n, "function"); fn != nil && grammars.Type(fn) == "attribute" {
				return cryptoKeyLiteral(u, grammars.Field(fn, "object"), depth+1)
			}
			return StringLit{}, "", false
		}
		switch {
		case c.Callee == "Buffer.from", c.Method == "encode" && len(c.Args) == 1, c.Callee == "bytes.fromhex",
			c.Callee == "base64.b64decode", c.Callee == "base64.urlsafe_b64decode", c.Callee == "bytes" && len(c.Args) >= 1,
			c.Callee == "[]byte" && len(c.Args) == 1:
			return cryptoKeyLiteral(u, c.Arg(0), depth+1)
		}
	}
	return StringLit{}, "", false
}

// jsJWTCallees are the jsonwebtoken calls whose second argument is the key.
var jsJWTCallees = []string{"jwt.sign", "jwt.verify", "jsonwebtoken.sign", "jsonwebtoken.verify", "JWT.sign", "JWT.verify"}

func jsKeyUse(u *Unit, c cryptoCall) cryptoKeyUse {
	switch {
	case cryptoCalleeIs(c.Callee, "createCipheriv", "createDecipheriv", "createCipher", "createDecipher") && !strings.Contains(c.Callee, "cipher."):
		return cryptoKeyUse{Arg: c.Arg(1), Env: "ENCRYPTION_KEY", What: "key of " + c.Method}
	case cryptoCalleeIs(c.Callee, "createHmac"):
		return cryptoKeyUse{Arg: c.Arg(1), Env: "HMAC_SECRET", What: "HMAC key"}
	case cryptoCalleeIs(c.Callee, "createSecretKey"):
		return cryptoKeyUse{Arg: c.Arg(0), Env: "ENCRYPTION_KEY", What: "secret key"}
	case cryptoCalleeIs(c.Callee, jsJWTCallees...) || (c.Callee == "sign" || c.Callee == "verify") && u.srcContains("jsonwebtoken"):
		return cryptoKeyUse{Arg: c.Arg(1), Env: "JWT_SECRET", What: "JWT signing secret"}
	case c.Method == "sign" && len(c.Args) == 1 && strings.Contains(c.Callee, "SignJWT"):
		return cryptoKeyUse{Arg: c.Arg(0), Env: "JWT_SECRET", What: "JWT signing secret"}
	case strings.HasPrefix(c.Callee, "CryptoJS."):
		parts := strings.Split(c.Callee, ".")
		if len(parts) == 3 && (c.Method == "encrypt" || c.Method == "decrypt") {
			return cryptoKeyUse{Arg: c.Arg(1), Env: "ENCRYPTION_KEY", What: "key of CryptoJS." + parts[1]}
		}
		if len(parts) == 2 && strings.HasPrefix(c.Method, "Hmac") {
			return cryptoKeyUse{Arg: c.Arg(1), Env: "HMAC_SECRET", What: "HMAC key"}
		}
	case cryptoCalleeIs(c.Callee, "subtle.importKey"):
		if f, ok := cryptoJSString(u, c.Arg(0)); ok && f == "raw" {
			return cryptoKeyUse{Arg: c.Arg(1), Env: "ENCRYPTION_KEY", What: "raw key of importKey"}
		}
	}
	return cryptoKeyUse{}
}

// goKeyPackages are the packages whose constructor's first argument is a
// key.
var goKeyPackages = map[string]bool{
	"crypto/aes": true, "crypto/des": true, "crypto/rc4": true, "golang.org/x/crypto/chacha20poly1305": true,
	"golang.org/x/crypto/blowfish": true, "golang.org/x/crypto/cast5": true, "golang.org/x/crypto/xtea": true,
}

func goKeyUse(u *Unit, c cryptoCall) cryptoKeyUse {
	pkg, fn, ok := strings.Cut(c.Callee, ".")
	if !ok {
		return cryptoKeyUse{}
	}
	switch {
	case fn == "New" && cryptoGoImports(u)[pkg] == "crypto/hmac":
		return cryptoKeyUse{Arg: c.Arg(1), Env: "HMAC_SECRET", What: "HMAC key"}
	case strings.HasPrefix(fn, "New") && goKeyPackages[cryptoGoImports(u)[pkg]]:
		return cryptoKeyUse{Arg: c.Arg(0), Env: "ENCRYPTION_KEY", What: "key of " + c.Callee}
	case c.Method == "SignedString" && len(c.Args) == 1:
		return cryptoKeyUse{Arg: c.Arg(0), Env: "JWT_SECRET", What: "JWT signing secret"}
	}
	return cryptoKeyUse{}
}

// pyKeyClasses are the classes and constructors whose first argument is a
// key, with the variable the fix reads.
var pyKeyClasses = map[string]string{
	"Fernet": "FERNET_KEY", "AESGCM": "ENCRYPTION_KEY", "AESCCM": "ENCRYPTION_KEY", "AESOCB3": "ENCRYPTION_KEY",
	"AESSIV": "ENCRYPTION_KEY", "AESGCMSIV": "ENCRYPTION_KEY", "ChaCha20Poly1305": "ENCRYPTION_KEY",
	"SecretBox": "ENCRYPTION_KEY",
}

func pyKeyUse(u *Unit, c cryptoCall) cryptoKeyUse {
	parts := strings.Split(c.Callee, ".")
	prev := ""
	if len(parts) >= 2 {
		prev = parts[len(parts)-2]
	}
	switch {
	case c.Method == "new" && pyCipherModules[prev] || c.Method == "new" && prev == "ARC4":
		return cryptoKeyUse{Arg: c.ArgOrKw(0, "key"), Env: "ENCRYPTION_KEY", What: "key of " + prev}
	case prev == "hmac" && (c.Method == "new" || c.Method == "digest" || c.Method == "HMAC"):
		return cryptoKeyUse{Arg: c.ArgOrKw(0, "key"), Env: "HMAC_SECRET", What: "HMAC key"}
	case prev == "jwt" && (c.Method == "encode" || c.Method == "decode"):
		return cryptoKeyUse{Arg: c.ArgOrKw(1, "key"), Env: "JWT_SECRET", What: "JWT signing secret"}
	case pyKeyClasses[c.Method] != "" && (prev == "" || prev == "aead" || prev == "fernet" || prev == "secret"):
		return cryptoKeyUse{Arg: c.ArgOrKw(0, "key"), Env: pyKeyClasses[c.Method], What: "key of " + c.Method}
	case prev == "algorithms" && (c.Method == "AES" || c.Method == "ChaCha20" || c.Method == "Camellia"):
		return cryptoKeyUse{Arg: c.ArgOrKw(0, "key"), Env: "ENCRYPTION_KEY", What: "key of algorithms." + c.Method}
	}
	return cryptoKeyUse{}
}
