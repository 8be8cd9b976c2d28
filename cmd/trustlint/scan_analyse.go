package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/trustlint/trustlint/detectors"
	"github.com/trustlint/trustlint/grammars"
)

// binarySniffBytes is how much of a file is searched for a NUL byte to tell
// binary files from source.
const binarySniffBytes = 8 << 10

// Minified-file heuristics: a file of at least minifiedMinBytes whose
// average line is longer than minifiedAvgLine bytes is a bundle, not
// hand-written source.
const (
	minifiedMinBytes = 2 << 10
	minifiedAvgLine  = 300
)

// fileResult is what the analysis of one file produced.
type fileResult struct {
	file     *scanFile
	src      []byte
	findings []detectors.Finding
	// fixed lists what --fix changed (one line per fix).
	fixed   []string
	skipped string
	err     error
	// size is the analysed source's length; src itself is dropped once
	// the file turns out to have no findings.
	size int
}

// scanGCPercent is the Go collector's target (GOGC) while a scan analyses
// files, unless $GOGC says otherwise.
const scanGCPercent = 200

// analyseAll analyses files on opts.jobs workers, each getting its parsers
// from one shared grammars.Pool, and records the results in file order.
func (s *scan) analyseAll(ctx context.Context, files []*scanFile) {
	if os.Getenv("GOGC") == "" {
		// A scan's live Go heap is small (the findings, a file per
		// worker) and its garbage plentiful (every node handed out):
		// collecting at three times the live heap instead of twice took
		// 6–8% less CPU on the 46.7 MB bench tree, at the same peak RSS
		// (docs/benchmarks.md).
		defer debug.SetGCPercent(debug.SetGCPercent(scanGCPercent))
	}
	var pool grammars.Pool
	defer pool.Close()
	results := make([]*fileResult, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(s.opts.jobs, max(len(files), 1)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r := s.analyse(ctx, &pool, files[i])
				r.size = len(r.src)
				if len(r.findings) == 0 {
					r.src = nil // keep memory flat on large trees
				}
				results[i] = r
			}
		}()
	}
	for i := range files {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	for _, r := range results {
		if r == nil {
			continue
		}
		switch {
		case r.err != nil:
			s.fail(r.err)
		case r.skipped != "":
			s.skipped = append(s.skipped, skip{Path: r.file.display, Reason: r.skipped})
			continue
		}
		s.analysed++
		s.bytes += int64(r.size)
		for _, line := range r.fixed {
			fmt.Fprintf(s.e.stderr, "trustlint: %s\n", line)
		}
		if len(r.findings) > 0 {
			s.files = append(s.files, r)
		}
	}
}

// analyse reads, analyses and (with --fix) fixes one file.
func (s *scan) analyse(ctx context.Context, pool *grammars.Pool, f *scanFile) *fileResult {
	r := &fileResult{file: f}
	src := f.src
	if src == nil {
		var reason string
		var err error
		src, reason, err = readSource(f.abs, s.maxFileSize())
		if err != nil {
			r.err = fmt.Errorf("scan: read %s: %w", f.display, err)
			return r
		}
		if reason != "" {
			r.skipped = reason
			return r
		}
	} else if int64(len(src)) > s.maxFileSize() {
		r.skipped = fmt.Sprintf("%d bytes, above the %d-byte limit", len(src), s.maxFileSize())
		return r
	}
	if reason := sourceSkipReason(f.abs, src); reason != "" && !f.explicit {
		r.skipped = reason
		return r
	}
	r.src = src
	findings, err := s.findings(ctx, pool, f, src)
	if err != nil {
		r.err = fmt.Errorf("scan: analyse %s: %w", f.display, err)
	}
	r.findings = findings
	if s.opts.fix && err == nil && hasSafeFix(findings) {
		s.fixFile(ctx, pool, r)
	}
	return r
}

// findings runs the engine and the configuration's additions on src.
func (s *scan) findings(ctx context.Context, pool *grammars.Pool, f *scanFile, src []byte) ([]detectors.Finding, error) {
	// The engine sees the path relative to the repository, so a parent
	// directory named "tests" outside the project does not make every file
	// a test file.
	path := f.rel
	if path == "" {
		path = f.display
	}
	if s.opts.parseOnly {
		tree, err := pool.Parse(ctx, f.lang, nil, src)
		if err != nil {
			return nil, fmt.Errorf("parse: %w", err)
		}
		tree.Close()
		return nil, nil
	}
	findings, err := detectors.AnalyzeSource(ctx, pool, path, f.lang, src, s.cfg.Detectors)
	return s.cfg.Apply(src, findings), err
}

func hasSafeFix(fs []detectors.Finding) bool {
	for _, f := range fs {
		for _, fix := range f.Fixes {
			if fix.Safe {
				return true
			}
		}
	}
	return false
}

// readSource reads a file for analysis. It returns a non-empty reason when
// the file must be skipped (too large, binary) rather than analysed.
func readSource(path string, limit int64) (src []byte, reason string, err error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer fh.Close()
	info, err := fh.Stat()
	if err != nil {
		return nil, "", err
	}
	if !info.Mode().IsRegular() {
		return nil, "not a regular file", nil
	}
	if info.Size() > limit {
		return nil, fmt.Sprintf("%d bytes, above the %d-byte limit", info.Size(), limit), nil
	}
	src, err = io.ReadAll(io.LimitReader(fh, limit+1))
	if err != nil {
		return nil, "", err
	}
	if int64(len(src)) > limit {
		return nil, fmt.Sprintf("more than the %d-byte limit", limit), nil
	}
	if bytes.IndexByte(src[:min(len(src), binarySniffBytes)], 0) >= 0 {
		return nil, "binary file (NUL byte in the first 8 KiB)", nil
	}
	return src, "", nil
}

// sourceSkipReason tells minified bundles and binary content from source.
func sourceSkipReason(path string, src []byte) string {
	if bytes.IndexByte(src[:min(len(src), binarySniffBytes)], 0) >= 0 {
		return "binary file (NUL byte in the first 8 KiB)"
	}
	base := strings.ToLower(filepath.Base(path))
	for _, suffix := range []string{".min.js", ".min.mjs", ".min.cjs", "-min.js", ".bundle.js", ".chunk.js"} {
		if strings.HasSuffix(base, suffix) {
			return "minified bundle (" + suffix + ")"
		}
	}
	if len(src) >= minifiedMinBytes {
		lines := bytes.Count(src, []byte{'\n'}) + 1
		if avg := len(src) / lines; avg > minifiedAvgLine {
			return fmt.Sprintf("minified or generated (%d bytes per line on average)", avg)
		}
	}
	return ""
}
