// Package textpos converts between byte offsets and line/column positions
// counted in UTF-8 bytes, UTF-16 code units or Unicode code points, as LSP
// (UTF-16 by default) and SARIF (UTF-16 columns) require.
//
// Lines end at "\n", "\r\n" or a lone "\r", as the LSP specification says.
// Invalid UTF-8 bytes count as one code point (U+FFFD) each.
package textpos

import (
	"bytes"
	"fmt"
	"sort"
	"unicode/utf8"
)

// Encoding is the unit columns are counted in.
type Encoding int

// The column encodings LSP defines.
const (
	UTF16 Encoding = iota
	UTF8
	UTF32
)

// String returns the LSP name of the encoding ("utf-16", "utf-8", "utf-32").
func (e Encoding) String() string {
	switch e {
	case UTF8:
		return "utf-8"
	case UTF32:
		return "utf-32"
	}
	return "utf-16"
}

// ParseEncoding reads an LSP position encoding kind.
func ParseEncoding(s string) (Encoding, bool) {
	switch s {
	case "utf-16":
		return UTF16, true
	case "utf-8":
		return UTF8, true
	case "utf-32":
		return UTF32, true
	}
	return UTF16, false
}

// Index maps positions in one immutable text. Build a new Index after the
// text changes.
type Index struct {
	src   []byte
	lines []int // byte offset of each line start
	lf    bool  // src holds no "\r": only "\n" ends lines
}

// New indexes src. The Index keeps a reference to src; do not modify it.
func New(src []byte) *Index {
	if bytes.IndexByte(src, '\r') < 0 {
		return &Index{src: src, lines: lfLineStarts(src), lf: true}
	}
	return &Index{src: src, lines: lineStarts(src)}
}

// Edited returns the index of next, the text that replacing ix's text in
// [start, end) with next[start:newEnd] made, what New(next) returns. The
// line starts outside the edit are moved rather than searched for again
// (a keystroke in a 50,000-line file: the starts are copied, not 1.5 MB
// scanned); a text with "\r" is indexed afresh.
func (ix *Index) Edited(next []byte, start, end, newEnd int) *Index {
	if !ix.lf || start < 0 || start > end || end > len(ix.src) || start > newEnd || newEnd > len(next) ||
		len(next)-newEnd != len(ix.src)-end || bytes.IndexByte(next[start:newEnd], '\r') >= 0 {
		return New(next)
	}
	// Kept: the starts at or before start. Gone: those whose "\n" was in
	// [start, end). Moved: those after end.
	k := sort.SearchInts(ix.lines, start+1)
	m := sort.SearchInts(ix.lines, end+1)
	inserted := next[start:newEnd]
	lines := make([]int, k, k+bytes.Count(inserted, []byte{'\n'})+len(ix.lines)-m)
	copy(lines, ix.lines[:k])
	for i := 0; ; {
		j := bytes.IndexByte(inserted[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		lines = append(lines, start+i)
	}
	delta := newEnd - end
	for _, l := range ix.lines[m:] {
		lines = append(lines, l+delta)
	}
	return &Index{src: next, lines: lines, lf: true}
}

// LFLineStarts returns the byte offset where each line begins when only
// "\n" ends lines in the text (nil when it holds a "\r"). The slice is
// shared: do not modify it.
func (ix *Index) LFLineStarts() []int {
	if !ix.lf {
		return nil
	}
	return ix.lines
}

// lineStarts returns the offset of every line of src, lines ending at
// "\n", "\r\n" or a lone "\r".
func lineStarts(src []byte) []int {
	lines := make([]int, 1, len(src)/32+1)
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			lines = append(lines, i+1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			lines = append(lines, i+1)
		}
	}
	return lines
}

// lfLineStarts is lineStarts for a text without "\r", where only "\n"
// ends lines: the vectorised search finds them ten times as fast as the
// byte loop.
func lfLineStarts(src []byte) []int {
	lines := make([]int, 1, len(src)/32+1)
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			return lines
		}
		i += j + 1
		lines = append(lines, i)
	}
}

// Lines returns the number of lines (a text ending in a newline has an
// empty last line).
func (ix *Index) Lines() int { return len(ix.lines) }

// LineStart returns the byte offset where 0-based line begins.
func (ix *Index) LineStart(line int) int { return ix.lines[line] }

// lineContentEnd returns the offset of the end of line's content, before its
// terminator.
func (ix *Index) lineContentEnd(line int) int {
	if line+1 >= len(ix.lines) {
		return len(ix.src)
	}
	end := ix.lines[line+1]
	if end > 0 && ix.src[end-1] == '\n' {
		end--
	}
	if end > ix.lines[line] && ix.src[end-1] == '\r' {
		end--
	}
	return end
}

// Line returns the 0-based line containing byte offset off (clamped to the
// text).
func (ix *Index) Line(off int) int {
	if off < 0 {
		return 0
	}
	lo, hi := 0, len(ix.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if ix.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// Position returns the 0-based line and column of byte offset off, the
// column counted in enc. An offset inside a multi-byte character maps to
// that character's start; one past the text maps to its end.
func (ix *Index) Position(off int, enc Encoding) (line, col int) {
	if off < 0 {
		off = 0
	}
	if off > len(ix.src) {
		off = len(ix.src)
	}
	line = ix.Line(off)
	start := ix.lines[line]
	end := ix.lineContentEnd(line)
	if off > end {
		off = end
	}
	if enc == UTF8 {
		return line, off - start
	}
	for i := start; i < off; {
		r, size := utf8.DecodeRune(ix.src[i:])
		if i+size > off {
			break
		}
		col += units(r, enc)
		i += size
	}
	return line, col
}

// Offset returns the byte offset of the 0-based line and column (counted in
// enc). As the LSP specification says, a column past the end of the line
// means the end of the line. A line past the end of the text, or a column
// that splits a character, is clamped and reported with a non-nil error
// alongside the clamped offset, so callers can log the inconsistency.
func (ix *Index) Offset(line, col int, enc Encoding) (int, error) {
	if line < 0 || col < 0 {
		return 0, fmt.Errorf("textpos: negative position %d:%d", line, col)
	}
	if line >= len(ix.lines) {
		return len(ix.src), fmt.Errorf("textpos: line %d past the last line %d", line, len(ix.lines)-1)
	}
	start := ix.lines[line]
	end := ix.lineContentEnd(line)
	if enc == UTF8 {
		off := start + col
		if off > end {
			return end, nil
		}
		if off < end && !utf8.RuneStart(ix.src[off]) {
			// A continuation byte splits a character only when a valid
			// sequence starting before it covers it; a stray one (invalid
			// UTF-8) is a character of its own.
			s := off
			for s > start && off-s < utf8.UTFMax-1 && !utf8.RuneStart(ix.src[s]) {
				s--
			}
			if _, size := utf8.DecodeRune(ix.src[s:]); s < off && s+size > off {
				return s, fmt.Errorf("textpos: column %d splits a character on line %d", col, line)
			}
		}
		return off, nil
	}
	n := 0
	i := start
	for i < end && n < col {
		r, size := utf8.DecodeRune(ix.src[i:])
		u := units(r, enc)
		if n+u > col {
			return i, fmt.Errorf("textpos: column %d splits a character on line %d", col, line)
		}
		n += u
		i += size
	}
	return i, nil
}

// units returns how many units of enc code point r takes.
func units(r rune, enc Encoding) int {
	if enc == UTF16 && r >= 0x10000 {
		return 2
	}
	return 1
}
