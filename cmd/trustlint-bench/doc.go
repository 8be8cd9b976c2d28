package main

import (
	"fmt"
	"math/rand"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/trustlint/trustlint/internal/benchgen"
)

// diagTimeout bounds the wait for one version's diagnostics.
const diagTimeout = 60 * time.Second

// doc is the client's copy of one open document.
type doc struct {
	c       *client
	lang    benchgen.Lang
	id      string // LSP language id
	uri     string
	lines   []string // each with its "\n", the last one possibly without
	version int
}

func newDoc(c *client, l benchgen.Lang, languageID, uri string, src []byte) *doc {
	return &doc{c: c, lang: l, id: languageID, uri: uri, lines: strings.SplitAfter(string(src), "\n")}
}

// open sends didOpen and returns the time to the first diagnostics.
func (d *doc) open() (time.Duration, error) {
	d.version = 1
	sent := time.Now()
	if err := d.c.notify("textDocument/didOpen", map[string]any{
		"textDocument": map[string]any{"uri": d.uri, "languageId": d.id, "version": d.version, "text": strings.Join(d.lines, "")},
	}); err != nil {
		return 0, err
	}
	got, err := d.c.waitDiagnostics(d.uri, d.version, diagTimeout)
	if err != nil {
		return 0, err
	}
	return got.Sub(sent), nil
}

// edit replaces the range (columns in bytes of the client's lines, sent
// as UTF-16 code units) with text, sends it and waits for the diagnostics
// of the new version; it returns the latency.
func (d *doc) edit(sl, sc, el, ec int, text string) (time.Duration, error) {
	d.version++
	change := map[string]any{
		"range": map[string]any{
			"start": map[string]any{"line": sl, "character": utf16Len(d.lines[sl][:sc])},
			"end":   map[string]any{"line": el, "character": utf16Len(d.lines[el][:ec])},
		},
		"text": text,
	}
	prefix := d.lines[sl][:sc]
	suffix := d.lines[el][ec:]
	repl := strings.SplitAfter(prefix+text+suffix, "\n")
	if repl[len(repl)-1] == "" && el+1 < len(d.lines) {
		repl = repl[:len(repl)-1]
	}
	lines := make([]string, 0, len(d.lines)+len(repl))
	lines = append(lines, d.lines[:sl]...)
	lines = append(lines, repl...)
	lines = append(lines, d.lines[el+1:]...)
	d.lines = lines
	if fullSync {
		change = map[string]any{"text": strings.Join(lines, "")}
	}
	if thinkTime > 0 {
		time.Sleep(thinkTime)
	}
	sent := time.Now()
	if err := d.c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": d.uri, "version": d.version},
		"contentChanges": []any{change},
	}); err != nil {
		return 0, err
	}
	got, err := d.c.waitDiagnostics(d.uri, d.version, diagTimeout)
	if err != nil {
		return 0, err
	}
	return got.Sub(sent), nil
}

// bodyLine picks an indented, non-blank line (inside a function body).
func (d *doc) bodyLine(rng *rand.Rand) int {
	return d.pick(rng, 0, func(i int) bool {
		s := d.lines[i]
		return len(s) > 2 && (s[0] == ' ' || s[0] == '\t') && strings.TrimSpace(s) != "" && strings.HasSuffix(s, "\n")
	})
}

// topLine picks the first line of a top-level declaration: unindented,
// after a blank line.
func (d *doc) topLine(rng *rand.Rand) int {
	return d.pick(rng, 1, func(i int) bool {
		s := d.lines[i]
		return s != "" && s[0] != ' ' && s[0] != '\t' && s[0] != '\n' && s[0] != '\r' && s[0] != '}' && s[0] != ')' && strings.TrimSpace(d.lines[i-1]) == ""
	})
}

// pick returns a random line from the first-th on that satisfies ok, or,
// when random tries find none (a file of one class has no unindented
// line), the first such line, or the last line of the file.
func (d *doc) pick(rng *rand.Rand, first int, ok func(int) bool) int {
	if first >= len(d.lines) {
		return len(d.lines) - 1
	}
	for try := 0; try < 1000; try++ {
		if i := first + rng.Intn(len(d.lines)-first); ok(i) {
			return i
		}
	}
	for i := first; i < len(d.lines); i++ {
		if ok(i) {
			return i
		}
	}
	return len(d.lines) - 1
}

func indentOf(s string) string { return s[:len(s)-len(strings.TrimLeft(s, " \t"))] }

// statement is a line of code in d's language, without indentation.
func (d *doc) statement() string { return benchgen.Statement(d.lang) }

// typeChars types statements character by character on new lines in
// function bodies: Enter, then each character, every keystroke measured.
func (d *doc) typeChars(rng *rand.Rand, n int) ([]time.Duration, error) {
	var out []time.Duration
	for len(out) < n {
		line := d.bodyLine(rng)
		end := contentEnd(d.lines[line])
		lat, err := d.edit(line, end, line, end, "\n"+indentOf(d.lines[line]))
		if err != nil {
			return nil, err
		}
		out = append(out, lat)
		line++
		col := contentEnd(d.lines[line])
		for _, ch := range d.statement() {
			if len(out) >= n {
				break
			}
			lat, err := d.edit(line, col, line, col, string(ch))
			if err != nil {
				return nil, err
			}
			out = append(out, lat)
			col++
		}
	}
	return out, nil
}

// insertLines inserts whole statements at the start of body lines.
func (d *doc) insertLines(rng *rand.Rand, n int) ([]time.Duration, error) {
	var out []time.Duration
	for i := 0; i < n; i++ {
		line := d.bodyLine(rng)
		lat, err := d.edit(line, 0, line, 0, indentOf(d.lines[line])+d.statement()+"\n")
		if err != nil {
			return nil, err
		}
		out = append(out, lat)
	}
	return out, nil
}

// paste inserts 50-line blocks (an accepted AI suggestion) between
// top-level declarations.
func (d *doc) paste(rng *rand.Rand, n int) ([]time.Duration, error) {
	var out []time.Duration
	for i := 0; i < n; i++ {
		block := benchgen.Paste(d.lang, 50, i)
		lines := strings.SplitAfter(block, "\n")
		if len(lines) > 51 {
			block = strings.Join(lines[:50], "") + "\n"
		}
		line := d.topLine(rng)
		lat, err := d.edit(line, 0, line, 0, block)
		if err != nil {
			return nil, fmt.Errorf("paste at line %d: %w", line, err)
		}
		out = append(out, lat)
	}
	return out, nil
}

// utf16Len is the length of s in UTF-16 code units, LSP's default
// position encoding.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// contentEnd is the byte offset of s's line terminator ("\n" or "\r\n").
func contentEnd(s string) int {
	s = strings.TrimSuffix(s, "\n")
	return len(strings.TrimSuffix(s, "\r"))
}
