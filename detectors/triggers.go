package detectors

import (
	"strings"
	"sync"

	"github.com/trustlint/trustlint/grammars"
)

// Trigger gating. For every rule, a condition on the words a file's text
// (and its path) holds that is NECESSARY for the rule's detector to report
// anything: when it fails, the detector cannot fire on the file and is not
// run. A file on which no rule's condition holds is not even parsed
// (NeedsParse). One Aho–Corasick pass over the lower-cased bytes finds
// every word of every condition; the conditions are then boolean formulas
// over the words found.
//
// Each condition is read off the detector's code: the callee names,
// package paths, keys and name words without which its checks all fail.
// Words are substrings, matched case-insensitively unless marked
// case-sensitive (provider markers, Go method names), so a condition over
// words is weaker than the detector's own checks, never stronger. Where a
// value is joined from several literals before a detector reads it (TL101
// and TL103 read "+" chains and Python's adjacent literals), the condition
// also holds for every way a marker can be split across literals. Two
// assumptions are written next to the rules they concern: a SQL keyword
// (TL501) and the words "authorization"/"cookie" in a key (TL105) are not
// split inside the word across literals or separators.
//
// Unicode case folding can turn a non-ASCII letter into an ASCII one that
// a detector then matches (the Kelvin sign K folds to k, the long s ſ to
// s, İ lower-cases to i): a file holding one of those letters runs every
// rule. A rule with no entry in triggerGates always runs.
//
// The differential test (triggers_test.go) runs every fixture, and any
// corpus named by TRUSTLINT_GATE_CORPUS, with and without gating and
// requires the same findings; a change to a detector that adds a new way
// to report must extend its rule's condition here.

// cond is a condition over the words found in a file.
type cond func(f *found) bool

// found is the set of trigger words a text holds, by word id.
type found struct {
	bits []uint64
	// all is set when gating must not skip anything (a Unicode letter
	// that folds to ASCII).
	all bool
	// heads lists, once each, the quoted words ending with their quote
	// (a literal's last bytes, see splitAcross) that occur.
	heads []int32
}

func (f *found) has(id int) bool { return f.bits[id>>6]&(1<<(id&63)) != 0 }
func (f *found) set(id int)      { f.bits[id>>6] |= 1 << (id & 63) }

// triggerWord is one word of the table: its lower-cased text for the
// automaton and, for a case-sensitive word, the text as written.
type triggerWord struct {
	lower string
	exact string // empty for a case-insensitive word
	// quoted marks an exact word of splitAcross's fragments, which start
	// or end with a quote character (head marks those that end with one
	// after a literal's last bytes): scan finds them around each quote of
	// the text instead of through the automaton, which thousands of short
	// fragments would make large and slow.
	quoted, head bool
}

// gateBuilder collects the words of the conditions while they are built.
type gateBuilder struct {
	ids   map[triggerWord]int
	words []triggerWord
}

func (b *gateBuilder) id(w triggerWord) int {
	if id, ok := b.ids[w]; ok {
		return id
	}
	id := len(b.words)
	b.ids[w] = id
	b.words = append(b.words, w)
	return id
}

// any holds when one of the words occurs in any case.
func (b *gateBuilder) any(ws ...string) cond {
	ids := make([]int, len(ws))
	for i, w := range ws {
		ids[i] = b.id(triggerWord{lower: strings.ToLower(w)})
	}
	return anyID(ids)
}

// anyExact holds when one of the words occurs exactly as written.
func (b *gateBuilder) anyExact(ws ...string) cond {
	ids := make([]int, len(ws))
	for i, w := range ws {
		ids[i] = b.id(triggerWord{lower: strings.ToLower(w), exact: w})
	}
	return anyID(ids)
}

func anyID(ids []int) cond {
	return func(f *found) bool {
		for _, id := range ids {
			if f.has(id) {
				return true
			}
		}
		return false
	}
}

func and(cs ...cond) cond {
	return func(f *found) bool {
		for _, c := range cs {
			if !c(f) {
				return false
			}
		}
		return true
	}
}

func or(cs ...cond) cond {
	return func(f *found) bool {
		for _, c := range cs {
			if c(f) {
				return true
			}
		}
		return false
	}
}

// splitAcross holds when a marker may be split across joined literals
// ("sk_li" + "ve_…", Python's adjacent "sk_li" "ve_…"). A literal's
// content sits between its quotes in the source, so for a split after the
// marker's k-th byte some literal ends with the head m[:k] (its last
// three bytes and a quote occur) and the rest m[k:] is spelled by the
// literals that follow: the next non-empty one either starts with m[k:]
// (a quote and at most three bytes of it occur) or, when it holds one or
// two bytes only, is exactly those bytes between quotes and the rest
// continues after it the same way. Empty literals in between change
// nothing. Only the three quote characters delimit literals here.
func (b *gateBuilder) splitAcross(markers ...string) cond {
	byHead := make(map[int][]cond) // a head word's id → the rests that may follow it
	for _, m := range markers {
		reach := make([]cond, len(m)+1)
		for k := len(m) - 1; k >= 1; k-- {
			rest := m[k:]
			opts := []cond{b.quoted("", rest[:min(3, len(rest))], "")}
			for j := k + 1; j < len(m) && j-k <= 2; j++ {
				opts = append(opts, and(b.quoted("", m[k:j], "same"), reach[j]))
			}
			reach[k] = or(opts...)
		}
		for k := 1; k < len(m); k++ {
			head := m[max(0, k-3):k]
			for _, id := range b.quotedIDs(head, "", "") {
				byHead[id] = append(byHead[id], reach[k])
			}
		}
	}
	// Every split needs a head: only the heads that occur are tried.
	return func(f *found) bool {
		for _, id := range f.heads {
			for _, reach := range byHead[int(id)] {
				if reach(f) {
					return true
				}
			}
		}
		return false
	}
}

// quoted holds when, for one of the quote characters q, the exact text
// head+q (head given) or q+body (body given; q+body+q when close is
// "same") occurs.
func (b *gateBuilder) quoted(head, body, close string) cond {
	return anyID(b.quotedIDs(head, body, close))
}

// quotedIDs returns the ids of quoted's words.
func (b *gateBuilder) quotedIDs(head, body, close string) []int {
	var ws []string
	for _, q := range []string{`"`, `'`, "`"} {
		switch {
		case head != "":
			ws = append(ws, head+q)
		case close == "same":
			ws = append(ws, q+body+q)
		default:
			ws = append(ws, q+body)
		}
	}
	ids := make([]int, len(ws))
	for i, w := range ws {
		ids[i] = b.id(triggerWord{lower: strings.ToLower(w), exact: w, quoted: true, head: head != ""})
	}
	return ids
}

// ruleGate is one rule's condition: per family, or the same for all.
type ruleGate struct {
	all      cond
	byFamily map[grammars.Family]cond
}

func (g ruleGate) cond(f grammars.Family) cond {
	if c, ok := g.byFamily[f]; ok {
		return c
	}
	return g.all
}

// triggerTable is the built table: the words, their automaton and the
// rules' conditions. It is immutable once built.
type triggerTable struct {
	words []triggerWord
	gates map[string]ruleGate
	// order numbers the rules of gates, for triggersFound.evaluated.
	order map[string]int
	// ac is the automaton over the lower-cased texts of the words that
	// are not quoted; a match reports its index in acWords, the word id.
	ac      *acMachine
	acWords []int32
	// endsAt and startsAt hold the quoted words by their text (packed,
	// see fragmentKey): those that end with their quote (heads) and those
	// that start with one; before and after mark the bytes that occur
	// just before, or just after, the quote in some word of each.
	endsAt, startsAt map[uint64]int32
	before, after    [256]bool
	// beforePair and afterPair filter the longer words (three and four
	// bytes) by the two bytes next to the quote, one bit per byte pair,
	// so that most quotes cost no map lookup.
	beforePair, afterPair *[1 << 16 / 64]uint64
}

// fragmentKey packs a fragment of one to maxQuoted bytes and its length.
func fragmentKey(b []byte) uint64 {
	k := uint64(len(b)) << 32
	for i, c := range b {
		k |= uint64(c) << (8 * i)
	}
	return k
}

// triggers returns the trigger table, built on first use.
var triggers = sync.OnceValue(buildTriggers)

// credentialName holds when some name in the file may be a credential
// name (isCredentialName): a credential head or suffix, or "key"
// qualified by a word that makes it a credential.
func credentialName(b *gateBuilder) cond {
	return or(
		b.any("pass", "pwd", "secret", "token", "cred", "bearer"),
		and(b.any("key"), b.any("api", "secret", "private", "access", "auth", "sign", "encrypt", "client",
			"master", "licen", "hmac", "jwt", "subscription", "stripe", "openai", "anthropic", "sendgrid",
			"twilio", "mailgun", "github", "slack", "google", "aws")),
	)
}

// buildTriggers builds the rules' conditions and the automaton.
func buildTriggers() *triggerTable {
	b := &gateBuilder{ids: make(map[triggerWord]int)}
	js, goFam, py := grammars.FamilyJS, grammars.FamilyGo, grammars.FamilyPython
	cred := credentialName(b)

	// TL101: a provider marker as written, a named provider's keyword in
	// a name (matchNamed), or a marker split across joined literals
	// (reportConcatToken).
	var markers, keywords []string
	for _, p := range providers {
		markers = append(markers, p.Prefixes...)
	}
	for _, p := range namedProviders {
		keywords = append(keywords, p.Keywords...)
	}
	tl101 := or(b.anyExact(markers...), b.any(keywords...), b.splitAcross(markers...))

	// TL103: the PEM header, whole or split across joined literals.
	tl103 := or(b.anyExact(pemBegin), b.splitAcross(pemBegin))

	// TL501: a statement sink with a SQL keyword in the text it runs
	// (sqlStartRE; assumed not split inside the keyword across
	// literals), or a fragment sink (whose text needs no keyword).
	sqlKW := b.any("select", "insert", "update", "delete", "with", "replace", "merge", "create",
		"drop", "alter", "truncate", "call")

	authRoute := or(
		b.any("forgot", "reset", "recover", "otp", "2fa", "mfa", "factor", "code", "pin", "magic",
			"passwordless", "login", "signin", "logon", "authenticate", "token", "session", "auth"),
		and(b.any("log"), b.any("in", "on")), and(b.any("sign"), b.any("in")),
	)

	gates := map[string]ruleGate{
		"TL101": {all: tl101},
		// TL102: a credential-named target, key or inline name; an
		// Authorization header; curl -u.
		"TL102": {all: or(cred, b.any("authorization", "curl"))},
		"TL103": {all: tl103},
		// TL104: a URL with user:password@ or a MySQL DSN.
		"TL104": {all: and(b.any("@"), b.any("://", "@tcp(", "@unix("))},
		// TL105: a credential name, an Authorization header or cookie key
		// (normalizeName; assumed written with the word whole), or a
		// secret source (logSourceMarks) for resolved names.
		"TL105": {all: or(cred, b.any("auth", "cookie"), b.any(logSourceMarks...))},
		// TL201: the password hashing APIs it checks.
		"TL201": {all: b.any("bcrypt", "argon2", "pbkdf2", "scrypt", "passwordhasher", "hash_secret")},
		// TL202: a secret-named operand (secretNameKind) or a digest,
		// HMAC or hash call (secretCallKind).
		"TL202": {all: or(cred, b.any("sig", "mac", "digest", "otp", "hash", "sum"))},
		// TL203: mayRehash and freshHashLib.
		"TL203": {all: b.any("hash"), byFamily: map[grammars.Family]cond{goFam: b.any("GenerateFromPassword")}},
		// TL204: a fast hash (fastHashNames) of a password-named input.
		"TL204": {all: and(b.any("md4", "md5", "sha", "ripemd", "blake2"), b.any("pass", "pw"))},
		// TL205: jsonwebtoken/jose sign, PyJWT encode, jwt.NewWithClaims.
		"TL205": {all: b.any("jwt", "jsonwebtoken", "NewWithClaims")},
		// TL206: jwt decode/verify/Parse*, the none algorithm in Go.
		"TL206": {all: b.any("jwt", "jsonwebtoken", "ParseUnverified", "SigningMethodNone", "UnsafeAllowNoneSignatureType")},
		// TL207: a route path, handler or file name that classifyAuthWords
		// calls a login, reset, one-time code, magic link or token route;
		// in Go and JS also the route registration (goRouteMethods;
		// jsWriteMethods, route() and Next.js exports).
		"TL207": {all: authRoute, byFamily: map[grammars.Family]cond{
			goFam: and(b.anyExact("Handle", "Post", "POST", "Put", "PUT", "Patch", "PATCH", "Any"), authRoute),
			js:    and(b.any("post", "put", "patch", "all", "route", "export"), authRoute),
		}},
		// TL301: weak ciphers and ECB.
		"TL301": {byFamily: map[grammars.Family]cond{
			js:    b.any("cipher", "crypt"),
			goFam: b.any("ecb", "des", "rc4", "blowfish", "cast5", "tea", "aes"),
			py:    b.any("des", "arc2", "arc4", "blowfish", "cast", "ecb", "idea", "seed"),
		}},
		// TL302: the IV or nonce arguments of cipher constructors.
		"TL302": {byFamily: map[grammars.Family]cond{
			js:    b.any("cipher", "subtle"),
			goFam: b.any("cipher", "chacha20", "seal", "open"),
			py:    b.any("aes", "des", "blowfish", "cast", "arc2", "chacha", "salsa", "modes", "cryptography"),
		}},
		// TL303: the key arguments of ciphers, HMACs and JWT signing.
		"TL303": {byFamily: map[grammars.Family]cond{
			js: b.any("cipher", "hmac", "secretkey", "jwt", "jsonwebtoken", "cryptojs", "importkey"),
			goFam: b.any("crypto/hmac", "crypto/aes", "crypto/des", "crypto/rc4", "chacha20poly1305",
				"blowfish", "cast5", "xtea", "SignedString"),
			py: b.any("hmac", "jwt", "fernet", "aes", "des", "blowfish", "cast", "arc2", "arc4", "chacha",
				"salsa", "secretbox", "camellia"),
		}},
		// TL304: Math.random, math/rand, the random module.
		"TL304": {all: b.any("random"), byFamily: map[grammars.Family]cond{goFam: b.any("math/rand")}},
		// TL305: the verification switches.
		"TL305": {byFamily: map[grammars.Family]cond{
			js:    b.any("rejectUnauthorized", "reject_unauthorized", "strictSSL", "checkServerIdentity"),
			goFam: b.any("InsecureSkipVerify"),
			py:    b.any("verify", "ssl", "check_hostname"),
		}},
		// TL306: MD5 and SHA-1.
		"TL306": {byFamily: map[grammars.Family]cond{
			js:    b.any("createHash", "md5", "sha1"),
			goFam: b.any("crypto/md5", "crypto/sha1"),
			py:    b.any("hashlib", "md5", "sha"),
		}},
		// TL401: adminCheckRE and the role words of a client role.
		"TL401": {all: b.any("role", "admin", "superuser", "staff")},
		"TL501": {byFamily: map[grammars.Family]cond{
			js: or(and(b.anyExact("query", "execute", "run", "all", "get", "exec", "each", "prepare", "unsafe", "RawUnsafe"), sqlKW),
				b.any("raw", "where", "having", "literal")),
			goFam: or(and(b.anyExact("Query", "Exec", "Prepare", "Get", "Select", "Raw"), sqlKW),
				b.anyExact("Where", "Or", "Not", "Having", "Joins", "Order", "Group")),
			py: or(and(b.anyExact("execute", "exec_driver_sql", "raw", "read_sql", "fetch", "mogrify"), sqlKW),
				b.anyExact("text", "RawSQL")),
		}},
		// TL502: multer, busboy, formidable, body parsers; multipart
		// reads; request.files.
		"TL502": {byFamily: map[grammars.Family]cond{
			js:    b.any("multer", "busboy", "formidable", "IncomingForm", "express", "bodyParser"),
			goFam: b.any("multipart", "FormFile"),
			py:    b.any("request.files"),
		}},
		// TL601: a webhook path, name or file, or a Stripe event type.
		"TL601": {all: b.any("webhook", "checkout.session.", "payment_intent.", "invoice.", "customer.subscription.", "charge.")},
	}
	t := &triggerTable{words: b.words, gates: gates, order: make(map[string]int, len(gates))}
	for rule := range gates {
		t.order[rule] = len(t.order)
	}
	t.build()
	return t
}

// build makes the automaton over the table's lower-cased words and the
// tables of the quoted ones.
func (t *triggerTable) build() {
	var patterns []string
	t.endsAt, t.startsAt = make(map[uint64]int32), make(map[uint64]int32)
	t.beforePair, t.afterPair = new([1 << 16 / 64]uint64), new([1 << 16 / 64]uint64)
	for id, w := range t.words {
		switch {
		case w.quoted && w.head:
			t.endsAt[fragmentKey([]byte(w.exact))] = int32(id)
			t.before[w.exact[len(w.exact)-2]] = true
			if n := len(w.exact); n >= 3 {
				setPair(t.beforePair, w.exact[n-3], w.exact[n-2])
			}
		case w.quoted:
			t.startsAt[fragmentKey([]byte(w.exact))] = int32(id)
			t.after[w.exact[1]] = true
			if len(w.exact) >= 3 {
				setPair(t.afterPair, w.exact[1], w.exact[2])
			}
		default:
			patterns = append(patterns, w.lower)
			t.acWords = append(t.acWords, int32(id))
		}
	}
	t.ac = newACMachine(patterns)
}

// maxQuoted is the longest quoted word: a quote and three bytes.
const maxQuoted = 4

// scan adds to f the words text holds. It is the automaton's loop (see
// acMachine.matches) written out, with the matches handled in place: this
// pass reads every byte of every file a scan looks at, and calling back
// through function values for each of the many matches of short words
// ("in", "on", "key") cost more than the automaton itself. A state whose
// words have all been found is remembered, so that their later matches
// cost one bit test.
func (t *triggerTable) scan(text []byte, f *found) {
	m := t.ac
	jump, class, w := m.jump, &m.class, int32(m.width)
	var spent []uint64 // states whose words are all found, by state
	row := int32(0)
	for i := 0; i < len(text); i++ {
		c := text[i]
		if triggerSpecial[c] {
			switch c {
			case '"', '\'', '`':
				t.scanQuote(text, i, f)
			default:
				if foldsToASCII(text[i:]) {
					f.all = true
				}
			}
		}
		nx := jump[row+int32(class[c])]
		if nx >= 0 {
			row = nx
			continue
		}
		row = ^nx
		state := row / w
		if spent != nil && spent[state>>6]&(1<<(state&63)) != 0 {
			continue
		}
		all := true
		for _, ac := range m.out[state] {
			id := t.acWords[ac]
			if f.has(int(id)) {
				continue
			}
			word := t.words[id]
			if word.exact != "" && string(text[i+1-len(word.exact):i+1]) != word.exact {
				all = false
				continue
			}
			f.set(int(id))
		}
		if all {
			if spent == nil {
				spent = make([]uint64, (len(m.out)+63)/64)
			}
			spent[state>>6] |= 1 << (state & 63)
		}
	}
}

// triggerSpecial marks the bytes scan looks at besides the automaton: the
// quotes of quoted words and the lead bytes foldsToASCII checks.
var triggerSpecial = func() (s [256]bool) {
	s['"'], s['\''], s['`'] = true, true, true
	for c := 0xC4; c < 256; c++ {
		s[c] = true
	}
	return s
}()

// scanQuote adds to f the quoted words that end or start with the quote
// at text[i].
func (t *triggerTable) scanQuote(text []byte, i int, f *found) {
	if i > 0 && t.before[text[i-1]] {
		longer := i > 1 && hasPair(t.beforePair, text[i-2], text[i-1])
		for n := 2; n <= maxQuoted && n <= i+1; n++ {
			if n > 2 && !longer {
				break
			}
			if id, ok := t.endsAt[fragmentKey(text[i+1-n:i+1])]; ok && !f.has(int(id)) {
				f.set(int(id))
				f.heads = append(f.heads, id)
			}
		}
	}
	if i+1 < len(text) && t.after[text[i+1]] {
		longer := i+2 < len(text) && hasPair(t.afterPair, text[i+1], text[i+2])
		for n := 2; n <= maxQuoted && i+n <= len(text); n++ {
			if n > 2 && !longer {
				break
			}
			if id, ok := t.startsAt[fragmentKey(text[i:i+n])]; ok {
				f.set(int(id))
			}
		}
	}
}

// setPair and hasPair set and read the bit of a byte pair.
func setPair(bits *[1 << 16 / 64]uint64, a, b byte) {
	k := int(a)<<8 | int(b)
	bits[k>>6] |= 1 << (k & 63)
}

func hasPair(bits *[1 << 16 / 64]uint64, a, b byte) bool {
	k := int(a)<<8 | int(b)
	return bits[k>>6]&(1<<(k&63)) != 0
}

// foldsToASCII reports whether text starts with a letter that Unicode case
// mapping or folding turns into an ASCII letter: K (U+212A), ſ (U+017F),
// İ (U+0130), ı (U+0131).
func foldsToASCII(text []byte) bool {
	if len(text) < 2 {
		return false
	}
	switch text[0] {
	case 0xC4:
		return text[1] == 0xB0 || text[1] == 0xB1
	case 0xC5:
		return text[1] == 0xBF
	case 0xE2:
		return len(text) >= 3 && text[1] == 0x84 && text[2] == 0xAA
	}
	return false
}

// triggersFound holds the words a unit's path and source hold, and the
// rules' conditions once evaluated.
type triggersFound struct {
	t *triggerTable
	f found
	// evaluated holds, per rule (triggerTable.order) and family, 0 until
	// the condition is evaluated, then 1 when it holds and 2 when not.
	evaluated []uint8
}

// scanTriggers finds the trigger words in a file's path and source, in
// one pass over each.
func scanTriggers(path string, src []byte) *triggersFound {
	t := triggers()
	r := &triggersFound{t: t, f: found{bits: make([]uint64, (len(t.words)+63)/64)}}
	t.scan([]byte(path), &r.f)
	t.scan(src, &r.f)
	return r
}

// familySlot numbers the families for triggersFound.evaluated.
func familySlot(fam grammars.Family) int {
	switch fam {
	case grammars.FamilyJS:
		return 0
	case grammars.FamilyGo:
		return 1
	case grammars.FamilyPython:
		return 2
	}
	return 3
}

// familySlots is the number of familySlot values.
const familySlots = 4

// open reports whether the rule may fire on the file: its condition holds
// or it has none.
func (r *triggersFound) open(rule string, fam grammars.Family) bool {
	if r.f.all {
		return true
	}
	i, ok := r.t.order[rule]
	if !ok {
		return true
	}
	slot := i*familySlots + familySlot(fam)
	if r.evaluated == nil {
		r.evaluated = make([]uint8, len(r.t.order)*familySlots)
	}
	switch r.evaluated[slot] {
	case 1:
		return true
	case 2:
		return false
	}
	c := r.t.gates[rule].cond(fam)
	v := c == nil || c(&r.f)
	r.evaluated[slot] = 2
	if v {
		r.evaluated[slot] = 1
	}
	return v
}
