package detectors

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/trustlint/trustlint/grammars"
)

// deepInputs returns, per language, sources nested depth levels deep in
// the shapes that recursive code trips on: parentheses, arrays, blocks,
// calls, left-deep binary chains and string concatenations.
func deepInputs(lang grammars.Lang, depth int) map[string]string {
	rep := strings.Repeat
	concat := "'sk-" + rep("'x' + ", depth) + "'end'"
	chain := rep("a + ", depth) + "a"
	switch lang.Family() {
	case grammars.FamilyGo:
		return map[string]string{
			"parens": "package p\n\nvar x = " + rep("(", depth) + "1" + rep(")", depth) + "\n",
			"chain":  "package p\n\nvar x = " + chain + "\n",
			"concat": "package p\n\nvar apiKey = " + strings.ReplaceAll(concat, "'", "\"") + "\n",
			"calls":  "package p\n\nvar x = " + rep("f(", depth) + "1" + rep(")", depth) + "\n",
			"blocks": "package p\n\nfunc f() " + rep("{", depth) + rep("}", depth) + "\n",
			"slices": "package p\n\nvar x = " + rep("[]any{", depth) + rep("}", depth) + "\n",
		}
	case grammars.FamilyPython:
		return map[string]string{
			"parens": "x = " + rep("(", depth) + "1" + rep(")", depth) + "\n",
			"chain":  "x = " + chain + "\n",
			"concat": "api_key = " + concat + "\n",
			"calls":  "x = " + rep("f(", depth) + "1" + rep(")", depth) + "\n",
			"lists":  "x = " + rep("[", depth) + rep("]", depth) + "\n",
			"dicts":  "x = " + rep("{'password': ", depth) + "'hunter2'" + rep("}", depth) + "\n",
		}
	}
	return map[string]string{
		"parens":  "const x = " + rep("(", depth) + "1" + rep(")", depth) + ";\n",
		"chain":   "const x = " + chain + ";\n",
		"concat":  "const apiKey = " + concat + ";\n",
		"calls":   "const x = " + rep("f(", depth) + "1" + rep(")", depth) + ";\n",
		"blocks":  "function f() " + rep("{", depth) + rep("}", depth) + "\n",
		"arrays":  "const x = " + rep("[", depth) + rep("]", depth) + ";\n",
		"objects": "const x = " + rep("{password: ", depth) + "'hunter2'" + rep("}", depth) + ";\n",
		"arrows":  "const x = " + rep("() => ", depth) + "1;\n",
		"ifs":     "function f() {\n" + rep("if (a) {\n", depth) + rep("}\n", depth) + "}\n",
	}
}

// TestDeepNesting runs every detector and FixAll over 100,000-deep input
// in every language: no stack overflow, and analysis ends within its
// deadline. The default run (CI) covers the bracket shapes; set
// TRUSTLINT_DEEP=1 for every shape (minutes: see docs/reliability.md).
func TestDeepNesting(t *testing.T) {
	const depth = 100_000
	long := os.Getenv("TRUSTLINT_DEEP") != ""
	pool := &grammars.Pool{}
	defer pool.Close()
	for _, lang := range grammars.All() {
		for shape, src := range deepInputs(lang, depth) {
			if !long && shape != "parens" {
				continue
			}
			t.Run(string(lang)+"/"+shape, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				start := time.Now()
				findings, err := AnalyzeSource(ctx, pool, "deep"+extOf(lang), lang, []byte(src), Config{})
				if err != nil {
					t.Fatalf("Analyze: %v (after %v)", err, time.Since(start))
				}
				checkRanges(t, []byte(src), findings)
				if long {
					if _, _, err := FixAll(ctx, pool, "deep"+extOf(lang), lang, []byte(src), Config{}); err != nil {
						t.Fatalf("FixAll: %v (after %v)", err, time.Since(start))
					}
				}
				t.Logf("%d bytes, %d findings, %v", len(src), len(findings), time.Since(start))
			})
		}
	}
}

// checkRanges fails when a finding or one of its fix edits lies outside
// src.
func checkRanges(t testing.TB, src []byte, findings []Finding) {
	t.Helper()
	for _, f := range findings {
		if f.Start < 0 || f.End < f.Start || f.End > len(src) {
			t.Fatalf("%s finding range [%d,%d) outside %d bytes", f.Rule, f.Start, f.End, len(src))
		}
		for _, fix := range f.Fixes {
			for _, e := range fix.Edits {
				if e.Start < 0 || e.End < e.Start || e.End > len(src) {
					t.Fatalf("%s fix %q edit [%d,%d) outside %d bytes", f.Rule, fix.Title, e.Start, e.End, len(src))
				}
			}
		}
	}
}
