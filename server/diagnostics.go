package server

import (
	"context"
	"errors"
	"runtime/debug"
	"time"

	sitter "github.com/smacker/go-tree-sitter"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/trustlint/trustlint/detectors"
	"github.com/trustlint/trustlint/internal/textpos"
)

// analysisTimeout bounds one analysis run.
const analysisTimeout = 30 * time.Second

// diagnosticData is the data field of a trustlint diagnostic.
type diagnosticData struct {
	Rule    string `json:"rule"`
	Version int32  `json:"version"`
}

// schedule (re)starts the document's debounce timer; delay 0 analyses now.
func (s *server) schedule(d *document, delay time.Duration) {
	if s.stopped.Load() || s.state() != stateRunning {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed || !d.supported {
		return
	}
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
	if delay <= 0 {
		s.startLocked(d)
		return
	}
	s.armLocked(d, delay)
}

// armLocked starts the document's timer: an analysis after delay. d.mu
// must be held and d.timer nil.
func (s *server) armLocked(d *document, delay time.Duration) {
	var t *time.Timer
	t = time.AfterFunc(delay, func() {
		d.mu.Lock()
		defer d.mu.Unlock()
		if d.timer != t {
			return // stopped or superseded by a later timer
		}
		d.timer = nil
		s.startLocked(d)
	})
	d.timer = t
}

// confirmDelay is how long a document must stay unchanged after a region
// analysis before a whole-file analysis confirms it; maxConfirmDelay caps
// the longer wait of a document whose whole-file analysis is slow.
const (
	confirmDelay    = 300 * time.Millisecond
	maxConfirmDelay = 2 * time.Second
)

// scheduleConfirm arms a whole-file analysis of version after the
// confirmation delay, unless the document changed or has an analysis
// pending.
func (s *server) scheduleConfirm(d *document, version int32) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed || d.version != version || d.timer != nil || s.stopped.Load() {
		return
	}
	d.wantFull = true
	delay := s.opts.ConfirmDelay
	if delay <= 0 {
		delay = confirmDelay
	}
	// On a large file the whole-file analysis takes hundreds of
	// milliseconds: starting it at every short pause would mostly burn a
	// core until the next keystroke cancels it. Wait at least twice as
	// long as it last took.
	delay = max(delay, min(2*d.wholeTook, maxConfirmDelay))
	s.armLocked(d, delay)
}

// startLocked starts an analysis run unless one is running, in which case
// it runs again when that one ends. d.mu must be held.
func (s *server) startLocked(d *document) {
	if d.closed || s.stopped.Load() {
		return
	}
	if d.running {
		d.rerun = true
		return
	}
	d.running = true
	s.docs.workers.Add(1)
	go s.analyze(d)
}

// analyze is one analysis run of d's current version, in its own
// goroutine.
func (s *server) analyze(d *document) {
	defer s.docs.workers.Done()
	defer func() {
		if r := recover(); r != nil {
			s.logger.Error("panic in analysis", zap.String("uri", string(d.uri)), zap.String("panic", panicSummary(r)), zap.ByteString("stack", debug.Stack()))
		}
		d.mu.Lock()
		d.running = false
		d.cancelRun = nil
		again := d.rerun
		d.rerun = false
		if again {
			s.startLocked(d)
		}
		d.mu.Unlock()
	}()
	s.analyzeOnce(d)
}

func (s *server) analyzeOnce(d *document) {
	started := time.Now()
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return
	}
	sn := d.snapshotLocked()
	if sn.skipped != "" {
		d.closeTreeLocked()
		d.findings, d.findingsVersion, d.hasFindings = nil, sn.version, true
		d.findingsText, d.exact, d.published = nil, true, nil
		d.edits = detectors.Change{}
		first := d.warnOnceLocked(sn.skipKind)
		d.mu.Unlock()
		s.logger.Info("document not analysed", zap.String("uri", string(sn.uri)), zap.Int32("version", sn.version), zap.Int("bytes", len(sn.text)))
		if first {
			s.notify("window/showMessage", protocol.ShowMessageParams{Type: protocol.MessageTypeWarning, Message: sn.skipped})
		}
		s.publish(d, sn.version, []protocol.Diagnostic{})
		return
	}
	d.warned = nil
	var old *sitter.Tree
	if d.tree != nil {
		old = d.tree.Copy()
	}
	ctx, cancel := context.WithTimeout(s.ctx, analysisTimeout)
	defer cancel()
	d.cancelRun = cancel
	cfg := s.analysisConfig()
	confirming := d.wantFull
	// The first analysis of a document parses all of it: it says nothing
	// of what an edit costs (see editTook).
	ofEdit := d.hasFindings && !confirming
	base := regionBase{findings: d.findings, text: d.findingsText, ok: d.hasFindings && d.findingsText != nil && !d.wantFull && !s.opts.WholeFile}
	edits := d.edits
	windowed := base.ok && old != nil && d.ctxOK && s.windowed(len(sn.text))
	noWindow := "" // why a document large enough for windows got none, for the log
	if base.ok && old != nil && !d.ctxOK && s.windowed(len(sn.text)) {
		noWindow = "context statement edited"
	}
	window := d.ctx // Context.Shift copies: the spans are never modified in place
	// The last window's tree, when it was parsed from the findings' text,
	// is where this window's parse starts from; the analysis owns it.
	var lastWin *sitter.Tree
	if d.win != nil {
		if windowed && sameSlice(d.winText, base.text) {
			lastWin = d.win
		} else {
			d.win.Close()
		}
		d.win, d.winText = nil, nil
	}
	d.mu.Unlock()
	if base.ok {
		// What changed since the findings' text, once for either path.
		base.change = edits
	}

	if windowed {
		findings, win, handled, ws, err := s.analyzeWindow(ctx, sn, old, lastWin, window, base, cfg)
		if lastWin != nil {
			lastWin.Close()
		}
		if handled {
			old.Close()
			if err != nil {
				if win != nil {
					win.Close()
				}
				if ctx.Err() != nil || errors.Is(err, context.Canceled) {
					s.logCancelled(sn, started)
					return
				}
				s.logger.Warn("analysis failed in part", zap.String("uri", string(sn.uri)), zap.Int32("version", sn.version), zap.Strings("rules", failedRules(err)))
				win = nil
			}
			s.storeWindowed(d, sn, findings, win, ws, started)
			return
		}
		// The change needs a full parse (it touches a context statement,
		// or what it touches is too large for a window) or a whole-file
		// analysis (its region covers most of the file).
		noWindow = ws.skipped
	}

	incremental := old != nil
	tree, err := s.pool.Parse(ctx, sn.lang, old, sn.text)
	if old != nil {
		old.Close()
	}
	if err != nil {
		if ctx.Err() == nil {
			s.logger.Warn("parse failed", zap.String("uri", string(sn.uri)), zap.Int32("version", sn.version), zap.Error(err))
		} else {
			s.logCancelled(sn, started)
		}
		return
	}
	// Diagnostics need no fixes; a code action analyses its range again
	// with them.
	u := &detectors.Unit{Path: sn.path, Lang: sn.lang, Src: sn.text, Tree: tree, Config: cfg, NoFixes: true, LineStarts: sn.index.LFLineStarts()}
	var findings []detectors.Finding
	exact := true
	if base.ok {
		findings, exact, err = s.analyzeRegion(ctx, u, base, nil)
	}
	if exact && incremental && tree.RootNode().HasError() {
		// tree-sitter's error recovery can shape an incrementally reparsed
		// tree with errors differently from a fresh parse of the same
		// text: a whole-file analysis parses afresh so the editor agrees
		// with `trustlint scan`.
		fresh, perr := s.pool.Parse(ctx, sn.lang, nil, sn.text)
		if perr != nil {
			tree.Close()
			if ctx.Err() == nil {
				s.logger.Warn("parse failed", zap.String("uri", string(sn.uri)), zap.Int32("version", sn.version), zap.Error(perr))
			}
			return
		}
		tree.Close()
		tree = fresh
		u.Tree = fresh
	}
	if exact {
		findings, err = detectors.Analyze(ctx, u)
		findings = s.applyWorkspace(sn.path, sn.text, findings)
	}
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, context.Canceled) {
			tree.Close()
			s.logCancelled(sn, started)
			return
		}
		// Detector failures come with the other detectors' findings.
		s.logger.Warn("analysis failed in part", zap.String("uri", string(sn.uri)), zap.Int32("version", sn.version), zap.Strings("rules", failedRules(err)))
	}

	var wctx detectors.Context
	wctxOK := s.windowed(len(sn.text))
	if wctxOK {
		wctx = detectors.WindowContext(tree, sn.lang)
	}
	d.mu.Lock()
	if d.closed || d.version != sn.version {
		d.mu.Unlock()
		tree.Close()
		s.logger.Debug("analysis superseded", zap.String("uri", string(sn.uri)), zap.Int32("version", sn.version))
		return
	}
	// The previous tree is freed after publishing: deleting a large tree
	// takes a millisecond or more, which the user need not wait for.
	prevTree := d.tree
	d.tree, d.treeStale = tree, false
	d.ctx, d.ctxOK = wctx, wctxOK
	d.findings, d.findingsVersion, d.hasFindings = findings, sn.version, true
	cooled := s.docs.warm(d)
	d.findingsText, d.exact = sn.text, exact
	d.edits = detectors.Change{}
	if d.win != nil {
		// Parsed from an older text: no later window starts from it.
		d.win.Close()
		d.win, d.winText = nil, nil
	}
	if exact {
		d.wantFull = false
		d.wholeTook = time.Since(started)
	}
	if ofEdit {
		d.editTook = averageTook(d.editTook, time.Since(started))
	}
	unchanged := confirming && d.published != nil && d.publishedVersion == sn.version && sameFindings(d.published, findings)
	d.mu.Unlock()
	s.cool(cooled)

	s.logger.Debug("analysed",
		zap.String("uri", string(sn.uri)), zap.Int32("version", sn.version), zap.Int("bytes", len(sn.text)),
		zap.Bool("incremental", incremental), zap.Bool("whole", exact), zap.String("noWindow", noWindow),
		zap.Int("findings", len(findings)), zap.Duration("took", time.Since(started)))
	if !unchanged {
		s.publishFindings(d, sn, findings)
	}
	if prevTree != nil {
		prevTree.Close()
	}
	s.docs.trim()
	if !exact {
		s.scheduleConfirm(d, sn.version)
	}
}

// regionBase is what a region analysis builds on: the findings of an
// earlier version and that version's text.
type regionBase struct {
	findings []detectors.Finding
	text     []byte
	ok       bool
	change   detectors.Change // text → the analysed text, when ok
}

// analyzeRegion analyses only the region of u that changed since base and
// merges the result into base's findings. exact is true when the change
// calls for a whole-file analysis instead (none done: no change, or a
// region over most of the file). within, when not nil, bounds the region
// (the part of a windowed parse that was parsed whole) and is the region
// in that last case instead.
func (s *server) analyzeRegion(ctx context.Context, u *detectors.Unit, base regionBase, within *detectors.Region) (findings []detectors.Finding, exact bool, err error) {
	c := base.change
	if c.Empty() {
		return nil, true, nil // same text: a re-run after a configuration change
	}
	r, ok := detectors.ChangedRegion(u, c.Start, c.NewEnd)
	switch {
	case !ok && within == nil:
		return nil, true, nil
	case !ok:
		r = *within
	case within != nil:
		r.Start, r.End = max(r.Start, within.Start), min(r.End, within.End)
		if r.Start >= r.End {
			r = *within
		}
	}
	fresh, err := detectors.AnalyzeRegion(ctx, u, r)
	fresh = s.applyWorkspace(u.Path, u.Src, fresh)
	return detectors.MergeRegion(base.findings, c, r, fresh), false, err
}

// logCancelled records an analysis given up because the document changed
// (or the server stops) and how long it ran.
func (s *server) logCancelled(sn snapshot, started time.Time) {
	s.logger.Debug("analysis cancelled", zap.String("uri", string(sn.uri)), zap.Int32("version", sn.version), zap.Duration("after", time.Since(started)))
}

// windowed reports whether a document of n bytes gets windowed region
// analyses (see Options.WindowBytes).
func (s *server) windowed(n int) bool {
	limit := s.opts.WindowBytes
	if limit == 0 {
		limit = defaultWindowBytes
	}
	return limit > 0 && n >= limit
}

// defaultWindowBytes is Options.WindowBytes's default. From about 250
// lines a window costs less than tree-sitter's incremental reparse, whose
// cost grows with the file and jumps while a half-typed statement or a
// paste cut mid-function changes how the rest parses (Python at 1,000
// lines: 1–3 ms, 15–35 ms with an open string or bracket; a 50-line paste
// in Go at 1,000 lines: p50 11.6 → 4.3 ms, p99 20 → 9 ms with windows).
const defaultWindowBytes = 8 << 10

// windowStats describes a windowed analysis for the log: the window's
// size in bytes and how long parsing it took.
type windowStats struct {
	bytes    int
	parse    time.Duration
	fromLast bool   // parsed from the last window's tree
	skipped  string // why there is no window, when there is none
}

// sameSlice reports whether a and b are the same bytes in memory (the
// same text, not only an equal one).
func sameSlice(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// analyzeWindow runs the region analysis of sn's change on a parse of a
// window of its text: the top-level statements of old (the document's
// last full parse, edited to match sn.text) that the change touches, and
// the context statements at the spans in window. lastWin, when not nil,
// is the last window's tree, parsed from base.text, which the window is
// parsed from (detectors.ParseWindow; the caller still closes it). win is
// the window's tree, which the caller keeps for the next window; handled
// is false when the change needs a whole-file analysis instead.
func (s *server) analyzeWindow(ctx context.Context, sn snapshot, old, lastWin *sitter.Tree, window detectors.Context, base regionBase, cfg detectors.Config) (findings []detectors.Finding, win *sitter.Tree, handled bool, ws windowStats, err error) {
	c := base.change
	if c.Empty() {
		ws.skipped = "no change"
		return nil, nil, false, ws, nil
	}
	changed, ok := detectors.WindowSpan(old, sn.text, c)
	if !ok {
		ws.skipped = "changed statements too large"
		return nil, nil, false, ws, nil
	}
	spans := append(window.Spans(old, sn.text, detectors.CoverSpan(changed)), changed...)
	ranges := detectors.WindowRanges(sn.text, spans)
	for _, r := range ranges {
		ws.bytes += int(r.EndByte - r.StartByte)
	}
	parseStart := time.Now()
	tree, fromLast, err := detectors.ParseWindow(ctx, s.pool, sn.lang, lastWin, base.text, sn.text, c, ranges)
	ws.parse, ws.fromLast = time.Since(parseStart), fromLast
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, true, ws, err
		}
		// The window parse failed on a live context (ParseRanges has
		// already retried with fresh parsers): the full parse does the
		// edit instead of publishing nothing for it.
		s.logger.Debug("window parse failed, reparsing the file", zap.String("uri", string(sn.uri)), zap.Int32("version", sn.version), zap.Error(err))
		ws.skipped = "window parse failed"
		return nil, nil, false, ws, nil
	}
	u := &detectors.Unit{Path: sn.path, Lang: sn.lang, Src: sn.text, Tree: tree, Config: cfg, NoFixes: true, LineStarts: sn.index.LFLineStarts()}
	// The region stays within the changed statements or items, parsed
	// whole in the window: a node that swallows the window's later
	// statements (code pasted without its closing brace), or one whose
	// other items the window left out, would otherwise make it cover text
	// the window did not parse, and drop the findings there until the
	// whole-file analysis confirms.
	inner := detectors.WindowInner(changed)
	findings, exact, err := s.analyzeRegion(ctx, u, base, &detectors.Region{Start: inner.Start, End: inner.End})
	if exact {
		tree.Close()
		ws.skipped = "region covers most of the file"
		return nil, nil, false, ws, nil
	}
	return findings, tree, true, ws, err
}

// cool drops the trees of documents no longer among the recently analysed
// (see store.warm) and asks for the freed C memory to be trimmed. No
// document's mu may be held.
func (s *server) cool(cooled []*document) {
	for _, c := range cooled {
		c.mu.Lock()
		c.closeTreeLocked()
		c.mu.Unlock()
	}
	if len(cooled) > 0 {
		s.docs.trimWanted.Store(true)
	}
}

// storeWindowed records and publishes the findings of a windowed region
// analysis of sn; the document keeps its edited tree for the whole-file
// analysis that confirms them once the user pauses, and win (the window's
// tree, which it owns from now on; nil when there is none to keep) for the
// next window. ws is for the log.
func (s *server) storeWindowed(d *document, sn snapshot, findings []detectors.Finding, win *sitter.Tree, ws windowStats, started time.Time) {
	d.mu.Lock()
	if d.closed || d.version != sn.version {
		d.mu.Unlock()
		if win != nil {
			win.Close()
		}
		s.logger.Debug("analysis superseded", zap.String("uri", string(sn.uri)), zap.Int32("version", sn.version))
		return
	}
	d.findings, d.findingsVersion, d.hasFindings = findings, sn.version, true
	d.findingsText, d.exact = sn.text, false
	d.edits = detectors.Change{}
	if d.win != nil {
		d.win.Close()
	}
	d.win, d.winText = win, sn.text
	d.editTook = averageTook(d.editTook, time.Since(started))
	cooled := s.docs.warm(d)
	d.mu.Unlock()
	s.cool(cooled)
	s.logger.Debug("analysed",
		zap.String("uri", string(sn.uri)), zap.Int32("version", sn.version), zap.Int("bytes", len(sn.text)),
		zap.Bool("windowed", true), zap.Int("window", ws.bytes), zap.Bool("fromLast", ws.fromLast), zap.Duration("parse", ws.parse), zap.Int("findings", len(findings)), zap.Duration("took", time.Since(started)))
	s.publishFindings(d, sn, findings)
	s.docs.trim()
	s.scheduleConfirm(d, sn.version)
}

// sameFindings reports whether two finding lists would publish the same
// diagnostics.
func sameFindings(a, b []detectors.Finding) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Rule != b[i].Rule || a[i].Start != b[i].Start || a[i].End != b[i].End ||
			a[i].Severity != b[i].Severity || a[i].Message != b[i].Message {
			return false
		}
	}
	return true
}

// publishFindings publishes findings as sn's diagnostics and records them
// as published.
func (s *server) publishFindings(d *document, sn snapshot, findings []detectors.Finding) {
	diags := s.toDiagnostics(sn.uri, sn.index, sn.version, findings)
	if s.publish(d, sn.version, diags) {
		d.mu.Lock()
		if d.version == sn.version {
			d.published, d.publishedVersion = findings, sn.version
		}
		d.mu.Unlock()
	}
}

// warnOnceLocked reports whether a skip of this kind has not been shown to
// the user since the document was last analysable. d.mu must be held.
func (d *document) warnOnceLocked(kind string) bool {
	if d.warned[kind] {
		return false
	}
	if d.warned == nil {
		d.warned = make(map[string]bool)
	}
	d.warned[kind] = true
	return true
}

// publish sends the document's diagnostics if version is still its current
// version and it is open, and reports whether it did.
func (s *server) publish(d *document, version int32, diags []protocol.Diagnostic) bool {
	d.pubMu.Lock()
	defer d.pubMu.Unlock()
	d.mu.Lock()
	current := !d.closed && d.version == version
	d.mu.Unlock()
	if !current {
		return false
	}
	if diags == nil {
		diags = []protocol.Diagnostic{}
	}
	s.notify("textDocument/publishDiagnostics", protocol.PublishDiagnosticsParams{
		URI:         d.uri,
		Version:     lspVersion(version),
		Diagnostics: diags,
	})
	d.publications++
	return true
}

// toDiagnostics converts findings to LSP diagnostics in the negotiated
// encoding.
func (s *server) toDiagnostics(docURI protocol.DocumentURI, ix *textpos.Index, version int32, findings []detectors.Finding) []protocol.Diagnostic {
	diags := make([]protocol.Diagnostic, 0, len(findings))
	for _, f := range findings {
		diags = append(diags, toDiagnostic(ix, s.enc, version, f))
	}
	return diags
}

// toDiagnostic converts one finding.
func toDiagnostic(ix *textpos.Index, enc textpos.Encoding, version int32, f detectors.Finding) protocol.Diagnostic {
	rule, ok := detectors.Lookup(f.Rule)
	if !ok {
		rule = detectors.Rule{ID: f.Rule}
	}
	sev := protocol.DiagnosticSeverity(f.Severity)
	if f.Severity < detectors.SeverityError || f.Severity > detectors.SeverityHint {
		sev = protocol.DiagnosticSeverityWarning
	}
	return protocol.Diagnostic{
		Range:           toRange(ix, f.Start, f.End, enc),
		Severity:        sev,
		Code:            f.Rule,
		CodeDescription: &protocol.CodeDescription{Href: uri.URI(rule.DocURL())},
		Source:          diagnosticSrc,
		Message:         f.Message,
		Data:            diagnosticData{Rule: f.Rule, Version: version},
	}
}
