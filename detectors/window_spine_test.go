package detectors

import (
	"fmt"
	"math/rand"
	"regexp"
	"strings"
	"testing"

	"github.com/trustlint/trustlint/grammars"
	"github.com/trustlint/trustlint/internal/benchgen"
)

// spineSources are generated files whose code sits in one large top-level
// statement, as bundles and modules often have it: a UMD wrapper function
// (JavaScript, TypeScript), a class holding every function (Python), a
// map literal of function literals and a big table (Go).
func spineSources(lines int) map[grammars.Lang][]byte {
	out := map[grammars.Lang][]byte{}
	// Imports stay at the top; the rest goes into the wrapper.
	split := func(src string, header func(line string) bool) (head, body []string) {
		inHead := true
		for _, line := range strings.SplitAfter(src, "\n") {
			if inHead && (header(line) || strings.TrimSpace(line) == "") {
				head = append(head, line)
				continue
			}
			inHead = false
			body = append(body, line)
		}
		return head, body
	}
	for _, l := range []benchgen.Lang{benchgen.JavaScript, benchgen.TypeScript} {
		head, body := split(string(benchgen.Generate(l, lines)), func(line string) bool { return strings.HasPrefix(line, "import ") })
		var b strings.Builder
		b.WriteString(strings.Join(head, ""))
		b.WriteString("(function (global, factory) {\n  typeof exports === 'object' ? factory(exports) : factory(global.orders = {});\n})(this, (function (exports) { 'use strict';\n\n")
		for _, line := range body {
			if line != "\n" {
				line = "  " + line
			}
			b.WriteString(line)
		}
		b.WriteString("\n}));\n")
		lang, _ := grammars.FromLanguageID(string(l))
		out[lang] = []byte(b.String())
	}
	{
		head, body := split(string(benchgen.Generate(benchgen.Python, lines)), func(line string) bool {
			return strings.HasPrefix(line, "import ") || strings.HasPrefix(line, "from ") || !strings.HasPrefix(line, "def ") && !strings.HasPrefix(line, "@") && !strings.HasPrefix(line, "class ")
		})
		var b strings.Builder
		b.WriteString(strings.Join(head, ""))
		b.WriteString("class Orders:\n")
		for _, line := range body {
			if line != "\n" {
				line = "    " + line
			}
			b.WriteString(line)
		}
		out[grammars.Python] = []byte(b.String())
	}
	{
		src := string(benchgen.Generate(benchgen.Go, lines))
		funcStart := regexp.MustCompile(`^func (\([^)]*\) )?([A-Za-z0-9_]+)\(`)
		var top, funcs strings.Builder
		in := false
		for _, line := range strings.SplitAfter(src, "\n") {
			switch {
			case !in && funcStart.MatchString(line):
				in = true
				m := funcStart.FindStringSubmatch(line)
				funcs.WriteString("\t\"" + m[2] + "\": func(" + line[len(m[0]):])
			case in && line == "}\n":
				in = false
				funcs.WriteString("\t},\n")
			case in:
				funcs.WriteString("\t" + line)
			default:
				top.WriteString(line)
			}
		}
		var b strings.Builder
		b.WriteString(top.String())
		b.WriteString("\nvar handlers = map[string]any{\n" + funcs.String() + "}\n\nvar table = map[string]string{\n")
		for i := 0; i < lines; i++ {
			fmt.Fprintf(&b, "\t\"entry%d\": \"value %d\",\n", i, i)
			if i%100 == 50 {
				fmt.Fprintf(&b, "\t\"stripe%d\": \"sk_live_51HxQk2eZvKYlo2C8n3pT7rWq9vX%04d\",\n", i, i)
			}
		}
		b.WriteString("}\n")
		out[grammars.Go] = []byte(b.String())
	}
	return out
}

// TestSpineWindowAgreesWithFull edits the spineSources at random, as
// TestWindowAgreesWithFull does the fixtures: each edit inside the large
// statement must get a window much smaller than the statement, parsed
// without syntax errors when the edit leaves none, and the region
// analysis merged into the previous findings must nearly always equal a
// whole-file analysis.
func TestSpineWindowAgreesWithFull(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	rng := rand.New(rand.NewSource(7))
	edits := 30
	if testing.Short() {
		edits = 10
	}
	for lang, src := range spineSources(300) {
		path := "src/orders" + map[grammars.Lang]string{grammars.JavaScript: ".js", grammars.TypeScript: ".ts", grammars.Python: ".py", grammars.Go: ".go"}[lang]
		full, err := pool.Parse(t.Context(), lang, nil, src)
		if err != nil {
			t.Fatal(err)
		}
		if full.RootNode().HasError() {
			t.Fatalf("%s: the generated source has syntax errors", path)
		}
		full.Close()
		windowed, agreed, small := 0, 0, 0
		for i := 0; i < edits; i++ {
			next := editFixture(rng, src)
			c := Diff(src, next)
			old, err := pool.Parse(t.Context(), lang, nil, src)
			if err != nil {
				t.Fatal(err)
			}
			old.Edit(editInput(src, next, c))
			spans, ok := WindowSpan(old, next, c)
			old.Close()
			if ok {
				n := 0
				for _, r := range WindowRanges(next, spans) {
					n += int(r.EndByte - r.StartByte)
				}
				if n < len(next)/4 {
					small++
				}
			}
			used, ok, diff := regionRunMode(t, &pool, path, lang, src, next, true)
			if !used {
				continue
			}
			windowed++
			if ok {
				agreed++
			} else {
				t.Log(diff)
			}
		}
		t.Logf("%s (%d bytes): %d edits, %d with a window under a quarter of the file, %d windowed, %d equal to a whole-file analysis", path, len(src), edits, small, windowed, agreed)
		if small < edits*3/4 {
			t.Errorf("%s: only %d of %d edits got a window under a quarter of the file", path, small, edits)
		}
		if agreed*100 < windowed*95 {
			t.Errorf("%s: %d of %d windowed edits agree with a whole-file analysis, under 95%%", path, agreed, windowed)
		}
	}
}
