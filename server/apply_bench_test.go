package server

import (
	"context"
	"fmt"
	"testing"

	"github.com/trustlint/trustlint/grammars"
	"github.com/trustlint/trustlint/internal/benchgen"
	"github.com/trustlint/trustlint/internal/textpos"
)

// BenchmarkApplyRanged measures applying one typed character to an open
// document (text, position index and tree edit), then the incremental
// reparse the next analysis does, on generated 1,000- and 10,000-line
// JavaScript files.
func BenchmarkApplyRanged(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		src := benchgen.Generate(benchgen.JavaScript, n)
		var pool grammars.Pool
		tree, err := pool.Parse(context.Background(), grammars.JavaScript, nil, src)
		if err != nil {
			b.Fatal(err)
		}
		d := &document{lang: grammars.JavaScript, text: src, index: textpos.New(src), tree: tree}
		line := uint32(n / 2)
		b.Run(fmt.Sprintf("apply/%dlines", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				d.applyRangedLocked(*rng(line, 0, line, 0), " ", textpos.UTF16)
			}
		})
		b.Run(fmt.Sprintf("apply+reparse/%dlines", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				d.applyRangedLocked(*rng(line, 0, line, 0), " ", textpos.UTF16)
				next, err := pool.Parse(context.Background(), grammars.JavaScript, d.tree, d.text)
				if err != nil {
					b.Fatal(err)
				}
				d.tree.Close()
				d.tree = next
			}
		})
		d.closeTreeLocked()
		pool.Close()
	}
}
