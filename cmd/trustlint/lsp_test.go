package main

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/trustlint/trustlint/server"
)

// fakeServe records how it was called and returns code and err.
type fakeServe struct {
	called    bool
	version   string
	wholeFile bool
	window    int
	debounce  time.Duration
	code      int
	err       error
}

func (f *fakeServe) serve(ctx context.Context, in io.Reader, out io.Writer, opts server.Options) (int, error) {
	f.called = true
	f.version = opts.Version
	f.wholeFile = opts.WholeFile
	f.window = opts.WindowBytes
	f.debounce = opts.Debounce
	opts.Logger.Debug("fake server running")
	return f.code, f.err
}

func TestRunLSP(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		env    map[string]string
		fake   fakeServe
		code   int
		called bool
		errHas string
		whole  bool
		window int // server.Options.WindowBytes
		// debounce is server.Options.Debounce; zero is the automatic
		// default (no flag).
		debounce time.Duration
	}{
		{name: "plain", code: 0, called: true},
		{name: "editor flags ignored", args: []string{"--stdio", "--clientProcessId=1234"}, code: 0, called: true},
		{name: "server exit code passed on", fake: fakeServe{code: 1}, code: 1, called: true},
		{name: "server error without code", fake: fakeServe{err: errors.New("boom")}, code: 1, called: true, errHas: "boom"},
		{name: "log level flag", args: []string{"--log-level", "debug"}, code: 0, called: true, errHas: "fake server running"},
		{name: "log level env", env: map[string]string{logLevelEnv: "debug"}, code: 0, called: true, errHas: "fake server running"},
		{name: "bad log level", args: []string{"--log-level=chatty"}, code: exitError, errHas: "unknown log level"},
		{name: "bad log level env", env: map[string]string{logLevelEnv: "chatty"}, code: exitError, errHas: logLevelEnv},
		{name: "unknown flag", args: []string{"--tcp"}, code: exitError, errHas: "flag provided but not defined"},
		{name: "whole-file analysis", args: []string{"--analysis", "whole"}, code: 0, called: true, whole: true, window: -1},
		{name: "region analysis", args: []string{"--analysis=region"}, code: 0, called: true, window: -1},
		{name: "window analysis", args: []string{"--analysis=window"}, code: 0, called: true},
		{name: "bad analysis", args: []string{"--analysis=lines"}, code: exitError, errHas: "--analysis must be window, region or whole"},
		{name: "no debounce", args: []string{"--debounce-ms", "0"}, code: 0, called: true, debounce: -1},
		{name: "debounce", args: []string{"--debounce-ms=12.5"}, code: 0, called: true, debounce: 12500 * time.Microsecond},
		{name: "default debounce given", args: []string{"--debounce-ms=30"}, code: 0, called: true, debounce: 30 * time.Millisecond},
		{name: "negative debounce", args: []string{"--debounce-ms=-1"}, code: exitError, errHas: "--debounce-ms must be between 0 and 10000"},
		{name: "huge debounce", args: []string{"--debounce-ms=1e9"}, code: exitError, errHas: "--debounce-ms must be between"},
		{name: "stray argument", args: []string{"serve"}, code: exitError, errHas: "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, stdout, stderr := testEnv(tt.env)
			fake := tt.fake
			got := runLSP(t.Context(), e, tt.args, fake.serve)
			if got != tt.code {
				t.Errorf("exit code = %d, want %d (stderr %q)", got, tt.code, stderr)
			}
			if fake.called != tt.called {
				t.Errorf("server called = %v, want %v", fake.called, tt.called)
			}
			if fake.called && fake.version != "v0.0.0-test" {
				t.Errorf("server got version %q", fake.version)
			}
			if fake.wholeFile != tt.whole {
				t.Errorf("server got WholeFile %v, want %v", fake.wholeFile, tt.whole)
			}
			if fake.called && fake.window != tt.window {
				t.Errorf("server got WindowBytes %d, want %d", fake.window, tt.window)
			}
			if fake.called && fake.debounce != tt.debounce {
				t.Errorf("server got Debounce %v, want %v", fake.debounce, tt.debounce)
			}
			if !strings.Contains(stderr.String(), tt.errHas) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.errHas)
			}
			// stdout is the protocol channel: the CLI itself never writes to it.
			if stdout.Len() != 0 {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
		})
	}
}
