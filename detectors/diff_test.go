package detectors

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestLineEdits(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"a\n", "b\n", "c\n", "d\n", "e"}
	gen := func() string {
		var b strings.Builder
		for i := r.IntN(12); i > 0; i-- {
			b.WriteString(words[r.IntN(len(words)-1)])
		}
		if r.IntN(2) == 0 {
			b.WriteString(words[len(words)-1])
		}
		return b.String()
	}
	for i := 0; i < 2000; i++ {
		old, new := gen(), gen()
		for _, maxD := range []int{0, 3, 100} {
			edits := lineEdits([]byte(old), []byte(new), maxD)
			got, err := ApplyEdits([]byte(old), edits)
			if err != nil {
				t.Fatalf("ApplyEdits(%q, %v): %v", old, edits, err)
			}
			if string(got) != new {
				t.Fatalf("lineEdits(%q, %q, %d) = %v, gives %q", old, new, maxD, edits, got)
			}
		}
	}
}
