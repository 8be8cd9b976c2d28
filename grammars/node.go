package grammars

/*
#include "node.h"
*/
import "C"

import (
	"sync"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// The accessors below answer what go-tree-sitter's Node methods answer, at
// a fraction of the cost on the detectors' hot paths:
//
//   - Node.ChildByFieldName copies the name into C memory (malloc and free
//     per call) and tree-sitter then finds the field by comparing it with
//     every field name of the grammar; Field looks the field's id up in a
//     table built once per grammar and asks for the child by id;
//   - Node.Type copies the grammar's static name into a new Go string per
//     call; Type returns one shared Go string per name;
//   - Node.StartByte is a cgo call for a value stored in the node itself
//     (ts_node_start_byte returns context[0]); Start reads it.
//
// They rely on the layouts walk.go describes and on the language pointer
// being the second word of a TSTree (tree.h); walk_test.go and
// node_test.go pin both.

// nodeTables is what the accessors look up, built once for every grammar
// and immutable after.
type nodeTables struct {
	langs  []unsafe.Pointer         // the grammars' TSLanguage pointers
	fields map[string][]C.TSFieldId // field name → its id in each of langs (0: none)
	names  map[*C.char]string       // a grammar's static type name → a Go string
}

var tables = sync.OnceValue(buildNodeTables)

func buildNodeTables() *nodeTables {
	t := &nodeTables{fields: make(map[string][]C.TSFieldId), names: make(map[*C.char]string)}
	all := All()
	for i, l := range all {
		ptr := (*C.TSLanguage)((*languageLayout)(unsafe.Pointer(l.Sitter())).ptr)
		t.langs = append(t.langs, unsafe.Pointer(ptr))
		for id := C.TSFieldId(1); uint32(id) <= uint32(C.ts_language_field_count(ptr)); id++ {
			name := C.GoString(C.ts_language_field_name_for_id(ptr, id))
			ids := t.fields[name]
			if ids == nil {
				ids = make([]C.TSFieldId, len(all))
				t.fields[name] = ids
			}
			ids[i] = id
		}
		syms := uint32(C.ts_language_symbol_count(ptr))
		add := func(sym C.TSSymbol) {
			if p := C.ts_language_symbol_name(ptr, sym); p != nil {
				t.names[p] = C.GoString(p)
			}
		}
		for s := uint32(0); s < syms; s++ {
			add(C.TSSymbol(s))
		}
		add(0xFFFF) // ERROR
		add(0xFFFE) // _ERROR
	}
	return t
}

// treeLanguage returns the TSLanguage of the tree n belongs to: the second
// word of the TSTree, after its root subtree.
func treeLanguage(c *C.TSNode) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(c.tree), unsafe.Sizeof(uintptr(0))))
}

// Field returns n's child in the field name (nil if n is nil or has none),
// the node n.ChildByFieldName(name) returns.
func Field(n *sitter.Node, name string) *sitter.Node {
	if n == nil {
		return nil
	}
	l := (*nodeLayout)(unsafe.Pointer(n))
	t := tables()
	ids, ok := t.fields[name]
	if !ok {
		return nil
	}
	lang := treeLanguage(&l.c)
	for i, p := range t.langs {
		if p == lang {
			if ids[i] == 0 {
				return nil
			}
			c0, c1, c2, c3, id, tree := scalars(&l.c)
			return cachedNode(l.t, C.tl_field(c0, c1, c2, c3, id, tree, ids[i]))
		}
	}
	return n.ChildByFieldName(name) // a grammar outside All: the library's way
}

// Type returns n's type name, what n.Type() returns, without allocating.
func Type(n *sitter.Node) string {
	p := C.tl_type(scalars(&(*nodeLayout)(unsafe.Pointer(n)).c))
	if s, ok := tables().names[p]; ok {
		return s
	}
	return C.GoString(p)
}

// End returns n's end byte, what n.EndByte() returns.
func End(n *sitter.Node) uint32 {
	return uint32(C.tl_end(scalars(&(*nodeLayout)(unsafe.Pointer(n)).c)))
}

// ChildAt returns n's i-th child, what n.Child(i) returns.
func ChildAt(n *sitter.Node, i int) *sitter.Node {
	l := (*nodeLayout)(unsafe.Pointer(n))
	c0, c1, c2, c3, id, tree := scalars(&l.c)
	return cachedNode(l.t, C.tl_nth_child(c0, c1, c2, c3, id, tree, C.uint32_t(i)))
}

// NamedChildAt returns n's i-th named child, what n.NamedChild(i) returns.
func NamedChildAt(n *sitter.Node, i int) *sitter.Node {
	l := (*nodeLayout)(unsafe.Pointer(n))
	c0, c1, c2, c3, id, tree := scalars(&l.c)
	return cachedNode(l.t, C.tl_named_child(c0, c1, c2, c3, id, tree, C.uint32_t(i)))
}

// ChildCount returns how many children n has, what n.ChildCount() returns.
func ChildCount(n *sitter.Node) uint32 {
	return uint32(C.tl_child_count(scalars(&(*nodeLayout)(unsafe.Pointer(n)).c)))
}

// NamedChildCount returns how many named children n has, what
// n.NamedChildCount() returns.
func NamedChildCount(n *sitter.Node) uint32 {
	return uint32(C.tl_named_child_count(scalars(&(*nodeLayout)(unsafe.Pointer(n)).c)))
}

// IsNamed reports whether n is a named node, what n.IsNamed() returns.
func IsNamed(n *sitter.Node) bool {
	return bool(C.tl_is_named(scalars(&(*nodeLayout)(unsafe.Pointer(n)).c)))
}

// Parent returns n's parent (nil for the root), what n.Parent() returns.
func Parent(n *sitter.Node) *sitter.Node {
	l := (*nodeLayout)(unsafe.Pointer(n))
	return cachedNode(l.t, C.tl_parent(scalars(&l.c)))
}

// scalars passes a TSNode to the C accessors (see node.h).
func scalars(c *C.TSNode) (c0, c1, c2, c3 C.uint32_t, id, tree C.uintptr_t) {
	return c.context[0], c.context[1], c.context[2], c.context[3],
		C.uintptr_t(uintptr(c.id)), C.uintptr_t(uintptr(unsafe.Pointer(c.tree)))
}

// Start returns n's start byte, what n.StartByte() returns, without a call
// into C.
func Start(n *sitter.Node) uint32 {
	return uint32((*nodeLayout)(unsafe.Pointer(n)).c.context[0])
}
