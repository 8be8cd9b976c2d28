package detectors

import "strings"

// A provider describes one documented token format: the fixed marker a
// token carries (usually its prefix) and a hand-written check of the rest.
// Scanning a fragment finds every marker of every provider in one pass (see
// providers_prefilter.go), so the checks only run at candidate positions
// and the cost does not grow with the number of providers.
type provider struct {
	// Name is how messages call the secret ("Stripe secret key").
	Name string
	// Env is the environment variable the fix reads the secret from.
	Env string
	// Prefixes are the literal markers of the token. A marker starts the
	// token unless Lead is set.
	Prefixes []string
	// Lead, when set, is the class of the bytes that come before the
	// marker and belong to the token (Mailchimp's "<32 hex>-us6"): at
	// least LeadMin (when set) and at most LeadN, exactly LeadN otherwise.
	Lead           func(byte) bool
	LeadMin, LeadN int
	// match checks the text after a marker. It returns the length of the
	// rest of the token and the bounds of its variable part (the body,
	// the part that should look random), relative to rest; ok is false
	// when rest does not continue the token.
	match func(rest string) (n, bodyStart, bodyEnd int, ok bool)
	// check, when set, verifies the whole token (a checksum, a decodable
	// structure). It may rename the provider (a JWT whose role says it is
	// a Supabase service key) and change the severity; ok false means the
	// text is not this provider's token.
	check func(token string) (v variant, ok bool)
	// Keywords, when set, must occur (case-insensitively) in the name the
	// literal is given to or in the text just before the token: the shape
	// alone is too common or shared with another provider.
	Keywords []string
	// mixed marks bodies drawn from a mixed-case alphanumeric alphabet:
	// a random body of that alphabet uses at least two of lower case,
	// upper case and digits.
	mixed bool
	// Severity overrides the rule's severity (0 keeps it).
	Severity Severity
	// inURL marks markers that follow "https://" (webhook URLs): no token
	// boundary is needed before them.
	inURL bool
	// outline, for a named provider, is the loose outline of its tokens
	// (Telegram's "<digits>:<characters>"). A value given to a name that
	// mentions the provider, with the outline but not the exact shape, is
	// a mistyped, truncated or made-up token: neither TL101 nor TL102.
	outline func(value string) bool
}

// variant is what a provider's check says about one token.
type variant struct {
	Name, Env string
	Severity  Severity
}

// tokenHit is one provider token found in a fragment; offsets are bytes
// into the unit's source.
type tokenHit struct {
	Provider           *provider
	Start, End         int
	BodyStart, BodyEnd int
	// Variant is the check's verdict (empty fields keep the provider's).
	Variant variant
}

func (h tokenHit) name() string {
	if h.Variant.Name != "" {
		return h.Variant.Name
	}
	return h.Provider.Name
}

func (h tokenHit) env() string {
	if h.Variant.Env != "" {
		return h.Variant.Env
	}
	return h.Provider.Env
}

func (h tokenHit) severity() Severity {
	if h.Variant.Severity != 0 {
		return h.Variant.Severity
	}
	return h.Provider.Severity
}

// keyPrefixes are value starts that mark a provider-style key even when
// the rest is short or low in entropy ("sk-test-1234"): the word "test"
// after them names a test mode, not a fake value.
var keyPrefixes = []string{"sk-", "sk_", "rk_", "whsec_", "ghp_", "gho_", "ghs_", "github_pat_", "xox", "AKIA", "ASIA", "AIza", "SG.", "npm_", "glpat-", "hf_", "shpat_", "dop_v1_", "pypi-"}

func hasKeyPrefix(v string) bool {
	for _, p := range keyPrefixes {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return false
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isB64URL(c byte) bool { return isAlnum(c) || c == '_' || c == '-' }

func isBase32Upper(c byte) bool { return c >= 'A' && c <= 'Z' || c >= '2' && c <= '7' }

func isB64(c byte) bool { return isAlnum(c) || c == '+' || c == '/' }

func isHexLower(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' }

func isHex(c byte) bool { return isHexLower(c) || c >= 'A' && c <= 'F' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isUpperAlnum(c byte) bool { return c >= 'A' && c <= 'Z' || isDigit(c) }

func isLowerAlnum(c byte) bool { return c >= 'a' && c <= 'z' || isDigit(c) }

// isTokenChar reports whether c may continue a token, so that a token
// must not touch one on either side.
func isTokenChar(c byte) bool { return isB64URL(c) }

func run(s string, class func(byte) bool) int {
	i := 0
	for i < len(s) && class(s[i]) {
		i++
	}
	return i
}

// runAtLeast matches a maximal run of class of at least min bytes.
func runAtLeast(class func(byte) bool, min int) func(string) (int, int, int, bool) {
	return runBetween(class, min, 1<<20)
}

// runBetween matches a maximal run of class of min to max bytes.
func runBetween(class func(byte) bool, min, max int) func(string) (int, int, int, bool) {
	return func(rest string) (int, int, int, bool) {
		n := run(rest, class)
		if n < min || n > max || n < len(rest) && isTokenChar(rest[n]) {
			return 0, 0, 0, false
		}
		return n, 0, n, true
	}
}

// runExactly matches exactly n bytes of class not followed by a token
// character.
func runExactly(class func(byte) bool, n int) func(string) (int, int, int, bool) {
	return func(rest string) (int, int, int, bool) {
		if len(rest) < n || run(rest[:n], class) != n || len(rest) > n && isTokenChar(rest[n]) {
			return 0, 0, 0, false
		}
		return n, 0, n, true
	}
}

// piece is one part of a token shape: a literal separator, or a run of a
// class between min and max bytes.
type piece struct {
	lit      string
	class    func(byte) bool
	min, max int
}

func lit(s string) piece                            { return piece{lit: s} }
func cls(class func(byte) bool, min, max int) piece { return piece{class: class, min: min, max: max} }
func exactly(class func(byte) bool, n int) piece    { return piece{class: class, min: n, max: n} }
func atLeast(class func(byte) bool, min int) piece {
	return piece{class: class, min: min, max: 1 << 20}
}

// seq matches pieces in order; a class piece takes the longest run it may
// (up to max) and the token must not be followed by a token character.
func seq(pieces ...piece) func(string) (int, int, int, bool) {
	return func(rest string) (int, int, int, bool) {
		i := 0
		for _, p := range pieces {
			if p.class == nil {
				if !strings.HasPrefix(rest[i:], p.lit) {
					return 0, 0, 0, false
				}
				i += len(p.lit)
				continue
			}
			n := run(rest[i:], p.class)
			if n > p.max {
				n = p.max
			}
			if n < p.min {
				return 0, 0, 0, false
			}
			i += n
		}
		if i < len(rest) && isTokenChar(rest[i]) {
			return 0, 0, 0, false
		}
		return i, 0, i, true
	}
}

// uuidShape matches a canonical 8-4-4-4-12 hexadecimal UUID.
var uuidShape = seq(exactly(isHex, 8), lit("-"), exactly(isHex, 4), lit("-"), exactly(isHex, 4), lit("-"), exactly(isHex, 4), lit("-"), exactly(isHex, 12))

// openAIMarker is the base64 of "OpenAI" that legacy keys carry.
const openAIMarker = "T3BlbkFJ"

// matchOpenAILegacy matches the legacy "sk-" + 48 alphanumerics form, and
// the marker form of any length around the T3BlbkFJ marker.
func matchOpenAILegacy(rest string) (int, int, int, bool) {
	n := run(rest, isAlnum)
	if n < len(rest) && isTokenChar(rest[n]) {
		return 0, 0, 0, false
	}
	if n == 48 || n >= 40 && strings.Contains(rest[:n], openAIMarker) {
		return n, 0, n, true
	}
	return 0, 0, 0, false
}

// matchAnthropic matches "<kind><2 digits>-" (api03, admin01) and a long
// base64url body.
func matchAnthropic(rest string) (int, int, int, bool) {
	k := run(rest, func(c byte) bool { return c >= 'a' && c <= 'z' })
	d := run(rest[k:], isDigit)
	if k == 0 || d != 2 || k+d >= len(rest) || rest[k+d] != '-' {
		return 0, 0, 0, false
	}
	start := k + d + 1
	n, _, _, ok := runAtLeast(isB64URL, 80)(rest[start:])
	if !ok {
		return 0, 0, 0, false
	}
	return start + n, start, start + n, true
}

// matchBase64 matches standard base64 of at least min characters with
// optional padding.
func matchBase64(min int) func(string) (int, int, int, bool) {
	return func(rest string) (int, int, int, bool) {
		n := run(rest, isB64)
		body := n
		for n < len(rest) && n-body < 2 && rest[n] == '=' {
			n++
		}
		if body < min || n < len(rest) && isTokenChar(rest[n]) {
			return 0, 0, 0, false
		}
		return n, 0, body, true
	}
}

// matchGitHubPAT matches 22 alphanumerics, "_", 59 alphanumerics, and
// also tolerates the same 82 characters drawn from [A-Za-z0-9_] without the
// separator in its place.
func matchGitHubPAT(rest string) (int, int, int, bool) {
	n := run(rest, func(c byte) bool { return isAlnum(c) || c == '_' })
	if n != 82 || n < len(rest) && rest[n] == '-' {
		return 0, 0, 0, false
	}
	return 82, 0, 82, true
}

// matchSlack matches dash-separated groups ending in a random group of at
// least 20 alphanumerics, after numeric ids: a workspace, user or bot id
// of at least 8 digits, or (refresh and config tokens) a version digit
// before a long random group.
func matchSlack(rest string) (int, int, int, bool) {
	n := run(rest, func(c byte) bool { return isAlnum(c) || c == '-' })
	if n < len(rest) && isTokenChar(rest[n]) {
		return 0, 0, 0, false
	}
	groups := strings.Split(rest[:n], "-")
	if len(groups) < 2 {
		return 0, 0, 0, false
	}
	last := groups[len(groups)-1]
	digitGroups, longest := 0, 0
	for _, g := range groups[:len(groups)-1] {
		if g == "" {
			return 0, 0, 0, false
		}
		if run(g, func(c byte) bool { return c >= '0' && c <= '9' }) == len(g) {
			digitGroups++
			longest = max(longest, len(g))
		}
	}
	legacy := digitGroups >= 3 && longest >= 8 && len(last) >= 10 && run(last, isHex) == len(last)
	if !legacy && (digitGroups == 0 || len(last) < 20 || longest < 8 && len(last) < 60) {
		return 0, 0, 0, false
	}
	return n, n - len(last), n, true
}

// matchSendGrid matches 22 base64url characters, ".", 43 of them.
func matchSendGrid(rest string) (int, int, int, bool) {
	if len(rest) < 66 || run(rest[:22], isB64URL) != 22 || rest[22] != '.' || run(rest[23:66], isB64URL) != 43 {
		return 0, 0, 0, false
	}
	if len(rest) > 66 && isTokenChar(rest[66]) {
		return 0, 0, 0, false
	}
	return 66, 0, 66, true
}

// findTokens returns the provider tokens in text, which starts at byte
// offset base of the source. Overlapping candidates keep the first, longest
// one. Placeholders are not filtered here.
func findTokens(text string, base int) []tokenHit {
	return findTokensNamed(text, base, "")
}

// findTokensNamed is findTokens with the name the literal is given to,
// which can supply the keyword a keyword-bound provider needs.
func findTokensNamed(text string, base int, name string) []tokenHit {
	return findTokensLazy(text, base, func() string { return name })
}

// nameFunc returns the name a literal is given to; a nil nameFunc stands
// for no name. Checks call it only when a provider needs the name, so a
// caller can resolve the name lazily.
type nameFunc func() string

func (f nameFunc) get() string {
	if f == nil {
		return ""
	}
	return f()
}

// findTokensLazy is findTokensNamed with the name asked for only when a
// keyword-bound provider's token needs it.
func findTokensLazy(text string, base int, name nameFunc) []tokenHit {
	if len(text) < 16 {
		return nil
	}
	var hits []tokenHit
	defaultPrefilter.scan(text, func(p *provider, i, prefixLen int) {
		if h, ok := matchAt(p, text, i, prefixLen, name); ok {
			h.Start += base
			h.End += base
			h.BodyStart += base
			h.BodyEnd += base
			hits = append(hits, h)
		}
	})
	return dropOverlaps(hits)
}

// matchAt checks provider p's marker found at text[i:i+prefixLen].
func matchAt(p *provider, text string, i, prefixLen int, name nameFunc) (tokenHit, bool) {
	start := i
	if p.Lead != nil {
		n := 0
		for n < p.LeadN && i-n > 0 && p.Lead(text[i-n-1]) {
			n++
		}
		min := p.LeadN
		if p.LeadMin > 0 {
			min = p.LeadMin
		}
		if n < min {
			return tokenHit{}, false
		}
		start = i - n
	}
	if !p.inURL && !boundaryBefore(text, start) {
		return tokenHit{}, false
	}
	rest := text[i+prefixLen:]
	n, bs, be, ok := p.match(rest)
	if !ok {
		return tokenHit{}, false
	}
	at := i + prefixLen
	h := tokenHit{Provider: p, Start: start, End: at + n, BodyStart: at + bs, BodyEnd: at + be}
	if p.Lead != nil {
		h.BodyStart = start
	}
	if len(p.Keywords) > 0 && !keywordIn(p.Keywords, text[max(0, start-48):start]) && !keywordIn(p.Keywords, name.get()) {
		return tokenHit{}, false
	}
	if p.check != nil {
		v, ok := p.check(text[h.Start:h.End])
		if !ok {
			return tokenHit{}, false
		}
		h.Variant = v
	}
	return h, true
}

// hasKeyword reports whether one of keywords starts a word of name or of
// the text before a token ("herokuToken", "HEROKU_API_KEY", but not
// "rookTable" for "okta").
func hasKeyword(keywords []string, name, before string) bool {
	for _, k := range keywords {
		if containsWord(name, k) || containsWord(before, k) {
			return true
		}
	}
	return false
}

// keywordIn reports whether one of keywords starts a word of s.
func keywordIn(keywords []string, s string) bool {
	for _, k := range keywords {
		if containsWord(s, k) {
			return true
		}
	}
	return false
}

// containsWord reports whether the lower-case keyword k occurs in s
// (any case) at the start of a word: after a non-letter or at a
// lower-to-upper case change.
func containsWord(s, k string) bool {
	if len(s) < len(k) {
		return false
	}
	lower := strings.ToLower(s)
	for from := 0; ; {
		i := strings.Index(lower[from:], k)
		if i < 0 {
			return false
		}
		i += from
		if i == 0 || !isLetter(s[i-1]) || isUpper(s[i]) && !isUpper(s[i-1]) {
			return true
		}
		from = i + 1
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// boundaryBefore reports whether a token may start at text[i]: the byte
// before is not a token character, or it is the letter of an escape
// sequence such as "\n".
func boundaryBefore(text string, i int) bool {
	if i == 0 {
		return true
	}
	c := text[i-1]
	if !isTokenChar(c) && c != '+' && c != '/' && c != '.' {
		return true
	}
	return i >= 2 && text[i-2] == '\\' && c >= 'a' && c <= 'z'
}

// dropOverlaps keeps, among overlapping hits, the longest (the earliest on
// ties), and returns the survivors in text order.
func dropOverlaps(hits []tokenHit) []tokenHit {
	var out []tokenHit
	for _, h := range hits {
		keep := true
		for j := 0; j < len(out); j++ {
			o := out[j]
			if h.Start < o.End && o.Start < h.End {
				if h.End-h.Start > o.End-o.Start {
					out = append(out[:j], out[j+1:]...)
					j--
					continue
				}
				keep = false
				break
			}
		}
		if keep {
			out = append(out, h)
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Start < out[j-1].Start; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
