package detectors

import (
	"bytes"
	"go/format"

	"github.com/trustlint/trustlint/grammars"
)

// goFormatted turns a Go fix's raw edits into gofmt-clean ones: it applies
// them, formats the result as go/format would and diffs it back into line
// edits. Code that was not gofmt-clean before keeps the raw edits, so the
// fix never reformats code the user did not touch: the blocks of
// declarations the edits fall in (see goFormatBlocks), or the whole file
// when the edits do not fall in blocks. It returns false when the fixed
// file would not parse.
func goFormatted(u *Unit, edits []Edit) ([]Edit, bool) {
	if u.NoFixes {
		return edits, true // the fix is dropped: spare the formatting
	}
	out, err := ApplyEdits(u.Src, edits)
	if err != nil {
		return nil, false
	}
	formatted, clean, ok := goFormatBlocks(u, edits)
	switch {
	case ok && formatted == nil:
		return nil, false // a block does not parse
	case ok && !clean:
		return edits, true
	case !ok:
		if formatted, err = format.Source(out); err != nil {
			return nil, false
		}
		if !u.goFmtClean() {
			return edits, true
		}
	}
	if bytes.Equal(formatted, out) {
		return edits, true
	}
	return lineEdits(u.Src, formatted, 256), true
}

// goFmtClean reports, once per unit, whether its source is gofmt-clean.
func (u *Unit) goFmtClean() bool {
	if u.gofmtState == 0 {
		u.gofmtState = -1
		if formatted, err := format.Source(u.Src); err == nil && bytes.Equal(formatted, u.Src) {
			u.gofmtState = 1
		}
	}
	return u.gofmtState == 1
}

// goBlock is a run of top-level declarations and comments with no blank
// line between them, as the byte range [start, end) from the first byte
// of the first to the end of the last.
type goBlock struct{ start, end int }

// goBlockHeader precedes a block formatted on its own.
const goBlockHeader = "package p\n\n"

// goFormatBlocks formats the file u.Src with edits applied by formatting
// only the blocks of top-level declarations the edits fall in: formatting
// a large file whole for each fix was most of what a scan spent on Go
// fixes. gofmt formats the declarations of a file one after the other;
// what one of them becomes depends on the others only through the
// alignment of columns (trailing comments, values) across adjacent lines,
// which a blank line ends. So a block formats as it does in a file of its
// own, and the rest of the file is left as it is (TestGoFormatBlocks
// compares this with formatting the whole fixed file).
//
// clean reports whether every block the edits fall in was gofmt-clean
// before them. formatted is nil when a fixed block does not parse. ok is
// false when the edits do not all fall inside blocks (an edit before the
// first declaration, in the package clause, or between blocks) or the
// tree does not cover the file: the caller formats the whole file.
func goFormatBlocks(u *Unit, edits []Edit) (formatted []byte, clean, ok bool) {
	blocks := goBlocks(u)
	if blocks == nil || len(edits) == 0 {
		return nil, false, false
	}
	// Group the edits by block; every edit must lie inside one.
	touched := make(map[int][]Edit)
	for _, e := range edits {
		found := false
		for bi, b := range blocks {
			if b.start <= e.Start && e.End <= b.end {
				touched[bi] = append(touched[bi], Edit{Start: e.Start - b.start, End: e.End - b.start, NewText: e.NewText})
				found = true
				break
			}
		}
		if !found {
			return nil, false, false
		}
	}
	out := make([]byte, 0, len(u.Src)+64)
	pos := 0
	clean = true
	for bi, b := range blocks {
		es, ok := touched[bi]
		if !ok {
			continue
		}
		text, err := ApplyEdits(u.Src[b.start:b.end], es)
		if err != nil {
			return nil, false, true
		}
		f, ok := formatGoBlock(text)
		if !ok {
			return nil, false, true
		}
		if clean {
			before, ok := formatGoBlock(u.Src[b.start:b.end])
			clean = ok && bytes.Equal(before, u.Src[b.start:b.end])
		}
		out = append(append(out, u.Src[pos:b.start]...), f...)
		pos = b.end
	}
	return append(out, u.Src[pos:]...), clean, true
}

// formatGoBlock formats a block of declarations as go/format formats it in
// a file of its own; ok is false when it does not parse.
func formatGoBlock(text []byte) ([]byte, bool) {
	src := make([]byte, 0, len(goBlockHeader)+len(text)+1)
	src = append(append(append(src, goBlockHeader...), text...), '\n')
	f, err := format.Source(src)
	if err != nil || !bytes.HasPrefix(f, []byte(goBlockHeader)) {
		return nil, false
	}
	return bytes.TrimSuffix(f[len(goBlockHeader):], []byte("\n")), true
}

// goBlocks returns u's blocks of top-level declarations after the package
// clause, worked out once per unit; nil when u has no tree, the tree has
// errors or does not cover u.Src.
func goBlocks(u *Unit) []goBlock {
	return memo(u, goBlocksKey{}, func() []goBlock {
		if u.Tree == nil {
			return nil
		}
		root := u.Tree.RootNode()
		if grammars.Type(root) != "source_file" || int(grammars.End(root)) > len(u.Src) || root.HasError() {
			return nil
		}
		blocks := []goBlock{}
		// Named children only: the "\n" and ";" tokens ending statements
		// are children of the source file too.
		n := int(grammars.NamedChildCount(root))
		for i := 0; i < n; i++ {
			c := grammars.NamedChildAt(root, i)
			start, end := int(grammars.Start(c)), int(grammars.End(c))
			switch last := len(blocks) - 1; {
			case grammars.Type(c) == "package_clause":
				blocks = blocks[:0] // nothing before the package clause is a block
			case last >= 0 && !hasBlankLine(u.Src[blocks[last].end:start]):
				blocks[last].end = end
			default:
				blocks = append(blocks, goBlock{start, end})
			}
		}
		return blocks
	})
}

type goBlocksKey struct{}

// hasBlankLine reports whether the text between two declarations holds an
// empty line (only blanks between two line ends).
func hasBlankLine(gap []byte) bool {
	nl := false
	for _, c := range gap {
		switch c {
		case '\n':
			if nl {
				return true
			}
			nl = true
		case ' ', '\t', '\r':
		default:
			nl = false
		}
	}
	return false
}
