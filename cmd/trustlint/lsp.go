package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime/debug"
	"time"

	"go.uber.org/zap"

	"github.com/trustlint/trustlint/server"
)

// serveFunc runs a language server over in/out until the client exits and
// returns the process exit code. serveLSP is the real one; tests pass fakes.
type serveFunc func(ctx context.Context, in io.Reader, out io.Writer, opts server.Options) (int, error)

// runLSP implements `trustlint lsp`: the language server on stdin/stdout.
// Nothing but the protocol may be written to stdout; logs go to stderr.
func runLSP(ctx context.Context, e env, args []string, serve serveFunc) int {
	fs := flag.NewFlagSet("trustlint lsp", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	logLevel := fs.String("log-level", "", "log level on stderr: debug, info, warn or error (default info, or $"+logLevelEnv+")")
	// Editors' LSP clients pass these; stdio is the only transport.
	fs.Bool("stdio", false, "accepted for editor compatibility; stdio is the only transport")
	fs.String("clientProcessId", "", "accepted for editor compatibility; ignored")
	analysis := fs.String("analysis", "window", "after an edit, analyse the region it touched on a parse of a `window` of large files (the default) or on a full reparse (`region`), then the whole file once typing pauses; or the `whole` file every time")
	debounceMs := fs.Float64("debounce-ms", 0, "delay in milliseconds between the last edit and the analysis, until the client's settings (debounceMs) say otherwise; 0 analyses at once (when not given: at once, or after 30 ms while edits take over 25 ms to analyse or come faster than they are analysed)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: trustlint lsp [--log-level LEVEL] [--analysis window|region|whole] [--debounce-ms MS]")
		fmt.Fprintln(fs.Output(), "Runs the language server over stdin/stdout. Logs go to stderr.")
		fs.PrintDefaults()
	}
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		errorf(e, "lsp: unexpected argument %q", fs.Arg(0))
		return exitError
	}
	if *analysis != "window" && *analysis != "region" && *analysis != "whole" {
		errorf(e, "lsp: --analysis must be window, region or whole, not %q", *analysis)
		return exitError
	}
	var debounce time.Duration // not given: automatic
	if flagSet(fs, "debounce-ms") {
		d, err := debounceFlag(*debounceMs)
		if err != nil {
			errorf(e, "lsp: %v", err)
			return exitError
		}
		debounce = d
	}
	logger, ok := setupLogger(e, *logLevel)
	if !ok {
		return exitError
	}
	defer func() { _ = logger.Sync() }()
	logger.Info("trustlint language server starting", zap.String("version", e.version), zap.Int("pid", os.Getpid()))
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(lspGCPercent))
	}
	code, err := serve(ctx, e.stdin, e.stdout, server.Options{Logger: logger, Version: e.version, WholeFile: *analysis == "whole", WindowBytes: windowBytes(*analysis), Debounce: debounce})
	if err != nil {
		logger.Error("language server stopped with an error", zap.Error(err))
		if code == exitOK {
			code = 1
		}
	}
	return code
}

// lspGCPercent is the Go collector's target (GOGC) while the language
// server runs, unless $GOGC says otherwise: a keystroke's analysis
// allocates a few hundred KB against a live heap of a few MB per open
// document, so at the default target a collection ran every few dozen
// keystrokes and added its pause and assists to one of them. Collecting at
// three times the live heap instead of twice lowered the mean p99 of the
// twelve 1,000-line cells of trustlint-bench from 4.1–4.4 to 3.4–3.7 ms
// in four alternated runs (cells above 5 ms: 7 to 3), with 100 open
// 1,000-line buffers at 77–118 MB RSS across 10,000 edits (BENCHMARKS.md).
const lspGCPercent = 200

// maxDebounceMs bounds --debounce-ms (the server caps settings the same way).
const maxDebounceMs = 10_000

// debounceFlag is server.Options.Debounce for --debounce-ms: negative (no
// delay) for 0.
func debounceFlag(ms float64) (time.Duration, error) {
	switch {
	case math.IsNaN(ms) || ms < 0 || ms > maxDebounceMs:
		return 0, fmt.Errorf("--debounce-ms must be between 0 and %d, not %v", maxDebounceMs, ms)
	case ms == 0:
		return -1, nil
	}
	return time.Duration(ms * float64(time.Millisecond)), nil
}

// flagSet reports whether the command line gave the flag name.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// windowBytes is server.Options.WindowBytes for an --analysis mode: the
// default size for window, none for region.
func windowBytes(analysis string) int {
	if analysis == "window" {
		return 0
	}
	return -1
}
