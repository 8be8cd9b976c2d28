package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/trustlint/trustlint/detectors"
)

func TestRulesText(t *testing.T) {
	e, stdout, stderr := testEnv(nil)
	if got := runRules(e, nil); got != exitOK {
		t.Fatalf("runRules = %d, stderr %q", got, stderr)
	}
	lines := strings.Split(strings.TrimRight(stdout.String(), "\n"), "\n")
	catalog := detectors.Catalog()
	if len(lines) != len(catalog)+1 {
		t.Fatalf("got %d lines, want a header and %d rules:\n%s", len(lines), len(catalog), stdout)
	}
	header := lines[0]
	for _, col := range []string{"ID", "NAME", "SEVERITY", "CWE", "LANGUAGES", "SUMMARY"} {
		if !strings.Contains(header, col) {
			t.Errorf("header %q lacks %s", header, col)
		}
	}
	// Aligned: every rule's name, severity and summary start in the
	// header's columns.
	for i, r := range catalog {
		line := lines[i+1]
		if !strings.HasPrefix(line, r.ID) {
			t.Errorf("line %q does not start with %s", line, r.ID)
		}
		for _, pair := range []struct{ col, value string }{
			{"NAME", r.Name}, {"SEVERITY", r.Severity.String()}, {"SUMMARY", r.Summary},
		} {
			if got, want := strings.Index(line, pair.value), strings.Index(header, pair.col); got != want {
				t.Errorf("%s: %s at column %d, header's %s at %d", r.ID, pair.value, got, pair.col, want)
			}
		}
	}
}

func TestRulesJSON(t *testing.T) {
	e, stdout, stderr := testEnv(nil)
	if got := runRules(e, []string{"--format", "json"}); got != exitOK {
		t.Fatalf("runRules = %d, stderr %q", got, stderr)
	}
	var rules []ruleJSON
	if err := json.Unmarshal(stdout.Bytes(), &rules); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, stdout)
	}
	catalog := detectors.Catalog()
	if len(rules) != len(catalog) {
		t.Fatalf("got %d rules, want %d", len(rules), len(catalog))
	}
	for i, r := range rules {
		want := catalog[i]
		if r.ID != want.ID || r.Name != want.Name || r.Severity != want.Severity.String() || r.DocURL != want.DocURL() {
			t.Errorf("rule %d = %+v, want %s %s %s %s", i, r, want.ID, want.Name, want.Severity, want.DocURL())
		}
		if len(r.Languages) == 0 || len(r.CWE) == 0 {
			t.Errorf("%s: empty languages or CWE: %+v", r.ID, r)
		}
	}
}

func TestRulesErrors(t *testing.T) {
	for _, args := range [][]string{{"--format", "xml"}, {"--nope"}, {"extra"}} {
		e, stdout, stderr := testEnv(nil)
		if got := runRules(e, args); got != exitError {
			t.Errorf("runRules(%q) = %d, want %d", args, got, exitError)
		}
		if stdout.Len() != 0 || stderr.Len() == 0 {
			t.Errorf("runRules(%q): stdout %q, stderr %q; want only stderr", args, stdout, stderr)
		}
	}
}
