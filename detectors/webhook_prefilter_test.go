package detectors

import (
	"context"
	"regexp/syntax"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// TestStripeEventWordsCoverRE holds mayStripeEvent's words to
// stripeEventRE: every text the expression matches (a finite set of
// literals) holds one of them, so a source without any holds no match.
func TestStripeEventWordsCoverRE(t *testing.T) {
	re, err := syntax.Parse(stripeEventRE.String(), syntax.Perl)
	if err != nil {
		t.Fatal(err)
	}
	texts, ok := expandFinite(re)
	if !ok {
		t.Fatalf("stripeEventRE is no longer a finite set of literals: extend this test with it")
	}
	if len(texts) < 10 {
		t.Fatalf("expanded %d texts only", len(texts))
	}
	for _, s := range texts {
		if !stripeEventRE.MatchString(s) {
			t.Errorf("expansion %q does not match the expression", s)
		}
		if !mayMatchStripeEvent(s) {
			t.Errorf("stripeEventRE matches %q, which holds none of stripeEventWords", s)
		}
	}
}

// expandFinite returns every string a regular expression made only of
// literals, single-character classes, captures, concatenations and
// alternations matches; ok is false for anything else.
func expandFinite(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		return []string{string(re.Rune)}, true
	case syntax.OpCharClass:
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				out = append(out, string(r))
			}
		}
		return out, len(out) <= 64
	case syntax.OpEmptyMatch:
		return []string{""}, true
	case syntax.OpCapture:
		return expandFinite(re.Sub[0])
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range re.Sub {
			tails, ok := expandFinite(sub)
			if !ok {
				return nil, false
			}
			var next []string
			for _, h := range out {
				for _, t := range tails {
					next = append(next, h+t)
				}
			}
			out = next
		}
		return out, true
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			alts, ok := expandFinite(sub)
			if !ok {
				return nil, false
			}
			out = append(out, alts...)
		}
		return out, true
	}
	return nil, false
}

// TestWebhookDeclPrefilterAgreesWithVisit holds webhookDeclMayReport to
// visitWebhookDecl on every declaration TL601 visits in the fixtures (and
// in $TRUSTLINT_GATE_CORPUS when set): a declaration it refuses must be
// one the visit reports nothing on.
func TestWebhookDeclPrefilterAgreesWithVisit(t *testing.T) {
	rule, _ := Lookup("TL601")
	var decls, refused int
	eachCorpusUnit(t, 300, func(u *Unit) {
		_ = walk(u.Tree.RootNode(), func(n *sitter.Node) error {
			switch grammars.Type(n) {
			case "function_declaration", "method_declaration", "function_definition", "variable_declarator":
			default:
				return nil
			}
			decls++
			if webhookDeclMayReport(u, n) {
				return nil
			}
			refused++
			p := &Pass{Unit: u, Rule: rule}
			visitWebhookDecl(p, n)
			if len(p.findings) > 0 {
				t.Errorf("%s:%d: webhookDeclMayReport refuses a declaration visitWebhookDecl reports: %s", u.Path, u.Line(int(grammars.Start(n)))+1, p.findings[0].Message)
			}
			return nil
		})
	})
	t.Logf("declarations %d (%d refused from the source)", decls, refused)
}

// TestWebhookDeclPrefilterCases pins the declarations whose webhook name
// lies outside their own source: a Python route decorator, a Next.js
// route file's path.
func TestWebhookDeclPrefilterCases(t *testing.T) {
	cases := []struct {
		path string
		lang grammars.Lang
		src  string
	}{
		{"app/routes.py", grammars.Python, "from flask import request\n\n@app.post(\"/stripe/webhook\")\ndef handle():\n    event = request.get_json()\n    fulfil(event)\n"},
		{"app/api/webhook/route.ts", grammars.TypeScript, "export async function POST(req) {\n  const event = await req.json();\n  await fulfil(event);\n}\n"},
		{"pages/api/webhooks/stripe.js", grammars.JavaScript, "const handler = async (req, res) => {\n  const event = req.body;\n  await fulfil(event);\n};\nexport default handler;\n"},
	}
	var pool grammars.Pool
	defer pool.Close()
	for _, c := range cases {
		src := []byte(c.src)
		tree, err := pool.Parse(context.Background(), c.lang, nil, src)
		if err != nil {
			t.Fatal(err)
		}
		u := &Unit{Path: c.path, Lang: c.lang, Src: src, Tree: tree, Config: Config{Only: map[string]bool{"TL601": true}}}
		fs, err := Analyze(context.Background(), u)
		tree.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != 1 || fs[0].Rule != "TL601" {
			t.Errorf("%s: findings %v, want one TL601", c.path, fs)
		}
	}
}
