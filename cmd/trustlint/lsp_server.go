package main

import (
	"context"
	"fmt"
	"io"

	"go.uber.org/zap"

	"github.com/trustlint/trustlint/server"
)

// serveLSP runs the trustlint language server (package server) over in/out.
func serveLSP(ctx context.Context, in io.Reader, out io.Writer, logger *zap.Logger, version string) (int, error) {
	code, err := server.Run(ctx, in, out, server.Options{Logger: logger, Version: version})
	if err != nil {
		return code, fmt.Errorf("lsp: %w", err)
	}
	return code, nil
}
