package detectors

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// hashSecurityWords mark a security use of a hash: signatures, MACs,
// tokens, keys, integrity checks of data someone else controls.
var hashSecurityWords = map[string]bool{
	"signature": true, "signatures": true, "sign": true, "signed": true, "signing": true, "sig": true,
	"verify": true, "verified": true, "verification": true, "hmac": true, "mac": true, "token": true,
	"tokens": true, "secret": true, "secrets": true, "nonce": true, "salt": true, "auth": true,
	"authenticate": true, "integrity": true, "webhook": true, "certificate": true, "cert": true,
	"license": true, "licence": true, "otp": true, "session": true, "csrf": true, "xsrf": true,
	"apikey": true, "credential": true, "credentials": true, "tamper": true, "derive": true,
	"kdf": true, "encryption": true, "encrypt": true, "decrypt": true, "private": true,
}

// hashPasswordWords leave the finding to TL204 (fast-password-hash).
var hashPasswordWords = map[string]bool{
	"password": true, "passwords": true, "passwd": true, "pwd": true, "passphrase": true, "pass": true,
}

// hashBenignWords mark non-security uses: ETags, cache keys, content
// addressing, checksums of trusted content, avatars, sharding.
var hashBenignWords = map[string]bool{
	"etag": true, "etags": true, "cache": true, "cached": true, "caching": true, "gravatar": true,
	"avatar": true, "checksum": true, "checksums": true, "fingerprint": true, "dedup": true,
	"dedupe": true, "duplicate": true, "duplicates": true, "filename": true, "shard": true,
	"bucket": true, "partition": true, "color": true, "colour": true, "hue": true, "seed": true,
	"lock": true, "asset": true, "assets": true, "bust": true, "buster": true, "cdn": true,
	"memo": true, "memoize": true, "lru": true, "dedupkey": true, "cachekey": true, "idempotency": true,
	"uuid": true, "slug": true, "shorten": true, "short": true, "md5sum": true, "sha1sum": true,
	"git": true, "blob": true, "commit": true, "revision": true, "version": true, "placement": true,
	"sample": true, "sampling": true, "experiment": true, "variant": true, "rollout": true,
}

// visitWeakHash reports MD5 and SHA-1 (TL306): at warning when the names
// around say the hash protects something, silent for passwords (TL204),
// for usedforsecurity=False and for ETags, cache keys and checksums, and
// at hint severity when nothing says what the hash is for.
func visitWeakHash(p *Pass, n *sitter.Node) {
	if cryptoCallMayBe(p.Unit, n, weakHashCallee) {
		checkWeakHash(p, n)
	}
}

// checkWeakHash is visitWeakHash without the look at the bytes.
func checkWeakHash(p *Pass, n *sitter.Node) {
	c, ok := readCryptoCall(p.Unit, n)
	if !ok {
		return
	}
	var alg string
	switch p.Lang.Family() {
	case grammars.FamilyJS:
		alg = jsWeakHash(p.Unit, c)
	case grammars.FamilyGo:
		alg = goWeakHash(p.Unit, c)
	case grammars.FamilyPython:
		if v := c.Kwargs["usedforsecurity"]; v != nil && grammars.Type(v) == "false" {
			return
		}
		alg = pyWeakHash(p.Unit, c)
	}
	if alg == "" {
		return
	}
	cons := consumerOf(p.Unit, n)
	for _, a := range c.Args {
		cons.Args = append(cons.Args, p.Text(a))
	}
	use, sev := weakHashUse(cons)
	if sev == 0 {
		return
	}
	msg := alg + " is broken for security uses"
	if use != "" {
		msg += " (here: `" + clip(use) + "`)"
	}
	msg += ": use SHA-256 (HMAC-SHA256 with a secret key for signatures and tokens)"
	if sev == SeverityHint {
		msg = alg + " is broken for security uses: if this hash protects anything, use SHA-256 or HMAC-SHA256; for a checksum or cache key it is fine (mark it with usedforsecurity=False in Python)"
	}
	p.Report(Finding{Start: int(grammars.Start(n)), End: int(grammars.End(n)), Message: msg, Severity: sev})
}

// weakHashUse classifies a weak hash's use: 0 to stay silent, warning for
// a security use (with the deciding name), hint when unknown.
func weakHashUse(c cryptoConsumer) (string, Severity) {
	for _, a := range append(append([]string{}, c.Names...), c.Args...) {
		for _, w := range splitWords(a) {
			if hashPasswordWords[w] {
				return "", 0
			}
		}
	}
	for _, name := range c.Names {
		words := splitWords(name)
		for _, w := range words {
			if hashBenignWords[w] {
				return "", 0
			}
		}
		if hashSecurityName(words) {
			return name, SeverityWarning
		}
	}
	for _, a := range c.Args {
		words := splitWords(a)
		for _, w := range words {
			if hashBenignWords[w] {
				return "", 0
			}
		}
		if hashSecurityName(words) {
			return a, SeverityWarning
		}
	}
	return "", SeverityHint
}

func hashSecurityName(words []string) bool {
	for i, w := range words {
		if hashSecurityWords[w] {
			return true
		}
		if w == "key" && i > 0 && keyQualifiers[words[i-1]] {
			return true
		}
	}
	return false
}

// jsWeakHashModules are npm packages whose default export hashes with MD5
// or SHA-1.
var jsWeakHashModules = map[string]string{"md5": "MD5", "blueimp-md5": "MD5", "sha1": "SHA-1", "js-md5": "MD5", "crypto-js/md5": "MD5", "crypto-js/sha1": "SHA-1"}

func jsWeakHash(u *Unit, c cryptoCall) string {
	switch {
	case cryptoCalleeIs(c.Callee, "createHash"):
		if v, ok := cryptoJSString(u, c.Arg(0)); ok {
			return weakHashName(v)
		}
	case c.Callee == "CryptoJS.MD5":
		return "MD5"
	case c.Callee == "CryptoJS.SHA1":
		return "SHA-1"
	case (c.Callee == "md5" || c.Callee == "sha1") && len(c.Args) == 1:
		src := u.srcString()
		for mod, alg := range jsWeakHashModules {
			if (alg == "MD5") == (c.Callee == "md5") && (strings.Contains(src, "'"+mod+"'") || strings.Contains(src, `"`+mod+`"`)) {
				return alg
			}
		}
	}
	return ""
}

// weakHashName names a weak algorithm given by name ("md5", "SHA1",
// "sha-1"), or "".
func weakHashName(v string) string {
	switch strings.ToLower(strings.ReplaceAll(v, "-", "")) {
	case "md5":
		return "MD5"
	case "sha1":
		return "SHA-1"
	case "md4":
		return "MD4"
	}
	return ""
}

func goWeakHash(u *Unit, c cryptoCall) string {
	pkg, fn, ok := strings.Cut(c.Callee, ".")
	if !ok || (fn != "New" && fn != "Sum") {
		return ""
	}
	switch cryptoGoImports(u)[pkg] {
	case "crypto/md5":
		return "MD5"
	case "crypto/sha1":
		return "SHA-1"
	}
	return ""
}

func pyWeakHash(u *Unit, c cryptoCall) string {
	parts := strings.Split(c.Callee, ".")
	prev := ""
	if len(parts) >= 2 {
		prev = parts[len(parts)-2]
	}
	switch {
	case prev == "hashlib" && (c.Method == "md5" || c.Method == "sha1"):
		return weakHashName(c.Method)
	case prev == "hashlib" && c.Method == "new":
		if v, ok := stringValue(u, cryptoUnwrap(c.ArgOrKw(0, "name"))); ok {
			return weakHashName(v)
		}
	case c.Method == "new" && prev == "MD5":
		return "MD5"
	case c.Method == "new" && (prev == "SHA1" || prev == "SHA"):
		return "SHA-1"
	case prev == "hashes" && (c.Method == "MD5" || c.Method == "SHA1"):
		return weakHashName(c.Method)
	case len(parts) == 1 && (c.Method == "md5" || c.Method == "sha1") && u.srcContains("from hashlib import"):
		return weakHashName(c.Method)
	}
	return ""
}
