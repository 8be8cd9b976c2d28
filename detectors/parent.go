package detectors

import (
	"context"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// deepTreeLevels is the depth above which parentOf stops asking
// tree-sitter. ts_node_parent descends from the root to find a parent, so
// one call costs O(depth): a detector that climbs from every visited node
// is quadratic on a 100,000-deep tree (minutes), while on ordinary code
// (a few dozen levels) the call is cheap and needs no table.
const deepTreeLevels = 1_000

// parentOf returns n's parent (nil for the root), like n.Parent(). Parents
// the analysis's walk reported (learnParent) are answered from memory.
// Otherwise the first call of a unit probes its tree's depth (a cursor
// that descends only into nodes whose byte span could hold deepTreeLevels
// levels: a handful of nodes on ordinary code); a tree deeper than that
// gets the parents of all its nodes recorded by a single walk in C
// (O(nodes)), looked up in O(1) from then on. go-tree-sitter hands out one
// Go object per node and tree, so pointers are stable keys; a node the
// table does not know (another tree's) falls back to n.Parent().
func parentOf(u *Unit, n *sitter.Node) *sitter.Node {
	if n == nil {
		return nil
	}
	if u == nil || u.Tree == nil {
		return grammars.Parent(n)
	}
	pc := u.parentsFor()
	if p, ok := pc.seen[n]; ok {
		return p
	}
	if !pc.probed {
		pc.probed = true
		pc.table = parentTable(u.Tree.RootNode())
	}
	if pc.table != nil {
		if p, ok := pc.table[n]; ok {
			return p
		}
		return grammars.Parent(n) // another tree's node
	}
	// A shallow tree: ask tree-sitter once per node. Several detectors
	// climb from the same nodes (every rule on a string literal looks at
	// its parent), and a map hit is cheaper than ts_node_parent's descent
	// from the root.
	p := grammars.Parent(n)
	if pc.seen == nil {
		pc.seen = make(map[*sitter.Node]*sitter.Node)
	}
	pc.seen[n] = p
	return p
}

// learnParent records that parent is n's parent in u's tree, for
// parentOf; the caller knows it from a walk.
func learnParent(u *Unit, n, parent *sitter.Node) {
	pc := u.parentsFor()
	if pc.seen == nil {
		// Sized for a walk's selected nodes: about one per 40 bytes.
		pc.seen = make(map[*sitter.Node]*sitter.Node, len(u.Src)/40)
	}
	pc.seen[n] = parent
}

// parentsFor returns u's parent memory for its current tree, emptied when
// the tree changed (Analyze swaps the Unit's tree for a copy, whose nodes
// are other Go objects).
func (u *Unit) parentsFor() *parentCache {
	pc := &u.parents
	if pc.tree != u.Tree {
		*pc = parentCache{tree: u.Tree}
	}
	return pc
}

// parentCache is a Unit's memory for parentOf, for one tree: the parents
// known so far (reported by a walk, or asked), and once probed, the table
// of every node's parent on a deep tree.
type parentCache struct {
	tree   *sitter.Tree
	probed bool
	table  map[*sitter.Node]*sitter.Node
	seen   map[*sitter.Node]*sitter.Node
}

// parentTable maps every node under root to its parent (root to nil), or
// returns nil when the tree is shallow enough for n.Parent(). One walk in
// C reports every node with its depth; the nodes on the path to the
// current one are the parents.
func parentTable(root *sitter.Node) map[*sitter.Node]*sitter.Node {
	// A level takes at least a byte of source: smaller files need no probe.
	if root == nil || grammars.End(root) <= deepTreeLevels || !deeperThan(root, deepTreeLevels) {
		return nil
	}
	table := make(map[*sitter.Node]*sitter.Node)
	var path []*sitter.Node // the current node and its ancestors, by depth
	_ = grammars.Walk(context.Background(), root, nil, nil, func(n *sitter.Node, _, depth int) {
		path = append(path[:depth], n)
		if depth == 0 {
			table[n] = nil
		} else {
			table[n] = path[depth-1]
		}
	})
	return table
}

// deeperThan reports whether the tree under root has more than limit
// levels, probing in C only the nodes whose byte span could hold them (a
// handful on ordinary code).
func deeperThan(root *sitter.Node, limit int) bool {
	return grammars.DeeperThan(root, limit)
}

// parentKind returns the type of n's parent in u, or "".
func parentKind(u *Unit, n *sitter.Node) string {
	if p := parentOf(u, n); p != nil {
		return grammars.Type(p)
	}
	return ""
}
