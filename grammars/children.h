// Declarations for children.c; the tree-sitter types and prototypes come
// from walk.h.
#ifndef TRUSTLINT_CHILDREN_H
#define TRUSTLINT_CHILDREN_H

#include "walk.h"

// tl_child is one named child of a node: the node, its type name (static
// in the grammar) and its byte span.
typedef struct {
  TSNode node;
  const char *type;
  uint32_t start, end;
} tl_child;

uint32_t tl_named_children(TSNode parent, tl_child *out, uint32_t cap);

// Flags of a symbol for tl_collect.
enum { TL_COLLECT_REPORT = 1, TL_COLLECT_PRUNE = 2 };

uint32_t tl_collect(TSNode root, const uint8_t *flags, uint32_t nsyms, uint32_t max_visit,
                    uint32_t stop_after, TSNode **out);
#endif
