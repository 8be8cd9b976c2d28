#include "walk.h"

void tl_walk_init(tl_walk *w, TSNode root, uint32_t start, uint32_t end) {
  w->cursor = ts_tree_cursor_new(root);
  w->depth = 0;
  w->done = 0;
  w->entered = 0;
  w->start = start;
  w->end = end;
}

void tl_walk_free(tl_walk *w) { ts_tree_cursor_delete(&w->cursor); }

// tl_walk_next goes on with the walk in document order (pre-order, the
// cursor's own stack instead of recursion) until it has reported cap nodes
// or looked at budget nodes, and returns how many it reported. A node is
// reported when all is set, or when it is named and kinds[its symbol] is
// not 0 (with no parent: see hit.h). The walk looks only at the nodes
// overlapping [start, end) (a whole tree is fastwalk.c's): it enters a node's children at the first one ending at or after start
// (ts_tree_cursor_goto_first_child_for_byte: the children before it, and
// their subtrees, are skipped by their spans), does not descend into a
// node outside the range, and leaves a list of siblings at the first one
// starting at or after end.
uint32_t tl_walk_next(tl_walk *w, const uint16_t *kinds, uint32_t nkinds, uint32_t all,
                      tl_hit *out, uint32_t cap, uint32_t budget) {
  uint32_t n = 0;
  if (w->done) return 0;
  for (;;) {
    if (!w->entered) {
      w->entered = 1;
      TSNode node = ts_tree_cursor_current_node(&w->cursor);
      uint32_t s = ts_node_start_byte(node);
      bool after = s >= w->end;
      bool in = !after && ts_node_end_byte(node) > w->start;
      if (in) {
        uint32_t kind = 0;
        if (all) {
          out[n++] = (tl_hit){.node = node, .kind = 0, .depth = w->depth};
        } else {
          TSSymbol sym = ts_node_symbol(node);
          if (sym < nkinds && (kind = kinds[sym]) != 0 && ts_node_is_named(node)) {
            out[n++] = (tl_hit){.node = node, .kind = kind, .depth = w->depth};
          }
        }
        bool down = ts_tree_cursor_goto_first_child_for_byte(&w->cursor, w->start) >= 0;
        if (down) {
          w->depth++;
          w->entered = 0;
          if (n == cap || --budget == 0) return n;
          continue;
        }
      } else if (after) {
        // This node and its later siblings lie after the range.
        if (w->depth == 0 || !ts_tree_cursor_goto_parent(&w->cursor)) {
          w->done = 1;
          return n;
        }
        w->depth--;
      }
    }
    while (!ts_tree_cursor_goto_next_sibling(&w->cursor)) {
      if (w->depth == 0 || !ts_tree_cursor_goto_parent(&w->cursor)) {
        w->done = 1;
        return n;
      }
      w->depth--;
    }
    w->entered = 0;
    if (n == cap || --budget == 0) return n;
  }
}

// tl_deeper_than reports whether the tree under root has more than limit
// levels. It descends only into nodes whose byte span could hold the
// remaining levels (a level takes at least a byte of source, so a node of
// b bytes at depth d holds at most d + b levels).
bool tl_deeper_than(TSNode root, uint32_t limit) {
  TSTreeCursor c = ts_tree_cursor_new(root);
  uint64_t depth = 0;
  bool deep = false;
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&c);
    uint64_t span = ts_node_end_byte(n) - ts_node_start_byte(n);
    if (depth + span > limit && ts_tree_cursor_goto_first_child(&c)) {
      if (++depth > limit) {
        deep = true;
        break;
      }
      continue;
    }
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(&c)) break;
      if (depth == 0 || !ts_tree_cursor_goto_parent(&c)) goto out;
      depth--;
    }
  }
out:
  ts_tree_cursor_delete(&c);
  return deep;
}
