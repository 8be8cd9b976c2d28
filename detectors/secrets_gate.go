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
	case c == '(' && u.Lang.Family() == grammars.FamilyGo:
		// The first argument of a call is no target: the Go resolver
		// names only a setter's second argument. Parentheses and
		// conversions ([]byte("…")) are looked through: they count.
		return !goCallOpen(src, i-1)
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

// goCallOpen reports whether the "(" at src[p] surely opens the argument
// list of a Go call: it follows (past spaces) a name or a selector
// (fmt.Errorf, t.Run, T) that is no keyword, itself at the start of a
// line or after a byte that ends no type ("=", "(", ",", ":", "{", ";",
// "!", "|", "+", "-", "%", "^"). tree-sitter reads a conversion to a
// named type, T("…"), as a call as well. It answers false when it
// cannot tell: a name after "]", "*", "}", ")" or a keyword may end a
// type ([]byte("…"), []*T("…")), whose conversion the resolver looks
// through, and "(" after a keyword (return ("…")) is a parenthesis.
func goCallOpen(src []byte, p int) bool {
	j := p
	for j > 0 && (src[j-1] == ' ' || src[j-1] == '\t') {
		j--
	}
	end := j
	for j > 0 && (isGoNameByte(src[j-1]) || src[j-1] == '.') {
		j--
	}
	if j == end || !(isLetter(src[j]) || src[j] == '_') || goKeywords[string(src[j:end])] {
		return false
	}
	for j > 0 && (src[j-1] == ' ' || src[j-1] == '\t') {
		j--
	}
	return j == 0 || strings.IndexByte("\n\r=(,:{;!|+-%^", src[j-1]) >= 0
}

// isGoNameByte reports whether c may be part of an ASCII Go identifier.
func isGoNameByte(c byte) bool { return isAlnum(c) || c == '_' }

// goKeywords are Go's keywords.
var goKeywords = map[string]bool{
	"break": true, "case": true, "chan": true, "const": true, "continue": true,
	"default": true, "defer": true, "else": true, "fallthrough": true, "for": true,
	"func": true, "go": true, "goto": true, "if": true, "import": true,
	"interface": true, "map": true, "package": true, "range": true, "return": true,
	"select": true, "struct": true, "switch": true, "type": true, "var": true,
}
