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

// errWalkMemory reports a whole-tree walk that ran out of C memory.
var errWalkMemory = errors.New("grammars: out of memory walking a syntax tree")

// fastWalk is Walk without a span: fastwalk.c reads tree-sitter's
// subtrees directly (through the runtime's internal headers, vendored in
// tsinternal/ at the go-tree-sitter version of go.mod) and reports the
// nodes a cursor walk would, as the same Go objects, in half the time of
// moving a cursor, with each node's parent (the walk's own stack: no
// descent from the root as in ts_node_parent) when parents is set.
// fastwalk_test.go compares the two on every grammar.
func fastWalk(ctx interface{ Err() error }, root *sitter.Node, table *C.uint16_t, nsym, all C.uint32_t, parents bool, visit func(n, parent *sitter.Node, kind, depth int)) error {
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
			var parent *sitter.Node
			if parents && h.parent.id != nil {
				parent = cachedNode(tree, h.parent)
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
