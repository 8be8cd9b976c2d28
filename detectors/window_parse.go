package detectors

import (
	"context"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// ParseWindow parses the window ranges of src (see WindowRanges). last,
// when not nil, is the tree of the previous window, parsed from lastSrc,
// which the change c turned into src: it is edited (the caller still owns
// and closes it) and the window parsed from it, which costs a fraction of
// a fresh parse while the window holds mostly the same statements (a
// keystroke in a 6 KB window: 0.3–0.5 ms instead of 2–3 ms). fromLast
// reports whether the last tree served.
//
// A window without syntax errors parsed from the last one is the tree a
// fresh parse gives. tree-sitter's error recovery depends on where a
// parse starts, so while the window holds a syntax error (the statement
// being typed) its tree can differ from a fresh parse's in how the error
// nodes are shaped: 12 of 913 such windows in TestWindowFromLastWindow,
// none of them with different findings. It is still
// parsed from the last tree, as the fresh parse costs two to four times
// as much there and made the slowest keystrokes; the whole-file analysis
// that follows a pause parses the file afresh.
func ParseWindow(ctx context.Context, pool *grammars.Pool, lang grammars.Lang, last *sitter.Tree, lastSrc, src []byte, c Change, ranges []sitter.Range) (tree *sitter.Tree, fromLast bool, err error) {
	if last != nil {
		last.Edit(editInput(lastSrc, src, c))
		tree, err := pool.ParseRanges(ctx, lang, last, src, ranges)
		if err != nil {
			return nil, false, err
		}
		return tree, true, nil
	}
	tree, err = pool.ParseRanges(ctx, lang, nil, src, ranges)
	return tree, false, err
}

// editInput is the Tree.Edit of the change c, which made next from old.
func editInput(old, next []byte, c Change) sitter.EditInput {
	return sitter.EditInput{
		StartIndex: uint32(c.Start), OldEndIndex: uint32(c.OldEnd), NewEndIndex: uint32(c.NewEnd),
		StartPoint:  grammars.PointAt(old, c.Start),
		OldEndPoint: grammars.PointAt(old, c.OldEnd),
		NewEndPoint: grammars.PointAt(next, c.NewEnd),
	}
}
