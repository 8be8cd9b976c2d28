package detectors

import (
	"math/rand/v2"
	"testing"
)

// diffByBytes is Diff as a plain byte loop, the reference.
func diffByBytes(old, new []byte) Change {
	p := 0
	for p < len(old) && p < len(new) && old[p] == new[p] {
		p++
	}
	s := 0
	for s < len(old)-p && s < len(new)-p && old[len(old)-1-s] == new[len(new)-1-s] {
		s++
	}
	return Change{Start: p, OldEnd: len(old) - s, NewEnd: len(new) - s}
}

// TestDiffMatchesByteLoop holds Diff's block comparison to the byte loop on
// random edits of texts around the block size, repetitive texts included
// (where prefix and suffix compete for the same bytes).
func TestDiffMatchesByteLoop(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000; i++ {
		n := r.IntN(300)
		alphabet := "ab"
		if i%2 == 0 {
			alphabet = "abcdefgh\n"
		}
		old := make([]byte, n)
		for j := range old {
			old[j] = alphabet[r.IntN(len(alphabet))]
		}
		start := r.IntN(n + 1)
		end := start + r.IntN(n-start+1)
		ins := make([]byte, r.IntN(140))
		for j := range ins {
			ins[j] = alphabet[r.IntN(len(alphabet))]
		}
		new := append(append(append([]byte(nil), old[:start]...), ins...), old[end:]...)
		if got, want := Diff(old, new), diffByBytes(old, new); got != want {
			t.Fatalf("Diff(%q, %q) = %+v, want %+v", old, new, got, want)
		}
	}
}
