package server

import (
	"math"

	"go.lsp.dev/protocol"

	"github.com/trustlint/trustlint/internal/textpos"
)

// toPosition converts a byte offset to an LSP position in enc.
func toPosition(ix *textpos.Index, off int, enc textpos.Encoding) protocol.Position {
	line, col := ix.Position(off, enc)
	return protocol.Position{Line: clampU32(line), Character: clampU32(col)}
}

// toRange converts a byte range to an LSP range in enc.
func toRange(ix *textpos.Index, start, end int, enc textpos.Encoding) protocol.Range {
	if end < start {
		end = start
	}
	return protocol.Range{Start: toPosition(ix, start, enc), End: toPosition(ix, end, enc)}
}

// toOffsets converts an LSP range to byte offsets, clamping positions
// outside the text; ok is false when anything was clamped.
func toOffsets(ix *textpos.Index, r protocol.Range, enc textpos.Encoding) (start, end int, ok bool) {
	ok = true
	start, err := ix.Offset(int(r.Start.Line), int(r.Start.Character), enc)
	if err != nil {
		ok = false
	}
	end, err = ix.Offset(int(r.End.Line), int(r.End.Character), enc)
	if err != nil {
		ok = false
	}
	if end < start {
		start, end, ok = end, start, false
	}
	return start, end, ok
}

func clampU32(v int) uint32 {
	if v < 0 {
		return 0
	}
	if v > math.MaxUint32 {
		return math.MaxUint32
	}
	return uint32(v)
}

// lspVersion converts a document version (int32 in LSP's
// TextDocumentItem) to PublishDiagnosticsParams.Version (uint32 in
// protocol v0.12.0, omitted when zero). Negative versions are not sent.
func lspVersion(v int32) uint32 {
	if v < 0 {
		return 0
	}
	return uint32(v)
}
