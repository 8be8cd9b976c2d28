package detectors

import (
	"context"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// TestRateLimitPrefiltersAgreeWithWalks holds the byte checks of
// ratelimit_prefilter.go and the index behind findFunctionNamed to the
// reads they stand in for, on the fixtures (and on $TRUSTLINT_GATE_CORPUS
// when set): mayNameLimiter may only refuse a span whose walk finds no
// limiter, on every call argument and exported declaration;
// firstMountWord must lie at or before the property of every use and
// register call; findFunctionNamed must return what
// findFunctionNamedScan returns for every identifier of the file.
func TestRateLimitPrefiltersAgreeWithWalks(t *testing.T) {
	var spans, refused, mounts, names int
	eachCorpusUnit(t, 300, func(u *Unit) {
		idents := map[string]bool{"": true}
		checkSpan := func(n *sitter.Node) {
			spans++
			if !mayNameLimiter(u, grammars.Start(n), grammars.End(n)) {
				refused++
				if limitedNodeWalk(u, n) {
					t.Errorf("%s:%d: mayNameLimiter refuses %q, whose walk finds a limiter", u.Path, u.Line(int(grammars.Start(n)))+1, clip(u.Text(n)))
				}
			}
			if limitedNode(u, n) != limitedNodeWalk(u, n) {
				t.Errorf("%s:%d: limitedNode disagrees with its walk on %q", u.Path, u.Line(int(grammars.Start(n)))+1, clip(u.Text(n)))
			}
		}
		_ = walk(u.Tree.RootNode(), func(n *sitter.Node) error {
			switch grammars.Type(n) {
			case "arguments", "argument_list":
				for _, a := range grammars.NamedChildren(n) {
					checkSpan(a.Node)
				}
				checkSpan(n)
			case "export_statement", "decorator", "function_definition", "class_definition":
				checkSpan(n)
			case "identifier", "property_identifier", "field_identifier", "type_identifier":
				idents[u.Text(n)] = true
			case "call_expression":
				fn := grammars.Field(n, "function")
				if fn == nil || grammars.Type(fn) != "member_expression" || treeHasError(u) {
					return nil
				}
				prop := grammars.Field(fn, "property")
				if p := u.Text(prop); p != "use" && p != "register" {
					return nil
				}
				mounts++
				if first := firstMountWord(u); first < 0 || first > int(grammars.Start(prop)) {
					t.Errorf("%s:%d: firstMountWord = %d, after the %s call's property at %d", u.Path, u.Line(int(grammars.Start(n)))+1, first, u.Text(prop), grammars.Start(prop))
				}
			}
			return nil
		})
		for name := range idents {
			names++
			if got, want := findFunctionNamed(u, name), findFunctionNamedScan(u, name); !sameNode(got, want) && (got != nil || want != nil) {
				t.Errorf("%s: findFunctionNamed(%q) = %v, the scan %v", u.Path, name, got, want)
			}
		}
	})
	t.Logf("spans %d (%d refused from the source), use/register calls %d, names %d", spans, refused, mounts, names)
}

// TestAuthPathAnchors holds mayBeAuthPath to classifyAuthWords: every
// path it refuses, among the file paths and string literals of the
// fixtures (and of $TRUSTLINT_GATE_CORPUS when set) and the pinned route
// paths, must be one whose words get no kind.
func TestAuthPathAnchors(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	var paths, refused int
	check := func(p string) {
		paths++
		if mayBeAuthPath(p) {
			return
		}
		refused++
		if k := classifyAuthWords(routeWords(p)); k != rlNotAuth {
			t.Errorf("mayBeAuthPath refuses %q, whose words are of kind %d", p, k)
		}
		if k := classifyAuthWords(splitWords(p)); k != rlNotAuth {
			t.Errorf("mayBeAuthPath refuses %q, whose words are of kind %d", p, k)
		}
	}
	for _, p := range []string{"/login", "/api/2FA", "/Sign-In", "/reset-pass", "/otp", "/mfa", "/verify/code",
		"/confirm/code", "/sms/code", "/magic-link", "/passwordless", "/authenticate", "/token", "/sessions"} {
		if !mayBeAuthPath(p) {
			t.Errorf("mayBeAuthPath refuses %q", p)
		}
	}
	for _, f := range corpusFiles(t, true, 300) {
		check(f.path)
		tree, err := pool.Parse(context.Background(), f.lang, nil, f.src)
		if err != nil {
			t.Fatalf("%s: %v", f.path, err)
		}
		u := &Unit{Path: f.path, Lang: f.lang, Src: f.src, Tree: tree}
		_ = walk(tree.RootNode(), func(n *sitter.Node) error {
			if s, ok := stringValue(u, n); ok {
				check(s)
			}
			return nil
		})
		tree.Close()
	}
	t.Logf("paths %d (%d refused)", paths, refused)
}
