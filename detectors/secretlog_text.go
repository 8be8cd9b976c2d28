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

// maxCalleeScan bounds the callee text calleeMayName reads, in bytes.
const maxCalleeScan = 256

// calleeMayName returns the arguments of the call n and whether n may
// name one of the callees name accepts, read from the source between the
// call's start and its arguments (the callee, with any type arguments or
// comments) after a single read of the tree. It is false only when no
// identifier the text may hold is accepted (see identRuns), so a call
// whose callee or method has an accepted name always passes. A call
// without arguments, which no TL105 sink is, fails; a callee longer than
// maxCalleeScan passes unread.
func calleeMayName(u *Unit, n *sitter.Node, name func([]byte) bool) (*sitter.Node, bool) {
	args := grammars.Field(n, "arguments")
	if args == nil {
		return nil, false
	}
	s, e := int(grammars.Start(n)), int(grammars.Start(args))
	if s < 0 || e > len(u.Src) || s > e || e-s > maxCalleeScan {
		return args, true
	}
	return args, identRuns(u.Src[s:e], name)
}

// identRuns reports whether name accepts one of the identifiers text may
// hold. An identifier token is a maximal run of ASCII identifier bytes
// (the lexers of every grammar take the longest identifier, and a keyword
// only as a whole word), except after a number literal, which may end
// right before it ("0x1Fprint"): in a run that starts with a digit, every
// tail starting with a non-digit is asked too.
func identRuns(text []byte, name func([]byte) bool) bool {
	for i := 0; i < len(text); {
		if !isIdentByte(text[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(text) && isIdentByte(text[j]) {
			j++
		}
		if text[i] >= '0' && text[i] <= '9' {
			for k := i + 1; k < j; k++ {
				if (text[k] < '0' || text[k] > '9') && name(text[k:j]) {
					return true
				}
			}
		} else if name(text[i:j]) {
			return true
		}
		i = j
	}
	return false
}
