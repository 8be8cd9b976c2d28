package detectors

import (
	"strings"
	"testing"
)

// findTokensNaive is the scan without the prefilter: one strings.Index
// loop per provider marker. It exists to measure what the prefilter saves.
func findTokensNaive(text string) []tokenHit {
	var hits []tokenHit
	for _, p := range providers {
		for _, prefix := range p.Prefixes {
			for from := 0; from < len(text); {
				i := strings.Index(text[from:], prefix)
				if i < 0 {
					break
				}
				i += from
				from = i + 1
				if h, ok := matchAt(p, text, i, len(prefix), nil); ok {
					hits = append(hits, h)
				}
			}
		}
	}
	return dropOverlaps(hits)
}

// benchText is about 1 MB of ordinary code-like text with a few tokens.
func benchText() string {
	line := `const url = "https://api.example.com/v1/users?id=42&sort=desc"; // fetch the users list, ask for the next page ` +
		"sk_live_4Fzbka8FRCztUjAwyuh1vauW\n"
	return strings.Repeat(line, (1<<20)/len(line))
}

func TestNaiveMatchesPrefilter(t *testing.T) {
	text := benchText()[:20000]
	a, b := findTokens(text, 0), findTokensNaive(text)
	if len(a) != len(b) {
		t.Fatalf("prefilter found %d tokens, naive scan %d", len(a), len(b))
	}
}

// BenchmarkTokensPrefilter measures TL101's scan per MB with the
// one-pass Aho–Corasick prefilter.
func BenchmarkTokensPrefilter(b *testing.B) {
	text := benchText()
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		findTokens(text, 0)
	}
}

// BenchmarkTokensNaive measures the same scan with one search per marker.
func BenchmarkTokensNaive(b *testing.B) {
	text := benchText()
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		findTokensNaive(text)
	}
}

// BenchmarkInlineAssignments measures TL102's name=value reading per MB.
func BenchmarkInlineAssignments(b *testing.B) {
	text := benchText()
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		inlineAssignments(text)
	}
}
