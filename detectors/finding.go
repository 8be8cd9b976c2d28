package detectors

import (
	"fmt"
	"sort"
)

// Edit replaces Src[Start:End] with NewText. Offsets are bytes into the
// unit's source.
type Edit struct {
	Start   int    `json:"start"`
	End     int    `json:"end"`
	NewText string `json:"newText"`
}

// Fix is one way to resolve a finding.
type Fix struct {
	Title string `json:"title"`
	Edits []Edit `json:"edits"`
	// Preferred marks the fix an editor should offer first.
	Preferred bool `json:"preferred,omitempty"`
	// Safe fixes may be applied without review ("fix all", scan --fix).
	// Suppressions are never safe.
	Safe bool `json:"safe,omitempty"`
	// Env names the environment variable the fix makes the code read, when
	// it moves a value into the environment ("" otherwise). Front-ends use
	// it to offer adding NAME= to the workspace's .env.example
	// (EnvExampleFix).
	Env string `json:"env,omitempty"`
	// Files are edits to files other than the analysed one (a .gitignore,
	// a .env.example), with paths relative to the workspace root. Edits
	// and Files together make the fix; SafeEdits and FixAll, which rewrite
	// one file, skip fixes that have Files. Apply them with ApplyFileEdits.
	Files []FileEdit `json:"files,omitempty"`
}

// FileEdit is a change to a file of the workspace other than the analysed
// one.
type FileEdit struct {
	// Path is slash-separated and relative to the workspace root; it never
	// leaves the root (see ResolveInRoot).
	Path string `json:"path"`
	// Create means the file does not exist yet: it is created and the
	// edits (offsets into the empty text) give its content.
	Create bool `json:"create,omitempty"`
	// Edits are byte-offset edits of the file's current content.
	Edits []Edit `json:"edits"`
}

// Finding is one problem found in a unit.
type Finding struct {
	Rule     string   `json:"rule"`
	Name     string   `json:"name"`
	Severity Severity `json:"severity"`
	// Start and End are byte offsets of the offending expression.
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Message string `json:"message"`
	Fixes   []Fix  `json:"fixes,omitempty"`
}

// ApplyEdits returns src with edits applied. Edits must not overlap;
// identical edits (same range and text) are applied once, so fixes that
// share an import or a helper can be combined.
func ApplyEdits(src []byte, edits []Edit) ([]byte, error) {
	sorted := make([]Edit, len(edits))
	copy(sorted, edits)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Start != sorted[j].Start {
			return sorted[i].Start < sorted[j].Start
		}
		return sorted[i].End < sorted[j].End
	})
	out := make([]byte, 0, len(src)+64)
	pos := 0
	var prev *Edit
	for i := range sorted {
		e := sorted[i]
		if e.Start < 0 || e.End < e.Start || e.End > len(src) {
			return nil, fmt.Errorf("edit [%d,%d) outside source of %d bytes", e.Start, e.End, len(src))
		}
		if prev != nil && *prev == e {
			continue
		}
		if e.Start < pos {
			return nil, fmt.Errorf("edit [%d,%d) overlaps an earlier edit ending at %d", e.Start, e.End, pos)
		}
		out = append(out, src[pos:e.Start]...)
		out = append(out, e.NewText...)
		pos = e.End
		prev = &sorted[i]
	}
	out = append(out, src[pos:]...)
	return out, nil
}

// SafeEdits collects the edits of every finding's first safe fix, skipping
// fixes that overlap ones already taken. It is what "fix all" applies.
// Fixes that also edit other files (Files) are not single-file fixes and
// are skipped.
func SafeEdits(findings []Finding) []Edit {
	var taken []Edit
	for _, f := range findings {
		for _, fix := range f.Fixes {
			if !fix.Safe || len(fix.Files) > 0 {
				continue
			}
			if !conflicts(taken, fix.Edits) {
				taken = append(taken, fix.Edits...)
			}
			break
		}
	}
	return taken
}

func conflicts(taken, edits []Edit) bool {
	for _, e := range edits {
		for _, t := range taken {
			if t == e {
				continue
			}
			if e.Start < t.End && t.Start < e.End {
				return true
			}
			// A replacement and a different replacement of the same empty
			// range cannot both hold; insertions at one point are kept in
			// order.
			if e.Start == e.End && t.Start == t.End {
				continue
			}
			if e.Start == t.Start && e.End == t.End {
				return true
			}
		}
	}
	return false
}
