// Declarations for node.go: the tree-sitter calls of the node accessors.
#ifndef TRUSTLINT_NODE_H
#define TRUSTLINT_NODE_H

#include "walk.h"

// The accessors take a TSNode as scalars: a struct argument holding
// pointers makes cgo check each of them on every call (cgocheck), which
// costs more than the call. The pointers are C memory of the tree.
static inline TSNode tl_node(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uintptr_t id,
                             uintptr_t tree) {
  TSNode n = {{c0, c1, c2, c3}, (const void *)id, (const TSTree *)tree};
  return n;
}

static inline const char *tl_type(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uintptr_t id,
                                  uintptr_t tree) {
  return ts_node_type(tl_node(c0, c1, c2, c3, id, tree));
}

static inline uint32_t tl_end(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uintptr_t id,
                              uintptr_t tree) {
  return ts_node_end_byte(tl_node(c0, c1, c2, c3, id, tree));
}

// tl_field returns n's child in field id (a null node if none).
static inline TSNode tl_field(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uintptr_t id,
                              uintptr_t tree, TSFieldId field) {
  return ts_node_child_by_field_id(tl_node(c0, c1, c2, c3, id, tree), field);
}

static inline TSNode tl_nth_child(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uintptr_t id,
                              uintptr_t tree, uint32_t i) {
  return ts_node_child(tl_node(c0, c1, c2, c3, id, tree), i);
}

static inline TSNode tl_named_child(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3,
                                    uintptr_t id, uintptr_t tree, uint32_t i) {
  return ts_node_named_child(tl_node(c0, c1, c2, c3, id, tree), i);
}

static inline uint32_t tl_child_count(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3,
                                      uintptr_t id, uintptr_t tree) {
  return ts_node_child_count(tl_node(c0, c1, c2, c3, id, tree));
}

static inline uint32_t tl_named_child_count(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3,
                                            uintptr_t id, uintptr_t tree) {
  return ts_node_named_child_count(tl_node(c0, c1, c2, c3, id, tree));
}

static inline bool tl_is_named(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uintptr_t id,
                               uintptr_t tree) {
  return ts_node_is_named(tl_node(c0, c1, c2, c3, id, tree));
}

static inline TSNode tl_parent(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uintptr_t id,
                               uintptr_t tree) {
  return ts_node_parent(tl_node(c0, c1, c2, c3, id, tree));
}
#endif
