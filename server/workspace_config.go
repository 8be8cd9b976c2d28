package server

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/trustlint/trustlint/detectors"
	"github.com/trustlint/trustlint/internal/config"
)

// workspaceRoot picks the workspace root from initialize's rootUri, the
// first workspace folder or the deprecated rootPath; "" when none is a
// file path.
func workspaceRoot(rootURI string, folders []struct {
	URI string `json:"uri"`
}, rootPath string) string {
	candidates := []string{rootURI}
	for _, f := range folders {
		candidates = append(candidates, f.URI)
	}
	for _, c := range candidates {
		u, err := url.Parse(c)
		if err == nil && u.Scheme == "file" && u.Path != "" {
			return filepath.FromSlash(u.Path)
		}
	}
	if rootPath != "" && filepath.IsAbs(rootPath) {
		return rootPath
	}
	return ""
}

// isConfigFile reports whether a document URI names .trustlint.yaml (or
// .yml) at the workspace root.
func (s *server) isConfigFile(uri protocol.DocumentURI) bool {
	if s.root == "" {
		return false
	}
	p := filepath.FromSlash(uriPath(uri))
	return filepath.Dir(p) == filepath.Clean(s.root) && slices.Contains(config.FileNames, filepath.Base(p))
}

// loadWorkspaceConfig (re)reads .trustlint.yaml at the workspace root,
// publishes its problems as diagnostics on the file (the defaults and the
// valid entries keep working) and re-analyses the open documents.
func (s *server) loadWorkspaceConfig() {
	if s.root == "" {
		return
	}
	cfg, problems, err := config.Load(s.root)
	if err != nil {
		s.logger.Warn("workspace configuration unreadable; using the defaults", zap.Error(err))
		cfg = config.Config{}
	}
	s.cfgMu.Lock()
	prevPath := s.cfg.workspace.Path
	s.cfg.workspace = cfg
	s.cfgMu.Unlock()
	s.logger.Info("workspace configuration loaded", zap.String("file", cfg.Path), zap.Int("problems", len(problems)))

	// Problems show on the configuration file; a removed or fixed file
	// gets its diagnostics cleared.
	for _, path := range []string{prevPath, cfg.Path} {
		if path == "" || (path == prevPath && path == cfg.Path && len(problems) > 0) {
			continue
		}
		s.notify("textDocument/publishDiagnostics", protocol.PublishDiagnosticsParams{
			URI: fileURI(path), Diagnostics: []protocol.Diagnostic{},
		})
	}
	if cfg.Path != "" && len(problems) > 0 {
		diags := make([]protocol.Diagnostic, 0, len(problems))
		for _, p := range problems {
			line, col := uint32(max(p.Line-1, 0)), uint32(max(p.Column-1, 0))
			diags = append(diags, protocol.Diagnostic{
				Range:    protocol.Range{Start: protocol.Position{Line: line, Character: col}, End: protocol.Position{Line: line, Character: col + 1}},
				Severity: protocol.DiagnosticSeverityError,
				Source:   diagnosticSrc,
				Message:  p.Message,
			})
		}
		s.notify("textDocument/publishDiagnostics", protocol.PublishDiagnosticsParams{URI: fileURI(cfg.Path), Diagnostics: diags})
	}
	for _, d := range s.docs.all() {
		if d.supported {
			s.schedule(d, 0)
		}
	}
}

// fileURI turns an absolute path into a file URI.
func fileURI(path string) protocol.DocumentURI {
	return protocol.DocumentURI((&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String())
}

// didChangeWatchedFiles reloads the workspace configuration when the
// client reports that .trustlint.yaml changed on disk.
func (s *server) didChangeWatchedFiles(_ context.Context, raw json.RawMessage) error {
	var p struct {
		Changes []struct {
			URI protocol.DocumentURI `json:"uri"`
		} `json:"changes"`
	}
	if err := decodeParams(raw, &p); err != nil {
		return fmt.Errorf("didChangeWatchedFiles: %w", err)
	}
	for _, c := range p.Changes {
		if s.isConfigFile(c.URI) {
			s.loadWorkspaceConfig()
			return nil
		}
	}
	return nil
}

// combine layers the client's settings (initializationOptions and
// workspace/didChangeConfiguration) over the workspace file's.
func combine(file, client detectors.Config) detectors.Config {
	out := detectors.Config{
		Disabled: maps.Clone(file.Disabled),
		Only:     maps.Clone(file.Only),
		Severity: maps.Clone(file.Severity),
		Options:  file.Options,
	}
	if len(client.Disabled) > 0 {
		if out.Disabled == nil {
			out.Disabled = map[string]bool{}
		}
		maps.Copy(out.Disabled, client.Disabled)
	}
	if len(client.Only) > 0 {
		out.Only = maps.Clone(client.Only)
	}
	if len(client.Severity) > 0 {
		if out.Severity == nil {
			out.Severity = map[string]detectors.Severity{}
		}
		maps.Copy(out.Severity, client.Severity)
	}
	if client.Options != (detectors.Options{}) {
		out.Options = client.Options
	}
	return out
}

// applyWorkspace drops the findings of allowlisted paths and values and
// adds the custom secret patterns' matches.
func (s *server) applyWorkspace(path string, src []byte, findings []detectors.Finding) []detectors.Finding {
	ws := s.config().workspace
	if ws.Path == "" {
		return findings
	}
	if s.root != "" {
		if rel, err := filepath.Rel(s.root, path); err == nil && !strings.HasPrefix(rel, "..") && ws.PathAllowed(filepath.ToSlash(rel)) {
			return nil
		}
	}
	return ws.Apply(src, findings)
}
