// A walk of a syntax tree in document order that reads tree-sitter's
// subtrees directly (tsinternal/, the runtime's own headers) instead of
// moving a TSTreeCursor. It visits the same nodes as the cursor, in the
// same order, at the same depths, and builds the same TSNode values for
// them (ts_node_new with the same subtree pointer, position and alias),
// so go-tree-sitter's node cache maps them to the same Go objects. The
// cursor re-derives its place among a node's siblings at every step (a
// child iterator rebuilt from the stack entry, the alias sequence looked
// up again); here each level's iteration state stays in a frame. On the
// bench tree this halves the time of a whole-tree walk.

#include <stdlib.h>

#include "api.h"
#include "language.h"
#include "subtree.h"
#include "tree.h"

#include "hit.h"
#include "fastwalk.h"

// PREFETCH_AHEAD is how many siblings ahead the walk asks for a subtree's
// data.
#define PREFETCH_AHEAD 2

// frame is one level of the walk: the children of a subtree being
// iterated, visible or not (a hidden subtree's children belong to the
// nearest visible ancestor, at its depth).
typedef struct {
  TSNode parent; // the nearest visible node at or above the subtree
  const Subtree *children;
  const TSSymbol *aliases; // the parent's alias sequence, or NULL
  Length pos;              // position of children[index], after its padding
  uint32_t count, index;
  uint32_t structural; // index among the non-extra children, for aliases
  uint32_t depth;      // depth below the walk's root of visible children
} frame;

struct tl_fast {
  tl_hit hits[TL_FAST_BATCH]; // what tl_fast_next reports, read by Go
  const TSTree *tree;
  const TSLanguage *lang;
  TSNode root;
  uint32_t started, done;
  frame *stack;
  uint32_t size, cap;
};

tl_fast *tl_fast_new(TSNode root) {
  tl_fast *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  w->root = root;
  w->tree = root.tree;
  w->lang = root.tree ? root.tree->language : NULL;
  w->done = root.id == NULL;
  return w;
}

tl_hit *tl_fast_hits(tl_fast *w) { return w->hits; }

void tl_fast_free(tl_fast *w) {
  if (!w) return;
  free(w->stack);
  free(w);
}

// push adds the frame iterating the children of parent, which starts at
// pos and is, or lies under, the visible node above. It returns false
// when memory runs out.
static bool push(tl_fast *w, Subtree parent, TSNode above, Length pos, uint32_t depth) {
  if (w->size == w->cap) {
    uint32_t cap = w->cap ? 2 * w->cap : 64;
    frame *stack = realloc(w->stack, cap * sizeof *stack);
    if (!stack) return false;
    w->stack = stack;
    w->cap = cap;
  }
  w->stack[w->size++] = (frame){
      .parent = above,
      .children = ts_subtree_children(parent),
      .aliases = ts_language_alias_sequence(w->lang, parent.ptr->production_id),
      .pos = pos,
      .count = parent.ptr->child_count,
      .depth = depth,
  };
  return true;
}

// wanted returns the value kinds holds for a node of the given symbol
// (alias applied, not yet public) when the node is named, else 0.
static inline uint32_t wanted(const TSLanguage *lang, Subtree s, TSSymbol alias, const uint16_t *kinds,
                              uint32_t nkinds) {
  TSSymbol sym = ts_language_public_symbol(lang, alias ? alias : ts_subtree_symbol(s));
  if (sym >= nkinds || kinds[sym] == 0) return 0;
  bool named = alias ? ts_language_symbol_metadata(lang, alias).named : ts_subtree_named(s);
  return named ? kinds[sym] : 0;
}

// tl_fast_next goes on with the walk until it has reported TL_FAST_BATCH
// nodes (into w->hits) or looked at budget nodes, and returns how many it
// reported, plus 1 << 16 once the walk is over, 2 << 16 when it ended early
// because memory ran out. A node is reported when all is set,
// or when it is named and kinds[its public symbol] is not 0.
uint32_t tl_fast_next(tl_fast *w, const uint16_t *kinds, uint32_t nkinds, uint32_t all, uint32_t budget) {
  if (!w) return 2 << 16;
  if (w->done) return w->done << 16;
  uint32_t n = 0;
  const uint32_t cap = TL_FAST_BATCH;
  tl_hit *out = w->hits;
  if (!w->started) {
    w->started = 1;
    const Subtree *s = (const Subtree *)w->root.id;
    TSSymbol alias = (TSSymbol)w->root.context[3];
    uint32_t kind = all ? 0 : wanted(w->lang, *s, alias, kinds, nkinds);
    if (all || kind) out[n++] = (tl_hit){.node = w->root, .kind = kind, .depth = 0};
    Length pos = {w->root.context[0], {w->root.context[1], w->root.context[2]}};
    if (ts_subtree_child_count(*s) > 0 && !push(w, *s, w->root, pos, 1)) {
      w->done = 2;
      return n | w->done << 16;
    }
  }
  while (w->size > 0) {
    if (n == cap || budget-- == 0) return n;
    frame *f = &w->stack[w->size - 1];
    if (f->index == f->count) {
      w->size--;
      continue;
    }
    const Subtree *child = &f->children[f->index];
    // The walk waits on memory: each subtree's data is a cache miss.
    // Fetch a later sibling's ahead of time.
    if (f->index + PREFETCH_AHEAD < f->count) {
      Subtree ahead = f->children[f->index + PREFETCH_AHEAD];
      if (!ahead.data.is_inline) __builtin_prefetch(ahead.ptr);
    }
    Length pos = f->pos;
    bool visible = ts_subtree_visible(*child);
    TSSymbol alias = 0;
    if (!ts_subtree_extra(*child)) {
      if (f->aliases && f->aliases[f->structural]) {
        alias = f->aliases[f->structural];
        visible = true;
      }
      f->structural++;
    }
    uint32_t depth = f->depth;
    f->index++;
    f->pos = length_add(pos, ts_subtree_size(*child));
    if (f->index < f->count) f->pos = length_add(f->pos, ts_subtree_padding(f->children[f->index]));
    bool down;
    TSNode above = f->parent;
    if (visible) {
      TSNode node = ts_node_new(w->tree, child, pos, alias);
      uint32_t kind = all ? 0 : wanted(w->lang, *child, alias, kinds, nkinds);
      if (all || kind) {
        // A zero-width node's parent is left out: ts_node_parent, which
        // finds parents by byte offsets, may answer a neighbour for it,
        // and callers must get the same answer either way.
        out[n] = (tl_hit){.node = node, .kind = kind, .depth = depth};
        if (ts_subtree_size(*child).bytes > 0) out[n].parent = above;
        n++;
      }
      down = ts_subtree_child_count(*child) > 0;
      above = node;
      depth++;
    } else {
      down = ts_subtree_visible_child_count(*child) > 0;
    }
    if (down) {
      const Subtree *kids = ts_subtree_children(*child);
      uint32_t nk = child->ptr->child_count;
      for (uint32_t k = 0; k < nk && k < PREFETCH_AHEAD; k++) {
        if (!kids[k].data.is_inline) __builtin_prefetch(kids[k].ptr);
      }
    }
    if (down && !push(w, *child, above, pos, depth)) {
      w->done = 2;
      return n | w->done << 16;
    }
  }
  w->done = 1;
  return n | w->done << 16;
}
