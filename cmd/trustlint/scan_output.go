package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/trustlint/trustlint/detectors"
)

// jsonReport is the whole output of `trustlint scan --format json`. Its
// shape is a public contract documented in docs/json-output.md: fields may
// be added, never renamed or removed.
type jsonReport struct {
	Version  string        `json:"version"`
	Findings []jsonFinding `json:"findings"`
	Skipped  []skip        `json:"skipped"`
	Errors   []string      `json:"errors"`
}

// jsonFinding is one finding of the JSON report.
type jsonFinding struct {
	Rule        string    `json:"rule"`
	Name        string    `json:"name"`
	Severity    string    `json:"severity"`
	Path        string    `json:"path"`
	Range       jsonRange `json:"range"`
	Message     string    `json:"message"`
	Fixes       []jsonFix `json:"fixes"`
	Fingerprint string    `json:"fingerprint"`
	DocURL      string    `json:"docUrl,omitempty"`
}

// jsonRange is a span of 1-based lines and 1-based UTF-16 columns; end is
// exclusive.
type jsonRange struct {
	Start position `json:"start"`
	End   position `json:"end"`
}

// jsonFix is one fix of a finding.
type jsonFix struct {
	Title string     `json:"title"`
	Safe  bool       `json:"safe"`
	Edits []jsonEdit `json:"edits"`
}

// jsonEdit replaces a range of a file with newText.
type jsonEdit struct {
	Path    string    `json:"path"`
	Range   jsonRange `json:"range"`
	NewText string    `json:"newText"`
}

// toJSONFinding converts a reported finding.
func toJSONFinding(r reported) jsonFinding {
	j := jsonFinding{
		Rule: r.finding.Rule, Name: r.finding.Name, Severity: r.severity.String(), Path: r.file.display,
		Range:   jsonRange{Start: r.start, End: r.end},
		Message: r.finding.Message, Fixes: []jsonFix{}, Fingerprint: r.fingerprint,
	}
	if rule, ok := detectors.Lookup(r.finding.Rule); ok {
		j.DocURL = rule.DocURL()
	}
	for _, fix := range r.finding.Fixes {
		jf := jsonFix{Title: fix.Title, Safe: fix.Safe, Edits: []jsonEdit{}}
		for _, e := range fix.Edits {
			jf.Edits = append(jf.Edits, jsonEdit{Path: r.file.display, NewText: e.NewText,
				Range: jsonRange{Start: positionAt(r.ix, e.Start), End: positionAt(r.ix, e.End)}})
		}
		j.Fixes = append(j.Fixes, jf)
	}
	return j
}

// writeJSON prints the JSON report.
func (s *scan) writeJSON(w io.Writer, findings []reported) error {
	rep := jsonReport{Version: s.e.version, Findings: []jsonFinding{}, Skipped: s.skipped, Errors: s.errors}
	if rep.Skipped == nil {
		rep.Skipped = []skip{}
	}
	if rep.Errors == nil {
		rep.Errors = []string{}
	}
	for _, r := range findings {
		rep.Findings = append(rep.Findings, toJSONFinding(r))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// ANSI colours of the text output.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiBlue   = "\x1b[34m"
	ansiGrey   = "\x1b[90m"
)

// useColor decides whether the text output is coloured: --color always or
// never, else only when w is a terminal and NO_COLOR is unset.
func (s *scan) useColor(w io.Writer) bool {
	switch s.opts.color {
	case "always":
		return true
	case "never":
		return false
	}
	if s.e.getenv != nil && s.e.getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// writeText prints `path:line:col: severity RULE message` lines, then the
// skipped files and a summary on stderr.
func (s *scan) writeText(w io.Writer, findings []reported) error {
	color := s.useColor(w)
	var b strings.Builder
	for _, r := range findings {
		sev := r.severity.String()
		loc := fmt.Sprintf("%s:%d:%d:", r.file.display, r.start.Line, r.start.Column)
		if color {
			loc = ansiBold + loc + ansiReset
			sev = severityColor(r.severity) + sev + ansiReset
		}
		fmt.Fprintf(&b, "%s %s %s %s\n", loc, sev, r.finding.Rule, r.finding.Message)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	for _, sk := range s.skipped {
		errorf(s.e, "skipped %s: %s", sk.Path, sk.Reason)
	}
	files := map[string]bool{}
	for _, r := range findings {
		files[r.file.display] = true
	}
	fmt.Fprintf(s.e.stderr, "trustlint: %d finding(s) in %d file(s); %d file(s) (%.1f MB) analysed, %d skipped\n",
		len(findings), len(files), s.analysed, float64(s.bytes)/1e6, len(s.skipped))
	return nil
}

func severityColor(sev detectors.Severity) string {
	switch sev {
	case detectors.SeverityError:
		return ansiRed
	case detectors.SeverityWarning:
		return ansiYellow
	case detectors.SeverityInformation:
		return ansiBlue
	}
	return ansiGrey
}
