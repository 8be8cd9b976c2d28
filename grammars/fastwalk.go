package grammars

/*
#cgo CFLAGS: -I${SRCDIR}/tsinternal
#include <stdlib.h>
#include "walk.h"
#include "fastwalk.h"
*/
import "C"

import (
	"errors"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// NodeRef names a node of a tree without the Go object go-tree-sitter
// makes for it (a map insertion in the tree's cache, and an allocation):
// a walk reports the parent of every node it visits, and most are never
// asked for. The zero NodeRef names no node.
type NodeRef struct {
	c C.TSNode
	t *sitter.Tree
}

// Valid reports whether r names a node.
func (r NodeRef) Valid() bool { return r.t != nil && r.c.id != nil }

// Node returns the node r names, as the library's object for it (the same
// pointer as Parent, Child or a cursor return), or nil.
func (r NodeRef) Node() *sitter.Node {
	if !r.Valid() {
		return nil
	}
	return cachedNode(r.t, r.c)
}

// errWalkMemory reports a whole-tree walk that ran out of C memory.
var errWalkMemory = errors.New("grammars: out of memory walking a syntax tree")

// fastWalk is Walk without a span: fastwalk.c reads tree-sitter's
// subtrees directly (through the runtime's internal headers, vendored in
// tsinternal/ at the go-tree-sitter version of go.mod) and reports the
// nodes a cursor walk would, as the same Go objects, in half the time of
// moving a cursor, with each node's parent (the walk's own stack: no
// descent from the root as in ts_node_parent).
// fastwalk_test.go compares the two on every grammar.
func fastWalk(ctx interface{ Err() error }, root *sitter.Node, table *C.uint16_t, nsym, all C.uint32_t, visit func(n *sitter.Node, parent NodeRef, kind, depth int)) error {
	layout := (*nodeLayout)(unsafe.Pointer(root))
	tree := layout.t
	w := C.tl_fast_new(layout.c)
	if w == nil {
		return errWalkMemory
	}
	defer C.tl_fast_free(w)
	// The batch lives in C memory, with the walk's state: a Go buffer per
	// walk was most of what an analysis allocated.
	hits := unsafe.Slice(C.tl_fast_hits(w), C.TL_FAST_BATCH)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		r := C.tl_fast_next(w, table, nsym, all, walkBudget)
		got, done := int(r&0xffff), r>>16
		for i := range hits[:got] {
			h := &hits[i]
			kind := int(h.kind)
			if kind > 0 {
				kind--
			}
			var parent NodeRef
			if h.parent.id != nil {
				parent = NodeRef{c: h.parent, t: tree}
			}
			visit(cachedNode(tree, h.node), parent, kind, int(h.depth))
		}
		switch done {
		case 1:
			return nil
		case 2:
			return errWalkMemory
		}
	}
}
