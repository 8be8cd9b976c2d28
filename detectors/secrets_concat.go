package detectors

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// maxConcatParts bounds the literals joined from one "+" chain.
const maxConcatParts = 16

// concatChain returns, when n is the first literal of a chain of plain
// string literals joined with "+" (or Python's implicit concatenation),
// the chain's top node and the joined text. Chains with any other operand
// are not joined: their value is not known.
func concatChain(u *Unit, n *sitter.Node) (*sitter.Node, string, bool) {
	top := n
	for i := 0; i < maxConcatParts; i++ {
		p := parentOf(u, top)
		if p == nil || !isConcat(u, p) {
			break
		}
		if first := p.NamedChild(0); first == nil || !sameNode(first, top) {
			// n is not the leftmost operand.
			return nil, "", false
		}
		top = p
	}
	if sameNode(top, n) {
		return nil, "", false
	}
	var b strings.Builder
	parts := 0
	var collect func(x *sitter.Node) bool
	collect = func(x *sitter.Node) bool {
		if parts > maxConcatParts {
			return false
		}
		if isConcat(u, x) {
			for i := 0; i < int(x.NamedChildCount()); i++ {
				c := x.NamedChild(i)
				if c.Type() == "comment" {
					continue
				}
				if !collect(c) {
					return false
				}
			}
			return true
		}
		lit, ok := ParseStringLit(u, x)
		if !ok || lit.HasInterpolation() {
			return false
		}
		parts++
		b.WriteString(lit.Content(u))
		return true
	}
	if !collect(top) || parts < 2 {
		return nil, "", false
	}
	return top, b.String(), true
}

// isConcat reports whether x joins strings: a binary "+" or Python's
// adjacent literals.
func isConcat(u *Unit, x *sitter.Node) bool {
	switch x.Type() {
	case "binary_expression", "binary_operator":
		op := x.ChildByFieldName("operator")
		return op != nil && u.Text(op) == "+"
	case "concatenated_string":
		return u.Lang.Family() == grammars.FamilyPython
	}
	return false
}
