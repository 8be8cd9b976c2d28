package main

import (
	"fmt"
	"io"
	"strings"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// logLevelEnv names the environment variable that sets the log level when
// --log-level is not given.
const logLevelEnv = "TRUSTLINT_LOG_LEVEL"

// parseLevel reads a log level name: debug, info, warn (or warning) or
// error, in any case.
func parseLevel(s string) (zapcore.Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "debug":
		return zapcore.DebugLevel, nil
	case "info":
		return zapcore.InfoLevel, nil
	case "warn", "warning":
		return zapcore.WarnLevel, nil
	case "error":
		return zapcore.ErrorLevel, nil
	}
	return 0, fmt.Errorf("unknown log level %q (want debug, info, warn or error)", s)
}

// resolveLevel picks the log level: the flag's value when given, else the
// TRUSTLINT_LOG_LEVEL environment variable, else info.
func resolveLevel(flagValue string, getenv func(string) string) (zapcore.Level, error) {
	if flagValue != "" {
		l, err := parseLevel(flagValue)
		if err != nil {
			return 0, fmt.Errorf("--log-level: %w", err)
		}
		return l, nil
	}
	if getenv != nil {
		if v := getenv(logLevelEnv); v != "" {
			l, err := parseLevel(v)
			if err != nil {
				return 0, fmt.Errorf("%s: %w", logLevelEnv, err)
			}
			return l, nil
		}
	}
	return zapcore.InfoLevel, nil
}

// newLogger returns a logger writing human-readable lines to w, which must
// be stderr (or a test buffer), never stdout: stdout carries the LSP
// protocol. Callers must never log document text or secret values.
func newLogger(w io.Writer, level zapcore.Level) *zap.Logger {
	cfg := zap.NewProductionEncoderConfig()
	cfg.EncodeTime = zapcore.ISO8601TimeEncoder
	cfg.EncodeLevel = zapcore.CapitalLevelEncoder
	core := zapcore.NewCore(zapcore.NewConsoleEncoder(cfg), zapcore.Lock(zapcore.AddSync(w)), level)
	return zap.New(core, zap.ErrorOutput(zapcore.Lock(zapcore.AddSync(w))))
}

// setupLogger resolves the level and builds the logger; on an invalid level
// it prints the problem on stderr and returns ok == false.
func setupLogger(e env, flagValue string) (logger *zap.Logger, ok bool) {
	level, err := resolveLevel(flagValue, e.getenv)
	if err != nil {
		errorf(e, "%v", err)
		return nil, false
	}
	return newLogger(e.stderr, level), true
}
