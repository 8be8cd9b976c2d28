package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/trustlint/trustlint/internal/benchgen"
)

// BenchmarkKeystrokeToDiagnostics measures one keystroke (a ranged
// didChange) until its diagnostics arrive at the client, with no
// debounce, on generated 1,000- and 10,000-line files of each language.
// The keystrokes type a statement character by character on a new line in
// a function body, like cmd/trustlint-bench: an Enter, then each
// character, moving to another body line after each statement. The
// DESIGN.md budget is measured here and by cmd/trustlint-bench, not
// asserted.
//
// $TRUSTLINT_BENCH_FILES (comma-separated paths of .js, .ts, .tsx, .go or
// .py files) adds those files: code the generator did not write.
func BenchmarkKeystrokeToDiagnostics(b *testing.B) {
	for _, lines := range []int{1000, 10000} {
		for _, l := range benchgen.Langs() {
			b.Run(fmt.Sprintf("%s-%dlines", l, lines), func(b *testing.B) {
				benchKeystrokes(b, l, string(l), protocol.DocumentURI("file:///work/project/src/big"+l.Ext()), string(benchgen.Generate(l, lines)))
			})
		}
	}
	benchOwnFiles(b, benchKeystrokes)
}

// benchKeystrokes is BenchmarkKeystrokeToDiagnostics on one file: it
// types benchgen.Statement(l) on new lines in the body of text.
func benchKeystrokes(b *testing.B, l benchgen.Lang, languageID string, uri protocol.DocumentURI, text string) {
	s := startSession(b, sessionOptions{opts: Options{Logger: zap.NewNop(), WindowBytes: benchWindowBytes()}})
	s.initialize(map[string]any{}, map[string]any{"debounceMs": 0})
	s.open(uri, languageID, 1, text)
	s.diagnosticsFor(uri, 1)
	ls := strings.Split(text, "\n")
	stmt := benchgen.Statement(l)
	var line, col uint32
	typed := len(stmt) // start on a new line
	next := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v := int32(i + 2)
		if typed == len(stmt) {
			// Enter at the end of a body line, keeping its indentation.
			line = bodyLine(ls, &next)
			end := uint32(len(ls[line]))
			indent := ls[line][:len(ls[line])-len(strings.TrimLeft(ls[line], " \t"))]
			s.change(uri, v, change{rng: rng(line, end, line, end), text: "\n" + indent})
			ls = append(ls[:line+1], append([]string{indent}, ls[line+1:]...)...)
			line++
			col, typed = uint32(len(indent)), 0
		} else {
			ch := stmt[typed : typed+1]
			s.change(uri, v, change{rng: rng(line, col, line, col), text: ch})
			ls[line] += ch
			col++
			typed++
		}
		s.diagnosticsFor(uri, uint32(v))
	}
}

// benchOwnFiles runs bench as a sub-benchmark on each file of
// $TRUSTLINT_BENCH_FILES (comma-separated paths of .js, .ts, .tsx, .go or
// .py files).
func benchOwnFiles(b *testing.B, bench func(b *testing.B, l benchgen.Lang, languageID string, uri protocol.DocumentURI, text string)) {
	for _, path := range strings.Split(os.Getenv("TRUSTLINT_BENCH_FILES"), ",") {
		if path == "" {
			continue
		}
		l, id, ok := benchFileLang(path)
		if !ok {
			b.Fatalf("%s: not a .js, .ts, .tsx, .go or .py file", path)
		}
		text, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(filepath.Base(path), func(b *testing.B) {
			bench(b, l, id, protocol.DocumentURI("file:///work/project/src/"+filepath.Base(path)), string(text))
		})
	}
}

// benchFileLang returns the generator language whose statements fit a
// file, and the file's LSP language id.
func benchFileLang(path string) (benchgen.Lang, string, bool) {
	switch filepath.Ext(path) {
	case ".js", ".mjs", ".cjs", ".jsx":
		return benchgen.JavaScript, "javascript", true
	case ".ts", ".mts", ".cts":
		return benchgen.TypeScript, "typescript", true
	case ".tsx":
		return benchgen.TypeScript, "typescriptreact", true
	case ".go":
		return benchgen.Go, "go", true
	case ".py", ".pyi":
		return benchgen.Python, "python", true
	}
	return "", "", false
}

// BenchmarkPasteToDiagnostics measures a 50-line paste (an accepted AI
// suggestion: benchgen.Paste, as cmd/trustlint-bench pastes) at a
// top-level line of a generated 1,000-line file until its diagnostics
// arrive; the paste is then deleted again, untimed, so every paste lands
// in the same file. $TRUSTLINT_BENCH_FILES adds files, as for
// BenchmarkKeystrokeToDiagnostics.
func BenchmarkPasteToDiagnostics(b *testing.B) {
	for _, l := range benchgen.Langs() {
		b.Run(fmt.Sprintf("%s-1000lines", l), func(b *testing.B) {
			benchPastes(b, l, string(l), protocol.DocumentURI("file:///work/project/src/big"+l.Ext()), string(benchgen.Generate(l, 1000)))
		})
	}
	benchOwnFiles(b, benchPastes)
}

// benchPastes is BenchmarkPasteToDiagnostics on one file: it pastes
// benchgen.Paste(l, ...) blocks at its top-level lines.
func benchPastes(b *testing.B, l benchgen.Lang, languageID string, uri protocol.DocumentURI, text string) {
	s := startSession(b, sessionOptions{opts: Options{Logger: zap.NewNop(), WindowBytes: benchWindowBytes()}})
	s.initialize(map[string]any{}, map[string]any{"debounceMs": 0})
	s.open(uri, languageID, 1, text)
	s.diagnosticsFor(uri, 1)
	ls := strings.Split(text, "\n")
	var tops []uint32
	for i := 1; i < len(ls); i++ {
		if c := ls[i]; c != "" && !strings.ContainsRune(" \t})", rune(c[0])) && strings.TrimSpace(ls[i-1]) == "" {
			tops = append(tops, uint32(i))
		}
	}
	if len(tops) == 0 {
		b.Skip("no top-level line after a blank line")
	}
	v := int32(1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		block := benchgen.Paste(l, 50, i)
		if ls := strings.SplitAfter(block, "\n"); len(ls) > 51 {
			block = strings.Join(ls[:50], "") + "\n" // as cmd/trustlint-bench cuts it
		}
		line := tops[(i*7919)%len(tops)]
		v++
		s.change(uri, v, change{rng: rng(line, 0, line, 0), text: block})
		s.diagnosticsFor(uri, uint32(v))
		b.StopTimer()
		end := line + uint32(strings.Count(block, "\n"))
		v++
		s.change(uri, v, change{rng: rng(line, 0, end, 0), text: ""})
		s.diagnosticsFor(uri, uint32(v))
		b.StartTimer()
	}
}

// bodyLine returns the next indented, non-blank line at or after a
// position that advances through the file by a large prime stride.
func bodyLine(ls []string, next *int) uint32 {
	for {
		*next = (*next + 7919) % len(ls)
		s := ls[*next]
		if len(s) > 2 && (s[0] == ' ' || s[0] == '\t') && strings.TrimSpace(s) != "" && *next+1 < len(ls) {
			return uint32(*next)
		}
	}
}

// benchWindowBytes is Options.WindowBytes for the benchmarks:
// $TRUSTLINT_BENCH_WINDOW_BYTES, or the default.
func benchWindowBytes() int {
	n, _ := strconv.Atoi(os.Getenv("TRUSTLINT_BENCH_WINDOW_BYTES"))
	return n
}
