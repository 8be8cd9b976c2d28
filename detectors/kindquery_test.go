package detectors

import (
	"context"
	"strings"
	"testing"
	"time"

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

// TestRegionQueryDeepNest edits the middle of a nest deeper than a query
// cursor's limit: the region analysis must still finish.
func TestRegionQueryDeepNest(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	depth := 70_000
	src := []byte("x = " + strings.Repeat("(", depth) + "\ny" + strings.Repeat(")", depth) + ";\n" + strings.Repeat("a;\n", 2*depth))
	tree, err := pool.Parse(context.Background(), grammars.JavaScript, nil, src)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	u := &Unit{Path: "deep.js", Lang: grammars.JavaScript, Src: src, Tree: tree, NoFixes: true}
	mid := 4 + depth + 1
	r, ok := ChangedRegion(u, mid, mid+1)
	if !ok {
		t.Fatal("no region for an edit inside the nest")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := AnalyzeRegion(ctx, u, r); err != nil {
		t.Fatal(err)
	}
}

// TestPointScanner checks the one-pass point conversion against pointOf,
// including offsets asked out of order.
func TestPointScanner(t *testing.T) {
	src := []byte("ab\ncd\r\n\nefg\nh")
	var p pointScanner
	for _, off := range []int{0, 1, 2, 3, 5, 7, 8, 11, 12, 13, 14, 4, 9, 99} {
		if got, want := p.at(src, off), grammars.PointAt(src, off); got != want {
			t.Errorf("offset %d: %+v, want %+v", off, got, want)
		}
	}
}
