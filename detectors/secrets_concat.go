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
	if !mayLeadConcat(u, int(grammars.Start(n)), int(grammars.End(n))) {
		return nil, "", false
	}
	return memoConcat(u, n)
}

// climbConcat is concatChain without the look at the source after n: it
// climbs from n while n stays the leftmost operand.
func climbConcat(u *Unit, n *sitter.Node) (*sitter.Node, string, bool) {
	top := n
	for i := 0; i < maxConcatParts; i++ {
		p := parentOf(u, top)
		if p == nil || !isConcat(u, p) {
			break
		}
		if first := grammars.NamedChildAt(p, 0); first == nil || !sameNode(first, top) {
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
			for i := 0; i < int(grammars.NamedChildCount(x)); i++ {
				c := grammars.NamedChildAt(x, i)
				if grammars.Type(c) == "comment" {
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
	switch grammars.Type(x) {
	case "binary_expression", "binary_operator":
		op := grammars.Field(x, "operator")
		return op != nil && u.Text(op) == "+"
	case "concatenated_string":
		return u.Lang.Family() == grammars.FamilyPython
	}
	return false
}

// mayLeadConcat reports whether the literal at [start, end) may be the
// first operand of a node that joins strings, judged from the source
// around it alone, without climbing the tree. It answers true when it
// cannot tell, and always on a tree with syntax errors, where error
// recovery may put anything between a node's children.
//
// After it: in such a node the first operand is followed by the "+"
// operator (or, in Python's adjacent literals, by the next literal), with
// only extras (blanks, comments, Python's line continuations) in between.
// So the first byte after the literal's trailing ASCII blanks must start
// "+", a comment ("/", "#", and JavaScript's HTML-like "<!--" and "-->"),
// a line continuation ("\\"), a literal (a quote or a Python string
// prefix; Python only) or a Unicode blank (a non-ASCII byte); any other
// byte (a closing bracket, a comma, an operator, a name, in Go and
// JavaScript a quote) rules the chain out.
//
// Before it: a literal right after a binary "+" (past blanks) is that
// operator's right operand, or starts it, and "+" is left-associative in
// every grammar: the literal cannot start a "+" chain of its own, only a
// Python run of adjacent literals (x + "a" "b"). This spares the inner
// operands of long chains ("a" + "b" + "c") the climb. The "+" must not
// be doubled ("x++" ends a statement) nor end a line comment, so a line
// holding "/", "#" or "<" before it does not count.
func mayLeadConcat(u *Unit, start, end int) bool {
	if treeHasError(u) {
		return true
	}
	src := u.Src
	for end < len(src) && isASCIIBlank(src[end]) {
		end++
	}
	if end >= len(src) {
		return false
	}
	c := src[end]
	python := u.Lang.Family() == grammars.FamilyPython
	switch {
	case c >= 0x80:
		return true
	case c >= '0' && c <= '9':
		return false
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_':
		return python && strings.IndexByte("rRbBuUfF", c) >= 0
	case strings.IndexByte("),;]}:.=!?&|*%>^([{@~$", c) >= 0:
		return false
	case !python && strings.IndexByte(concatLeadBytes[u.Lang.Family()], c) < 0:
		// Go and JavaScript join no adjacent literals: another literal
		// after this one (a Go import block) means no chain.
		return false
	case c == '+' || !python:
		return !afterBinaryPlus(src, start)
	}
	return true
}

// concatLeadBytes are, for the families without implicit concatenation,
// the ASCII bytes that may follow (past blanks) the first operand of a
// "+": the operator itself and the first byte of a comment (Go's and
// JavaScript's "//" and "/*", JavaScript's HTML-like "<!--" and "-->").
var concatLeadBytes = map[grammars.Family]string{
	grammars.FamilyGo: "+/",
	grammars.FamilyJS: "+/<-",
}

// afterBinaryPlus reports whether the last token before src[start] (past
// blanks) is a single "+" that is no line comment's last character.
func afterBinaryPlus(src []byte, start int) bool {
	i := start
	for i > 0 && isASCIIBlank(src[i-1]) {
		i--
	}
	if i == 0 || src[i-1] != '+' || i >= 2 && src[i-2] == '+' {
		return false
	}
	for j := i - 2; j >= 0 && src[j] != '\n' && src[j] != '\r'; j-- {
		switch src[j] {
		case '/', '#', '<':
			return false
		}
	}
	return true
}

// isASCIIBlank reports whether c is an ASCII blank or line break.
func isASCIIBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

type treeErrorKey struct{}

// treeHasError reports whether the unit's tree holds a syntax error or a
// missing node, once per unit.
func treeHasError(u *Unit) bool {
	return memo(u, treeErrorKey{}, func() bool { return u.Tree.RootNode().HasError() })
}
