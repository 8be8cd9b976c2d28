package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"
)

// wait bounds every wait in the tests; it only keeps a broken test from
// hanging, nothing is asserted about durations.
const wait = 10 * time.Second

// fakeOpenAIKey returns a realistic-looking (not real) OpenAI project key,
// generated so no key literal sits in the repository.
func fakeOpenAIKey() string {
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	r := rand.New(rand.NewPCG(20240917, 42))
	var b strings.Builder
	b.WriteString("sk-proj-")
	for i := 0; i < 56; i++ {
		b.WriteByte(alnum[r.IntN(len(alnum))])
	}
	return b.String()
}

// fixture reads testdata/server/name, with __OPENAI_KEY__ replaced.
func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "server", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "__OPENAI_KEY__", fakeOpenAIKey())
}

// session is a server running in-process with Run, and a test client
// talking real JSON-RPC framing to it over a pipe.
type session struct {
	t      testing.TB
	conn   jsonrpc2.Conn // nil for raw sessions
	raw    net.Conn      // the client's end of the pipe
	srv    *server
	cancel context.CancelFunc

	done     chan struct{}
	exitCode int
	runErr   error

	mu       sync.Mutex
	changed  chan struct{}
	diags    []diagEvent
	messages []protocol.ShowMessageParams
	traces   []logTraceParams
}

type diagEvent struct {
	params protocol.PublishDiagnosticsParams
	raw    json.RawMessage
}

type sessionOptions struct {
	opts Options
	raw  bool // no jsonrpc2 client; the test speaks frames itself
}

func startSession(t testing.TB, so sessionOptions) *session {
	t.Helper()
	serverEnd, clientEnd := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	s := &session{t: t, raw: clientEnd, cancel: cancel, done: make(chan struct{}), changed: make(chan struct{})}
	opts := so.opts
	if opts.Logger == nil {
		opts.Logger = zaptest.NewLogger(t, zaptest.Level(zap.InfoLevel))
	}
	if opts.Version == "" {
		opts.Version = "0.0.0-test"
	}
	h := &hooks{}
	if opts.hooks != nil {
		*h = *opts.hooks
	}
	srvCh := make(chan *server, 1)
	h.onServer = func(sv *server) { srvCh <- sv }
	opts.hooks = h
	go func() {
		defer close(s.done)
		s.exitCode, s.runErr = Run(ctx, serverEnd, serverEnd, opts)
	}()
	s.srv = <-srvCh
	if !so.raw {
		s.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(clientEnd))
		s.conn.Go(ctx, s.clientHandler)
	}
	t.Cleanup(func() {
		cancel()
		clientEnd.Close()
		select {
		case <-s.done:
		case <-time.After(wait):
			t.Errorf("Run did not return after the test")
		}
	})
	return s
}

func (s *session) clientHandler(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	switch req.Method() {
	case "textDocument/publishDiagnostics":
		var p protocol.PublishDiagnosticsParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			s.t.Errorf("bad publishDiagnostics: %v", err)
		}
		s.record(func() {
			s.diags = append(s.diags, diagEvent{p, append(json.RawMessage(nil), req.Params()...)})
		})
	case "window/showMessage":
		var p protocol.ShowMessageParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			s.t.Errorf("bad showMessage: %v", err)
		}
		s.record(func() { s.messages = append(s.messages, p) })
	case "$/logTrace":
		var p logTraceParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			s.t.Errorf("bad logTrace: %v", err)
		}
		s.record(func() { s.traces = append(s.traces, p) })
	}
	return reply(ctx, nil, nil)
}

func (s *session) record(f func()) {
	s.mu.Lock()
	f()
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
}

// waitFor waits until cond (called with s.mu held) holds.
func (s *session) waitFor(what string, cond func() bool) {
	s.t.Helper()
	deadline := time.After(wait)
	for {
		s.mu.Lock()
		ok := cond()
		ch := s.changed
		s.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			s.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// diagnosticsFor waits for the publication of uri at version and returns it.
func (s *session) diagnosticsFor(uri protocol.DocumentURI, version uint32) diagEvent {
	s.t.Helper()
	var ev diagEvent
	s.waitFor(fmt.Sprintf("diagnostics of %s v%d", uri, version), func() bool {
		for i := len(s.diags) - 1; i >= 0; i-- {
			if s.diags[i].params.URI == uri && s.diags[i].params.Version == version {
				ev = s.diags[i]
				return true
			}
		}
		return false
	})
	return ev
}

func (s *session) call(method string, params, result any) error {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	_, err := s.conn.Call(ctx, method, params, result)
	return err
}

func (s *session) notify(method string, params any) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := s.conn.Notify(ctx, method, params); err != nil {
		s.t.Fatalf("notify %s: %v", method, err)
	}
}

// sync returns once the server has handled every earlier notification:
// they run in order on its read loop, before this request.
func (s *session) sync() {
	s.t.Helper()
	err := s.call("trustlint/sync", nil, nil)
	if code := errCode(err); code != jsonrpc2.MethodNotFound {
		s.t.Fatalf("sync: want MethodNotFound, got %v", err)
	}
}

func errCode(err error) jsonrpc2.Code {
	if e, ok := err.(*jsonrpc2.Error); ok {
		return e.Code
	}
	return 0
}

// initialize runs initialize + initialized with the given capabilities and
// initializationOptions.
func (s *session) initialize(caps map[string]any, initOptions any) map[string]any {
	s.t.Helper()
	params := map[string]any{
		"processId":    nil,
		"rootUri":      "file:///work/project",
		"capabilities": caps,
		"clientInfo":   map[string]any{"name": "trustlint-test"},
	}
	if initOptions != nil {
		params["initializationOptions"] = initOptions
	}
	var result map[string]any
	if err := s.call("initialize", params, &result); err != nil {
		s.t.Fatalf("initialize: %v", err)
	}
	s.notify("initialized", map[string]any{})
	return result
}

func (s *session) open(uri protocol.DocumentURI, languageID string, version int32, text string) {
	s.t.Helper()
	s.notify("textDocument/didOpen", map[string]any{
		"textDocument": map[string]any{"uri": uri, "languageId": languageID, "version": version, "text": text},
	})
}

// change sends didChange; a change with a nil range replaces the text.
func (s *session) change(uri protocol.DocumentURI, version int32, changes ...change) {
	s.t.Helper()
	var cc []map[string]any
	for _, c := range changes {
		m := map[string]any{"text": c.text}
		if c.rng != nil {
			m["range"] = c.rng
		}
		cc = append(cc, m)
	}
	s.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": version},
		"contentChanges": cc,
	})
}

// serverText returns the server's text and version of uri.
func (s *session) serverText(uri protocol.DocumentURI) (string, int32, bool) {
	d := s.srv.docs.get(uri)
	if d == nil {
		return "", 0, false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return string(d.text), d.version, true
}

// waitRun waits for Run to return and gives its results.
func (s *session) waitRun() (int, error) {
	s.t.Helper()
	select {
	case <-s.done:
		return s.exitCode, s.runErr
	case <-time.After(wait):
		s.t.Fatalf("Run did not return")
		return 0, nil
	}
}

// change is one content change: rng nil replaces the whole text.
type change struct {
	rng  *protocol.Range
	text string
}

func rng(l1, c1, l2, c2 uint32) *protocol.Range {
	return &protocol.Range{Start: protocol.Position{Line: l1, Character: c1}, End: protocol.Position{Line: l2, Character: c2}}
}

// --- An independent model of LSP positions, for checking the server. ---

// modelLines splits text into lines with their terminators ("\n", "\r\n",
// or a lone "\r").
func modelLines(text string) []string {
	var lines []string
	start := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			lines = append(lines, text[start:i+1])
			start = i + 1
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			lines = append(lines, text[start:i+1])
			start = i + 1
		}
	}
	return append(lines, text[start:])
}

// modelOffset maps an LSP position (UTF-16 or UTF-8 columns) to a byte
// offset, clamping past the end of a line or the text.
func modelOffset(text string, p protocol.Position, utf8Cols bool) int {
	lines := modelLines(text)
	off := 0
	for i := 0; i < int(p.Line) && i < len(lines); i++ {
		off += len(lines[i])
	}
	if int(p.Line) >= len(lines) {
		return len(text)
	}
	content := strings.TrimRight(lines[p.Line], "\r\n")
	if utf8Cols {
		return off + min(int(p.Character), len(content))
	}
	units := 0
	for i, r := range content {
		if units >= int(p.Character) {
			return off + i
		}
		units += len(utf16.Encode([]rune{r}))
	}
	return off + len(content)
}

// modelPosition maps a byte offset to an LSP position.
func modelPosition(text string, off int, utf8Cols bool) protocol.Position {
	lines := modelLines(text)
	line := 0
	for line < len(lines)-1 && off >= len(lines[line]) {
		off -= len(lines[line])
		line++
	}
	prefix := lines[line][:off]
	if utf8Cols {
		return protocol.Position{Line: uint32(line), Character: uint32(len(prefix))}
	}
	return protocol.Position{Line: uint32(line), Character: uint32(len(utf16.Encode([]rune(prefix))))}
}

// modelApply applies content changes the way the specification says.
func modelApply(text string, changes []change, utf8Cols bool) string {
	for _, c := range changes {
		if c.rng == nil {
			text = c.text
			continue
		}
		a := modelOffset(text, c.rng.Start, utf8Cols)
		b := modelOffset(text, c.rng.End, utf8Cols)
		text = text[:a] + c.text + text[b:]
	}
	return text
}

// modelApplyTextEdits applies non-overlapping TextEdits computed against
// text.
func modelApplyTextEdits(t testing.TB, text string, edits []protocol.TextEdit, utf8Cols bool) string {
	t.Helper()
	type be struct {
		a, b int
		s    string
	}
	var bes []be
	for _, e := range edits {
		bes = append(bes, be{modelOffset(text, e.Range.Start, utf8Cols), modelOffset(text, e.Range.End, utf8Cols), e.NewText})
	}
	// Apply from the end so earlier offsets stay valid; stable for equal
	// starts (inserts keep their array order).
	for i := len(bes) - 1; i >= 0; i-- {
		e := bes[i]
		if e.a > e.b || e.b > len(text) {
			t.Fatalf("bad edit %+v", e)
		}
		text = text[:e.a] + e.s + text[e.b:]
	}
	return text
}

// rangeText returns the text an LSP range covers.
func rangeText(text string, r protocol.Range, utf8Cols bool) string {
	return text[modelOffset(text, r.Start, utf8Cols):modelOffset(text, r.End, utf8Cols)]
}

// --- Raw framing, for malformed input and exact wire checks. ---

type rawClient struct {
	t  testing.TB
	c  net.Conn
	rd *bufio.Reader
}

func newRawClient(t testing.TB, c net.Conn) *rawClient {
	return &rawClient{t: t, c: c, rd: bufio.NewReader(c)}
}

func (r *rawClient) send(body string) {
	r.t.Helper()
	r.c.SetWriteDeadline(time.Now().Add(wait))
	if _, err := fmt.Fprintf(r.c, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		r.t.Fatalf("raw send: %v", err)
	}
}

// read returns the next message from the server.
func (r *rawClient) read() map[string]any {
	r.t.Helper()
	r.c.SetReadDeadline(time.Now().Add(wait))
	length := -1
	for {
		line, err := r.rd.ReadString('\n')
		if err != nil {
			r.t.Fatalf("raw read header: %v", err)
		}
		line = strings.TrimSpace(line)
		if line == "" {
			break
		}
		if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
			length, _ = strconv.Atoi(v)
		}
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r.rd, body); err != nil {
		r.t.Fatalf("raw read body: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		r.t.Fatalf("raw body not JSON: %v", err)
	}
	return m
}

// response reads until the response with the given id (as JSON text).
func (r *rawClient) response(id string) map[string]any {
	r.t.Helper()
	for {
		m := r.read()
		if _, isNotification := m["method"]; isNotification {
			continue
		}
		got, _ := json.Marshal(m["id"])
		if string(got) == id {
			return m
		}
	}
}

func rawErrCode(m map[string]any) int {
	e, _ := m["error"].(map[string]any)
	if e == nil {
		return 0
	}
	c, _ := e["code"].(float64)
	return int(c)
}

// utf16Len is the length of s in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
