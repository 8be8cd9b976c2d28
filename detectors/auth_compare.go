package detectors

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// visitTimingCompare reports == and != on hashes, HMACs, signatures,
// tokens, API keys and passwords (TL202). Comparisons with literals,
// null/nil/None, typeof and lengths are checks of presence or shape and
// stay silent, and so do test files. A fresh password hash compared with
// the stored one is TL203's.
func visitTimingCompare(p *Pass, n *sitter.Node) {
	cmp, ok := readComparison(p.Unit, n)
	if !ok {
		return
	}
	if isLiteralOperand(p.Unit, cmp.Left) || isLiteralOperand(p.Unit, cmp.Right) {
		return
	}
	if _, ok := findRehash(p.Unit, cmp); ok {
		return
	}
	if constantOperand(p.Unit, cmp.Left) || constantOperand(p.Unit, cmp.Right) || sameField(p.Unit, cmp) {
		return
	}
	left, right := secretKind(p.Unit, cmp.Left, 0), secretKind(p.Unit, cmp.Right, 0)
	if bareAmbiguous(p.Unit, cmp.Left, left) && right == "" || bareAmbiguous(p.Unit, cmp.Right, right) && left == "" {
		// `token == self.eof`, `sig == expected`: a lone "token" or "sig"
		// is as often a lexer token or a signal number; it counts only
		// when the other side is a secret too.
		return
	}
	kind := left
	if kind == "" {
		kind = right
	}
	if kind == "" || passwordConfirmation(p.Unit, cmp) || p.IsTestFile() {
		return
	}
	f := Finding{
		Start: int(grammars.Start(n)), End: int(grammars.End(n)),
		Message: "A " + kind + " compared with " + cmp.Op + " leaks through timing how much of it matched: use a constant-time comparison",
	}
	if fix, ok := constantTimeFix(p.Unit, cmp); ok {
		f.Fixes = append(f.Fixes, fix)
	}
	p.Report(f)
}

// constantOperand reports an operand named in SCREAMING_CASE (signal.SIGINT,
// END_ELEMENT, ERRORTOKEN): a protocol constant, not a secret someone sent.
// Environment lookups (process.env.API_KEY, os.environ["API_KEY"]) are
// secrets, not constants.
func constantOperand(u *Unit, n *sitter.Node) bool {
	n = unwrapExpr(n)
	if n == nil {
		return false
	}
	switch grammars.Type(n) {
	case "identifier":
	case "member_expression", "attribute", "selector_expression":
		obj := grammars.Field(n, "object")
		if obj == nil {
			obj = grammars.Field(n, "operand")
		}
		if o := strings.ToLower(u.Text(obj)); strings.HasSuffix(o, "env") || strings.HasSuffix(o, "environ") {
			return false
		}
	default:
		return false
	}
	name := exprName(u, n)
	letters := 0
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'A' && c <= 'Z':
			letters++
		case c >= 'a' && c <= 'z':
			return false
		}
	}
	return letters >= 2
}

// sameField reports a comparison of one field on two objects inside an
// equality method (self.signature == other.signature in __eq__):
// structural equality, not a check of a secret someone sent.
func sameField(u *Unit, cmp comparison) bool {
	l, r := unwrapExpr(cmp.Left), unwrapExpr(cmp.Right)
	if l == nil || r == nil || grammars.Type(l) != grammars.Type(r) {
		return false
	}
	switch grammars.Type(l) {
	case "member_expression", "attribute", "selector_expression":
	default:
		return false
	}
	if exprName(u, l) == "" || exprName(u, l) != exprName(u, r) {
		return false
	}
	fn := enclosingFunction(u, cmp.Left)
	if fn == nil {
		return false
	}
	switch u.Text(grammars.Field(fn, "name")) {
	case "__eq__", "__ne__", "equals", "isEqual", "Equal", "Equals", "eq":
		return true
	}
	return false
}

// bareAmbiguous reports an operand whose whole name is a word that names a
// secret only sometimes ("token", "sig").
func bareAmbiguous(u *Unit, n *sitter.Node, kind string) bool {
	if kind == "" {
		return false
	}
	switch strings.ToLower(exprName(u, n)) {
	case "token", "tok", "sig":
		return true
	}
	return false
}

// passwordConfirmation reports a form check that two typed passwords
// match (password === confirmPassword), which compares user input with
// user input.
func passwordConfirmation(u *Unit, cmp comparison) bool {
	for _, side := range []*sitter.Node{cmp.Left, cmp.Right} {
		words := splitWords(exprName(u, side))
		if hasWord(words, "confirm", "confirmation", "confirmed", "repeat", "repeated", "retype", "retyped", "again",
			"verify", "verification", "new", "old", "previous", "second", "password2", "pass2") {
			return true
		}
	}
	return false
}

// maxSecretDepth bounds secretKind's look through conversions.
const maxSecretDepth = 6

// secretKind names what an operand holds when it is a secret worth a
// constant-time compare ("HMAC", "digest", "signature", "token", ...), or
// returns "".
func secretKind(u *Unit, n *sitter.Node, depth int) string {
	n = unwrapExpr(n)
	if n == nil || depth > maxSecretDepth {
		return ""
	}
	switch grammars.Type(n) {
	case "template_string", "string":
		// `Bearer ${token}`, f"Bearer {token}".
		var kind string
		_ = walk(n, func(c *sitter.Node) error {
			if kind == "" && (grammars.Type(c) == "template_substitution" || grammars.Type(c) == "interpolation") && grammars.NamedChildCount(c) > 0 {
				kind = secretKind(u, grammars.NamedChildAt(c, 0), depth+1)
			}
			return nil
		})
		return kind
	case "binary_expression", "binary_operator":
		if op := grammars.Field(n, "operator"); op != nil && u.Text(op) == "+" {
			if k := secretKind(u, grammars.Field(n, "left"), depth+1); k != "" {
				return k
			}
			return secretKind(u, grammars.Field(n, "right"), depth+1)
		}
		return ""
	case "call_expression", "call":
		return secretCallKind(u, n, depth)
	}
	return secretNameKind(u, n)
}

// secretCallKind classifies a call operand by what produces it: digest(),
// hexdigest(), Sum(), an HMAC chain, or a conversion of such a value.
func secretCallKind(u *Unit, n *sitter.Node, depth int) string {
	c, ok := readCall(u, n)
	if !ok {
		return ""
	}
	chain := u.Text(c.Func)
	hmac := strings.Contains(chain, "createHmac") || strings.Contains(chain, "hmac.new") || strings.Contains(chain, "hmac.New") || strings.Contains(chain, "HMAC")
	switch c.Method {
	case "digest", "hexdigest", "Sum":
		if hmac {
			return "HMAC"
		}
		if c.Method == "Sum" && u.Lang.Family() != grammars.FamilyGo {
			return ""
		}
		return "digest"
	case "Sum256", "Sum512", "Sum224", "Sum384":
		return "digest"
	case "hashpw", "hashSync":
		return "password hash"
	case "toString", "toLowerCase", "toUpperCase", "trim", "decode", "lower", "upper", "strip", "EncodeToString", "ToLower", "TrimSpace":
		if c.Object != nil && c.Method != "EncodeToString" && c.Method != "ToLower" && c.Method != "TrimSpace" {
			return secretKind(u, c.Object, depth+1)
		}
		if len(c.Args) == 1 {
			return secretKind(u, c.Args[0], depth+1)
		}
	case "string", "str", "String", "bytes":
		if c.Object == nil && len(c.Args) == 1 {
			return secretKind(u, c.Args[0], depth+1)
		}
	case "Sprintf":
		if len(c.Args) == 2 {
			return secretKind(u, c.Args[1], depth+1)
		}
	}
	if c.Object == nil && strings.HasPrefix(u.Text(c.Func), "hmac") {
		return "HMAC"
	}
	if c.Method == "digest" && c.Object != nil && u.Text(c.Object) == "hmac" {
		return "HMAC"
	}
	// Getter calls named after their key: req.get("X-Signature").
	return secretNameKind(u, n)
}

// tokenNonSecret are words that make a "token" something other than a
// credential: pagination cursors, lexer tokens, LLM token counts.
var tokenNonSecret = []string{
	"next", "page", "prev", "previous", "continuation", "cancel", "cancellation", "sync", "lexer", "peek",
	"max", "min", "input", "output", "total", "prompt", "completion", "num", "count", "limit", "used",
	"remaining", "start", "end", "open", "close", "eof", "first", "last", "current", "word", "parse",
	"syntax", "cursor", "push", "device", "fcm", "apns", "notification", "expo", "cache",
}

// secretNameNonHeads are last words that name a property of a secret
// rather than the secret.
var secretNameNonHeads = map[string]bool{
	"length": true, "len": true, "size": true, "type": true, "kind": true, "count": true, "id": true,
	"name": true, "url": true, "uri": true, "at": true, "expiry": true, "expires": true, "exp": true,
	"algorithm": true, "alg": true, "algo": true, "version": true, "status": true, "format": true,
	"field": true, "label": true, "hint": true, "policy": true, "enabled": true, "required": true,
	"prefix": true, "salt": true, "header": true, "location": true, "index": true, "idx": true,
	"valid": true, "set": true, "mode": true, "scheme": true, "method": true, "encoding": true,
}

// secretNameKind classifies an operand by its name.
func secretNameKind(u *Unit, n *sitter.Node) string {
	name := exprName(u, n)
	if name == "" {
		return ""
	}
	words := splitWords(name)
	if len(words) == 0 {
		return ""
	}
	last := words[len(words)-1]
	if secretNameNonHeads[last] {
		return ""
	}
	if grammars.Type(n) == "member_expression" || grammars.Type(n) == "attribute" || grammars.Type(n) == "selector_expression" {
		obj := grammars.Field(n, "object")
		if obj == nil {
			obj = grammars.Field(n, "operand")
		}
		objWords := splitWords(exprName(u, obj))
		if last == "hash" && hasWord(objWords, "location", "url", "uri", "link", "route", "router", "window", "parsed") {
			return ""
		}
	}
	switch last {
	case "signature", "sig", "hmac", "mac":
		return "signature"
	case "digest":
		return "digest"
	case "otp", "totp", "hotp":
		return "one-time code"
	case "token":
		if hasWord(words[:len(words)-1], tokenNonSecret...) {
			return ""
		}
		return "token"
	case "hash", "hashed":
		if hasWord(words, "password", "passwd", "pwd", "pw", "token", "key", "secret", "api", "session", "pass") {
			return "password hash"
		}
		return ""
	}
	if hasWord(words, "password", "passwd", "pwd", "passphrase", "passcode") {
		if hasWord(words, "hash", "hashed", "digest") {
			return "password hash"
		}
		if hasWord(words, "length", "policy", "field", "label", "min", "max", "reset", "rules", "strength") {
			return ""
		}
		return "password"
	}
	if isCredentialName(name) && last != "pass" {
		switch {
		case last == "key" || strings.HasSuffix(last, "key"):
			return "key"
		case strings.HasSuffix(last, "token"):
			return "token"
		case strings.HasSuffix(last, "secret") || last == "secrets":
			return "secret"
		}
		return "credential"
	}
	return ""
}

// rehashMatch is a fresh password hash compared with a stored one.
type rehashMatch struct {
	// Node is the expression a fix replaces (the comparison, or Go's
	// bytes.Equal call with its negation).
	Node    *sitter.Node
	Negated bool
	// Stored is the operand holding the stored hash.
	Stored *sitter.Node
	// Call is the hashing call.
	Call callSite
	// Lib names the hashing API: "bcrypt", "bcryptSync", "argon2",
	// "go-bcrypt", "py-bcrypt", "passlib", "py-hasher".
	Lib string
	// Var is the variable holding the hash ("" when the call is inline)
	// and Def its definition.
	Var string
	Def localDef
	// Decoded is set when Python decoded the hash to str, so the stored
	// value is a str.
	Decoded bool
	// Awaited is set when the JS hashing call was awaited.
	Awaited bool
}

// visitRehashCompare reports a password hashed again and compared with
// ==/=== to the stored hash (TL203): a fresh salt never matches, and the
// comparison is not constant-time either.
func visitRehashCompare(p *Pass, n *sitter.Node) {
	cmp, ok := readComparison(p.Unit, n)
	if !ok {
		return
	}
	m, ok := findRehash(p.Unit, cmp)
	if !ok {
		return
	}
	reportRehash(p, m)
}

// visitRehashEqualCall reports Go's bytes.Equal, hmac.Equal or
// subtle.ConstantTimeCompare between a fresh bcrypt hash and the stored
// one (TL203).
func visitRehashEqualCall(p *Pass, n *sitter.Node) {
	if m, ok := matchRehashEqualCall(p.Unit, n); ok {
		reportRehash(p, m)
	}
}

// matchRehashEqualCall matches bytes.Equal, hmac.Equal or
// subtle.ConstantTimeCompare(...) == 1 between a fresh bcrypt hash and
// another value.
func matchRehashEqualCall(u *Unit, n *sitter.Node) (rehashMatch, bool) {
	if !mayRehash(u) || !callMayBe(u, n, rehashEqualMethod) {
		return rehashMatch{}, false
	}
	c, ok := readCall(u, n)
	if !ok || len(c.Args) != 2 {
		return rehashMatch{}, false
	}
	switch u.Text(c.Func) {
	case "bytes.Equal", "hmac.Equal", "subtle.ConstantTimeCompare":
	default:
		return rehashMatch{}, false
	}
	m := rehashMatch{Node: n}
	if u.Text(c.Func) == "subtle.ConstantTimeCompare" {
		parent := parentOf(u, n)
		if parent == nil {
			return rehashMatch{}, false
		}
		cmp, ok := readComparison(u, parent)
		if !ok || u.Text(unwrapExpr(cmp.Right)) != "1" {
			return rehashMatch{}, false
		}
		m.Node, m.Negated = parent, cmp.Negated
	} else if parent := parentOf(u, n); parent != nil && grammars.Type(parent) == "unary_expression" && strings.HasPrefix(u.Text(parent), "!") {
		m.Node, m.Negated = parent, true
	}
	for i, side := range c.Args {
		if fillRehash(u, side, &m) {
			m.Stored = c.Args[1-i]
			return m, true
		}
	}
	return rehashMatch{}, false
}

// rehashEqualMethod reports the methods of the calls
// matchRehashEqualCall matches: bytes.Equal, hmac.Equal and
// subtle.ConstantTimeCompare.
func rehashEqualMethod(_ grammars.Family, method string) bool {
	return method == "Equal" || method == "ConstantTimeCompare"
}

// reportRehash reports a rehash-and-compare with its fix.
func reportRehash(p *Pass, m rehashMatch) {
	f := Finding{
		Start: int(grammars.Start(m.Node)), End: int(grammars.End(m.Node)),
		Message: "The password is hashed again (new random salt) and compared with the stored hash: this never matches, and == is not constant-time. Use the library's compare",
	}
	if fix, ok := rehashFix(p.Unit, m); ok {
		f.Fixes = append(f.Fixes, fix)
	}
	p.Report(f)
}

// findRehash matches a comparison where one side is a fresh password hash.
func findRehash(u *Unit, cmp comparison) (rehashMatch, bool) {
	if !mayRehash(u) || !rehashMayBe(cmp) {
		return rehashMatch{}, false
	}
	for _, pair := range [][2]*sitter.Node{{cmp.Left, cmp.Right}, {cmp.Right, cmp.Left}} {
		m := rehashMatch{Node: cmp.Node, Negated: cmp.Negated}
		if fillRehash(u, pair[0], &m) {
			m.Stored = pair[1]
			if isLiteralOperand(u, m.Stored) {
				return rehashMatch{}, false
			}
			return m, true
		}
	}
	return rehashMatch{}, false
}

// mayRehash reports whether the unit's source names a call freshHashLib
// can recognise (bcrypt.hash/hashSync, argon2.hash, hashpw, hasher.hash,
// bcrypt.GenerateFromPassword): without one no comparison is a rehash, and
// the definitions of its operands need not be looked up.
func mayRehash(u *Unit) bool {
	return u.srcContains(rehashWord(u))
}

// rehashWord is a word the name of every call freshHashLib recognises
// holds, in the unit's family.
func rehashWord(u *Unit) string {
	if u.Lang.Family() == grammars.FamilyGo {
		return "GenerateFromPassword"
	}
	return "hash"
}

// rehashScopeKey memoises scopeMayRehash per scope.
type rehashScopeKey struct{ scope *sitter.Node }

// scopeMayRehash is mayRehash for one scope, once per scope: a variable
// defined there holds a fresh hash only when the scope's text names the
// hashing call, and without it findDef need not walk the scope.
func scopeMayRehash(u *Unit, scope *sitter.Node) bool {
	return memo(u, rehashScopeKey{scope}, func() bool {
		start, end := int(grammars.Start(scope)), int(grammars.End(scope))
		return end <= len(u.Src) && start <= end && strings.Contains(u.srcString()[start:end], rehashWord(u))
	})
}

// fillRehash reports whether side is a fresh password hash, directly or
// through a variable defined once in the enclosing function, and records
// how in m.
func fillRehash(u *Unit, side *sitter.Node, m *rehashMatch) bool {
	n := stripHashConversion(u, side, m)
	if n == nil {
		return false
	}
	if grammars.Type(n) == "identifier" {
		scope := scopeOf(u, n)
		if !scopeMayRehash(u, scope) {
			return false
		}
		def, ok := findDef(u, scope, u.Text(n))
		if !ok || def.Index != 0 || grammars.Start(def.Value) > grammars.Start(n) {
			return false
		}
		m.Var, m.Def = u.Text(n), def
		n = stripHashConversion(u, def.Value, m)
		if n == nil {
			return false
		}
	}
	c, ok := readCall(u, n)
	if !ok {
		return false
	}
	lib := freshHashLib(u, c)
	if lib == "" {
		return false
	}
	m.Call, m.Lib = c, lib
	return true
}

// stripHashConversion looks through await, parentheses and the
// conversions a hash goes through before a comparison: JS toString(), Go
// string(...), Python .decode().
func stripHashConversion(u *Unit, n *sitter.Node, m *rehashMatch) *sitter.Node {
	for i := 0; i < 4 && n != nil; i++ {
		if grammars.Type(n) == "await_expression" || grammars.Type(n) == "await" {
			m.Awaited = true
		}
		n = unwrapExpr(n)
		c, ok := readCall(u, n)
		if !ok {
			return n
		}
		switch {
		case c.Method == "toString" && c.Object != nil:
			n = c.Object
		case c.Method == "decode" && c.Object != nil && u.Lang.Family() == grammars.FamilyPython:
			m.Decoded = true
			n = c.Object
		case c.Method == "string" && c.Object == nil && len(c.Args) == 1 && u.Lang.Family() == grammars.FamilyGo:
			n = c.Args[0]
		default:
			return n
		}
	}
	return n
}

// freshHashLib returns which password-hashing API a call is when it makes
// a new hash with a new random salt, or "".
func freshHashLib(u *Unit, c callSite) string {
	obj := strings.ToLower(lastComponent(c.ObjectName(u)))
	switch u.Lang.Family() {
	case grammars.FamilyJS:
		switch {
		case strings.Contains(obj, "bcrypt") && (c.Method == "hash" || c.Method == "hashSync") && len(c.Args) >= 2 && costLikeJS(u, c.Args[1]):
			if c.Method == "hashSync" {
				return "bcryptSync"
			}
			return "bcrypt"
		case obj == "argon2" && c.Method == "hash" && len(c.Args) >= 1:
			return "argon2"
		}
	case grammars.FamilyGo:
		if obj == "bcrypt" && c.Method == "GenerateFromPassword" && len(c.Args) == 2 {
			return "go-bcrypt"
		}
	case grammars.FamilyPython:
		switch {
		case strings.Contains(obj, "bcrypt") && c.Method == "hashpw" && len(c.Args) == 2 && freshSaltPy(u, c.Args[1]):
			return "py-bcrypt"
		case c.Method == "hash" && len(c.Args) == 1:
			words := splitWords(obj)
			switch {
			case hasWord(words, "context", "ctx", "pwd", "bcrypt", "crypt") && u.srcContains("passlib"):
				return "passlib"
			case hasWord(words, "ph", "hasher", "argon2", "argon", "password"):
				return "py-hasher"
			}
		}
	}
	return ""
}

// costLikeJS reports whether bcrypt.hash's second argument is a cost (a
// new salt is drawn) rather than a salt string taken from the stored hash.
func costLikeJS(u *Unit, arg *sitter.Node) bool {
	if _, _, ok := evalInt(u, arg, 0); ok {
		return true
	}
	a := unwrapExpr(arg)
	if c, ok := readCall(u, a); ok {
		return c.Method == "genSalt" || c.Method == "genSaltSync"
	}
	if grammars.Type(a) == "identifier" {
		if def, ok := findDef(u, scopeOf(u, a), u.Text(a)); ok {
			if c, ok := readCall(u, unwrapExpr(def.Value)); ok {
				return c.Method == "genSalt" || c.Method == "genSaltSync"
			}
		}
	}
	return hasWord(splitWords(exprName(u, a)), "round", "rounds", "cost", "factor", "work")
}

// freshSaltPy reports whether hashpw's salt argument is a new
// bcrypt.gensalt() (directly or through a local variable), not the stored
// hash.
func freshSaltPy(u *Unit, arg *sitter.Node) bool {
	a := unwrapExpr(arg)
	if grammars.Type(a) == "identifier" {
		def, ok := findDef(u, scopeOf(u, a), u.Text(a))
		if !ok {
			return false
		}
		a = unwrapExpr(def.Value)
	}
	c, ok := readCall(u, a)
	return ok && c.Method == "gensalt"
}

// rehashDeletes reports whether n lies in a statement that a TL203 fix in
// the same function removes, so another rule's fix there must not be
// applied by fix-all.
func rehashDeletes(u *Unit, n *sitter.Node) bool {
	if !u.Config.Enabled("TL203") {
		return false
	}
	start, end := int(grammars.Start(n)), int(grammars.End(n))
	for _, e := range rehashDeletions(u, scopeOf(u, n)) {
		if e.Start <= start && end <= e.End {
			return true
		}
	}
	return false
}

// rehashDeletionsKey memoises rehashDeletions per scope.
type rehashDeletionsKey struct{ scope *sitter.Node }

// rehashDeletions returns the deletions (edits with no new text) of the
// TL203 fixes inside scope, once per scope: every weak-cost finding of a
// function asks about the same ones.
func rehashDeletions(u *Unit, scope *sitter.Node) []Edit {
	return memo(u, rehashDeletionsKey{scope}, func() []Edit {
		var dels []Edit
		_ = walk(scope, func(c *sitter.Node) error {
			var m rehashMatch
			var ok bool
			switch grammars.Type(c) {
			case "binary_expression", "comparison_operator":
				cmp, isCmp := readComparison(u, c)
				if !isCmp {
					return nil
				}
				m, ok = findRehash(u, cmp)
			case "call_expression":
				if u.Lang.Family() != grammars.FamilyGo {
					return nil
				}
				m, ok = matchRehashEqualCall(u, c)
			default:
				return nil
			}
			if !ok {
				return nil
			}
			fix, ok := rehashFix(u, m)
			if !ok {
				return nil
			}
			for _, e := range fix.Edits {
				if e.NewText == "" {
					dels = append(dels, e)
				}
			}
			return nil
		})
		return dels
	})
}
