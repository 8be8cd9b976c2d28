package detectors

import (
	"bytes"
	"context"
	"sort"

	"github.com/trustlint/trustlint/grammars"

	sitter "github.com/smacker/go-tree-sitter"
)

// Region is a byte range of a unit's source that an analysis is limited
// to: the detectors run on the nodes that overlap it (the nodes inside it
// and the nodes that contain it). An editor front-end re-analyses the
// region an edit touched and keeps the findings elsewhere, then confirms
// with a whole-file analysis once the user pauses (see MergeRegion).
type Region struct {
	Start, End int
	src        []byte
}

// overlaps reports whether n overlaps the region or contains it.
func (r *Region) overlaps(n *sitter.Node) bool {
	s, e := int(grammars.Start(n)), int(grammars.End(n))
	return (s < r.End && e > r.Start) || (s <= r.Start && r.End <= e)
}

// pointScanner converts ascending byte offsets of one source to
// tree-sitter points in a single pass over it (pointOf per offset would
// rescan the source from the start each time).
type pointScanner struct {
	off, row, lineStart int
}

// at returns the point of off, which must not be below the previous
// offset asked for.
func (p *pointScanner) at(src []byte, off int) sitter.Point {
	off = min(max(off, 0), len(src))
	if off < p.off {
		*p = pointScanner{}
	}
	// Vectorised searches: a window's ranges reach to the end of the
	// file, and a byte loop over 1.5 MB (50,000 lines) took 1.6 ms per
	// keystroke.
	if n := bytes.Count(src[p.off:off], []byte{'\n'}); n > 0 {
		p.row += n
		p.lineStart = p.off + bytes.LastIndexByte(src[p.off:off], '\n') + 1
	}
	p.off = off
	return sitter.Point{Row: uint32(p.row), Column: uint32(off - p.lineStart)}
}

// Change is where two versions of a text differ: new[Start:NewEnd]
// replaced old[Start:OldEnd], and the bytes before Start and after the
// ends are the same.
type Change struct {
	Start, OldEnd, NewEnd int
}

// Diff returns the change between two versions of a text: their common
// prefix and suffix are left out.
func Diff(old, new []byte) Change {
	// Equal blocks are skipped with bytes.Equal (vectorised): a keystroke
	// compares the whole text, so a byte loop costs ~0.1 ms at 1,000 lines.
	const block = 64
	n := min(len(old), len(new))
	p := 0
	for p+block <= n && bytes.Equal(old[p:p+block], new[p:p+block]) {
		p += block
	}
	for p < n && old[p] == new[p] {
		p++
	}
	s := 0
	for s+block <= n-p && bytes.Equal(old[len(old)-s-block:len(old)-s], new[len(new)-s-block:len(new)-s]) {
		s += block
	}
	for s < n-p && old[len(old)-1-s] == new[len(new)-1-s] {
		s++
	}
	return Change{Start: p, OldEnd: len(old) - s, NewEnd: len(new) - s}
}

// Empty reports whether c changes nothing.
func (c Change) Empty() bool { return c.Start == c.OldEnd && c.Start == c.NewEnd }

// Then returns the change from c's old text to the text that next (a
// change of c's new text) makes: the span of both edits in the texts'
// coordinates, which keeps the exact place of a single edit (Diff, which
// knows only the texts, moves an insertion past the longest common
// prefix: a block pasted before a similar block starts where they differ).
func (c Change) Then(next Change) Change {
	if c.Empty() {
		return next
	}
	if next.Empty() {
		return c
	}
	out := Change{Start: min(c.Start, next.Start)}
	if next.OldEnd >= c.NewEnd {
		// next reaches past c's text: what follows it is old text.
		out.OldEnd = next.OldEnd - (c.NewEnd - c.OldEnd)
		out.NewEnd = next.NewEnd
	} else {
		// What follows c's text is old text, moved by next.
		out.OldEnd = c.OldEnd
		out.NewEnd = c.NewEnd + (next.NewEnd - next.OldEnd)
	}
	return out
}

// ChangedRegion returns the region to re-analyse after the text in
// [start, end) of u's source changed (offsets in the new text; an empty
// range for a deletion). The range grows to whole lines and the line after
// it (a suppression comment governs the next line), then to the outermost
// node around it that a detector inspects, so every node whose findings
// the change can alter locally is inside or contains the region. It
// returns false when the whole file should be analysed instead: the region
// would cover most of the file. An edit to the imports is a region like
// any other: what it changes elsewhere (which driver a query uses, whether
// bcrypt is imported) waits for the whole-file analysis that confirms
// every region analysis once the user pauses.
func ChangedRegion(u *Unit, start, end int) (Region, bool) {
	n := len(u.Src)
	if n == 0 || u.Tree == nil {
		return Region{}, false
	}
	start = min(max(start, 0), n)
	end = min(max(end, start), n)
	s := u.LineStart(min(start, n-1))
	e := u.LineEnd(min(end, n-1))
	if e < n {
		e = u.LineEnd(min(e+1, n-1))
	}
	if e < n {
		e++ // the line terminator too
	}
	if s >= e {
		return Region{}, false
	}
	kq, err := queryFor(u.Lang)
	if err != nil {
		return Region{}, false
	}
	root := u.Tree.RootNode()
	cur := sitter.NewTreeCursor(root)
	defer cur.Close()
	lo, hi := s, e
	depth := 0
	for ; depth < maxDescend; depth++ {
		if cur.GoToFirstChildForByte(uint32(s)) < 0 {
			break
		}
		c := cur.CurrentNode()
		cs, ce := int(grammars.Start(c)), int(grammars.End(c))
		if cs > s || ce < e {
			// The lines span several children (or fall between two):
			// the region is their union.
			for {
				lo, hi = min(lo, int(grammars.Start(c))), max(hi, int(grammars.End(c)))
				if !cur.GoToNextSibling() {
					break
				}
				c = cur.CurrentNode()
				if int(grammars.Start(c)) >= e {
					break
				}
			}
			break
		}
		if grammars.IsNamed(c) && kq.kindSet[grammars.Type(c)] {
			if ce-cs <= maxRegionBytes {
				lo, hi = cs, ce
				break
			}
			// A large node (a class holding many methods): the region
			// is the next inspected node inside it (a method's
			// statement). The large node still overlaps the region, so
			// its detectors run; what they report outside the region
			// is merged as if unchanged until the whole-file analysis
			// confirms.
		}
	}
	if hi-lo > n/2 && hi-lo > maxRegionBytes {
		return Region{}, false
	}
	r := Region{Start: lo, End: hi, src: u.Src}
	return r, true
}

// maxRegionBytes is the largest node ChangedRegion takes as the region
// when an inspected node inside it also holds the change: a keystroke in
// a 30 KB class re-analyses the statement it is in, not the class.
const maxRegionBytes = 8 << 10

// maxDescend bounds ChangedRegion's descent, for trees nested beyond
// reason; the region found so far is used.
const maxDescend = 256

// AnalyzeRegion is Analyze limited to the nodes overlapping r (a region
// ChangedRegion returned for the same unit).
func AnalyzeRegion(ctx context.Context, u *Unit, r Region) ([]Finding, error) {
	r.src = u.Src
	return analyzeWith(ctx, u, checkers(), &r)
}

// MergeRegion combines the findings of the previous version of a text
// with the findings of AnalyzeRegion over the new version: previous
// findings away from the change are kept (moved by the change's length
// difference, their fixes dropped: a fix's edits may reach the changed
// text, so fixes come from a fresh analysis), those touching the change or
// the region are replaced by fresh. The result is sorted and deduplicated
// like Analyze's.
func MergeRegion(prev []Finding, c Change, r Region, fresh []Finding) []Finding {
	delta := c.NewEnd - c.OldEnd
	out := make([]Finding, 0, len(prev)+len(fresh))
	for _, f := range prev {
		switch {
		case f.End < c.Start:
		case f.Start > c.OldEnd:
			f.Start += delta
			f.End += delta
		default:
			continue // touches the changed text
		}
		if f.Start < r.End && f.End > r.Start || (f.Start <= r.Start && r.End <= f.End) {
			continue
		}
		f.Fixes = nil
		out = append(out, f)
	}
	out = append(out, fresh...)
	out = dedupe(out)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].Rule < out[j].Rule
	})
	return out
}
