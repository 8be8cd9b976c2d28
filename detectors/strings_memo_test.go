package detectors

import (
	"reflect"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// TestParseStringLitAgreesWithReference holds ParseStringLit (remembered
// per node, text read in place, template children asked for only when
// the text can hold one) to the reference implementation on every node of
// every fixture, and of $TRUSTLINT_GATE_CORPUS when set: each node is
// parsed fresh, then again through the memory, after other nodes have
// gone through it.
func TestParseStringLitAgreesWithReference(t *testing.T) {
	eachCorpusUnit(t, 0, func(u *Unit) {
		var nodes []*sitter.Node
		_ = walk(u.Tree.RootNode(), func(n *sitter.Node) error {
			nodes = append(nodes, n)
			return nil
		})
		for i, n := range nodes {
			want, wantOK := parseStringLitReference(u, n)
			got, gotOK := ParseStringLit(u, n)
			if gotOK != wantOK || !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: %s at %d: ParseStringLit = %+v, %v; reference %+v, %v", u.Path, grammars.Type(n), grammars.Start(n), got, gotOK, want, wantOK)
			}
			if i >= 2 {
				// Again, through the memory, two nodes later.
				back := nodes[i-2]
				want, wantOK = parseStringLitReference(u, back)
				got, gotOK = ParseStringLit(u, back)
				if gotOK != wantOK || !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: %s at %d (remembered): ParseStringLit = %+v, %v; reference %+v, %v", u.Path, grammars.Type(back), grammars.Start(back), got, gotOK, want, wantOK)
				}
			}
		}
	})
}

// parseStringLitReference is ParseStringLit as it was before litMemo and
// parseStringLit: the reference the fast version is held to.
func parseStringLitReference(u *Unit, n *sitter.Node) (StringLit, bool) {
	if n == nil || !grammars.IsNamed(n) || n.IsMissing() || n.HasError() {
		// Unnamed nodes are keywords that share a literal's type name,
		// like TypeScript's `string` in `: string`.
		return StringLit{}, false
	}
	s := StringLit{Node: n, Start: int(grammars.Start(n)), End: int(grammars.End(n))}
	text := u.Text(n)
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
			holes = childSpansReference(n, "template_substitution")
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
		holes = childSpansReference(n, "interpolation")
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
func childSpansReference(n *sitter.Node, kind string) []Span {
	var out []Span
	for i := 0; i < int(grammars.NamedChildCount(n)); i++ {
		c := grammars.NamedChildAt(n, i)
		if c != nil && grammars.Type(c) == kind {
			out = append(out, Span{int(grammars.Start(c)), int(grammars.End(c))})
		}
	}
	return out
}
