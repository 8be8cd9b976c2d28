package detectors

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// envFix builds the "Read NAME from the environment" fix for a secret at
// span secret inside the string literal lit: the secret becomes an
// environment lookup (process.env.NAME, os.Getenv("NAME"),
// os.environ["NAME"]), the imports it needs are added and, where a
// statement can hold it, a check that fails loudly when the variable is
// unset. It returns false when no correct fix can be built.
func envFix(u *Unit, lit StringLit, secret Span, name string) (Fix, bool) {
	if !validLookupName(name) || secret.Start < lit.ContentStart || secret.End > lit.ContentEnd || secret.Start >= secret.End {
		return Fix{}, false
	}
	var edits []Edit
	var ok bool
	switch u.Lang.Family() {
	case grammars.FamilyJS:
		edits, ok = envFixJS(u, lit, secret, name)
	case grammars.FamilyGo:
		edits, ok = envFixGo(u, lit, secret, name)
	case grammars.FamilyPython:
		edits, ok = envFixPython(u, lit, secret, name)
	}
	if !ok {
		return Fix{}, false
	}
	return Fix{
		Title:     "Read " + name + " from the environment",
		Edits:     edits,
		Preferred: true,
		Safe:      true,
		Env:       name,
	}, true
}

// validLookupName accepts environment variable names as programs write
// them: letters, digits and underscores, not starting with a digit.
func validLookupName(name string) bool {
	if name == "" || (name[0] >= '0' && name[0] <= '9') {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			return false
		}
	}
	return true
}

// wholeSecret reports whether the secret is the literal's entire content.
func wholeSecret(lit StringLit, secret Span) bool {
	return secret.Start == lit.ContentStart && secret.End == lit.ContentEnd && !lit.HasInterpolation()
}

// parentType returns the type of n's parent, or "".
func parentType(n *sitter.Node) string {
	if p := grammars.Parent(n); p != nil {
		return grammars.Type(p)
	}
	return ""
}

// maxClimb bounds how far fixes walk up the tree. tree-sitter finds a
// node's parent by descending from the root, so each step costs the node's
// depth; on adversarially nested input an unbounded climb is quadratic.
const maxClimb = 64

// enclosingStatement walks up from n to the first ancestor whose parent is
// one of the given statement-list node types, returning that ancestor.
func enclosingStatement(u *Unit, n *sitter.Node, lists ...string) *sitter.Node {
	steps := 0
	for cur := n; cur != nil && steps < maxClimb; steps++ {
		p := parentOf(u, cur)
		if p == nil {
			return nil
		}
		for _, l := range lists {
			if grammars.Type(p) == l {
				return cur
			}
		}
		cur = p
	}
	return nil
}

// startsLine reports whether only white space precedes off on its line.
func startsLine(u *Unit, off int) bool {
	return strings.TrimSpace(string(u.Src[u.LineStart(off):off])) == ""
}

// insertBefore returns an edit placing block (lines without indentation or
// trailing newline) before the statement stmt, indented like it. When stmt
// does not start its line the block is not inserted.
func insertBefore(u *Unit, stmt *sitter.Node, block []string) (Edit, bool) {
	start := int(grammars.Start(stmt))
	if !startsLine(u, start) {
		return Edit{}, false
	}
	indent := u.Indent(start)
	nl := u.Newline()
	var b strings.Builder
	for i, line := range block {
		if i > 0 {
			b.WriteString(indent)
		}
		b.WriteString(line)
		b.WriteString(nl)
	}
	b.WriteString(indent)
	return Edit{Start: start, End: start, NewText: b.String()}, true
}

// insertAfter returns an edit placing block after the statement stmt on new
// lines, indented like it.
func insertAfter(u *Unit, stmt *sitter.Node, block []string) Edit {
	end := int(grammars.End(stmt))
	// Keep a trailing comment on the statement's line with the statement.
	if lineEnd := u.LineEnd(end); lineEnd > end {
		rest := strings.TrimSpace(string(u.Src[end:lineEnd]))
		if strings.HasPrefix(rest, "//") || strings.HasPrefix(rest, "#") {
			end = lineEnd
		}
	}
	indent := u.Indent(int(grammars.Start(stmt)))
	nl := u.Newline()
	var b strings.Builder
	for _, line := range block {
		b.WriteString(nl)
		if line != "" {
			b.WriteString(indent)
			b.WriteString(line)
		}
	}
	return Edit{Start: end, End: end, NewText: b.String()}
}

// indentBlock prefixes each line of block after the first with one more
// indentation level where it starts with a tab marker "\t>".
func indentLines(u *Unit, lines ...string) []string {
	unit := u.IndentUnit()
	out := make([]string, len(lines))
	for i, l := range lines {
		depth := 0
		for strings.HasPrefix(l, ">") {
			depth++
			l = l[1:]
		}
		out[i] = strings.Repeat(unit, depth) + l
	}
	return out
}
