package grammars

/*
#include <stdlib.h>
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

// Symbol flags for Collect.
const (
	// CollectReport marks the node types Collect returns.
	CollectReport uint8 = 1 << iota
	// CollectPrune marks the node types Collect does not descend into.
	CollectPrune
)

// SymbolFlags returns a table from each symbol of lang to its Collect
// flags: CollectReport for the types in report, CollectPrune for those in
// prune. Types are matched by name, as Node.Type() reads them, for named
// and anonymous symbols alike.
func SymbolFlags(lang *sitter.Language, report, prune map[string]bool) []uint8 {
	n := int(lang.SymbolCount())
	flags := make([]uint8, n)
	for sym := 0; sym < n; sym++ {
		name := lang.SymbolName(sitter.Symbol(sym))
		if report[name] {
			flags[sym] |= CollectReport
		}
		if prune[name] {
			flags[sym] |= CollectPrune
		}
	}
	return flags
}

// Collect walks the tree under root in document order, as a tree cursor
// would, and returns the nodes whose symbol has CollectReport in flags (a
// SymbolFlags table of root's language). It does not descend into a node
// other than root whose symbol has CollectPrune, nor into any node once
// maxVisit nodes have been visited (a bound for huge files; siblings are
// still visited). The walk runs in C; the nodes are the library's own
// objects (see walk.go).
func Collect(root *sitter.Node, flags []uint8, maxVisit int) []*sitter.Node {
	return collect(root, flags, maxVisit, 0)
}

// CollectUntil is Collect without the descent bound, ending the walk once
// it has visited stopAfter nodes (a bound for huge scopes).
func CollectUntil(root *sitter.Node, flags []uint8, stopAfter int) []*sitter.Node {
	return collect(root, flags, int(^uint32(0)>>1), max(stopAfter, 1))
}

func collect(root *sitter.Node, flags []uint8, maxVisit, stopAfter int) []*sitter.Node {
	if root == nil || len(flags) == 0 {
		return nil
	}
	layout := (*nodeLayout)(unsafe.Pointer(root))
	var buf *C.TSNode
	got := int(C.tl_collect(layout.c, (*C.uint8_t)(unsafe.Pointer(&flags[0])), C.uint32_t(len(flags)),
		C.uint32_t(maxVisit), C.uint32_t(stopAfter), &buf))
	if buf == nil {
		return nil
	}
	defer C.free(unsafe.Pointer(buf))
	out := make([]*sitter.Node, got)
	for i, n := range unsafe.Slice(buf, got) {
		out[i] = cachedNode(layout.t, n)
	}
	return out
}
