// tl_hit, shared by the two walks: walk.c (tree-sitter's public API) and
// fastwalk.c (its internal headers). TSNode (api.h) must be declared
// before this header is included.
#ifndef TRUSTLINT_HIT_H
#define TRUSTLINT_HIT_H

#include <stdint.h>

// tl_hit is one node a walk reports, with its depth below the root, its
// kind (the selector's value for its symbol, 0 in an all-nodes walk) and,
// when the walk knows it, its parent (a node with a NULL id otherwise: the
// walk's root, or any node of a ranged walk).
typedef struct {
  TSNode node;
  TSNode parent;
  uint32_t kind;
  uint32_t depth;
} tl_hit;

#endif
