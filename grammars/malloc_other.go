//go:build !linux || !cgo

package grammars

// LimitMallocArenas is a no-op where the C allocator is not glibc's.
func LimitMallocArenas(int) {}

// TrimMalloc is a no-op where the C allocator is not glibc's.
func TrimMalloc() bool { return false }
