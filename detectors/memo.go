package detectors

import (
	"strings"
	"unsafe"
)

// memo returns what compute returns for key, computing it once per Unit.
// Detectors use it for file-wide facts (imports, top-level bindings) that
// every visited node would otherwise recompute: a scan of the whole file
// per node makes analysis quadratic in the file's size. key is a value of
// an unexported type of the caller's own (struct{} or a struct of the
// arguments). A Unit's tree and source never change, so a memoised value
// stays valid for the Unit's life.
func memo[T any](u *Unit, key any, compute func() T) T {
	if v, ok := u.memo[key]; ok {
		return v.(T)
	}
	v := compute()
	if u.memo == nil {
		u.memo = make(map[any]any)
	}
	u.memo[key] = v
	return v
}

type srcContainsKey struct{ sub string }

// srcString returns the unit's source as a string. It shares u.Src's
// bytes instead of copying the file (a keystroke in a 10,000-line file
// would copy 400 KB): a Unit's Src is never modified while it or anything
// derived from it is in use (the server and the CLI build a new slice for
// every version of a text).
func (u *Unit) srcString() string {
	return unsafe.String(unsafe.SliceData(u.Src), len(u.Src))
}

// srcContains reports whether the unit's source contains sub, once per
// unit and sub.
func (u *Unit) srcContains(sub string) bool {
	return memo(u, srcContainsKey{sub}, func() bool { return strings.Contains(u.srcString(), sub) })
}
