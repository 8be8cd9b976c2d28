package detectors

import sitter "github.com/smacker/go-tree-sitter"

// namedChildren returns n's named children in order. tree-sitter's
// NamedChild(i) walks the children from the first each time, so a loop
// over NamedChild(0…k) is quadratic: on a file's root (thousands of
// top-level statements) it dominated analysis. A tree cursor visits each
// child once.
func namedChildren(n *sitter.Node) []*sitter.Node {
	if n == nil {
		return nil
	}
	cur := sitter.NewTreeCursor(n)
	defer cur.Close()
	if !cur.GoToFirstChild() {
		return nil
	}
	var out []*sitter.Node
	for {
		if c := cur.CurrentNode(); c.IsNamed() {
			out = append(out, c)
		}
		if !cur.GoToNextSibling() {
			return out
		}
	}
}
