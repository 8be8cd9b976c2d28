package detectors

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
	"github.com/trustlint/trustlint/internal/benchgen"
)

// gateCounts tallies the string literals the source-only gates looked at
// and the ones they spared a climb.
type gateCounts struct {
	literals, concatSkipped, targetSkipped int
}

// checkSourceGates checks, on every string literal of src, that the
// source-only gates are necessary conditions: a literal that climbConcat
// joins passes mayLeadConcat, and a literal the resolver names (or finds
// a fallback for) passes mayHaveTarget.
func checkSourceGates(t *testing.T, pool *grammars.Pool, path string, lang grammars.Lang, src []byte, c *gateCounts) {
	t.Helper()
	tree, err := pool.Parse(context.Background(), lang, nil, src)
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return
	}
	defer tree.Close()
	u := &Unit{Path: path, Lang: lang, Src: src, Tree: tree}
	kinds := map[string]bool{}
	for _, k := range stringKinds[lang.Family()] {
		kinds[k] = true
	}
	resolve := targetResolvers[lang.Family()]
	cur := sitter.NewTreeCursor(tree.RootNode())
	defer cur.Close()
	for {
		n := cur.CurrentNode()
		if kinds[n.Type()] && n.IsNamed() {
			c.literals++
			start, end := int(n.StartByte()), int(n.EndByte())
			lead := mayLeadConcat(u, start, end)
			if _, _, ok := climbConcat(u, n); ok && !lead {
				t.Errorf("%s:%d: %q starts a joined chain, but mayLeadConcat says no", path, u.Line(start)+1, u.Text(n))
			}
			if !lead {
				c.concatSkipped++
			}
			target := mayHaveTarget(u, start)
			if tg, ok := resolve(u, n); (ok || tg.Fallback || tg.Name != "" || tg.Env != "") && !target {
				t.Errorf("%s:%d: %q is given to %+v, but mayHaveTarget says no", path, u.Line(start)+1, u.Text(n), tg)
			}
			if !target {
				c.targetSkipped++
			}
		}
		if cur.GoToFirstChild() {
			continue
		}
		for !cur.GoToNextSibling() {
			if !cur.GoToParent() {
				return
			}
		}
	}
}

// TestSourceGatesNecessary runs checkSourceGates over the fixtures, the
// generated benchmark files and, when TRUSTLINT_GATE_CORPUS names a
// folder, every file under it.
func TestSourceGatesNecessary(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	walk := func(root string) gateCounts {
		var c gateCounts
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			lang, ok := grammars.FromPath(path)
			if !ok {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil || len(src) > maxAnalyzeBytes {
				return nil
			}
			checkSourceGates(t, &pool, path, lang, src, &c)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := walk(fixtureRoot)
	if c.literals < 1000 || c.concatSkipped == 0 || c.targetSkipped == 0 {
		t.Fatalf("fixtures: %+v: the gates were not exercised", c)
	}
	t.Logf("fixtures: %+v", c)
	var g gateCounts
	for _, l := range benchgen.Langs() {
		lang, _ := grammars.FromLanguageID(string(l))
		checkSourceGates(t, &pool, "bench"+l.Ext(), lang, benchgen.Generate(l, 1000), &g)
	}
	t.Logf("generated: %+v", g)
	if dir := os.Getenv("TRUSTLINT_GATE_CORPUS"); dir != "" {
		t.Logf("%s: %+v", dir, walk(dir))
	}
}
