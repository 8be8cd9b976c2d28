package detectors

import (
	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// namedChildren returns n's named children in order. tree-sitter's
// NamedChild(i) walks the children from the first each time, so a loop
// over NamedChild(0…k) is quadratic: on a file's root (thousands of
// top-level statements) it dominated analysis. grammars.NamedChildren
// reads them all in one call into C.
func namedChildren(n *sitter.Node) []*sitter.Node {
	kids := grammars.NamedChildren(n)
	if len(kids) == 0 {
		return nil
	}
	out := make([]*sitter.Node, len(kids))
	for i, k := range kids {
		out[i] = k.Node
	}
	return out
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
		kids := grammars.NamedChildren(u.Tree.RootNode())
		out := make([]topNode, len(kids))
		for i, k := range kids {
			out[i] = topNode{Node: k.Node, typ: k.Type, start: k.Start, end: k.End}
		}
		return out
	})
}
