package server

import (
	"fmt"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/trustlint/trustlint/internal/benchgen"
)

// BenchmarkKeystrokeToDiagnostics measures one keystroke (a ranged
// didChange typing a character at the end of a line) until its
// diagnostics arrive at the client, with no debounce, on generated
// 1,000- and 10,000-line files of each language: the DESIGN.md budget is
// measured here and by cmd/trustlint-bench, not asserted.
func BenchmarkKeystrokeToDiagnostics(b *testing.B) {
	for _, lines := range []int{1000, 10000} {
		for _, l := range benchgen.Langs() {
			b.Run(fmt.Sprintf("%s-%dlines", l, lines), func(b *testing.B) {
				s := startSession(b, sessionOptions{opts: Options{Logger: zap.NewNop()}})
				s.initialize(map[string]any{}, map[string]any{"debounceMs": 0})
				text := string(benchgen.Generate(l, lines))
				uri := protocol.DocumentURI("file:///work/project/src/big" + l.Ext())
				s.open(uri, string(l), 1, text)
				s.diagnosticsFor(uri, 1)
				ls := strings.Split(text, "\n")
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					v := int32(i + 2)
					line := uint32((i * 7919) % (len(ls) - 1))
					col := uint32(len(ls[line]))
					ls[line] += "x"
					s.change(uri, v, change{rng: rng(line, col, line, col), text: "x"})
					s.diagnosticsFor(uri, uint32(v))
				}
			})
		}
	}
}
