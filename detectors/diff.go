package detectors

import (
	"bytes"
)

// lineEdits returns byte edits turning old into new, one per run of changed
// lines, found with Myers' O(ND) difference algorithm. It is used to turn a
// reformatted file back into small edits, so an editor keeps the cursor and
// unrelated lines untouched. maxD bounds the work; when the texts differ by
// more lines than that, a single edit covering the changed middle is
// returned.
func lineEdits(old, new []byte, maxD int) []Edit {
	a, aOff := splitLines(old)
	b, _ := splitLines(new)
	// Trim the common prefix and suffix first: fixes are local.
	pre := 0
	for pre < len(a) && pre < len(b) && bytes.Equal(a[pre], b[pre]) {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && bytes.Equal(a[len(a)-1-suf], b[len(b)-1-suf]) {
		suf++
	}
	am, bm := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(am) == 0 && len(bm) == 0 {
		return nil
	}
	ops, ok := myers(am, bm, maxD)
	if !ok {
		return []Edit{{Start: aOff[pre], End: aOff[len(a)-suf], NewText: string(bytes.Join(bm, nil))}}
	}
	// ops[i] is true when line i of am is kept; walk both sides to build
	// hunks.
	var edits []Edit
	i, j := 0, 0
	keep := ops
	for i < len(am) || j < len(bm) {
		if i < len(am) && j < len(bm) && keep.a[i] && keep.b[j] {
			i++
			j++
			continue
		}
		startI, startJ := i, j
		for i < len(am) && !keep.a[i] {
			i++
		}
		for j < len(bm) && !keep.b[j] {
			j++
		}
		edits = append(edits, Edit{
			Start:   aOff[pre+startI],
			End:     aOff[pre+i],
			NewText: string(bytes.Join(bm[startJ:j], nil)),
		})
	}
	return edits
}

// splitLines splits s into lines that keep their terminators, and returns
// the byte offset of each line start plus one for the end.
func splitLines(s []byte) ([][]byte, []int) {
	var lines [][]byte
	offs := []int{0}
	for len(s) > 0 {
		i := bytes.IndexByte(s, '\n')
		if i < 0 {
			i = len(s) - 1
		}
		lines = append(lines, s[:i+1])
		offs = append(offs, offs[len(offs)-1]+i+1)
		s = s[i+1:]
	}
	return lines, offs
}

// kept marks, for each line of both sides, whether it is part of the
// longest common subsequence.
type kept struct{ a, b []bool }

// myers computes which lines are common to a and b with at most maxD
// insertions and deletions.
func myers(a, b [][]byte, maxD int) (kept, bool) {
	n, m := len(a), len(b)
	maxD = min(maxD, n+m)
	offset := maxD + 1
	v := make([]int, 2*maxD+3)
	var trace [][]int
	for d := 0; d <= maxD; d++ {
		snapshot := make([]int, len(v))
		copy(snapshot, v)
		trace = append(trace, snapshot)
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[offset+k-1] < v[offset+k+1]) {
				x = v[offset+k+1]
			} else {
				x = v[offset+k-1] + 1
			}
			y := x - k
			for x < n && y < m && bytes.Equal(a[x], b[y]) {
				x++
				y++
			}
			v[offset+k] = x
			if x >= n && y >= m {
				return backtrack(trace, offset, n, m, d), true
			}
		}
	}
	return kept{}, false
}

// backtrack walks the saved V arrays from the end to mark common lines.
func backtrack(trace [][]int, offset, n, m, dEnd int) kept {
	res := kept{a: make([]bool, n), b: make([]bool, m)}
	x, y := n, m
	for d := dEnd; d > 0; d-- {
		v := trace[d]
		k := x - y
		var prevK int
		if k == -d || (k != d && v[offset+k-1] < v[offset+k+1]) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := v[offset+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x--
			y--
			res.a[x], res.b[y] = true, true
		}
		x, y = prevX, prevY
	}
	for x > 0 && y > 0 {
		x--
		y--
		res.a[x], res.b[y] = true, true
	}
	return res
}
