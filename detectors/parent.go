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

// parentOf returns n's parent (nil for the root), like n.Parent(). The
// parent of the node an analysis's walk is visiting comes from the walk
// (see walking). Otherwise the first call of a unit probes its tree's
// depth (a cursor that descends only into nodes whose byte span could hold
// deepTreeLevels levels: a handful of nodes on ordinary code); a tree
// deeper than that gets the parents of all its nodes recorded by a single
// walk in C (O(nodes)), looked up in O(1) from then on. go-tree-sitter
// hands out one Go object per node and tree, so pointers are stable keys;
// a node the table does not know (another tree's) falls back to
// n.Parent().
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
	if n == pc.visiting && pc.visitingParent.Valid() {
		return pc.remember(n, pc.visitingParent.Node())
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
	return pc.remember(n, grammars.Parent(n))
}

// walking records the node an analysis's walk visits in u's tree and its
// parent as the walk knows it (the zero NodeRef when it does not), for
// parentOf; nil once the walk is over. Only the visited node's parent is
// kept: the walk reports one for each node it visits, and most are never
// asked for.
func (u *Unit) walking(n *sitter.Node, parent grammars.NodeRef) {
	pc := u.parentsFor()
	pc.visiting, pc.visitingParent = n, parent
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
// known so far, the node a walk is visiting with its parent, and once
// probed, the table of every node's parent on a deep tree.
type parentCache struct {
	tree           *sitter.Tree
	probed         bool
	table          map[*sitter.Node]*sitter.Node
	seen           map[*sitter.Node]*sitter.Node
	visiting       *sitter.Node
	visitingParent grammars.NodeRef
}

// remember records p as n's parent and returns it.
func (pc *parentCache) remember(n, p *sitter.Node) *sitter.Node {
	if pc.seen == nil {
		pc.seen = make(map[*sitter.Node]*sitter.Node)
	}
	pc.seen[n] = p
	return p
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
