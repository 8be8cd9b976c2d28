package detectors

import (
	"slices"
	"testing"

	"github.com/trustlint/trustlint/internal/textpos"
)

// TestUnitLineStartsGiven checks that the line starts a front-end passes
// (textpos's, for a text without "\r") are the ones the unit would find.
func TestUnitLineStartsGiven(t *testing.T) {
	for _, src := range []string{"", "a", "a\n", "a\nb\n\nc", "\n\n", "é\n中\n😀"} {
		own := (&Unit{Src: []byte(src)}).lines()
		given := textpos.New([]byte(src)).LFLineStarts()
		if !slices.Equal(own, given) {
			t.Errorf("%q: the unit finds %v, textpos gives %v", src, own, given)
		}
		u := &Unit{Src: []byte(src), LineStarts: given}
		if got := u.lines(); !slices.Equal(got, own) {
			t.Errorf("%q: lines() = %v with LineStarts given, want %v", src, got, own)
		}
	}
	if textpos.New([]byte("a\r\nb")).LFLineStarts() != nil {
		t.Errorf("LFLineStarts of a text with \\r is not nil")
	}
}
