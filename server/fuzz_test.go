package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	sitter "github.com/smacker/go-tree-sitter"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/trustlint/trustlint/grammars"
	"github.com/trustlint/trustlint/internal/textpos"
)

// pieces are the texts fuzzed edits insert: line ends of every kind,
// surrogate pairs, multi-byte and invalid UTF-8, brackets and quotes that
// reshape the tree.
var pieces = []string{
	"", "a", "\n", "\r\n", "\r", "😀", "é", "中", "\xff", "(", ")", "{", "}", "'", "\"", "`",
	"const k = 'sk-", "func f() {\n", "def f():\n    ", "// c\n", "x + ", "\t", "${", "\"\"\"",
}

// fuzzEdit decodes one edit from 5 bytes of script: a range (lines and
// columns may point past the end and the end may precede the start) and
// the piece to insert.
func fuzzEdit(b []byte) (protocol.Range, string) {
	r := protocol.Range{
		Start: protocol.Position{Line: uint32(b[0] % 8), Character: uint32(b[1] % 24)},
		End:   protocol.Position{Line: uint32(b[2] % 8), Character: uint32(b[3] % 24)},
	}
	if b[0]&0x80 != 0 {
		r.Start.Line += 1000
	}
	if b[1]&0x80 != 0 {
		r.Start.Character += 1 << 20
	}
	p := pieces[int(b[4])%len(pieces)]
	if b[4]&0x80 != 0 {
		p += pieces[int(b[4]>>3)%len(pieces)]
	}
	return r, p
}

// refOffset is an independent model of LSP position → byte offset: lines
// end at "\n", "\r\n" or "\r"; a column past the line's end means its
// end; a line past the last means the end of the text; a column inside a
// character means that character's start.
func refOffset(text []byte, p protocol.Position, enc textpos.Encoding) int {
	line, i := 0, 0
	for line < int(p.Line) {
		j := bytes.IndexAny(text[i:], "\r\n")
		if j < 0 {
			return len(text)
		}
		i += j
		if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			i++
		}
		i++
		line++
	}
	col := 0
	for i < len(text) && text[i] != '\n' && text[i] != '\r' {
		r, size := utf8.DecodeRune(text[i:])
		w := size
		if enc == textpos.UTF16 {
			w = 1
			if r >= 0x10000 {
				w = 2
			}
		}
		if col+w > int(p.Character) {
			return i
		}
		col += w
		i += size
	}
	return i
}

// sexp is a tree's shape with every node's type and byte range, compared
// between an incremental and a fresh parse. It walks with a cursor, so no
// recursion.
func sexp(tree *sitter.Tree) string {
	var b strings.Builder
	c := sitter.NewTreeCursor(tree.RootNode())
	defer c.Close()
	depth := 0
	for {
		n := c.CurrentNode()
		fmt.Fprintf(&b, "%d %s %d-%d %v\n", depth, n.Type(), n.StartByte(), n.EndByte(), n.IsMissing())
		if c.GoToFirstChild() {
			depth++
			continue
		}
		for !c.GoToNextSibling() {
			if !c.GoToParent() {
				return b.String()
			}
			depth--
		}
	}
}

// FuzzIncrementalEdits applies a script of ranged edits to a document the
// way didChange does (text, line index and tree.Edit), reparsing
// incrementally now and then, and checks after each step: the text equals
// an independent model's, positions round-trip through the index, and the
// incrementally reparsed tree equals a fresh parse of the same text.
func FuzzIncrementalEdits(f *testing.F) {
	f.Add("const a = 1;\nconst b = 'x';\n", []byte{0, 6, 0, 7, 5, 1, 0, 1, 3, 2}, uint8(0))
	f.Add("package p\r\n\r\nvar k = \"😀中\"\r\n", []byte{2, 9, 2, 11, 5, 2, 10, 2, 10, 3, 0, 0, 9, 9, 7}, uint8(3))
	f.Add("x = '😀😀'\ny = 2\n", []byte{0, 6, 0, 7, 1, 0, 5, 0, 6, 0, 1, 200, 0, 2, 12}, uint8(4))
	f.Add("a\rb\r\nc\n😀", []byte{1, 1, 0, 0, 2, 3, 0, 7, 7, 5, 0x80, 0, 0, 0, 6}, uint8(1))
	f.Add("", []byte{5, 5, 5, 5, 14, 0, 0, 0, 0, 0x8e}, uint8(2))
	pool := &grammars.Pool{}
	f.Fuzz(func(t *testing.T, initial string, script []byte, mode uint8) {
		if len(script) > 5*64 {
			script = script[:5*64]
		}
		if len(initial) > 4<<10 {
			initial = initial[:4<<10]
		}
		langs := grammars.All()
		lang := langs[int(mode)%len(langs)]
		enc := textpos.UTF16
		if mode&0x40 != 0 {
			enc = textpos.UTF8
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		text := []byte(initial)
		d := &document{lang: lang, supported: true, text: text, index: textpos.New(text)}
		tree, err := pool.Parse(ctx, lang, nil, text)
		if err != nil {
			t.Fatal(err)
		}
		d.tree = tree
		defer d.closeTreeLocked()
		model := append([]byte(nil), text...)
		for step := 0; len(script) >= 5; step++ {
			r, piece := fuzzEdit(script[:5])
			script = script[5:]
			a, b := refOffset(model, r.Start, enc), refOffset(model, r.End, enc)
			if a > b {
				a, b = b, a
			}
			model = append(append(append([]byte(nil), model[:a]...), piece...), model[b:]...)
			d.applyRangedLocked(r, piece, enc)
			if !bytes.Equal(d.text, model) {
				t.Fatalf("step %d: edit %+v %q: text %q, model %q", step, r, piece, d.text, model)
			}
			if len(script) < 5 {
				checkRoundTrip(t, d.index, d.text, enc)
			}
			if step%3 == 2 || len(script) < 5 {
				old := d.tree.Copy()
				next, err := pool.Parse(ctx, lang, old, d.text)
				old.Close()
				if err != nil {
					t.Fatalf("step %d: incremental parse of %q: %v", step, d.text, err)
				}
				d.closeTreeLocked()
				d.tree = next
				fresh, err := pool.Parse(ctx, lang, nil, d.text)
				if err != nil {
					t.Fatal(err)
				}
				got, want := sexp(next), sexp(fresh)
				broken := fresh.RootNode().HasError() || next.RootNode().HasError()
				fresh.Close()
				// On text with syntax errors tree-sitter's error recovery may
				// shape an incrementally reparsed tree differently from a
				// fresh parse (a property of tree-sitter, found by this
				// fuzzer: "def f():\n    def f():\n    func f() {..." in Go).
				// The server parses afresh before a whole-file analysis of
				// such text (server/diagnostics.go), so only error-free
				// trees must match exactly.
				if got != want && !broken {
					t.Fatalf("step %d: incremental tree differs from a fresh parse of %q:\n--- incremental\n%s--- fresh\n%s", step, d.text, got, want)
				}
			}
		}
	})
}

// checkRoundTrip checks that every character boundary maps to a position
// and back to itself.
func checkRoundTrip(t *testing.T, ix *textpos.Index, text []byte, enc textpos.Encoding) {
	t.Helper()
	for off := 0; off <= len(text); {
		p := toPosition(ix, off, enc)
		back, _, ok := toOffsets(ix, protocol.Range{Start: p, End: p}, enc)
		if !ok || back != off {
			// Offsets inside a "\r\n" pair have no position of their own.
			if !(off > 0 && off < len(text) && text[off-1] == '\r' && text[off] == '\n') {
				t.Fatalf("offset %d → %v → %d (ok %v) in %q", off, p, back, ok, text)
			}
		}
		if off == len(text) {
			break
		}
		_, size := utf8.DecodeRune(text[off:])
		off += size
	}
}

// FuzzFraming feeds arbitrary bytes to the server's JSON-RPC stream:
// garbage headers, wrong Content-Length, truncated bodies. Read must
// return every well-formed message, answer the rest, never panic, and end
// with an error (EOF) once the input is used up.
func FuzzFraming(f *testing.F) {
	frame := func(body string) string { return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body) }
	f.Add([]byte(frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`)))
	f.Add([]byte(frame(`{"jsonrpc":"2.0","method":"exit"}`) + frame(`[1,2]`) + "Content-Length: 99\r\n\r\n{}"))
	f.Add([]byte("Content-Length: -5\r\n\r\nContent-Length: abc\r\nX\r\n\r\n\r\n\r\ncontent-length:2\n\n{}"))
	f.Add([]byte("Content-Length: 99999999999999999999\r\n\r\n"))
	f.Add([]byte("Content-Length: 4\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\nnull"))
	f.Add([]byte(frame(`{"jsonrpc":"2.0","id":{"a":1},"method":"x"}`) + frame("\xff\xfe") + frame(`{"jsonrpc":"2.0","id":"\ud800","result":null}`)))
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		st := newStream(bytes.NewReader(in), &out, zap.NewNop())
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		for i := 0; ; i++ {
			if i > len(in)+1 {
				t.Fatalf("%d messages from %d bytes: Read does not consume input", i, len(in))
			}
			_, _, err := st.Read(ctx)
			if err != nil {
				if ctx.Err() != nil {
					t.Fatalf("Read hung on %q", in)
				}
				if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) && !strings.Contains(err.Error(), "message") {
					t.Fatalf("unexpected error %v", err)
				}
				break
			}
		}
		// Every reply the stream wrote is a well-formed frame.
		rest := out.Bytes()
		for len(rest) > 0 {
			var n int
			if _, err := fmt.Sscanf(string(rest), "Content-Length: %d\r\n\r\n", &n); err != nil {
				t.Fatalf("bad reply frame %q", rest)
			}
			hdr := bytes.Index(rest, []byte("\r\n\r\n")) + 4
			if hdr < 4 || hdr+n > len(rest) {
				t.Fatalf("truncated reply frame %q", rest)
			}
			rest = rest[hdr+n:]
		}
	})
}
