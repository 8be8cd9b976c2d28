package server

import (
	"context"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/trustlint/trustlint/grammars"
)

// checkServerState checks the server's text against the model and, once
// the version's analysis has run, its incrementally edited tree against a
// fresh parse of the model text.
func checkServerState(t *testing.T, s *session, uri protocol.DocumentURI, want string, version int32) {
	t.Helper()
	s.sync()
	got, v, open := s.serverText(uri)
	if !open {
		t.Fatalf("%s not open", uri)
	}
	if v != version {
		t.Errorf("server version %d, want %d", v, version)
	}
	if got != want {
		t.Fatalf("server text differs from the model:\n got %q\nwant %q", got, want)
	}
	s.diagnosticsFor(uri, uint32(version))
	d := s.srv.docs.get(uri)
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.tree == nil {
		t.Fatalf("no tree after analysis")
	}
	var pool grammars.Pool
	defer pool.Close()
	fresh, err := pool.Parse(context.Background(), d.lang, nil, []byte(want))
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if a, b := d.tree.RootNode().String(), fresh.RootNode().String(); a != b {
		t.Errorf("incremental tree differs from a fresh parse:\n got %s\nwant %s", a, b)
	}
}

func TestIncrementalEdits(t *testing.T) {
	key := fakeOpenAIKey()
	lf := "// settings 🔑\nconst apiKey = \"" + key + "\";\nexport default apiKey;\n"
	crlf := strings.ReplaceAll(lf, "\n", "\r\n")
	cases := []struct {
		name    string
		text    string
		batches [][]change
		utf8    bool
	}{
		{name: "insert line above", text: lf, batches: [][]change{{{rng: rng(0, 0, 0, 0), text: "'use strict';\n"}}}},
		{name: "insert after emoji (UTF-16 column)", text: lf, batches: [][]change{{{rng: rng(0, 14, 0, 14), text: " 密钥"}}}},
		{name: "insert after emoji (UTF-8 column)", utf8: true, text: lf, batches: [][]change{{{rng: rng(0, 16, 0, 16), text: " 密钥"}}}},
		{name: "delete across lines", text: lf, batches: [][]change{{{rng: rng(0, 3, 1, 6), text: ""}}}},
		{name: "delete whole line", text: lf, batches: [][]change{{{rng: rng(0, 0, 1, 0), text: ""}}}},
		{name: "replace across lines", text: lf, batches: [][]change{{{rng: rng(1, 6, 2, 6), text: "token = 1;\nconst x = 2;\nexport"}}}},
		{name: "CRLF insert line", text: crlf, batches: [][]change{{{rng: rng(1, 0, 1, 0), text: "let a = 1;\r\n"}}}},
		{name: "CRLF replace across lines", text: crlf, batches: [][]change{{{rng: rng(0, 2, 2, 6), text: "x\r\ny\r\n"}}}},
		{name: "edit at end of file", text: lf, batches: [][]change{{{rng: rng(3, 0, 3, 0), text: "console.log(1);\n"}}}},
		{name: "edit at end of last line without newline", text: "let a = 1;", batches: [][]change{{{rng: rng(0, 10, 0, 10), text: " let b = 2;"}}}},
		{name: "multi-change batch", text: lf, batches: [][]change{{
			{rng: rng(0, 0, 0, 0), text: "/* a */\n"},
			{rng: rng(1, 3, 1, 11), text: "config"},
			{rng: rng(3, 0, 3, 6), text: "module.exports ="},
			{rng: rng(4, 0, 4, 0), text: "// end\n"},
		}}},
		{name: "full text change without range", text: lf, batches: [][]change{{{text: "const other = 1;\n"}}}},
		{name: "full change then ranged", text: lf, batches: [][]change{{
			{text: "let a = 1;\nlet b = 2;\n"},
			{rng: rng(1, 4, 1, 5), text: "c"},
		}}},
		{name: "many versions", text: lf, batches: [][]change{
			{{rng: rng(2, 0, 2, 0), text: "f("}},
			{{rng: rng(2, 2, 2, 2), text: ")"}},
			{{rng: rng(2, 0, 2, 3), text: ""}},
			{{rng: rng(1, 0, 1, 0), text: "\n\n"}},
		}},
		{name: "range past end clamps", text: lf, batches: [][]change{{{rng: rng(40, 3, 41, 0), text: "// tail\n"}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := startSession(t, sessionOptions{})
			caps := map[string]any{}
			if tc.utf8 {
				caps["general"] = map[string]any{"positionEncodings": []string{"utf-8"}}
			}
			s.initialize(caps, map[string]any{"debounceMs": 0})
			uri := protocol.DocumentURI("file:///work/project/src/settings.js")
			s.open(uri, "javascript", 1, tc.text)
			s.diagnosticsFor(uri, 1)
			model := tc.text
			version := int32(1)
			for _, batch := range tc.batches {
				version++
				model = modelApply(model, batch, tc.utf8)
				s.change(uri, version, batch...)
			}
			checkServerState(t, s, uri, model, version)
			ev := s.diagnosticsFor(uri, uint32(version))
			keyOff := strings.Index(model, key)
			var found bool
			for _, d := range ev.params.Diagnostics {
				if d.Code != "TL101" {
					continue
				}
				found = true
				if keyOff < 0 || !strings.Contains(rangeText(model, d.Range, tc.utf8), key) {
					t.Errorf("TL101 at %v does not cover the key in the edited text", d.Range)
				}
			}
			if keyOff >= 0 && (strings.HasPrefix(model, "const apiKey") || strings.Contains(model, "\nconst apiKey")) && !found {
				t.Errorf("TL101 missing after edits")
			}
		})
	}
}

func TestStaleVersionsIgnored(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, map[string]any{"debounceMs": 0})
	uri := protocol.DocumentURI("file:///work/project/src/a.js")
	s.open(uri, "javascript", 1, "let a = 1;\n")
	s.change(uri, 3, change{rng: rng(0, 4, 0, 5), text: "b"})
	s.change(uri, 2, change{rng: rng(0, 0, 0, 0), text: "STALE "})
	s.change(uri, 3, change{rng: rng(0, 0, 0, 0), text: "SAME "})
	checkServerState(t, s, uri, "let b = 1;\n", 3)
}

func TestDidChangeBeforeOpenIgnored(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	uri := protocol.DocumentURI("file:///work/project/src/late.js")
	s.change(uri, 2, change{text: "let x = 1;\n"})
	s.sync()
	if _, _, open := s.serverText(uri); open {
		t.Fatalf("didChange before didOpen created a document")
	}
	s.open(uri, "javascript", 1, "let y = 2;\n")
	checkServerState(t, s, uri, "let y = 2;\n", 1)
}

func TestDuplicateDidOpenReplaces(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	uri := protocol.DocumentURI("file:///work/project/src/dup.js")
	s.open(uri, "javascript", 5, "let a = 1;\n")
	s.open(uri, "javascript", 1, "let b = 2;\n")
	checkServerState(t, s, uri, "let b = 2;\n", 1)
}

func TestDiagnosticsTaggedWithCurrentVersion(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	text := fixture(t, "config.js")
	s.open(configURI, "javascript", 1, text)
	// Several quick edits: only current versions may be published, and the
	// last version must be.
	model := text
	for v := int32(2); v <= 6; v++ {
		c := change{rng: rng(0, 0, 0, 0), text: "// edit\n"}
		model = modelApply(model, []change{c}, false)
		s.change(configURI, v, c)
	}
	ev := s.diagnosticsFor(configURI, 6)
	d := findDiag(t, ev, "TL101")
	checkKeyRange(t, model, d, false)
	s.mu.Lock()
	defer s.mu.Unlock()
	var last uint32
	for _, e := range s.diags {
		if e.params.URI != configURI {
			continue
		}
		if e.params.Version < last {
			t.Errorf("version %d published after %d", e.params.Version, last)
		}
		last = e.params.Version
	}
}
