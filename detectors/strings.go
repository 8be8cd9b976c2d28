package detectors

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// Span is a byte range [Start, End) of the unit's source.
type Span struct{ Start, End int }

// StringLit describes a string literal node in any supported language.
type StringLit struct {
	Node *sitter.Node
	// Start and End bound the whole literal, quotes and prefix included.
	Start, End int
	// ContentStart and ContentEnd bound the text between the quotes.
	ContentStart, ContentEnd int
	// Open and Close are the delimiters as written ("\"", "'", "`",
	// "\"\"\"", ...). Prefix is Python's string prefix (b, f, r, rb, ...),
	// lower-cased.
	Open, Close, Prefix string
	// Template is true for JS template literals and Python f-strings.
	Template bool
	// Raw is true for Go raw strings and Python r-strings: no escapes.
	Raw bool
	// Bytes is true for Python bytes literals.
	Bytes bool
	// Fragments are the literal text pieces of the content, between
	// interpolations (one piece when there are none).
	Fragments []Span
}

// HasInterpolation reports whether the literal embeds expressions.
func (s StringLit) HasInterpolation() bool {
	return len(s.Fragments) != 1 || s.Fragments[0] != (Span{s.ContentStart, s.ContentEnd})
}

// Content returns the source text between the quotes.
func (s StringLit) Content(u *Unit) string { return string(u.Src[s.ContentStart:s.ContentEnd]) }

// stringKinds lists the node types that are string literals, per family.
var stringKinds = map[grammars.Family][]string{
	grammars.FamilyJS:     {"string", "template_string"},
	grammars.FamilyGo:     {"interpreted_string_literal", "raw_string_literal"},
	grammars.FamilyPython: {"string"},
}

// StringKinds returns the node types that are string literals in family f.
func StringKinds(f grammars.Family) []string { return append([]string(nil), stringKinds[f]...) }

// ParseStringLit reads n, a node of u's tree, as a string literal. It
// returns false when n is not one (or is malformed, e.g. missing its
// closing quote). The result is remembered for the last few nodes of u (see litMemo): every rule on
// a literal parses it.
func ParseStringLit(u *Unit, n *sitter.Node) (StringLit, bool) {
	if n == nil {
		return StringLit{}, false
	}
	e := litEntryOf(u, n)
	return e.lit, e.ok
}

// parseStringLit is ParseStringLit without the memory, for a non-nil n
// of u's tree; clean says that tree holds no error. It reads the node's
// text in place, and asks tree-sitter for the children that split a
// template into fragments only when the text holds the bytes that open
// one ("${" in JavaScript, "{" in Python).
func parseStringLit(u *Unit, n *sitter.Node, clean bool) (StringLit, bool) {
	// A node's error cost is part of its ancestors', and a missing node
	// has one (ts_node_has_error counts it), so in a tree without error
	// no node is missing or has an error, and elsewhere HasError answers
	// for IsMissing too. Unnamed nodes are keywords that share a literal's
	// type name, like TypeScript's `string` in `: string`.
	if !grammars.IsNamed(n) || !clean && n.HasError() {
		return StringLit{}, false
	}
	s := StringLit{Node: n, Start: int(grammars.Start(n)), End: int(grammars.End(n))}
	if s.Start < 0 || s.End > len(u.Src) || s.Start > s.End {
		return StringLit{}, false
	}
	text := u.srcString()[s.Start:s.End]
	if len(text) < 2 {
		return StringLit{}, false
	}
	var holes []Span
	switch u.Lang.Family() {
	case grammars.FamilyJS:
		switch grammars.Type(n) {
		case "string":
			s.Open, s.Close = text[:1], text[len(text)-1:]
		case "template_string":
			s.Open, s.Close, s.Template = "`", "`", true
			if strings.Contains(text, "${") {
				holes = childSpans(n, "template_substitution")
			}
		default:
			return StringLit{}, false
		}
	case grammars.FamilyGo:
		switch grammars.Type(n) {
		case "interpreted_string_literal":
			s.Open, s.Close = "\"", "\""
		case "raw_string_literal":
			s.Open, s.Close, s.Raw = "`", "`", true
		default:
			return StringLit{}, false
		}
	case grammars.FamilyPython:
		if grammars.Type(n) != "string" {
			return StringLit{}, false
		}
		i := 0
		for i < len(text) && strings.IndexByte("rRbBuUfF", text[i]) >= 0 {
			i++
		}
		s.Prefix = strings.ToLower(text[:i])
		rest := text[i:]
		switch {
		case strings.HasPrefix(rest, `"""`), strings.HasPrefix(rest, `'''`):
			s.Open = rest[:3]
		case strings.HasPrefix(rest, `"`), strings.HasPrefix(rest, `'`):
			s.Open = rest[:1]
		default:
			return StringLit{}, false
		}
		s.Close = s.Open
		s.Template = strings.Contains(s.Prefix, "f")
		s.Raw = strings.Contains(s.Prefix, "r")
		s.Bytes = strings.Contains(s.Prefix, "b")
		if strings.IndexByte(text, '{') >= 0 {
			holes = childSpans(n, "interpolation")
		}
		s.ContentStart = s.Start + i + len(s.Open)
		s.ContentEnd = s.End - len(s.Close)
	}
	if u.Lang.Family() != grammars.FamilyPython {
		s.ContentStart = s.Start + len(s.Open)
		s.ContentEnd = s.End - len(s.Close)
	}
	if s.ContentEnd < s.ContentStart || !strings.HasSuffix(text, s.Close) {
		return StringLit{}, false
	}
	if len(holes) == 0 {
		s.Fragments = []Span{{s.ContentStart, s.ContentEnd}}
		return s, true
	}
	pos := s.ContentStart
	for _, h := range holes {
		if h.Start > pos {
			s.Fragments = append(s.Fragments, Span{pos, h.Start})
		}
		pos = h.End
	}
	if pos < s.ContentEnd || len(s.Fragments) == 0 {
		s.Fragments = append(s.Fragments, Span{pos, s.ContentEnd})
	}
	return s, true
}

func childSpans(n *sitter.Node, kind string) []Span {
	var out []Span
	for i := 0; i < int(grammars.NamedChildCount(n)); i++ {
		c := grammars.NamedChildAt(n, i)
		if c != nil && grammars.Type(c) == kind {
			out = append(out, Span{int(grammars.Start(c)), int(grammars.End(c))})
		}
	}
	return out
}
