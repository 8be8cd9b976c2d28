package detectors

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// weakCipherName returns a readable name when an OpenSSL-style algorithm
// name ("des-ede3-cbc", "rc4", "bf-cbc", "aes-256-ecb", forge's "DES-ECB")
// is a weak cipher or an ECB mode, or "".
func weakCipherName(alg string) string {
	a := strings.ToLower(strings.TrimSpace(alg))
	switch {
	case a == "":
		return ""
	case strings.HasPrefix(a, "des-ede3"), strings.HasPrefix(a, "des3"), strings.HasPrefix(a, "3des"), a == "des-ede", strings.HasPrefix(a, "des-ede-"), strings.HasPrefix(a, "tripledes"):
		return "3DES"
	case a == "des" || strings.HasPrefix(a, "des-") || a == "desx" || strings.HasPrefix(a, "desx-"):
		return "DES"
	case strings.HasPrefix(a, "rc4"), strings.HasPrefix(a, "arc4"):
		return "RC4"
	case strings.HasPrefix(a, "rc2"):
		return "RC2"
	case a == "bf" || strings.HasPrefix(a, "bf-") || strings.HasPrefix(a, "blowfish"):
		return "Blowfish"
	case strings.HasPrefix(a, "cast5") || a == "cast" || strings.HasPrefix(a, "cast-"):
		return "CAST5"
	case a == "idea" || strings.HasPrefix(a, "idea-"):
		return "IDEA"
	case strings.HasSuffix(a, "-ecb") || strings.HasSuffix(a, "_ecb"):
		return "ECB mode"
	}
	return ""
}

// weakCipherAdvice is the message tail of TL301.
const weakCipherAdvice = ": use AES-256-GCM (or ChaCha20-Poly1305) with a random nonce"

// visitWeakCipher reports weak ciphers and ECB modes (TL301).
func visitWeakCipher(p *Pass, n *sitter.Node) {
	if cryptoCallMayBe(p.Unit, n, weakCipherCallee) {
		checkWeakCipher(p, n)
	}
}

// checkWeakCipher is visitWeakCipher without the look at the bytes.
func checkWeakCipher(p *Pass, n *sitter.Node) {
	c, ok := readCryptoCall(p.Unit, n)
	if !ok {
		return
	}
	var what string
	var at *sitter.Node
	switch p.Lang.Family() {
	case grammars.FamilyJS:
		what, at = jsWeakCipher(p.Unit, c)
	case grammars.FamilyGo:
		what, at = goWeakCipher(p.Unit, c)
	case grammars.FamilyPython:
		what, at = pyWeakCipher(p.Unit, c)
	}
	if what == "" {
		return
	}
	if at == nil {
		at = n
	}
	msg := what + " is broken" + weakCipherAdvice
	if what == "ECB mode" {
		msg = "ECB mode encrypts equal blocks to equal ciphertext and leaks the data's patterns" + weakCipherAdvice
	}
	p.Report(Finding{Start: int(grammars.Start(at)), End: int(grammars.End(at)), Message: msg})
}

// cryptoJSWeak are crypto-js's weak cipher objects.
var cryptoJSWeak = map[string]string{
	"DES": "DES", "TripleDES": "3DES", "RC4": "RC4", "RC4Drop": "RC4", "Blowfish": "Blowfish",
}

func jsWeakCipher(u *Unit, c cryptoCall) (string, *sitter.Node) {
	switch {
	case cryptoCalleeIs(c.Callee, "createCipheriv", "createDecipheriv", "createCipher", "createDecipher"):
		alg := c.Arg(0)
		if v, ok := cryptoJSString(u, alg); ok {
			return weakCipherName(v), alg
		}
		return "", nil
	case c.Method == "encrypt" || c.Method == "decrypt" || c.Method == "createEncryptor" || c.Method == "createDecryptor":
		parts := strings.Split(c.Callee, ".")
		if len(parts) >= 2 {
			if name := cryptoJSWeak[parts[len(parts)-2]]; name != "" && (len(parts) == 2 || strings.EqualFold(parts[len(parts)-3], "CryptoJS")) {
				return name, nil
			}
		}
		// CryptoJS.AES.encrypt(msg, key, { mode: CryptoJS.mode.ECB })
		for _, a := range c.Args {
			if grammars.Type(a) != "object" {
				continue
			}
			if v := cryptoObjectValue(u, a, "mode"); v != nil && strings.HasSuffix(cryptoCompact(u.Text(v)), "mode.ECB") {
				return "ECB mode", v
			}
		}
	}
	return "", nil
}

// cryptoObjectValue returns the value of key in a JS object literal.
func cryptoObjectValue(u *Unit, obj *sitter.Node, key string) *sitter.Node {
	for i := 0; i < int(grammars.NamedChildCount(obj)); i++ {
		pr := grammars.NamedChildAt(obj, i)
		if grammars.Type(pr) == "shorthand_property_identifier" && u.Text(pr) == key {
			return pr
		}
		if grammars.Type(pr) != "pair" {
			continue
		}
		if k, ok := keyName(u, grammars.Field(pr, "key")); ok && k == key {
			return grammars.Field(pr, "value")
		}
	}
	return nil
}

// cryptoJSString returns a string argument's value: a literal, or a
// constant identifier bound to one in the same file.
func cryptoJSString(u *Unit, n *sitter.Node) (string, bool) {
	n = cryptoUnwrap(n)
	if n == nil {
		return "", false
	}
	if v, ok := stringValue(u, n); ok {
		return v, true
	}
	if cryptoIsIdent(n) {
		if b := cryptoResolve(u, n); b.Value != nil {
			return stringValue(u, cryptoUnwrap(b.Value))
		}
	}
	return "", false
}

// goWeakPackages are the packages whose constructors build weak ciphers.
var goWeakPackages = map[string]string{
	"crypto/des": "DES", "crypto/rc4": "RC4",
	"golang.org/x/crypto/blowfish": "Blowfish", "golang.org/x/crypto/cast5": "CAST5",
	"golang.org/x/crypto/tea": "TEA", "golang.org/x/crypto/xtea": "XTEA",
}

func goWeakCipher(u *Unit, c cryptoCall) (string, *sitter.Node) {
	pkg, fn, ok := strings.Cut(c.Callee, ".")
	if !ok || strings.Contains(fn, ".") {
		if strings.HasPrefix(c.Method, "NewECB") {
			return "ECB mode", nil
		}
		return "", nil
	}
	if strings.HasPrefix(fn, "NewECB") {
		return "ECB mode", nil
	}
	if strings.HasPrefix(fn, "New") && strings.HasSuffix(fn, "Cipher") {
		if name := goWeakPackages[cryptoGoImports(u)[pkg]]; name != "" {
			if fn == "NewTripleDESCipher" {
				name = "3DES"
			}
			return name, nil
		}
	}
	// block.Encrypt(dst[i:], src[i:]) in a loop over the blocks: ECB done
	// by hand.
	if (fn == "Encrypt" || fn == "Decrypt") && len(c.Args) == 2 && cryptoGoInLoop(u, c.Node) {
		if b := cryptoResolve(u, grammars.Field(grammars.Field(c.Node, "function"), "operand")); b.Value != nil && grammars.Type(b.Value) == "call_expression" {
			if callee := cryptoCompact(u.Text(grammars.Field(b.Value, "function"))); strings.HasSuffix(callee, ".NewCipher") {
				pkgName, _, _ := strings.Cut(callee, ".")
				if path := cryptoGoImports(u)[pkgName]; path == "crypto/aes" || goWeakPackages[path] != "" {
					return "ECB mode", nil
				}
			}
		}
	}
	return "", nil
}

// cryptoGoInLoop reports whether n sits in a for statement of its function.
func cryptoGoInLoop(u *Unit, n *sitter.Node) bool {
	steps := 0
	for cur := parentOf(u, n); cur != nil && steps < maxClimb; cur, steps = parentOf(u, cur), steps+1 {
		switch grammars.Type(cur) {
		case "for_statement":
			return true
		case "function_declaration", "method_declaration", "func_literal":
			return false
		}
	}
	return false
}

// cryptoGoImports maps each package name the file imports to its path: the
// explicit name, or the path's last element ("math/rand/v2" is rand).
func cryptoGoImports(u *Unit) map[string]string {
	return memo(u, cryptoGoImportsKey{}, func() map[string]string { return cryptoGoImportsScan(u) })
}

type cryptoGoImportsKey struct{}

// cryptoGoImportsScan reads the file's imports for cryptoGoImports; the
// result is shared, callers must not modify it.
func cryptoGoImportsScan(u *Unit) map[string]string {
	out := map[string]string{}
	for _, top := range u.topLevel() {
		c := top.Node
		if top.typ != "import_declaration" {
			continue
		}
		_ = walk(c, func(s *sitter.Node) error {
			if grammars.Type(s) != "import_spec" {
				return nil
			}
			path := strings.Trim(u.Text(grammars.Field(s, "path")), "\"`")
			name := ""
			if nm := grammars.Field(s, "name"); nm != nil {
				name = u.Text(nm)
			} else {
				name = cryptoGoPkgName(path)
			}
			out[name] = path
			return nil
		})
	}
	return out
}

// cryptoGoPkgName is the package name an import path gets without an
// explicit name: its last element, skipping a major-version suffix.
func cryptoGoPkgName(path string) string {
	parts := strings.Split(path, "/")
	last := parts[len(parts)-1]
	if len(parts) > 1 && len(last) > 1 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
		last = parts[len(parts)-2]
	}
	return last
}

// pyWeakNew are PyCryptodome's weak cipher modules.
var pyWeakNew = map[string]string{
	"DES": "DES", "DES3": "3DES", "ARC4": "RC4", "ARC2": "RC2", "Blowfish": "Blowfish", "CAST": "CAST5",
}

// pyWeakAlgorithms are cryptography's weak algorithm classes.
var pyWeakAlgorithms = map[string]string{
	"TripleDES": "3DES", "Blowfish": "Blowfish", "ARC4": "RC4", "CAST5": "CAST5", "IDEA": "IDEA", "SEED": "SEED",
}

func pyWeakCipher(u *Unit, c cryptoCall) (string, *sitter.Node) {
	parts := strings.Split(c.Callee, ".")
	if c.Method == "new" && len(parts) >= 2 {
		if name := pyWeakNew[parts[len(parts)-2]]; name != "" {
			return name, nil
		}
		// AES.new(key, AES.MODE_ECB)
		mode := c.ArgOrKw(1, "mode")
		if mode != nil && strings.HasSuffix(u.Text(mode), "MODE_ECB") {
			return "ECB mode", mode
		}
		return "", nil
	}
	fromCryptography := len(parts) == 1 && u.srcContains("cryptography")
	if len(parts) >= 2 && parts[len(parts)-2] == "algorithms" || fromCryptography {
		if name := pyWeakAlgorithms[c.Method]; name != "" {
			return name, nil
		}
	}
	if (len(parts) >= 2 && parts[len(parts)-2] == "modes" || fromCryptography) && c.Method == "ECB" {
		return "ECB mode", nil
	}
	if len(parts) == 2 && parts[0] == "pyDes" && (c.Method == "des" || c.Method == "triple_des") {
		if c.Method == "des" {
			return "DES", nil
		}
		return "3DES", nil
	}
	return "", nil
}
