package detectors

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// rateLimitFamily is the brute-force family: TL207.
func rateLimitFamily() family {
	return family{
		rules: []Rule{{
			ID: "TL207", Name: "login-without-rate-limit", Severity: SeverityHint,
			CWE: []string{"CWE-307"}, Families: allFamilies,
			Summary: "A login, password-reset, one-time-code or magic-link route with no rate limiting in scope: nothing slows down password guessing.",
		}},
		// Two checkers, one per kind of JS node, so that neither visitor
		// asks tree-sitter for the type of the node it is handed.
		checkers: []checker{{
			rule: "TL207",
			kinds: map[grammars.Family][]string{
				grammars.FamilyJS:     {"call_expression"},
				grammars.FamilyGo:     {"call_expression"},
				grammars.FamilyPython: {"function_definition", "class_definition"},
			},
			visit: visitRateLimit,
		}, {
			rule:  "TL207",
			kinds: map[grammars.Family][]string{grammars.FamilyJS: {"export_statement"}},
			visit: visitRateLimitExport,
		}},
	}
}

// visitRateLimit dispatches TL207 on a JS or Go call or a Python
// definition to the unit's language.
func visitRateLimit(p *Pass, n *sitter.Node) {
	fam := p.Lang.Family()
	if fam != grammars.FamilyPython && !callMayBe(p.Unit, n, rateLimitRouteMethod) || isTestUnit(p.Unit) {
		return
	}
	switch fam {
	case grammars.FamilyJS:
		visitRateLimitJS(p, n)
	case grammars.FamilyGo:
		visitRateLimitGo(p, n)
	case grammars.FamilyPython:
		visitRateLimitPython(p, n)
	}
}

// visitRateLimitExport is TL207 on a JS export statement.
func visitRateLimitExport(p *Pass, n *sitter.Node) {
	if isTestUnit(p.Unit) {
		return
	}
	visitNextAuthExport(p, n)
}

// rateLimitRouteMethod reports whether visitRateLimitJS or
// visitRateLimitGo look at a call of this method at all: a route
// registration.
func rateLimitRouteMethod(fam grammars.Family, method string) bool {
	switch fam {
	case grammars.FamilyJS:
		return jsWriteMethods[method] || method == "route"
	case grammars.FamilyGo:
		return goRouteMethods[method]
	}
	return true
}

// rlKind is what a brute-forceable route does.
type rlKind int

const (
	rlNotAuth rlKind = iota
	rlLogin
	rlReset
	rlOTP
	rlMagic
	// rlToken is an OAuth2-style /token or /session endpoint: a login
	// only when its handler reads a password.
	rlToken
)

// label names the route kind in a message.
func (k rlKind) label() string {
	switch k {
	case rlReset:
		return "Password-reset route"
	case rlOTP:
		return "One-time-code route"
	case rlMagic:
		return "Magic-link route"
	case rlToken:
		return "Token (password) route"
	}
	return "Login route"
}

// authExcludedWords make a path that names a login something else: an
// OAuth/SSO hand-off (the provider limits attempts), a page or asset, a
// listing about logins, a logout, 2FA set-up behind a session.
var authExcludedWords = map[string]bool{
	"callback": true, "oauth": true, "oauth2": true, "google": true, "github": true, "facebook": true,
	"apple": true, "twitter": true, "microsoft": true, "gitlab": true, "sso": true, "saml": true,
	"oidc": true, "social": true, "provider": true, "providers": true, "history": true, "attempts": true,
	"audit": true, "page": true, "assets": true, "static": true, "css": true, "js": true, "png": true,
	"svg": true, "ico": true, "html": true, "last": true, "logout": true, "signout": true, "status": true,
	"settings": true, "config": true, "setup": true, "enable": true, "disable": true, "qr": true,
	"qrcode": true, "generate": true, "regenerate": true, "logs": true, "out": true, "stats": true,
}

// classifyAuthWords tells what a route whose path or name splits into
// words does.
func classifyAuthWords(words []string) rlKind {
	for _, w := range words {
		if authExcludedWords[w] {
			return rlNotAuth
		}
	}
	has := func(w string) bool {
		for _, x := range words {
			if x == w {
				return true
			}
		}
		return false
	}
	pair := func(a, b string) bool {
		for i := 0; i+1 < len(words); i++ {
			if words[i] == a && words[i+1] == b {
				return true
			}
		}
		return false
	}
	switch {
	case has("forgot") || has("forgotpassword") || has("resetpassword") || has("passwordreset") ||
		pair("reset", "password") || pair("password", "reset") || pair("password", "recovery") ||
		pair("recover", "password") || pair("reset", "pass") || pair("password", "forgot"):
		return rlReset
	case has("otp") || has("totp") || has("hotp") || has("2fa") || has("mfa") || has("twofactor") ||
		pair("two", "factor") || pair("verify", "code") || pair("verify", "pin") || pair("confirm", "code") ||
		pair("sms", "code"):
		return rlOTP
	case has("magiclink") || pair("magic", "link") || has("passwordless"):
		return rlMagic
	case has("login") || has("signin") || has("logon") || has("authenticate") ||
		pair("log", "in") || pair("sign", "in") || pair("log", "on"):
		return rlLogin
	}
	if len(words) > 0 {
		switch words[len(words)-1] {
		case "token", "session", "sessions", "auth":
			return rlToken
		}
	}
	return rlNotAuth
}

// routeWords splits a route path into words, skipping parameter segments
// (":id", "{id}", "<int:id>", "[id]", "*").
func routeWords(path string) []string {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	var words []string
	for _, seg := range strings.Split(path, "/") {
		if seg == "" || strings.ContainsAny(seg[:1], ":{<[*(") {
			continue
		}
		words = append(words, splitWords(seg)...)
	}
	return words
}

// classifyAuthPath tells what a route path does.
func classifyAuthPath(path string) rlKind {
	if !mayBeAuthPath(path) {
		return rlNotAuth
	}
	return classifyAuthWords(routeWords(path))
}

// limiterWords are words that name rate limiting or brute-force
// protection on their own.
var limiterWords = map[string]bool{
	"limiter": true, "limiters": true, "ratelimit": true, "ratelimiter": true, "ratelimits": true,
	"ratelimited": true, "ratelimiting": true, "throttle": true, "throttler": true, "throttled": true,
	"throttles": true, "throttling": true, "brute": true, "bruteforce": true, "tollbooth": true,
	"httprate": true, "slowapi": true, "lockout": true, "axes": true, "captcha": true, "recaptcha": true,
	"hcaptcha": true, "turnstile": true, "ratelimitter": true,
}

// limitObjects are the words that, after "limit", name what is limited:
// limitRequests, limit_login, LimitByIP.
var limitObjects = map[string]bool{
	"requests": true, "request": true, "req": true, "login": true, "logins": true, "attempts": true,
	"by": true, "rate": true, "auth": true, "ip": true, "calls": true, "handler": true, "func": true,
	"middleware": true,
}

// isLimiterToken reports whether an identifier, key, dotted name or
// package path names rate limiting: loginLimiter, rateLimit(),
// "express-rate-limit", @fastify/rate-limit, httprate.LimitByIP,
// throttle_classes, AnonRateThrottle, slowDown, failedAttempts.
func isLimiterToken(tok string) bool {
	for _, comp := range strings.FieldsFunc(tok, func(r rune) bool { return r == '.' || r == '/' || r == '@' }) {
		words := splitWords(comp)
		for i, w := range words {
			if limiterWords[w] {
				return true
			}
			next := ""
			if i+1 < len(words) {
				next = words[i+1]
			}
			switch {
			case w == "rate" && strings.HasPrefix(next, "limit"):
				return true
			case w == "slow" && next == "down":
				return true
			case w == "limit" && i == 0 && limitObjects[next]:
				return true
			case (w == "failed" || w == "login") && (next == "attempts" || next == "logins"):
				return true
			case w == "locked" && (next == "out" || next == "until"):
				return true
			}
		}
	}
	return false
}

// maxScanBytes bounds the source TL207 reads for one route.
const maxScanBytes = 1 << 16

// limitedNode reports whether n's subtree names rate limiting in code
// (identifiers, keys, strings), comments excluded: a "TODO: rate limit"
// protects nothing.
func limitedNode(u *Unit, n *sitter.Node) bool {
	if n == nil || grammars.End(n)-grammars.Start(n) > maxScanBytes {
		return false
	}
	if !mayNameLimiter(u, grammars.Start(n), grammars.End(n)) {
		return false
	}
	return limitedNodeWalk(u, n)
}

// limitedNodeWalk is limitedNode without its byte prefilter: a walk of
// n's subtree.
func limitedNodeWalk(u *Unit, n *sitter.Node) bool {
	if n == nil || grammars.End(n)-grammars.Start(n) > maxScanBytes {
		return false
	}
	found := false
	_ = walk(n, func(c *sitter.Node) error {
		switch grammars.Type(c) {
		case "comment", "line_comment", "block_comment":
			return nil
		case "interpreted_string_literal", "raw_string_literal", "string_fragment", "string_content":
			found = isLimiterToken(u.Text(c))
		default:
			found = grammars.ChildCount(c) == 0 && grammars.IsNamed(c) && isLimiterToken(u.Text(c))
		}
		if found {
			return errStopWalk
		}
		return nil
	})
	return found
}

// errStopWalk ends a walk early.
var errStopWalk = stopWalk{}

type stopWalk struct{}

func (stopWalk) Error() string { return "stop" }

// authServiceWords name an established auth service whose sign-in a
// handler delegates to; those services rate-limit for you.
var authServiceWords = []string{
	"supabase", "signInWithPassword", "signInWithOtp", "signInWithEmailAndPassword", "sendPasswordResetEmail",
	"auth0", "clerk", "cognito", "InitiateAuth", "stytch", "workos", "firebase_admin", "pyrebase",
	"okta", "descope", "kinde",
}

// delegatesToAuthService reports whether a handler's text hands sign-in
// to an auth service.
func delegatesToAuthService(text string) bool {
	lower := strings.ToLower(text)
	for _, w := range authServiceWords {
		if strings.Contains(lower, strings.ToLower(w)) {
			return true
		}
	}
	return false
}

// readsPassword reports whether a handler's text reads a password (what
// turns a /token or /session route into a login).
func readsPassword(text string) bool {
	lower := strings.ToLower(text)
	return strings.Contains(lower, "password") || strings.Contains(lower, "passwd")
}

// rateLimitAdvice names the usual limiter per family.
var rateLimitAdvice = map[grammars.Family]string{
	grammars.FamilyJS:     "express-rate-limit on the route (`router.post('/login', rateLimit({ windowMs: 15 * 60 * 1000, limit: 5 }), login)`), rate-limiter-flexible, @fastify/rate-limit or @upstash/ratelimit",
	grammars.FamilyGo:     "a limiter middleware on the route (httprate.LimitByIP(5, time.Minute), tollbooth, or golang.org/x/time/rate per client IP)",
	grammars.FamilyPython: "`@limiter.limit(\"5/minute\")` (Flask-Limiter, slowapi), django-ratelimit's `@ratelimit(key=\"ip\", rate=\"5/m\")` or DRF `throttle_classes`",
}

// reportNoRateLimit reports the route at at.
func reportNoRateLimit(p *Pass, at *sitter.Node, kind rlKind, what string) {
	what = strings.Join(strings.Fields(what), " ")
	p.Report(Finding{
		Start: int(grammars.Start(at)), End: int(grammars.End(at)),
		Message: kind.label() + " `" + clip(what) + "` has no rate limiting in scope: nothing stops a script from guessing passwords or codes " +
			"thousands of times a minute. Brute-force protection belongs in the login path — " + rateLimitAdvice[p.Lang.Family()] +
			" — or let an established auth service (Clerk, Auth0, Supabase Auth) handle sign-in, which does this for you.",
	})
}
