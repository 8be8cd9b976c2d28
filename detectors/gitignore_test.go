package detectors

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func TestIgnorePatternMatch(t *testing.T) {
	cases := []struct {
		pattern string
		path    string
		isDir   bool
		want    bool
	}{
		{".env", ".env", false, true},
		{".env", "api/.env", false, true},
		{".env", ".env.local", false, false},
		{".env*", ".env.local", false, true},
		{".env*", "a/b/.env.production", false, true},
		{"/.env", ".env", false, true},
		{"/.env", "api/.env", false, false},
		{"api/.env", "api/.env", false, true},
		{"api/.env", "x/api/.env", false, false},
		{".env/", ".env", false, false},
		{".env/", ".env", true, true},
		{"**/.env", "a/b/.env", false, true},
		{"**/.env", ".env", false, true},
		{"a/**/.env", "a/.env", false, true},
		{"a/**/.env", "a/x/y/.env", false, true},
		{"a/**/.env", "b/x/.env", false, false},
		{"a/**", "a/x", false, true},
		{"a/**", "a", true, false},
		{"*.local", ".env.local", false, true},
		{".env.[!e]*", ".env.local", false, true},
		{".env.[!e]*", ".env.example", false, false},
		{".env.[^e]*", ".env.example", false, false},
		{".env.?", ".env.1", false, true},
		{`\#env`, "#env", false, true},
		{`\!env`, "!env", false, true},
		{".env   ", ".env", false, true},
		{`.env\ `, ".env ", false, true},
		{"a//.env", "a/.env", false, true},
		{"*", ".env", false, true},
		{"[", ".env", false, false}, // malformed: matches nothing
	}
	for _, c := range cases {
		p, ok := parseIgnoreLine(c.pattern)
		if !ok {
			t.Errorf("%q: not parsed", c.pattern)
			continue
		}
		if got := p.match(strings.Split(c.path, "/"), c.isDir); got != c.want {
			t.Errorf("%q vs %q (dir %v) = %v, want %v", c.pattern, c.path, c.isDir, got, c.want)
		}
	}
	for _, line := range []string{"", "# comment", "!", "/", "   ", strings.Repeat("a", maxPatternBytes+1)} {
		if _, ok := parseIgnoreLine(line); ok {
			t.Errorf("%q parsed as a pattern", line)
		}
	}
	if p, ok := parseIgnoreLine("!.env.example"); !ok || !p.negate {
		t.Errorf("negation not parsed: %+v", p)
	}
}

// ignoreLayout is a tree of files: path -> content ("" for an env file
// with a key).
type ignoreLayout map[string]string

func writeLayout(t *testing.T, root string, files ignoreLayout) {
	t.Helper()
	for p, content := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(p, "/") {
			continue
		}
		if content == "" {
			content = "API_KEY=abc\n"
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// gitLayouts are the setups compared with git itself.
var gitLayouts = []ignoreLayout{
	{".env": "", ".env.local": "", ".env.example": "", "api/.env": ""},
	{".gitignore": ".env\n", ".env": "", ".env.local": "", "api/.env": ""},
	{".gitignore": ".env*\n!.env.example\n", ".env": "", ".env.example": "", ".env.production": "", "web/.env.local": ""},
	{".gitignore": "/.env\n", ".env": "", "api/.env": ""},
	{"api/.gitignore": ".env\n", ".env": "", "api/.env": "", "api/sub/.env": ""},
	{".gitignore": ".env*\n", "api/.gitignore": "!.env.local\n", "api/.env.local": "", "api/.env": ""},
	{".gitignore": "config/\n!config/.env\n", "config/.env": "", ".env": ""},
	{".gitignore": "config/*\n!config/.env\n", "config/.env": "", "config/.env.local": ""},
	{".gitignore": "**/secrets/**\n", "a/secrets/.env": "", "a/.env": ""},
	{".gitignore": "*.local\n.env.[!e]*\n", ".env.local": "", ".env.prod": "", ".env.example": ""},
	{".gitignore": ".env\r\n#.env.local\r\n\\#x\r\n", ".env": "", ".env.local": ""},
	{".gitignore": ".env/\n", ".env": "", "x/.env/": ""},
	{".gitignore": "*\n!*/\n!.gitignore\n", ".env": "", "a/.env": ""},
	{".gitignore": "*\n!.env\n", ".env": "", "a/.env": ""},
	{".gitignore": "a/**/.env\n", "a/.env": "", "a/b/c/.env": "", "b/a/.env": ""},
	{".git/info/exclude": ".env.local\n", ".env.local": "", ".env": ""},
}

// TestIgnoreMatchesGit compares the matcher's verdicts with git's own on
// every layout (skipped without git).
func TestIgnoreMatchesGit(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git not installed")
	}
	for i, layout := range gitLayouts {
		root := t.TempDir()
		cmd := exec.Command(git, "init", "-q", root)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git init: %v: %s", err, out)
		}
		writeLayout(t, root, layout)
		var envs []string
		for p := range layout {
			if IsEnvFile(p) && !strings.HasSuffix(p, "/") && !strings.HasPrefix(p, ".git/") {
				envs = append(envs, p)
			}
		}
		sort.Strings(envs)
		args := append([]string{"-C", root, "-c", "core.excludesFile=/dev/null", "check-ignore", "--"}, envs...)
		out, _ := exec.Command(git, args...).Output() // exit 1: none ignored
		gitIgnored := map[string]bool{}
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if l != "" {
				gitIgnored[l] = true
			}
		}
		set, _ := newIgnoreSet(root)
		for _, p := range envs {
			got := set.verdict(strings.Split(p, "/"), false) == excluded
			if got != gitIgnored[p] {
				t.Errorf("layout %d %v: %s ignored = %v, git says %v", i, layout, p, got, gitIgnored[p])
			}
		}
	}
}
