#include "children.h"

#include <stdlib.h>

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

// tl_collect walks the tree under root in document order and returns in
// *out, a buffer it allocates (NULL when none; the caller frees it), the
// nodes whose symbol has TL_COLLECT_REPORT in flags, and their count. It does not descend into a node other
// than root whose symbol has TL_COLLECT_PRUNE, nor into any node once
// max_visit nodes have been visited (their siblings are still visited).
// With stop_after above zero the walk ends once it has visited that many
// nodes.
uint32_t tl_collect(TSNode root, const uint8_t *flags, uint32_t nsyms, uint32_t max_visit,
                    uint32_t stop_after, TSNode **out) {
  uint32_t n = 0, cap = 0, visited = 0, depth = 0;
  *out = NULL;
  TSTreeCursor c = ts_tree_cursor_new(root);
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&c);
    visited++;
    if (stop_after > 0 && visited > stop_after) break;
    bool descend = visited < max_visit;
    TSSymbol sym = ts_node_symbol(node);
    uint8_t f = sym < nsyms ? flags[sym] : 0;
    if ((f & TL_COLLECT_PRUNE) && depth > 0) descend = false;
    if (f & TL_COLLECT_REPORT) {
      if (n == cap) {
        uint32_t grown = cap ? cap * 2 : 64;
        TSNode *more = realloc(*out, (size_t)grown * sizeof(TSNode));
        if (!more) break; // out of memory: what was found so far
        *out = more;
        cap = grown;
      }
      (*out)[n++] = node;
    }
    if (descend && ts_tree_cursor_goto_first_child(&c)) {
      depth++;
      continue;
    }
    while (!ts_tree_cursor_goto_next_sibling(&c)) {
      if (depth == 0 || !ts_tree_cursor_goto_parent(&c)) goto done;
      depth--;
      if (depth == 0) goto done;
    }
  }
done:
  ts_tree_cursor_delete(&c);
  return n;
}
