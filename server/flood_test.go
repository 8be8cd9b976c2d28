package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"go.lsp.dev/protocol"

	"github.com/trustlint/trustlint/detectors"
	"github.com/trustlint/trustlint/grammars"
	"github.com/trustlint/trustlint/internal/textpos"
)

// This file floods the server with didChange notifications at a fixed
// rate from a client that builds its frames by appending bytes (no
// reflection, no JSON-RPC library) and keeps its model of each document
// as lines, so one change costs the client a line, not the whole text.

// floodDoc is the client's model of one open document.
type floodDoc struct {
	uri     protocol.DocumentURI
	uriJSON []byte // the URI as a JSON string
	nl      string
	lines   []string // without terminators
	bytes   int
	version int32
}

func (d *floodDoc) text() string { return strings.Join(d.lines, d.nl) }

func (d *floodDoc) reset(base []string) {
	d.lines = append(d.lines[:0], base...)
	d.bytes = 0
	for _, l := range d.lines {
		d.bytes += len(l) + len(d.nl)
	}
}

// utf16Col is the UTF-16 column of byte offset off in line.
func utf16Col(line string, off int) int {
	n := 0
	for _, r := range line[:off] {
		n += len(utf16.Encode([]rune{r}))
	}
	return n
}

// runeOffsets lists the byte offsets of line's characters and its end.
func runeOffsets(line string, buf []int) []int {
	buf = buf[:0]
	for i := range line {
		buf = append(buf, i)
	}
	return append(buf, len(line))
}

// floodClient generates didChange frames for its documents.
type floodClient struct {
	r        *rand.Rand
	docs     []*floodDoc
	base     []string // the documents' starting lines
	baseJSON []byte   // their text as a JSON string, per newline style
	snippets []string
	quoted   [][]byte // snippets as JSON strings
	offs     []int
	body     []byte
	frame    []byte
	maxBytes int
}

func newFloodClient(seed uint64, ndocs int, baseText string, snippets []string) *floodClient {
	c := &floodClient{r: rand.New(rand.NewPCG(seed, 7)), snippets: snippets, maxBytes: 32 << 10}
	c.base = strings.Split(strings.ReplaceAll(baseText, "\r\n", "\n"), "\n")
	for _, s := range snippets {
		q, _ := json.Marshal(s)
		c.quoted = append(c.quoted, q)
	}
	for i := 0; i < ndocs; i++ {
		d := &floodDoc{uri: protocol.DocumentURI(fmt.Sprintf("file:///work/project/flood/f%02d.js", i)), nl: "\n", version: 1}
		if i%2 == 1 {
			d.nl = "\r\n"
		}
		d.uriJSON, _ = json.Marshal(d.uri)
		d.reset(c.base)
		c.docs = append(c.docs, d)
	}
	return c
}

// appendPos appends an LSP position.
func appendPos(b []byte, line, char int) []byte {
	b = append(b, `{"line":`...)
	b = strconv.AppendInt(b, int64(line), 10)
	b = append(b, `,"character":`...)
	b = strconv.AppendInt(b, int64(char), 10)
	return append(b, '}')
}

// next appends the frame of one random didChange to dst and applies it to
// the client's model.
func (c *floodClient) next(dst []byte) []byte {
	d := c.docs[c.r.IntN(len(c.docs))]
	d.version++
	b := c.body[:0]
	b = append(b, `{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":`...)
	b = append(b, d.uriJSON...)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, int64(d.version), 10)
	b = append(b, `},"contentChanges":[{`...)
	op := c.r.IntN(1000)
	switch {
	case op == 0 || d.bytes > c.maxBytes:
		// The whole text, without a range.
		d.reset(c.base)
		q, _ := json.Marshal(d.text())
		b = append(b, `"text":`...)
		b = append(b, q...)
	default:
		l := c.r.IntN(len(d.lines))
		line := d.lines[l]
		c.offs = runeOffsets(line, c.offs)
		i := c.r.IntN(len(c.offs))
		start := c.offs[i]
		end := start
		var text string
		var quoted []byte
		switch {
		case op < 400 && i < len(c.offs)-1:
			// Delete up to eight characters of the line.
			end = c.offs[min(i+1+c.r.IntN(8), len(c.offs)-1)]
			quoted = []byte(`""`)
		case op < 980:
			k := c.r.IntN(len(c.snippets))
			text, quoted = c.snippets[k], c.quoted[k]
		default:
			// Break the line.
			text = d.nl
			quoted, _ = json.Marshal(text)
		}
		b = append(b, `"range":{"start":`...)
		b = appendPos(b, l, utf16Col(line, start))
		b = append(b, `,"end":`...)
		b = appendPos(b, l, utf16Col(line, end))
		b = append(b, `},"text":`...)
		b = append(b, quoted...)
		edited := line[:start] + text + line[end:]
		d.bytes += len(text) - (end - start)
		if text == d.nl {
			d.lines = append(d.lines, "")
			copy(d.lines[l+2:], d.lines[l+1:])
			d.lines[l], d.lines[l+1] = line[:start], line[end:]
		} else {
			d.lines[l] = edited
		}
	}
	b = append(b, `}]}}`...)
	c.body = b
	dst = append(dst, "Content-Length: "...)
	dst = strconv.AppendInt(dst, int64(len(b)), 10)
	dst = append(dst, "\r\n\r\n"...)
	return append(dst, b...)
}

// floodReader reads the server's messages on a raw session: it records the
// last publication per document in the session, answers nothing, and
// signals responses by id.
func (s *session) floodReader(rd io.Reader, responses chan<- string) {
	br := bufio.NewReaderSize(rd, 64<<10)
	last := map[protocol.DocumentURI]int{}
	for {
		length := -1
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				return
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
		if _, err := io.ReadFull(br, body); err != nil {
			return
		}
		var m struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
			Params json.RawMessage `json:"params"`
		}
		if err := json.Unmarshal(body, &m); err != nil {
			s.t.Errorf("flood: bad message from the server: %v", err)
			return
		}
		switch {
		case m.Method == "textDocument/publishDiagnostics":
			var p protocol.PublishDiagnosticsParams
			if err := json.Unmarshal(m.Params, &p); err != nil {
				s.t.Errorf("flood: bad publishDiagnostics: %v", err)
				return
			}
			s.record(func() {
				ev := diagEvent{p, m.Params}
				if i, ok := last[p.URI]; ok {
					s.diags[i] = ev // only the last one matters; memory stays flat
					return
				}
				last[p.URI] = len(s.diags)
				s.diags = append(s.diags, ev)
			})
		case m.Method == "" && len(m.ID) > 0:
			responses <- string(m.ID)
		}
	}
}

// waitSettled waits until the server holds a whole-file analysis of
// version of uri with nothing pending (see settledDiagnostics; its last
// publication is then written, and a sync round trip has the client
// record it).
func (s *session) waitSettled(uri protocol.DocumentURI, version int32) {
	s.t.Helper()
	deadline := time.Now().Add(waitLong)
	for {
		if d := s.srv.docs.get(uri); d != nil {
			d.mu.Lock()
			settled := d.exact && d.hasFindings && d.findingsVersion == version && d.timer == nil && !d.running
			d.mu.Unlock()
			if settled {
				return
			}
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%s v%d: no settled whole-file analysis within %s", uri, version, waitLong)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// lastPublication returns the diagnostics (JSON) and version of the last
// publication for uri the client recorded.
func (s *session) lastPublication(uri protocol.DocumentURI) (string, uint32) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.diags) - 1; i >= 0; i-- {
		if s.diags[i].params.URI == uri {
			b, _ := json.Marshal(s.diags[i].params.Diagnostics)
			return string(b), s.diags[i].params.Version
		}
	}
	return "", 0
}

// treeDiverged reports whether the server's tree of uri has syntax errors
// and differs from a fresh parse of its text (when the server dropped the
// tree, whether a fresh parse has errors).
func (s *session) treeDiverged(uri protocol.DocumentURI, pool *grammars.Pool) bool {
	d := s.srv.docs.get(uri)
	if d == nil {
		return false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	fresh, err := pool.Parse(context.Background(), grammars.JavaScript, nil, d.text)
	if err != nil {
		return false
	}
	defer fresh.Close()
	if d.tree == nil {
		return fresh.RootNode().HasError()
	}
	return d.tree.RootNode().HasError() && d.tree.RootNode().String() != fresh.RootNode().String()
}

// floodStats samples the process while the flood runs.
type floodStats struct {
	mu                         sync.Mutex
	maxRSS, maxHeap, maxGorout int
}

func (st *floodStats) sample() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	st.mu.Lock()
	defer st.mu.Unlock()
	st.maxRSS = max(st.maxRSS, rssKiB())
	st.maxHeap = max(st.maxHeap, int(ms.HeapAlloc>>10))
	st.maxGorout = max(st.maxGorout, runtime.NumGoroutine())
}

// TestDidChangeFlood10k sends didChange notifications at
// TRUSTLINT_FLOOD_RATE a second (default 10,000) on 20 open documents for
// TRUSTLINT_FLOOD (a duration; default 3s, 1s under the race detector), then checks that the server
// read every one (its text equals the client's), that the last diagnostics
// of each document are for its final version and match a fresh analysis
// of its final text exactly, that goroutines come back to their level and
// that memory stayed bounded. TRUSTLINT_FLOOD_WHOLE=1 runs the server
// with whole-file analysis after every edit. The measured rate, memory
// and goroutines are logged (docs/reliability.md records them); nothing
// is asserted about time.
func TestDidChangeFlood10k(t *testing.T) {
	duration := 3 * time.Second
	if raceEnabled {
		duration = time.Second
	}
	if v, err := time.ParseDuration(os.Getenv("TRUSTLINT_FLOOD")); err == nil && v > 0 {
		duration = v
	}
	rate := 10_000
	if v, err := strconv.Atoi(os.Getenv("TRUSTLINT_FLOOD_RATE")); err == nil && v > 0 {
		rate = v
	}
	const ndocs = 20
	s := startSession(t, sessionOptions{raw: true, opts: Options{WholeFile: os.Getenv("TRUSTLINT_FLOOD_WHOLE") != ""}})
	responses := make(chan string, 16)
	go s.floodReader(s.raw, responses)
	send := func(body string) {
		t.Helper()
		if _, err := fmt.Fprintf(s.raw, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
			t.Fatalf("send: %v", err)
		}
	}
	await := func(id string) {
		t.Helper()
		select {
		case got := <-responses:
			if got != id {
				t.Fatalf("response %s, want %s", got, id)
			}
		case <-time.After(waitLong):
			t.Fatalf("no response %s", id)
		}
	}
	send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":"file:///work/project","capabilities":{}}}`)
	await("1")
	send(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)

	key := fakeOpenAIKey()
	snippets := []string{
		"const apiKey = \"" + key + "\";", "let x = 1;", "if (user.role === 'admin') return all;",
		"// 😀 comment", "'", "const password = 'hunter2';", "é", "𝄞", " ", "x",
	}
	c := newFloodClient(1, ndocs, fixture(t, "config.js"), snippets)
	for _, d := range c.docs {
		q, _ := json.Marshal(d.text())
		send(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":` + string(d.uriJSON) + `,"languageId":"javascript","version":1,"text":` + string(q) + `}}}`)
	}
	for _, d := range c.docs {
		s.settledDiagnostics(d.uri, 1, waitLong)
	}
	runtime.GC()
	baseG := runtime.NumGoroutine()
	baseRSS := rssKiB()
	var baseMS runtime.MemStats
	runtime.ReadMemStats(&baseMS)
	st := &floodStats{maxRSS: baseRSS}
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stopSampling:
				return
			case <-tick.C:
				st.sample()
			}
		}
	}()

	// Paced: every millisecond, whatever is due by then is handed as one
	// batch to a writer goroutine, so building frames overlaps with the
	// server reading them (a net.Pipe write returns only once it is read).
	batches := make(chan []byte, 64)
	free := make(chan []byte, 64)
	written := make(chan error, 1)
	go func() {
		var err error
		for b := range batches {
			if err == nil {
				_, err = s.raw.Write(b)
			}
			select {
			case free <- b[:0]:
			default:
			}
		}
		written <- err
	}()
	start := time.Now()
	sent := 0
	for {
		elapsed := time.Since(start)
		if elapsed >= duration {
			break
		}
		if due := int(elapsed.Seconds()*float64(rate)) - sent; due > 0 {
			var frames []byte
			select {
			case frames = <-free:
			default:
			}
			for i := 0; i < due; i++ {
				frames = c.next(frames)
			}
			sent += due
			batches <- frames
		}
		time.Sleep(time.Millisecond)
	}
	close(batches)
	if err := <-written; err != nil {
		t.Fatalf("flood write: %v", err)
	}
	sending := time.Since(start)
	send(`{"jsonrpc":"2.0","id":2,"method":"trustlint/sync"}`)
	await("2")
	read := time.Since(start)
	close(stopSampling)
	<-sampled

	// The last publication of each document is for its final version and
	// matches a fresh analysis of its final text. tree-sitter's error
	// recovery depends on the nodes an incremental parse reuses, so on text
	// with syntax errors the server's tree (edited and reparsed thousands
	// of times) can differ from a fresh parse of the same text, and so can
	// its findings: such documents are counted and logged, then sent their
	// text in full (a fresh parse) and checked exactly.
	pool := &grammars.Pool{}
	defer pool.Close()
	wants := make([]string, len(c.docs))
	want := func(d *floodDoc) string {
		findings, err := detectors.AnalyzeSource(context.Background(), pool, uriPath(d.uri), grammars.JavaScript, []byte(d.text()), s.srv.analysisConfig())
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(s.srv.toDiagnostics(d.uri, textpos.New([]byte(d.text())), d.version, findings))
		return string(b)
	}
	id := 3
	syncRaw := func() {
		t.Helper()
		send(`{"jsonrpc":"2.0","id":` + strconv.Itoa(id) + `,"method":"trustlint/sync"}`)
		await(strconv.Itoa(id))
		id++
	}
	diverged := 0
	for i, d := range c.docs {
		s.waitSettled(d.uri, d.version)
		if got, _, _ := s.serverText(d.uri); got != d.text() {
			t.Fatalf("%s: server text differs from the client's after %d versions", d.uri, d.version)
		}
		wants[i] = want(d)
		syncRaw() // every publication written before is recorded
		if got, v := s.lastPublication(d.uri); v != uint32(d.version) {
			t.Errorf("%s: the last publication is for v%d, want v%d", d.uri, v, d.version)
		} else if got != wants[i] {
			if !s.treeDiverged(d.uri, pool) {
				t.Errorf("%s v%d: the last diagnostics do not match the final text:\n got %s\nwant %s", d.uri, d.version, got, wants[i])
			}
			diverged++
		}
	}
	if diverged > 0 {
		t.Logf("%d of %d documents: diagnostics of the incrementally reparsed tree differ from a fresh parse's (syntax errors); sending their text in full", diverged, len(c.docs))
	}
	for i, d := range c.docs {
		d.version++
		q, _ := json.Marshal(d.text())
		send(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":` + string(d.uriJSON) + `,"version":` + strconv.Itoa(int(d.version)) + `},"contentChanges":[{"text":` + string(q) + `}]}}`)
		wants[i] = want(d)
	}
	for i, d := range c.docs {
		s.waitSettled(d.uri, d.version)
		syncRaw()
		if got, v := s.lastPublication(d.uri); v != uint32(d.version) || got != wants[i] {
			t.Errorf("%s: the last publication (v%d) does not match the final text (v%d):\n got %s\nwant %s", d.uri, v, d.version, got, wants[i])
		}
	}
	var g int
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if g = runtime.NumGoroutine(); g <= baseG+2 {
			break
		}
	}
	if g > baseG+2 {
		t.Errorf("goroutines grew from %d to %d", baseG, g)
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	t.Logf("%d didChange on %d documents: sent in %v (%.0f/s, target %d/s), all read by the server after %v (%.0f/s)",
		sent, ndocs, sending.Round(time.Millisecond), float64(sent)/sending.Seconds(), rate, read.Round(time.Millisecond), float64(sent)/read.Seconds())
	t.Logf("goroutines %d → max %d → %d; RSS %d → max %d → %d KiB; Go heap %d → max %d → %d KiB (client and server share the process)",
		baseG, st.maxGorout, g, baseRSS, st.maxRSS, rssKiB(), baseMS.HeapAlloc>>10, st.maxHeap, ms.HeapAlloc>>10)
	if st.maxRSS > baseRSS+512<<10 {
		t.Errorf("RSS grew by %d KiB during the flood", st.maxRSS-baseRSS)
	}
}
