package server

import (
	"context"
	"encoding/json"
	"slices"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/trustlint/trustlint/internal/textpos"
)

// Code action kinds the server offers.
const (
	kindQuickFix  = protocol.QuickFix
	kindFixAll    = protocol.CodeActionKind("source.fixAll.trustlint")
	serverName    = "trustlint"
	diagnosticSrc = "trustlint"
)

// initializeParams is the part of InitializeParams the server reads,
// decoded from the raw message: protocol v0.12.0 lacks
// general.positionEncodings and misreads a null processId.
type initializeParams struct {
	ProcessID    *int   `json:"processId"`
	Trace        string `json:"trace"`
	Capabilities struct {
		General struct {
			PositionEncodings []string `json:"positionEncodings"`
		} `json:"general"`
		Workspace struct {
			WorkspaceEdit struct {
				DocumentChanges    bool     `json:"documentChanges"`
				ResourceOperations []string `json:"resourceOperations"`
			} `json:"workspaceEdit"`
		} `json:"workspace"`
	} `json:"capabilities"`
	ClientInfo *struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	} `json:"clientInfo"`
	InitializationOptions json.RawMessage `json:"initializationOptions"`
	RootURI               string          `json:"rootUri"`
	RootPath              string          `json:"rootPath"`
	WorkspaceFolders      []struct {
		URI string `json:"uri"`
	} `json:"workspaceFolders"`
}

// serverCapabilities adds what protocol v0.12.0 lacks to its capabilities;
// the embedded struct marshals flat.
type serverCapabilities struct {
	protocol.ServerCapabilities
	PositionEncoding string `json:"positionEncoding,omitempty"`
}

// initializeResult is InitializeResult with the extended capabilities.
type initializeResult struct {
	Capabilities serverCapabilities   `json:"capabilities"`
	ServerInfo   *protocol.ServerInfo `json:"serverInfo,omitempty"`
}

// initialize negotiates the position encoding, reads the client's
// capabilities and settings, and starts watching the client process.
func (s *server) initialize(_ context.Context, raw json.RawMessage) (func(context.Context) (any, error), error) {
	var p initializeParams
	if err := decodeParams(raw, &p); err != nil {
		return nil, err
	}
	if l, ok := parseTrace(p.Trace); ok {
		s.setTrace(l)
	}
	s.enc = negotiateEncoding(p.Capabilities.General.PositionEncodings)
	s.documentChanges = p.Capabilities.Workspace.WorkspaceEdit.DocumentChanges
	s.createFiles = slices.Contains(p.Capabilities.Workspace.WorkspaceEdit.ResourceOperations, "create")
	if len(p.InitializationOptions) > 0 {
		next, problems := s.config().merge(p.InitializationOptions)
		for _, pr := range problems {
			s.logger.Warn("initializationOptions", zap.String("problem", pr))
		}
		s.setConfig(next)
	}
	s.root = workspaceRoot(p.RootURI, p.WorkspaceFolders, p.RootPath)
	s.loadWorkspaceConfig()
	client := ""
	if p.ClientInfo != nil {
		client = p.ClientInfo.Name
	}
	s.logger.Info("initialize",
		zap.String("client", client),
		zap.String("positionEncoding", s.enc.String()),
		zap.Bool("documentChanges", s.documentChanges),
	)
	if p.ProcessID != nil && *p.ProcessID > 0 {
		s.watchClientProcess(*p.ProcessID)
	}
	s.lifecycle.Store(stateRunning)

	caps := serverCapabilities{
		ServerCapabilities: protocol.ServerCapabilities{
			TextDocumentSync: &protocol.TextDocumentSyncOptions{
				OpenClose: true,
				Change:    protocol.TextDocumentSyncKindIncremental,
				Save:      &protocol.SaveOptions{IncludeText: false},
			},
			CodeActionProvider: &protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{kindQuickFix, kindFixAll},
				ResolveProvider: false,
			},
		},
		PositionEncoding: s.enc.String(),
	}
	return immediate(initializeResult{
		Capabilities: caps,
		ServerInfo:   &protocol.ServerInfo{Name: serverName, Version: s.opts.Version},
	}), nil
}

// negotiateEncoding picks utf-8 when the client offers it (no conversion
// needed), otherwise the mandatory utf-16.
func negotiateEncoding(offered []string) textpos.Encoding {
	if slices.Contains(offered, "utf-8") {
		return textpos.UTF8
	}
	return textpos.UTF16
}
