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

// topNode is a top-level statement with its node type and span, read
// once.
type topNode struct {
	*sitter.Node
	typ        string
	start, end int
}

type topLevelKey struct{}

// topLevel returns the unit's top-level statements (the root's named
// children) with their types, once per unit: several detectors look for
// imports and declarations there, and on a file of thousands of top-level
// statements a cgo call per statement and per detector adds up.
func (u *Unit) topLevel() []topNode {
	return memo(u, topLevelKey{}, func() []topNode {
		kids := namedChildren(u.Tree.RootNode())
		out := make([]topNode, len(kids))
		for i, k := range kids {
			out[i] = topNode{Node: k, typ: k.Type(), start: int(k.StartByte()), end: int(k.EndByte())}
		}
		return out
	})
}
