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
		writeIndented(&b, body, "  ")
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
		writeIndented(&b, body, "    ")
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

// writeIndented writes lines, each but the empty ones indented by indent.
func writeIndented(b *strings.Builder, lines []string, indent string) {
	for _, line := range lines {
		if line != "\n" {
			b.WriteString(indent)
		}
		b.WriteString(line)
	}
}

// branchSources are generated files whose code sits in one large function
// made of a long if / else-if chain (elif in Python), each branch a few
// statements, some of them findings (SQL built by concatenation), the
// whole chain inside a try block in JavaScript and TypeScript.
func branchSources(branches int) map[grammars.Lang][]byte {
	out := map[grammars.Lang][]byte{}
	var js strings.Builder
	js.WriteString("import { Pool } from \"pg\";\n\nconst pool = new Pool();\n\nexport async function dispatch(kind, req, res) {\n  try {\n")
	for i := 0; i < branches; i++ {
		if i > 0 {
			js.WriteString("    } else ")
		} else {
			js.WriteString("    ")
		}
		fmt.Fprintf(&js, "if (kind === \"k%d\") {\n      const id%d = Number(req.params.id);\n      const label%d = `branch ${id%d}`;\n", i, i, i, i)
		jsQuery(&js, i)
		if i%10 == 5 {
			fmt.Fprintf(&js, "      res.json(rows%d);\n", i)
		} else {
			fmt.Fprintf(&js, "      res.json({ rows: rows%d, label: label%d });\n", i, i)
		}
	}
	js.WriteString("    }\n  } catch (err) {\n    res.status(500).json({ error: \"internal error\" });\n  }\n}\n")
	out[grammars.JavaScript] = []byte(js.String())
	out[grammars.TypeScript] = []byte(strings.Replace(js.String(), "(kind, req, res)", "(kind: string, req: any, res: any): Promise<void>", 1))

	var py strings.Builder
	py.WriteString("import sqlite3\n\ndb = sqlite3.connect(\"app.db\")\n\n\ndef dispatch(kind, request):\n")
	for i := 0; i < branches; i++ {
		kw := "elif"
		if i == 0 {
			kw = "if"
		}
		fmt.Fprintf(&py, "    %s kind == \"k%d\":\n        ident_%d = int(request.args[\"id\"])\n        label_%d = f\"branch {ident_%d}\"\n", kw, i, i, i, i)
		if i%10 == 5 {
			fmt.Fprintf(&py, "        rows_%d = db.execute(\"SELECT * FROM t%d WHERE name = '\" + request.args[\"name\"] + \"'\")\n        return rows_%d\n", i, i, i)
		} else {
			fmt.Fprintf(&py, "        rows_%d = db.execute(\"SELECT * FROM t%d WHERE id = ?\", (ident_%d,))\n        return rows_%d, label_%d\n", i, i, i, i, i)
		}
	}
	py.WriteString("    else:\n        return None\n")
	out[grammars.Python] = []byte(py.String())

	var g strings.Builder
	g.WriteString("package app\n\nimport (\n\t\"database/sql\"\n\t\"net/http\"\n)\n\nvar db *sql.DB\n\nfunc dispatch(kind string, r *http.Request) (*sql.Rows, error) {\n")
	for i := 0; i < branches; i++ {
		if i > 0 {
			g.WriteString("\t} else ")
		} else {
			g.WriteString("\t")
		}
		fmt.Fprintf(&g, "if kind == \"k%d\" {\n", i)
		goBranchBody(&g, i)
	}
	g.WriteString("\t}\n\treturn nil, nil\n}\n")
	out[grammars.Go] = []byte(g.String())
	return out
}

// jsQuery writes branch i's query: every tenth one built by
// concatenation (a TL501 finding).
func jsQuery(b *strings.Builder, i int) {
	if i%10 == 5 {
		fmt.Fprintf(b, "      const rows%d = await pool.query(\"SELECT * FROM t%d WHERE name = '\" + req.query.name + \"'\");\n", i, i)
	} else {
		fmt.Fprintf(b, "      const rows%d = await pool.query(\"SELECT * FROM t%d WHERE id = $1\", [id%d]);\n", i, i, i)
	}
}

// goBranchBody writes branch i's body in Go: every tenth query built by
// concatenation (a TL501 finding).
func goBranchBody(b *strings.Builder, i int) {
	fmt.Fprintf(b, "\t\tid%d := r.PathValue(\"id\")\n", i)
	if i%10 == 5 {
		fmt.Fprintf(b, "\t\treturn db.Query(\"SELECT * FROM t%d WHERE name = '\" + r.URL.Query().Get(\"name\") + \"' AND id = \" + id%d)\n", i, i)
	} else {
		fmt.Fprintf(b, "\t\treturn db.Query(\"SELECT * FROM t%d WHERE id = $1\", id%d)\n", i, i)
	}
}

// switchSources are branchSources written as one switch statement, in
// JavaScript and Go.
func switchSources(cases int) map[grammars.Lang][]byte {
	out := map[grammars.Lang][]byte{}
	var js strings.Builder
	js.WriteString("import { Pool } from \"pg\";\n\nconst pool = new Pool();\n\nexport async function dispatch(kind, req, res) {\n  switch (kind) {\n")
	for i := 0; i < cases; i++ {
		fmt.Fprintf(&js, "    case \"k%d\": {\n      const id%d = Number(req.params.id);\n", i, i)
		jsQuery(&js, i)
		fmt.Fprintf(&js, "      res.json(rows%d);\n      break;\n    }\n", i)
	}
	js.WriteString("    default:\n      res.status(404).end();\n  }\n}\n")
	out[grammars.JavaScript] = []byte(js.String())
	var g strings.Builder
	g.WriteString("package app\n\nimport (\n\t\"database/sql\"\n\t\"net/http\"\n)\n\nvar db *sql.DB\n\nfunc dispatch(kind string, r *http.Request) (*sql.Rows, error) {\n\tswitch v := any(kind).(type) {\n\tcase string:\n\t\t_ = v\n\t}\n\tswitch kind {\n")
	for i := 0; i < cases; i++ {
		fmt.Fprintf(&g, "\tcase \"k%d\":\n", i)
		goBranchBody(&g, i)
	}
	g.WriteString("\t}\n\treturn nil, nil\n}\n")
	out[grammars.Go] = []byte(g.String())
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
	edits := 16
	if testing.Short() {
		edits = 10
	}
	sources := map[string]map[grammars.Lang][]byte{"wrapped": spineSources(300), "branches": branchSources(60), "switch": switchSources(60)}
	for _, kind := range []string{"wrapped", "branches", "switch"} {
		for _, lang := range []grammars.Lang{grammars.JavaScript, grammars.TypeScript, grammars.Python, grammars.Go} {
			src, ok := sources[kind][lang]
			if !ok {
				continue
			}
			// A JavaScript, TypeScript or Go else-if chain nests each
			// branch in the one before: deeper than a spine window goes,
			// the window holds the chain whole.
			small := true
			checkSpineWindows(t, &pool, rng, kind, lang, src, edits, small)
		}
	}
}

// checkSpineWindows makes edits random edits of src and checks the
// windows they get (see TestSpineWindowAgreesWithFull); wantSmall asks
// for windows under a quarter of the file.
func checkSpineWindows(t *testing.T, pool *grammars.Pool, rng *rand.Rand, kind string, lang grammars.Lang, src []byte, edits int, wantSmall bool) {
	{
		path := "src/" + kind + map[grammars.Lang]string{grammars.JavaScript: ".js", grammars.TypeScript: ".ts", grammars.Python: ".py", grammars.Go: ".go"}[lang]
		full, err := pool.Parse(t.Context(), lang, nil, src)
		if err != nil {
			t.Fatal(err)
		}
		if full.RootNode().HasError() {
			t.Fatalf("%s: the generated source has syntax errors", path)
		}
		full.Close()
		windowed, agreed, small, clean, errs := 0, 0, 0, 0, 0
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
			if fullNext, err := pool.Parse(t.Context(), lang, nil, next); err == nil {
				if !fullNext.RootNode().HasError() {
					clean++
					if w, _ := windowTree(t, pool, lang, src, next, c); w != nil {
						if w.RootNode().HasError() {
							errs++
							t.Logf("%s: the window after change %+v has syntax errors, the file none: %q", path, c, windowText(next, spans))
						}
						w.Close()
					}
				}
				fullNext.Close()
			}
			used, ok, diff := regionRunMode(t, pool, path, lang, src, next, true)
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
		t.Logf("%s (%d bytes): %d edits, %d with a window under a quarter of the file, %d windowed, %d equal to a whole-file analysis, %d of %d windows of files without syntax errors with errors", path, len(src), edits, small, windowed, agreed, errs, clean)
		if wantSmall && small < edits*3/4 {
			t.Errorf("%s: only %d of %d edits got a window under a quarter of the file", path, small, edits)
		}
		if agreed*100 < windowed*95 {
			t.Errorf("%s: %d of %d windowed edits agree with a whole-file analysis, under 95%%", path, agreed, windowed)
		}
		if errs > 0 {
			t.Errorf("%s: %d of %d edits that leave the file without syntax errors got windows with errors", path, errs, clean)
		}
	}
}
