// Declarations for fastwalk.c: a walk of a whole syntax tree that reads
// tree-sitter's subtrees directly. TSNode and tl_hit must be declared
// before this header is included (walk.h or the internal api.h, then
// hit.h).
#ifndef TRUSTLINT_FASTWALK_H
#define TRUSTLINT_FASTWALK_H

#include <stdint.h>

// TL_FAST_BATCH is the most nodes one call reports.
#define TL_FAST_BATCH 256

typedef struct tl_fast tl_fast;

tl_fast *tl_fast_new(TSNode root);
uint32_t tl_fast_next(tl_fast *w, const uint16_t *kinds, uint32_t nkinds, uint32_t all, uint32_t budget);
tl_hit *tl_fast_hits(tl_fast *w);
void tl_fast_free(tl_fast *w);

#endif
