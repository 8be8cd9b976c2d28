package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/trustlint/trustlint/detectors"
	"github.com/trustlint/trustlint/internal/textpos"
)

// reported is one finding that made it into the report.
type reported struct {
	file        *scanFile
	finding     detectors.Finding
	severity    detectors.Severity
	fingerprint string
	// start and end are 1-based lines and 1-based UTF-16 columns.
	start, end position
	ix         *textpos.Index
}

// position is a 1-based line and a 1-based UTF-16 column.
type position struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// positionAt converts a byte offset.
func positionAt(ix *textpos.Index, off int) position {
	line, col := ix.Position(off, textpos.UTF16)
	return position{Line: line + 1, Column: col + 1}
}

// report turns the analysed files into the findings to print: only those
// on added lines in --staged/--diff mode, and none recorded in the
// baseline.
func (s *scan) report(base *baseline) []reported {
	var out []reported
	for _, r := range s.files {
		ix := textpos.New(r.src)
		fps := fingerprints(r.file.baselinePath(), r.src, r.findings)
		for i, f := range r.findings {
			rep := reported{file: r.file, finding: f, severity: f.Severity, fingerprint: fps[i], ix: ix,
				start: positionAt(ix, f.Start), end: positionAt(ix, f.End)}
			if r.file.added != nil && !touchesAdded(r.file.added, rep.start.Line, rep.end.Line) {
				continue
			}
			if base.has(rep.fingerprint) {
				continue
			}
			out = append(out, rep)
		}
	}
	return out
}

// touchesAdded reports whether any line of [from, to] was added.
func touchesAdded(added map[int]bool, from, to int) bool {
	for l := from; l <= to && l-from < 10000; l++ {
		if added[l] {
			return true
		}
	}
	return false
}

// baselinePath is the path fingerprints are computed from: relative to the
// repository, so a baseline works from any working directory.
func (f *scanFile) baselinePath() string {
	if f.rel != "" {
		return f.rel
	}
	return f.display
}

// fingerprints returns a stable fingerprint per finding: a hash of the
// rule, the file's path, the offending text with its whitespace
// normalised, and the occurrence index of that same rule and text in the
// file. It does not depend on line numbers, so it survives code moving up
// or down.
func fingerprints(path string, src []byte, findings []detectors.Finding) []string {
	seen := map[string]int{}
	out := make([]string, len(findings))
	for i, f := range findings {
		text := ""
		if f.Start >= 0 && f.End <= len(src) && f.Start <= f.End {
			text = strings.Join(strings.Fields(string(src[f.Start:f.End])), " ")
		}
		th := sha256.Sum256([]byte(text))
		key := f.Rule + "\x00" + hex.EncodeToString(th[:])
		occ := seen[key]
		seen[key]++
		h := sha256.Sum256(fmt.Appendf(nil, "trustlint/v1\x00%s\x00%s\x00%x\x00%d", f.Rule, path, th, occ))
		out[i] = hex.EncodeToString(h[:16])
	}
	return out
}

// baselineVersion is the format version of baseline files.
const baselineVersion = 1

// baselineFile is the JSON form of a baseline.
type baselineFile struct {
	Version  int             `json:"version"`
	Tool     string          `json:"tool"`
	Findings []baselineEntry `json:"findings"`
}

// baselineEntry records one accepted finding; only the fingerprint is
// matched, the rest helps a reader.
type baselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Path        string `json:"path"`
	Line        int    `json:"line"`
}

// baseline is a set of accepted fingerprints.
type baseline struct {
	fingerprints map[string]bool
}

func (b *baseline) has(fp string) bool { return b != nil && b.fingerprints[fp] }

// readBaseline loads a baseline file.
func readBaseline(path string) (*baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	var f baselineFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("baseline %s: not a trustlint baseline: %w", path, err)
	}
	if f.Version != baselineVersion {
		return nil, fmt.Errorf("baseline %s: version %d, want %d", path, f.Version, baselineVersion)
	}
	b := &baseline{fingerprints: make(map[string]bool, len(f.Findings))}
	for _, e := range f.Findings {
		b.fingerprints[e.Fingerprint] = true
	}
	return b, nil
}

// writeBaseline records the findings in a baseline file.
func writeBaseline(path string, findings []reported) error {
	f := baselineFile{Version: baselineVersion, Tool: "trustlint", Findings: []baselineEntry{}}
	for _, r := range findings {
		f.Findings = append(f.Findings, baselineEntry{Fingerprint: r.fingerprint, Rule: r.finding.Rule,
			Path: r.file.baselinePath(), Line: r.start.Line})
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	return nil
}
