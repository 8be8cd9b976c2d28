package grammars

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// walkSources holds a little of everything per grammar: nesting, aliases
// (TypeScript's type identifiers, JS's shorthand properties), anonymous
// tokens, comments, a syntax error.
var walkSources = map[Lang]string{
	JavaScript: "import x from 'y';\nconst k = {a, b: [1, `t${c}`], 'd': f(g.h)};\n// c\nfunction f(a) { if (a) { return !a + 1; } }\nclass C { m() { this.x = /re/g; } }\nlet = ;\n",
	TypeScript: "type T = { a: string };\ninterface I extends J<K> { m(x: number): void }\nconst k: T = { a: 'x' } as T;\nexport default function f<U>(u: U): U { return u!; }\n",
	TSX:        "const e = <div className={c}>{x} text <b/></div>;\nfunction F(p: P) { return <>{p.children}</>; }\n",
	Go:         "package p\n\nimport \"fmt\"\n\ntype T struct{ A int `json:\"a\"` }\n\nfunc f(x ...int) (err error) {\n\tfor i := range x { fmt.Println(i, x[i:]) }\n\treturn nil\n}\n\nvar b = []byte(\"k\" + `raw`)\n",
	Python:     "import os\nfrom a import (b, c)\n\n@d\ndef f(x, *a, **k):\n    '''doc'''\n    return [y for y in x if y] or {1: f'{x!r}'}\n\nclass C(B):\n    z: int = 3\n",
}

func parseFor(t *testing.T, pool *Pool, l Lang, src string) *sitter.Tree {
	t.Helper()
	tree, err := pool.Parse(context.Background(), l, nil, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// TestNodeLayout pins what Walk assumes of go-tree-sitter's types (see
// walk.go): a failure here after an upgrade means the mirrors in walk.go
// and the headers in tsinternal/ must be brought in line with the library,
// not that the test should be relaxed.
func TestNodeLayout(t *testing.T) {
	node, mirror := reflect.TypeOf(sitter.Node{}), reflect.TypeOf(nodeLayout{})
	if node.Size() != mirror.Size() || node.NumField() != 2 {
		t.Fatalf("sitter.Node: %d bytes, %d fields; the mirror has %d bytes, 2 fields", node.Size(), node.NumField(), mirror.Size())
	}
	if f := node.Field(1); f.Name != "t" || f.Type != reflect.TypeOf((*sitter.Tree)(nil)) || f.Offset != mirror.Field(1).Offset {
		t.Fatalf("sitter.Node's second field is %s %v at %d; want t *sitter.Tree at %d", f.Name, f.Type, f.Offset, mirror.Field(1).Offset)
	}
	if f := node.Field(0); f.Name != "c" || f.Offset != 0 {
		t.Fatalf("sitter.Node's first field is %s at %d; want c at 0", f.Name, f.Offset)
	}
	sameLayout(t, "TSNode", node.Field(0).Type, mirror.Field(0).Type)
	lang := reflect.TypeOf(sitter.Language{})
	if lang.NumField() != 1 || lang.Field(0).Type.Kind() != reflect.UnsafePointer || lang.Size() != unsafe.Sizeof(languageLayout{}) {
		t.Fatalf("sitter.Language is %v; want struct{ ptr unsafe.Pointer }", lang)
	}
	// The cursor tsinternal/api.h declares, inside the walk's state, is the
	// library's.
	cursor := reflect.TypeOf(sitter.TreeCursor{})
	if cursor.NumField() < 1 || cursor.Field(0).Type.Kind() != reflect.Pointer {
		t.Fatalf("sitter.TreeCursor is %v; want a *TSTreeCursor first", cursor)
	}
	sameLayout(t, "TSTreeCursor", cursor.Field(0).Type.Elem(), reflect.TypeOf(walkState{}).Field(0).Type)
	var pool Pool
	defer pool.Close()
	tree := parseFor(t, &pool, JavaScript, walkSources[JavaScript])
	defer tree.Close()
	root := tree.RootNode()
	if got := cachedNode(tree, (*nodeLayout)(unsafe.Pointer(root)).c); got != root {
		t.Fatalf("cachedNode(root's TSNode) = %p, want the library's root %p", got, root)
	}
	if (*nodeLayout)(unsafe.Pointer(root)).t != tree {
		t.Fatal("a node's tree field is not its tree")
	}
}

// sameLayout compares two struct types field by field: names, offsets,
// sizes and kinds (the library's cgo types and walk.go's are distinct Go
// types of one C struct).
func sameLayout(t *testing.T, name string, a, b reflect.Type) {
	t.Helper()
	if a.Size() != b.Size() || a.Kind() != b.Kind() {
		t.Fatalf("%s: %v (%d bytes) vs %v (%d bytes)", name, a, a.Size(), b, b.Size())
	}
	switch a.Kind() {
	case reflect.Struct:
		if a.NumField() != b.NumField() {
			t.Fatalf("%s: %d fields vs %d", name, a.NumField(), b.NumField())
		}
		for i := 0; i < a.NumField(); i++ {
			fa, fb := a.Field(i), b.Field(i)
			if fa.Name != fb.Name || fa.Offset != fb.Offset {
				t.Fatalf("%s: field %d is %s at %d vs %s at %d", name, i, fa.Name, fa.Offset, fb.Name, fb.Offset)
			}
			sameLayout(t, name+"."+fa.Name, fa.Type, fb.Type)
		}
	case reflect.Array:
		if a.Len() != b.Len() {
			t.Fatalf("%s: [%d] vs [%d]", name, a.Len(), b.Len())
		}
		sameLayout(t, name+"[]", a.Elem(), b.Elem())
	}
}

// cursorWalk lists every node under root with its depth, by moving a
// go-tree-sitter cursor: the reference for Walk.
func cursorWalk(root *sitter.Node) (nodes []*sitter.Node, depths []int) {
	cur := sitter.NewTreeCursor(root)
	defer cur.Close()
	depth := 0
	for {
		nodes, depths = append(nodes, cur.CurrentNode()), append(depths, depth)
		if cur.GoToFirstChild() {
			depth++
			continue
		}
		for !cur.GoToNextSibling() {
			if depth == 0 || !cur.GoToParent() {
				return nodes, depths
			}
			depth--
		}
	}
}

// TestWalkMatchesCursor checks that a walk of every node reports the same
// objects (pointers: the library's cache) at the same depths, in the same
// order, as a cursor walk, from the root and from an inner node.
func TestWalkMatchesCursor(t *testing.T) {
	var pool Pool
	defer pool.Close()
	for l, src := range walkSources {
		tree := parseFor(t, &pool, l, src)
		roots := []*sitter.Node{tree.RootNode(), tree.RootNode().NamedChild(1)}
		for _, root := range roots {
			var got []*sitter.Node
			var gotDepths []int
			err := Walk(context.Background(), root, nil, nil, func(n *sitter.Node, kind, depth int) {
				got, gotDepths = append(got, n), append(gotDepths, depth)
			})
			if err != nil {
				t.Fatal(err)
			}
			want, wantDepths := cursorWalk(root)
			if !reflect.DeepEqual(gotDepths, wantDepths) || len(got) != len(want) {
				t.Fatalf("%s: walk of %d nodes, depths %v; cursor %d nodes, depths %v", l, len(got), gotDepths, len(want), wantDepths)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("%s: node %d is %p (%s %d-%d), cursor's %p (%s %d-%d)", l, i, got[i], got[i].Type(), got[i].StartByte(), got[i].EndByte(), want[i], want[i].Type(), want[i].StartByte(), want[i].EndByte())
				}
			}
		}
		tree.Close()
	}
}

// namedTypes lists the visible named node types of a grammar.
func namedTypes(lang *sitter.Language) []string {
	set := make(map[string]bool)
	for i := uint32(0); i < lang.SymbolCount(); i++ {
		if s := sitter.Symbol(i); lang.SymbolType(s) == sitter.SymbolTypeRegular {
			set[lang.SymbolName(s)] = true
		}
	}
	var kinds []string
	for k := range set {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return kinds
}

// queryCaptures runs the query `(kind) @k…` for each kind over root (with
// a point range for span) and lists the captured nodes and their kinds:
// the reference for a walk with a selector.
func queryCaptures(t *testing.T, lang *sitter.Language, kinds []string, root *sitter.Node, src []byte, span *Span) (nodes []*sitter.Node, got []string) {
	t.Helper()
	var b strings.Builder
	for _, k := range kinds {
		b.WriteString("(" + k + ") @" + k + "\n")
	}
	q, err := sitter.NewQuery([]byte(b.String()), lang)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	qc := sitter.NewQueryCursor()
	defer qc.Close()
	if span != nil {
		qc.SetPointRange(PointAt(src, int(span.Start)), PointAt(src, int(span.End)))
	}
	qc.Exec(q, root)
	for {
		m, ok := qc.NextMatch()
		if !ok {
			return nodes, got
		}
		for _, c := range m.Captures {
			nodes, got = append(nodes, c.Node), append(got, q.CaptureNameForId(c.Index))
		}
	}
}

// TestWalkSelectsLikeAQuery checks a walk with a selector against the
// query capturing the same node types: every named type of each grammar,
// then every other one, over the whole tree and over spans.
func TestWalkSelectsLikeAQuery(t *testing.T) {
	var pool Pool
	defer pool.Close()
	for l, src := range walkSources {
		lang := l.Sitter()
		tree := parseFor(t, &pool, l, src)
		all := namedTypes(lang)
		var odd []string
		for i := 1; i < len(all); i += 2 {
			odd = append(odd, all[i])
		}
		spans := []*Span{nil, {0, 1}, {5, 40}, {uint32(len(src) / 2), uint32(len(src)/2 + 1)}, {uint32(len(src) - 3), uint32(len(src))}}
		for at := 1; at < len(src); at += 5 {
			for _, width := range []int{1, 9, 40} {
				spans = append(spans, &Span{uint32(at), uint32(min(at+width, len(src)))})
			}
		}
		for _, kinds := range [][]string{all, odd} {
			sel, err := NewNodeSelector(lang, kinds)
			if err != nil {
				t.Fatal(err)
			}
			for _, span := range spans {
				var nodes []*sitter.Node
				var got []string
				err := Walk(context.Background(), tree.RootNode(), sel, span, func(n *sitter.Node, kind, depth int) {
					nodes, got = append(nodes, n), append(got, sel.Kinds()[kind])
				})
				if err != nil {
					t.Fatal(err)
				}
				wantNodes, want := queryCaptures(t, lang, kinds, tree.RootNode(), []byte(src), span)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s, %d types, span %v:\nwalk  %v\nquery %v", l, len(kinds), span, got, want)
				}
				for i := range nodes {
					if nodes[i] != wantNodes[i] {
						t.Fatalf("%s: capture %d (%s) is another object than the query's", l, i, got[i])
					}
				}
			}
		}
		tree.Close()
	}
}

// TestNodeSelectorRejects checks that unknown and anonymous node types are
// refused rather than silently never matched.
func TestNodeSelectorRejects(t *testing.T) {
	for _, k := range []string{"no_such_node", "(", "function"} {
		if _, err := NewNodeSelector(JavaScript.Sitter(), []string{k}); err == nil {
			t.Errorf("NewNodeSelector accepted %q", k)
		}
	}
}

// TestWalkDeep walks a nest far deeper than the call stack or the query
// cursor's 16-bit depth allow, and checks DeeperThan on it.
func TestWalkDeep(t *testing.T) {
	var pool Pool
	defer pool.Close()
	const levels = 100_000
	src := "x = " + strings.Repeat("(", levels) + "y" + strings.Repeat(")", levels) + ";\n"
	tree := parseFor(t, &pool, JavaScript, src)
	defer tree.Close()
	sel, err := NewNodeSelector(JavaScript.Sitter(), []string{"identifier"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	maxDepth := 0
	err = Walk(context.Background(), tree.RootNode(), sel, nil, func(n *sitter.Node, kind, depth int) {
		ids = append(ids, src[n.StartByte():n.EndByte()])
		maxDepth = max(maxDepth, depth)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ids, []string{"x", "y"}) || maxDepth <= levels {
		t.Fatalf("identifiers %v, deepest at %d; want x and y, deeper than %d", ids, maxDepth, levels)
	}
	if !DeeperThan(tree.RootNode(), levels) || DeeperThan(tree.RootNode(), 2*levels+10) {
		t.Fatalf("DeeperThan wrong around a %d-level nest", levels)
	}
}

// TestDeeperThanShallow checks DeeperThan on flat code and on a deep
// chain after a long flat part.
func TestDeeperThanShallow(t *testing.T) {
	var pool Pool
	defer pool.Close()
	for _, c := range []struct {
		src   string
		limit int
		want  bool
	}{
		{strings.Repeat("const a = f(1, 2, \"three\");\n", 2000), 2000, false},
		{strings.Repeat("g(1);\n", 3000) + "x = " + strings.Repeat("!", 3000) + "y;\n", 2000, true},
		{"x = " + strings.Repeat("!", 1500) + "y;\n", 2000, false},
		{"x = 1;\n", 3, false},
		{"x = 1;\n", 2, true},
	} {
		tree := parseFor(t, &pool, JavaScript, c.src)
		_, depths := cursorWalk(tree.RootNode())
		deepest := 0
		for _, d := range depths {
			deepest = max(deepest, d)
		}
		if got := DeeperThan(tree.RootNode(), c.limit); got != c.want || got != (deepest > c.limit) {
			t.Errorf("%.20q…: DeeperThan(%d) = %v, want %v (deepest node at %d)", c.src, c.limit, got, c.want, deepest)
		}
		tree.Close()
	}
}

// TestWalkCancelled checks that a cancelled context ends a walk with its
// error.
func TestWalkCancelled(t *testing.T) {
	var pool Pool
	defer pool.Close()
	tree := parseFor(t, &pool, JavaScript, strings.Repeat("f(a, b);\n", 10_000))
	defer tree.Close()
	ctx, cancel := context.WithCancel(context.Background())
	visited := 0
	err := Walk(ctx, tree.RootNode(), nil, nil, func(n *sitter.Node, kind, depth int) {
		visited++
		cancel()
	})
	if !errors.Is(err, context.Canceled) || visited > walkBatch {
		t.Fatalf("walk after cancel: %v, %d nodes visited", err, visited)
	}
}
