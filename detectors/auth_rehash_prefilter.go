package detectors

import (
	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// rehashLiteralKinds are the node types isLiteralOperand accepts without
// a further look (no identifier, unary expression or template string):
// none of them is a call or an identifier, so none is a fresh hash
// fillRehash accepts either.
var rehashLiteralKinds = map[string]bool{
	"string": true, "interpreted_string_literal": true, "raw_string_literal": true,
	"number": true, "integer": true, "float": true, "int_literal": true, "float_literal": true,
	"rune_literal": true, "null": true, "undefined": true, "nil": true, "none": true, "true": true,
	"false": true, "concatenated_string": true, "regex": true, "array": true, "list": true,
	"object": true, "dictionary": true,
}

// rehashMayBe reports whether findRehash may match cmp: false when an
// operand (looked through as unwrapExpr does) is missing or a literal of
// rehashLiteralKinds. Such an operand is no fresh hash, and when the
// other one is, findRehash refuses the match for comparing with a
// literal; either way it finds nothing. It costs an operand's type or two
// instead of fillRehash's climb to the scope and lookup of a definition
// (`value === undefined`, `x == null`, `n === 0`).
func rehashMayBe(cmp comparison) bool {
	return !rehashLiteralOperand(cmp.Left) && !rehashLiteralOperand(cmp.Right)
}

// rehashLiteralOperand reports whether n is missing or, looked through
// parentheses, await and assertions, a literal of rehashLiteralKinds.
func rehashLiteralOperand(n *sitter.Node) bool {
	n = unwrapExpr(n)
	return n == nil || rehashLiteralKinds[grammars.Type(n)]
}
