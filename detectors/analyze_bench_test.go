package detectors

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/trustlint/trustlint/grammars"
	"github.com/trustlint/trustlint/internal/benchgen"
)

// benchSource builds a realistic JavaScript file of about n lines: route
// handlers with string literals, template strings and object literals.
func benchSource(n int) []byte {
	var b strings.Builder
	b.WriteString("import express from \"express\";\nconst app = express();\n")
	for i, lines := 0, 2; lines < n; i, lines = i+1, lines+9 {
		fmt.Fprintf(&b, "function handler%d(req, res) {\n", i)
		fmt.Fprintf(&b, "  const name = req.query.name || \"guest%d\";\n", i)
		fmt.Fprintf(&b, "  const items = [\"alpha\", \"beta\", \"gamma%d\"].map((x) => x.toUpperCase());\n", i)
		fmt.Fprintf(&b, "  if (items.length > %d) {\n", i%7)
		fmt.Fprintf(&b, "    res.json({ ok: true, label: \"Item %d\", count: items.length });\n", i)
		b.WriteString("  } else {\n    res.status(404).send(`not found: ${name}`);\n  }\n}\n")
		fmt.Fprintf(&b, "app.get(\"/h%d\", handler%d);\n", i, i)
	}
	return []byte(b.String())
}

// BenchmarkParse measures a full tree-sitter parse alone, the floor for
// Analyze.
func BenchmarkParse(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		src := benchSource(n)
		b.Run(fmt.Sprintf("js-%dlines", n), func(b *testing.B) {
			var pool grammars.Pool
			defer pool.Close()
			b.SetBytes(int64(len(src)))
			for i := 0; i < b.N; i++ {
				tree, err := pool.Parse(context.Background(), grammars.JavaScript, nil, src)
				if err != nil {
					b.Fatal(err)
				}
				tree.Close()
			}
		})
	}
}

// BenchmarkAnalyze measures every rule over an already parsed tree.
func BenchmarkAnalyze(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		src := benchSource(n)
		b.Run(fmt.Sprintf("js-%dlines", n), func(b *testing.B) {
			var pool grammars.Pool
			defer pool.Close()
			tree, err := pool.Parse(context.Background(), grammars.JavaScript, nil, src)
			if err != nil {
				b.Fatal(err)
			}
			defer tree.Close()
			b.SetBytes(int64(len(src)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				u := &Unit{Path: "bench.js", Lang: grammars.JavaScript, Src: src, Tree: tree}
				if _, err := Analyze(context.Background(), u); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAnalyzeGenerated measures every rule over generated realistic
// files (internal/benchgen) of each language, on an already parsed tree.
func BenchmarkAnalyzeGenerated(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		for _, l := range benchgen.Langs() {
			src := benchgen.Generate(l, n)
			lang, _ := grammars.FromLanguageID(string(l))
			b.Run(fmt.Sprintf("%s-%dlines", l, n), func(b *testing.B) {
				var pool grammars.Pool
				defer pool.Close()
				tree, err := pool.Parse(context.Background(), lang, nil, src)
				if err != nil {
					b.Fatal(err)
				}
				defer tree.Close()
				b.SetBytes(int64(len(src)))
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					u := &Unit{Path: "src/bench" + l.Ext(), Lang: lang, Src: src, Tree: tree}
					if _, err := Analyze(context.Background(), u); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// triggerBenchSources are the inputs of the trigger matcher benchmarks:
// generated files of each language, about 1,000 lines.
func triggerBenchSources() [][]byte {
	var srcs [][]byte
	for _, l := range benchgen.Langs() {
		srcs = append(srcs, benchgen.Generate(l, 1000))
	}
	return srcs
}

// BenchmarkTriggerScan measures the trigger gating pass (one
// Aho–Corasick scan of the source, then every rule's condition).
func BenchmarkTriggerScan(b *testing.B) {
	srcs := triggerBenchSources()
	total := 0
	for _, s := range srcs {
		total += len(s)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, s := range srcs {
			tr := scanTriggers("src/app.js", s)
			for r := range tr.t.gates {
				tr.open(r, grammars.FamilyJS)
			}
		}
	}
}

// BenchmarkTriggerContains measures the alternative the matcher was
// chosen over: a lower-cased copy of the source and one bytes.Contains
// per word (case-sensitive words against the source itself).
func BenchmarkTriggerContains(b *testing.B) {
	srcs := triggerBenchSources()
	total := 0
	for _, s := range srcs {
		total += len(s)
	}
	t := triggers()
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, s := range srcs {
			f := found{bits: make([]uint64, (len(t.words)+63)/64)}
			lower := bytes.ToLower(s)
			for id, w := range t.words {
				if w.exact != "" && bytes.Contains(s, []byte(w.exact)) || w.exact == "" && bytes.Contains(lower, []byte(w.lower)) {
					f.set(id)
				}
			}
		}
	}
}
