package detectors

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// queryReference lists what a tree-sitter query `(kind) @k…` over kq's
// node types captures (with a point range for a region, filtered by
// Region.overlaps): what eachKindNode returned when it ran such a query,
// and must still return.
func queryReference(t *testing.T, l grammars.Lang, kq *kindQuery, root *sitter.Node, src []byte, region *Region) []string {
	t.Helper()
	var b strings.Builder
	for _, k := range kq.kinds {
		b.WriteString("(" + k + ") @" + k + "\n")
	}
	q, err := sitter.NewQuery([]byte(b.String()), l.Sitter())
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	qc := sitter.NewQueryCursor()
	defer qc.Close()
	if region != nil {
		qc.SetPointRange(grammars.PointAt(src, region.Start), grammars.PointAt(src, region.End))
	}
	qc.Exec(q, root)
	var got []string
	for {
		m, ok := qc.NextMatch()
		if !ok {
			return got
		}
		for _, c := range m.Captures {
			if region == nil || region.overlaps(c.Node) {
				got = append(got, fmt.Sprintf("%s %p", q.CaptureNameForId(c.Index), c.Node))
			}
		}
	}
}

// kindWalk lists what eachKindNode visits, in the form of queryReference.
func kindWalk(t *testing.T, kq *kindQuery, root *sitter.Node, region *Region) []string {
	t.Helper()
	var got []string
	err := eachKindNode(context.Background(), kq, root, region, func(kind int, n *sitter.Node, _ grammars.NodeRef) {
		got = append(got, fmt.Sprintf("%s %p", kq.kinds[kind], n))
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// compareKindWalk checks eachKindNode against the query over one source:
// the whole tree with the full kind query, then (regions > 0) the regions
// ChangedRegion gives for edits spread over the file.
func compareKindWalk(t *testing.T, pool *grammars.Pool, path string, src []byte, regions int) {
	t.Helper()
	lang, ok := grammars.FromPath(path)
	if !ok {
		return
	}
	kq, err := queryFor(lang)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := pool.Parse(context.Background(), lang, nil, src)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	root := tree.RootNode()
	if len(src) > maxQueryDepth && deeperThan(root, maxQueryDepth) {
		return // beyond the query cursor's depth: no reference
	}
	if got, want := kindWalk(t, kq, root, nil), queryReference(t, lang, kq, root, src, nil); !equalStrings(got, want) {
		t.Fatalf("%s: the walk visits %d nodes, the query captured %d; first difference at %d", path, len(got), len(want), firstDiff(got, want))
	}
	u := &Unit{Path: path, Lang: lang, Src: src, Tree: tree}
	for i := 0; i < regions && len(src) > 0; i++ {
		at := i * len(src) / regions
		r, ok := ChangedRegion(u, at, at)
		if !ok {
			continue
		}
		if got, want := kindWalk(t, kq, root, &r), queryReference(t, lang, kq, root, src, &r); !equalStrings(got, want) {
			t.Fatalf("%s, region %d-%d: the walk visits %d nodes, the query captured %d; first difference at %d", path, r.Start, r.End, len(got), len(want), firstDiff(got, want))
		}
	}
}

func equalStrings(a, b []string) bool { return firstDiff(a, b) < 0 }

// firstDiff returns the first index where a and b differ, -1 if equal.
func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

// TestKindWalkMatchesQuery checks, over every fixture, that the kind walk
// visits exactly the nodes (same objects, same order, same types) the
// tree-sitter query it replaced captured, over whole files and over
// editor regions. TRUSTLINT_WALK_CORPUS names a directory whose files are
// compared too (whole files only).
func TestKindWalkMatchesQuery(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	files := 0
	err := filepath.WalkDir("../testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".fixed") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		compareKindWalk(t, &pool, path, src, 12)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	corpus := os.Getenv("TRUSTLINT_WALK_CORPUS")
	if corpus == "" {
		t.Logf("%d fixtures", files)
		return
	}
	n, size := 0, 0
	err = filepath.WalkDir(corpus, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		if _, ok := grammars.FromPath(path); !ok {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil || len(src) > maxAnalyzeBytes {
			return err
		}
		n, size = n+1, size+len(src)
		compareKindWalk(t, &pool, path, src, 0)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d fixtures; corpus: %d files, %d bytes", files, n, size)
}

// TestParentOfMatchesParentOnFixtures checks parentOf against Node.Parent
// for every node of every fixture (shallow trees: the descent from the
// top-level statement), asking each node's parent before and after its
// children's so that both the memo and the descent are exercised.
func TestParentOfMatchesParentOnFixtures(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	err := filepath.WalkDir("../testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".fixed") {
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
		tree, err := pool.Parse(context.Background(), lang, nil, src)
		if err != nil {
			return err
		}
		defer tree.Close()
		u := &Unit{Path: path, Lang: lang, Src: src, Tree: tree}
		var nodes []*sitter.Node
		_ = walk(tree.RootNode(), func(n *sitter.Node) error {
			nodes = append(nodes, n)
			return nil
		})
		for _, order := range [][]*sitter.Node{nodes, reversed(nodes)} {
			for _, n := range order {
				if got, want := parentOf(u, n), n.Parent(); got != want {
					t.Fatalf("%s: %s at %d: parentOf = %p, Parent = %p", path, n.Type(), n.StartByte(), got, want)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func reversed(ns []*sitter.Node) []*sitter.Node {
	out := make([]*sitter.Node, len(ns))
	for i, n := range ns {
		out[len(ns)-1-i] = n
	}
	return out
}

// maxQueryDepth is the depth below which tree-sitter's query cursor works
// (it keeps the depth where a match starts in 16 bits, minus a margin for
// chains of single-child nodes): the query reference of these tests stops
// there; the walk has no such limit.
const maxQueryDepth = 60_000
