package detectors

import (
	"bytes"
	"go/format"
)

// goFormatted turns a Go fix's raw edits into gofmt-clean ones: it applies
// them, formats the result with go/format and diffs it back into line
// edits. A file that was not gofmt-clean before keeps the raw edits, so the
// fix never reformats code the user did not touch. It returns false when the
// fixed file would not parse.
func goFormatted(u *Unit, edits []Edit) ([]Edit, bool) {
	if u.NoFixes {
		return edits, true // the fix is dropped: spare the formatting
	}
	out, err := ApplyEdits(u.Src, edits)
	if err != nil {
		return nil, false
	}
	formatted, err := format.Source(out)
	if err != nil {
		return nil, false
	}
	if !u.goFmtClean() {
		return edits, true
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
