package server

import (
	"bytes"
	"os"
	"path/filepath"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/trustlint/trustlint/detectors"
	"github.com/trustlint/trustlint/internal/textpos"
)

// This file wires the workspace rule TL106 (a .env file git would commit)
// and the fixes that edit other files of the workspace (a .gitignore, a
// .env.example) into the session. Env files are not in an analysed
// language: they are stored like any unsupported document and checked
// against the workspace's ignore rules when opened, changed or saved, and
// when a .gitignore is saved.

// isEnvDocument reports whether d is an env file the server checks.
func (s *server) isEnvDocument(path string) bool {
	return s.root != "" && detectors.IsEnvFile(path)
}

// checkEnvDocument publishes TL106 for an open env file, or clears it.
func (s *server) checkEnvDocument(d *document) {
	if !s.isEnvDocument(d.path) {
		return
	}
	d.mu.Lock()
	sn := d.snapshotLocked()
	d.mu.Unlock()
	var diags []protocol.Diagnostic
	if f, ok := s.envFinding(sn); ok {
		diags = []protocol.Diagnostic{toDiagnostic(sn.index, s.enc, sn.version, f.Finding)}
	}
	s.envMu.Lock()
	was := s.envFlagged[sn.uri]
	if len(diags) > 0 {
		s.envFlagged[sn.uri] = true
	} else {
		delete(s.envFlagged, sn.uri)
	}
	s.envMu.Unlock()
	if len(diags) == 0 && !was {
		return // nothing shown, nothing to clear
	}
	d.mu.Lock()
	d.published = nil
	d.mu.Unlock()
	s.publish(d, sn.version, diags)
}

// envFinding checks the snapshot's file against the workspace.
func (s *server) envFinding(sn snapshot) (detectors.WorkspaceFinding, bool) {
	if !s.isEnvDocument(sn.path) {
		return detectors.WorkspaceFinding{}, false
	}
	cfg := s.config()
	f, ok, err := detectors.CheckEnvFile(s.root, filepath.FromSlash(sn.path), sn.text, s.analysisConfig())
	if err != nil {
		s.logger.Warn("TL106: workspace check failed", zap.String("uri", string(sn.uri)), zap.Error(err))
		return detectors.WorkspaceFinding{}, false
	}
	if !ok || (cfg.workspace.Path != "" && cfg.workspace.PathAllowed(f.Path)) {
		return detectors.WorkspaceFinding{}, false
	}
	return f, true
}

// envDocumentClosed forgets a closed env file.
func (s *server) envDocumentClosed(uri protocol.DocumentURI) {
	s.envMu.Lock()
	delete(s.envFlagged, uri)
	s.envMu.Unlock()
}

// envFileSaved re-checks the open env files when a .gitignore was saved.
func (s *server) envFileSaved(uri protocol.DocumentURI) {
	if s.root == "" || filepath.Base(uriPath(uri)) != ".gitignore" {
		return
	}
	for _, d := range s.docs.all() {
		if !d.supported {
			s.checkEnvDocument(d)
		}
	}
}

// envCodeActions answers a code action request on an env file: the
// .gitignore fix and the suppression. ok is false for any other document.
func (s *server) envCodeActions(sn snapshot, p codeActionParams, wantQuick bool) ([]fileCodeAction, bool) {
	if sn.supported || !s.isEnvDocument(sn.path) {
		return nil, false
	}
	actions := []fileCodeAction{}
	if !wantQuick {
		return actions, true
	}
	f, ok := s.envFinding(sn)
	if !ok {
		return actions, true
	}
	diag := toDiagnostic(sn.index, s.enc, sn.version, f.Finding)
	if len(p.Context.Diagnostics) > 0 {
		found := false
		for _, d := range p.Context.Diagnostics {
			if (d.Source == "" || d.Source == diagnosticSrc) && codeString(d.Code) == f.Rule {
				found = true
			}
		}
		if !found {
			return actions, true
		}
	}
	for _, fix := range f.Fixes {
		edit, ok := s.fixWorkspaceEdit(sn, fix)
		if !ok {
			continue
		}
		actions = append(actions, fileCodeAction{
			Title: fix.Title, Kind: kindQuickFix, Diagnostics: []protocol.Diagnostic{diag},
			IsPreferred: fix.Preferred, Edit: edit,
		})
	}
	return actions, true
}

// fileCodeAction is a CodeAction whose edit may create files (protocol
// v0.12.0's WorkspaceEdit cannot hold a CreateFile).
type fileCodeAction struct {
	Title       string                  `json:"title"`
	Kind        protocol.CodeActionKind `json:"kind,omitempty"`
	Diagnostics []protocol.Diagnostic   `json:"diagnostics,omitempty"`
	IsPreferred bool                    `json:"isPreferred,omitempty"`
	Edit        *fileWorkspaceEdit      `json:"edit,omitempty"`
}

// fileWorkspaceEdit is a WorkspaceEdit whose documentChanges mix
// TextDocumentEdit and CreateFile.
type fileWorkspaceEdit struct {
	Changes         map[protocol.DocumentURI][]protocol.TextEdit `json:"changes,omitempty"`
	DocumentChanges []any                                        `json:"documentChanges,omitempty"`
}

// createFile is LSP's CreateFile resource operation.
type createFile struct {
	Kind    string               `json:"kind"` // "create"
	URI     protocol.DocumentURI `json:"uri"`
	Options createFileOptions    `json:"options"`
}

type createFileOptions struct {
	IgnoreIfExists bool `json:"ignoreIfExists"`
}

// protocolEdit converts an edit without resource operations to protocol's
// WorkspaceEdit; ok is false when it creates a file.
func (e *fileWorkspaceEdit) protocolEdit() (*protocol.WorkspaceEdit, bool) {
	out := &protocol.WorkspaceEdit{Changes: e.Changes}
	for _, dc := range e.DocumentChanges {
		tde, ok := dc.(protocol.TextDocumentEdit)
		if !ok {
			return nil, false
		}
		out.DocumentChanges = append(out.DocumentChanges, tde)
	}
	return out, true
}

// fixWorkspaceEdit converts a fix (edits of the snapshot's document and of
// other workspace files) into a WorkspaceEdit the client can apply:
// documentChanges when the client supports them (with CreateFile for a new
// file, only when it supports the "create" resource operation), changes
// otherwise (which cannot create a file). Every path must resolve inside
// the workspace root. ok is false when the fix cannot be expressed.
func (s *server) fixWorkspaceEdit(sn snapshot, fix detectors.Fix) (*fileWorkspaceEdit, bool) {
	out := &fileWorkspaceEdit{}
	if len(fix.Edits) > 0 {
		own, ok := s.workspaceEdit(sn, fix.Edits)
		if !ok {
			return nil, false
		}
		for _, dc := range own.DocumentChanges {
			out.DocumentChanges = append(out.DocumentChanges, dc)
		}
		if own.Changes != nil {
			out.Changes = own.Changes
		}
	}
	for _, fe := range fix.Files {
		if s.root == "" {
			return nil, false
		}
		abs, err := detectors.ResolveInRoot(s.root, fe.Path)
		if err != nil {
			s.logger.Warn("fix edits a file outside the workspace; not offered", zap.String("path", fe.Path), zap.Error(err))
			return nil, false
		}
		uri := fileURI(abs)
		var current []byte
		var version *int32 // null: the file on disk
		if !fe.Create {
			if current, err = os.ReadFile(abs); err != nil {
				return nil, false
			}
			// An open buffer that differs from the disk would shift the
			// offsets: offer nothing rather than a wrong edit.
			if d := s.docs.get(uri); d != nil {
				d.mu.Lock()
				same, v := bytes.Equal(d.text, current), d.version
				d.mu.Unlock()
				if !same {
					return nil, false
				}
				version = &v
			}
		}
		ix := textpos.New(current)
		var edits []protocol.TextEdit
		for _, e := range fe.Edits {
			if e.Start < 0 || e.End < e.Start || e.End > len(current) {
				return nil, false
			}
			edits = append(edits, protocol.TextEdit{Range: toRange(ix, e.Start, e.End, s.enc), NewText: e.NewText})
		}
		switch {
		case s.documentChanges && (!fe.Create || s.createFiles):
			if fe.Create {
				out.DocumentChanges = append(out.DocumentChanges, createFile{Kind: "create", URI: uri, Options: createFileOptions{IgnoreIfExists: true}})
			}
			out.DocumentChanges = append(out.DocumentChanges, protocol.TextDocumentEdit{
				TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri}, Version: version},
				Edits:        edits,
			})
		case !s.documentChanges && !fe.Create:
			if out.Changes == nil {
				out.Changes = map[protocol.DocumentURI][]protocol.TextEdit{}
			}
			out.Changes[uri] = append(out.Changes[uri], edits...)
		default:
			return nil, false
		}
	}
	if len(out.Changes) == 0 && len(out.DocumentChanges) == 0 {
		return nil, false
	}
	return out, true
}
