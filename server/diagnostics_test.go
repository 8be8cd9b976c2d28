package server

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/trustlint/trustlint/detectors"
)

const configURI = protocol.DocumentURI("file:///work/project/src/config.js")

// findDiag returns the diagnostic with the given code, failing the test
// when there is none.
func findDiag(t *testing.T, ev diagEvent, code string) protocol.Diagnostic {
	t.Helper()
	for _, d := range ev.params.Diagnostics {
		if d.Code == code {
			return d
		}
	}
	t.Fatalf("no %s diagnostic in %+v (is detection for %s implemented yet?)", code, ev.params.Diagnostics, code)
	return protocol.Diagnostic{}
}

// checkKeyRange checks that the diagnostic covers exactly the key or its
// quoted literal, with positions computed by the test's own model.
func checkKeyRange(t *testing.T, text string, d protocol.Diagnostic, utf8Cols bool) {
	t.Helper()
	key := fakeOpenAIKey()
	got := rangeText(text, d.Range, utf8Cols)
	if got != key && got != `"`+key+`"` {
		t.Errorf("diagnostic range %v covers %q, want the key or its literal", d.Range, got)
	}
	keyOff := strings.Index(text, key)
	want := modelPosition(text, keyOff, utf8Cols)
	if got == `"`+key+`"` {
		want = modelPosition(text, keyOff-1, utf8Cols)
	}
	if d.Range.Start != want {
		t.Errorf("range start %v, want %v", d.Range.Start, want)
	}
}

func TestSecretDiagnosticUTF16RangeAfterEmojiAndCJK(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	text := fixture(t, "config.js")
	s.open(configURI, "javascript", 1, text)
	ev := s.diagnosticsFor(configURI, 1)
	d := findDiag(t, ev, "TL101")
	checkKeyRange(t, text, d, false)

	// Independently: the line holds an emoji (2 UTF-16 units, 4 bytes) and
	// CJK (1 unit, 3 bytes each) before the literal.
	line := strings.Split(text, "\n")[1]
	idx := strings.Index(line, fakeOpenAIKey())
	if d.Range.Start.Line != 1 || int(d.Range.Start.Character) < utf16Len(line[:idx])-1 || int(d.Range.Start.Character) > utf16Len(line[:idx]) {
		t.Errorf("start %v: want line 1, UTF-16 column %d (or one less for the quote)", d.Range.Start, utf16Len(line[:idx]))
	}
	if d.Range.Start.Character >= uint32(idx) {
		t.Errorf("start column %d counts bytes, not UTF-16 units", d.Range.Start.Character)
	}
	if d.Source != "trustlint" || d.Severity != protocol.DiagnosticSeverityError {
		t.Errorf("source %q severity %v", d.Source, d.Severity)
	}
	rule, _ := detectors.Lookup("TL101")
	if d.CodeDescription == nil || string(d.CodeDescription.Href) != rule.DocURL() {
		t.Errorf("codeDescription = %+v, want %s", d.CodeDescription, rule.DocURL())
	}
	if strings.Contains(d.Message, fakeOpenAIKey()) {
		t.Errorf("message contains the whole secret")
	}
	data, _ := d.Data.(map[string]any)
	if data["rule"] != "TL101" || data["version"] != float64(1) {
		t.Errorf("data = %v", d.Data)
	}
}

func TestSecretDiagnosticUTF8Range(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{"general": map[string]any{"positionEncodings": []string{"utf-8"}}}, nil)
	text := fixture(t, "config.js")
	s.open(configURI, "javascript", 1, text)
	d := findDiag(t, s.diagnosticsFor(configURI, 1), "TL101")
	checkKeyRange(t, text, d, true)
}

func TestAuthorizationHeaderCredential(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	uri := protocol.DocumentURI("file:///work/project/src/usage.js")
	text := fixture(t, "headers.js")
	s.open(uri, "javascript", 3, text)
	ev := s.diagnosticsFor(uri, 3)
	var found bool
	for _, d := range ev.params.Diagnostics {
		if (d.Code == "TL101" || d.Code == "TL102") && strings.Contains(rangeText(text, d.Range, false), "sk-test-1234") {
			found = true
		}
	}
	if !found {
		t.Errorf("no TL101/TL102 diagnostic covering the bearer token: %+v", ev.params.Diagnostics)
	}
}

func TestCleanFilePublishesEmptyArray(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	uri := protocol.DocumentURI("file:///work/project/src/greet.js")
	s.open(uri, "javascript", 1, fixture(t, "clean.js"))
	ev := s.diagnosticsFor(uri, 1)
	if !bytes.Contains(ev.raw, []byte(`"diagnostics":[]`)) {
		t.Errorf("clean file published %s, want an empty array", ev.raw)
	}
}

func TestDidCloseClearsDiagnosticsWithEmptyArray(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	s.open(configURI, "javascript", 1, fixture(t, "config.js"))
	s.diagnosticsFor(configURI, 1)
	s.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": configURI}})
	s.waitFor("clearing publication", func() bool {
		last := s.diags[len(s.diags)-1]
		return last.params.URI == configURI && len(last.params.Diagnostics) == 0
	})
	s.mu.Lock()
	last := s.diags[len(s.diags)-1]
	s.mu.Unlock()
	if !bytes.Contains(last.raw, []byte(`"diagnostics":[]`)) {
		t.Errorf("didClose published %s, want \"diagnostics\":[]", last.raw)
	}
	s.sync()
	if _, _, open := s.serverText(configURI); open {
		t.Errorf("document still stored after didClose")
	}
}

func TestDidSaveAnalyses(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	s.open(configURI, "javascript", 1, fixture(t, "config.js"))
	s.diagnosticsFor(configURI, 1)
	s.mu.Lock()
	before := len(s.diags)
	s.mu.Unlock()
	s.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": configURI}})
	s.waitFor("publication after save", func() bool { return len(s.diags) > before })
}

func TestUnsupportedLanguageStoredNotAnalysed(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	rb := protocol.DocumentURI("file:///work/project/config.rb")
	s.open(rb, "ruby", 1, `API_KEY = "`+fakeOpenAIKey()+`"`+"\n")
	s.open(configURI, "javascript", 1, fixture(t, "config.js"))
	s.diagnosticsFor(configURI, 1)
	if _, v, open := s.serverText(rb); !open || v != 1 {
		t.Errorf("ruby document not stored")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ev := range s.diags {
		if ev.params.URI == rb {
			t.Errorf("unsupported language got diagnostics: %s", ev.raw)
		}
	}
}

func TestHugeDocumentShowsMessageOnce(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	uri := protocol.DocumentURI("file:///work/project/bundle.js")
	line := "var a = 1; // padding padding padding padding padding padding\n"
	big := strings.Repeat(line, detectors.MaxBytes()/len(line)+2)
	s.open(uri, "javascript", 1, big)
	s.diagnosticsFor(uri, 1)
	s.change(uri, 2, change{rng: rng(0, 0, 0, 0), text: "// more\n"})
	s.diagnosticsFor(uri, 2)
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.messages) != 1 {
		t.Fatalf("got %d showMessage, want 1: %+v", len(s.messages), s.messages)
	}
	m := s.messages[0]
	if m.Type != protocol.MessageTypeWarning || !strings.Contains(m.Message, "bytes") {
		t.Errorf("message = %+v", m)
	}
}

func TestBinaryDocumentSkippedWithMessage(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	uri := protocol.DocumentURI("file:///work/project/blob.js")
	s.open(uri, "javascript", 1, "const k = \"\x00\x01\x02\";\n")
	ev := s.diagnosticsFor(uri, 1)
	if len(ev.params.Diagnostics) != 0 {
		t.Errorf("binary document has diagnostics")
	}
	s.waitFor("showMessage", func() bool { return len(s.messages) == 1 })
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.messages[0].Type != protocol.MessageTypeWarning || !strings.Contains(s.messages[0].Message, "binary") {
		t.Errorf("message = %+v", s.messages[0])
	}
}

func TestInvalidUTF8AndLoneSurrogates(t *testing.T) {
	s := startSession(t, sessionOptions{raw: true})
	rc := newRawClient(t, s.raw)
	rc.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"capabilities":{}}}`)
	rc.response("1")
	// Invalid UTF-8 bytes inside the JSON string, and a lone surrogate escape.
	rc.send("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"file:///p/x.js\",\"languageId\":\"javascript\",\"version\":1,\"text\":\"const a = '\xff\xfe \\ud800';\\nconst b = 2;\\n\"}}}")
	rc.send(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///p/x.js","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":12},"end":{"line":0,"character":13}},"text":"\udc00"}]}}`)
	rc.send(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`)
	if m := rc.response("2"); m["error"] != nil {
		t.Errorf("shutdown: %v", m)
	}
}

func TestConfigurationDisableAndSeverity(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, map[string]any{
		"debounceMs": 0,
		"rules":      map[string]any{"disable": []string{"TL101"}},
	})
	text := fixture(t, "config.js")
	s.open(configURI, "javascript", 1, text)
	ev := s.diagnosticsFor(configURI, 1)
	for _, d := range ev.params.Diagnostics {
		if d.Code == "TL101" {
			t.Fatalf("TL101 reported while disabled")
		}
	}
	s.mu.Lock()
	before := len(s.diags)
	s.mu.Unlock()
	s.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"trustlint": map[string]any{
		"rules":    map[string]any{"disable": []string{}},
		"severity": map[string]any{"TL101": "warning"},
	}}})
	var d protocol.Diagnostic
	s.waitFor("re-analysis with TL101 enabled", func() bool {
		for _, ev := range s.diags[before:] {
			for _, dd := range ev.params.Diagnostics {
				if dd.Code == "TL101" {
					d = dd
					return true
				}
			}
		}
		return false
	})
	if d.Severity != protocol.DiagnosticSeverityWarning {
		t.Errorf("severity %v, want warning", d.Severity)
	}
	if got := s.srv.config().debounce; got != 0 {
		t.Errorf("debounce %v, want 0", got)
	}
}

func TestSettingsMerge(t *testing.T) {
	base := defaultSettings(0)
	next, problems := base.merge([]byte(`{"debounceMs": 120, "rules": {"disable": ["tl102", "TL999"], "only": ["TL101"]}, "severity": {"TL101": "hint", "TL102": "loud"}}`))
	if next.debounce.Milliseconds() != 120 {
		t.Errorf("debounce %v", next.debounce)
	}
	if !next.detectors.Disabled["TL102"] || !next.detectors.Only["TL101"] {
		t.Errorf("rules %+v", next.detectors)
	}
	if next.detectors.Severity["TL101"] != detectors.SeverityHint {
		t.Errorf("severity %+v", next.detectors.Severity)
	}
	if len(problems) != 2 {
		t.Errorf("problems %q, want the unknown rule and the bad severity", problems)
	}
	if base.detectors.Disabled != nil {
		t.Errorf("merge modified its receiver")
	}
	same, problems := next.merge([]byte(`null`))
	if same.debounce != next.debounce || len(problems) != 0 {
		t.Errorf("null settings changed something")
	}
	if _, problems := next.merge([]byte(`"nonsense"`)); len(problems) != 1 {
		t.Errorf("bad settings not reported")
	}
}

func TestDefaultSettingsDebounce(t *testing.T) {
	for _, tt := range []struct {
		opt, want time.Duration
	}{
		{0, defaultDebounce},
		{-1, 0},
		{5 * time.Millisecond, 5 * time.Millisecond},
		{time.Hour, maxDebounce},
	} {
		if got := defaultSettings(tt.opt).debounce; got != tt.want {
			t.Errorf("defaultSettings(%v).debounce = %v, want %v", tt.opt, got, tt.want)
		}
	}
	// The client's settings still override Options.Debounce.
	next, _ := defaultSettings(-1).merge([]byte(`{"debounceMs": 40}`))
	if next.debounce != 40*time.Millisecond {
		t.Errorf("settings debounce %v, want 40ms", next.debounce)
	}
}

// TestDebounceAfter checks the automatic debounce: with no delay
// configured, an edit is analysed at once after quick analyses and after
// defaultDebounce after slow ones or when it came before the previous
// version was analysed; a configured delay (Options.Debounce, the client's
// debounceMs, 0 included) always applies.
func TestDebounceAfter(t *testing.T) {
	auto := defaultSettings(0)
	fixed := defaultSettings(5 * time.Millisecond)
	none := defaultSettings(-1)
	fromClient, _ := auto.merge([]byte(`{"debounceMs": 40}`))
	zeroFromClient, _ := auto.merge([]byte(`{"debounceMs": 0}`))
	other, _ := auto.merge([]byte(`{"rules": {"disable": ["TL102"]}}`))
	for _, tt := range []struct {
		name   string
		s      settings
		last   time.Duration
		behind bool
		want   time.Duration
	}{
		{"automatic, first edit", auto, 0, false, 0},
		{"automatic, quick analysis", auto, 2 * time.Millisecond, false, 0},
		{"automatic, at the bound", auto, quickAnalysis, false, 0},
		{"automatic, slow analysis", auto, quickAnalysis + time.Millisecond, false, defaultDebounce},
		{"automatic, other settings", other, time.Second, false, defaultDebounce},
		{"automatic, other settings, quick", other, time.Millisecond, false, 0},
		{"automatic, behind", auto, time.Millisecond, true, defaultDebounce},
		{"debounceMs 0, behind", zeroFromClient, time.Millisecond, true, 0},
		{"Options.Debounce", fixed, time.Millisecond, false, 5 * time.Millisecond},
		{"Options.Debounce negative", none, time.Second, false, 0},
		{"debounceMs", fromClient, time.Millisecond, false, 40 * time.Millisecond},
		{"debounceMs 0", zeroFromClient, time.Second, false, 0},
	} {
		if got := tt.s.debounceAfter(tt.last, tt.behind); got != tt.want {
			t.Errorf("%s: debounceAfter(%v) = %v, want %v", tt.name, tt.last, got, tt.want)
		}
	}
	// One slow analysis among quick ones does not delay the next edit;
	// analyses that stay slow do.
	avg := averageTook(0, 2*time.Millisecond)
	if avg != 2*time.Millisecond {
		t.Errorf("first average %v", avg)
	}
	if avg = averageTook(avg, 40*time.Millisecond); auto.debounceAfter(avg, false) != 0 {
		t.Errorf("one 40 ms analysis after 2 ms ones: average %v delays the next edit", avg)
	}
	for i := 0; i < 3; i++ {
		avg = averageTook(avg, 40*time.Millisecond)
	}
	if auto.debounceAfter(avg, false) != defaultDebounce {
		t.Errorf("four 40 ms analyses: average %v does not delay the next edit", avg)
	}
}

// TestEditTookRecorded checks that the analyses of edits record how long
// they took, which the automatic debounce of the next edit reads, on a
// document small enough for region analyses and on one analysed in
// windows, and that neither the first analysis after didOpen (a whole
// parse: the first keystroke is analysed at once) nor a confirming
// whole-file analysis does.
func TestEditTookRecorded(t *testing.T) {
	for _, window := range []int{-1, 1} {
		s := startSession(t, sessionOptions{opts: Options{WindowBytes: window, ConfirmDelay: time.Millisecond}})
		s.initialize(map[string]any{}, nil)
		uri := protocol.DocumentURI("file:///work/project/src/app.js")
		text := "const a = 1;\n\nfunction f() {\n  return a;\n}\n"
		s.open(uri, "javascript", 1, text)
		s.diagnosticsFor(uri, 1)
		d := s.srv.docs.get(uri)
		d.mu.Lock()
		opened := d.editTook
		d.mu.Unlock()
		if opened != 0 {
			t.Errorf("window %d: the analysis of didOpen recorded %v", window, opened)
		}
		s.change(uri, 2, change{rng: rng(3, 10, 3, 10), text: " + 1"})
		s.diagnosticsFor(uri, 2)
		d.mu.Lock()
		edited, exact := d.editTook, d.exact
		d.editTook = 0
		d.mu.Unlock()
		if edited <= 0 || exact {
			t.Errorf("window %d: the analysis of an edit recorded %v (whole file: %v)", window, edited, exact)
		}
		// The confirming whole-file analysis follows at once.
		deadline := time.Now().Add(wait)
		for {
			d.mu.Lock()
			exact, confirmed := d.exact, d.editTook
			d.mu.Unlock()
			if exact {
				if confirmed != 0 {
					t.Errorf("window %d: the confirming analysis recorded %v", window, confirmed)
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("window %d: no confirming analysis", window)
			}
			time.Sleep(time.Millisecond)
		}
	}
}
