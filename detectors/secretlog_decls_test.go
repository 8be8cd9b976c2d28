package detectors

import (
	"context"
	"regexp"
	"testing"

	"github.com/trustlint/trustlint/grammars"
)

// TestLookupLogDeclsMatchesIndex checks that a region analysis's name-by-
// name declaration lookup finds exactly the declarations the whole index
// holds for that name, for every identifier of the fixtures and of the
// generated benchmark files, with regions at several places of each file.
func TestLookupLogDeclsMatchesIndex(t *testing.T) {
	files := corpusFiles(t, false, 300)
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
