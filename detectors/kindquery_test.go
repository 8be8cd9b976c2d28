package detectors

import (
	"context"
	"strings"
	"testing"

	"github.com/trustlint/trustlint/grammars"
)

// TestDeeperThan checks the pruned depth measurement against trees whose
// depth is known: it must see deep chains of one-byte levels, and say no
// for ordinary code without visiting it all.
func TestDeeperThan(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	cases := []struct {
		name  string
		src   string
		limit int
		want  bool
	}{
		{"unary chain above the limit", "x = " + strings.Repeat("!", 3000) + "y;\n", 2000, true},
		{"unary chain below the limit", "x = " + strings.Repeat("!", 1500) + "y;\n", 2000, false},
		{"binary chain above the limit", "x = a" + strings.Repeat(" + a", 3000) + ";\n", 2000, true},
		{"parentheses above the limit", "x = " + strings.Repeat("(", 2500) + "y" + strings.Repeat(")", 2500) + ";\n", 2000, true},
		{"long flat file", strings.Repeat("const a = f(1, 2, \"three\");\n", 2000), 2000, false},
		{"deep chain after a long flat part", strings.Repeat("g(1);\n", 3000) + "x = " + strings.Repeat("!", 3000) + "y;\n", 2000, true},
	}
	for _, c := range cases {
		tree, err := pool.Parse(context.Background(), grammars.JavaScript, nil, []byte(c.src))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := deeperThan(tree.RootNode(), c.limit); got != c.want {
			t.Errorf("%s: deeperThan = %v, want %v", c.name, got, c.want)
		}
		tree.Close()
	}
}
