package grammars

import (
	"context"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"
)

// vendoredTreeSitter is the go-tree-sitter version whose internal headers
// tsinternal/ holds.
const vendoredTreeSitter = "v0.0.0-20240827094217-dd81d9e9be82"

// TestTreeSitterVersion fails when go.mod requires another go-tree-sitter
// than the version tsinternal/ was copied from (see tsinternal/README.md).
func TestTreeSitterVersion(t *testing.T) {
	mod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	// The require line: "github.com/smacker/go-tree-sitter <version>"; a
	// replace directive for the module makes the check fail, as it should.
	version := ""
	for _, line := range strings.Split(string(mod), "\n") {
		fields := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "require"))
		if len(fields) > 0 && fields[0] == "github.com/smacker/go-tree-sitter" {
			if strings.Contains(line, "=>") {
				version = "replaced: " + line
				break
			}
			if len(fields) > 1 {
				version = fields[1]
			}
		}
	}
	if version != vendoredTreeSitter {
		t.Fatalf("go.mod has go-tree-sitter %q, tsinternal/ holds the headers of %s: copy the new version's headers (tsinternal/README.md)", version, vendoredTreeSitter)
	}
}

// fastWalkSources returns the walk sources, every fixture of the
// repository's testdata in a language this package parses, and this
// package's own Go files.
func fastWalkSources(t *testing.T) map[string]struct {
	lang Lang
	src  []byte
} {
	t.Helper()
	out := make(map[string]struct {
		lang Lang
		src  []byte
	})
	for l, src := range walkSources {
		out["walkSources/"+string(l)] = struct {
			lang Lang
			src  []byte
		}{l, []byte(src)}
	}
	for _, dir := range []string{"../testdata", "."} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			l, ok := FromPath(path)
			if !ok {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			out[path] = struct {
				lang Lang
				src  []byte
			}{l, src}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// mutate returns src with a few bytes deleted, junk inserted, or a part
// repeated, so that the tree holds errors and missing nodes.
func mutate(r *rand.Rand, src []byte) []byte {
	if len(src) == 0 {
		return []byte("{(\"")
	}
	at := r.IntN(len(src))
	end := min(len(src), at+1+r.IntN(24))
	out := append([]byte(nil), src[:at]...)
	switch r.IntN(3) {
	case 0:
	case 1:
		junk := []string{"{", "(", "\"", "'", "`", ")", "}", "]", ":", "=>", "\n\t", "if ", "def ", "func ", "<div>", "/*", "${"}
		out = append(out, junk[r.IntN(len(junk))]...)
		end = at
	case 2:
		out = append(out, src[at:end]...)
		end = at
	}
	return append(out, src[end:]...)
}

// checkFastWalk compares the whole-tree walk with a cursor walk from root
// and from inner nodes (the nodes, their depths, their parents: those of
// the nodes that span a byte, which must also be what Parent() returns),
// and a walk selecting every named type with the named nodes of the
// cursor walk.
func checkFastWalk(t *testing.T, name string, l Lang, root *sitter.Node, sel *NodeSelector) {
	t.Helper()
	want, wantDepths := cursorWalk(root)
	roots := []*sitter.Node{root}
	for i := 97; i < len(want); i += 97 {
		roots = append(roots, want[i])
	}
	for ri, r := range roots {
		if ri > 0 {
			want, wantDepths = cursorWalk(r)
		}
		i := 0
		var path []*sitter.Node // the cursor's node at each depth so far
		err := WalkParents(context.Background(), r, nil, nil, func(n *sitter.Node, ref NodeRef, kind, depth int) {
			parent := ref.Node()
			if i < len(want) && (n != want[i] || depth != wantDepths[i]) {
				t.Fatalf("%s (%s), root %d: node %d is %s %d-%d at depth %d, the cursor's %s %d-%d at depth %d",
					name, l, ri, i, n.Type(), n.StartByte(), n.EndByte(), depth, want[i].Type(), want[i].StartByte(), want[i].EndByte(), wantDepths[i])
			}
			var wantParent *sitter.Node
			if depth > 0 && n.EndByte() > n.StartByte() {
				wantParent = path[depth-1]
			}
			if parent != wantParent {
				t.Fatalf("%s (%s), root %d: node %d (%s %d-%d) has parent %v, the cursor's %v", name, l, ri, i, n.Type(), n.StartByte(), n.EndByte(), parent, wantParent)
			}
			if parent != nil && n.Parent() != parent {
				t.Fatalf("%s (%s): node %d (%s %d-%d): the walk's parent is %s %d-%d, Parent() gives %v", name, l, i, n.Type(), n.StartByte(), n.EndByte(), parent.Type(), parent.StartByte(), parent.EndByte(), n.Parent())
			}
			path = append(path[:depth], n)
			i++
		})
		if err != nil {
			t.Fatal(err)
		}
		if i != len(want) {
			t.Fatalf("%s (%s), root %d: %d nodes walked, the cursor %d", name, l, ri, i, len(want))
		}
	}
	var named []*sitter.Node
	all, _ := cursorWalk(root)
	for _, n := range all {
		if n.IsNamed() && !n.IsError() {
			named = append(named, n)
		}
	}
	i := 0
	err := Walk(context.Background(), root, sel, nil, func(n *sitter.Node, kind, depth int) {
		if i >= len(named) || n != named[i] || sel.Kinds()[kind] != n.Type() {
			t.Fatalf("%s (%s): selected node %d is %s %d-%d", name, l, i, n.Type(), n.StartByte(), n.EndByte())
		}
		i++
	})
	if err != nil {
		t.Fatal(err)
	}
	if i != len(named) {
		t.Fatalf("%s (%s): %d named nodes selected, the cursor found %d", name, l, i, len(named))
	}
}

// namedSelectors returns, per language, the selector of every named node
// type.
func namedSelectors(t testing.TB) map[Lang]*NodeSelector {
	t.Helper()
	sels := make(map[Lang]*NodeSelector)
	for _, l := range All() {
		sel, err := NewNodeSelector(l.Sitter(), namedTypes(l.Sitter()))
		if err != nil {
			t.Fatal(err)
		}
		sels[l] = sel
	}
	return sels
}

// TestFastWalkMatchesCursor checks the whole-tree walk of fastwalk.c
// against go-tree-sitter's cursor: the same objects at the same depths in
// the same order, on every fixture and this package's sources, as written
// and with errors put in.
func TestFastWalkMatchesCursor(t *testing.T) {
	var pool Pool
	defer pool.Close()
	sels := namedSelectors(t)
	r := rand.New(rand.NewPCG(1, 2))
	sources := fastWalkSources(t)
	if len(sources) < 50 {
		t.Fatalf("only %d sources found", len(sources))
	}
	names := make([]string, 0, len(sources))
	for name := range sources {
		names = append(names, name)
	}
	sort.Strings(names) // the mutations depend on the order
	for _, name := range names {
		s := sources[name]
		for m := 0; m < 8; m++ {
			src := s.src
			if m > 0 {
				src = mutate(r, src)
			}
			tree, err := pool.Parse(context.Background(), s.lang, nil, src)
			if err != nil {
				t.Fatal(err)
			}
			checkFastWalk(t, name, s.lang, tree.RootNode(), sels[s.lang])
			tree.Close()
		}
	}
}

// FuzzFastWalk compares the whole-tree walk with the cursor on arbitrary
// bytes in every language.
func FuzzFastWalk(f *testing.F) {
	for _, src := range walkSources {
		f.Add([]byte(src))
	}
	f.Add([]byte("x = (((a"))
	f.Add([]byte("<div>{`${"))
	var pool Pool
	sels := namedSelectors(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<14 {
			return
		}
		for _, l := range All() {
			tree, err := pool.Parse(context.Background(), l, nil, src)
			if err != nil {
				t.Fatal(err)
			}
			checkFastWalk(t, "fuzz", l, tree.RootNode(), sels[l])
			tree.Close()
		}
	})
}
