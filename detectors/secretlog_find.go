package detectors

import (
	"bytes"
	"sort"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// fewLogDecls reports whether src cannot hold maxLogDecls declarations,
// so that the query's bound, which the index keeps, never applies and a
// name's declarations found one by one are all those the index holds.
// Declarations name distinct identifier tokens, and identStarts bounds
// their number.
func fewLogDecls(src []byte) bool {
	return len(src) < maxLogDecls || identStarts(src, maxLogDecls) < maxLogDecls
}

// identStarts returns, up to limit, an upper bound of the identifier
// tokens in src: the bytes that may start one (an ASCII letter, '_', '$',
// '\\' for a JavaScript escape, a UTF-8 lead byte) and follow no ASCII
// letter, digit or '_', or follow a run of them that starts with a digit
// (a number literal may end right before an identifier: 1nabc, 0x1Fabc).
// An identifier cannot start right after an identifier byte of another
// token otherwise: the lexers take the longest identifier.
func identStarts(src []byte, limit int) int {
	count := 0
	numeric := false // the ASCII identifier run before i starts with a digit
	for i, c := range src {
		prevIdent := i > 0 && isIdentByte(src[i-1])
		if !prevIdent {
			numeric = c >= '0' && c <= '9'
		}
		if (c == '_' || c == '$' || c == '\\' || c >= 0xC0 || (c|0x20 >= 'a' && c|0x20 <= 'z')) && (!prevIdent || numeric) {
			count++
			if count >= limit {
				return count
			}
		}
	}
	return count
}

// findBudget returns how many occurrences of the names TL105 resolves a
// whole-file analysis looks at one by one before it indexes the unit
// instead: a look (a descent from the root and a few reads around the
// name) costs about what the index's walk spends on a couple of hundred
// bytes of source.
func findBudget(u *Unit) int { return max(48, len(u.Src)/192) }

// nameOccurrences returns where name may occur as an identifier in src
// (see identRuns: not right before an identifier byte, and after one only
// when that byte ends a number literal), or false once there are more
// than limit.
func nameOccurrences(src []byte, name string, limit int) ([]int, bool) {
	if name == "" {
		return nil, true
	}
	var at []int
	word := []byte(name)
	for i := 0; ; {
		j := bytes.Index(src[i:], word)
		if j < 0 {
			return at, true
		}
		p, end := i+j, i+j+len(name)
		i = p + 1
		if end < len(src) && isIdentByte(src[end]) || !identStartsAt(src, p) {
			continue
		}
		if len(at) == limit {
			return nil, false
		}
		at = append(at, p)
	}
}

// identStartsAt reports whether an identifier token may start at p: the
// byte before is no identifier byte, or the run of identifier bytes
// before p starts with a digit (a number literal may end right there).
func identStartsAt(src []byte, p int) bool {
	r := p
	for r > 0 && isIdentByte(src[r-1]) {
		r--
	}
	return r == p || (src[r] >= '0' && src[r] <= '9')
}

// findLogDecls returns the declarations of name that buildLogDecls
// indexes in a whole-file analysis, from the occurrences at of the name:
// the identifier at each one, when it is the name a declaration node
// (one of logDeclKinds, its parent or, in Go, grandparent through an
// expression list) declares.
func findLogDecls(u *Unit, name string, at []int) []logDecl {
	root := u.Tree.RootNode()
	kinds := logDeclKinds[u.Lang.Family()]
	var out []logDecl
	for _, p := range at {
		end := p + len(name)
		id := root.NamedDescendantForPointRange(u.point(p), u.point(end))
		if id == nil || int(grammars.Start(id)) != p || int(grammars.End(id)) != end || grammars.Type(id) != "identifier" {
			continue
		}
		d := parentOf(u, id)
		if d != nil && grammars.Type(d) == "expression_list" {
			d = parentOf(u, d)
		}
		if d == nil || !kinds[grammars.Type(d)] {
			continue
		}
		logDeclPairs(u, d, func(n, value *sitter.Node) {
			if sameNode(n, id) {
				out = append(out, logDecl{At: grammars.Start(n), Name: n, Value: value})
			}
		})
	}
	if !sort.SliceIsSorted(out, func(i, j int) bool { return out[i].At < out[j].At }) {
		sort.Slice(out, func(i, j int) bool { return out[i].At < out[j].At })
	}
	return out
}
