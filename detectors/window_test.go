package detectors

import (
	"context"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
	"github.com/trustlint/trustlint/internal/benchgen"
)

func TestShiftSpans(t *testing.T) {
	spans := []Span{{10, 20}, {30, 40}}
	tests := []struct {
		name                string
		start, oldEnd, nlen int
		want                []Span
	}{
		{"insert before all", 0, 0, 5, []Span{{15, 25}, {35, 45}}},
		{"insert at a span's start", 10, 10, 5, []Span{{15, 25}, {35, 45}}},
		{"insert at a span's end", 20, 20, 5, []Span{{10, 20}, {35, 45}}},
		{"insert between", 25, 25, 2, []Span{{10, 20}, {32, 42}}},
		{"delete between", 22, 28, 0, []Span{{10, 20}, {24, 34}}},
		{"insert inside", 15, 15, 1, []Span{{10, 21}, {31, 41}}},
		{"replace across a start", 8, 12, 0, []Span{{8, 16}, {26, 36}}},
		{"delete a span's last byte", 19, 20, 0, []Span{{10, 19}, {29, 39}}},
		{"delete a whole span", 10, 20, 0, []Span{{10, 10}, {20, 30}}},
		{"replace across both", 15, 35, 3, []Span{{10, 23}}},
		{"after all", 50, 55, 1, []Span{{10, 20}, {30, 40}}},
	}
	for _, tt := range tests {
		if got := ShiftSpans(spans, tt.start, tt.oldEnd, tt.nlen); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
	if !reflect.DeepEqual(spans, []Span{{10, 20}, {30, 40}}) {
		t.Errorf("ShiftSpans modified its input: %v", spans)
	}
}

// TestWindowSpanInsideError checks that after a half-typed line made the
// parser swallow the rest of a Python file into one ERROR node, an edit
// further down still gets a window of the statements around it (the
// error's children), not the whole file.
func TestWindowSpanInsideError(t *testing.T) {
	var src strings.Builder
	src.WriteString("import os\n\nx = foo(\n\n")
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&src, "def f%d(a):\n    return a + %d\n\n", i, i)
	}
	text := []byte(src.String())
	var pool grammars.Pool
	defer pool.Close()
	tree, err := pool.Parse(context.Background(), grammars.Python, nil, text)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	root := tree.RootNode()
	if top := grammars.NamedChildAt(root, int(grammars.NamedChildCount(root))-1); grammars.Type(top) != "ERROR" || int(grammars.End(top)-grammars.Start(top)) <= maxWindowSpan {
		t.Fatalf("the fixture no longer swallows the file: last top-level node %s of %d bytes", grammars.Type(top), grammars.End(top)-grammars.Start(top))
	}
	at := strings.Index(src.String(), "def f1000(")
	spans, ok := WindowSpan(tree, text, Change{Start: at, OldEnd: at, NewEnd: at + 5})
	if !ok || len(spans) != 1 {
		t.Fatalf("WindowSpan = %v, %v; want one span", spans, ok)
	}
	if sp := spans[0]; sp.Start > at || sp.End < at+5 || sp.End-sp.Start > 200 {
		t.Fatalf("span %v for an edit at %d: want the statements around it", sp, at)
	}
}

// TestWindowSpanMembers checks that an edit in a class larger than
// memberWindowBytes gets a window of the class's header, the method it
// touches and the closing brace, while a smaller class is windowed whole.
func TestWindowSpanMembers(t *testing.T) {
	class := func(methods int) string {
		var b strings.Builder
		b.WriteString("import fs from 'fs';\n\nexport class Store {\n")
		for i := 0; i < methods; i++ {
			fmt.Fprintf(&b, "  read%d(path) {\n    const data = fs.readFileSync(path, 'utf8');\n    return JSON.parse(data);\n  }\n\n", i)
		}
		b.WriteString("}\n")
		return b.String()
	}
	var pool grammars.Pool
	defer pool.Close()
	for _, tt := range []struct {
		methods int
		member  bool
	}{
		{methods: 10, member: false},
		{methods: 100, member: true},
	} {
		src := class(tt.methods)
		text := []byte(src)
		tree, err := pool.Parse(context.Background(), grammars.JavaScript, nil, text)
		if err != nil {
			t.Fatal(err)
		}
		classStart := strings.Index(src, "export class")
		if size := len(src) - classStart; (size > memberWindowBytes) != tt.member {
			t.Fatalf("%d methods: a class of %d bytes does not test what it should", tt.methods, size)
		}
		at := strings.Index(src, "read5(")
		spans, ok := WindowSpan(tree, text, Change{Start: at, OldEnd: at, NewEnd: at})
		tree.Close()
		if !ok {
			t.Fatalf("%d methods: no window", tt.methods)
		}
		if !tt.member {
			if len(spans) != 1 || spans[0].Start != classStart {
				t.Errorf("%d methods: spans %v, want the whole class from %d", tt.methods, spans, classStart)
			}
			continue
		}
		got := windowText(text, spans)
		if !strings.HasPrefix(got, "export class Store {\n") || !strings.HasSuffix(got, "\n}\n") || !strings.Contains(got, "read5(") || len(got) > 400 {
			t.Errorf("%d methods: window %q, want the header, read5 and its neighbour, the closing brace", tt.methods, got)
		}
		if m := WindowInner(spans); m.Start > at || m.End-m.Start > 400 || !strings.HasPrefix(strings.TrimSpace(src[m.Start:m.End]), "read5(") {
			t.Errorf("members %v (%q), want read5 and its neighbour", m, src[m.Start:m.End])
		}
	}
}

// windowText is the text a windowed parse of spans of src reads: its
// ranges (WindowRanges) one after the other.
func windowText(src []byte, spans []Span) string {
	var b strings.Builder
	for _, r := range WindowRanges(src, spans) {
		b.Write(src[r.StartByte:r.EndByte])
	}
	return b.String()
}

// TestWindowSpanPastes pastes 50-line blocks one after the other at
// top-level lines of a generated file, editing one parse of the first
// version as the server does until the user pauses, and checks that each
// paste's window is the pasted lines alone: not the statement after them,
// and not a statement (or Go's anonymous statement-ending newline) that
// Tree.Edit stretched over earlier pastes.
func TestWindowSpanPastes(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	for _, l := range benchgen.Langs() {
		lang, _ := grammars.FromLanguageID(string(l))
		src := benchgen.Generate(l, 1000)
		tree, err := pool.Parse(context.Background(), lang, nil, src)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewSource(1))
		for i := 0; i < 20; i++ {
			lines := strings.SplitAfter(string(src), "\n")
			var tops []int
			for j := 1; j < len(lines); j++ {
				if c := lines[j]; c != "" && !strings.ContainsRune(" \t})\n", rune(c[0])) && strings.TrimSpace(lines[j-1]) == "" {
					tops = append(tops, j)
				}
			}
			at := len(strings.Join(lines[:tops[rng.Intn(len(tops))]], ""))
			block := benchgen.Paste(l, 50, i)
			next := []byte(string(src[:at]) + block + string(src[at:]))
			pt := grammars.PointAt(src, at)
			tree.Edit(sitter.EditInput{
				StartIndex: uint32(at), OldEndIndex: uint32(at), NewEndIndex: uint32(at + len(block)),
				StartPoint: pt, OldEndPoint: pt, NewEndPoint: grammars.PointAt(next, at+len(block)),
			})
			spans, ok := WindowSpan(tree, next, Change{at, at, at + len(block)})
			if want := (Span{at, at + len(block)}); !ok || len(spans) != 1 || spans[0] != want {
				t.Errorf("%s: paste %d at %d: window %v %v, want %v", l, i, at, spans, ok, want)
			}
			src = next
		}
		tree.Close()
	}
}

func TestLineInsertion(t *testing.T) {
	src := []byte("a := 1\n\n// get y\nfunc y() {}\n// get x\nfunc x() {}\n")
	at := func(s string) int { return strings.Index(string(src), s) }
	tests := []struct {
		name string
		c    Change
		want string // the inserted lines
		ok   bool
	}{
		{"lines at a line start", Change{at("// get y"), at("// get y"), at("// get x")}, "// get y\nfunc y() {}\n", true},
		// An accepted suggestion at the end of "a := 1": "\n\n// get y\nfunc y() {}".
		{"lines after a line's end", Change{at("\n"), at("\n"), at("\n// get x")}, "\n// get y\nfunc y() {}\n", true},
		// Diff's view of the first: after the common prefix "// get ".
		{"lines after a common prefix", Change{at("y\nfunc y"), at("y\nfunc y"), at("x\nfunc x")}, "", false},
		{"part of a line", Change{at("1"), at("1"), at("1") + 1}, "", false},
		{"a replacement", Change{at("// get y"), at("// get y") + 1, at("// get x")}, "", false},
		{"a deletion", Change{at("// get y"), at("// get x"), at("// get y")}, "", false},
	}
	for _, tt := range tests {
		got, ok := lineInsertion(src, tt.c)
		if ok != tt.ok || (ok && string(src[got.Start:got.End]) != tt.want) {
			t.Errorf("%s: lineInsertion = %v %v (%q), want %q %v", tt.name, got, ok, src[got.Start:got.End], tt.want, tt.ok)
		}
	}
}

// TestWindowFromLastWindow types into generated files of each language as
// the server does once they are large enough for windows, pasting now and
// then: after each edit it parses the window with ParseWindow from the
// last window's tree and afresh, and checks that both trees are the same
// when neither has a syntax error, and nearly always when one has: error
// recovery may shape the error nodes differently (see ParseWindow).
func TestWindowFromLastWindow(t *testing.T) {
	ctx := context.Background()
	var pool grammars.Pool
	defer pool.Close()
	compared, fromLast, withErrors, differ, findingsDiffer := 0, 0, 0, 0, 0
	for _, l := range benchgen.Langs() {
		lang, _ := grammars.FromLanguageID(string(l))
		src := benchgen.Generate(l, 400)
		rng := rand.New(rand.NewSource(int64(len(l))))
		for trial := 0; trial < 25; trial++ {
			full, err := pool.Parse(ctx, lang, nil, src)
			if err != nil {
				t.Fatal(err)
			}
			wctx := WindowContext(full, lang)
			// Enter at the end of a random line, then a statement typed
			// character by character, and every fifth time a paste there.
			pos := rng.Intn(len(src))
			for pos < len(src) && src[pos] != '\n' {
				pos++
			}
			typed := []string{"\n"}
			for _, ch := range benchgen.Statement(l) {
				typed = append(typed, string(ch))
			}
			if trial%5 == 4 {
				typed = append(typed, "\n"+benchgen.Paste(l, 10, trial))
			}
			text := src
			var last *sitter.Tree
			at := pos
			for _, ins := range typed {
				next := append(append(append([]byte{}, text[:at]...), ins...), text[at:]...)
				c := Change{Start: at, OldEnd: at, NewEnd: at + len(ins)}
				full.Edit(editInput(text, next, c))
				var ok bool
				if wctx, ok = wctx.Shift(c.Start, c.OldEnd, len(ins)); !ok {
					break
				}
				changed, ok := WindowSpan(full, next, c)
				if !ok {
					break
				}
				ranges := WindowRanges(next, append(wctx.Spans(full, next, CoverSpan(changed)), changed...))
				fresh, err := pool.ParseRanges(ctx, lang, nil, next, ranges)
				if err != nil {
					t.Fatal(err)
				}
				win, used, err := ParseWindow(ctx, &pool, lang, last, text, next, c, ranges)
				if err != nil {
					t.Fatal(err)
				}
				errs := win.RootNode().HasError() || fresh.RootNode().HasError()
				if errs {
					withErrors++
				}
				if got, want := win.RootNode().String(), fresh.RootNode().String(); got != want {
					differ++
					a, b := windowFindings(t, lang, next, win, CoverSpan(changed)), windowFindings(t, lang, next, fresh, CoverSpan(changed))
					if a != b {
						findingsDiffer++
						t.Logf("%s trial %d: findings differ after inserting %q:\n%s\n%s", l, trial, ins, a, b)
					}
					if !errs {
						i := 0
						for i < len(got) && i < len(want) && got[i] == want[i] {
							i++
						}
						t.Errorf("%s trial %d: the window (from the last one: %v) differs from a fresh parse after inserting %d bytes at %d:\n got  …%.200s\n want …%.200s", l, trial, used, len(ins), at, got[max(i-100, 0):], want[max(i-100, 0):])
					}
				}
				compared++
				if used {
					fromLast++
				}
				fresh.Close()
				if last != nil {
					last.Close()
				}
				last = win
				text = next
				at += len(ins)
			}
			if last != nil {
				last.Close()
			}
			full.Close()
		}
	}
	t.Logf("%d windows compared, %d parsed from the last one, %d with syntax errors, %d differing, %d with different findings", compared, fromLast, withErrors, differ, findingsDiffer)
	if fromLast < 1000 || withErrors < 500 {
		t.Fatalf("only %d windows parsed from the last one, %d with syntax errors", fromLast, withErrors)
	}
	if differ*100 > 3*withErrors || findingsDiffer > 0 {
		t.Errorf("%d of %d windows with syntax errors differ from a fresh parse (at most 3%% may), %d of them in their findings (none may)", differ, withErrors, findingsDiffer)
	}
}

// windowFindings lists the rule and range of each finding of a region
// analysis of span on a window's tree.
func windowFindings(t *testing.T, lang grammars.Lang, src []byte, tree *sitter.Tree, span Span) string {
	t.Helper()
	u := &Unit{Path: "src/app." + string(lang), Lang: lang, Src: src, Tree: tree, NoFixes: true}
	r, ok := ChangedRegion(u, span.Start, span.End)
	if !ok {
		return "no region"
	}
	fs, err := AnalyzeRegion(context.Background(), u, r)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s %d-%d; ", f.Rule, f.Start, f.End)
	}
	return b.String()
}

// TestContextShiftBound checks that a context statement grows to hold an
// edit inside it, and that the context is given up when a span would grow
// past maxWindowSpan.
func TestContextShiftBound(t *testing.T) {
	c := Context{Always: []Span{{0, 40}, {50, 60}}, Calls: []Span{{100, 120}}}
	got, ok := c.Shift(20, 20, 10)
	if want := (Context{Always: []Span{{0, 50}, {60, 70}}, Calls: []Span{{110, 130}}}); !ok || !reflect.DeepEqual(got, want) {
		t.Errorf("typing in a context statement: %+v %v, want %+v", got, ok, want)
	}
	if _, ok := c.Shift(20, 20, maxWindowSpan); ok {
		t.Errorf("a paste of %d bytes into a context statement kept the context", maxWindowSpan)
	}
	if _, ok := c.Shift(45, 45, maxWindowSpan); !ok {
		t.Errorf("a paste between context statements dropped the context")
	}
}
