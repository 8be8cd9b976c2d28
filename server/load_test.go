package server

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/trustlint/trustlint/detectors"
	"github.com/trustlint/trustlint/grammars"
	"github.com/trustlint/trustlint/internal/textpos"
)

// rssKiB is the process's resident set (C memory of trees included).
func rssKiB() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	return -1
}

// boundary moves off forward to a character boundary that does not split
// a "\r\n" pair.
func boundary(text string, off int) int {
	for off < len(text) && (!utf8.RuneStart(text[off]) || (off > 0 && text[off-1] == '\r' && text[off] == '\n')) {
		off++
	}
	return off
}

// TestDidChangeFlood floods didChange on 20 open documents for
// TRUSTLINT_LOAD_SECONDS (default 5): goroutines come back to their level
// before the flood, memory stays bounded, and the last diagnostics of each
// document match a fresh analysis of its final text exactly.
func TestDidChangeFlood(t *testing.T) {
	seconds := 5
	if v, err := strconv.Atoi(os.Getenv("TRUSTLINT_LOAD_SECONDS")); err == nil && v > 0 {
		seconds = v
	}
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	const ndocs = 20
	key := fakeOpenAIKey()
	snippets := []string{
		"const apiKey = \"" + key + "\";\n", "let x = 1;\n", "if (user.role === 'admin') return all;\n",
		"// 😀 comment\r\n", "function f(a) {\n", "}\n", "'", "const password = 'hunter2';\n",
	}
	texts := make([]string, ndocs)
	versions := make([]int32, ndocs)
	uris := make([]protocol.DocumentURI, ndocs)
	for i := range texts {
		uris[i] = protocol.DocumentURI(fmt.Sprintf("file:///work/project/load/f%02d.js", i))
		texts[i] = fixture(t, "config.js")
		versions[i] = 1
		s.open(uris[i], "javascript", 1, texts[i])
	}
	for i := range uris {
		s.diagnosticsFor(uris[i], 1)
	}
	runtime.GC()
	baseG := runtime.NumGoroutine()
	baseRSS := rssKiB()
	r := rand.New(rand.NewPCG(1, 2))
	deadline := time.Now().Add(time.Duration(seconds) * time.Second)
	sent := 0
	maxRSS := baseRSS
	for time.Now().Before(deadline) {
		for k := 0; k < 200; k++ {
			i := r.IntN(ndocs)
			text := texts[i]
			var c change
			switch op := r.IntN(10); {
			case op == 0:
				c = change{text: fixture(t, "config.js")}
			case op < 4 && len(text) > 40:
				a := r.IntN(len(text) - 20)
				p1, p2 := modelPosition(text, boundary(text, a), false), modelPosition(text, boundary(text, a+r.IntN(20)), false)
				c = change{rng: &protocol.Range{Start: p1, End: p2}, text: ""}
			default:
				p := modelPosition(text, boundary(text, r.IntN(len(text)+1)), false)
				c = change{rng: &protocol.Range{Start: p, End: p}, text: snippets[r.IntN(len(snippets))]}
			}
			versions[i]++
			texts[i] = modelApply(text, []change{c}, false)
			if len(texts[i]) > 64<<10 {
				versions[i]++
				texts[i] = fixture(t, "config.js")
				s.change(uris[i], versions[i]-1, c)
				s.change(uris[i], versions[i], change{text: texts[i]})
				sent += 2
				continue
			}
			s.change(uris[i], versions[i], c)
			sent++
		}
		maxRSS = max(maxRSS, rssKiB())
	}
	s.sync()
	pool := &grammars.Pool{}
	defer pool.Close()
	for i, uri := range uris {
		ev := s.settledDiagnostics(uri, versions[i], waitLong)
		got, _, _ := s.serverText(uri)
		if got != texts[i] {
			t.Fatalf("%s: server text differs from the client's after %d changes", uri, versions[i])
		}
		findings, err := detectors.AnalyzeSource(context.Background(), pool, uriPath(uri), grammars.JavaScript, []byte(texts[i]), s.srv.analysisConfig())
		if err != nil {
			t.Fatal(err)
		}
		want := s.srv.toDiagnostics(uri, textpos.New([]byte(texts[i])), versions[i], findings)
		wj, _ := json.Marshal(want)
		gj, _ := json.Marshal(ev.params.Diagnostics)
		if string(wj) != string(gj) {
			t.Errorf("%s v%d: last diagnostics do not match the final text:\n got %s\nwant %s", uri, versions[i], gj, wj)
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
	t.Logf("%d didChange in %ds (%.0f/s) on %d documents; goroutines %d → %d; RSS %d KiB → max %d KiB, end %d KiB; Go heap %d KiB",
		sent, seconds, float64(sent)/float64(seconds), ndocs, baseG, g, baseRSS, maxRSS, rssKiB(), ms.HeapAlloc>>10)
	if maxRSS > baseRSS+512<<10 {
		t.Errorf("RSS grew by %d KiB during the flood", maxRSS-baseRSS)
	}
}
