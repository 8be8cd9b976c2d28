package detectors

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	sitter "github.com/smacker/go-tree-sitter"

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
// TRUSTLINT_DEEP=1 for every shape (see docs/reliability.md), and
// TRUSTLINT_DEEP_DEPTH=n for another depth (profiling).
func TestDeepNesting(t *testing.T) {
	depth := 100_000
	if v, err := strconv.Atoi(os.Getenv("TRUSTLINT_DEEP_DEPTH")); err == nil && v > 0 {
		depth = v
	}
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

// TestParentOfMatchesParent checks parentOf against Node.Parent on every
// node of a tree deep enough for the parent table and of a shallow one.
func TestParentOfMatchesParent(t *testing.T) {
	pool := &grammars.Pool{}
	defer pool.Close()
	for name, tc := range map[string]struct {
		src   string
		table bool
	}{
		"deep":    {"const x = " + strings.Repeat("{password: [f(", deepTreeLevels/4) + "'hunter2'" + strings.Repeat(")]}", deepTreeLevels/4) + ";\n", true},
		"shallow": {"function f(a) {\n  if (a) { return [1, (2)]; }\n  const k = 'x' + 'y';\n}\n", false},
	} {
		t.Run(name, func(t *testing.T) {
			tree, err := pool.Parse(context.Background(), grammars.JavaScript, nil, []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			defer tree.Close()
			u := &Unit{Path: "deep.js", Lang: grammars.JavaScript, Src: []byte(tc.src), Tree: tree}
			nodes := 0
			_ = walk(tree.RootNode(), func(n *sitter.Node) error {
				nodes++
				if got, want := parentOf(u, n), n.Parent(); got != want {
					t.Fatalf("node %d (%s at %d): parentOf = %v, Parent = %v", nodes, n.Type(), n.StartByte(), got, want)
				}
				return nil
			})
			table := u.parents.table
			if (table != nil) != tc.table || (table != nil && len(table) != nodes) {
				t.Errorf("parent table of %d entries for %d nodes; want one: %v", len(table), nodes, tc.table)
			}
		})
	}
}
