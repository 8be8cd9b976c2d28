package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/trustlint/trustlint/detectors"
)

// maxEnvReportBytes bounds the env file read for the report's positions.
const maxEnvReportBytes = 1 << 20

// checkWorkspaces reports TL106 (a local env file git would commit) below
// every directory argument. In --staged/--diff mode only changed source
// files are looked at, so it does nothing. With --fix the .gitignore fix
// (one edit covering every such file) is applied first and what is left
// is reported.
func (s *scan) checkWorkspaces() {
	if s.opts.staged || s.opts.diff != "" {
		return
	}
	seen := map[string]bool{}
	for _, p := range s.opts.paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		if info, err := os.Stat(abs); err != nil || !info.IsDir() {
			continue
		}
		findings, err := detectors.CheckWorkspace(abs, s.cfg.Detectors)
		if err != nil {
			s.fail(fmt.Errorf("scan: %w", err))
			continue
		}
		if s.opts.fix && len(findings) > 0 {
			findings = s.fixWorkspace(abs, p, findings)
		}
		for _, wf := range findings {
			file := filepath.Join(abs, filepath.FromSlash(wf.Path))
			if seen[file] {
				continue
			}
			seen[file] = true
			rel := s.relToRoot(file)
			if rel != "" && s.cfg.PathAllowed(rel) {
				continue
			}
			src, _, err := readSource(file, maxEnvReportBytes)
			if err != nil {
				s.fail(fmt.Errorf("scan: read %s: %w", wf.Path, err))
				continue
			}
			sf := &scanFile{abs: file, display: filepath.ToSlash(filepath.Join(p, filepath.FromSlash(wf.Path))), rel: rel}
			s.files = append(s.files, &fileResult{file: sf, src: src, findings: []detectors.Finding{wf.Finding}})
		}
	}
}

// fixWorkspace applies the first safe fix's file edits (they are the same
// for every finding) and checks the workspace again.
func (s *scan) fixWorkspace(abs, shown string, findings []detectors.WorkspaceFinding) []detectors.WorkspaceFinding {
	for _, fix := range findings[0].Fixes {
		if !fix.Safe || len(fix.Files) == 0 {
			continue
		}
		if err := detectors.ApplyFileEdits(abs, fix.Files); err != nil {
			s.fail(fmt.Errorf("scan: fix: %w", err))
			return findings
		}
		for _, f := range findings {
			fmt.Fprintf(s.e.stderr, "trustlint: fixed %s:1:1: %s %s\n",
				filepath.ToSlash(filepath.Join(shown, filepath.FromSlash(f.Path))), f.Rule, fix.Title)
		}
		after, err := detectors.CheckWorkspace(abs, s.cfg.Detectors)
		if err != nil {
			s.fail(fmt.Errorf("scan: %w", err))
			return findings
		}
		return after
	}
	return findings
}
