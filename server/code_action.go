package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/trustlint/trustlint/detectors"
	"github.com/trustlint/trustlint/internal/textpos"
)

// syncAnalysisTimeout bounds the analysis a code action runs when the
// document changed since its last analysis.
const syncAnalysisTimeout = 5 * time.Second

// codeActionParams is the part of CodeActionParams the server reads.
type codeActionParams struct {
	TextDocument protocol.TextDocumentIdentifier `json:"textDocument"`
	Range        protocol.Range                  `json:"range"`
	Context      struct {
		Diagnostics []protocol.Diagnostic     `json:"diagnostics"`
		Only        []protocol.CodeActionKind `json:"only"`
	} `json:"context"`
}

// codeAction answers textDocument/codeAction. The document is snapshotted
// on the read loop, so the answer is for the text the client had when it
// asked; the actions are built off the loop, analysing first when the
// latest findings are for an older version.
func (s *server) codeAction(_ context.Context, raw json.RawMessage) (func(context.Context) (any, error), error) {
	var p codeActionParams
	if err := decodeParams(raw, &p); err != nil {
		return nil, err
	}
	d := s.docs.get(p.TextDocument.URI)
	if d == nil {
		s.logger.Debug("codeAction for a document that is not open", zap.String("uri", string(p.TextDocument.URI)))
		return immediate([]protocol.CodeAction{}), nil
	}
	d.mu.Lock()
	sn := d.snapshotLocked()
	if bytes.Equal(d.findingsText, sn.text) && d.tree != nil && !d.treeStale {
		sn.tree = d.tree.Copy() // closed by the action's work (or below)
	}
	d.mu.Unlock()
	cfg := s.analysisConfig()
	wantQuick := kindAllowed(kindQuickFix, p.Context.Only)
	wantFixAll := len(p.Context.Only) > 0 && kindAllowed(kindFixAll, p.Context.Only)
	if actions, ok := s.envCodeActions(sn, p, wantQuick); ok {
		sn.closeTree()
		return immediate(actions), nil
	}
	if !sn.supported || sn.skipped != "" || (!wantQuick && !wantFixAll) {
		sn.closeTree()
		return immediate([]protocol.CodeAction{}), nil
	}
	return func(ctx context.Context) (any, error) {
		defer sn.closeTree()
		if h := s.opts.hooks; h != nil && h.beforeCodeAction != nil {
			h.beforeCodeAction(ctx)
		}
		actions := []protocol.CodeAction{}
		if sn.exact && len(sn.findings) == 0 {
			return actions, nil // a whole-file analysis of this version found nothing
		}
		if wantQuick && (!sn.exact || overlapsAny(sn, p, s.enc)) {
			findings, err := s.analyzeForActions(ctx, sn, cfg, p.Range)
			if err != nil {
				return nil, fmt.Errorf("codeAction: analysing %s: %w", sn.uri, err)
			}
			// After each env fix: add NAME= to the workspace's .env.example.
			withExample := detectors.AddEnvExampleFixes(s.root, findings)
			actions = append(actions, s.quickFixes(sn, withExample, p)...)
		}
		if wantFixAll {
			if a, ok := s.fixAllAction(ctx, sn, cfg); ok {
				actions = append(actions, a)
			}
		}
		s.logger.Debug("codeAction", zap.String("uri", string(sn.uri)), zap.Int32("version", sn.version),
			zap.Int("diagnostics", len(p.Context.Diagnostics)), zap.Int("actions", len(actions)))
		return actions, nil
	}, nil
}

// overlapsAny reports whether a finding of the snapshot overlaps the
// requested range or matches one of the request's trustlint diagnostics.
func overlapsAny(sn snapshot, p codeActionParams, enc textpos.Encoding) bool {
	for _, diag := range p.Context.Diagnostics {
		if diag.Source == "" || diag.Source == diagnosticSrc {
			return true
		}
	}
	start, end, _ := toOffsets(sn.index, p.Range, enc)
	for _, f := range sn.findings {
		if f.Start <= end && start <= f.End {
			return true
		}
	}
	return false
}

// analyzeForActions analyses the snapshot, with fixes, around the
// requested range: the region ChangedRegion gives for it (the nodes
// overlapping it and their enclosing detector nodes, so every finding a
// diagnostic in the range can come from), or the whole file. The
// document's tree is reused when it matches the snapshot. Bounded in time.
func (s *server) analyzeForActions(ctx context.Context, sn snapshot, cfg detectors.Config, rng protocol.Range) ([]detectors.Finding, error) {
	ctx, cancel := context.WithTimeout(ctx, syncAnalysisTimeout)
	defer cancel()
	tree := sn.tree
	if tree == nil {
		var err error
		if tree, err = s.pool.Parse(ctx, sn.lang, nil, sn.text); err != nil {
			return nil, err
		}
		defer tree.Close()
	}
	u := &detectors.Unit{Path: sn.path, Lang: sn.lang, Src: sn.text, Tree: tree, Config: cfg, LineStarts: sn.index.LFLineStarts()}
	var findings []detectors.Finding
	var err error
	start, end, _ := toOffsets(sn.index, rng, s.enc)
	if r, ok := detectors.ChangedRegion(u, start, end); ok {
		findings, err = detectors.AnalyzeRegion(ctx, u, r)
	} else {
		findings, err = detectors.Analyze(ctx, u)
	}
	findings = s.applyWorkspace(sn.path, sn.text, findings)
	if err != nil && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		s.logger.Warn("analysis failed in part", zap.String("uri", string(sn.uri)), zap.Strings("rules", failedRules(err)))
	}
	return findings, nil
}

// quickFixes returns the fixes of the findings behind the request's
// trustlint diagnostics (matched by rule and range in the snapshot's
// text), preferred fixes first. Without diagnostics in the context, the
// findings overlapping the requested range are used.
func (s *server) quickFixes(sn snapshot, findings []detectors.Finding, p codeActionParams) []protocol.CodeAction {
	type match struct {
		f    detectors.Finding
		diag protocol.Diagnostic
	}
	var matches []match
	if len(p.Context.Diagnostics) > 0 {
		for _, diag := range p.Context.Diagnostics {
			if diag.Source != "" && diag.Source != diagnosticSrc {
				continue
			}
			code := codeString(diag.Code)
			for _, f := range findings {
				if f.Rule == code && toRange(sn.index, f.Start, f.End, s.enc) == diag.Range {
					matches = append(matches, match{f, diag})
					break
				}
			}
		}
	} else {
		start, end, _ := toOffsets(sn.index, p.Range, s.enc)
		for _, f := range findings {
			if f.Start <= end && start <= f.End {
				matches = append(matches, match{f, toDiagnostic(sn.index, s.enc, sn.version, f)})
			}
		}
	}
	var actions []protocol.CodeAction
	for _, m := range matches {
		fixes := append([]detectors.Fix(nil), m.f.Fixes...)
		sort.SliceStable(fixes, func(i, j int) bool { return fixes[i].Preferred && !fixes[j].Preferred })
		for _, fix := range fixes {
			var edit *protocol.WorkspaceEdit
			ok := false
			if len(fix.Files) > 0 {
				// Edits other files too: offered when the client can apply
				// it, without a warning otherwise.
				fe, fok := s.fixWorkspaceEdit(sn, fix)
				if !fok {
					continue
				}
				edit, ok = fe.protocolEdit()
			} else {
				edit, ok = s.workspaceEdit(sn, fix.Edits)
			}
			if !ok {
				s.logger.Warn("fix with invalid edits skipped", zap.String("uri", string(sn.uri)), zap.String("rule", m.f.Rule))
				continue
			}
			actions = append(actions, protocol.CodeAction{
				Title:       fix.Title,
				Kind:        kindQuickFix,
				Diagnostics: []protocol.Diagnostic{m.diag},
				IsPreferred: fix.Preferred,
				Edit:        edit,
			})
		}
	}
	return actions
}

// fixAllAction returns the source.fixAll.trustlint action applying every
// safe fix (detectors.FixAll: merged, or one at a time when fixes share an
// import block), if there is one.
func (s *server) fixAllAction(ctx context.Context, sn snapshot, cfg detectors.Config) (protocol.CodeAction, bool) {
	ctx, cancel := context.WithTimeout(ctx, syncAnalysisTimeout)
	defer cancel()
	_, edits, err := detectors.FixAll(ctx, s.pool, sn.path, sn.lang, sn.text, cfg)
	if err != nil {
		// The error may quote a detector panic; log no text of it.
		s.logger.Warn("fix-all failed; not offered", zap.String("uri", string(sn.uri)), zap.Bool("canceled", ctx.Err() != nil))
		return protocol.CodeAction{}, false
	}
	if len(edits) == 0 {
		return protocol.CodeAction{}, false
	}
	edit, ok := s.workspaceEdit(sn, edits)
	if !ok {
		s.logger.Warn("fix-all edits invalid; not offered", zap.String("uri", string(sn.uri)))
		return protocol.CodeAction{}, false
	}
	return protocol.CodeAction{
		Title: "Fix all trustlint issues",
		Kind:  kindFixAll,
		Edit:  edit,
	}, true
}

// workspaceEdit converts byte edits of the snapshot's text into a
// WorkspaceEdit: documentChanges (with the snapshot's version) when the
// client supports them, changes otherwise. Edits out of bounds or
// overlapping make it invalid; identical duplicates are applied once.
func (s *server) workspaceEdit(sn snapshot, edits []detectors.Edit) (*protocol.WorkspaceEdit, bool) {
	sorted := append([]detectors.Edit(nil), edits...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Start != sorted[j].Start {
			return sorted[i].Start < sorted[j].Start
		}
		return sorted[i].End < sorted[j].End
	})
	textEdits := make([]protocol.TextEdit, 0, len(sorted))
	prevEnd := 0
	var prev *detectors.Edit
	for i := range sorted {
		e := sorted[i]
		if e.Start < 0 || e.End < e.Start || e.End > len(sn.text) {
			return nil, false
		}
		if prev != nil && *prev == e {
			continue
		}
		if e.Start < prevEnd {
			return nil, false
		}
		textEdits = append(textEdits, protocol.TextEdit{
			Range:   toRange(sn.index, e.Start, e.End, s.enc),
			NewText: e.NewText,
		})
		prevEnd = e.End
		prev = &sorted[i]
	}
	if len(textEdits) == 0 {
		return nil, false
	}
	if s.documentChanges {
		v := sn.version
		return &protocol.WorkspaceEdit{DocumentChanges: []protocol.TextDocumentEdit{{
			TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{
				TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: sn.uri},
				Version:                &v,
			},
			Edits: textEdits,
		}}}, true
	}
	return &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{sn.uri: textEdits}}, true
}

// kindAllowed reports whether kind passes the context's only filter: an
// empty filter allows everything, otherwise kind must equal an entry or be
// below it in the dot hierarchy.
func kindAllowed(kind protocol.CodeActionKind, only []protocol.CodeActionKind) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if o == "" {
			continue
		}
		if kind == o || strings.HasPrefix(string(kind), string(o)+".") {
			return true
		}
	}
	return false
}

// codeString renders a diagnostic code (string or number on the wire).
func codeString(code any) string {
	switch c := code.(type) {
	case string:
		return c
	case float64:
		return fmt.Sprintf("%v", c)
	case nil:
		return ""
	}
	return fmt.Sprint(code)
}
