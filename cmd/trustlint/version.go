package main

import (
	"errors"
	"flag"
	"fmt"
	"runtime/debug"
)

// linkedVersion is set at link time:
//
//	go build -ldflags "-X main.linkedVersion=v0.1.0" ./cmd/trustlint
//
// It is only read, never written, by the program.
var linkedVersion string

// readBuildInfo is debug.ReadBuildInfo, as a value so tests can replace it.
func readBuildInfo() (*debug.BuildInfo, bool) { return debug.ReadBuildInfo() }

// resolveVersion picks the version to report: the link-time value when set,
// else the main module's version from the build info (set by
// `go install ...@vX.Y.Z`), else "devel".
func resolveVersion(linked string, info func() (*debug.BuildInfo, bool)) string {
	if linked != "" {
		return linked
	}
	if info != nil {
		if bi, ok := info(); ok && bi != nil {
			if v := bi.Main.Version; v != "" && v != "(devel)" {
				return v
			}
		}
	}
	return "devel"
}

// runVersion implements `trustlint version`.
func runVersion(e env, args []string) int {
	fs := flag.NewFlagSet("trustlint version", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		errorf(e, "version: unexpected argument %q", fs.Arg(0))
		return exitError
	}
	fmt.Fprintf(e.stdout, "trustlint %s\n", e.version)
	return exitOK
}

// parseFlags parses args into fs. done is true when the caller should
// return code at once: 0 after -h, 2 after a bad flag (the flag package has
// already printed the error and the usage on fs's output).
func parseFlags(fs *flag.FlagSet, args []string) (code int, done bool) {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return 0, false
	case errors.Is(err, flag.ErrHelp):
		return exitOK, true
	default:
		return exitError, true
	}
}
