package main

import (
	"bytes"
	"strings"
	"testing"

	"go.uber.org/zap/zapcore"
)

func TestParseLevel(t *testing.T) {
	good := map[string]zapcore.Level{
		"debug": zapcore.DebugLevel, "info": zapcore.InfoLevel, "warn": zapcore.WarnLevel,
		"warning": zapcore.WarnLevel, "error": zapcore.ErrorLevel, " DEBUG ": zapcore.DebugLevel,
	}
	for in, want := range good {
		got, err := parseLevel(in)
		if err != nil || got != want {
			t.Errorf("parseLevel(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "verbose", "fatal", "3"} {
		if _, err := parseLevel(in); err == nil {
			t.Errorf("parseLevel(%q) succeeded, want an error", in)
		}
	}
}

func TestResolveLevel(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == logLevelEnv {
				return v
			}
			return ""
		}
	}
	tests := []struct {
		flag, env string
		want      zapcore.Level
		errHas    string
	}{
		{"", "", zapcore.InfoLevel, ""},
		{"", "debug", zapcore.DebugLevel, ""},
		{"error", "debug", zapcore.ErrorLevel, ""},
		{"bogus", "debug", 0, "--log-level"},
		{"", "bogus", 0, logLevelEnv},
	}
	for _, tt := range tests {
		got, err := resolveLevel(tt.flag, env(tt.env))
		if tt.errHas != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errHas) {
				t.Errorf("resolveLevel(%q, env %q) error = %v, want one naming %s", tt.flag, tt.env, err, tt.errHas)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("resolveLevel(%q, env %q) = %v, %v; want %v", tt.flag, tt.env, got, err, tt.want)
		}
	}
}

func TestNewLoggerFiltersByLevel(t *testing.T) {
	var buf bytes.Buffer
	logger := newLogger(&buf, zapcore.WarnLevel)
	logger.Info("hidden")
	logger.Warn("shown")
	_ = logger.Sync()
	if strings.Contains(buf.String(), "hidden") || !strings.Contains(buf.String(), "shown") {
		t.Errorf("warn-level log = %q", buf.String())
	}
}

func TestInvalidLogLevelExits2(t *testing.T) {
	e, stdout, stderr := testEnv(map[string]string{logLevelEnv: "loud"})
	if got := runCheck(t.Context(), e, []string{t.TempDir()}); got != exitError {
		t.Errorf("check with %s=loud = %d, want %d", logLevelEnv, got, exitError)
	}
	if !strings.Contains(stderr.String(), `unknown log level "loud"`) || stdout.Len() != 0 {
		t.Errorf("stdout %q, stderr %q", stdout, stderr)
	}
}
