package main

import (
	"bytes"
	"context"
	"math/rand/v2"
	"strings"
	"testing"
)

// testEnv returns an env writing to fresh buffers, with the given
// environment variables and no others.
func testEnv(vars map[string]string) (env, *bytes.Buffer, *bytes.Buffer) {
	var stdout, stderr bytes.Buffer
	return env{
		stdin:   strings.NewReader(""),
		stdout:  &stdout,
		stderr:  &stderr,
		getenv:  func(k string) string { return vars[k] },
		version: "v0.0.0-test",
	}, &stdout, &stderr
}

// fakeOpenAIKey builds an OpenAI-project-key-shaped string at run time from
// a seeded generator: realistic enough for the detector, never a real key,
// and never written as a literal in this source.
func fakeOpenAIKey(seed uint64) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var b strings.Builder
	b.WriteString("sk-" + "proj-")
	// Start with one of each class so the body is always mixed.
	b.WriteString("Aa0")
	for range 61 {
		b.WriteByte(alphabet[r.IntN(len(alphabet))])
	}
	return b.String()
}

func TestRunDispatch(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name       string
		args       []string
		code       int
		wantStdout string
		wantStderr string
	}{
		{"no args prints usage", nil, exitError, "", "Usage:"},
		{"help", []string{"help"}, exitOK, "Usage:", ""},
		{"--help", []string{"--help"}, exitOK, "Usage:", ""},
		{"unknown command", []string{"frobnicate"}, exitError, "", `unknown command "frobnicate"`},
		{"version", []string{"version"}, exitOK, "trustlint v0.0.0-test\n", ""},
		{"--version", []string{"--version"}, exitOK, "trustlint v0.0.0-test\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, stdout, stderr := testEnv(nil)
			if got := run(ctx, e, tt.args); got != tt.code {
				t.Errorf("exit code = %d, want %d (stderr %q)", got, tt.code, stderr)
			}
			if !strings.Contains(stdout.String(), tt.wantStdout) {
				t.Errorf("stdout = %q, want it to contain %q", stdout, tt.wantStdout)
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.wantStderr)
			}
			if tt.wantStdout == "" && stdout.Len() > 0 {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
		})
	}
}
