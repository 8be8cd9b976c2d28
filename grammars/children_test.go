package grammars

import (
	"testing"

	sitter "github.com/smacker/go-tree-sitter"
)

// TestNamedChildrenMatchesCursor checks NamedChildren against a cursor
// over the same node: the same node objects, types and spans, for the
// root and for every node of a few sources.
func TestNamedChildrenMatchesCursor(t *testing.T) {
	var pool Pool
	defer pool.Close()
	sources := map[Lang]string{
		JavaScript: "import x from 'y';\n// c\nconst a = 1, b = f(2);\nfunction g() { return a + b }\nclass K { m() {} }\n",
		TypeScript: "type T = { a: number };\nexport const k: string = 'v';\ninterface I { x(): void }\n",
		Go:         "package p\n\nimport \"os\"\n\nvar v = os.Getenv(\"K\")\n\nfunc f() int { if v != \"\" { return 1 }; return 0 }\n",
		Python:     "import os\n\nK = os.environ['K']\n\ndef f(x):\n    return [y for y in x if y]\n",
	}
	for l, src := range sources {
		tree := parseFor(t, &pool, l, src)
		var visit func(n *sitter.Node)
		checked := 0
		visit = func(n *sitter.Node) {
			var want []*sitter.Node
			cur := sitter.NewTreeCursor(n)
			if cur.GoToFirstChild() {
				for {
					if c := cur.CurrentNode(); c.IsNamed() {
						want = append(want, c)
					}
					if !cur.GoToNextSibling() {
						break
					}
				}
			}
			cur.Close()
			got := NamedChildren(n)
			if len(got) != len(want) {
				t.Fatalf("%s: %s has %d named children, NamedChildren returned %d", l, n.Type(), len(want), len(got))
			}
			for i, c := range got {
				w := want[i]
				if c.Node != w || c.Type != w.Type() || c.Start != int(w.StartByte()) || c.End != int(w.EndByte()) {
					t.Errorf("%s: child %d of %s: got %s [%d,%d) %p, want %s [%d,%d) %p", l, i, n.Type(), c.Type, c.Start, c.End, c.Node, w.Type(), w.StartByte(), w.EndByte(), w)
				}
				checked++
				visit(c.Node)
			}
		}
		visit(tree.RootNode())
		if checked < 10 {
			t.Errorf("%s: only %d children checked", l, checked)
		}
	}
}
