//go:build linux && cgo

package grammars

/*
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
static void tl_limit_arenas(int n) { mallopt(M_ARENA_MAX, n); }
static int tl_trim(void) { return malloc_trim(0); }
#else
static void tl_limit_arenas(int n) { (void)n; }
static int tl_trim(void) { return 0; }
#endif
*/
import "C"

// LimitMallocArenas caps the C allocator's arenas (glibc's default is
// eight per core). Syntax trees are allocated and freed from whichever
// threads the Go scheduler runs parses on; with an arena per thread the
// freed memory of closed trees stays spread over many arenas and the
// resident size creeps up across edits. Call it once, early.
func LimitMallocArenas(n int) { C.tl_limit_arenas(C.int(n)) }

// TrimMalloc returns the C allocator's free memory to the system, after
// trees have been closed. It reports whether any was released.
func TrimMalloc() bool { return C.tl_trim() != 0 }
