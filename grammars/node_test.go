package grammars

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// TestNodeAccessors holds the accessors of node.go to the library's
// methods of the same names (Field to ChildByFieldName, Start and End to
// StartByte and EndByte) on every node of walkSources and of
// the repository's fixtures, for every field name of every grammar
// (including names the node's grammar lacks).
func TestNodeAccessors(t *testing.T) {
	var pool Pool
	sources := map[Lang][]string{}
	for l, src := range walkSources {
		sources[l] = append(sources[l], src)
	}
	err := filepath.WalkDir("../testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if l, ok := FromPath(p); ok {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sources[l] = append(sources[l], string(b))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for name := range tables().fields {
		names = append(names, name)
	}
	nodes := 0
	for _, l := range All() {
		if len(sources[l]) < 2 {
			t.Fatalf("%s: no fixture besides walkSources", l)
		}
		for _, src := range sources[l] {
			tree, err := pool.Parse(context.Background(), l, nil, []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			root := tree.RootNode()
			if got, want := treeLanguage(&(*nodeLayout)(unsafe.Pointer(root)).c), (*languageLayout)(unsafe.Pointer(l.Sitter())).ptr; got != want {
				t.Fatalf("%s: language read from the TSTree %p, want %p: tree.h's TSTree changed", l, got, want)
			}
			var visit func(n *sitter.Node)
			visit = func(n *sitter.Node) {
				nodes++
				if got, want := Type(n), n.Type(); got != want {
					t.Fatalf("%s: Type = %q, library %q", l, got, want)
				}
				if got, want := Start(n), n.StartByte(); got != want {
					t.Fatalf("%s %s: Start = %d, library %d", l, n.Type(), got, want)
				}
				if got, want := End(n), n.EndByte(); got != want {
					t.Fatalf("%s %s: End = %d, library %d", l, n.Type(), got, want)
				}
				if got, want := IsNamed(n), n.IsNamed(); got != want {
					t.Fatalf("%s %s: IsNamed = %v, library %v", l, n.Type(), got, want)
				}
				if got, want := Parent(n), n.Parent(); got != want {
					t.Fatalf("%s %s: Parent = %p, library %p", l, n.Type(), got, want)
				}
				if got, want := ChildCount(n), n.ChildCount(); got != want {
					t.Fatalf("%s %s: ChildCount = %d, library %d", l, n.Type(), got, want)
				}
				if got, want := NamedChildCount(n), n.NamedChildCount(); got != want {
					t.Fatalf("%s %s: NamedChildCount = %d, library %d", l, n.Type(), got, want)
				}
				for i := 0; i <= int(n.ChildCount()); i++ { // one past the end: nil
					if got, want := ChildAt(n, i), n.Child(i); got != want {
						t.Fatalf("%s %s: ChildAt(%d) = %p, library %p", l, n.Type(), i, got, want)
					}
					if got, want := NamedChildAt(n, i), n.NamedChild(i); got != want {
						t.Fatalf("%s %s: NamedChildAt(%d) = %p, library %p", l, n.Type(), i, got, want)
					}
				}
				for _, name := range names {
					if got, want := Field(n, name), n.ChildByFieldName(name); got != want {
						t.Fatalf("%s %s: Field(%q) = %v, library %v", l, n.Type(), name, got, want)
					}
				}
				for i := 0; i < int(n.ChildCount()); i++ {
					visit(n.Child(i))
				}
			}
			visit(root)
			tree.Close()
		}
	}
	if Field(nil, "name") != nil {
		t.Fatal("Field(nil) is not nil")
	}
	t.Logf("%d nodes, %d field names", nodes, len(names))
}
