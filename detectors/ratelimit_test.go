package detectors

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trustlint/trustlint/grammars"
)

// TestRateLimitPaths pins which route paths TL207 treats as brute-force
// targets.
func TestRateLimitPaths(t *testing.T) {
	cases := map[string]rlKind{
		"/login":                     rlLogin,
		"/api/v1/auth/login":         rlLogin,
		"/sign-in":                   rlLogin,
		"/signIn":                    rlLogin,
		"/users/log-in":              rlLogin,
		"/authenticate":              rlLogin,
		"POST /login":                rlLogin, // callers strip the method first; the word still counts
		"/forgot-password":           rlReset,
		"/api/password/reset":        rlReset,
		"/reset-password/:token":     rlReset,
		"/resetPassword":             rlReset,
		"/verify-otp":                rlOTP,
		"/auth/2fa":                  rlOTP,
		"/mfa/verify":                rlOTP,
		"/two-factor/confirm":        rlOTP,
		"/auth/magic-link":           rlMagic,
		"/passwordless/start":        rlMagic,
		"/token":                     rlToken,
		"/api/session":               rlToken,
		"/logout":                    rlNotAuth,
		"/login-page":                rlNotAuth,
		"/login.css":                 rlNotAuth,
		"/auth/google/callback":      rlNotAuth,
		"/login/github":              rlNotAuth,
		"/api/login-history":         rlNotAuth,
		"/users/:id/last-login":      rlNotAuth,
		"/2fa/setup":                 rlNotAuth,
		"/api/signup":                rlNotAuth,
		"/token/refresh":             rlNotAuth,
		"/catalog":                   rlNotAuth,
		"/blog/:login":               rlNotAuth,
		"/api/orders/{id}/authorize": rlNotAuth,
	}
	for path, want := range cases {
		if got := classifyAuthPath(path); got != want {
			t.Errorf("classifyAuthPath(%q) = %d, want %d", path, got, want)
		}
	}
}

// TestRateLimitTokens pins the names TL207 accepts as rate limiting.
func TestRateLimitTokens(t *testing.T) {
	yes := []string{"limiter", "loginLimiter", "rateLimit", "express-rate-limit", "@fastify/rate-limit",
		"RateLimiterMemory", "httprate.LimitByIP", "tollbooth.LimitHandler", "slowDown", "throttle_classes",
		"AnonRateThrottle", "ThrottlerGuard", "bruteforce.prevent", "is_ratelimited", "failedAttempts",
		"ratelimit", "limitRequests", "recaptcha", "lockedUntil"}
	no := []string{"limit", "LimitReader", "query.limit", "bodyLimit", "login", "rate", "attempt", "lock",
		"sizeLimit", "express.json", "unlimited"}
	for _, s := range yes {
		if !isLimiterToken(s) {
			t.Errorf("isLimiterToken(%q) = false, want true", s)
		}
	}
	for _, s := range no {
		if isLimiterToken(s) {
			t.Errorf("isLimiterToken(%q) = true, want false", s)
		}
	}
}

// TestRateLimitFinding checks a finding's shape: hint severity, the auth
// service advice, and no fix but the suppression comment.
func TestRateLimitFinding(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	src := "app.post('/login', async (req, res) => {\n  res.json(await login(req.body.email, req.body.password));\n});\n"
	fs, err := AnalyzeSource(context.Background(), &pool, "routes.js", grammars.JavaScript, []byte(src), Config{})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Rule != "TL207" {
		t.Fatalf("findings = %+v, want one TL207", fs)
	}
	f := fs[0]
	if f.Severity != SeverityHint {
		t.Errorf("severity = %v, want hint", f.Severity)
	}
	if got := src[f.Start:f.End]; got != "'/login'" {
		t.Errorf("range covers %q, want the route path", got)
	}
	for _, w := range []string{"Clerk", "Auth0", "Supabase Auth", "express-rate-limit"} {
		if !strings.Contains(f.Message, w) {
			t.Errorf("message lacks %q: %s", w, f.Message)
		}
	}
	if len(f.Fixes) != 1 || !strings.Contains(f.Fixes[0].Edits[0].NewText, "trustlint-ignore TL207") {
		t.Errorf("fixes = %+v, want only the suppression comment", f.Fixes)
	}
}

// TestRateLimitBrokenCode analyses every line prefix of the TL207
// fixtures: half-typed routes must neither fail nor panic.
func TestRateLimitBrokenCode(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	err := filepath.Walk(filepath.Join(fixtureRoot, "ratelimit"), func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		lang, ok := grammars.FromPath(path)
		if !ok {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i := 0; i < len(src); i++ {
			if src[i] != '\n' {
				continue
			}
			cut := src[:i]
			if idx := len(cut) - 7; idx > 0 {
				cut = cut[:idx] // cut mid-line too
			}
			if _, err := AnalyzeSource(context.Background(), &pool, path, lang, cut, Config{Only: map[string]bool{"TL207": true}}); err != nil {
				t.Errorf("%s cut at %d: %v", path, len(cut), err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
