package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// contract is the JSON report as docs/json-output.md documents it, decoded
// the way another program would, strictly (unknown fields are fine, but
// every documented one must be there with its type).
type contract struct {
	Version  *string `json:"version"`
	Findings []struct {
		Rule     string        `json:"rule"`
		Name     string        `json:"name"`
		Severity string        `json:"severity"`
		Path     string        `json:"path"`
		Range    contractRange `json:"range"`
		Message  string        `json:"message"`
		Fixes    []struct {
			Title string `json:"title"`
			Edits []struct {
				Path    string        `json:"path"`
				Range   contractRange `json:"range"`
				NewText string        `json:"newText"`
			} `json:"edits"`
		} `json:"fixes"`
		Fingerprint string `json:"fingerprint"`
	} `json:"findings"`
	Skipped []struct {
		Path   string `json:"path"`
		Reason string `json:"reason"`
	} `json:"skipped"`
	Errors []string `json:"errors"`
}

type contractRange struct {
	Start struct{ Line, Column int } `json:"start"`
	End   struct{ Line, Column int } `json:"end"`
}

func decodeContract(t *testing.T, data []byte) contract {
	t.Helper()
	var c contract
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatalf("not the JSON contract: %v\n%s", err, data)
	}
	if c.Version == nil || c.Findings == nil || c.Skipped == nil || c.Errors == nil {
		t.Fatalf("version, findings, skipped and errors must be present (not null):\n%s", data)
	}
	for _, f := range c.Findings {
		if f.Rule == "" || f.Name == "" || f.Severity == "" || f.Path == "" || f.Message == "" || f.Fixes == nil || f.Fingerprint == "" ||
			f.Range.Start.Line < 1 || f.Range.Start.Column < 1 || f.Range.End.Line < f.Range.Start.Line {
			t.Errorf("incomplete finding %+v", f)
		}
	}
	return c
}

// scanIn runs `trustlint scan` with dir as the working directory.
func scanIn(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	e, stdout, stderr := testEnv(nil)
	code := runScan(t.Context(), e, args)
	return code, stdout.String(), stderr.String()
}

func secretJS(seed uint64) string { return "const apiKey = \"" + fakeOpenAIKey(seed) + "\";\n" }

// findingPaths lists "path:line" of every text-output finding.
func findingPaths(stdout string) []string {
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		if m := textLine.FindStringSubmatch(line); m != nil {
			out = append(out, m[1]+":"+m[2])
		}
	}
	sort.Strings(out)
	return out
}

func TestScanHonoursIgnoreFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, ".git/info/exclude", "excluded/\n")
	writeFile(t, dir, ".gitignore", "*.gen.js\n/secrets/\n")
	writeFile(t, dir, "app/.gitignore", "local.js\n!keep.gen.js\n")
	writeFile(t, dir, ".trustlintignore", "fixtures/\n")
	writeFile(t, dir, "app/main.js", secretJS(1))
	writeFile(t, dir, "app/local.js", secretJS(2))
	writeFile(t, dir, "app/x.gen.js", secretJS(3))
	writeFile(t, dir, "app/keep.gen.js", secretJS(4))
	writeFile(t, dir, "secrets/a.js", secretJS(5))
	writeFile(t, dir, "lib/secrets/b.js", secretJS(6)) // "/secrets/" is anchored at the root
	writeFile(t, dir, "excluded/c.js", secretJS(7))
	writeFile(t, dir, "fixtures/d.js", secretJS(8))
	writeFile(t, dir, "node_modules/dep/e.js", secretJS(9))
	writeFile(t, dir, "web/dist/f.js", secretJS(10))
	writeFile(t, dir, "web/g.min.js", secretJS(11))
	writeFile(t, dir, "web/bundle.js", "var a="+strings.Repeat("b+", 2000)+"1;\n")

	code, stdout, stderr := scanIn(t, dir)
	if code != exitFindings {
		t.Fatalf("exit %d; stderr %s", code, stderr)
	}
	got := strings.Join(findingPaths(stdout), " ")
	want := "app/keep.gen.js:1 app/main.js:1 lib/secrets/b.js:1"
	if got != want {
		t.Errorf("findings in %s, want %s\nstderr: %s", got, want, stderr)
	}
	for _, skipped := range []string{"skipped node_modules: dependencies", "skipped web/dist: build output",
		"skipped web/g.min.js: minified bundle", "skipped web/bundle.js: minified or generated"} {
		if !strings.Contains(stderr, skipped) {
			t.Errorf("stderr lacks %q:\n%s", skipped, stderr)
		}
	}
	// Scanning a subdirectory still applies the ignore files above it.
	code, stdout, _ = scanIn(t, filepath.Join(dir, "app"), ".")
	if got := strings.Join(findingPaths(stdout), " "); code != exitFindings || got != "keep.gen.js:1 main.js:1" {
		t.Errorf("scan of app/: exit %d, findings %s", code, got)
	}
}

// TestScanParseOnly checks the benchmarking pass: the same files read and
// skipped as a scan, every one parsed, no rule run, exit 0.
func TestScanParseOnly(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "src/a.js", secretJS(7))
	writeFile(t, dir, "src/b.py", "def f(:\n") // a syntax error parses too
	writeFile(t, dir, "src/min.js", strings.Repeat("var a=1;", 2000)+"\n")
	code, stdout, stderr := scanIn(t, dir, "--format", "json", "--parse-only")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	c := decodeContract(t, []byte(stdout))
	if len(c.Findings) != 0 || len(c.Errors) != 0 || len(c.Skipped) != 1 || c.Skipped[0].Path != "src/min.js" {
		t.Fatalf("parse-only report: %s", stdout)
	}
	if code, _, stderr := scanIn(t, dir, "--parse-only", "--fix"); code != exitError || !strings.Contains(stderr, "--parse-only") {
		t.Errorf("--parse-only --fix: exit %d, %s", code, stderr)
	}
}

func TestScanJSONContractAndParallelDeterminism(t *testing.T) {
	dir := t.TempDir()
	for i := range 40 {
		writeFile(t, dir, filepath.Join("src", string(rune('a'+i%26))+strings.Repeat("x", i/26)+".js"), "// file\n"+secretJS(uint64(100+i)))
	}
	var outputs []string
	for _, jobs := range []string{"1", "4"} {
		code, stdout, stderr := scanIn(t, dir, "--format", "json", "--jobs", jobs)
		if code != exitFindings {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		c := decodeContract(t, []byte(stdout))
		if len(c.Findings) != 40 {
			t.Fatalf("%d findings, want 40", len(c.Findings))
		}
		f := c.Findings[0]
		if f.Path != "src/a.js" || f.Range.Start.Line != 2 || f.Rule != "TL101" || f.Name != "hardcoded-secret" || f.Severity != "error" {
			t.Errorf("first finding %+v", f)
		}
		if len(f.Fixes) == 0 || len(f.Fixes[0].Edits) == 0 || f.Fixes[0].Edits[0].Path != "src/a.js" {
			t.Errorf("fixes %+v", f.Fixes)
		}
		outputs = append(outputs, stdout)
	}
	if outputs[0] != outputs[1] {
		t.Errorf("output depends on the number of workers")
	}
}

func TestScanSARIFValidatesAgainstSchema(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "src/pay.js", "// payments\n"+secretJS(20))
	writeFile(t, dir, "src/db.py", "password = \"hunter2-but-longer\"\n")
	writeFile(t, dir, "blob.js", "x\x00y")
	code, stdout, stderr := scanIn(t, dir, "--format=sarif", "--fail-on=never")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	schemaPath, err := filepath.Abs(filepath.Join(testdataDir(t), "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(schemaPath)
	if err != nil {
		t.Fatalf("schema: %v", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(stdout)))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Fatalf("SARIF does not validate: %v\n%s", err, stdout)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID   string `json:"id"`
						Name string `json:"name"`
						Help struct {
							Text string `json:"text"`
						} `json:"help"`
						Properties struct {
							Tags []string `json:"tags"`
						} `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID              string            `json:"ruleId"`
				RuleIndex           int               `json:"ruleIndex"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Fixes               []json.RawMessage `json:"fixes"`
				Locations           []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine, StartColumn int
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
			Invocations []struct {
				Notifications []json.RawMessage `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	rules := run.Tool.Driver.Rules
	if log.Version != "2.1.0" || run.Tool.Driver.Name != "trustlint" || len(rules) == 0 {
		t.Fatalf("log = %+v", log)
	}
	for _, r := range rules {
		hasCWE := false
		for _, tag := range r.Properties.Tags {
			hasCWE = hasCWE || strings.HasPrefix(tag, "external/cwe/cwe-")
		}
		if r.Name == "" || r.Help.Text == "" || !hasCWE {
			t.Errorf("rule %+v lacks a name, help or CWE tag", r)
		}
	}
	if len(run.Results) < 2 {
		t.Fatalf("results = %+v", run.Results)
	}
	for _, res := range run.Results {
		if rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("ruleIndex %d points at %s, not %s", res.RuleIndex, rules[res.RuleIndex].ID, res.RuleID)
		}
		loc := res.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URIBaseID != "%SRCROOT%" || strings.HasPrefix(loc.ArtifactLocation.URI, "/") || loc.Region.StartLine < 1 {
			t.Errorf("location %+v", loc)
		}
		if res.PartialFingerprints[fingerprintKey] == "" {
			t.Errorf("no partial fingerprint: %+v", res)
		}
		if res.RuleID == "TL101" && len(res.Fixes) == 0 {
			t.Errorf("TL101 result without fixes")
		}
	}
	if len(run.Invocations) != 1 || len(run.Invocations[0].Notifications) != 1 {
		t.Errorf("the skipped binary file should be a notification: %+v", run.Invocations)
	}
}

// testdataDir is cmd/trustlint/testdata, found before any t.Chdir.
func testdataDir(t *testing.T) string {
	t.Helper()
	return sarifTestdata
}

var sarifTestdata = func() string {
	wd, _ := os.Getwd()
	return filepath.Join(wd, "testdata")
}()

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func TestScanStagedAndDiff(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	git(t, dir, "init", "-q", "-b", "main")
	old := "// existing code\n" + secretJS(30)
	writeFile(t, dir, "app.js", old)
	writeFile(t, dir, "untouched.js", secretJS(31))
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "init")

	// Nothing staged: nothing reported, exit 0.
	if code, stdout, stderr := scanIn(t, dir, "--staged"); code != exitOK || stdout != "" {
		t.Fatalf("empty index: exit %d, stdout %q, stderr %s", code, stdout, stderr)
	}
	// Stage one added line with a secret; the old secret in the same file
	// and the untouched file are not reported.
	writeFile(t, dir, "app.js", old+"const other = 1;\n"+"const stripeKey = \""+fakeOpenAIKey(32)+"\";\n")
	writeFile(t, dir, "new.py", "import os\nTOKEN = os.environ[\"TOKEN\"]\n")
	git(t, dir, "add", "app.js", "new.py")
	// An unstaged edit is not what gets committed: not reported.
	f, _ := os.OpenFile(filepath.Join(dir, "app.js"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(secretJS(33))
	f.Close()
	code, stdout, stderr := scanIn(t, dir, "--staged")
	if got := strings.Join(findingPaths(stdout), " "); code != exitFindings || got != "app.js:4" {
		t.Fatalf("--staged: exit %d, findings %q; stderr %s", code, got, stderr)
	}
	// From a subdirectory, paths stay correct.
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = scanIn(t, filepath.Join(dir, "sub"), "--staged", "--format=json", "..")
	if c := decodeContract(t, []byte(stdout)); code != exitFindings || len(c.Findings) != 1 || c.Findings[0].Path != "../app.js" {
		t.Errorf("--staged from sub/: exit %d, %+v", code, c.Findings)
	}
	git(t, dir, "commit", "-q", "-m", "second")
	// --diff REV: the working tree against REV.
	code, stdout, stderr = scanIn(t, dir, "--diff", "HEAD~1")
	if got := strings.Join(findingPaths(stdout), " "); code != exitFindings || got != "app.js:4 app.js:5" {
		t.Errorf("--diff HEAD~1: exit %d, findings %q; stderr %s", code, got, stderr)
	}
	if code, _, stderr := scanIn(t, dir, "--diff", "no-such-rev"); code != exitError || !strings.Contains(stderr, "git diff") {
		t.Errorf("bad revision: exit %d, stderr %s", code, stderr)
	}
	if code, _, stderr := scanIn(t, t.TempDir(), "--staged"); code != exitError || !strings.Contains(stderr, "git repository") {
		t.Errorf("outside a repository: exit %d, stderr %s", code, stderr)
	}
}

func TestParseUnifiedDiff(t *testing.T) {
	diff := "diff --git a/x.js b/x.js\n--- a/x.js\n+++ b/x.js\n@@ -1,0 +2,3 @@\n+a\n+b\n+c\n@@ -9 +12 @@\n-x\n+y\n" +
		"diff --git a/gone.js b/gone.js\n--- a/gone.js\n+++ b/gone.js\n@@ -3,2 +2,0 @@\n-p\n-q\n" +
		"diff --git a/\"sp ace.js\" b/\"sp ace.js\"\n--- /dev/null\n+++ \"b/sp ace.js\"\n@@ -0,0 +1 @@\n+z\n"
	got := parseUnifiedDiff([]byte(diff))
	if len(got) != 2 || len(got["x.js"]) != 4 || !got["x.js"][2] || !got["x.js"][4] || !got["x.js"][12] || !got["sp ace.js"][1] {
		t.Errorf("parseUnifiedDiff = %v", got)
	}
}

func TestScanFailOnAndRuleSelection(t *testing.T) {
	dir := t.TempDir()
	// A TL102 finding in a comment is information-level.
	writeFile(t, dir, "a.js", "// password = \"hunter2hunter2\"\nconst x = 1;\n")
	code, stdout, _ := scanIn(t, dir, "--format=json")
	c := decodeContract(t, []byte(stdout))
	if len(c.Findings) == 0 {
		t.Skip("the information-level comment finding is not reported by this engine version")
	}
	sev := c.Findings[0].Severity
	if sev != "information" && sev != "hint" {
		t.Skipf("comment finding is %s", sev)
	}
	if code != exitOK {
		t.Errorf("default --fail-on warning: exit %d on an %s finding", code, sev)
	}
	if code, _, _ := scanIn(t, dir, "--fail-on", sev); code != exitFindings {
		t.Errorf("--fail-on %s: exit %d", sev, code)
	}
	writeFile(t, dir, "b.js", secretJS(40))
	if code, _, _ := scanIn(t, dir, "--fail-on", "error"); code != exitFindings {
		t.Errorf("--fail-on error with a TL101: exit %d", code)
	}
	if code, stdout, _ := scanIn(t, dir, "--disable", "TL101,TL102"); code != exitOK || stdout != "" {
		t.Errorf("--disable: exit %d, %q", code, stdout)
	}
	code, stdout, _ = scanIn(t, dir, "--rules", "TL102", "--fail-on", "hint")
	if code != exitFindings || strings.Contains(stdout, "TL101") {
		t.Errorf("--rules TL102: exit %d, %q", code, stdout)
	}
}

func TestScanFix(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "pay.js", "const stripe = require('stripe');\n"+secretJS(50))
	code, stdout, stderr := scanIn(t, dir, "--fix", "--fail-on", "warning")
	fixed, _ := os.ReadFile(path)
	if strings.Contains(string(fixed), fakeOpenAIKey(50)) || !strings.Contains(string(fixed), "process.env") {
		t.Fatalf("not fixed:\n%s\nstderr %s", fixed, stderr)
	}
	if !strings.Contains(stderr, "fixed pay.js:2:") || strings.Contains(stdout, "TL101") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	// A file edited between read and write is left alone.
	if err := writeIfUnchanged(path, []byte("old"), []byte("new")); err != errChangedSinceRead {
		t.Errorf("writeIfUnchanged on a changed file: %v", err)
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, fixed) {
		t.Errorf("a changed file was overwritten")
	}
}

func TestScanBaselineSurvivesLineShifts(t *testing.T) {
	dir := t.TempDir()
	body := secretJS(60) + secretJS(60) + "const token = \"" + fakeOpenAIKey(61) + "\";\n"
	path := writeFile(t, dir, "app.js", body)
	base := filepath.Join(dir, "trustlint-baseline.json")
	if code, _, stderr := scanIn(t, dir, "--write-baseline", base); code != exitOK || !strings.Contains(stderr, "wrote 3 finding(s)") {
		t.Fatalf("write baseline: exit %d, %s", code, stderr)
	}
	// Lines move down and the file is re-indented: still baselined.
	shifted := "// a header\n\n\n" + strings.ReplaceAll(body, "const", "  const")
	os.WriteFile(path, []byte(shifted), 0o644)
	if code, stdout, stderr := scanIn(t, dir, "--baseline", base); code != exitOK || stdout != "" {
		t.Fatalf("baselined findings reported: exit %d, %s %s", code, stdout, stderr)
	}
	// A third copy of the same secret is new.
	os.WriteFile(path, []byte(shifted+secretJS(60)), 0o644)
	code, stdout, _ := scanIn(t, dir, "--baseline", base)
	if got := findingPaths(stdout); code != exitFindings || len(got) != 1 {
		t.Errorf("new finding: exit %d, %v", code, got)
	}
	os.WriteFile(base, []byte("{nope"), 0o644)
	if code, _, _ := scanIn(t, dir, "--baseline", base); code != exitError {
		t.Errorf("corrupt baseline: exit %d", code)
	}
}

func TestScanConfig(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "src/app.js", secretJS(70))
	writeFile(t, dir, "examples/demo.js", secretJS(71))
	writeFile(t, dir, "src/acme.py", "ACME = \"acme_live_0123456789abcdef0123\"\n")
	writeFile(t, dir, ".trustlint.yaml", `rules:
  TL101: warning
allow:
  paths: [examples/]
secrets:
  patterns:
    - name: acme
      regex: 'acme_live_[0-9a-f]{20}'
`)
	code, stdout, stderr := scanIn(t, dir, "--format=json", "--fail-on=error")
	c := decodeContract(t, []byte(stdout))
	var got []string
	for _, f := range c.Findings {
		got = append(got, f.Path+":"+f.Rule+":"+f.Severity)
	}
	if code != exitOK || strings.Join(got, " ") != "src/acme.py:TL101:warning src/app.js:TL101:warning" {
		t.Errorf("exit %d, findings %v; stderr %s", code, got, stderr)
	}
	// A broken entry is reported with line and column; the rest works.
	writeFile(t, dir, ".trustlint.yaml", "rules:\n  TL101: loud\n  TL102: off\n")
	code, stdout, stderr = scanIn(t, dir)
	if !strings.Contains(stderr, ".trustlint.yaml:2:10:") || code != exitFindings || !strings.Contains(stdout, "TL101") {
		t.Errorf("bad config: exit %d, stderr %s", code, stderr)
	}
	// Invalid YAML: an error with a line, and the defaults.
	writeFile(t, dir, ".trustlint.yaml", "rules: [\n")
	code, _, stderr = scanIn(t, dir)
	if !strings.Contains(stderr, ".trustlint.yaml:1:1: invalid YAML") || code != exitFindings {
		t.Errorf("invalid YAML: exit %d, stderr %s", code, stderr)
	}
}

func TestScanOutputFileAndColor(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.js", secretJS(80))
	out := filepath.Join(dir, "report.sarif")
	if code, stdout, _ := scanIn(t, dir, "--format", "sarif", "--output", out); code != exitFindings || stdout != "" {
		t.Errorf("--output: exit %d, stdout %q", code, stdout)
	}
	if data, err := os.ReadFile(out); err != nil || !bytes.Contains(data, []byte(`"version": "2.1.0"`)) {
		t.Errorf("report file: %v", err)
	}
	if _, stdout, _ := scanIn(t, dir, "--color=always"); !strings.Contains(stdout, ansiRed+"error"+ansiReset) {
		t.Errorf("--color=always: %q", stdout)
	}
	if _, stdout, _ := scanIn(t, dir); strings.Contains(stdout, "\x1b[") {
		t.Errorf("colour on a non-terminal: %q", stdout)
	}
}

func TestExplain(t *testing.T) {
	e, stdout, _ := testEnv(nil)
	if code := run(t.Context(), e, []string{"explain", "tl101"}); code != exitOK || !strings.Contains(stdout.String(), "TL101") {
		t.Errorf("explain TL101: exit %d, %q", code, stdout)
	}
	for _, args := range [][]string{{"explain"}, {"explain", "TL999"}, {"explain", "nope"}} {
		e, _, stderr := testEnv(nil)
		if code := run(t.Context(), e, args); code != exitError || stderr.Len() == 0 {
			t.Errorf("%v: exit %d", args, code)
		}
	}
}
