package textpos

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	src := []byte("a😀b\r\n中文x\rlast\n")
	ix := New(src)
	if got := ix.Lines(); got != 4 {
		t.Fatalf("Lines() = %d, want 4", got)
	}
	cases := []struct {
		off       int
		enc       Encoding
		line, col int
	}{
		{0, UTF16, 0, 0},
		{1, UTF16, 0, 1},
		{5, UTF16, 0, 3}, // after the emoji: 2 UTF-16 units
		{5, UTF32, 0, 2},
		{5, UTF8, 0, 5},
		{6, UTF16, 0, 4}, // end of line 0 content
		{8, UTF16, 1, 0},
		{11, UTF16, 1, 1}, // after 中
		{14, UTF16, 1, 2},
		{15, UTF16, 1, 3},
		{16, UTF16, 2, 0}, // after lone \r
		{len(src), UTF16, 3, 0},
	}
	for _, c := range cases {
		line, col := ix.Position(c.off, c.enc)
		if line != c.line || col != c.col {
			t.Errorf("Position(%d, %v) = %d:%d, want %d:%d", c.off, c.enc, line, col, c.line, c.col)
			continue
		}
		off, err := ix.Offset(c.line, c.col, c.enc)
		if err != nil || off != c.off {
			t.Errorf("Offset(%d:%d, %v) = %d, %v; want %d", c.line, c.col, c.enc, off, err, c.off)
		}
	}
}

func TestOffsetClamps(t *testing.T) {
	ix := New([]byte("ab😀\nx"))
	if off, err := ix.Offset(0, 99, UTF16); err != nil || off != 6 {
		t.Errorf("column past end: got %d, %v; want 6, nil", off, err)
	}
	if off, err := ix.Offset(0, 3, UTF16); err == nil || off != 2 {
		t.Errorf("column inside surrogate pair: got %d, %v; want 2 and an error", off, err)
	}
	if off, err := ix.Offset(5, 0, UTF16); err == nil || off != 8 {
		t.Errorf("line past end: got %d, %v; want 8 and an error", off, err)
	}
	if _, err := ix.Offset(-1, 0, UTF16); err == nil {
		t.Error("negative line: want an error")
	}
	if off, err := ix.Offset(0, 3, UTF8); err == nil || off != 2 {
		t.Errorf("utf-8 column inside a character: got %d, %v; want 2 and an error", off, err)
	}
}

func TestInvalidUTF8(t *testing.T) {
	ix := New([]byte("a\xffb"))
	if line, col := ix.Position(2, UTF16); line != 0 || col != 2 {
		t.Errorf("Position after invalid byte = %d:%d, want 0:2", line, col)
	}
	if off, err := ix.Offset(0, 2, UTF16); err != nil || off != 2 {
		t.Errorf("Offset(0:2) = %d, %v; want 2", off, err)
	}
}

// TestNewMatchesByteLoop holds lfLineStarts, New's path for texts
// without "\r", to the general byte loop on generated texts.
func TestNewMatchesByteLoop(t *testing.T) {
	for seed := 0; seed < 2000; seed++ {
		alphabet := "ab\n"
		if seed%3 == 0 {
			alphabet = "a\n\n"
		}
		src := make([]byte, seed%257)
		for i := range src {
			src[i] = alphabet[(seed*31+i*i*7+i)%len(alphabet)]
		}
		got, want := lfLineStarts(src), lineStarts(src)
		if len(got) != len(want) {
			t.Fatalf("%q: %d lines, want %d", src, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%q: line %d starts at %d, want %d", src, i, got[i], want[i])
			}
		}
	}
}

// TestEditedMatchesNew applies random edits (line breaks, "\r" now and
// then, text with and without them) and checks that Edited gives the index
// New gives for the edited text.
func TestEditedMatchesNew(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"a", "bc", "\n", "\n\n", "é\n", "x\ny", "\r\n", "\r", ""}
	for trial := 0; trial < 3000; trial++ {
		var text []byte
		for i := rng.IntN(12); i > 0; i-- {
			p := pieces[rng.IntN(len(pieces))]
			if trial%4 != 0 && strings.Contains(p, "\r") {
				continue // most texts without "\r", which take the fast path
			}
			text = append(text, p...)
		}
		ix := New(text)
		for edit := 0; edit < 4; edit++ {
			start := rng.IntN(len(text) + 1)
			end := start + rng.IntN(len(text)-start+1)
			ins := pieces[rng.IntN(len(pieces))]
			if trial%4 != 0 && strings.Contains(ins, "\r") {
				ins = "\n"
			}
			next := append(append(append([]byte{}, text[:start]...), ins...), text[end:]...)
			got, want := ix.Edited(next, start, end, start+len(ins)), New(next)
			if !slices.Equal(got.lines, want.lines) || got.lf != want.lf || !bytes.Equal(got.src, want.src) {
				t.Fatalf("trial %d: %q → %q (replacing [%d,%d) with %q): Edited lines %v lf %v, New %v lf %v",
					trial, text, next, start, end, ins, got.lines, got.lf, want.lines, want.lf)
			}
			text, ix = next, got
		}
	}
}
