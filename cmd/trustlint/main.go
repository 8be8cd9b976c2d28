// Command trustlint flags the security mistakes AI coding assistants make —
// hardcoded secrets and credentials first — in JavaScript, TypeScript, Go
// and Python, and offers fixes.
//
// Usage:
//
//	trustlint scan [flags] [PATH...]     analyse files and directories (text, JSON, SARIF)
//	trustlint check [flags] PATH...      scan, failing on any finding
//	trustlint lsp [--log-level LEVEL]    run the language server on stdio
//	trustlint rules [--format text|json] list the rules
//	trustlint explain RULE               print a rule's documentation
//	trustlint version                    print the version
//	trustlint help                       print this help
//
// scan exits 0 when nothing at or above --fail-on was found, 1 when there
// are such findings and 2 on a usage or runtime error. Logs go to stderr
// only: stdout is the LSP channel.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes shared by the subcommands.
const (
	exitOK       = 0
	exitFindings = 1
	exitError    = 2
)

// env is everything a subcommand may touch of the outside world. main fills
// it from the process; tests pass their own buffers and environment.
type env struct {
	stdin   io.Reader
	stdout  io.Writer
	stderr  io.Writer
	getenv  func(string) string
	version string
}

const usage = `trustlint flags the security mistakes AI coding assistants make.

Usage:
  trustlint <command> [flags] [arguments]

Commands:
  scan [flags] [PATH...]               analyse files and directories (text, json, sarif);
                                       --staged, --diff REV, --fix, --baseline FILE
  check [flags] PATH...                scan, exiting 1 on any finding
  lsp [--log-level LEVEL]              run the language server over stdio
  rules [--format text|json]           list the rules
  explain RULE                         print a rule's documentation (trustlint explain TL101)
  version                              print the version
  help                                 print this help

Run "trustlint <command> -h" for a command's flags.
Logging goes to stderr; set the level with --log-level or TRUSTLINT_LOG_LEVEL
(debug, info, warn, error).
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	e := env{
		stdin:   os.Stdin,
		stdout:  os.Stdout,
		stderr:  os.Stderr,
		getenv:  os.Getenv,
		version: resolveVersion(linkedVersion, readBuildInfo),
	}
	code := run(ctx, e, os.Args[1:])
	stop()
	os.Exit(code)
}

// run dispatches to the subcommand named by args[0] and returns the process
// exit code.
func run(ctx context.Context, e env, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return exitError
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "scan":
		return runScan(ctx, e, rest)
	case "check":
		return runCheck(ctx, e, rest)
	case "explain":
		return runExplain(e, rest)
	case "lsp":
		return runLSP(ctx, e, rest, serveLSP)
	case "rules":
		return runRules(e, rest)
	case "version", "--version", "-version":
		return runVersion(e, rest)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(e.stdout, usage)
		return exitOK
	}
	fmt.Fprintf(e.stderr, "trustlint: unknown command %q\n\n%s", cmd, usage)
	return exitError
}

// errorf prints a "trustlint: " prefixed error message on stderr.
func errorf(e env, format string, args ...any) {
	fmt.Fprintf(e.stderr, "trustlint: "+format+"\n", args...)
}
