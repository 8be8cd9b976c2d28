package detectors

import (
	"bytes"
	"sort"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// A windowed analysis serves a keystroke in a large file without
// reparsing it: tree-sitter's incremental reparse of a 10,000-line file
// costs 1–15 ms when the edit leaves the code well formed, and up to the
// whole file (150–350 ms in Python) while a half-typed statement — an
// unterminated string, a dangling operator — changes how everything after
// it parses. Instead the server parses only a window of the new text
// (tree-sitter's included ranges, so nodes keep their offsets in the
// file): the top-level statements the change touches plus the file's
// context statements (imports, package clause, small top-level
// declarations and calls such as `app.use(limiter)`), found once per full
// parse and moved along with later edits. The region analysis then runs on
// the window's tree; facts elsewhere in the file (another function's
// declarations, a route's middleware defined far away) are not seen until
// the whole-file analysis that confirms every region analysis once the
// user pauses.

// maxContextBytes bounds one context declaration, and
// maxContextCallBytes one context expression statement: a larger
// top-level statement (a route registered with its handler, a big table)
// is code of its own, not context.
const (
	maxContextBytes     = 2048
	maxContextCallBytes = 256
)

// contextKinds are the top-level statement types a window always holds,
// per family.
var contextKinds = map[grammars.Family]map[string]bool{
	grammars.FamilyJS: {
		"import_statement": true, "lexical_declaration": true, "variable_declaration": true,
		"expression_statement": true, "export_statement": true,
	},
	grammars.FamilyGo: {
		"package_clause": true, "import_declaration": true, "var_declaration": true, "const_declaration": true,
	},
	grammars.FamilyPython: {
		"import_statement": true, "import_from_statement": true, "future_import_statement": true,
		"expression_statement": true,
	},
}

// Context is what a windowed analysis parses besides the changed
// statements: Always, the spans of the imports, the package clause, the
// top-level declarations and the small top-level calls before the first
// function or class (the app's setup: `app.use(limiter)`); and Calls, the
// spans of the later small top-level calls (route registrations such as
// `app.get("/x", handler)`), of which a window takes those that name a
// function it holds.
type Context struct {
	Always, Calls []Span
}

// WindowContext returns the context statements of tree (see
// contextKinds, maxContextBytes and maxContextCallBytes), in order, for
// windowed analyses of later versions of its text.
func WindowContext(tree *sitter.Tree, lang grammars.Lang) Context {
	var out Context
	if tree == nil {
		return out
	}
	kinds := contextKinds[lang.Family()]
	prologue := true
	for _, c := range namedChildren(tree.RootNode()) {
		s, e := int(grammars.Start(c)), int(grammars.End(c))
		typ := grammars.Type(c)
		switch {
		case e-s > maxContextBytes || !kinds[typ]:
			if typ != "comment" {
				prologue = false
			}
		case typ == "export_statement":
			// export const x = …; not export function/class/type.
			if d := grammars.Field(c, "declaration"); d != nil && kinds[grammars.Type(d)] && grammars.Type(d) != "expression_statement" {
				out.Always = append(out.Always, Span{s, e})
			}
		case typ != "expression_statement":
			out.Always = append(out.Always, Span{s, e})
		case e-s <= maxContextCallBytes && prologue:
			out.Always = append(out.Always, Span{s, e})
		case e-s <= maxContextCallBytes:
			out.Calls = append(out.Calls, Span{s, e})
		default:
			prologue = false
		}
	}
	return out
}

// Spans returns the context spans a window around the top-level
// statements in changed takes: every Always span and the Calls spans that
// name one of the functions or classes declared in changed.
func (c Context) Spans(tree *sitter.Tree, src []byte, changed Span) []Span {
	out := append([]Span(nil), c.Always...)
	if len(c.Calls) == 0 || tree == nil {
		return out
	}
	var names [][]byte
	cur := sitter.NewTreeCursor(tree.RootNode())
	defer cur.Close()
	if cur.GoToFirstChildForByte(uint32(changed.Start)) >= 0 {
		for {
			n := cur.CurrentNode()
			if int(grammars.Start(n)) >= changed.End {
				break
			}
			if d := grammars.Field(n, "declaration"); d != nil && grammars.Type(n) == "export_statement" {
				n = d
			}
			if name := grammars.Field(n, "name"); name != nil && grammars.End(name) <= uint32(len(src)) {
				names = append(names, src[grammars.Start(name):grammars.End(name)])
			}
			if !cur.GoToNextSibling() {
				break
			}
		}
	}
	for _, sp := range c.Calls {
		if sp.End > len(src) {
			continue
		}
		for _, name := range names {
			if len(name) > 0 && bytes.Contains(src[sp.Start:sp.End], name) {
				out = append(out, sp)
				break
			}
		}
	}
	return out
}

// Shift moves the context through an edit (see ShiftSpans): a context
// statement the edit touches grows to hold it, so the next window parses
// the edited statement whole (typing in a multi-line import no longer
// costs a reparse of the file: 30–40 ms in a 2,279-line TypeScript file).
// It returns false when that makes a context span larger than
// maxWindowSpan (a large paste into an import): every later window would
// parse it, and the next analysis reparses the file instead.
func (c Context) Shift(start, oldEnd, newLen int) (Context, bool) {
	out := Context{Always: ShiftSpans(c.Always, start, oldEnd, newLen), Calls: ShiftSpans(c.Calls, start, oldEnd, newLen)}
	for _, spans := range [][]Span{out.Always, out.Calls} {
		for _, sp := range spans {
			if sp.End-sp.Start > maxWindowSpan {
				return Context{}, false
			}
		}
	}
	return out, true
}

// maxWindowSpan bounds the changed part of a window: past it (an edit in
// a class that holds the whole file) an incremental reparse of the file
// costs less than parsing the window afresh.
const maxWindowSpan = 32 << 10

// memberWindowBytes is the size of a top-level statement from which a
// window holds only the members of its body that a change touches (see
// memberWindow) rather than the whole statement: a window parses at
// about 7 MB/s, so a 30 KB class that holds most of a file (npm's
// lib/npm.js, path-scurry's PathBase) cost 4–5 ms per keystroke, more than
// an incremental reparse of the file.
const memberWindowBytes = 4 << 10

// WindowSpan returns the part of src a windowed analysis must parse for
// the change c, which made src: the whole lines of the change, the line
// after (see ChangedRegion) and every top-level statement of tree — an
// earlier parse, edited (Tree.Edit) to match src — that they overlap. For
// whole lines inserted (a paste, see lineInsertion) it is those lines and
// the statement that holds them, if any: the statements before and after
// them are unchanged. When
// that is one statement larger than memberWindowBytes (a class holding
// most of the file), it is the statement's header up to its body, the
// members of the body the change touches and the body's closing brace,
// which parse as a class of those members; the whole statement when the
// change is outside its body. When it is an ERROR node (a half-typed line
// above made the parser swallow the rest of the file, as an unclosed
// bracket does in Python), the statements are the error's children that
// the change overlaps. It returns false when the part is too large for a
// window to pay.
func WindowSpan(tree *sitter.Tree, src []byte, c Change) ([]Span, bool) {
	var root *sitter.Node
	if tree != nil {
		root = tree.RootNode()
	}
	start, end := c.Start, c.NewEnd
	ins, isIns := lineInsertion(src, c)
	sp, top := windowSpan(root, src, start, end, ins, isIns)
	if sp.End-sp.Start <= memberWindowBytes || top == nil {
		if sp.End-sp.Start <= maxWindowSpan {
			return []Span{sp}, true
		}
		return nil, false
	}
	// One statement larger than memberWindowBytes: its parts the change
	// touches, or else the whole statement while it is small enough.
	if grammars.Type(top) == "ERROR" {
		if sp, _ := windowSpan(top, src, start, end, ins, isIns); sp.End-sp.Start <= maxWindowSpan {
			return []Span{sp}, true
		}
		if sp := statementLines(src, start, end); sp.End-sp.Start <= maxWindowSpan {
			return []Span{sp}, true
		}
		return nil, false
	}
	if spans, ok := memberWindow(src, top, start, end); ok {
		return spans, true
	}
	if sp.End-sp.Start <= maxWindowSpan {
		return []Span{sp}, true
	}
	return nil, false
}

// memberWindow is WindowSpan's window into the large top-level statement
// top (see WindowSpan), or false when top has no body holding the change.
func memberWindow(src []byte, top *sitter.Node, start, end int) ([]Span, bool) {
	var body *sitter.Node
	node := top
	for i := 0; i < 3 && node != nil && body == nil; i++ {
		if b := grammars.Field(node, "body"); b != nil && int(grammars.Start(b)) <= start && end <= int(grammars.End(b)) {
			body = b
			break
		}
		node = grammars.Field(node, "declaration")
	}
	if body == nil {
		return nil, false
	}
	bs, be := int(grammars.Start(body)), int(grammars.End(body))
	s, e := lineStartAt(src, start), lineEndAt(src, end)
	if e < len(src) {
		e = lineEndAt(src, e+1)
	}
	lo, hi := s, e
	for _, c := range grammars.NamedChildren(body) {
		if c.Start < e && c.End > s {
			lo, hi = min(lo, c.Start), max(hi, c.End)
		}
	}
	lo, hi = max(lo, bs), min(hi, be)
	if hi <= lo || hi-lo > maxWindowSpan {
		return nil, false
	}
	header := Span{int(grammars.Start(top)), bs}
	if bs < len(src) && src[bs] == '{' {
		header.End = bs + 1
	}
	spans := []Span{header, {lo, hi}}
	if be > bs && src[be-1] == '}' {
		spans = append(spans, Span{be - 1, int(grammars.End(top))})
	}
	return spans, true
}

// statementLines is the window of an edit inside an error whose children
// do not delimit statements either (Python's recovery from an unclosed
// bracket nests the rest of the file in one expression): the lines from
// the last one at or before start that begins a top-level statement to
// the first one after end that does, where a line begins one when it
// starts at column 0 with a letter, '_', '@' or '$' (def, class, a
// decorator, function, const, export, func, type...).
func statementLines(src []byte, start, end int) Span {
	n := len(src)
	starts := func(i int) bool {
		c := src[i]
		return c == '_' || c == '@' || c == '$' || (c|0x20 >= 'a' && c|0x20 <= 'z')
	}
	s := lineStartAt(src, min(max(start, 0), n))
	for s > 0 && !(s < n && starts(s)) && start-s <= maxWindowSpan {
		s = lineStartAt(src, s-1)
	}
	e := lineEndAt(src, min(max(end, start), n))
	for e < n {
		next := e + 1
		if next >= n {
			e = n
			break
		}
		if starts(next) || next-s > maxWindowSpan {
			e = next
			break
		}
		e = lineEndAt(src, next)
	}
	return Span{s, e}
}

// lineInsertion reports whether c inserts whole lines into src (the new
// text): nothing removed, and the inserted bytes begin a line and end with
// a line break, where they are or moved forward as far as the text allows
// (an editor inserts a suggestion accepted at the end of a line as
// "\n<lines>", which is "<lines>\n" inserted at the next line's start). It
// returns the inserted lines' span in src. It does not move an insertion
// back: Diff puts one after the longest common prefix, and a block pasted
// before a similar one could then be taken for the similar one's first
// lines and the block's last.
func lineInsertion(src []byte, c Change) (Span, bool) {
	n := c.NewEnd - c.Start
	if c.OldEnd != c.Start || n <= 0 || c.NewEnd > len(src) || c.Start < 0 {
		return Span{}, false
	}
	// The insertion can move forward k bytes while its first k bytes
	// equal the k bytes after it.
	for k := 0; k <= n && c.NewEnd+k <= len(src); k++ {
		if ls := c.Start + k; (ls == 0 || src[ls-1] == '\n') && src[ls+n-1] == '\n' {
			return Span{ls, ls + n}, true
		}
		if c.NewEnd+k == len(src) || src[c.Start+k] != src[c.NewEnd+k] {
			break
		}
	}
	return Span{}, false
}

// CoverSpan is the smallest span holding all of spans.
func CoverSpan(spans []Span) Span {
	if len(spans) == 0 {
		return Span{}
	}
	c := spans[0]
	for _, sp := range spans[1:] {
		c.Start, c.End = min(c.Start, sp.Start), max(c.End, sp.End)
	}
	return c
}

// windowSpan is WindowSpan's first guess: the lines and the children of
// parent (the root: the top-level statements) they overlap, and that child
// when it is only one. For whole lines inserted (isIns, see
// lineInsertion) they are the inserted lines, without the line after, and
// the children that hold them: a child that only reaches into them ended
// where they were inserted, and Tree.Edit stretched it over them.
func windowSpan(parent *sitter.Node, src []byte, start, end int, ins Span, isIns bool) (Span, *sitter.Node) {
	n := len(src)
	start = min(max(start, 0), n)
	end = min(max(end, start), n)
	s, e := lineStartAt(src, start), lineEndAt(src, end)
	if e < n {
		e = lineEndAt(src, e+1)
	}
	if e < n {
		e++
	}
	if isIns {
		s, e = ins.Start, ins.End
	}
	if parent == nil {
		return Span{s, e}, nil
	}
	cur := sitter.NewTreeCursor(parent)
	defer cur.Close()
	if cur.GoToFirstChildForByte(uint32(s)) < 0 {
		return Span{s, e}, nil
	}
	lo, hi := s, e
	var only *sitter.Node
	count := 0
	for {
		c := cur.CurrentNode()
		cs, ce := int(grammars.Start(c)), int(grammars.End(c))
		if cs >= e {
			break
		}
		// An anonymous child (Go's statement-ending newline) is left out:
		// Tree.Edit stretches one that ends where lines are inserted over
		// all of them, and it holds nothing a window needs.
		if grammars.IsNamed(c) && (!isIns || cs >= s || ce > e) {
			lo, hi = min(lo, cs), max(hi, ce)
			only = c
			count++
		}
		if !cur.GoToNextSibling() {
			break
		}
	}
	if count != 1 {
		only = nil
	}
	return Span{max(lo, 0), min(hi, n)}, only
}

// maxWindowGap is the widest gap between two spans of a window that
// WindowRanges parses rather than skips.
const maxWindowGap = 256

// WindowRanges turns spans of src into the sorted, disjoint ranges of a
// windowed parse, each widened to whole lines (a statement's own
// indentation and line break belong to it) and with its tree-sitter
// points.
func WindowRanges(src []byte, spans []Span) []sitter.Range {
	n := len(src)
	ss := make([]Span, 0, len(spans))
	for _, sp := range spans {
		s := lineStartAt(src, min(max(sp.Start, 0), n))
		e := min(max(sp.End, s), n)
		if e > s && e < n && src[e-1] != '\n' {
			e = lineEndAt(src, e)
			if e < n {
				e++
			}
		}
		if e > s {
			ss = append(ss, Span{s, e})
		}
	}
	sort.Slice(ss, func(i, j int) bool { return ss[i].Start < ss[j].Start })
	var merged []Span
	for _, sp := range ss {
		// Close spans become one range: tree-sitter pays for each range,
		// and a short gap (blank lines, a comment) parses cheaply.
		if k := len(merged) - 1; k >= 0 && sp.Start <= merged[k].End+maxWindowGap {
			merged[k].End = max(merged[k].End, sp.End)
			continue
		}
		merged = append(merged, sp)
	}
	out := make([]sitter.Range, len(merged))
	var pts pointScanner
	for i, sp := range merged {
		out[i] = sitter.Range{StartByte: uint32(sp.Start), EndByte: uint32(sp.End), StartPoint: pts.at(src, sp.Start), EndPoint: pts.at(src, sp.End)}
	}
	return out
}

// ShiftSpans returns spans of a text moved through an edit that replaced
// [start, oldEnd) with newLen bytes: spans before it stay, spans after it
// move (text inserted right before or after a span leaves it whole), and a
// span the edit touches grows (or shrinks) to hold the edit's new text,
// merged with a neighbour it then overlaps. spans is not modified: a
// reader may hold it.
func ShiftSpans(spans []Span, start, oldEnd, newLen int) []Span {
	delta := newLen - (oldEnd - start)
	out := make([]Span, 0, len(spans))
	insertion := start == oldEnd
	for _, sp := range spans {
		switch {
		case sp.End < start || insertion && sp.End == start:
		case sp.Start > oldEnd || insertion && sp.Start == oldEnd:
			sp.Start += delta
			sp.End += delta
		default:
			sp = Span{min(sp.Start, start), max(sp.End, oldEnd) + delta}
		}
		if k := len(out) - 1; k >= 0 && sp.Start < out[k].End {
			out[k].End = max(out[k].End, sp.End)
			continue
		}
		out = append(out, sp)
	}
	return out
}

// lineStartAt is the offset where the line holding off begins.
func lineStartAt(src []byte, off int) int {
	for off > 0 && src[off-1] != '\n' {
		off--
	}
	return off
}

// lineEndAt is the offset of the line break ending the line holding off
// (len(src) on the last line).
func lineEndAt(src []byte, off int) int {
	for off < len(src) && src[off] != '\n' {
		off++
	}
	return off
}
