package detectors

import (
	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// srcBytes returns the source bytes of n without copying them (nil when n
// is nil or its span is out of range), for comparisons and map lookups:
// string(b) in a comparison or a map index does not allocate, where
// u.Text copies every callee name of every call TL105 visits.
func srcBytes(u *Unit, n *sitter.Node) []byte {
	if n == nil {
		return nil
	}
	s, e := int(grammars.Start(n)), int(grammars.End(n))
	if s < 0 || e > len(u.Src) || s > e {
		return nil
	}
	return u.Src[s:e]
}
