// Package server is trustlint's language server: LSP over JSON-RPC on a pair
// of byte streams (stdin/stdout in production).
//
// # Entry point
//
// cmd/trustlint's `trustlint lsp` calls
//
//	code, err := server.Run(ctx, os.Stdin, os.Stdout, server.Options{
//		Logger:  logger, // a zap logger writing to stderr, never stdout
//		Version: version,
//	})
//	if err != nil {
//		logger.Error("lsp", zap.Error(err))
//	}
//	os.Exit(code)
//
// Run returns when the client sends `exit` (code 0 after `shutdown`, 1
// otherwise, as the specification says), when the input stream ends (EOF),
// when the client process named by initialize's processId dies, or when ctx
// is cancelled. It does not wait for the goroutine blocked reading the input
// (a read on os.Stdin cannot be interrupted); the caller should exit the
// process with the returned code. A non-nil error reports an unexpected I/O
// failure; ordinary ends return a nil error.
//
// # What the server does
//
//   - Lifecycle: initialize (position encoding negotiation: utf-8 when the
//     client offers it, utf-16 otherwise), initialized, shutdown, exit,
//     $/cancelRequest (answered with RequestCancelled), unknown requests
//     answered with MethodNotFound, malformed messages with a parse error.
//
//   - Text synchronisation: incremental didChange (ranged and full changes,
//     applied in order, tree-sitter trees edited and reparsed
//     incrementally), didOpen, didClose (publishes an empty diagnostics
//     array), didSave.
//
//   - Diagnostics: debounced analysis per document (initializationOptions
//     or settings "debounceMs", default Options.Debounce, or automatic: no
//     delay while edits are analysed in under 25 ms on average and each
//     before the next arrives, else 30),
//     at most one run in flight per document, results published only
//     while their version is current.
//
//   - Code actions: "quickfix" actions for the fixes of each trustlint
//     diagnostic and a "source.fixAll.trustlint" action applying every safe
//     fix.
//
//   - Settings (initializationOptions, or workspace/didChangeConfiguration
//     with {"trustlint": {...}}):
//
//     {"debounceMs": 30, "rules": {"disable": ["TL102"], "only": []},
//     "severity": {"TL101": "warning"}}
//
// The server never logs document text: it logs URIs, versions, lengths,
// durations, rule IDs and counts.
package server
