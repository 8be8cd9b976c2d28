package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestScanEnvFileNotIgnored(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		".env":           "STRIPE_SECRET_KEY=x\n",
		".env.example":   "STRIPE_SECRET_KEY=\n",
		"api/.gitignore": ".env.local\n",
		"api/.env.local": "K=v\n",
		"app.js":         "console.log('hi');\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := scanIn(t, dir, "--format", "json", ".")
	if code != exitFindings {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	c := decodeContract(t, []byte(stdout))
	if len(c.Findings) != 1 || c.Findings[0].Rule != "TL106" || c.Findings[0].Path != ".env" || c.Findings[0].Range.Start.Line != 1 {
		t.Fatalf("findings %+v", c.Findings)
	}
	if strings.Contains(stdout, "STRIPE_SECRET_KEY=x") {
		t.Error("the report quotes the env file")
	}

	code, _, stderr = scanIn(t, dir, "--fix", ".")
	if code != exitOK || !strings.Contains(stderr, "fixed .env:1:1: TL106 Create .gitignore ignoring .env") {
		t.Fatalf("--fix: exit %d, stderr %s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, ".gitignore"))
	if err != nil || !strings.HasSuffix(string(data), "\n.env\n") {
		t.Fatalf(".gitignore %q, %v", data, err)
	}
	if code, stdout, _ := scanIn(t, dir, "."); code != exitOK || strings.Contains(stdout, "TL106") {
		t.Errorf("after the fix: %d %s", code, stdout)
	}
}
