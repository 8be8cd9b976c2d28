package detectors

import (
	"strings"

	"github.com/trustlint/trustlint/grammars"
)

// targetBytes are, per family, the bytes the token before a literal may end
// with when the literal is given to something a credential resolver
// (goCredentialTarget, jsCredentialTarget, pyCredentialTarget) names: the
// "=" of a declaration, assignment, default or attribute, the ":" of a
// key, the "," or "(" of an argument, the "(" of parentheses or a
// conversion, the "|" and "?" of JavaScript's "||" and "??" fallbacks, the
// "{" of a JSX expression, the ">" of a TypeScript type assertion, and
// Python's line continuation. A wrapper that starts with the literal
// ("…" as T, "…".encode()) leaves the token before it unchanged. "/" may
// end a block comment, which hides the token before: it always counts.
var targetBytes = map[grammars.Family]string{
	grammars.FamilyGo:     "=:,(/",
	grammars.FamilyJS:     "=:,(|?{>/",
	grammars.FamilyPython: "=:,(\\/",
}

// mayHaveTarget reports whether the literal starting at byte start may be
// given to a target its family's resolver names, judged from the token
// before it, without climbing the tree: false means the resolver finds no
// name and no fallback. It answers true when it cannot tell (a tree with
// syntax errors, a non-ASCII byte, a line that may end in a comment).
func mayHaveTarget(u *Unit, start int) bool {
	set, ok := targetBytes[u.Lang.Family()]
	if !ok || treeHasError(u) {
		return true
	}
	src := u.Src
	i, newline := start, false
	for i > 0 && isASCIIBlank(src[i-1]) {
		i--
		newline = newline || src[i] == '\n' || src[i] == '\r'
	}
	if i == 0 {
		return false
	}
	if newline && mayEndInComment(src, i) {
		return true
	}
	c := src[i-1]
	switch {
	case c >= 0x80:
		return true
	case c == '=':
		// Not a comparison ("==", "!=", "==="): the literal is its
		// operand, which no resolver names.
		return i < 2 || src[i-2] != '=' && src[i-2] != '!'
	case c == 'r' && u.Lang.Family() == grammars.FamilyPython:
		// The right operand of Python's "or": an environment fallback.
		return i >= 2 && src[i-2] == 'o' && (i < 3 || !isKeyByte(src[i-3]))
	}
	return strings.IndexByte(set, c) >= 0
}

// mayEndInComment reports whether the line holding src[i-1] may end in a
// line comment ("//", "#", or JavaScript's "<!--" and "-->"), so that its
// last byte says nothing about the token before the next line's text.
func mayEndInComment(src []byte, i int) bool {
	j := i
	for j > 0 && src[j-1] != '\n' && src[j-1] != '\r' {
		j--
	}
	line := src[j:i]
	for k, c := range line {
		switch c {
		case '#':
			return true
		case '/':
			if k+1 < len(line) && line[k+1] == '/' {
				return true
			}
		case '<', '-':
			if k+2 < len(line) && (c == '<' && line[k+1] == '!' && line[k+2] == '-' || c == '-' && line[k+1] == '-' && line[k+2] == '>') {
				return true
			}
		}
	}
	return false
}
