package grammars

/*
#include "children.h"
*/
import "C"

import (
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// Child is one named child of a node, with its type and byte span read in
// the same pass.
type Child struct {
	Node       *sitter.Node
	Type       string
	Start, End int
}

// NamedChildren returns the named children of n in order, in one call into
// C: reading a child through go-tree-sitter costs several cgo calls (move
// the cursor, get the node, its type, its span), which adds up on a file's
// root with thousands of top-level statements. The nodes are the
// library's own objects (see walk.go).
func NamedChildren(n *sitter.Node) []Child {
	if n == nil {
		return nil
	}
	count := int(n.NamedChildCount())
	if count == 0 {
		return nil
	}
	layout := (*nodeLayout)(unsafe.Pointer(n))
	buf := make([]C.tl_child, count)
	got := int(C.tl_named_children(layout.c, &buf[0], C.uint32_t(count)))
	out := make([]Child, got)
	// Type names are static strings of the grammar: one Go string each.
	names := make(map[*C.char]string)
	for i, c := range buf[:got] {
		name, ok := names[c._type]
		if !ok {
			name = C.GoString(c._type)
			names[c._type] = name
		}
		out[i] = Child{Node: cachedNode(layout.t, c.node), Type: name, Start: int(c.start), End: int(c.end)}
	}
	return out
}
