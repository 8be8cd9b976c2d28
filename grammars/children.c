#include "children.h"

// tl_named_children writes the named children of parent to out, at most
// cap of them, in order, and returns how many it wrote.
uint32_t tl_named_children(TSNode parent, tl_child *out, uint32_t cap) {
  uint32_t n = 0;
  TSTreeCursor c = ts_tree_cursor_new(parent);
  if (ts_tree_cursor_goto_first_child(&c)) {
    do {
      TSNode node = ts_tree_cursor_current_node(&c);
      if (!ts_node_is_named(node)) continue;
      if (n == cap) break;
      out[n].node = node;
      out[n].type = ts_node_type(node);
      out[n].start = ts_node_start_byte(node);
      out[n].end = ts_node_end_byte(node);
      n++;
    } while (ts_tree_cursor_goto_next_sibling(&c));
  }
  ts_tree_cursor_delete(&c);
  return n;
}
