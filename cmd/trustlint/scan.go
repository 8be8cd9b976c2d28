package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/trustlint/trustlint/detectors"
	"github.com/trustlint/trustlint/internal/config"
)

// defaultMaxFileSize is scan's per-file size limit when neither the flag
// nor the configuration sets one. Hand-written source is rarely larger;
// generated files and bundles often are.
const defaultMaxFileSize = 2 << 20

// failNever is the --fail-on value that never fails on findings.
const failNever detectors.Severity = 0

const scanUsage = `Usage: trustlint scan [flags] [PATH...]

Analyses the files under each PATH (default: the current directory).
Directories are walked honouring .gitignore (nested ones too),
.git/info/exclude and .trustlintignore; dependency and build-output
directories, binary, minified and oversized files are skipped and reported.

Exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage or
runtime error.

Flags:
`

// scanOptions are the parsed flags of `trustlint scan`.
type scanOptions struct {
	format        string
	output        string
	staged        bool
	diff          string
	failOn        detectors.Severity
	rules         []string
	disable       []string
	fix           bool
	baseline      string
	writeBaseline string
	configPath    string
	noConfig      bool
	maxFileSize   int64
	jobs          int
	parseOnly     bool
	color         string
	logLevel      string
	paths         []string
}

// runScan implements `trustlint scan`.
func runScan(ctx context.Context, e env, args []string) int {
	return runScanCommand(ctx, e, "scan", args, detectors.SeverityWarning)
}

// runScanCommand parses the flags of scan (or its alias check, whose
// default --fail-on is hint: any finding fails) and runs the scan.
func runScanCommand(ctx context.Context, e env, name string, args []string, defaultFailOn detectors.Severity) int {
	o, code, done := parseScanFlags(e, name, args, defaultFailOn)
	if done {
		return code
	}
	logger, ok := setupLogger(e, o.logLevel)
	if !ok {
		return exitError
	}
	defer func() { _ = logger.Sync() }()
	s := &scan{e: e, log: logger, opts: o}
	return s.run(ctx)
}

// parseScanFlags reads scan's flags; flags may follow the paths.
func parseScanFlags(e env, name string, args []string, defaultFailOn detectors.Severity) (scanOptions, int, bool) {
	var o scanOptions
	fs := flag.NewFlagSet("trustlint "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&o.format, "format", "text", "output format: text, json or sarif")
	fs.StringVar(&o.output, "output", "", "write the report to this file instead of stdout")
	fs.BoolVar(&o.staged, "staged", false, "scan only the lines added in the git index (for pre-commit hooks)")
	fs.StringVar(&o.diff, "diff", "", "scan only the lines added since git revision `REV` (working tree against REV)")
	failOn := fs.String("fail-on", defaultFailOn.String(), "exit 1 when a finding is at or above this severity: error, warning, information, hint or never")
	rules := fs.String("rules", "", "comma-separated rule IDs to run (default: all)")
	disable := fs.String("disable", "", "comma-separated rule IDs not to run")
	fs.BoolVar(&o.fix, "fix", false, "apply the safe fixes in place and print what changed")
	fs.StringVar(&o.baseline, "baseline", "", "ignore the findings recorded in this baseline `FILE`")
	fs.StringVar(&o.writeBaseline, "write-baseline", "", "record the findings in this baseline `FILE` (and exit 0)")
	fs.StringVar(&o.configPath, "config", "", "configuration `FILE` (default: .trustlint.yaml at the repository root)")
	fs.BoolVar(&o.noConfig, "no-config", false, "ignore .trustlint.yaml")
	maxSize := fs.String("max-file-size", "", "skip files larger than this (like 512KiB or 2MiB; default 2MiB or the config's scan.max-file-size)")
	fs.IntVar(&o.jobs, "jobs", 0, "files analysed in parallel (default: the number of CPUs)")
	fs.BoolVar(&o.parseOnly, "parse-only", false, "benchmarking: read and parse every file the scan would analyse, run no rule, report nothing (the floor BENCHMARKS.md compares scans with)")
	fs.StringVar(&o.color, "color", "auto", "colour the text output: auto (only on a terminal, not with NO_COLOR), always or never")
	fs.StringVar(&o.logLevel, "log-level", "", "log level on stderr: debug, info, warn or error (default info, or $"+logLevelEnv+")")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), strings.Replace(scanUsage, "trustlint scan", "trustlint "+name, 1))
		fs.PrintDefaults()
	}
	paths, code, done := parseInterspersed(fs, args)
	if done {
		return o, code, true
	}
	usageErr := func(format string, args ...any) (scanOptions, int, bool) {
		errorf(e, name+": "+format, args...)
		return o, exitError, true
	}
	switch o.format {
	case "text", "json", "sarif":
	default:
		return usageErr("unknown --format %q (want text, json or sarif)", o.format)
	}
	switch strings.ToLower(*failOn) {
	case "never", "none", "off":
		o.failOn = failNever
	default:
		sev, err := detectors.ParseSeverity(*failOn)
		if err != nil {
			return usageErr("--fail-on: %v (or never)", err)
		}
		o.failOn = sev
	}
	var err error
	if o.rules, err = ruleList(*rules); err != nil {
		return usageErr("--rules: %v", err)
	}
	if o.disable, err = ruleList(*disable); err != nil {
		return usageErr("--disable: %v", err)
	}
	if *maxSize != "" {
		if o.maxFileSize, err = config.ParseSize(*maxSize); err != nil {
			return usageErr("--max-file-size: %v", err)
		}
		if o.maxFileSize > int64(detectors.MaxBytes()) {
			return usageErr("--max-file-size: above the engine's %d-byte limit", detectors.MaxBytes())
		}
	}
	if o.staged && o.diff != "" {
		return usageErr("--staged and --diff cannot be combined")
	}
	if o.fix && (o.staged || o.diff != "") {
		return usageErr("--fix cannot be combined with --staged or --diff (fixes rewrite whole files; run trustlint scan --fix FILE)")
	}
	if strings.HasPrefix(o.diff, "-") {
		return usageErr("--diff: %q is not a revision", o.diff)
	}
	switch o.color {
	case "auto", "always", "never":
	default:
		return usageErr("unknown --color %q (want auto, always or never)", o.color)
	}
	if o.jobs < 0 {
		return usageErr("--jobs must be positive")
	}
	if o.parseOnly && (o.fix || o.writeBaseline != "") {
		return usageErr("--parse-only runs no rule: it cannot be combined with --fix or --write-baseline")
	}
	if o.jobs == 0 {
		o.jobs = runtime.GOMAXPROCS(0)
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	o.paths = paths
	return o, 0, false
}

// parseInterspersed parses flags that may come before, between or after
// the positional arguments ("--" ends the flags).
func parseInterspersed(fs *flag.FlagSet, args []string) (positional []string, code int, done bool) {
	for {
		if code, done := parseFlags(fs, args); done {
			return nil, code, true
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, 0, false
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(positional, rest...), 0, false
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// ruleList splits a comma-separated list of rule IDs, rejecting unknown
// ones.
func ruleList(s string) ([]string, error) {
	var ids []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		id := strings.ToUpper(f)
		if _, ok := detectors.Lookup(id); !ok {
			return nil, fmt.Errorf("unknown rule %q (see trustlint rules)", f)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// scan is the state of one `trustlint scan` run.
type scan struct {
	e    env
	log  *zap.Logger
	opts scanOptions

	cwd  string
	root string // repository root (or the scanned directory): the base of relative paths
	cfg  config.Config

	files    []*fileResult // files with findings, fixes or errors, in walk order
	skipped  []skip
	errors   []string
	analysed int
	bytes    int64
}

// skip is a file or directory that was not analysed, and why.
type skip struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// fail records a runtime error and prints it on stderr.
func (s *scan) fail(err error) {
	s.errors = append(s.errors, err.Error())
	errorf(s.e, "%v", err)
}

// run performs the scan and returns the exit code.
func (s *scan) run(ctx context.Context) int {
	began := time.Now()
	cwd, err := os.Getwd()
	if err != nil {
		errorf(s.e, "scan: %v", err)
		return exitError
	}
	s.cwd = cwd
	for _, p := range s.opts.paths {
		if _, err := os.Stat(p); err != nil && !s.opts.staged && s.opts.diff == "" {
			errorf(s.e, "scan: %v", err)
			return exitError
		}
	}
	s.root = s.findRoot()
	if code, ok := s.loadConfig(); !ok {
		return code
	}
	var base *baseline
	if s.opts.baseline != "" {
		if base, err = readBaseline(s.opts.baseline); err != nil {
			errorf(s.e, "scan: %v", err)
			return exitError
		}
	}

	var files []*scanFile
	if s.opts.staged || s.opts.diff != "" {
		files, err = s.gitFiles(ctx)
		if err != nil {
			errorf(s.e, "scan: %v", err)
			return exitError
		}
	} else {
		files = s.walk()
	}
	s.analyseAll(ctx, files)
	s.checkWorkspaces()
	if err := ctx.Err(); err != nil {
		s.fail(fmt.Errorf("scan interrupted: %w", err))
	}
	findings := s.report(base)
	s.log.Debug("scan done", zap.Int("files", s.analysed), zap.Int64("bytes", s.bytes),
		zap.Int("findings", len(findings)), zap.Int("skipped", len(s.skipped)),
		zap.Duration("elapsed", time.Since(began)))

	if err := s.write(findings); err != nil {
		errorf(s.e, "scan: write: %v", err)
		return exitError
	}
	if s.opts.writeBaseline != "" {
		if err := writeBaseline(s.opts.writeBaseline, findings); err != nil {
			errorf(s.e, "scan: %v", err)
			return exitError
		}
		fmt.Fprintf(s.e.stderr, "trustlint: wrote %d finding(s) to the baseline %s\n", len(findings), s.opts.writeBaseline)
	}
	switch {
	case len(s.errors) > 0:
		return exitError
	case s.opts.writeBaseline != "":
		return exitOK
	}
	for _, f := range findings {
		if s.opts.failOn != failNever && f.severity <= s.opts.failOn {
			return exitFindings
		}
	}
	return exitOK
}

// findRoot returns the base of relative paths: the git repository holding
// the first path, or that path itself (its directory for a file).
func (s *scan) findRoot() string {
	first, err := filepath.Abs(s.opts.paths[0])
	if err != nil {
		return s.cwd
	}
	if repo := repoRoot(first); repo != "" {
		return repo
	}
	if info, err := os.Stat(first); err == nil && !info.IsDir() {
		return filepath.Dir(first)
	}
	if s.opts.staged || s.opts.diff != "" {
		return s.cwd
	}
	return first
}

// loadConfig reads .trustlint.yaml and applies the rule flags on top.
func (s *scan) loadConfig() (int, bool) {
	var problems []config.Problem
	var err error
	switch {
	case s.opts.noConfig:
	case s.opts.configPath != "":
		s.cfg, problems, err = config.LoadFile(s.opts.configPath)
	default:
		s.cfg, problems, err = config.Load(s.root)
	}
	if err != nil {
		errorf(s.e, "scan: %v", err)
		return exitError, false
	}
	for _, p := range problems {
		if rel, err := filepath.Rel(s.cwd, p.Path); err == nil && !strings.HasPrefix(rel, "..") {
			p.Path = rel
		}
		errorf(s.e, "config: %s", p)
	}
	dc := &s.cfg.Detectors
	if len(s.opts.rules) > 0 {
		dc.Only = map[string]bool{}
		for _, id := range s.opts.rules {
			dc.Only[id] = true
		}
	}
	if len(s.opts.disable) > 0 {
		dc.Disabled = maps.Clone(dc.Disabled)
		if dc.Disabled == nil {
			dc.Disabled = map[string]bool{}
		}
		for _, id := range s.opts.disable {
			dc.Disabled[id] = true
		}
	}
	return 0, true
}

// maxFileSize is the per-file limit in force.
func (s *scan) maxFileSize() int64 {
	switch {
	case s.opts.maxFileSize > 0:
		return s.opts.maxFileSize
	case s.cfg.MaxFileSize > 0:
		return s.cfg.MaxFileSize
	}
	return defaultMaxFileSize
}

// display returns the path shown for a file found through git: relative
// to the working directory (walked files show the argument joined with
// the path below it).
func (s *scan) display(abs string) string {
	if rel, err := filepath.Rel(s.cwd, abs); err == nil {
		return rel
	}
	return abs
}

// relToRoot returns abs relative to the scan root with forward slashes
// ("" when outside it).
func (s *scan) relToRoot(abs string) string {
	rel, err := filepath.Rel(s.root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(rel)
}

// out opens the report destination.
func (s *scan) out() (io.Writer, func() error, error) {
	if s.opts.output == "" || s.opts.output == "-" {
		return s.e.stdout, func() error { return nil }, nil
	}
	f, err := os.Create(s.opts.output)
	if err != nil {
		return nil, nil, err
	}
	return f, f.Close, nil
}

// write prints the findings in the chosen format.
func (s *scan) write(findings []reported) error {
	w, closeOut, err := s.out()
	if err != nil {
		return err
	}
	switch s.opts.format {
	case "json":
		err = s.writeJSON(w, findings)
	case "sarif":
		err = s.writeSARIF(w, findings)
	default:
		err = s.writeText(w, findings)
	}
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	return err
}

// errNotRegular marks paths that are neither files nor directories.
var errNotRegular = errors.New("not a regular file")
