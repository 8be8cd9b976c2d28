package detectors

import (
	"regexp/syntax"
	"testing"
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
