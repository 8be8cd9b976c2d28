package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trustlint/trustlint/detectors"
)

const sample = `# team settings
rules:
  TL102: off
  TL101: warning
  TL201:
    severity: error
    min-bcrypt-cost: 13
    min-pbkdf2-iterations: 700_000
  TL205:
    jwt-expiry-minutes: 30
allow:
  paths: ["testdata/**", "docs/*.md"]
  values: ["sk_test_allowed_value"]
  regexes: ['^EXAMPLE_']
secrets:
  patterns:
    - name: acme-api-key
      regex: 'acme_[A-Za-z0-9]{16}'
scan:
  max-file-size: 512KiB
`

func TestParseSample(t *testing.T) {
	c, problems := Parse(".trustlint.yaml", []byte(sample))
	for _, p := range problems {
		if !strings.Contains(p.Message, "unknown rule") {
			t.Errorf("unexpected problem: %s", p)
		}
	}
	if !c.Detectors.Disabled["TL102"] || c.Detectors.Enabled("TL102") {
		t.Errorf("TL102 not disabled: %+v", c.Detectors)
	}
	if c.Detectors.Severity["TL101"] != detectors.SeverityWarning {
		t.Errorf("TL101 severity = %v", c.Detectors.Severity["TL101"])
	}
	if c.Detectors.Severity["TL201"] != detectors.SeverityError {
		t.Errorf("TL201 severity = %v", c.Detectors.Severity["TL201"])
	}
	o := c.Detectors.Options
	if o.MinBcryptCost != 13 || o.MinPBKDF2Iterations != 700000 || o.JWTExpiryMinutes != 30 {
		t.Errorf("options = %+v", o)
	}
	if c.MaxFileSize != 512<<10 {
		t.Errorf("max file size = %d", c.MaxFileSize)
	}
	if !c.PathAllowed("testdata/x/y.js") || !c.PathAllowed("docs/a.md") || c.PathAllowed("src/app.js") || c.PathAllowed("docs/sub/a.md") {
		t.Errorf("allow.paths misapplied")
	}
	if len(c.Patterns) != 1 || c.Patterns[0].Name != "acme-api-key" {
		t.Errorf("patterns = %+v", c.Patterns)
	}
}

func TestParseProblemsHaveLineAndColumn(t *testing.T) {
	src := `rules:
  TL101: loud
  TL201:
    min-bcrypt-cost: 2
    colour: red
  nope: off
allow:
  regexes: ['(']
secrets:
  patterns:
    - name: x
      regex: 'a*'
scan:
  max-file-size: huge
bogus: 1
`
	c, problems := Parse("cfg.yaml", []byte(src))
	want := []struct {
		line, col int
		has       string
	}{
		{2, 10, `"loud" is not on, off or a severity`},
		{4, 22, "outside 4..31"},
		{5, 5, `unknown option "colour" for TL201`},
		{6, 3, `"nope" is not a rule ID`},
		{8, 13, "not a valid regular expression"},
		{12, 14, "matches the empty string"},
		{14, 18, "not a positive size"},
		{15, 1, `unknown key "bogus"`},
	}
	for _, w := range want {
		found := false
		for _, p := range problems {
			if p.Line == w.line && p.Column == w.col && strings.Contains(p.Message, w.has) {
				found = true
			}
		}
		if !found {
			t.Errorf("no problem %q at %d:%d in %v", w.has, w.line, w.col, problems)
		}
	}
	// The defaults keep working.
	if !c.Detectors.Enabled("TL101") || c.Detectors.Options.MinBcryptCost != 0 || len(c.Patterns) != 0 {
		t.Errorf("bad entries leaked into the config: %+v", c)
	}
}

func TestParseInvalidYAML(t *testing.T) {
	c, problems := Parse("cfg.yaml", []byte("rules:\n  TL101: [off\n"))
	if len(problems) != 1 || problems[0].Line == 0 || !strings.Contains(problems[0].Message, "invalid YAML") {
		t.Fatalf("problems = %v", problems)
	}
	if !strings.HasPrefix(problems[0].String(), "cfg.yaml:") {
		t.Errorf("String() = %q", problems[0].String())
	}
	if !c.Detectors.Enabled("TL101") {
		t.Errorf("defaults not kept")
	}
	if _, problems := Parse("cfg.yaml", []byte("- a\n- b\n")); len(problems) != 1 || problems[0].Line != 1 {
		t.Errorf("top-level sequence: %v", problems)
	}
	if _, problems := Parse("cfg.yaml", []byte("\n# only a comment\n")); len(problems) != 0 {
		t.Errorf("empty file: %v", problems)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	c, problems, err := Load(dir)
	if err != nil || problems != nil || c.Path != "" {
		t.Fatalf("missing file: %+v %v %v", c, problems, err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".trustlint.yml"), []byte("rules:\n  TL101: off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, problems, err = Load(dir)
	if err != nil || len(problems) != 0 || c.Detectors.Enabled("TL101") {
		t.Fatalf(".yml: %+v %v %v", c, problems, err)
	}
}

func TestApplyAllowlistAndPatterns(t *testing.T) {
	c, problems := Parse("c", []byte(sample))
	_ = problems
	src := []byte("a = 'sk_test_allowed_value'\nb = 'EXAMPLE_123'\nc = 'acme_0123456789abcdef'\nd = 'acme_0123456789abcdeX' # trustlint-ignore TL101 -- test\ne = 'real'\n")
	at := func(s string) (int, int) {
		i := strings.Index(string(src), s)
		return i, i + len(s)
	}
	var fs []detectors.Finding
	for _, s := range []string{"'sk_test_allowed_value'", "'EXAMPLE_123'", "'real'"} {
		st, en := at(s)
		fs = append(fs, detectors.Finding{Rule: "TL102", Start: st, End: en})
	}
	got := c.Apply(src, fs)
	var texts []string
	for _, f := range got {
		texts = append(texts, f.Rule+":"+string(src[f.Start:f.End]))
	}
	want := "TL101:acme_0123456789abcdef TL102:'real'"
	if strings.Join(texts, " ") != want {
		t.Errorf("Apply = %v, want %s", texts, want)
	}
	for _, f := range got {
		if f.Rule == "TL101" && strings.Contains(f.Message, "0123456789abcdef") {
			t.Errorf("message leaks the secret: %s", f.Message)
		}
	}
	c.Detectors.Disabled = map[string]bool{"TL101": true}
	if got := c.Apply(src, nil); len(got) != 0 {
		t.Errorf("patterns ran with TL101 off: %v", got)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"1024": 1024, "2MiB": 2 << 20, "512 KiB": 512 << 10, "1MB": 1e6, "3k": 3 << 10} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "-1", "0", "big", "1.5MB"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) accepted", in)
		}
	}
}
