package server

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// waitLong is the bound for publications of very large or deep documents.
const waitLong = 2 * time.Minute

// diagnosticsWithin waits up to d for the publication of uri at version.
func (s *session) diagnosticsWithin(uri protocol.DocumentURI, version uint32, d time.Duration) diagEvent {
	s.t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		for i := len(s.diags) - 1; i >= 0; i-- {
			if s.diags[i].params.URI == uri && s.diags[i].params.Version == version {
				ev := s.diags[i]
				s.mu.Unlock()
				return ev
			}
		}
		s.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("no diagnostics for %s v%d within %v", uri, version, d)
	return diagEvent{}
}

// minifiedBundle is a one-line minified script of about n bytes.
func minifiedBundle(n int) string {
	var b strings.Builder
	b.WriteString(`!function(){"use strict";`)
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, `var a%[1]d=function(e,t){return e+t+"%[1]d"},b%[1]d="https://api.example.com/"+"v%[1]d";function c%[1]d(e){if(!e)throw new Error("bad "+e);return e.map(function(n){return n*2})}var d%[1]d={k:"v",f:[1,2,"x"+"y"]};`, i)
	}
	b.WriteString("}();\n")
	return b.String()
}

// TestHugeAndMinifiedDocumentsSkipped opens a 50 MB file and a 5 MB
// one-line bundle: each is skipped with a showMessage saying why and an
// empty diagnostics array, and the server keeps answering.
func TestHugeAndMinifiedDocumentsSkipped(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	huge := protocol.DocumentURI("file:///work/project/huge.js")
	s.open(huge, "javascript", 1, strings.Repeat("const a = 'x'; // padding padding padding padding\n", 50<<20/51))
	if ev := s.diagnosticsWithin(huge, 1, waitLong); len(ev.params.Diagnostics) != 0 {
		t.Errorf("50 MB document has diagnostics")
	}
	bundle := protocol.DocumentURI("file:///work/project/dist/app.min.js")
	start := time.Now()
	s.open(bundle, "javascript", 1, minifiedBundle(5<<20))
	if ev := s.diagnosticsWithin(bundle, 1, waitLong); len(ev.params.Diagnostics) != 0 {
		t.Errorf("minified bundle has diagnostics")
	}
	t.Logf("5 MB bundle answered in %v", time.Since(start))
	s.waitFor("two showMessage", func() bool { return len(s.messages) >= 2 })
	s.mu.Lock()
	msgs := append([]protocol.ShowMessageParams(nil), s.messages...)
	s.mu.Unlock()
	if !strings.Contains(msgs[0].Message, "bytes") || !strings.Contains(msgs[1].Message, "minified") {
		t.Errorf("messages = %+v", msgs)
	}
	s.sync()
}

// TestDeeplyNestedDocuments opens 100,000-deep nestings in every language
// and asks for every code action (fix-all included): no stack overflow,
// an answer for each.
func TestDeeplyNestedDocuments(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	const depth = 100_000
	// Line breaks keep the documents under the minified-line limit.
	opens, closes := strings.Repeat("(\n", depth), strings.Repeat(")\n", depth)
	docs := map[string]string{
		"deep.js": "const apiKey = " + opens + "'x'" + closes + ";\n",
		"deep.ts": "const x = " + strings.Repeat("[\n", depth) + strings.Repeat("]\n", depth) + ";\n",
		"deep.go": "package p\n\nvar x = " + opens + "1" + closes + "\n",
		"deep.py": "x = " + opens + "1" + closes + "\n",
	}
	lang := map[string]string{".js": "javascript", ".ts": "typescript", ".go": "go", ".py": "python"}
	for name, text := range docs {
		uri := protocol.DocumentURI("file:///work/project/" + name)
		s.open(uri, lang[name[strings.LastIndex(name, "."):]], 1, text)
		start := time.Now()
		s.diagnosticsWithin(uri, 1, waitLong)
		t.Logf("%s: diagnostics after %v", name, time.Since(start))
		s.mu.Lock()
		for _, m := range s.messages {
			t.Errorf("%s: skipped: %s", name, m.Message)
		}
		s.mu.Unlock()
		var actions []protocol.CodeAction
		if err := s.call("textDocument/codeAction", map[string]any{
			"textDocument": map[string]any{"uri": uri},
			"range":        rng(0, 0, 2, 0),
			"context":      map[string]any{"diagnostics": []any{}, "only": []string{"quickfix", "source.fixAll"}},
		}, &actions); err != nil {
			t.Errorf("%s: codeAction: %v", name, err)
		}
	}
	s.sync()
}

// TestOutOfBoundsAndUnknownDocuments sends ranges past every end, reversed
// ranges, huge numbers, and requests for documents never opened: changes
// are clamped as the specification says, requests answered, notifications
// ignored, and the server keeps serving.
func TestOutOfBoundsAndUnknownDocuments(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, map[string]any{"debounceMs": 0})
	uri := protocol.DocumentURI("file:///work/project/src/oob.js")
	text := "let a = '😀';\r\nlet b = 2;\n"
	s.open(uri, "javascript", 1, text)
	steps := []change{
		{rng: rng(0, 400, 0, 500), text: "X"},               // past the line's end
		{rng: rng(90, 0, 99, 9), text: "\nEND"},             // past the last line
		{rng: rng(0, 10, 0, 10), text: "|"},                 // inside the surrogate pair
		{rng: rng(4294967295, 4294967295, 0, 0), text: "Z"}, // reversed, maximal
		{rng: rng(1, 0, 1, 4294967295), text: "let c = 3;"}, // whole line
	}
	v := int32(1)
	for _, c := range steps {
		v++
		s.change(uri, v, c)
	}
	s.sync()
	got, ver, ok := s.serverText(uri)
	if !ok || ver != v {
		t.Fatalf("document v%d open=%v after out-of-bounds changes", ver, ok)
	}
	t.Logf("text after clamped edits: %q", got)
	s.diagnosticsWithin(uri, uint32(v), waitLong)

	ghost := protocol.DocumentURI("file:///work/project/never-opened.js")
	var actions []protocol.CodeAction
	if err := s.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": ghost},
		"range":        rng(1e6, 1e6, 1e6, 1e6),
		"context":      map[string]any{"diagnostics": []any{}},
	}, &actions); err != nil || len(actions) != 0 {
		t.Errorf("codeAction on an unknown document: %v, %v", actions, err)
	}
	s.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": ghost}})
	s.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": ghost}})
	s.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": ghost, "version": 9}, "contentChanges": []any{map[string]any{"text": "x"}}})
	s.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": ""}})
	s.notify("textDocument/didChange", map[string]any{"textDocument": 42})
	if err := s.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri}, "range": "bad"}, nil); errCode(err) != jsonrpc2.InvalidParams {
		t.Errorf("malformed codeAction: %v, want InvalidParams", err)
	}
	s.sync()
	if _, _, open := s.serverText(ghost); open {
		t.Errorf("a change to an unknown document opened it")
	}
}

// TestRequestsAfterShutdown: every request after shutdown gets
// InvalidRequest, notifications are dropped, exit then returns 0.
func TestRequestsAfterShutdown(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	if err := s.call("shutdown", nil, nil); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"textDocument/codeAction", "shutdown", "initialize", "workspace/executeCommand", "trustlint/unknown"} {
		if err := s.call(m, map[string]any{}, nil); errCode(err) != jsonrpc2.InvalidRequest {
			t.Errorf("%s after shutdown: %v, want InvalidRequest", m, err)
		}
	}
	s.open("file:///work/project/late.js", "javascript", 1, "let a = 1;\n")
	s.notify("exit", nil)
	if code, _ := s.waitRun(); code != 0 {
		t.Errorf("exit after shutdown = %d, want 0", code)
	}
}

var _ = runtime.NumGoroutine

// TestEditsMakingDocumentsUnanalysable types a NUL byte into one document
// and joins another into a line above the minified-line limit: each edit
// is caught (the server checks what the edit inserted and the lines it
// touched), the diagnostics are cleared and a showMessage says why; undoing
// the edit brings the findings back.
func TestEditsMakingDocumentsUnanalysable(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, map[string]any{"debounceMs": 0})
	text := "const a = 1;\nconst key = \"sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc" + "\";\nconst b = 2;\n"
	bin := protocol.DocumentURI("file:///work/project/src/bin.js")
	s.open(bin, "javascript", 1, text)
	if ev := s.diagnosticsFor(bin, 1); len(ev.params.Diagnostics) == 0 {
		t.Fatal("no finding to start with")
	}
	at := modelPosition(text, strings.Index(text, "const b"), false)
	s.change(bin, 2, change{rng: &protocol.Range{Start: at, End: at}, text: "\x00"})
	if ev := s.diagnosticsFor(bin, 2); len(ev.params.Diagnostics) != 0 {
		t.Errorf("a document with a NUL byte has diagnostics: %+v", ev.params.Diagnostics)
	}
	end := at
	end.Character++
	s.change(bin, 3, change{rng: &protocol.Range{Start: at, End: end}, text: ""})
	if ev := s.diagnosticsFor(bin, 3); len(ev.params.Diagnostics) == 0 {
		t.Errorf("the NUL byte removed, the finding did not come back")
	}

	long := protocol.DocumentURI("file:///work/project/src/long.js")
	s.open(long, "javascript", 1, text)
	s.diagnosticsFor(long, 1)
	filler := "/*" + strings.Repeat("x", 60_000) + "*/"
	at = modelPosition(text, strings.Index(text, "const a"), false)
	s.change(long, 2, change{rng: &protocol.Range{Start: at, End: at}, text: filler})
	if ev := s.diagnosticsFor(long, 2); len(ev.params.Diagnostics) == 0 {
		t.Errorf("a 60,000-byte line is below the limit, yet the document has no diagnostics")
	}
	// The same again on the line: now above maxLineBytes.
	s.change(long, 3, change{rng: &protocol.Range{Start: at, End: at}, text: filler})
	if ev := s.diagnosticsFor(long, 3); len(ev.params.Diagnostics) != 0 {
		t.Errorf("a document with a 120,000-byte line has diagnostics: %+v", ev.params.Diagnostics)
	}
	s.waitFor("two showMessage", func() bool { return len(s.messages) >= 2 })
	s.mu.Lock()
	msgs := append([]protocol.ShowMessageParams(nil), s.messages...)
	s.mu.Unlock()
	if !strings.Contains(msgs[0].Message, "binary") || !strings.Contains(msgs[1].Message, "minified") {
		t.Errorf("messages = %+v", msgs)
	}
}
