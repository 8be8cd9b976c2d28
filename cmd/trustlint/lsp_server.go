package main

import (
	"context"
	"fmt"
	"io"

	"github.com/trustlint/trustlint/grammars"
	"github.com/trustlint/trustlint/server"
)

// serveLSP runs the trustlint language server (package server) over in/out.
func serveLSP(ctx context.Context, in io.Reader, out io.Writer, opts server.Options) (int, error) {
	// Trees are built and freed on whichever thread a parse runs on: two
	// C heap arenas keep the freed memory reusable instead of spread
	// over sixteen (see grammars.LimitMallocArenas).
	grammars.LimitMallocArenas(2)
	code, err := server.Run(ctx, in, out, opts)
	if err != nil {
		return code, fmt.Errorf("lsp: %w", err)
	}
	return code, nil
}
