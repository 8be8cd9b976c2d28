package detectors

import (
	sitter "github.com/smacker/go-tree-sitter"
)

// sqlScopeKey memoises sqlScopeNodes per scope and set of types.
type sqlScopeKey struct {
	scope *sitter.Node
	types *scopeTypes
}

// sqlScopeNodes returns the nodes scopeWalk would visit in scope, once
// per unit, scope and types: the SQL readers look for the assignments of
// every variable they resolve, and the calls of a function (or of the
// file's top level, where a name without assignments in its function is
// looked up) share the walk.
func sqlScopeNodes(u *Unit, scope *sitter.Node, types *scopeTypes) []*sitter.Node {
	return memo(u, sqlScopeKey{scope, types}, func() []*sitter.Node {
		var out []*sitter.Node
		scopeWalk(u, scope, types, func(n *sitter.Node) { out = append(out, n) })
		return out
	})
}

// sqlNameMayStartAt reports whether an identifier starting at offset at of
// src may be name: false only when the bytes there are not name's, or go
// on with a letter, digit or underscore (which would belong to the
// identifier). The assignment readers use it on nodes whose first child
// is the assigned identifier (a declarator's name, an assignment's left
// side, a method call's object), which starts where the node starts, to
// leave the nodes of other names without reading them.
func sqlNameMayStartAt(src []byte, at int, name string) bool {
	end := at + len(name)
	if at < 0 || end > len(src) || string(src[at:end]) != name {
		return false
	}
	if end == len(src) {
		return true
	}
	c := src[end]
	return !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')
}
