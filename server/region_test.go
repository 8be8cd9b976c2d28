package server

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/trustlint/trustlint/detectors"
	"github.com/trustlint/trustlint/grammars"
	"github.com/trustlint/trustlint/internal/textpos"
)

// settledDiagnostics waits until the server holds a whole-file analysis of
// version with nothing pending (a region analysis is published first and
// confirmed once the document stays unchanged) and returns the last
// publication for uri.
func (s *session) settledDiagnostics(uri protocol.DocumentURI, version int32, within time.Duration) diagEvent {
	s.t.Helper()
	deadline := time.Now().Add(within)
	for {
		if d := s.srv.docs.get(uri); d != nil {
			d.mu.Lock()
			settled := d.exact && d.hasFindings && d.findingsVersion == version && d.timer == nil && !d.running
			d.mu.Unlock()
			d.pubMu.Lock()
			sent := d.publications
			d.pubMu.Unlock()
			// The last publication may still be on its way to the client.
			if settled && s.received(uri) >= sent {
				break
			}
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%s v%d: no settled whole-file analysis within %s", uri, version, within)
		}
		time.Sleep(5 * time.Millisecond)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.diags) - 1; i >= 0; i-- {
		if s.diags[i].params.URI == uri {
			if s.diags[i].params.Version != uint32(version) {
				s.t.Fatalf("%s: last publication is for v%d, want v%d", uri, s.diags[i].params.Version, version)
			}
			return s.diags[i]
		}
	}
	s.t.Fatalf("%s: nothing published", uri)
	return diagEvent{}
}

// received counts the publications for uri the client has read.
func (s *session) received(uri protocol.DocumentURI) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, ev := range s.diags {
		if ev.params.URI == uri {
			n++
		}
	}
	return n
}

// TestRegionThenWholeFile types into a document: each edit is answered
// from a region analysis, and once typing pauses the diagnostics equal a
// whole-file analysis of the final text, including when the edit changes
// findings outside the region (a secret declared in one function and
// logged in another).
func TestRegionThenWholeFile(t *testing.T) {
	testRegionThenWholeFile(t, Options{WindowBytes: -1}, false)
}

// TestWindowThenWholeFile is TestRegionThenWholeFile with every region
// analysis on a windowed parse (as for files of 8 KiB and more), and a
// code action asked for while the document's tree is the edited old one.
func TestWindowThenWholeFile(t *testing.T) {
	testRegionThenWholeFile(t, Options{WindowBytes: 1, ConfirmDelay: 2 * time.Second}, false)
}

// TestWindowThenWholeFileFullSync is TestWindowThenWholeFile for a client
// that sends the whole text with every change: the server applies the
// part that differs as an edit, so the analyses are windowed all the same.
func TestWindowThenWholeFileFullSync(t *testing.T) {
	testRegionThenWholeFile(t, Options{WindowBytes: 1, ConfirmDelay: 2 * time.Second}, true)
}

func testRegionThenWholeFile(t *testing.T, opts Options, fullSync bool) {
	core, logs := observer.New(zap.DebugLevel)
	opts.Logger = zap.New(core)
	s := startSession(t, sessionOptions{opts: opts})
	s.initialize(map[string]any{}, map[string]any{"debounceMs": 0})
	uri := protocol.DocumentURI("file:///work/project/src/region.js")
	var b strings.Builder
	b.WriteString("const express = require(\"express\");\nconst app = express();\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "function handler%d(req, res) {\n  const name = req.query.name || \"guest\";\n  res.send(`hello ${name}`);\n}\n", i)
	}
	b.WriteString("function report() {\n  console.log(\"apiKey\", apiKey);\n}\n")
	text := b.String()
	version := int32(1)
	s.open(uri, "javascript", version, text)
	s.diagnosticsFor(uri, uint32(version))

	edits := []struct{ at, insert string }{
		// A Stripe key typed into a function: the region finds it.
		{"function handler3(req, res) {\n", "  const stripe = \"sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc" + "\";\n"},
		// A top-level declaration of the name report() logs: TL105 fires
		// in another function, outside the region.
		{"function report() {\n", "const apiKey = process.env.STRIPE_SECRET_KEY;\n"},
		// A line typed in a handler, then a statement typed character by
		// character.
		{"function handler7(req, res) {\n", "  // greet\n"},
		{"  // greet\n", "  l"},
		{"  // greet\n  l", "e"},
		{"  // greet\n  le", "t"},
		{"  // greet\n  let", " "},
		{"  // greet\n  let ", "n"},
		{"  // greet\n  let n", " = 1;"},
	}
	for _, e := range edits {
		i := strings.Index(text, e.at)
		if i < 0 {
			t.Fatalf("anchor %q not found", e.at)
		}
		i += len(e.at)
		pos := modelPosition(text, i, false)
		version++
		text = text[:i] + e.insert + text[i:]
		if fullSync {
			s.change(uri, version, change{text: text})
		} else {
			s.change(uri, version, change{rng: &protocol.Range{Start: pos, End: pos}, text: e.insert})
		}
		ev := s.diagnosticsFor(uri, uint32(version))
		if opts.WindowBytes > 0 {
			d := s.srv.docs.get(uri)
			d.mu.Lock()
			stale := d.treeStale
			d.mu.Unlock()
			if !stale {
				t.Errorf("v%d: the document was reparsed: no windowed analysis", version)
			}
		}
		if strings.Contains(e.insert, "sk_live_") {
			// The region analysis finds the key at once, and its fix is
			// offered before any whole-file analysis.
			var key *protocol.Diagnostic
			for i, d := range ev.params.Diagnostics {
				if d.Code == "TL101" {
					key = &ev.params.Diagnostics[i]
				}
			}
			if key == nil {
				t.Fatalf("v%d: no TL101 in the first publication: %+v", version, ev.params.Diagnostics)
			}
			var actions []protocol.CodeAction
			if err := s.call("textDocument/codeAction", protocol.CodeActionParams{
				TextDocument: protocol.TextDocumentIdentifier{URI: uri}, Range: key.Range,
				Context: protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{*key}},
			}, &actions); err != nil {
				t.Fatal(err)
			}
			fixed := false
			for _, a := range actions {
				if a.Edit != nil && strings.Contains(fmt.Sprint(a.Edit.Changes), "process.env.STRIPE_SECRET_KEY") {
					fixed = true
				}
			}
			if !fixed {
				t.Errorf("v%d: no env fix among the code actions: %+v", version, actions)
			}
		}
	}
	if opts.WindowBytes > 0 {
		// Typing in one function: windows are parsed from the last one.
		fromLast := 0
		for _, e := range logs.FilterMessage("analysed").All() {
			if e.ContextMap()["fromLast"] == true {
				fromLast++
			}
		}
		if fromLast == 0 {
			t.Errorf("no window was parsed from the last one")
		}
	}
	ev := s.settledDiagnostics(uri, version, 10*time.Second)
	pool := &grammars.Pool{}
	defer pool.Close()
	findings, err := detectors.AnalyzeSource(t.Context(), pool, uriPath(uri), grammars.JavaScript, []byte(text), s.srv.analysisConfig())
	if err != nil {
		t.Fatal(err)
	}
	want := s.srv.toDiagnostics(uri, textpos.New([]byte(text)), version, findings)
	gj, _ := json.Marshal(ev.params.Diagnostics)
	wj, _ := json.Marshal(want)
	if string(gj) != string(wj) {
		t.Errorf("settled diagnostics differ from a whole-file analysis:\n got %s\nwant %s", gj, wj)
	}
	rules := map[string]bool{}
	for _, f := range findings {
		rules[f.Rule] = true
	}
	if !rules["TL101"] || !rules["TL105"] {
		t.Errorf("want TL101 and TL105 among the findings, got %v", rules)
	}
}
