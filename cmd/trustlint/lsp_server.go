package main

import (
	"context"
	"fmt"
	"io"

	"github.com/trustlint/trustlint/server"
)

// serveLSP runs the trustlint language server (package server) over in/out.
func serveLSP(ctx context.Context, in io.Reader, out io.Writer, opts server.Options) (int, error) {
	code, err := server.Run(ctx, in, out, opts)
	if err != nil {
		return code, fmt.Errorf("lsp: %w", err)
	}
	return code, nil
}
