package server

import (
	"fmt"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// BenchmarkKeystrokeToDiagnostics measures one keystroke (a ranged
// didChange) until its diagnostics arrive at the client, with no debounce,
// on a 1,000-line file: the DESIGN.md budget is measured here, not asserted.
func BenchmarkKeystrokeToDiagnostics(b *testing.B) {
	for _, lines := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			s := startSession(b, sessionOptions{opts: Options{Logger: zap.NewNop()}})
			s.initialize(map[string]any{}, map[string]any{"debounceMs": 0})
			var sb strings.Builder
			for i := 0; i < lines; i++ {
				fmt.Fprintf(&sb, "export function f%d(a, b) { return a + b * %d; }\n", i, i)
			}
			uri := protocol.DocumentURI("file:///work/project/src/big.js")
			s.open(uri, "javascript", 1, sb.String())
			s.diagnosticsFor(uri, 1)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				v := int32(i + 2)
				line := uint32(i % lines)
				s.change(uri, v, change{rng: rng(line, 0, line, 0), text: " "})
				s.diagnosticsFor(uri, uint32(v))
			}
		})
	}
}
