package server

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	sitter "github.com/smacker/go-tree-sitter"
	"go.lsp.dev/protocol"

	"github.com/trustlint/trustlint/detectors"
	"github.com/trustlint/trustlint/grammars"
	"github.com/trustlint/trustlint/internal/textpos"
)

// document is one open text document.
//
// Every field is guarded by mu. The text slice is never modified in place
// (edits build a new slice), so a snapshot of text and index stays valid
// after mu is released. The tree-sitter tree is touched only with mu held;
// readers on other goroutines work on tree.Copy().
type document struct {
	uri  protocol.DocumentURI
	path string

	// pubMu orders publications of this document's diagnostics, so the
	// empty array didClose sends comes after any in-flight publication.
	pubMu sync.Mutex
	// publications counts the publishDiagnostics sent for the document
	// (guarded by pubMu).
	publications int

	mu         sync.Mutex
	languageID string
	lang       grammars.Lang
	supported  bool
	version    int32
	text       []byte
	index      *textpos.Index
	// tree is the last full parse, with every later edit applied to it
	// (Tree.Edit): the next whole-file analysis reparses it incrementally.
	// treeStale says it has been edited since it was parsed (a windowed
	// analysis does not reparse it). ctx are the spans of its context
	// statements (detectors.WindowContext), moved through later edits;
	// ctxOK turns false when an edit touches one.
	tree      *sitter.Tree
	treeStale bool
	ctx       detectors.Context
	ctxOK     bool
	closed    bool

	// Latest analysis result, the version and text it belongs to, and
	// whether it comes from a whole-file analysis (exact) or from a region
	// analysis merged into older findings, which a whole-file analysis
	// confirms once the user pauses (wantFull).
	findings        []detectors.Finding
	findingsVersion int32
	findingsText    []byte
	// edits is the change from findingsText to text, composed from the
	// edits since (the editors' exact places, which Diff can only guess;
	// a full-text change counts as the part that differs).
	edits detectors.Change
	// plain says the text is known to hold no NUL byte and no line above
	// maxLineBytes (see skipReason): edits keep it while the text they
	// insert and the lines they touch do, so a keystroke does not scan the
	// whole text for them.
	plain bool
	// win is the tree of the last windowed analysis, parsed from winText
	// (that analysis's text): the next window is parsed from it.
	win         *sitter.Tree
	winText     []byte
	hasFindings bool
	exact       bool
	wantFull    bool
	// wholeTook is how long the last whole-file analysis took.
	wholeTook time.Duration
	// editTook is how long the analyses of edits take (a window, a region
	// or the whole file, but neither the first analysis after didOpen nor
	// a confirming one), a moving average (see averageTook) that one slow
	// keystroke moves by a quarter: it picks the next edit's automatic
	// debounce (settings.debounceAfter). Zero until an edit is analysed:
	// the first edit is analysed at once.
	editTook time.Duration
	// published is what the client was last sent, for the version in
	// findingsVersion: a confirming analysis that finds the same sends
	// nothing.
	published        []detectors.Finding
	publishedVersion int32
	skipped          string // why the current text is not analysed, if it is not

	// Scheduling: one run in flight; a request arriving meanwhile reruns
	// after it.
	timer     *time.Timer
	running   bool
	rerun     bool
	cancelRun context.CancelFunc
	warned    map[string]bool
}

// snapshot is an immutable view of a document at one version.
type snapshot struct {
	uri       protocol.DocumentURI
	path      string
	lang      grammars.Lang
	supported bool
	version   int32
	text      []byte
	index     *textpos.Index
	skipped   string // message saying why the text is not analysed
	skipKind  string // "size", "binary" or "minified" when skipped
	// tree, when set, is a copy of the document's tree for text, owned by
	// whoever took the snapshot (see closeTree).
	tree *sitter.Tree
	// findings are the document's findings for this version when they
	// come from a whole-file analysis (exact), without fixes: they tell a
	// code action where nothing can be fixed without analysing again.
	findings []detectors.Finding
	exact    bool
}

// closeTree frees the snapshot's tree copy, if it has one.
func (sn *snapshot) closeTree() {
	if sn.tree != nil {
		sn.tree.Close()
		sn.tree = nil
	}
}

// snapshotLocked returns the document's current snapshot; d.mu must be held.
func (d *document) snapshotLocked() snapshot {
	sn := snapshot{
		uri: d.uri, path: d.path, lang: d.lang, supported: d.supported,
		version: d.version, text: d.text, index: d.index,
	}
	if !d.plain || len(d.text) > detectors.MaxBytes() {
		sn.skipKind, sn.skipped = skipReason(d.text)
		d.plain = sn.skipKind == ""
	}
	if d.hasFindings && d.exact && d.findingsVersion == d.version {
		sn.findings, sn.exact = d.findings, true
	}
	return sn
}

// skipReason says why text is not analysed: a kind ("size" or "binary")
// and a message for the user, both empty when it is analysed.
func skipReason(text []byte) (kind, message string) {
	if len(text) > detectors.MaxBytes() {
		return "size", fmt.Sprintf("trustlint: this file is %d bytes; files above %d bytes are not analysed.", len(text), detectors.MaxBytes())
	}
	if bytes.IndexByte(text, 0) >= 0 {
		return "binary", "trustlint: this file has binary content (NUL bytes); it is not analysed."
	}
	if n := longestLine(text); n > maxLineBytes {
		return "minified", fmt.Sprintf("trustlint: this file has a line of %d bytes; minified or generated files (lines above %d bytes) are not analysed.", n, maxLineBytes)
	}
	return "", ""
}

// maxLineBytes is the longest line of an analysed document: a longer one
// marks minified or generated code, whose analysis costs seconds per edit
// and whose findings nobody fixes in place.
const maxLineBytes = 100_000

// editedLinesFit reports whether the lines of text holding [start, end)
// are at most maxLineBytes long; ix indexes text.
func editedLinesFit(ix *textpos.Index, text []byte, start, end int) bool {
	first, last := ix.Line(start), ix.Line(end)
	for l := first; l <= last; l++ {
		next := len(text)
		if l+1 < ix.Lines() {
			next = ix.LineStart(l + 1)
		}
		if next-ix.LineStart(l) > maxLineBytes {
			return false
		}
	}
	return true
}

// longestLine is the length in bytes of text's longest line.
func longestLine(text []byte) int {
	longest := 0
	for len(text) > 0 {
		i := bytes.IndexByte(text, '\n')
		if i < 0 {
			i = len(text)
		}
		longest = max(longest, i)
		text = text[min(i+1, len(text)):]
	}
	return longest
}

func (d *document) closeTreeLocked() {
	if d.tree != nil {
		d.tree.Close()
		d.tree = nil
	}
	if d.win != nil {
		d.win.Close()
		d.win, d.winText = nil, nil
	}
	d.treeStale, d.ctx, d.ctxOK = false, detectors.Context{}, false
}

// editResult reports what applying one ranged change did, for logging.
type editResult struct {
	clamped bool
	problem string
}

// applyRangedLocked applies one ranged change given in LSP positions
// (counted in enc) to the text and the tree. d.mu must be held.
func (d *document) applyRangedLocked(r protocol.Range, newText string, enc textpos.Encoding) editResult {
	var res editResult
	start, end, ok := toOffsets(d.index, r, enc)
	if !ok {
		res.clamped = true
		res.problem = fmt.Sprintf("range %d:%d-%d:%d outside the text or splitting a character",
			r.Start.Line, r.Start.Character, r.End.Line, r.End.Character)
	}
	d.applyLocked(start, end, newText)
	return res
}

// applyFullLocked replaces the whole text, as a client without incremental
// sync sends every change: the part that differs is applied as an edit
// (detectors.Diff), so the tree, the window context and the position index
// follow it as they follow a ranged change, and the next analysis is a
// window or an incremental reparse rather than a parse from scratch. d.mu
// must be held.
func (d *document) applyFullLocked(text string) {
	c := detectors.Diff(d.text, []byte(text))
	d.applyLocked(c.Start, c.OldEnd, text[c.Start:c.NewEnd])
}

// applyLocked replaces the text's bytes [start, end) with newText, editing
// the tree, the window context and the position index to match. d.mu must
// be held.
func (d *document) applyLocked(start, end int, newText string) {
	old := d.text
	next := make([]byte, 0, len(old)-(end-start)+len(newText))
	next = append(next, old[:start]...)
	next = append(next, newText...)
	next = append(next, old[end:]...)
	if d.tree != nil {
		startPt := grammars.PointAt(old, start)
		d.tree.Edit(sitter.EditInput{
			StartIndex:  uint32(start),
			OldEndIndex: uint32(end),
			NewEndIndex: uint32(start + len(newText)),
			StartPoint:  startPt,
			OldEndPoint: grammars.PointAt(old, end),
			NewEndPoint: advancePoint(startPt, newText),
		})
		d.treeStale = true
		if d.ctxOK {
			d.ctx, d.ctxOK = d.ctx.Shift(start, end, len(newText))
		}
	}
	d.text = next
	d.index = d.index.Edited(next, start, end, start+len(newText))
	if d.plain {
		d.plain = bytes.IndexByte(next[start:start+len(newText)], 0) < 0 && editedLinesFit(d.index, next, start, start+len(newText))
	}
	d.edits = d.edits.Then(detectors.Change{Start: start, OldEnd: end, NewEnd: start + len(newText)})
}

// advancePoint is the point after inserting s at p.
func advancePoint(p sitter.Point, s string) sitter.Point {
	n := 0
	last := -1
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			n++
			last = i
		}
	}
	if n == 0 {
		return sitter.Point{Row: p.Row, Column: p.Column + uint32(len(s))}
	}
	return sitter.Point{Row: p.Row + uint32(n), Column: uint32(len(s) - last - 1)}
}

// maxWarmTrees is how many documents keep their syntax tree between
// analyses: the ones edited most recently. A tree costs about 25 times its
// text in C memory (1 MB for a 1,000-line file); a document whose tree
// was dropped is parsed afresh on its next edit (10 ms at 1,000 lines).
const maxWarmTrees = 16

// store holds the open documents.
type store struct {
	// trimmedAt is when the C allocator last gave freed tree memory back
	// (unix nanoseconds); trimming is throttled to one per trimInterval.
	trimmedAt  atomic.Int64
	trimming   atomic.Bool
	trimWanted atomic.Bool // trees were closed since the last trim

	mu   sync.Mutex
	docs map[protocol.DocumentURI]*document
	// recent lists the documents holding a tree, most recently analysed
	// last.
	recent []*document
	// workers counts running analyses, for a bounded wait at the end.
	workers sync.WaitGroup
}

func newStore() *store {
	return &store{docs: make(map[protocol.DocumentURI]*document)}
}

// warm records that d was just analysed and keeps its tree; it returns the
// documents whose trees should now be dropped (d.mu may be held: the
// caller closes their trees after releasing it).
func (st *store) warm(d *document) []*document {
	st.mu.Lock()
	defer st.mu.Unlock()
	for i, r := range st.recent {
		if r == d {
			st.recent = append(st.recent[:i], st.recent[i+1:]...)
			break
		}
	}
	st.recent = append(st.recent, d)
	if len(st.recent) <= maxWarmTrees {
		return nil
	}
	n := len(st.recent) - maxWarmTrees
	cooled := append([]*document(nil), st.recent[:n]...)
	st.recent = append(st.recent[:0], st.recent[n:]...)
	return cooled
}

// trimInterval is the least time between two trims of the C heap.
const trimInterval = 2 * time.Second

// trim returns the memory of closed trees to the system, at most once per
// trimInterval: glibc keeps freed blocks in its arenas, so without it the
// resident size grows with every tree dropped and never shrinks. Analyses
// call it after publishing, off the latency path; closing a document asks
// for the next one to.
func (st *store) trim() {
	now := time.Now().UnixNano()
	if !st.trimWanted.Load() || now-st.trimmedAt.Load() < int64(trimInterval) || !st.trimming.CompareAndSwap(false, true) {
		return
	}
	defer st.trimming.Store(false)
	st.trimmedAt.Store(now)
	st.trimWanted.Store(false)
	grammars.TrimMalloc()
}

// forget drops d from the warm list (closed or replaced).
func (st *store) forget(d *document) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for i, r := range st.recent {
		if r == d {
			st.recent = append(st.recent[:i], st.recent[i+1:]...)
			return
		}
	}
}

func (st *store) get(uri protocol.DocumentURI) *document {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.docs[uri]
}

// put stores d and returns the document it replaces, if any.
func (st *store) put(d *document) *document {
	st.mu.Lock()
	defer st.mu.Unlock()
	old := st.docs[d.uri]
	st.docs[d.uri] = d
	return old
}

func (st *store) remove(uri protocol.DocumentURI) *document {
	st.mu.Lock()
	defer st.mu.Unlock()
	d := st.docs[uri]
	delete(st.docs, uri)
	for i, r := range st.recent {
		if r == d {
			st.recent = append(st.recent[:i], st.recent[i+1:]...)
			break
		}
	}
	return d
}

func (st *store) all() []*document {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]*document, 0, len(st.docs))
	for _, d := range st.docs {
		out = append(out, d)
	}
	return out
}

// cancelAll stops every pending and running analysis (after shutdown).
func (st *store) cancelAll() {
	for _, d := range st.all() {
		d.mu.Lock()
		d.stopRunLocked()
		d.mu.Unlock()
	}
}

// closeAll marks every document closed and cancels its analyses.
func (st *store) closeAll(*server) {
	for _, d := range st.all() {
		d.mu.Lock()
		d.closed = true
		d.stopRunLocked()
		d.mu.Unlock()
	}
}

// freeAll releases every document's tree.
func (st *store) freeAll() {
	st.mu.Lock()
	docs := st.docs
	st.docs = make(map[protocol.DocumentURI]*document)
	st.recent = nil
	st.mu.Unlock()
	for _, d := range docs {
		d.mu.Lock()
		d.closeTreeLocked()
		d.mu.Unlock()
	}
}

func (st *store) waitWorkers(d time.Duration) bool { return waitTimeout(&st.workers, d) }

// stopRunLocked cancels the pending timer and the running analysis.
func (d *document) stopRunLocked() {
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
	d.rerun = false
	if d.cancelRun != nil {
		d.cancelRun()
	}
}

// uriPath turns a document URI into the path detectors see (for the
// language by extension and test-file heuristics). Non-file URIs keep their
// path part.
func uriPath(uri protocol.DocumentURI) string {
	u, err := url.Parse(string(uri))
	if err != nil || u.Path == "" {
		return string(uri)
	}
	return u.Path
}

// averageTook is the moving average of edit analysis times avg (zero: none
// yet) with the latest, took, weighing took a quarter.
func averageTook(avg, took time.Duration) time.Duration {
	if avg <= 0 {
		return took
	}
	return (3*avg + took) / 4
}
