package server

import (
	"encoding/json"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

func (s *session) codeActions(uri protocol.DocumentURI, r protocol.Range, diags []protocol.Diagnostic, only []string) []protocol.CodeAction {
	s.t.Helper()
	ctx := map[string]any{"diagnostics": diags}
	if diags == nil {
		ctx["diagnostics"] = []any{}
	}
	if only != nil {
		ctx["only"] = only
	}
	var actions []protocol.CodeAction
	if err := s.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        r,
		"context":      ctx,
	}, &actions); err != nil {
		s.t.Fatalf("codeAction: %v", err)
	}
	return actions
}

// editsFor returns the action's edits of uri from either WorkspaceEdit form.
func editsFor(t *testing.T, a protocol.CodeAction, uri protocol.DocumentURI, wantVersion *int32) []protocol.TextEdit {
	t.Helper()
	if a.Edit == nil {
		t.Fatalf("action %q has no edit", a.Title)
	}
	if wantVersion != nil {
		if len(a.Edit.DocumentChanges) != 1 || a.Edit.Changes != nil {
			t.Fatalf("action %q: want one documentChanges entry, got %+v", a.Title, a.Edit)
		}
		dc := a.Edit.DocumentChanges[0]
		if dc.TextDocument.URI != uri || dc.TextDocument.Version == nil || *dc.TextDocument.Version != *wantVersion {
			t.Fatalf("documentChanges target %+v, want %s v%d", dc.TextDocument, uri, *wantVersion)
		}
		return dc.Edits
	}
	if len(a.Edit.DocumentChanges) != 0 || len(a.Edit.Changes) != 1 {
		t.Fatalf("action %q: want changes, got %+v", a.Title, a.Edit)
	}
	return a.Edit.Changes[uri]
}

func testCodeActionRoundTrip(t *testing.T, documentChanges bool) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{"workspace": map[string]any{"workspaceEdit": map[string]any{"documentChanges": documentChanges}}}, nil)
	text := fixture(t, "config.js")
	s.open(configURI, "javascript", 1, text)
	d := findDiag(t, s.diagnosticsFor(configURI, 1), "TL101")

	actions := s.codeActions(configURI, d.Range, []protocol.Diagnostic{d}, nil)
	if len(actions) == 0 {
		t.Fatalf("no code actions for %+v", d)
	}
	var sawSuppress bool
	for i, a := range actions {
		if a.Kind != protocol.QuickFix {
			t.Errorf("action %q kind %q, want quickfix", a.Title, a.Kind)
		}
		if len(a.Diagnostics) != 1 || a.Diagnostics[0].Code != "TL101" || a.Diagnostics[0].Range != d.Range {
			t.Errorf("action %q diagnostics %+v", a.Title, a.Diagnostics)
		}
		if a.IsPreferred && i != 0 {
			t.Errorf("preferred action %q is not first", a.Title)
		}
		if strings.Contains(a.Title, "Suppress") {
			sawSuppress = true
			if a.IsPreferred {
				t.Errorf("suppression is preferred")
			}
		}
	}
	if !sawSuppress {
		t.Errorf("no suppression action in %d actions", len(actions))
	}
	if !actions[0].IsPreferred {
		t.Logf("no preferred (environment) fix offered; applying %q", actions[0].Title)
	}
	var wantVersion *int32
	if documentChanges {
		v := int32(1)
		wantVersion = &v
	}
	fixed := modelApplyTextEdits(t, text, editsFor(t, actions[0], configURI, wantVersion), false)
	if strings.Contains(fixed, fakeOpenAIKey()) && actions[0].IsPreferred {
		t.Errorf("preferred fix leaves the key in the text")
	}
	s.change(configURI, 2, change{text: fixed})
	ev := s.diagnosticsFor(configURI, 2)
	for _, dd := range ev.params.Diagnostics {
		if dd.Code == "TL101" {
			t.Errorf("TL101 still reported after applying %q: %+v", actions[0].Title, dd)
		}
	}
}

func TestCodeActionRoundTripChanges(t *testing.T)         { testCodeActionRoundTrip(t, false) }
func TestCodeActionRoundTripDocumentChanges(t *testing.T) { testCodeActionRoundTrip(t, true) }

func TestCodeActionIncrementalApply(t *testing.T) {
	// Apply the fix as ranged changes, the way editors send it back.
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	text := fixture(t, "config.js")
	s.open(configURI, "javascript", 1, text)
	d := findDiag(t, s.diagnosticsFor(configURI, 1), "TL101")
	actions := s.codeActions(configURI, d.Range, []protocol.Diagnostic{d}, []string{"quickfix"})
	if len(actions) == 0 {
		t.Fatal("no actions")
	}
	edits := editsFor(t, actions[0], configURI, nil)
	// Send from the last edit to the first so earlier ranges stay valid.
	var changes []change
	for i := len(edits) - 1; i >= 0; i-- {
		r := edits[i].Range
		changes = append(changes, change{rng: &r, text: edits[i].NewText})
	}
	want := modelApplyTextEdits(t, text, edits, false)
	s.change(configURI, 2, changes...)
	checkServerState(t, s, configURI, want, 2)
	for _, dd := range s.diagnosticsFor(configURI, 2).params.Diagnostics {
		if dd.Code == "TL101" {
			t.Errorf("TL101 still reported")
		}
	}
}

func TestCodeActionOnlyFilterAndFixAll(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	text := fixture(t, "config.js")
	s.open(configURI, "javascript", 1, text)
	d := findDiag(t, s.diagnosticsFor(configURI, 1), "TL101")
	whole := protocol.Range{End: modelPosition(text, len(text), false)}

	for _, a := range s.codeActions(configURI, d.Range, []protocol.Diagnostic{d}, []string{"quickfix"}) {
		if a.Kind != protocol.QuickFix {
			t.Errorf("only quickfix returned %q", a.Kind)
		}
	}
	if got := s.codeActions(configURI, d.Range, []protocol.Diagnostic{d}, []string{"refactor"}); len(got) != 0 {
		t.Errorf("only refactor returned %d actions", len(got))
	}
	for _, only := range [][]string{{"source.fixAll"}, {"source.fixAll.trustlint"}, {"source"}} {
		got := s.codeActions(configURI, whole, nil, only)
		if len(got) != 1 || got[0].Kind != "source.fixAll.trustlint" {
			t.Fatalf("only %v: got %+v, want one source.fixAll.trustlint action (are env fixes marked Safe?)", only, got)
		}
		fixed := modelApplyTextEdits(t, text, editsFor(t, got[0], configURI, nil), false)
		if strings.Contains(fixed, fakeOpenAIKey()) {
			t.Errorf("fix all leaves the key in the text")
		}
		if strings.Contains(fixed, "trustlint-ignore") {
			t.Errorf("fix all applied a suppression")
		}
	}
}

func TestCodeActionStaleDiagnosticGetsNoActions(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, map[string]any{"debounceMs": 10000})
	text := fixture(t, "config.js")
	s.open(configURI, "javascript", 1, text)
	d := findDiag(t, s.diagnosticsFor(configURI, 1), "TL101")
	// Insert text before the literal on its line: the old range is stale
	// and no analysis of version 2 has run yet (long debounce).
	s.change(configURI, 2, change{rng: rng(1, 0, 1, 0), text: "/* moved */ "})
	actions := s.codeActions(configURI, d.Range, []protocol.Diagnostic{d}, nil)
	if len(actions) != 0 {
		t.Errorf("stale diagnostic got %d actions", len(actions))
	}
	// The current range (computed by the test) gets actions computed on the
	// current text.
	model := modelApply(text, []change{{rng: rng(1, 0, 1, 0), text: "/* moved */ "}}, false)
	moved := d
	shift := uint32(utf16Len("/* moved */ "))
	moved.Range.Start.Character += shift
	moved.Range.End.Character += shift
	actions = s.codeActions(configURI, moved.Range, []protocol.Diagnostic{moved}, nil)
	if len(actions) == 0 {
		t.Fatalf("no actions for the current range")
	}
	fixed := modelApplyTextEdits(t, model, editsFor(t, actions[0], configURI, nil), false)
	if !strings.Contains(fixed, "/* moved */") {
		t.Errorf("edits computed on a stale text")
	}
}

func TestCodeActionUnknownDocument(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	var raw json.RawMessage
	err := s.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": "file:///nowhere.js"},
		"range":        rng(0, 0, 0, 0),
		"context":      map[string]any{"diagnostics": []any{}},
	}, &raw)
	if err != nil {
		t.Fatalf("codeAction: %v", err)
	}
	if string(raw) != "[]" {
		t.Errorf("result %s, want []", raw)
	}
	if err := s.call("textDocument/codeAction", nil, nil); errCode(err) != jsonrpc2.InvalidParams {
		t.Errorf("null params: got %v, want InvalidParams", err)
	}
}
