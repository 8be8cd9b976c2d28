package detectors

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// kindQuery is one compiled tree-sitter query per grammar that captures
// every node of the types some detector inspects, so finding them runs in C
// over the tree instead of a Go walk with several cgo calls per node (the
// approach Bearer takes: one combined query per language). A compiled query
// is immutable and safe to share; each Analyze runs it with its own cursor.
type kindQuery struct {
	query   *sitter.Query
	kinds   []string        // capture index → node type
	kindSet map[string]bool // the node types captured
}

// kindQueries compiles each grammar's query on first use, once.
var kindQueries = func() map[grammars.Lang]func() (*kindQuery, error) {
	m := make(map[grammars.Lang]func() (*kindQuery, error))
	for _, l := range grammars.All() {
		m[l] = sync.OnceValues(func() (*kindQuery, error) { return compileKindQuery(l, allCheckerKinds(l)) })
	}
	return m
}()

// queryFor returns the compiled kind query of a grammar.
func queryFor(l grammars.Lang) (*kindQuery, error) {
	get, ok := kindQueries[l]
	if !ok {
		return nil, fmt.Errorf("detectors: no query for language %q", l)
	}
	return get()
}

// allCheckerKinds lists the node types any checker of l's family inspects.
func allCheckerKinds(l grammars.Lang) []string {
	var kinds []string
	for _, c := range checkers() {
		kinds = append(kinds, c.kinds[l.Family()]...)
	}
	return kinds
}

// maxQueryVariants bounds the cache of queries for a subset of the node
// types (the rules whose trigger words a file holds decide the subset); a
// subset beyond it runs the full query, which captures more nodes than
// needed but the same ones for the rules that run.
const maxQueryVariants = 256

// queryVariants caches the compiled query of each (grammar, node type
// subset) pair asked for. Compiled queries are immutable and shared.
type queryVariants struct {
	mu sync.Mutex
	m  map[string]*kindQuery
}

// variants is the package's cache of query variants; only compiled,
// immutable queries are stored in it.
var variants = &queryVariants{m: make(map[string]*kindQuery)}

// queryForKinds returns a query capturing exactly the given node types
// (sorted, without duplicates) of grammar l, compiled on first use; the
// full query when kinds is every type the checkers inspect, or when the
// cache is full.
func queryForKinds(l grammars.Lang, kinds []string) (*kindQuery, error) {
	full, err := queryFor(l)
	if err != nil {
		return nil, err
	}
	key := string(l) + "\x00" + strings.Join(kinds, ",")
	variants.mu.Lock()
	defer variants.mu.Unlock()
	if kq, ok := variants.m[key]; ok {
		return kq, nil
	}
	if len(variants.m) >= maxQueryVariants {
		return full, nil
	}
	kq, err := compileKindQuery(l, kinds)
	if err != nil {
		return nil, err
	}
	if len(kq.kinds) == len(full.kinds) {
		if kq.query != nil {
			kq.query.Close()
		}
		kq = full
	}
	variants.m[key] = kq
	return kq, nil
}

// compileKindQuery builds the query capturing every node type of kinds
// that l's grammar has as a named node.
func compileKindQuery(l grammars.Lang, wanted []string) (*kindQuery, error) {
	lang := l.Sitter()
	named := make(map[string]bool)
	for i := uint32(0); i < lang.SymbolCount(); i++ {
		sym := sitter.Symbol(i)
		if lang.SymbolType(sym) == sitter.SymbolTypeRegular {
			named[lang.SymbolName(sym)] = true
		}
	}
	set := make(map[string]bool)
	for _, k := range wanted {
		if named[k] {
			set[k] = true
		}
	}
	kinds := make([]string, 0, len(set))
	for k := range set {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	if len(kinds) == 0 {
		return &kindQuery{kindSet: set}, nil
	}
	var b strings.Builder
	for i, k := range kinds {
		fmt.Fprintf(&b, "(%s) @k%d\n", k, i)
	}
	q, err := sitter.NewQuery([]byte(b.String()), lang)
	if err != nil {
		return nil, fmt.Errorf("detectors: compiling the %s kind query: %w", l, err)
	}
	// Capture indexes follow the order captures first appear in the query.
	byIndex := make([]string, len(kinds))
	for i := range kinds {
		name := q.CaptureNameForId(uint32(i))
		var idx int
		if _, err := fmt.Sscanf(name, "k%d", &idx); err != nil || idx >= len(kinds) {
			q.Close()
			return nil, fmt.Errorf("detectors: unexpected capture %q in the %s kind query", name, l)
		}
		byIndex[i] = kinds[idx]
	}
	return &kindQuery{query: q, kinds: byIndex, kindSet: set}, nil
}

// eachKindNode calls visit for every node the kind query captures, in
// document order; with a region, only for the nodes overlapping it
// (including the nodes that contain it).
func eachKindNode(ctx interface{ Err() error }, kq *kindQuery, root *sitter.Node, region *Region, visit func(kind string, n *sitter.Node)) error {
	if len(kq.kinds) == 0 {
		return nil
	}
	if root.EndByte() > shallowBytes && !region.shallow() && deeperThan(root, maxQueryDepth) {
		return eachKindNodeWalk(ctx, kq, root, region, visit)
	}
	qc := sitter.NewQueryCursor()
	defer qc.Close()
	if region != nil {
		src := region.src
		qc.SetPointRange(grammars.PointAt(src, region.Start), grammars.PointAt(src, region.End))
	}
	qc.Exec(kq.query, root)
	count := 0
	for {
		m, ok := qc.NextMatch()
		if !ok {
			return nil
		}
		count++
		if count%128 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		for _, c := range m.Captures {
			if int(c.Index) < len(kq.kinds) && (region == nil || region.overlaps(c.Node)) {
				visit(kq.kinds[c.Index], c.Node)
			}
		}
	}
}

// tree-sitter's query cursor keeps the depth where a match starts in 16
// bits: on a tree deeper than 65,535 levels (100,000 nested `a + a + ...`
// terms, say) NextMatch loops in C and never returns. Such trees are
// walked in Go instead. A level of nesting takes at least a byte of source
// (`!!!!x`, `((((x`), rarely less than four; the chains of single-child
// nodes that span the same bytes are a few levels deep at most and the
// 5,535 levels between maxQueryDepth and the cursor's limit absorb them.
// So a node spanning b bytes at depth d has no descendant deeper than
// d + b, and sources up to maxQueryDepth bytes are queried without
// measuring their depth.
const (
	maxQueryDepth = 60_000
	shallowBytes  = maxQueryDepth
)

// deeperThan reports whether the tree under root may have more than limit
// levels. It moves a cursor, descending only into nodes whose byte span
// could hold the remaining levels (a node of b bytes at depth d holds at
// most d + b levels), so on ordinary code it visits a handful of nodes.
func deeperThan(root *sitter.Node, limit int) bool {
	cur := sitter.NewTreeCursor(root)
	defer cur.Close()
	depth := 0
	for {
		n := cur.CurrentNode()
		if depth+int(n.EndByte()-n.StartByte()) > limit && cur.GoToFirstChild() {
			depth++
			if depth > limit {
				return true
			}
			continue
		}
		for !cur.GoToNextSibling() {
			if !cur.GoToParent() {
				return false
			}
			depth--
		}
	}
}

// eachKindNodeWalk is eachKindNode over an iterative Go walk, for trees too
// deep for the query cursor.
func eachKindNodeWalk(ctx interface{ Err() error }, kq *kindQuery, root *sitter.Node, region *Region, visit func(kind string, n *sitter.Node)) error {
	wanted := make(map[string]bool, len(kq.kinds))
	for _, k := range kq.kinds {
		wanted[k] = true
	}
	count := 0
	return walk(root, func(n *sitter.Node) error {
		count++
		if count%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if !n.IsNamed() || (region != nil && !region.overlaps(n)) {
			return nil
		}
		if kind := n.Type(); wanted[kind] {
			visit(kind, n)
		}
		return nil
	})
}
