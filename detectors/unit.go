package detectors

import (
	"bytes"
	"path/filepath"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// Unit is one file to analyse: its source and its parsed tree.
//
// A tree-sitter tree is not safe for concurrent use; the caller must not use
// Tree from another goroutine while Analyze runs. Analyze does not close it.
// Src must not be modified while the Unit or its findings are in use:
// detectors read it as a string without copying it.
type Unit struct {
	Path   string
	Lang   grammars.Lang
	Src    []byte
	Tree   *sitter.Tree
	Config Config
	// NoFixes skips building fixes: findings come without Fixes. Front-ends
	// that only show diagnostics set it (some fixes cost a gofmt of the
	// whole file) and analyse again with fixes where a code action is
	// asked for.
	NoFixes bool
	// LineStarts, when not nil, are the byte offsets where the lines of
	// Src begin, after each "\n" (what a front-end indexing the text for
	// positions already holds; see textpos.Index.LFLineStarts): the unit
	// then need not find them again. Not modified.
	LineStarts []int

	region     *Region     // set while a region analysis runs
	parents    parentCache // parentOf's memory
	lineStarts []int
	gofmtState int8     // 0 unknown, 1 gofmt-clean, -1 not
	testFile   struct { // IsTestFile's answer for path
		path   string
		answer bool
		known  bool
	}
	memo map[any]any // file-wide facts computed once; see memo
	// lastCallee is calleeToken's last answer.
	lastCallee lastCallee
}

// Text returns the source text of n, sharing the unit's source (see
// srcString) rather than copying it.
func (u *Unit) Text(n *sitter.Node) string {
	if n == nil {
		return ""
	}
	s, e := int(grammars.Start(n)), int(grammars.End(n))
	if s < 0 || e > len(u.Src) || s > e {
		return ""
	}
	return u.srcString()[s:e]
}

// IsTestFile reports whether the unit's path looks like a test or fixture
// file (foo_test.go, foo.test.ts, foo.spec.js, test_foo.py, tests/...,
// __tests__/..., fixtures/...).
func (u *Unit) IsTestFile() bool {
	if !u.testFile.known || u.testFile.path != u.Path {
		u.testFile.path, u.testFile.answer, u.testFile.known = u.Path, isTestPath(u.Path), true
	}
	return u.testFile.answer
}

// isTestPath is IsTestFile's test on a path.
func isTestPath(path string) bool {
	p := filepath.ToSlash(path)
	base := strings.ToLower(filepath.Base(p))
	if strings.HasSuffix(base, "_test.go") || strings.HasPrefix(base, "test_") ||
		strings.HasSuffix(base, "_test.py") || base == "conftest.py" ||
		strings.Contains(base, ".test.") || strings.Contains(base, ".spec.") {
		return true
	}
	for _, dir := range strings.Split(strings.ToLower(filepath.Dir(p)), "/") {
		switch dir {
		case "test", "tests", "__tests__", "spec", "specs", "fixtures", "__fixtures__", "__mocks__", "mocks":
			return true
		}
	}
	return false
}

// lines returns the byte offset of the start of each line.
func (u *Unit) lines() []int {
	if u.lineStarts == nil && u.LineStarts != nil {
		u.lineStarts = u.LineStarts
	}
	if u.lineStarts == nil {
		starts := make([]int, 1, bytes.Count(u.Src, []byte{'\n'})+1)
		for i := 0; ; {
			j := bytes.IndexByte(u.Src[i:], '\n')
			if j < 0 {
				break
			}
			i += j + 1
			starts = append(starts, i)
		}
		u.lineStarts = starts
	}
	return u.lineStarts
}

// Line returns the 0-based line number containing byte offset off.
func (u *Unit) Line(off int) int {
	starts := u.lines()
	lo, hi := 0, len(starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// point returns the tree-sitter point (row, byte column) of byte offset off.
func (u *Unit) point(off int) sitter.Point {
	line := u.Line(off)
	return sitter.Point{Row: uint32(line), Column: uint32(off - u.lines()[line])}
}

// LineStart returns the byte offset where the line containing off begins.
func (u *Unit) LineStart(off int) int { return u.lines()[u.Line(off)] }

// LineEnd returns the byte offset of the end of the line containing off,
// before its line terminator ("\n" or "\r\n").
func (u *Unit) LineEnd(off int) int {
	i := bytes.IndexByte(u.Src[off:], '\n')
	if i < 0 {
		return len(u.Src)
	}
	end := off + i
	if end > 0 && u.Src[end-1] == '\r' {
		end--
	}
	return end
}

// LineText returns the text of the 0-based line, without its terminator.
func (u *Unit) LineText(line int) string {
	starts := u.lines()
	if line < 0 || line >= len(starts) {
		return ""
	}
	return string(u.Src[starts[line]:u.LineEnd(starts[line])])
}

// Indent returns the leading white space of the line containing off.
func (u *Unit) Indent(off int) string {
	start := u.LineStart(off)
	end := start
	for end < len(u.Src) && (u.Src[end] == ' ' || u.Src[end] == '\t') {
		end++
	}
	return string(u.Src[start:end])
}

// Newline returns the unit's line terminator: "\r\n" when the first line
// ends so, "\n" otherwise.
func (u *Unit) Newline() string {
	i := bytes.IndexByte(u.Src, '\n')
	if i > 0 && u.Src[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// IndentUnit guesses one level of indentation from the file: a tab for Go,
// otherwise the smallest non-zero leading run of spaces (default 2 for
// JS/TS, 4 for Python).
func (u *Unit) IndentUnit() string {
	if u.Lang == grammars.Go {
		return "\t"
	}
	best := 0
	for _, start := range u.lines() {
		n := 0
		for start+n < len(u.Src) && u.Src[start+n] == ' ' {
			n++
		}
		if start+n < len(u.Src) && u.Src[start+n] == '\t' && n == 0 {
			return "\t"
		}
		if n > 0 && start+n < len(u.Src) && u.Src[start+n] != '\n' && u.Src[start+n] != '\r' && (best == 0 || n < best) {
			best = n
		}
	}
	if best == 0 || best > 8 {
		if u.Lang == grammars.Python {
			best = 4
		} else {
			best = 2
		}
	}
	return strings.Repeat(" ", best)
}
