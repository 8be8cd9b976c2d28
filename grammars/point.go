package grammars

import (
	"bytes"

	sitter "github.com/smacker/go-tree-sitter"
)

// PointAt is tree-sitter's point of byte offset off in src: rows count
// "\n" only and columns count bytes. An offset outside src is clamped.
func PointAt(src []byte, off int) sitter.Point {
	off = min(max(off, 0), len(src))
	before := src[:off]
	row := bytes.Count(before, []byte{'\n'})
	col := off - (bytes.LastIndexByte(before, '\n') + 1)
	return sitter.Point{Row: uint32(row), Column: uint32(col)}
}
