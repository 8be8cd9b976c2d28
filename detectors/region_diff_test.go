package detectors

import (
	"bytes"
	"math/rand/v2"
	"strings"
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

// TestChangeThen composes random edits and checks that the composed
// change describes the texts: the same bytes before Start and after the
// ends, and spans no shorter than Diff's (which leaves out the common
// prefix and suffix).
func TestChangeThen(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 2000; trial++ {
		old := []byte(strings.Repeat("abcdefghij\n", 1+rng.IntN(5)))
		text := old
		var c Change
		for k := 0; k < 1+rng.IntN(4); k++ {
			s := rng.IntN(len(text) + 1)
			e := s + rng.IntN(len(text)-s+1)
			ins := strings.Repeat("xy\n", rng.IntN(3))
			next := append(append(append([]byte{}, text[:s]...), ins...), text[e:]...)
			c = c.Then(Change{Start: s, OldEnd: e, NewEnd: s + len(ins)})
			text = next
		}
		if c.Start < 0 || c.OldEnd < c.Start || c.NewEnd < c.Start || c.OldEnd > len(old) || c.NewEnd > len(text) ||
			len(old)-c.OldEnd != len(text)-c.NewEnd ||
			!bytes.Equal(old[:c.Start], text[:c.Start]) || !bytes.Equal(old[c.OldEnd:], text[c.NewEnd:]) {
			t.Fatalf("trial %d: %+v does not describe %q → %q", trial, c, old, text)
		}
		if d := Diff(old, text); c.NewEnd-c.Start < d.NewEnd-d.Start || c.OldEnd-c.Start < d.OldEnd-d.Start {
			t.Fatalf("trial %d: %+v smaller than Diff's %+v", trial, c, d)
		}
	}
}
