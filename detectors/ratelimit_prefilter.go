package detectors

import (
	"bytes"
	"strings"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// The checks below let TL207 and TL601 skip a walk of a subtree or of the file
// when the source bytes show the walk cannot find what it looks for. Each
// may only say "it cannot" when the walk would say the same
// (ratelimit_prefilter_test.go holds them to the walks on the fixtures
// and, with TRUSTLINT_GATE_CORPUS, on a whole tree).

// limiterAnchors are the lower-case words one of which every token
// isLimiterToken accepts holds: each of limiterWords holds one, and so
// does each word pair it accepts ("rate limit…", "slow down", "limit …",
// "failed attempts", "login logins", "locked out").
var limiterAnchors = []string{
	"limit", "throttl", "brute", "tollbooth", "httprate", "slow", "lockout", "axes", "captcha",
	"turnstile", "attempts", "logins", "locked",
}

// mayNameLimiter reports whether the source in [start, end) may hold a
// token isLimiterToken accepts: false only when it is all ASCII and holds
// none of limiterAnchors in any case. isLimiterToken reads the words of a
// token lower-cased, and a token of a node inside the span lies inside
// it; a non-ASCII byte stops the check (strings.ToLower maps a few
// non-ASCII letters, such as the Kelvin sign, to ASCII ones).
func mayNameLimiter(u *Unit, start, end uint32) bool {
	if int(end) > len(u.Src) || start > end {
		return true
	}
	span := u.Src[start:end]
	for i, c := range span {
		if c >= 0x80 {
			return true
		}
		c |= 0x20 // ASCII lower case for letters; anchors start with letters
		switch c {
		case 'l', 't', 'b', 'h', 's', 'a', 'c':
		default:
			continue
		}
		for _, a := range limiterAnchors {
			if a[0] == c && hasPrefixFoldASCII(span[i:], a) {
				return true
			}
		}
	}
	return false
}

// hasPrefixFoldASCII reports whether s starts with the lower-case ASCII
// word w in any case.
func hasPrefixFoldASCII[S string | []byte](s S, w string) bool {
	if len(s) < len(w) {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}

// firstMountKey memoises firstMountWord.
type firstMountKey struct{}

// firstMountWord returns the offset of the first "use" or "register" in
// the unit's source that no ASCII identifier byte touches on either side,
// or -1, once per unit: the property of an app.use(...) or
// fastify.register(...) call is such a word.
func firstMountWord(u *Unit) int {
	return memo(u, firstMountKey{}, func() int {
		first := -1
		src := u.Src
		for _, w := range [...][]byte{[]byte("use"), []byte("register")} {
			for i := 0; ; {
				j := bytes.Index(src[i:], w)
				if j < 0 {
					break
				}
				at, end := i+j, i+j+len(w)
				if (at == 0 || !isASCIIIdentByte(src[at-1])) && (end == len(src) || !isASCIIIdentByte(src[end])) {
					if first < 0 || at < first {
						first = at
					}
					break
				}
				i = at + 1
			}
		}
		return first
	})
}

// mayMountBefore reports whether a use or register call may end before
// offset end, the start of a route: false only when no "use" or
// "register" word (see firstMountWord) starts before it in a file that
// parsed without errors. jsLimitedBeforeWalk looks at nothing else.
func mayMountBefore(u *Unit, end uint32) bool {
	if treeHasError(u) {
		return true
	}
	first := firstMountWord(u)
	return first >= 0 && first < int(end)
}

// webhookDeclMayReport reports whether visitWebhookDecl may report the JS
// or Go declaration n: false only when n's source is all ASCII and holds
// neither "webhook" in any case nor one of stripeEventWords, and the
// file's path does not name a webhook. visitWebhookDecl reports only a
// declaration whose name (inside n) says webhook, or a JS POST or
// handler in a file whose path does, or one whose body (inside n) holds
// a Stripe event type. A Python function's decorators lie outside it: it
// is always read.
func webhookDeclMayReport(u *Unit, n *sitter.Node) bool {
	if u.Lang.Family() == grammars.FamilyPython || webhookPath(u) {
		return true
	}
	start, end := grammars.Start(n), grammars.End(n)
	if int(end) > len(u.Src) || start > end {
		return true
	}
	span := u.Src[start:end]
	for i, c := range span {
		if c >= 0x80 {
			// strings.ToLower maps the Kelvin sign to "k".
			return true
		}
		if c|0x20 == 'w' && hasPrefixFoldASCII(span[i:], "webhook") {
			return true
		}
	}
	return mayMatchStripeEvent(unsafe.String(unsafe.SliceData(span), len(span)))
}

// webhookPathKey memoises webhookPath.
type webhookPathKey struct{}

// webhookPath reports whether the unit's path names a webhook, as
// visitWebhookDecl reads it.
func webhookPath(u *Unit) bool {
	return memo(u, webhookPathKey{}, func() bool { return strings.Contains(strings.ToLower(u.Path), "webhook") })
}

// authPathAnchors are the lower-case words one of which every path that
// classifyAuthWords gives a kind holds: each word and pair it looks for
// holds one ("forgot", "reset", "password"/"passwordless" by "pass",
// "totp" by "otp", "twofactor" by "two", "login"/"logon" by "log",
// "signin" by "sign", "authenticate" by "auth", ...), as does each last
// word it calls a token route.
var authPathAnchors = []string{
	"forgot", "reset", "recover", "pass", "otp", "2fa", "mfa", "two", "verify", "confirm", "sms",
	"magic", "log", "sign", "auth", "token", "session",
}

// mayBeAuthPath reports whether classifyAuthWords may give the words of
// path a kind: false only when path is all ASCII and holds none of
// authPathAnchors in any case (its words are lower-cased pieces of it),
// which spares splitting it into words.
func mayBeAuthPath(path string) bool {
	for i := 0; i < len(path); i++ {
		if path[i] >= 0x80 {
			return true
		}
	}
	for i := 0; i < len(path); i++ {
		c := path[i] | 0x20
		for _, a := range authPathAnchors {
			if a[0] == c && hasPrefixFoldASCII(path[i:], a) {
				return true
			}
		}
	}
	return false
}
