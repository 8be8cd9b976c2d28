package detectors

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trustlint/trustlint/grammars"
)

// fuzzBudget bounds one input's analysis in every language. Fuzz inputs
// are small; anything near this is a super-linear detector.
const fuzzBudget = 5 * time.Second

// addFixtureSeeds adds every fixture under ../testdata (demo, fixes and the
// families) as a seed, with its language.
func addFixtureSeeds(f *testing.F, dirs ...string) {
	for _, dir := range dirs {
		_ = filepath.WalkDir(filepath.Join("..", "testdata", dir), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			lang, ok := grammars.FromPath(path)
			if !ok {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil || len(src) > 64<<10 {
				return nil
			}
			f.Add(src, langIndex(lang))
			return nil
		})
	}
}

func langIndex(l grammars.Lang) uint8 {
	for i, x := range grammars.All() {
		if x == l {
			return uint8(i)
		}
	}
	return 0
}

// FuzzAnalyze runs every detector on arbitrary bytes in every language:
// no panic (a detector panic is an error here), no hang, every finding and
// fix edit inside the source.
func FuzzAnalyze(f *testing.F) {
	addFixtureSeeds(f, "demo", "fixes")
	f.Add([]byte("const k = 'sk-"+strings.Repeat("a", 40)+"' + \"\\u{1F600}\"\r\n"), uint8(0))
	f.Add([]byte("package p\nvar password = `x`\x00\xff"), uint8(3))
	f.Add([]byte("x = f'{'\npassword = \"\"\"\n"), uint8(4))
	pool := &grammars.Pool{}
	f.Fuzz(func(t *testing.T, src []byte, _ uint8) {
		for _, lang := range grammars.All() {
			ctx, cancel := context.WithTimeout(context.Background(), fuzzBudget)
			start := time.Now()
			findings, err := AnalyzeSource(ctx, pool, "fuzz"+extOf(lang), lang, src, Config{})
			took := time.Since(start)
			cancel()
			if err != nil {
				t.Fatalf("%s: %v (after %v)", lang, err, took)
			}
			checkRanges(t, src, findings)
		}
	})
}

// FuzzFixes applies every fix offered on the input: the result must parse
// without error when the input did (a fix never breaks a file), and every
// edit must lie inside the source.
func FuzzFixes(f *testing.F) {
	addFixtureSeeds(f, "fixes", "demo")
	pool := &grammars.Pool{}
	f.Fuzz(func(t *testing.T, src []byte, li uint8) {
		all := grammars.All()
		lang := all[int(li)%len(all)]
		ctx, cancel := context.WithTimeout(context.Background(), 4*fuzzBudget)
		defer cancel()
		tree, err := pool.Parse(ctx, lang, nil, src)
		if err != nil {
			t.Fatal(err)
		}
		hadErrors := tree.RootNode().HasError()
		findings, err := Analyze(ctx, &Unit{Path: "fuzz" + extOf(lang), Lang: lang, Src: src, Tree: tree})
		tree.Close()
		if err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		checkRanges(t, src, findings)
		if hadErrors {
			return
		}
		for _, fd := range findings {
			for _, fix := range fd.Fixes {
				out, err := ApplyEdits(src, fix.Edits)
				if err != nil {
					t.Fatalf("%s fix %q: edits do not apply: %v", fd.Rule, fix.Title, err)
				}
				fixed, err := pool.Parse(ctx, lang, nil, out)
				if err != nil {
					t.Fatal(err)
				}
				broken := fixed.RootNode().HasError()
				fixed.Close()
				if broken {
					t.Fatalf("%s fix %q turns a clean %s file into one with syntax errors:\n--- before\n%s\n--- after\n%s", fd.Rule, fix.Title, lang, src, out)
				}
			}
		}
	})
}

// extOf is the file extension of a language's sources.
func extOf(l grammars.Lang) string {
	switch l {
	case grammars.JavaScript:
		return ".js"
	case grammars.TypeScript:
		return ".ts"
	case grammars.TSX:
		return ".tsx"
	case grammars.Go:
		return ".go"
	}
	return ".py"
}

// FuzzWindowSpan edits arbitrary text in every language (bytes replaced
// at a position from the input) and takes the window a server would
// parse: no panic, every span inside the new text, the window's ranges
// holding the change, the part held whole (WindowInner) on its lines, and
// the ranges parsing. The seeds include the large statements spine windows go into.
func FuzzWindowSpan(f *testing.F) {
	addFixtureSeeds(f, "demo")
	for lang, src := range spineSources(60) {
		f.Add(src, langIndex(lang))
	}
	for lang, src := range branchSources(20) {
		f.Add(src, langIndex(lang))
	}
	pool := &grammars.Pool{}
	f.Fuzz(func(t *testing.T, src []byte, at uint8) {
		if len(src) == 0 {
			return
		}
		// The edit: at picks a position; the bytes there are replaced by
		// a line, a character or nothing.
		pos := int(at) * len(src) / 256
		cut := min(pos+int(at%7), len(src))
		ins := [][]byte{[]byte("\n\tx = 1;\n"), []byte("("), nil, []byte("}\n")}[int(at)%4]
		next := append(append(append([]byte{}, src[:pos]...), ins...), src[cut:]...)
		c := Change{Start: pos, OldEnd: cut, NewEnd: pos + len(ins)}
		for _, lang := range grammars.All() {
			old, err := pool.Parse(context.Background(), lang, nil, src)
			if err != nil {
				t.Fatal(err)
			}
			old.Edit(editInput(src, next, c))
			spans, ok := WindowSpan(old, next, c)
			old.Close()
			if !ok {
				continue
			}
			cover := CoverSpan(spans)
			for _, sp := range spans {
				if sp.Start < 0 || sp.End < sp.Start || sp.End > len(next) {
					t.Fatalf("%s: span %v outside the text of %d bytes", lang, sp, len(next))
				}
			}
			held := Span{c.Start, c.NewEnd}
			if ins, ok := lineInsertion(next, c); ok {
				held = ins // "\n<lines>" at a line's end is "<lines>\n" at the next one's start
			}
			// The ranges parsed: the spans widened to whole lines.
			ranges := WindowRanges(next, spans)
			if int(ranges[0].StartByte) > held.Start || int(ranges[len(ranges)-1].EndByte) < held.End {
				t.Fatalf("%s: the window %v (ranges %d-%d) does not hold the change %+v", lang, cover, ranges[0].StartByte, ranges[len(ranges)-1].EndByte, c)
			}
			// On the change's lines (a region is made of whole lines).
			if inner := WindowInner(spans); lineStartAt(next, inner.Start) > lineEndAt(next, c.NewEnd) || lineEndAt(next, inner.End) < lineStartAt(next, c.Start) {
				t.Fatalf("%s: the part held whole %v does not touch the change %+v", lang, inner, c)
			}
			tree, err := pool.ParseRanges(context.Background(), lang, nil, next, ranges)
			if err != nil {
				t.Fatalf("%s: %v", lang, err)
			}
			tree.Close()
		}
	})
}
