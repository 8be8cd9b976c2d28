package grammars

import (
	"context"
	"os"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"
)

// BenchmarkWalk walks a large Go file (TRUSTLINT_WALK_FILE, else this
// package's parser.go repeated) selecting a few node types, and counts
// nodes per second.
func BenchmarkWalk(b *testing.B) {
	src, err := os.ReadFile(os.Getenv("TRUSTLINT_WALK_FILE"))
	if err != nil {
		one, err := os.ReadFile("parser.go")
		if err != nil {
			b.Fatal(err)
		}
		for len(src) < 1<<20 {
			src = append(src, one...)
		}
	}
	var pool Pool
	defer pool.Close()
	tree, err := pool.Parse(context.Background(), Go, nil, src)
	if err != nil {
		b.Fatal(err)
	}
	defer tree.Close()
	sel, err := NewNodeSelector(Go.Sitter(), []string{"call_expression", "interpreted_string_literal", "raw_string_literal", "composite_literal"})
	if err != nil {
		b.Fatal(err)
	}
	nodes := 0
	_ = Walk(context.Background(), tree.RootNode(), nil, nil, func(*sitter.Node, int, int) { nodes++ })
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	hits := 0
	for i := 0; i < b.N; i++ {
		hits = 0
		_ = Walk(context.Background(), tree.RootNode(), sel, nil, func(*sitter.Node, int, int) { hits++ })
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*nodes), "ns/node")
	b.ReportMetric(float64(hits), "hits")
}
