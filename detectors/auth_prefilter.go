package detectors

import (
	"bytes"
	"sort"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// The checks below let the auth and rate-limit visitors leave a node
// before reading it through tree-sitter: each read of a field, type or
// child is a call into C, and the visitors see every comparison and call
// of a file while only a few of them are ever what they look for. Each
// check answers from the source bytes and is only ever allowed to say "it
// cannot be" when the full reading would say the same
// (auth_prefilter_test.go holds them to it on the fixtures and, with
// TRUSTLINT_GATE_CORPUS, on a whole tree).

// eqOperatorsKey memoises eqOperators.
type eqOperatorsKey struct{}

// eqOperators returns, in increasing order, the offsets of every "==" and
// "!=" in the unit's source (twice for "===": at both of its "=="), once
// per unit.
func eqOperators(u *Unit) []int32 {
	return memo(u, eqOperatorsKey{}, func() []int32 {
		var offs []int32
		src := u.Src
		for i := 1; i < len(src); {
			j := bytes.IndexByte(src[i:], '=')
			if j < 0 {
				break
			}
			i += j
			if c := src[i-1]; c == '=' || c == '!' {
				offs = append(offs, int32(i-1))
			}
			i++
		}
		return offs
	})
}

// mayBeEquality reports whether n's source span holds a "==" or "!=": the
// operator of an equality comparison (==, ===, !=, !==) lies inside the
// comparison, so a node without one is no comparison readComparison
// accepts. It costs a binary search instead of the operator's and the
// operands' reads.
func mayBeEquality(u *Unit, n *sitter.Node) bool {
	offs := eqOperators(u)
	start, end := int32(grammars.Start(n)), int32(grammars.End(n))
	i := sort.Search(len(offs), func(i int) bool { return offs[i] >= start })
	return i < len(offs) && offs[i]+2 <= end
}

// calleeToken returns the name a call calls as readCall would read it
// (callSite.Method), from the source bytes before its argument list: the
// identifier that ends the callee. known is false when the bytes do not
// say for sure (a comment or a line break before the arguments, type
// arguments, an optional chain, a non-ASCII or escaped identifier, a
// syntax error anywhere in the file, see treeHasError): the caller must
// then read the call. A node with no argument list is no call readCall
// accepts: its token is "" and known.
func calleeToken(u *Unit, n *sitter.Node) (tok string, known bool) {
	// Up to seven rules visit every call, one after the other: the last
	// answer is kept (holding the node keeps its address from being
	// reused by another).
	// It is a field of the unit, not a memo entry: a map lookup per call
	// per rule cost a third of this function.
	last := &u.lastCallee
	if last.n != n || n == nil {
		tok, known = calleeTokenRead(u, n)
		*last = lastCallee{n: n, tok: tok, known: known}
	}
	return last.tok, last.known
}

// lastCallee is calleeToken's answer for the last node it was asked
// about.
type lastCallee struct {
	n     *sitter.Node
	tok   string
	known bool
}

// calleeTokenRead is calleeToken without the memory of the last answer.
func calleeTokenRead(u *Unit, n *sitter.Node) (tok string, known bool) {
	args := grammars.Field(n, "arguments")
	if args == nil {
		return "", true
	}
	if treeHasError(u) {
		return "", false
	}
	src := u.Src
	end := int(grammars.Start(args))
	if end > len(src) {
		return "", false
	}
	for end > 0 && isASCIIBlank(src[end-1]) {
		if src[end-1] == '\n' || src[end-1] == '\r' {
			// A line comment may end the line before.
			return "", false
		}
		end--
	}
	start := end
	for start > 0 && isASCIIIdentByte(src[start-1]) {
		start--
	}
	if start == end {
		return "", false
	}
	if start > 0 {
		if c := src[start-1]; c == '#' || c == '\\' || c == '@' || c >= 0x80 {
			// A JS private name, an escape or a non-ASCII identifier.
			return "", false
		}
	}
	return u.srcString()[start:end], true
}

// isASCIIIdentByte reports the ASCII bytes of a JS, Go or Python
// identifier.
func isASCIIIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// callMayBe reports whether call n may call a method want accepts (by the
// name readCall gives it): false only when calleeToken knows the name and
// want refuses it.
func callMayBe(u *Unit, n *sitter.Node, want func(fam grammars.Family, method string) bool) bool {
	tok, known := calleeToken(u, n)
	return !known || want(u.Lang.Family(), tok)
}
