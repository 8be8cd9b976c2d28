package grammars

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	sitter "github.com/smacker/go-tree-sitter"
)

// TestParseSurvivesCancelledContexts parses many times with contexts that
// are cancelled right after each parse: a parser whose cancellation flag
// was set late must not poison later parses.
func TestParseSurvivesCancelledContexts(t *testing.T) {
	// On one P the watcher goroutine cannot run before the parse returns,
	// so it starts with both the parse done and the context cancelled.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var pool Pool
	defer pool.Close()
	// Large enough for tree-sitter to check the flag during the parse.
	src := []byte(strings.Repeat("const a = 1;\nfunction f() { return a + 1; }\n", 200))
	for i := 0; i < 200; i++ {
		ctx, cancel := context.WithCancel(context.Background())
		tree, err := pool.Parse(ctx, JavaScript, nil, src)
		cancel()
		// Let go-tree-sitter's watcher goroutine see both the finished
		// parse and the cancelled context.
		time.Sleep(100 * time.Microsecond)
		if err != nil {
			t.Fatalf("parse %d: %v", i, err)
		}
		if tree.RootNode().HasError() {
			t.Fatalf("parse %d: unexpected syntax error", i)
		}
		tree.Close()
	}
}

// TestParseSurvivesAPoolOfPoisonedParsers fills the pool with parsers
// whose cancellation flag was left set, then parses with a live context.
func TestParseSurvivesAPoolOfPoisonedParsers(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var pool Pool
	defer pool.Close()
	src := []byte(strings.Repeat("const a = 1;\nfunction f() { return a + 1; }\n", 200))
	// Parse with several parsers at once (each Get takes another one from
	// the pool), cancelling each context right after its parse.
	for round := 0; round < 20; round++ {
		var held []*sitter.Parser
		for i := 0; i < 4; i++ {
			parser, err := pool.Get(JavaScript)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			if tree, err := parser.ParseCtx(ctx, nil, src); err == nil {
				tree.Close()
			}
			cancel()
			held = append(held, parser)
		}
		time.Sleep(time.Millisecond)
		for _, parser := range held {
			pool.Put(JavaScript, parser)
		}
		tree, err := pool.Parse(context.Background(), JavaScript, nil, src)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		tree.Close()
	}
}

func TestResolve(t *testing.T) {
	cases := []struct {
		id, path string
		want     Lang
		ok       bool
	}{
		{"javascript", "a.js", JavaScript, true},
		{"javascriptreact", "a.jsx", JavaScript, true},
		{"typescript", "a.ts", TypeScript, true},
		{"typescript", "a.tsx", TSX, true},
		{"typescriptreact", "a.tsx", TSX, true},
		{"go", "main.go", Go, true},
		{"python", "x.pyi", Python, true},
		{"", "x.mjs", JavaScript, true},
		{"", "x.cts", TypeScript, true},
		{"rust", "x.rs", "", false},
	}
	for _, c := range cases {
		got, ok := Resolve(c.id, c.path)
		if got != c.want || ok != c.ok {
			t.Errorf("Resolve(%q, %q) = %q, %v; want %q, %v", c.id, c.path, got, ok, c.want, c.ok)
		}
	}
}

// TestParseRangesSurvivesPoisonedParsers checks that a window parse
// survives a pool whose parsers fail at once, as a parser does whose
// cancellation flag go-tree-sitter's watcher set after an earlier parse
// (the server then published no findings for about one edit in fifteen).
// The failure is made certain here with a timeout of 1 µs, which makes
// tree-sitter give up the same way.
func TestParseRangesSurvivesPoisonedParsers(t *testing.T) {
	var pool Pool
	defer pool.Close()
	src := []byte(strings.Repeat("const a = 1;\nfunction f() { return a + 1; }\n", 200))
	// Two halves of the text (100 repetitions of 44 bytes, 2 lines each):
	// enough work for tree-sitter to check its timeout.
	ranges := []sitter.Range{
		{StartByte: 0, EndByte: 4400, StartPoint: sitter.Point{Row: 0}, EndPoint: sitter.Point{Row: 200}},
		{StartByte: 4400, EndByte: 8800, StartPoint: sitter.Point{Row: 200}, EndPoint: sitter.Point{Row: 400}},
	}
	for round := 0; round < 5; round++ {
		var held []*sitter.Parser
		for i := 0; i < 2; i++ {
			parser, err := pool.Get(JavaScript)
			if err != nil {
				t.Fatal(err)
			}
			parser.SetOperationLimit(1)
			held = append(held, parser)
		}
		for _, parser := range held {
			pool.Put(JavaScript, parser)
		}
		tree, err := pool.ParseRanges(context.Background(), JavaScript, nil, src, ranges)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if got := tree.RootNode().EndByte(); got != 8800 {
			t.Fatalf("round %d: window tree ends at %d, want 8800", round, got)
		}
		tree.Close()
		// The parser went back to the pool parsing whole texts again.
		whole, err := pool.Parse(context.Background(), JavaScript, nil, src)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if got := whole.RootNode().EndByte(); int(got) != len(src) {
			t.Fatalf("round %d: whole parse ends at %d, want %d", round, got, len(src))
		}
		whole.Close()
	}
}
