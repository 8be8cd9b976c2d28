package server

import (
	"context"
	"encoding/json"
	"fmt"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/trustlint/trustlint/grammars"
	"github.com/trustlint/trustlint/internal/textpos"
)

// didOpen stores the document and schedules its analysis. Unsupported
// languages are stored (code actions still answer) but never analysed. A
// second didOpen of the same URI replaces the document.
func (s *server) didOpen(_ context.Context, raw json.RawMessage) error {
	var p struct {
		TextDocument struct {
			URI        protocol.DocumentURI `json:"uri"`
			LanguageID string               `json:"languageId"`
			Version    int32                `json:"version"`
			Text       string               `json:"text"`
		} `json:"textDocument"`
	}
	if err := decodeParams(raw, &p); err != nil {
		return fmt.Errorf("didOpen: %w", err)
	}
	td := p.TextDocument
	if td.URI == "" {
		return fmt.Errorf("didOpen: missing textDocument.uri")
	}
	path := uriPath(td.URI)
	lang, ok := grammars.Resolve(td.LanguageID, path)
	text := []byte(td.Text)
	d := &document{
		uri: td.URI, path: path, languageID: td.LanguageID, lang: lang, supported: ok,
		version: td.Version, text: text, index: textpos.New(text),
	}
	if old := s.docs.put(d); old != nil {
		s.logger.Info("didOpen of an open document replaces it", zap.String("uri", string(td.URI)))
		old.mu.Lock()
		old.closed = true
		old.stopRunLocked()
		old.closeTreeLocked()
		old.mu.Unlock()
		s.docs.forget(old)
	}
	s.logger.Debug("didOpen",
		zap.String("uri", string(td.URI)), zap.String("languageId", td.LanguageID),
		zap.Bool("analysed", ok), zap.Int32("version", td.Version), zap.Int("bytes", len(text)),
	)
	if ok {
		s.schedule(d, 0)
	} else {
		s.checkEnvDocument(d)
	}
	return nil
}

// contentChange is TextDocumentContentChangeEvent with an optional range:
// protocol v0.12.0's value Range turns a full-text change into an insert
// at 0:0.
type contentChange struct {
	Range *protocol.Range `json:"range"`
	Text  string          `json:"text"`
}

// didChange applies the changes in order and schedules a debounced
// analysis. Stale versions and changes to unopened documents are ignored.
func (s *server) didChange(_ context.Context, raw json.RawMessage) error {
	var p struct {
		TextDocument struct {
			URI     protocol.DocumentURI `json:"uri"`
			Version int32                `json:"version"`
		} `json:"textDocument"`
		ContentChanges []contentChange `json:"contentChanges"`
	}
	if err := decodeParams(raw, &p); err != nil {
		return fmt.Errorf("didChange: %w", err)
	}
	uri := p.TextDocument.URI
	d := s.docs.get(uri)
	if d == nil {
		s.logger.Warn("didChange for a document that is not open; ignored", zap.String("uri", string(uri)))
		return nil
	}
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return nil
	}
	if p.TextDocument.Version <= d.version {
		s.logger.Warn("didChange with a stale version; ignored",
			zap.String("uri", string(uri)), zap.Int32("version", p.TextDocument.Version), zap.Int32("current", d.version))
		d.mu.Unlock()
		return nil
	}
	// An edit before the previous version's analysis ended: edits come
	// faster than they are analysed.
	behind := d.findingsVersion != d.version
	// A new version supersedes any analysis of the old one; its first
	// analysis is limited to the region the edits touched.
	if d.cancelRun != nil {
		d.cancelRun()
	}
	d.wantFull = false
	ranged, full := 0, 0
	for i, c := range p.ContentChanges {
		if c.Range == nil {
			d.applyFullLocked(c.Text)
			full++
			continue
		}
		ranged++
		if res := d.applyRangedLocked(*c.Range, c.Text, s.enc); res.clamped {
			s.logger.Warn("change range out of bounds; clamped",
				zap.String("uri", string(uri)), zap.Int32("version", p.TextDocument.Version),
				zap.Int("change", i), zap.String("problem", res.problem))
		}
	}
	d.version = p.TextDocument.Version
	size := len(d.text)
	supported := d.supported
	delay := s.config().debounceAfter(d.editTook, behind)
	d.mu.Unlock()
	s.logger.Debug("didChange",
		zap.String("uri", string(uri)), zap.Int32("version", p.TextDocument.Version),
		zap.Int("ranged", ranged), zap.Int("full", full), zap.Int("bytes", size))
	if supported {
		s.schedule(d, delay)
	} else {
		s.checkEnvDocument(d)
	}
	return nil
}

// didClose drops the document, frees its tree and clears its diagnostics
// with an empty array.
func (s *server) didClose(_ context.Context, raw json.RawMessage) error {
	var p struct {
		TextDocument struct {
			URI protocol.DocumentURI `json:"uri"`
		} `json:"textDocument"`
	}
	if err := decodeParams(raw, &p); err != nil {
		return fmt.Errorf("didClose: %w", err)
	}
	d := s.docs.remove(p.TextDocument.URI)
	if d == nil {
		s.logger.Warn("didClose for a document that is not open; ignored", zap.String("uri", string(p.TextDocument.URI)))
		return nil
	}
	d.mu.Lock()
	d.closed = true
	d.stopRunLocked()
	d.closeTreeLocked()
	d.findings = nil
	d.mu.Unlock()
	s.docs.trimWanted.Store(true)
	s.envDocumentClosed(d.uri)
	s.logger.Debug("didClose", zap.String("uri", string(d.uri)))
	d.pubMu.Lock()
	s.notify("textDocument/publishDiagnostics", protocol.PublishDiagnosticsParams{
		URI:         d.uri,
		Diagnostics: []protocol.Diagnostic{},
	})
	d.pubMu.Unlock()
	return nil
}

// didSave analyses the document now.
func (s *server) didSave(_ context.Context, raw json.RawMessage) error {
	var p struct {
		TextDocument struct {
			URI protocol.DocumentURI `json:"uri"`
		} `json:"textDocument"`
	}
	if err := decodeParams(raw, &p); err != nil {
		return fmt.Errorf("didSave: %w", err)
	}
	if s.isConfigFile(p.TextDocument.URI) {
		s.loadWorkspaceConfig()
	}
	s.envFileSaved(p.TextDocument.URI)
	d := s.docs.get(p.TextDocument.URI)
	if d == nil {
		s.logger.Debug("didSave for a document that is not open", zap.String("uri", string(p.TextDocument.URI)))
		return nil
	}
	if d.supported {
		s.schedule(d, 0)
	} else {
		s.checkEnvDocument(d)
	}
	return nil
}
