package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"go.uber.org/zap"

	"github.com/trustlint/trustlint/detectors"
	"github.com/trustlint/trustlint/grammars"
	"github.com/trustlint/trustlint/internal/textpos"
)

// binarySniffBytes is how much of a file is searched for a NUL byte to tell
// binary files from source.
const binarySniffBytes = 8 << 10

// skipDir reports whether a walk must not enter a directory with this name
// (the root given on the command line is always entered).
func skipDir(name string) bool {
	switch name {
	case "node_modules", "vendor", ".git":
		return true
	}
	return false
}

// target is one file to analyse.
type target struct {
	path string
	lang grammars.Lang
}

// skip is a file that was not analysed, and why.
type skip struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// findingJSON is one finding as `trustlint check --format json` prints it.
// Line and column are 1-based; columns count UTF-16 code units, as SARIF
// does. Start and End are byte offsets, the unit the fixes' edits use.
type findingJSON struct {
	Path      string          `json:"path"`
	Rule      string          `json:"rule"`
	Name      string          `json:"name"`
	Severity  string          `json:"severity"`
	Line      int             `json:"line"`
	Column    int             `json:"column"`
	EndLine   int             `json:"endLine"`
	EndColumn int             `json:"endColumn"`
	Start     int             `json:"start"`
	End       int             `json:"end"`
	Message   string          `json:"message"`
	DocURL    string          `json:"docUrl,omitempty"`
	Fixes     []detectors.Fix `json:"fixes,omitempty"`
}

// checkReport is the whole output of `trustlint check --format json`.
type checkReport struct {
	Findings []findingJSON `json:"findings"`
	Skipped  []skip        `json:"skipped"`
	Errors   []string      `json:"errors"`
}

// runCheck implements `trustlint check`.
func runCheck(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("trustlint check", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	format := fs.String("format", "text", "output format: text or json")
	logLevel := fs.String("log-level", "", "log level on stderr: debug, info, warn or error (default info, or $"+logLevelEnv+")")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: trustlint check [--format text|json] PATH...")
		fmt.Fprintln(fs.Output(), "Analyses files and directories (walked for supported files, skipping node_modules, vendor and .git).")
		fmt.Fprintln(fs.Output(), "Exit status: 0 no findings, 1 findings, 2 usage or runtime error.")
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if *format != "text" && *format != "json" {
		errorf(e, "check: unknown --format %q (want text or json)", *format)
		return exitError
	}
	if fs.NArg() == 0 {
		errorf(e, "check: no files or directories given\nUsage: trustlint check [--format text|json] PATH...")
		return exitError
	}
	logger, ok := setupLogger(e, *logLevel)
	if !ok {
		return exitError
	}
	defer func() { _ = logger.Sync() }()

	c := &checker{e: e, log: logger, json: *format == "json",
		report: checkReport{Findings: []findingJSON{}, Skipped: []skip{}, Errors: []string{}}}
	began := time.Now()
	targets := c.collect(fs.Args())
	var pool grammars.Pool
	defer pool.Close()
	for _, t := range targets {
		if err := ctx.Err(); err != nil {
			c.fail(fmt.Errorf("check interrupted: %w", err))
			break
		}
		c.checkFile(ctx, &pool, t)
	}
	logger.Debug("check done", zap.Int("files", c.analysed), zap.Int("findings", c.findings),
		zap.Int("skipped", len(c.report.Skipped)), zap.Duration("elapsed", time.Since(began)))

	if c.json {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(c.report); err != nil {
			errorf(e, "check: write: %v", err)
			return exitError
		}
	} else {
		fmt.Fprintf(e.stderr, "trustlint: %d finding(s) in %d file(s) checked, %d skipped\n",
			c.findings, c.analysed, len(c.report.Skipped))
	}
	switch {
	case len(c.report.Errors) > 0:
		return exitError
	case c.findings > 0:
		return exitFindings
	}
	return exitOK
}

// checker holds the state of one `trustlint check` run.
type checker struct {
	e        env
	log      *zap.Logger
	json     bool
	report   checkReport
	analysed int
	findings int
	seen     map[string]bool
}

// fail records a runtime error and prints it on stderr.
func (c *checker) fail(err error) {
	c.report.Errors = append(c.report.Errors, err.Error())
	errorf(c.e, "%v", err)
}

// skip records a file that is not analysed and says so on stderr.
func (c *checker) skip(path, reason string) {
	c.report.Skipped = append(c.report.Skipped, skip{Path: path, Reason: reason})
	errorf(c.e, "skipped %s: %s", path, reason)
}

// collect expands the arguments into the files to analyse, in argument
// order, directories walked in lexical order. A file given by name with an
// unsupported extension is reported as skipped; inside a walked directory
// such files are simply not candidates.
func (c *checker) collect(args []string) []target {
	c.seen = make(map[string]bool)
	var out []target
	add := func(path string, explicit bool) {
		lang, ok := grammars.FromPath(path)
		if !ok {
			if explicit {
				ext := filepath.Ext(path)
				if ext == "" {
					ext = "no extension"
				}
				c.skip(path, "unsupported file type ("+ext+")")
			}
			return
		}
		key := filepath.Clean(path)
		if c.seen[key] {
			return
		}
		c.seen[key] = true
		out = append(out, target{path: path, lang: lang})
	}
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			c.fail(fmt.Errorf("check: %w", err))
			continue
		}
		if !info.IsDir() {
			add(arg, true)
			continue
		}
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				c.fail(fmt.Errorf("check: walk: %w", err))
				if d != nil && d.IsDir() && path != arg {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if path != arg && skipDir(d.Name()) {
					c.log.Debug("not entering directory", zap.String("path", path))
					return fs.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				add(path, false)
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				// Follow links to files, never to directories (no cycles).
				if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
					add(path, false)
				}
			}
			return nil
		})
		if err != nil {
			c.fail(fmt.Errorf("check: walk %s: %w", arg, err))
		}
	}
	return out
}

// readSource reads a file for analysis. It returns a non-empty reason when
// the file must be skipped (too large, binary) rather than analysed.
func readSource(path string) (src []byte, reason string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, "", err
	}
	if !info.Mode().IsRegular() {
		return nil, "not a regular file", nil
	}
	limit := int64(detectors.MaxBytes())
	if info.Size() > limit {
		return nil, fmt.Sprintf("%d bytes, above the %d-byte limit", info.Size(), limit), nil
	}
	src, err = io.ReadAll(io.LimitReader(f, limit+1))
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

// checkFile analyses one file and prints or records its findings.
func (c *checker) checkFile(ctx context.Context, pool *grammars.Pool, t target) {
	src, reason, err := readSource(t.path)
	if err != nil {
		c.fail(fmt.Errorf("check: read: %w", err))
		return
	}
	if reason != "" {
		c.skip(t.path, reason)
		return
	}
	started := time.Now()
	findings, err := detectors.AnalyzeSource(ctx, pool, t.path, t.lang, src, detectors.Config{})
	c.analysed++
	c.log.Debug("analysed", zap.String("path", t.path), zap.String("lang", string(t.lang)),
		zap.Int("bytes", len(src)), zap.Int("findings", len(findings)), zap.Duration("elapsed", time.Since(started)))
	if err != nil {
		c.fail(fmt.Errorf("check: analyse %s: %w", t.path, err))
	}
	if len(findings) == 0 {
		return
	}
	ix := textpos.New(src)
	for _, f := range findings {
		c.findings++
		j := toJSON(t.path, ix, f)
		if c.json {
			c.report.Findings = append(c.report.Findings, j)
			continue
		}
		fmt.Fprintln(c.e.stdout, formatText(j))
	}
}

// toJSON converts a finding's byte offsets to 1-based lines and 1-based
// UTF-16 columns.
func toJSON(path string, ix *textpos.Index, f detectors.Finding) findingJSON {
	line, col := ix.Position(f.Start, textpos.UTF16)
	endLine, endCol := ix.Position(f.End, textpos.UTF16)
	j := findingJSON{
		Path: path, Rule: f.Rule, Name: f.Name, Severity: f.Severity.String(),
		Line: line + 1, Column: col + 1, EndLine: endLine + 1, EndColumn: endCol + 1,
		Start: f.Start, End: f.End, Message: f.Message, Fixes: f.Fixes,
	}
	if r, ok := detectors.Lookup(f.Rule); ok {
		j.DocURL = r.DocURL()
	}
	return j
}

// formatText renders a finding as `path:line:col: severity RULE message`.
func formatText(f findingJSON) string {
	return fmt.Sprintf("%s:%d:%d: %s %s %s", f.Path, f.Line, f.Column, f.Severity, f.Rule, f.Message)
}
