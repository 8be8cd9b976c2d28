package detectors

import (
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// TestRehashMayBeAgreesWithFindRehash holds rehashMayBe to findRehash's
// reading (findRehashReference) on every comparison of the fixtures (and
// of $TRUSTLINT_GATE_CORPUS when set): it may only refuse a comparison
// that reading finds nothing in.
func TestRehashMayBeAgreesWithFindRehash(t *testing.T) {
	var comparisons, refused, matched int
	eachCorpusUnit(t, 300, func(u *Unit) {
		_ = walk(u.Tree.RootNode(), func(n *sitter.Node) error {
			switch grammars.Type(n) {
			case "binary_expression", "comparison_operator":
			default:
				return nil
			}
			cmp, ok := readComparisonNode(u, n)
			if !ok {
				return nil
			}
			comparisons++
			found := findRehashReference(u, cmp)
			if found {
				matched++
			}
			if !rehashMayBe(cmp) {
				refused++
				if found {
					t.Errorf("%s:%d: rehashMayBe refuses a comparison findRehash matches", u.Path, u.Line(int(grammars.Start(n)))+1)
				}
			}
			return nil
		})
	})
	t.Logf("comparisons %d, %d refused by rehashMayBe, %d matched by findRehash", comparisons, refused, matched)
}

// findRehashReference is findRehash's reading of both operands, without
// any check that spares it: whether one operand is a fresh hash and the
// other no literal.
func findRehashReference(u *Unit, cmp comparison) bool {
	if !mayRehash(u) {
		return false
	}
	for _, pair := range [][2]*sitter.Node{{cmp.Left, cmp.Right}, {cmp.Right, cmp.Left}} {
		m := rehashMatch{Node: cmp.Node, Negated: cmp.Negated}
		if fillRehash(u, pair[0], &m) {
			return !isLiteralOperand(u, pair[1])
		}
	}
	return false
}
