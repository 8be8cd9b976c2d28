package detectors

import (
	"context"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// cryptoTopBindersReference is the cursor walk cryptoTopBinders runs in C:
// the test holds the C walk to it.
func cryptoTopBindersReference(u *Unit, root *sitter.Node, maxVisit int) []*sitter.Node {
	return cryptoBindersReference(u, root, maxVisit, true)
}

// cryptoBindersReference is the cursor walk of cryptoLastBinding: with
// prune, functions (other than root) and decorators are not entered.
func cryptoBindersReference(u *Unit, root *sitter.Node, maxVisit int, prune bool) []*sitter.Node {
	var out []*sitter.Node
	visited := 0
	kinds := cryptoFuncKinds[u.Lang.Family()]
	cur := sitter.NewTreeCursor(root)
	defer cur.Close()
	for {
		n := cur.CurrentNode()
		visited++
		descend := visited < maxVisit
		typ := n.Type()
		if prune && ((kinds[typ] && !sameNode(n, root)) || typ == "decorator") {
			descend = false
		}
		if cryptoBinderKinds[typ] {
			out = append(out, n)
		}
		if descend && cur.GoToFirstChild() {
			continue
		}
		for !cur.GoToNextSibling() {
			if !cur.GoToParent() {
				return out
			}
			if sameNode(cur.CurrentNode(), root) {
				return out
			}
		}
	}
}

// TestCryptoTopBindersMatchesReference compares the C walk with the
// cursor walk on every fixture and generated file, whole and with a small
// visit bound, and on $TRUSTLINT_GATE_CORPUS when set.
func TestCryptoTopBindersMatchesReference(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	files := corpusFiles(t, true, 500)
	nodes := 0
	for _, f := range files {
		tree, err := pool.Parse(context.Background(), f.lang, nil, f.src)
		if err != nil {
			t.Fatal(err)
		}
		u := &Unit{Path: f.path, Lang: f.lang, Src: f.src, Tree: tree}
		root := tree.RootNode()
		for _, bound := range []int{cryptoMaxBindingNodes, 50} {
			want := cryptoTopBindersReference(u, root, bound)
			got := grammars.Collect(root, cryptoTopFlags[f.lang](), bound)
			if len(got) != len(want) {
				t.Errorf("%s (bound %d): %d binders, the cursor walk finds %d", f.path, bound, len(got), len(want))
				continue
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%s (bound %d): binder %d is %s at %d, the cursor walk's %s at %d", f.path, bound, i, got[i].Type(), got[i].StartByte(), want[i].Type(), want[i].StartByte())
					break
				}
			}
			nodes += len(got)
		}
		tree.Close()
	}
	t.Logf("%d files, %d binders compared", len(files), nodes)
	if nodes < 100 {
		t.Fatalf("only %d binders compared", nodes)
	}
}

// TestCryptoScopeBindersMatchesReference holds cryptoScopeBinders (the C
// walk of a function's bindings) to the cursor walk on every function of
// every fixture and generated file, whole and with a small visit bound,
// and of $TRUSTLINT_GATE_CORPUS when set.
func TestCryptoScopeBindersMatchesReference(t *testing.T) {
	scopes, binders := 0, 0
	eachCorpusUnit(t, 200, func(u *Unit) {
		kinds := cryptoFuncKinds[u.Lang.Family()]
		_ = walk(u.Tree.RootNode(), func(fn *sitter.Node) error {
			if !kinds[fn.Type()] {
				return nil
			}
			scopes++
			want := cryptoBindersReference(u, fn, cryptoMaxBindingNodes, false)
			got := cryptoScopeBinders(u, fn)
			if len(got) != len(want) {
				t.Errorf("%s: function at %d: %d binders, the cursor walk finds %d", u.Path, fn.StartByte(), len(got), len(want))
				return nil
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%s: function at %d: binder %d differs", u.Path, fn.StartByte(), i)
					return nil
				}
			}
			if small := grammars.Collect(fn, cryptoScopeFlags[u.Lang](), 20); len(small) != len(cryptoBindersReference(u, fn, 20, false)) {
				t.Errorf("%s: function at %d: with a bound of 20 nodes the walks differ", u.Path, fn.StartByte())
			}
			binders += len(got)
			return nil
		})
	})
	t.Logf("%d functions, %d binders compared", scopes, binders)
	if binders < 100 {
		t.Fatalf("only %d binders compared", binders)
	}
}
