package main

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/trustlint/trustlint/detectors"
	"github.com/trustlint/trustlint/grammars"
	"github.com/trustlint/trustlint/internal/textpos"
)

// writeFile creates dir/name with content, making parent directories.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// utf16Len counts the UTF-16 code units of s.
func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

var textLine = regexp.MustCompile(`^(.+):(\d+):(\d+): (error|warning|information|hint) (TL\d{3}) (.+)$`)

func TestCheckUsageErrors(t *testing.T) {
	dir := t.TempDir()
	clean := writeFile(t, dir, "clean.js", "const x = 1;\n")
	tests := []struct {
		name   string
		args   []string
		errHas string
	}{
		{"unknown flag", []string{"--frobnicate", clean}, "flag provided but not defined: -frobnicate"},
		{"bad format", []string{"--format", "xml", clean}, `unknown --format "xml"`},
		{"bad fail-on", []string{"--fail-on", "loud", clean}, `--fail-on: unknown severity "loud"`},
		{"unknown rule", []string{"--rules", "TL999", clean}, `--rules: unknown rule "TL999"`},
		{"unknown disabled rule", []string{"--disable=TL101,XX1", clean}, `--disable: unknown rule "XX1"`},
		{"staged and diff", []string{"--staged", "--diff", "HEAD", clean}, "cannot be combined"},
		{"fix and staged", []string{"--staged", "--fix"}, "--fix cannot be combined"},
		{"bad size", []string{"--max-file-size", "huge", clean}, "--max-file-size"},
		{"bad color", []string{"--color", "pink", clean}, `unknown --color "pink"`},
		{"missing baseline", []string{"--baseline", filepath.Join(dir, "none.json"), clean}, "baseline"},
		{"missing file", []string{filepath.Join(dir, "missing.js")}, "no such file or directory"},
		{"bad log level", []string{"--log-level", "trace", clean}, `unknown log level "trace"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _, stderr := testEnv(nil)
			if got := runCheck(t.Context(), e, tt.args); got != exitError {
				t.Errorf("exit code = %d, want %d", got, exitError)
			}
			if !strings.Contains(stderr.String(), tt.errHas) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.errHas)
			}
		})
	}
}

func TestCheckCleanFileExits0(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "env.js", "const apiKey = process.env.OPENAI_API_KEY;\n")
	e, stdout, stderr := testEnv(nil)
	if got := runCheck(t.Context(), e, []string{path}); got != exitOK {
		t.Fatalf("exit code = %d, want 0; stdout %q stderr %q", got, stdout, stderr)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout = %q, want nothing", stdout)
	}
}

func TestCheckFindingTextFormat(t *testing.T) {
	dir := t.TempDir()
	key := fakeOpenAIKey(1)
	path := writeFile(t, dir, "config.js", "// config\nconst apiKey = \""+key+"\";\n")
	e, stdout, stderr := testEnv(nil)
	if got := runCheck(t.Context(), e, []string{path}); got != exitFindings {
		t.Fatalf("exit code = %d, want 1; stdout %q stderr %q", got, stdout, stderr)
	}
	lines := strings.Split(strings.TrimRight(stdout.String(), "\n"), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one finding, got:\n%s", stdout)
	}
	m := textLine.FindStringSubmatch(lines[0])
	if m == nil {
		t.Fatalf("line %q is not path:line:col: severity RULE message", lines[0])
	}
	if m[1] != path || m[2] != "2" || m[5] != "TL101" {
		t.Errorf("got path %s line %s rule %s, want %s line 2 TL101", m[1], m[2], m[5], path)
	}
	// The message must never carry the whole secret.
	if strings.Contains(stdout.String(), key) || strings.Contains(stderr.String(), key) {
		t.Errorf("output contains the secret: %q %q", stdout, stderr)
	}
}

// TestCheckUTF16Column puts emoji (two UTF-16 units, four bytes) and CJK
// (one unit, three bytes) before a secret: the column must count UTF-16
// units, 1-based.
func TestCheckUTF16Column(t *testing.T) {
	dir := t.TempDir()
	key := fakeOpenAIKey(2)
	prefix := `const greeting = "👋 你好 🎉"; const apiKey = "`
	line := prefix + key + `";`
	path := writeFile(t, dir, "hello.js", "// 🚀 launch\n"+line+"\n")
	e, stdout, stderr := testEnv(nil)
	if got := runCheck(t.Context(), e, []string{"--format", "json", path}); got != exitFindings {
		t.Fatalf("exit code = %d, want 1; stdout %q stderr %q", got, stdout, stderr)
	}
	report := decodeContract(t, stdout.Bytes())
	if len(report.Findings) != 1 {
		t.Fatalf("want one finding, got %+v", report.Findings)
	}
	f := report.Findings[0]
	// The finding may cover the literal (from its opening quote) or the
	// token inside it.
	quoteCol := utf16Len(prefix[:len(prefix)-1]) + 1
	keyCol := utf16Len(prefix) + 1
	col := f.Range.Start.Column
	if f.Range.Start.Line != 2 || (col != quoteCol && col != keyCol) {
		t.Errorf("finding at %d:%d, want line 2, column %d or %d (UTF-16, 1-based)", f.Range.Start.Line, col, quoteCol, keyCol)
	}
	if byteCol := len(prefix) + 1; col == byteCol {
		t.Errorf("column %d counts bytes, not UTF-16 units", col)
	}
	if f.Rule != "TL101" || f.Severity == "" || f.Path != path {
		t.Errorf("finding = %+v", f)
	}
}

// TestToJSONPositions checks the offset conversion on its own, with a
// synthetic finding, so it does not depend on any detector.
func TestToJSONPositions(t *testing.T) {
	src := "a\n\t😀é中 x = \"v\";\r\nlast"
	start := strings.Index(src, `"v"`)
	end := start + 3
	f := detectors.Finding{Rule: "TL102", Name: "hardcoded-credential", Severity: detectors.SeverityWarning,
		Start: start, End: end, Message: "m",
		Fixes: []detectors.Fix{{Title: "t", Safe: true, Edits: []detectors.Edit{{Start: start, End: end, NewText: "x"}}}}}
	ix := textpos.New([]byte(src))
	r := reported{file: &scanFile{display: "p.js"}, finding: f, severity: f.Severity, ix: ix,
		start: positionAt(ix, f.Start), end: positionAt(ix, f.End)}
	j := toJSONFinding(r)
	// "\t😀é中 x = " is 1 + 2 + 1 + 1 + 5 = 10 UTF-16 units.
	want := jsonRange{Start: position{2, 11}, End: position{2, 14}}
	if j.Range != want || j.Fixes[0].Edits[0].Range != want || j.Fixes[0].Edits[0].Path != "p.js" {
		t.Errorf("got %+v, want %+v", j, want)
	}
	if j.Severity != "warning" || j.Name != "hardcoded-credential" {
		t.Errorf("got %+v", j)
	}
	if want := "https://github.com/trustlint/trustlint/blob/main/docs/rules/TL102.md"; j.DocURL != want {
		t.Errorf("DocURL = %q, want %q", j.DocURL, want)
	}
}

func TestCheckSkipsAreReported(t *testing.T) {
	dir := t.TempDir()
	notes := writeFile(t, dir, "notes.txt", "nothing to see\n")
	noExt := writeFile(t, dir, "Makefile", "all:\n")
	binary := writeFile(t, dir, "blob.js", "var a = 1;\x00\x01\x02")
	big := filepath.Join(dir, "bundle.js")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(int64(detectors.MaxBytes()) + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	clean := writeFile(t, dir, "ok.py", "import os\nTOKEN = os.environ['TOKEN']\n")

	e, stdout, stderr := testEnv(nil)
	if got := runCheck(t.Context(), e, []string{notes, noExt, binary, big, clean}); got != exitOK {
		t.Fatalf("exit code = %d, want 0 (skips are not errors); stderr %q", got, stderr)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout = %q, want nothing", stdout)
	}
	for _, want := range []string{
		"skipped " + notes + ": unsupported file type (.txt)",
		"skipped " + noExt + ": unsupported file type (no extension)",
		"skipped " + binary + ": binary file",
		"skipped " + big + ": ",
		"above the",
		"1 file(s) (0.0 MB) analysed, 4 skipped",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}

	// JSON lists them too.
	e, stdout, _ = testEnv(nil)
	runCheck(t.Context(), e, []string{"--format=json", notes, binary, big})
	report := decodeContract(t, stdout.Bytes())
	if len(report.Skipped) != 3 || report.Findings == nil || report.Errors == nil {
		t.Errorf("report = %+v, want 3 skipped and empty (not null) findings and errors", report)
	}
}

func TestCheckWalksDirectories(t *testing.T) {
	dir := t.TempDir()
	line := func(seed uint64) string { return "const apiKey = \"" + fakeOpenAIKey(seed) + "\";\n" }
	writeFile(t, dir, "src/app.js", line(3))
	writeFile(t, dir, "src/README.md", "docs are not analysed\n")
	writeFile(t, dir, "node_modules/dep/index.js", line(4))
	writeFile(t, dir, "vendor/lib/lib.go", "package lib\n\nconst key = \""+fakeOpenAIKey(5)+"\"\n")
	writeFile(t, dir, ".git/hooks/x.py", "KEY = \""+fakeOpenAIKey(6)+"\"\n")
	writeFile(t, dir, "src/clean.ts", "export const n: number = 1;\n")

	e, stdout, stderr := testEnv(nil)
	if got := runCheck(t.Context(), e, []string{dir}); got != exitFindings {
		t.Fatalf("exit code = %d, want 1; stdout %q stderr %q", got, stdout, stderr)
	}
	out := strings.TrimRight(stdout.String(), "\n")
	if want := filepath.Join(dir, "src", "app.js") + ":1:"; !strings.HasPrefix(out, want) || strings.Count(out, "\n") != 0 {
		t.Errorf("stdout = %q, want one finding in %s", out, want)
	}
	if strings.Contains(stderr.String(), "README.md") {
		t.Errorf("unsupported files inside a walked directory are not candidates, got %q", stderr)
	}
	if !strings.Contains(stderr.String(), "2 file(s) (0.0 MB) analysed") {
		t.Errorf("stderr = %q, want 2 files checked", stderr)
	}
}

// TestCheckDemo runs the README's demo command over testdata/demo and
// checks that every `want` annotation is reported on its line and nothing
// else is.
func TestCheckDemo(t *testing.T) {
	demo := filepath.Join("..", "..", "testdata", "demo")
	want := map[string]bool{}
	entries, err := os.ReadDir(demo)
	if err != nil {
		t.Fatal(err)
	}
	wantRe := regexp.MustCompile(`(?://|#|--) want ((?:TL\d{3}\s*)+)$`)
	for _, ent := range entries {
		path := filepath.Join(demo, ent.Name())
		if _, ok := grammars.FromPath(path); !ok || ent.IsDir() {
			continue // golden .fixed twins and the like are not analysed
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for n := 1; sc.Scan(); n++ {
			if m := wantRe.FindStringSubmatch(sc.Text()); m != nil {
				for _, rule := range strings.Fields(m[1]) {
					want[path+":"+strconv.Itoa(n)+":"+rule] = true
				}
			}
		}
		f.Close()
	}
	if len(want) == 0 {
		t.Fatal("no want annotations in the demo")
	}

	e, stdout, stderr := testEnv(nil)
	if got := runCheck(t.Context(), e, []string{demo}); got != exitFindings {
		t.Fatalf("exit code = %d, want 1; stderr %q", got, stderr)
	}
	got := map[string]bool{}
	for _, line := range strings.Split(strings.TrimRight(stdout.String(), "\n"), "\n") {
		m := textLine.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("malformed line %q", line)
			continue
		}
		got[m[1]+":"+m[2]+":"+m[5]] = true
	}
	for k := range want {
		if !got[k] {
			t.Errorf("missing finding %s", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("unexpected finding %s", k)
		}
	}
}
