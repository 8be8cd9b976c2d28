// Declarations for walk.c: the parts of tree-sitter's API (api.h of the
// go-tree-sitter version in go.mod) the walk uses. The library's C sources
// are compiled into the go-tree-sitter package of the same binary; only
// their prototypes and the two structs passed by value are repeated here.
// walk_test.go pins the struct layouts against the library's.
#ifndef TRUSTLINT_WALK_H
#define TRUSTLINT_WALK_H

#include <stdbool.h>
#include <stdint.h>

typedef uint16_t TSSymbol;
typedef struct TSTree TSTree;
typedef struct TSLanguage TSLanguage;

typedef struct TSNode {
  uint32_t context[4];
  const void *id;
  const TSTree *tree;
} TSNode;

typedef struct TSTreeCursor {
  const void *tree;
  const void *id;
  uint32_t context[3];
} TSTreeCursor;

TSTreeCursor ts_tree_cursor_new(TSNode node);
void ts_tree_cursor_delete(TSTreeCursor *self);
bool ts_tree_cursor_goto_first_child(TSTreeCursor *self);
bool ts_tree_cursor_goto_next_sibling(TSTreeCursor *self);
bool ts_tree_cursor_goto_parent(TSTreeCursor *self);
int64_t ts_tree_cursor_goto_first_child_for_byte(TSTreeCursor *self, uint32_t goal_byte);
TSNode ts_tree_cursor_current_node(const TSTreeCursor *self);
TSSymbol ts_node_symbol(TSNode self);
bool ts_node_is_named(TSNode self);
uint32_t ts_node_start_byte(TSNode self);
uint32_t ts_node_end_byte(TSNode self);
uint32_t ts_language_symbol_count(const TSLanguage *self);
TSSymbol ts_language_symbol_for_name(const TSLanguage *self, const char *string, uint32_t length, bool is_named);

// tl_walk is the state of one walk: a cursor and the position reached.
typedef struct {
  TSTreeCursor cursor;
  uint32_t depth;   // the cursor's depth below the walk's root
  uint32_t done;    // 1 once every node has been visited
  uint32_t entered; // 1 when the cursor's node has been visited
  uint32_t ranged;  // 1 when only nodes overlapping [start, end) count
  uint32_t start, end;
} tl_walk;

#include "hit.h"

void tl_walk_init(tl_walk *w, TSNode root, uint32_t ranged, uint32_t start, uint32_t end);
uint32_t tl_walk_next(tl_walk *w, const uint16_t *kinds, uint32_t nkinds, uint32_t all,
                      tl_hit *out, uint32_t cap, uint32_t budget);
void tl_walk_free(tl_walk *w);
bool tl_deeper_than(TSNode root, uint32_t limit);

#endif
