package detectors

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// dedupeReference is dedupe as it was first written, comparing every pair
// of findings: the reference the faster one is held to.
func dedupeReference(fs []Finding) []Finding {
	dominatedBy := func(rule, other string) bool {
		for _, d := range dominated[rule] {
			if d == other {
				return true
			}
		}
		return false
	}
	out := make([]Finding, 0, len(fs))
	for _, f := range fs {
		dup := false
		for _, g := range fs {
			if nests(f, g) && dominatedBy(f.Rule, g.Rule) {
				dup = true
				break
			}
		}
		for _, g := range out {
			if dup {
				break
			}
			dup = g.Rule == f.Rule && g.Start == f.Start && g.End == f.End
		}
		if !dup {
			out = append(out, f)
		}
	}
	return out
}

// TestDedupeMatchesReference holds dedupe to the pairwise reference on
// random lists of overlapping, nested and equal findings of the rules that
// dominate others and of others.
func TestDedupeMatchesReference(t *testing.T) {
	rules := []string{"TL101", "TL102", "TL103", "TL104", "TL105", "TL204", "TL306", "TL501"}
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 5000; trial++ {
		fs := make([]Finding, rng.IntN(30))
		for i := range fs {
			start := rng.IntN(40)
			fs[i] = Finding{Rule: rules[rng.IntN(len(rules))], Start: start, End: start + rng.IntN(15), Message: string(rune('a' + i))}
		}
		if got, want := dedupe(fs), dedupeReference(fs); !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d: dedupe(%v)\n = %v\nwant %v", trial, fs, got, want)
		}
	}
}
