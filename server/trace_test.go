package server

import (
	"encoding/json"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
)

// waitTrace waits for a $/logTrace whose message starts with prefix and
// whose verbose part contains verbose, and returns it.
func (s *session) waitTrace(prefix, verbose string) logTraceParams {
	s.t.Helper()
	var found logTraceParams
	s.waitFor("$/logTrace "+prefix+" "+verbose, func() bool {
		for _, tr := range s.traces {
			if strings.HasPrefix(tr.Message, prefix) && strings.Contains(tr.Verbose, verbose) {
				found = tr
				return true
			}
		}
		return false
	})
	return found
}

// tracesSoFar returns a copy of the trace messages received.
func (s *session) tracesSoFar() []logTraceParams {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]logTraceParams(nil), s.traces...)
}

// traceSync returns once every trace message queued before it has been
// received: the trace queue is first in, first out, and this waits for the
// trace of a request sent after them.
func (s *session) traceSync() {
	s.t.Helper()
	const marker = "Sending response '(unknown method)"
	count := func() int {
		n := 0
		for _, tr := range s.traces {
			if strings.HasPrefix(tr.Message, marker) {
				n++
			}
		}
		return n
	}
	s.mu.Lock()
	before := count()
	s.mu.Unlock()
	s.sync()
	s.waitFor("the trace of the sync request", func() bool { return count() > before })
}

// secretWindows returns the windows of five characters of secret that
// lie beyond its first skip bytes (a public prefix such as "sk-proj-").
func secretWindows(secret string, skip int) []string {
	var out []string
	for i := max(skip-4, 0); i+5 <= len(secret); i++ {
		out = append(out, secret[i:i+5])
	}
	return out
}

// TestTrace drives the trace value through initialize's trace and
// $/setTrace (off, messages, verbose, an unknown value) and checks the
// $/logTrace notifications: sent only when tracing, verbose parts only at
// verbose, about the server's own events.
func TestTrace(t *testing.T) {
	s := startSession(t, sessionOptions{})
	var res map[string]any
	if err := s.call("initialize", map[string]any{
		"processId": nil, "rootUri": "file:///work/project", "capabilities": map[string]any{}, "trace": "messages",
	}, &res); err != nil {
		t.Fatal(err)
	}
	s.notify("initialized", map[string]any{})
	if got := s.srv.trace.get(); got != traceMessages {
		t.Fatalf("trace after initialize with trace messages = %v", got)
	}
	s.waitTrace("Sending response 'initialize - (", "")

	const uri = "file:///work/project/trace.js"
	s.open(uri, "javascript", 1, "const apiKey = \""+fakeOpenAIKey()+"\";\n")
	s.diagnosticsFor(uri, 1)
	s.waitTrace("Sending notification 'textDocument/publishDiagnostics'", "")
	s.traceSync()
	for _, tr := range s.tracesSoFar() {
		if tr.Verbose != "" {
			t.Errorf("verbose part at trace messages: %+v", tr)
		}
	}

	s.notify("$/setTrace", map[string]any{"value": "verbose"})
	s.waitTrace("Trace set to verbose.", "")
	s.change(uri, 2, change{rng: rng(0, 0, 0, 0), text: "// edited\n"})
	s.waitTrace("Received notification 'textDocument/didChange'.", "Document: "+uri+" version 2, 1 content changes.")
	s.diagnosticsFor(uri, 2)
	s.waitTrace("Sending notification 'textDocument/publishDiagnostics'.", "Document: "+uri+" version 2, 1 diagnostics (TL101).")
	var actions []json.RawMessage
	if err := s.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri}, "range": rng(1, 0, 1, 80),
		"context": map[string]any{"diagnostics": []any{}},
	}, &actions); err != nil {
		t.Fatal(err)
	}
	if len(actions) == 0 {
		t.Fatal("no code actions on a hardcoded key")
	}
	s.waitTrace("Sending response 'textDocument/codeAction - (", "Result: ")
	if err := s.call("textDocument/notAMethod", nil, nil); errCode(err) != jsonrpc2.MethodNotFound {
		t.Fatalf("unknown method: %v", err)
	}
	s.waitTrace("Sending response '(unknown method) - (", "Error: code -32601.")

	// An unknown value changes nothing.
	s.notify("$/setTrace", map[string]any{"value": "loud"})
	s.traceSync()
	if got := s.srv.trace.get(); got != traceVerbose {
		t.Fatalf("trace after an unknown value = %v, want verbose", got)
	}

	// Off: nothing is traced until it is turned on again.
	s.notify("$/setTrace", map[string]any{"value": "off"})
	s.sync()
	before := len(s.tracesSoFar())
	s.change(uri, 3, change{rng: rng(0, 0, 0, 0), text: "// again\n"})
	s.diagnosticsFor(uri, 3)
	s.notify("$/setTrace", map[string]any{"value": "verbose"})
	s.traceSync()
	for _, tr := range s.tracesSoFar()[before:] {
		if strings.Contains(tr.Verbose, "version 3") {
			t.Errorf("traced while off: %+v", tr)
		}
	}
}

// TestTraceNeverCarriesSecrets runs a session at trace verbose on a
// document full of secrets, with edits, code actions and requests whose
// method names hold a secret: no $/logTrace message holds five characters
// of any secret.
func TestTraceNeverCarriesSecrets(t *testing.T) {
	s := startSession(t, sessionOptions{})
	var res map[string]any
	if err := s.call("initialize", map[string]any{
		"processId": nil, "rootUri": "file:///work/project", "capabilities": map[string]any{}, "trace": "verbose",
	}, &res); err != nil {
		t.Fatal(err)
	}
	s.notify("initialized", map[string]any{})
	key := fakeOpenAIKey()
	const password = "Zq8-hunter2-Xv7p"
	secrets := map[string][]string{
		"key":      secretWindows(key, len("sk-proj-")),
		"password": secretWindows(password, 0),
	}
	const uri = "file:///work/project/secrets.js"
	s.open(uri, "javascript", 1, fixture(t, "config.js")+"const dbPassword = '"+password+"';\n")
	s.diagnosticsFor(uri, 1)
	s.change(uri, 2, change{rng: rng(0, 0, 0, 0), text: "const token = '" + key + "';\n"})
	s.diagnosticsFor(uri, 2)
	var actions []json.RawMessage
	if err := s.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri}, "range": rng(0, 0, 99, 0),
		"context": map[string]any{"diagnostics": []any{}, "only": []string{"quickfix", "source.fixAll"}},
	}, &actions); err != nil {
		t.Fatal(err)
	}
	if err := s.call("textDocument/"+key, map[string]any{"password": password}, nil); errCode(err) != jsonrpc2.MethodNotFound {
		t.Fatalf("unknown method: %v", err)
	}
	s.notify(password, map[string]any{"value": key})
	s.notify("$/setTrace", map[string]any{"value": key})
	s.traceSync()
	traces := s.tracesSoFar()
	verbose := 0
	for _, tr := range traces {
		if tr.Verbose != "" {
			verbose++
		}
		text := tr.Message + "\n" + tr.Verbose
		for name, windows := range secrets {
			for _, w := range windows {
				if strings.Contains(text, w) {
					t.Fatalf("trace carries %s (%q): %+v", name, w, tr)
				}
			}
		}
	}
	if verbose == 0 {
		t.Fatalf("no verbose trace: the test checks nothing (%d traces)", len(traces))
	}
	t.Logf("%d trace messages (%d with a verbose part) checked", len(traces), verbose)
}

// TestTraceIDLabel: numeric ids are shown, a client's string ids only by
// length (they could hold anything).
func TestTraceIDLabel(t *testing.T) {
	if got := idLabel(jsonrpc2.NewNumberID(42)); got != "42" {
		t.Errorf("number id: %q", got)
	}
	key := fakeOpenAIKey()
	if got := idLabel(jsonrpc2.NewStringID(key)); strings.Contains(got, key[8:13]) || got != "string id of 64 bytes" {
		t.Errorf("string id: %q", got)
	}
}
