package detectors

import (
	"bytes"
	"context"
	"flag"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trustlint/trustlint/grammars"
)

var update = flag.Bool("update", false, "rewrite the .fixed golden files of testdata/demo and testdata/fixes")

// goldenDirs are the fixture folders whose every file has a .fixed twin.
var goldenDirs = []string{"demo", "fixes"}

// TestFixGolden applies every safe fix of a fixture (FixAll) and compares
// the result with its .fixed twin. The fixed text must parse without an
// error the original did not have, stay gofmt-clean for Go, and leave no
// TL101/TL102 finding behind.
func TestFixGolden(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	count := 0
	for _, path := range fixtureFiles(t) {
		rel, _ := filepath.Rel(fixtureRoot, path)
		top := strings.Split(filepath.ToSlash(rel), "/")[0]
		golden := path + ".fixed"
		inGoldenDir := false
		for _, d := range goldenDirs {
			inGoldenDir = inGoldenDir || top == d
		}
		if _, err := os.Stat(golden); err != nil && !(*update && inGoldenDir) {
			if inGoldenDir {
				t.Errorf("%s has no golden twin %s (run go test ./detectors -run TestFixGolden -update)", path, golden)
			}
			continue
		}
		count++
		t.Run(rel, func(t *testing.T) {
			lang, _ := grammars.FromPath(path)
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			fixed, edits, err := FixAll(context.Background(), &pool, path, lang, src, Config{})
			if err != nil {
				t.Fatal(err)
			}
			if viaEdits, err := ApplyEdits(src, edits); err != nil || !bytes.Equal(viaEdits, fixed) {
				t.Fatalf("FixAll's edits do not produce its text (%v)", err)
			}
			if *update {
				if err := os.WriteFile(golden, fixed, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(fixed, want) {
				t.Errorf("fixed text differs from %s:\n%s", golden, fixed)
			}
			before := parsesClean(t, &pool, lang, src)
			if after := parsesClean(t, &pool, lang, fixed); before && !after {
				t.Errorf("the fixed text has a syntax error the original did not have")
			}
			if lang == grammars.Go {
				if f, err := format.Source(src); err == nil && bytes.Equal(f, src) {
					if f2, err := format.Source(fixed); err != nil || !bytes.Equal(f2, fixed) {
						t.Errorf("the original was gofmt-clean, the fixed text is not (%v)", err)
					}
				}
			}
			again, err := AnalyzeSource(context.Background(), &pool, path, lang, fixed, Config{})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range again {
				if (f.Rule == "TL101" || f.Rule == "TL102") && hasSafeFix(f) {
					t.Errorf("after fix all, %s still at byte %d: %s", f.Rule, f.Start, f.Message)
				}
			}
		})
	}
	if count == 0 {
		t.Fatal("no golden fixtures found")
	}
}

func hasSafeFix(f Finding) bool {
	for _, fix := range f.Fixes {
		if fix.Safe {
			return true
		}
	}
	return false
}

func parsesClean(t *testing.T, pool *grammars.Pool, lang grammars.Lang, src []byte) bool {
	t.Helper()
	tree, err := pool.Parse(context.Background(), lang, nil, src)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	return !tree.RootNode().HasError()
}
