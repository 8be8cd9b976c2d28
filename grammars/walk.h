// Declarations for walk.c. tree-sitter's API comes from its own api.h, at
// the go-tree-sitter version in go.mod (tsinternal/): the library's C
// sources are compiled into the go-tree-sitter package of the same
// binary. walk_test.go pins the Go mirrors of its structs.
#ifndef TRUSTLINT_WALK_H
#define TRUSTLINT_WALK_H

#include <stdbool.h>
#include <stdint.h>

#include "api.h"

// tl_walk is the state of one walk: a cursor and the position reached.
typedef struct {
  TSTreeCursor cursor;
  uint32_t depth;   // the cursor's depth below the walk's root
  uint32_t done;    // 1 once every node has been visited
  uint32_t entered; // 1 when the cursor's node has been visited
  uint32_t start, end;
} tl_walk;

#include "hit.h"

void tl_walk_init(tl_walk *w, TSNode root, uint32_t start, uint32_t end);
uint32_t tl_walk_next(tl_walk *w, const uint16_t *kinds, uint32_t nkinds, uint32_t all,
                      tl_hit *out, uint32_t cap, uint32_t budget);
void tl_walk_free(tl_walk *w);
bool tl_deeper_than(TSNode root, uint32_t limit);

#endif
