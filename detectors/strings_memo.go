package detectors

import sitter "github.com/smacker/go-tree-sitter"

// litMemoSlots is how many string literals a Unit's litMemo remembers.
// Analyze hands each literal to every rule that inspects literals in
// turn (TL101, TL102, TL103, TL104, ...); between two rules' visits a
// rule may parse a few other literals (a key, the operands of a "+"
// chain), so a handful of slots keeps the visited one.
const litMemoSlots = 4

// litMemo remembers, per Unit, what was worked out about the last few
// string literal nodes: ParseStringLit's result, and for the secret rules
// the literal's "+" chain and credential target. Every rule on a literal
// asks the same questions of the same node, and each answer costs calls
// into C (the node's type, span and error flag; parent lookups).
//
// Entries are keyed by node pointer: go-tree-sitter hands out one Go
// object per node and tree, and an entry holds its node, so the object
// cannot be freed and its address reused for another node while the
// entry lives. A node of another tree (Analyze analyses a copy of the
// Unit's tree) is another object, so it never hits a stale entry.
type litMemo struct {
	slots [litMemoSlots]litEntry
	next  int // the slot the next new entry replaces

	// tree is the tree whose error state clean holds: true when it has
	// no syntax error and no missing node, so that none of its nodes has.
	tree  *sitter.Tree
	clean bool
}

// treeClean reports whether u's tree (the one its nodes come from now:
// Analyze swaps in a copy, a server may swap in a fresh parse) holds no
// syntax error and no missing node, asked once per tree.
func (m *litMemo) treeClean(u *Unit) bool {
	if u.Tree == nil {
		return false
	}
	if m.tree != u.Tree {
		m.tree, m.clean = u.Tree, !u.Tree.RootNode().HasError()
	}
	return m.clean
}

// litEntry is what is known about one literal node. The *Done flags
// say which of the lazily computed parts are filled in.
type litEntry struct {
	node *sitter.Node
	lit  StringLit
	ok   bool

	concatDone bool
	concatTop  *sitter.Node
	concatText string
	concatOK   bool

	targetDone bool
	target     credTarget
	targetOK   bool
}

type litMemoKey struct{}

// litMemoOf returns u's literal memory.
func litMemoOf(u *Unit) *litMemo {
	return memo(u, litMemoKey{}, func() *litMemo { return new(litMemo) })
}

// entry returns the entry of node n, parsing n with parse (and
// replacing the oldest entry) when n has none.
func (m *litMemo) entry(u *Unit, n *sitter.Node) *litEntry {
	for i := range m.slots {
		if m.slots[i].node == n {
			return &m.slots[i]
		}
	}
	e := &m.slots[m.next]
	m.next = (m.next + 1) % litMemoSlots
	lit, ok := parseStringLit(u, n, m.treeClean(u))
	*e = litEntry{node: n, lit: lit, ok: ok}
	return e
}

// litEntryOf returns the memo entry of the non-nil node n in u.
func litEntryOf(u *Unit, n *sitter.Node) *litEntry {
	return litMemoOf(u).entry(u, n)
}

// memoConcat returns climbConcat(u, n), worked out once per literal node
// (TL101 and TL103 both look for the "+" chain a literal leads).
func memoConcat(u *Unit, n *sitter.Node) (*sitter.Node, string, bool) {
	if e := litEntryOf(u, n); e.concatDone {
		return e.concatTop, e.concatText, e.concatOK
	}
	top, text, ok := climbConcat(u, n)
	// Fetched again: the climb parses other literals, which may have
	// taken n's slot.
	e := litEntryOf(u, n)
	e.concatTop, e.concatText, e.concatOK, e.concatDone = top, text, ok, true
	return top, text, ok
}

// literalTarget returns what the string literal n is given to, as its
// family's resolver (targetResolvers) finds it, worked out once per node
// (TL101, TL102 and TL103 may all ask). ok is false, with no target, in
// a family without a resolver.
func literalTarget(u *Unit, n *sitter.Node) (credTarget, bool) {
	resolve := targetResolvers[u.Lang.Family()]
	if resolve == nil {
		return credTarget{}, false
	}
	if e := litEntryOf(u, n); e.targetDone {
		return e.target, e.targetOK
	}
	t, ok := resolve(u, n)
	// Fetched again: resolving may parse other literals (keys).
	e := litEntryOf(u, n)
	e.target, e.targetOK, e.targetDone = t, ok, true
	return t, ok
}
