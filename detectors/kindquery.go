package detectors

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// kindQuery selects the nodes of the types some detectors inspect, per
// grammar: a table from tree-sitter symbol to node type that a walk in C
// (grammars.Walk) consults at every node, so finding them costs no cgo
// call per node of the tree, only one per batch of selected nodes. It
// selects exactly what a tree-sitter query `(kind) @k` per type would
// capture (the approach Bearer takes, which this replaced: the query
// cursor's matching machinery cost more than the walk, and stopped
// working below 65,535 levels). A kindQuery is immutable and shared.
type kindQuery struct {
	sel     *grammars.NodeSelector
	kinds   []string        // the selector's index → node type
	kindSet map[string]bool // the node types selected
}

// kindQueries builds each grammar's full kind query on first use, once.
var kindQueries = func() map[grammars.Lang]func() (*kindQuery, error) {
	m := make(map[grammars.Lang]func() (*kindQuery, error))
	for _, l := range grammars.All() {
		m[l] = sync.OnceValues(func() (*kindQuery, error) { return compileKindQuery(l, allCheckerKinds(l)) })
	}
	return m
}()

// queryFor returns the kind query of a grammar for every type the
// checkers inspect.
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

// maxQueryVariants bounds the cache of kind queries for a subset of the
// node types (the rules whose trigger words a file holds decide the
// subset); a subset beyond it runs the full query, which selects more
// nodes than needed but the same ones for the rules that run.
const maxQueryVariants = 256

// queryVariants caches the kind query of each (grammar, node type subset)
// pair asked for. Kind queries are immutable and shared.
type queryVariants struct {
	mu sync.Mutex
	m  map[string]*kindQuery
}

// variants is the package's cache of query variants; only immutable kind
// queries are stored in it.
var variants = &queryVariants{m: make(map[string]*kindQuery)}

// queryForKinds returns a kind query selecting exactly the given node
// types (sorted, without duplicates) of grammar l, built on first use; the
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
		kq = full
	}
	variants.m[key] = kq
	return kq, nil
}

// compileKindQuery builds the kind query selecting every node type of
// kinds that l's grammar has as a named node.
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
	sel, err := grammars.NewNodeSelector(lang, kinds)
	if err != nil {
		return nil, fmt.Errorf("detectors: building the %s kind query: %w", l, err)
	}
	return &kindQuery{sel: sel, kinds: sel.Kinds(), kindSet: set}, nil
}

// eachKindNode calls visit for every node the kind query selects, in
// document order (a node before the nodes inside it), with its type as an
// index into kq.kinds and its parent where the walk knows it (a
// whole-tree walk; the zero NodeRef in a region). With a region, only the
// nodes overlapping it are visited (a region is never empty: see
// ChangedRegion), without descending into the others. The walk runs in C
// at any depth; ctx is checked between batches of nodes.
func eachKindNode(ctx interface{ Err() error }, kq *kindQuery, root *sitter.Node, region *Region, visit func(kind int, n *sitter.Node, parent grammars.NodeRef)) error {
	if kq.sel == nil {
		return nil
	}
	var span *grammars.Span
	if region != nil {
		span = &grammars.Span{Start: uint32(max(region.Start, 0)), End: uint32(max(region.End, 0))}
	}
	return grammars.WalkParents(ctx, root, kq.sel, span, func(n *sitter.Node, parent grammars.NodeRef, kind, _ int) {
		visit(kind, n, parent)
	})
}
