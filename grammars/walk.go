package grammars

/*
#include <stdlib.h>
#include "walk.h"
*/
import "C"

import (
	"fmt"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// The walks below run in C and hand Go the nodes it wants in batches,
// instead of several cgo calls per node of the tree (moving a cursor,
// reading each node's type): a walk of the whole tree reads the subtrees
// directly (fastwalk.go), a walk limited to a span moves tree-sitter's
// cursor (walk.c), whose ts_tree_cursor_goto_first_child_for_byte skips
// the subtrees before the span. The first also relies on tree-sitter's
// internal layout, through the headers of the same version vendored in
// tsinternal/ (fastwalk_test.go checks go.mod's version and compares the
// walk with a cursor's). Both rely on two facts
// of the go-tree-sitter version in go.mod, pinned by walk_test.go so that
// an upgrade which changes them fails the tests instead of corrupting
// memory:
//
//   - sitter.Node is struct{ c C.TSNode; t *sitter.Tree }: its first 32
//     bytes are the TSNode, then the tree it belongs to;
//   - (*sitter.Tree).cachedNode turns a TSNode into the one Go object the
//     library hands out for that node (its per-tree cache), so a node
//     reported by the walk is the same pointer as the one Parent, Child or
//     a cursor return for the same position.
//
// sitter.Language is struct{ ptr unsafe.Pointer } (the TSLanguage).

// nodeLayout mirrors sitter.Node.
type nodeLayout struct {
	c C.TSNode
	t *sitter.Tree
}

// languageLayout mirrors sitter.Language.
type languageLayout struct {
	ptr unsafe.Pointer
}

// walkState is the C state of one walk (walk.h).
type walkState = C.tl_walk

// cachedNode is (*sitter.Tree).cachedNode: the library's Go object for a
// TSNode of tree t (nil for a null node), created and cached on first use.
//
//go:linkname cachedNode github.com/smacker/go-tree-sitter.(*Tree).cachedNode
func cachedNode(t *sitter.Tree, n C.TSNode) *sitter.Node

// NodeSelector picks the named node types a walk reports: a table from
// tree-sitter symbol to the position of the type in the list it was built
// from. It is immutable once built and safe to share.
type NodeSelector struct {
	kinds []string
	bySym []C.uint16_t // symbol → index in kinds + 1; 0 for the others
}

// NewNodeSelector returns the selector of the named node types kinds of
// lang. A type is looked up as tree-sitter's query compiler does
// (ts_language_symbol_for_name, named), so a walk reports exactly the
// nodes a query `(kind)` captures; a name that is not a visible named
// node type of lang is an error.
func NewNodeSelector(lang *sitter.Language, kinds []string) (*NodeSelector, error) {
	if lang == nil {
		return nil, fmt.Errorf("grammars: node selector without a language")
	}
	ptr := (*C.TSLanguage)((*languageLayout)(unsafe.Pointer(lang)).ptr)
	s := &NodeSelector{
		kinds: append([]string(nil), kinds...),
		bySym: make([]C.uint16_t, int(C.ts_language_symbol_count(ptr))),
	}
	for i, k := range kinds {
		if i+1 > 0xffff {
			return nil, fmt.Errorf("grammars: more than %d node types in a selector", 0xfffe)
		}
		name := C.CString(k)
		sym := C.ts_language_symbol_for_name(ptr, name, C.uint32_t(len(k)), true)
		C.free(unsafe.Pointer(name))
		if sym == 0 || int(sym) >= len(s.bySym) || lang.SymbolType(sitter.Symbol(sym)) != sitter.SymbolTypeRegular {
			return nil, fmt.Errorf("grammars: %q is not a named node type of the language", k)
		}
		if s.bySym[sym] != 0 {
			return nil, fmt.Errorf("grammars: %q listed twice in a node selector", k)
		}
		s.bySym[sym] = C.uint16_t(i + 1)
	}
	return s, nil
}

// Kinds returns the node types the selector was built from; a walk's
// visit receives indexes into it.
func (s *NodeSelector) Kinds() []string { return s.kinds }

// Span is a byte range [Start, End) that limits a walk to the nodes
// overlapping it: Start < node end and node start < End.
type Span struct {
	Start, End uint32
}

// Batch sizes of a walk: the nodes reported per call into C, and the
// nodes looked at per call (so that a walk over a large tree with few
// wanted nodes still returns to Go to check for cancellation).
const (
	walkBatch  = 256
	walkBudget = 1 << 16
)

// Walk visits the nodes under root in document order (a node before its
// descendants, then its later siblings): those sel selects, or every node,
// named or not, when sel is nil. With a span, only nodes overlapping it
// are visited, and the walk does not descend into the others. visit gets
// the node (the library's cached object, see above), the index of its
// type in sel.Kinds() (0 when sel is nil) and its depth below root. The
// walk runs in C without recursion, so any depth is fine; ctx is checked
// between batches, and its error ends the walk.
func Walk(ctx interface{ Err() error }, root *sitter.Node, sel *NodeSelector, span *Span, visit func(n *sitter.Node, kind, depth int)) error {
	return WalkParents(ctx, root, sel, span, func(n *sitter.Node, _ NodeRef, kind, depth int) { visit(n, kind, depth) })
}

// WalkParents is Walk handing visit each node's parent as well, when the
// walk knows it: in a walk of the whole tree (no span), the parent of
// every node below root that spans at least a byte; the zero NodeRef for
// root, for a zero-width node and in a ranged walk. The parent is
// the node n.Parent() returns (ts_node_parent, which finds a parent by
// byte offsets, may answer a neighbour for a zero-width node), named
// without making its Go object until NodeRef.Node is called.
func WalkParents(ctx interface{ Err() error }, root *sitter.Node, sel *NodeSelector, span *Span, visit func(n *sitter.Node, parent NodeRef, kind, depth int)) error {
	if root == nil {
		return nil
	}
	all := C.uint32_t(1)
	var table *C.uint16_t
	var nsym C.uint32_t
	if sel != nil {
		all = 0
		if len(sel.kinds) == 0 || len(sel.bySym) == 0 {
			return nil
		}
		table, nsym = &sel.bySym[0], C.uint32_t(len(sel.bySym))
	}
	if span == nil {
		return fastWalk(ctx, root, table, nsym, all, visit)
	}
	layout := (*nodeLayout)(unsafe.Pointer(root))
	tree := layout.t
	w := new(walkState)
	C.tl_walk_init(w, layout.c, C.uint32_t(span.Start), C.uint32_t(span.End))
	defer C.tl_walk_free(w)
	hits := make([]C.tl_hit, walkBatch)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		got := int(C.tl_walk_next(w, table, nsym, all, &hits[0], walkBatch, walkBudget))
		for i := range hits[:got] {
			h := &hits[i]
			kind := int(h.kind)
			if kind > 0 {
				kind--
			}
			visit(cachedNode(tree, h.node), NodeRef{}, kind, int(h.depth))
		}
		if w.done != 0 {
			return nil
		}
	}
}

// DeeperThan reports whether the tree under root has more than limit
// levels. It descends only into nodes whose byte span could hold the
// remaining levels (a level of nesting takes at least a byte of source),
// so on ordinary code it looks at a small part of the tree, in C.
func DeeperThan(root *sitter.Node, limit int) bool {
	if root == nil || limit < 0 {
		return root != nil
	}
	if limit > 1<<31 {
		limit = 1 << 31
	}
	return bool(C.tl_deeper_than((*nodeLayout)(unsafe.Pointer(root)).c, C.uint32_t(limit)))
}
