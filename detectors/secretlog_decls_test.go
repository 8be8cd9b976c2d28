package detectors

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/trustlint/trustlint/grammars"
	"github.com/trustlint/trustlint/internal/benchgen"
)

// TestLookupLogDeclsMatchesIndex checks that a region analysis's name-by-
// name declaration lookup finds exactly the declarations the whole index
// holds for that name, for every identifier of the fixtures and of the
// generated benchmark files, with regions at several places of each file.
func TestLookupLogDeclsMatchesIndex(t *testing.T) {
	type file struct {
		path string
		lang grammars.Lang
		src  []byte
	}
	var files []file
	err := filepath.Walk("../testdata", func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || strings.HasSuffix(path, ".fixed") {
			return err
		}
		lang, ok := grammars.FromPath(path)
		if !ok {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files = append(files, file{path, lang, src})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range benchgen.Langs() {
		lang, _ := grammars.FromLanguageID(string(l))
		files = append(files, file{"gen" + l.Ext(), lang, benchgen.Generate(l, 300)})
	}
	ident := regexp.MustCompile(`[A-Za-z_$][A-Za-z0-9_$]*`)
	var pool grammars.Pool
	defer pool.Close()
	checked, looked := 0, 0
	for _, f := range files {
		tree, err := pool.Parse(context.Background(), f.lang, nil, f.src)
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]bool{}
		for _, m := range ident.FindAll(f.src, -1) {
			names[string(m)] = true
		}
		for _, frac := range []int{0, 1, 2, 3} {
			u := &Unit{Path: f.path, Lang: f.lang, Src: f.src, Tree: tree}
			off := len(f.src) * frac / 4
			r, ok := ChangedRegion(u, off, off)
			if !ok {
				continue
			}
			r.src = u.Src
			u.region = &r
			index := buildLogDecls(u)
			for name := range names {
				got, ok := lookupLogDecls(u, name)
				if !ok {
					continue
				}
				looked++
				want := index[name]
				if len(got) != len(want) {
					t.Errorf("%s region %d–%d: %q: lookup found %d declarations, the index %d", f.path, r.Start, r.End, name, len(got), len(want))
					continue
				}
				for i := range got {
					if got[i].At != want[i].At || got[i].Value.StartByte() != want[i].Value.StartByte() || got[i].Value.EndByte() != want[i].Value.EndByte() {
						t.Errorf("%s: %q: declaration %d at %d, the index's at %d", f.path, name, i, got[i].At, want[i].At)
					}
				}
				checked += len(got)
			}
		}
		tree.Close()
	}
	t.Logf("%d files, %d name lookups, %d declarations compared", len(files), looked, checked)
	if checked < 100 {
		t.Fatalf("only %d declarations compared", checked)
	}
}
