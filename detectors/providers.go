package detectors

import "strings"

// A provider describes one documented token format: the fixed prefixes a
// token starts with and a hand-written check of what follows. Scanning a
// fragment looks for the prefixes first (strings.Index), so the checks only
// run at candidate positions.
type provider struct {
	// Name is how messages call the secret ("Stripe secret key").
	Name string
	// Env is the environment variable the fix reads the secret from.
	Env string
	// Prefixes are the literal starts of the token.
	Prefixes []string
	// match checks the text after a prefix. It returns the length of the
	// rest of the token and the bounds of its variable part (the body,
	// the part that should look random), relative to rest; ok is false
	// when rest does not continue the token.
	match func(rest string) (n, bodyStart, bodyEnd int, ok bool)
	// mixed marks bodies drawn from a mixed-case alphanumeric alphabet:
	// a random body of that alphabet uses at least two of lower case,
	// upper case and digits.
	mixed bool
}

// tokenHit is one provider token found in a fragment; offsets are bytes
// into the unit's source.
type tokenHit struct {
	Provider           *provider
	Start, End         int
	BodyStart, BodyEnd int
}

// providers lists the token formats TL101 knows. The shapes come from the
// providers' documentation; the checks are written by hand.
var providers = []*provider{
	{
		Name: "OpenAI API key", Env: "OPENAI_API_KEY",
		Prefixes: []string{"sk-proj-", "sk-svcacct-", "sk-admin-"},
		match:    runAtLeast(isB64URL, 40), mixed: true,
	},
	{
		Name: "OpenAI API key", Env: "OPENAI_API_KEY",
		Prefixes: []string{"sk-"},
		match:    matchOpenAILegacy, mixed: true,
	},
	{
		Name: "Anthropic API key", Env: "ANTHROPIC_API_KEY",
		Prefixes: []string{"sk-ant-"},
		match:    matchAnthropic, mixed: true,
	},
	{
		Name: "Stripe secret key", Env: "STRIPE_SECRET_KEY",
		Prefixes: []string{"sk_live_", "sk_test_"},
		match:    runAtLeast(isAlnum, 20), mixed: true,
	},
	{
		Name: "Stripe restricted key", Env: "STRIPE_RESTRICTED_KEY",
		Prefixes: []string{"rk_live_", "rk_test_"},
		match:    runAtLeast(isAlnum, 20), mixed: true,
	},
	{
		Name: "Stripe webhook signing secret", Env: "STRIPE_WEBHOOK_SECRET",
		Prefixes: []string{"whsec_"},
		match:    matchBase64(24), mixed: true,
	},
	{
		Name: "AWS access key ID", Env: "AWS_ACCESS_KEY_ID",
		Prefixes: []string{"AKIA", "ASIA", "ABIA", "ACCA"},
		match:    runExactly(isBase32Upper, 16),
	},
	{
		Name: "GitHub token", Env: "GITHUB_TOKEN",
		Prefixes: []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_"},
		match:    runExactly(isAlnum, 36), mixed: true,
	},
	{
		Name: "GitHub fine-grained token", Env: "GITHUB_TOKEN",
		Prefixes: []string{"github_pat_"},
		match:    matchGitHubPAT, mixed: true,
	},
	{
		Name: "Slack bot token", Env: "SLACK_BOT_TOKEN",
		Prefixes: []string{"xoxb-"},
		match:    matchSlack, mixed: true,
	},
	{
		Name: "Slack token", Env: "SLACK_TOKEN",
		Prefixes: []string{"xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "xoxe.xoxp-"},
		match:    matchSlack, mixed: true,
	},
	{
		Name: "Google API key", Env: "GOOGLE_API_KEY",
		Prefixes: []string{"AIza"},
		match:    runExactly(isB64URL, 35), mixed: true,
	},
	{
		Name: "SendGrid API key", Env: "SENDGRID_API_KEY",
		Prefixes: []string{"SG."},
		match:    matchSendGrid, mixed: true,
	},
	{
		Name: "npm access token", Env: "NPM_TOKEN",
		Prefixes: []string{"npm_"},
		match:    runExactly(isAlnum, 36), mixed: true,
	},
}

// keyPrefixes are value starts that mark a provider-style key even when
// the rest is short or low in entropy ("sk-test-1234"): the word "test"
// after them names a test mode, not a fake value.
var keyPrefixes = []string{"sk-", "sk_", "rk_", "whsec_", "ghp_", "gho_", "ghs_", "github_pat_", "xox", "AKIA", "ASIA", "AIza", "SG.", "npm_"}

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
	return func(rest string) (int, int, int, bool) {
		n := run(rest, class)
		if n < min || n < len(rest) && isTokenChar(rest[n]) {
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
	d := run(rest[k:], func(c byte) bool { return c >= '0' && c <= '9' })
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
		n := run(rest, func(c byte) bool { return isAlnum(c) || c == '+' || c == '/' })
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
	if digitGroups == 0 || len(last) < 20 || longest < 8 && len(last) < 60 {
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
	if len(text) < 20 {
		return nil
	}
	var hits []tokenHit
	for _, p := range providers {
		for _, prefix := range p.Prefixes {
			from := 0
			for from < len(text) {
				i := strings.Index(text[from:], prefix)
				if i < 0 {
					break
				}
				i += from
				from = i + 1
				if !boundaryBefore(text, i) {
					continue
				}
				rest := text[i+len(prefix):]
				n, bs, be, ok := p.match(rest)
				if !ok {
					continue
				}
				at := i + len(prefix)
				hits = append(hits, tokenHit{
					Provider: p,
					Start:    base + i, End: base + at + n,
					BodyStart: base + at + bs, BodyEnd: base + at + be,
				})
				from = at + n
			}
		}
	}
	return dropOverlaps(hits)
}

// boundaryBefore reports whether a token may start at text[i]: the byte
// before is not a token character, or it is the letter of an escape
// sequence such as "\n".
func boundaryBefore(text string, i int) bool {
	if i == 0 {
		return true
	}
	c := text[i-1]
	if !isTokenChar(c) && c != '+' && c != '/' {
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
