package detectors

import (
	"bytes"
	"sort"
	"strings"

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
// window holds only the items of its lists that a change touches (see
// spineWindow) rather than the whole statement: a window parses at
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
// them are unchanged. When that is one statement larger than
// memberWindowBytes (a class holding most of the file, a bundle's wrapper
// function, a big object or table), it is the statement with only the
// items of its lists that the change touches (see spineWindow), or the
// whole statement while that is small enough. When it is an ERROR node (a
// half-typed line above made the parser swallow the rest of the file, as
// an unclosed bracket does in Python), the statements are the error's
// children that the change overlaps. The last span holds whole the
// statements or items the change touches: a region analysis must stay
// within it (see WindowInner). It returns false when the part is too
// large for a window to pay.
func WindowSpan(tree *sitter.Tree, src []byte, c Change) ([]Span, bool) {
	spans, ok := windowSpans(tree, src, c)
	if !ok || len(WindowRanges(src, spans)) == 0 {
		return nil, false // nothing to parse: the text is empty
	}
	return spans, true
}

func windowSpans(tree *sitter.Tree, src []byte, c Change) ([]Span, bool) {
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
	if spans, ok := spineWindow(src, top, start, end, ins, isIns); ok {
		return spans, true
	}
	if sp.End-sp.Start <= maxWindowSpan {
		return []Span{sp}, true
	}
	return nil, false
}

// WindowInner is the part of a window (spans from WindowSpan) that holds
// whole the statements or items the change touched: the region a
// windowed analysis may replace findings in. The window's other spans
// hold only some of the items of the lists around it.
func WindowInner(spans []Span) Span {
	if len(spans) == 0 {
		return Span{}
	}
	return spans[len(spans)-1]
}

// listKinds are the node types whose named children are the items of a
// list (statements, class members, object properties, array or composite
// literal elements, parenthesized declaration specs) of which a window
// may hold only some: without the others the text stays well formed and
// the items kept parse as they do in the file.
var listKinds = map[string]bool{
	// JavaScript, TypeScript
	"statement_block": true, "class_body": true, "object": true, "array": true,
	"switch_body": true, "enum_body": true, "interface_body": true, "object_type": true,
	// Go (var and const declarations only with a parenthesized spec list)
	"block": true, "literal_value": true, "field_declaration_list": true,
	"var_declaration": true, "const_declaration": true,
	"expression_switch_statement": true, "type_switch_statement": true, "select_statement": true,
	// Python ("block" too: a body, delimited by indentation)
	"dictionary": true, "list": true,
}

// Bounds of a spine window (see spineWindow): how deep it descends, and
// how many bytes of the enclosing nodes' headers and tails it may hold.
const (
	maxSpineDepth = 16
	maxSpineOuter = 4 << 10
)

// spineWindow is WindowSpan's window into the large top-level statement
// top (larger than memberWindowBytes: a class holding most of the file, a
// UMD bundle's wrapper function, a module's one big object or table): it
// descends from top towards the change through each node larger than
// memberWindowBytes. Of a list (listKinds) it holds the opening and
// closing delimiters and the items the change's lines touch, and goes
// into the one item touched when that is large too; of any other node,
// the text before and after the child holding the change (a function's
// signature, a call's callee and other arguments; the braced blocks,
// Python bodies and clauses there cut down, see skeleton), up to
// maxSpineOuter bytes in all. The spans parse as the statement with the
// other items left out. Where it can descend no further (the change in an else
// branch after a long then branch), the node it reached is held whole.
// The last span is what the window holds whole, which a region analysis
// must stay within (see WindowInner). It returns false when no such
// window is small enough.
func spineWindow(src []byte, top *sitter.Node, start, end int, ins Span, isIns bool) ([]Span, bool) {
	var spans []Span
	outer := 0
	node := top
	// whole is the node where the descent stops: taken whole when it can
	// go no further (the change in an else branch after a long then
	// branch, in the parameters of a large function) and it is small
	// enough.
	var whole Span
	lead := -1         // where a change right before a list's first item begins
	var closeLine Span // the tail a list takes instead of its own (see elseIfChain)
	for depth := 0; ; depth++ {
		if depth == maxSpineDepth || node == nil {
			break
		}
		ns, ne := int(grammars.Start(node)), int(grammars.End(node))
		whole = Span{ns, ne}
		if ne-ns <= memberWindowBytes {
			if closeLine.End > closeLine.Start && grammars.ChildCount(node) > 0 {
				// A branch of an else-if chain: without its closing line,
				// which opens the next branch; the chain's instead.
				last := grammars.ChildAt(node, int(grammars.ChildCount(node))-1)
				body := Span{ns, lineStartAt(src, int(grammars.Start(last)))}
				return append(spans, closeLine, body), body.End > body.Start
			}
			return append(spans, whole), true
		}
		if open, closing, ok := listDelimiters(src, node); ok {
			if lead >= 0 && lead < open {
				open = lead
			}
			lead = -1
			if start < open || end > closing {
				break // the change is in the list's own delimiters
			}
			run, item := windowSpan(node, src, start, end, ins, isIns)
			tail, itemsEnd := Span{closing, ne}, closing
			if closeLine.End > closeLine.Start {
				// Not this list's closing line, which opens the next
				// branch: the chain's.
				tail, closeLine, itemsEnd = closeLine, Span{}, lineStartAt(src, closing)
			}
			outer += open - ns + tail.End - tail.Start
			if outer > maxSpineOuter {
				break
			}
			spans = appendSpans(spans, Span{ns, open}, tail)
			if item != nil && int(grammars.Start(item)) <= start && end <= int(grammars.End(item)) &&
				int(grammars.End(item)-grammars.Start(item)) > memberWindowBytes {
				node = item
				continue
			}
			if caseLists[grammars.Type(node)] {
				run = withOpenCase(node, run, start)
			}
			run.Start, run.End = max(run.Start, open), min(run.End, itemsEnd)
			if run.End <= run.Start || run.End-run.Start > maxWindowSpan {
				break
			}
			return append(spans, run), true
		}
		if head, block, last, ok := elseIfChain(src, node, start, end); ok {
			// An else-if chain: the first branch's opening line, the
			// branch holding the change, and the chain's closing brace.
			outer += last.End - last.Start
			for _, sp := range head {
				outer += sp.End - sp.Start
			}
			if outer > maxSpineOuter {
				break
			}
			spans = appendSpans(spans, head...)
			node, closeLine = block, last
			continue
		}
		child := childHolding(node, start, end)
		if child == nil {
			// Lines typed or inserted before a Python body's first
			// statement lie in no child: they go with that body.
			if child, lead = listAfter(src, node, start, end); child == nil {
				break
			}
		}
		cs, ce := int(grammars.Start(child)), int(grammars.End(child))
		head := cs
		if ls := lineStartAt(src, cs); ls > ns {
			head = ls // the child's first line is its own
		}
		if lead >= 0 {
			head = min(head, lead)
		}
		tail := ce
		if grammars.Type(child) == "block" && src[cs] != '{' {
			// A Python body's last line is its own: the text after it
			// starts on the next line.
			tail = min(lineEndAt(src, ce)+1, ne)
		}
		around := append(skeleton(src, node, ns, head), skeleton(src, node, tail, ne)...)
		for _, sp := range around {
			outer += sp.End - sp.Start
		}
		if outer > maxSpineOuter {
			break
		}
		spans = appendSpans(spans, around...)
		node = child
	}
	if closeLine.End > closeLine.Start {
		// A branch of an else-if chain taken whole would end on the line
		// that opens the next branch.
		return nil, false
	}
	if whole.End > whole.Start && whole.End-whole.Start <= maxWindowSpan {
		// spans hold the headers and tails of node and maybe its list's
		// delimiters: both lie within whole.
		return append(dropWithin(spans, whole), whole), true
	}
	return nil, false
}

// elseIfChain reads the if statement n of a braced language as a chain of
// branches (if, else if…, else) when the change [start, end) lies in the
// block of one of them and the chain ends with a line that is only its
// closing brace: head is the first branch's lines up to its opening brace
// and the closing brace of the branch before the one holding the change,
// when that is on a line of its own (none when the first branch holds
// it), block the block holding the change and last the closing line. The
// window `if (a) {` / `} else if (c) {` … `}` then reads as the chain with
// the other branches empty and left out, however deep the branch:
// JavaScript and Go nest each else-if in the one before, deeper than a
// spine window descends.
func elseIfChain(src []byte, n *sitter.Node, start, end int) (head []Span, block *sitter.Node, last Span, ok bool) {
	if grammars.Type(n) != "if_statement" {
		return nil, nil, Span{}, false
	}
	ns, ne := int(grammars.Start(n)), int(grammars.End(n))
	if ne == 0 || src[ne-1] != '}' {
		return nil, nil, Span{}, false // Python, or a branch without braces
	}
	last = Span{lineStartAt(src, ne-1), ne}
	if len(bytes.TrimSpace(src[last.Start:ne])) != 1 {
		return nil, nil, Span{}, false
	}
	braced := func(b *sitter.Node) bool {
		t := grammars.Type(b)
		return (t == "statement_block" || t == "block") && src[grammars.Start(b)] == '{' // not a Python body
	}
	first := grammars.Field(n, "consequence")
	if first == nil || !braced(first) {
		return nil, nil, Span{}, false
	}
	multiLine := func(b *sitter.Node) bool {
		return lineStartAt(src, int(grammars.Start(b))) != lineStartAt(src, int(grammars.End(b))-1)
	}
	holds := func(b *sitter.Node) bool {
		return b != nil && int(grammars.Start(b)) < start && end < int(grammars.End(b)) && braced(b)
	}
	cur := n
	var before *sitter.Node // the block of the branch before the one holding the change
	for depth := 0; block == nil && depth < 1<<12; depth++ {
		cons := grammars.Field(cur, "consequence")
		if holds(cons) {
			block = cons
			break
		}
		before = cons
		alt := grammars.Field(cur, "alternative")
		if alt != nil && grammars.Type(alt) == "else_clause" {
			alt = grammars.NamedChildAt(alt, 0)
		}
		switch {
		case alt == nil:
			return nil, nil, Span{}, false // the change is in a condition
		case grammars.Type(alt) == "if_statement":
			cur = alt
		case holds(alt):
			block = alt // the final else
		default:
			return nil, nil, Span{}, false
		}
	}
	// The branch's own lines must not hold another branch's text: its
	// opening and closing braces on lines of their own, and so the first
	// branch's.
	if block == nil || !multiLine(block) || !multiLine(first) {
		return nil, nil, Span{}, false
	}
	if block != first {
		head = append(head, Span{ns, int(grammars.Start(first)) + 1})
		// The closing brace of the branch before: on the line of this
		// branch's `else`, or (`}` / `else if`) on a line of its own.
		if e := int(grammars.End(before)); lineStartAt(src, e-1) != lineStartAt(src, int(grammars.Start(block))) {
			if !ownLines(src, e-1, e) {
				return nil, nil, Span{}, false
			}
			head = append(head, Span{e - 1, e})
		}
	}
	return head, block, last, true
}

// skeletonBytes is the size from which a braced block beside the change
// (the then branch before an else branch that holds it, a try block
// before its catch) is held in a spine window as its braces only.
const skeletonBytes = 512

// skeleton is the span [from, to) of node n, without the items of the
// braced lists (statement blocks, class bodies, objects, arrays) larger
// than skeletonBytes among n's named children and their named children
// there: `if (a) {` and `} else {` stay, the statements between go.
func skeleton(src []byte, n *sitter.Node, from, to int) []Span {
	var out []Span
	cur := from
	var cut func(n *sitter.Node, depth int)
	cut = func(n *sitter.Node, depth int) {
		for _, c := range grammars.NamedChildren(n) {
			if c.End <= cur || c.Start >= to {
				continue
			}
			if c.Start < cur || c.End > to {
				continue
			}
			if (c.Type == "elif_clause" || c.Type == "else_clause") && ownLines(src, c.Start, c.End) {
				// An elif or else clause beside the change (Python's, or
				// an else on a line of its own) goes whole, from its line
				// to the line after it.
				if ls := lineStartAt(src, c.Start); ls >= cur {
					out = appendSpans(out, Span{cur, ls})
					cur = min(lineEndAt(src, c.End)+1, to)
				}
				continue
			}
			if c.End-c.Start <= skeletonBytes {
				continue
			}
			if open, closing, ok := listDelimiters(src, c.Node); ok && open > c.Start {
				out = appendSpans(out, Span{cur, open})
				cur = closing
				continue
			} else if ok && c.Type == "block" {
				// A Python body: its first statement, or that statement's
				// header and the first of its own body, and so on; from
				// the line after the body's last.
				out = appendSpans(out, Span{cur, bodyPrefix(src, c.Node, 0)})
				cur = min(lineEndAt(src, c.End)+1, to)
				continue
			}
			if depth < 1 {
				cut(c.Node, depth+1) // an else or catch clause's block
			}
		}
	}
	cut(n, 0)
	return appendSpans(out, Span{cur, to})
}

// ownLines reports whether [start, end) begins and ends its lines: only
// white space before it on its first line and after it on its last.
func ownLines(src []byte, start, end int) bool {
	ls, le := lineStartAt(src, start), lineEndAt(src, end)
	return len(bytes.TrimSpace(src[ls:start])) == 0 && len(bytes.TrimSpace(src[end:le])) == 0
}

// bodyPrefix is where the shortest well-formed start of the Python body
// b ends: its first statement when that is small, else that statement's
// header and the prefix of its own body.
func bodyPrefix(src []byte, b *sitter.Node, depth int) int {
	for _, c := range grammars.NamedChildren(b) {
		if c.Type == "comment" {
			continue
		}
		if c.End-c.Start <= skeletonBytes || depth >= maxSpineDepth {
			return c.End
		}
		for _, k := range grammars.NamedChildren(c.Node) {
			if k.Type == "block" {
				return bodyPrefix(src, k.Node, depth+1)
			}
		}
		return c.End
	}
	return int(grammars.End(b))
}

// listAfter is the list child of n (see listDelimiters) that follows the
// change [start, end) with only white space between when the change
// begins its line's text, and where that line begins; or nil.
func listAfter(src []byte, n *sitter.Node, start, end int) (*sitter.Node, int) {
	ls := lineStartAt(src, start)
	if len(bytes.TrimLeft(src[ls:start], " \t")) != 0 {
		return nil, -1
	}
	q := end
	for q < len(src) && (src[q] == ' ' || src[q] == '\t' || src[q] == '\n' || src[q] == '\r') {
		q++
	}
	c := childHolding(n, q, q)
	for c != nil && grammars.Type(c) == "comment" && int(grammars.Start(c)) == q {
		// Comments above a body's first statement.
		q = int(grammars.End(c))
		for q < len(src) && (src[q] == ' ' || src[q] == '\t' || src[q] == '\n' || src[q] == '\r') {
			q++
		}
		c = childHolding(n, q, q)
	}
	if c == nil || int(grammars.Start(c)) != q {
		return nil, -1
	}
	if _, _, ok := listDelimiters(src, c); !ok {
		return nil, -1
	}
	return c, ls
}

// dropWithin returns spans without those inside w.
func dropWithin(spans []Span, w Span) []Span {
	out := spans[:0]
	for _, sp := range spans {
		if sp.Start < w.Start || sp.End > w.End {
			out = append(out, sp)
		}
	}
	return out
}

// caseLists are the lists whose items, the cases of a switch, end only
// where the next begins: a statement inserted after a case's last one is
// that case's.
var caseLists = map[string]bool{
	"switch_body": true, "expression_switch_statement": true, "type_switch_statement": true, "select_statement": true,
}

// withOpenCase widens run, in the case list n, to the case before the
// change at start when the change lies in no case: what it inserts
// belongs to that case.
func withOpenCase(n *sitter.Node, run Span, start int) Span {
	var before *grammars.Child
	cases := grammars.NamedChildren(n)
	for i := range cases {
		c := &cases[i]
		if c.Start <= start && start < c.End {
			return run // inside a case
		}
		if c.End <= start {
			before = c
		}
	}
	if before != nil {
		run.Start = min(run.Start, before.Start)
	}
	return run
}

// listDelimiters reports whether n is a list (listKinds) and where its
// items begin (after its opening bracket) and end (before its closing
// one); a Python block is its items.
func listDelimiters(src []byte, n *sitter.Node) (open, closing int, ok bool) {
	typ := grammars.Type(n)
	if !listKinds[typ] {
		return 0, 0, false
	}
	ns, ne := int(grammars.Start(n)), int(grammars.End(n))
	if typ == "block" && (ns >= len(src) || src[ns] != '{') {
		return ns, ne, true // Python
	}
	count := int(grammars.ChildCount(n))
	if count < 2 {
		return 0, 0, false
	}
	open = -1
	// The opening bracket comes first, or after var or const; a Go switch
	// has its keyword, statement and value before it.
	braceOnly := strings.HasSuffix(typ, "switch_statement") || typ == "select_statement" // not x.(type)'s
	for i := 0; i < min(8, count); i++ {
		if c := grammars.ChildAt(n, i); !grammars.IsNamed(c) && isOpening(grammars.Type(c)) && (!braceOnly || grammars.Type(c) == "{") {
			open = int(grammars.End(c))
			break
		}
	}
	last := grammars.ChildAt(n, count-1)
	if open < 0 || grammars.IsNamed(last) || !isClosing(grammars.Type(last)) {
		return 0, 0, false // var x = …, without a spec list
	}
	return open, int(grammars.Start(last)), true
}

// appendSpans appends the spans of more that are not empty.
func appendSpans(spans []Span, more ...Span) []Span {
	for _, sp := range more {
		if sp.End > sp.Start {
			spans = append(spans, sp)
		}
	}
	return spans
}

func isOpening(t string) bool { return t == "{" || t == "[" || t == "(" }
func isClosing(t string) bool { return t == "}" || t == "]" || t == ")" }

// childHolding is the named child of n whose span holds [start, end), or
// nil.
func childHolding(n *sitter.Node, start, end int) *sitter.Node {
	cur := sitter.NewTreeCursor(n)
	defer cur.Close()
	if cur.GoToFirstChildForByte(uint32(start)) < 0 {
		return nil
	}
	for {
		c := cur.CurrentNode()
		cs, ce := int(grammars.Start(c)), int(grammars.End(c))
		if cs > start {
			return nil
		}
		if grammars.IsNamed(c) && end <= ce {
			return c
		}
		if !cur.GoToNextSibling() {
			return nil
		}
	}
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
