package main

import (
	"runtime/debug"
	"testing"
)

func TestResolveVersion(t *testing.T) {
	info := func(v string) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) {
			return &debug.BuildInfo{Main: debug.Module{Path: "github.com/trustlint/trustlint", Version: v}}, true
		}
	}
	noInfo := func() (*debug.BuildInfo, bool) { return nil, false }
	tests := []struct {
		name   string
		linked string
		info   func() (*debug.BuildInfo, bool)
		want   string
	}{
		{"ldflags wins", "v1.2.3", info("v0.9.0"), "v1.2.3"},
		{"module version", "", info("v0.9.0"), "v0.9.0"},
		{"devel build info", "", info("(devel)"), "devel"},
		{"empty build info", "", info(""), "devel"},
		{"no build info", "", noInfo, "devel"},
		{"nil func", "", nil, "devel"},
	}
	for _, tt := range tests {
		if got := resolveVersion(tt.linked, tt.info); got != tt.want {
			t.Errorf("%s: resolveVersion = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestRunVersionErrors(t *testing.T) {
	for _, args := range [][]string{{"extra"}, {"--bogus"}} {
		e, stdout, _ := testEnv(nil)
		if got := runVersion(e, args); got != exitError {
			t.Errorf("runVersion(%q) = %d, want %d", args, got, exitError)
		}
		if stdout.Len() != 0 {
			t.Errorf("runVersion(%q) wrote %q to stdout", args, stdout)
		}
	}
}
