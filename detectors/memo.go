package detectors

import "strings"

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

type srcStringKey struct{}

type srcContainsKey struct{ sub string }

// srcString returns the unit's source as a string, converted once: a
// string(u.Src) per visited node copies the whole file each time.
func (u *Unit) srcString() string {
	return memo(u, srcStringKey{}, func() string { return string(u.Src) })
}

// srcContains reports whether the unit's source contains sub, once per
// unit and sub.
func (u *Unit) srcContains(sub string) bool {
	return memo(u, srcContainsKey{sub}, func() bool { return strings.Contains(u.srcString(), sub) })
}
