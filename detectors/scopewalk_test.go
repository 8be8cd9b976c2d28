package detectors

import (
	"context"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// scopeWalkReference is the cursor walk scopeWalk runs in C: every node
// of scope, nested functions not entered, ending after maxNodes nodes.
func scopeWalkReference(u *Unit, scope *sitter.Node, maxNodes int, visit func(n *sitter.Node)) {
	kinds := functionKinds[u.Lang.Family()]
	count := 0
	cur := sitter.NewTreeCursor(scope)
	defer cur.Close()
	for {
		n := cur.CurrentNode()
		count++
		if count > maxNodes {
			return
		}
		visit(n)
		descend := !(kinds[n.Type()] && !sameNode(n, scope))
		if descend && cur.GoToFirstChild() {
			continue
		}
		for !cur.GoToNextSibling() {
			if !cur.GoToParent() {
				return
			}
			if sameNode(cur.CurrentNode(), scope) {
				return
			}
		}
	}
}

// TestScopeWalkMatchesReference compares scopeWalk's C walk with the
// cursor walk for every caller's node types, on the root and on every
// function of the fixtures, the generated files and $TRUSTLINT_GATE_CORPUS
// when set, with the real node bound and a small one.
func TestScopeWalkMatchesReference(t *testing.T) {
	sets := map[*scopeTypes][]string{
		identifierTypes: {"identifier"},
		jsAssignTypes:   {"variable_declarator", "assignment_expression", "augmented_assignment_expression", "call_expression"},
		goAssignTypes:   {"short_var_declaration", "assignment_statement", "var_spec", "const_spec"},
		pyAssignTypes:   {"assignment", "augmented_assignment", "call"},
		callTypes:       {"call_expression"},
	}
	files := corpusFiles(t, true, 300)
	var pool grammars.Pool
	defer pool.Close()
	compared := 0
	for _, f := range files {
		tree, err := pool.Parse(context.Background(), f.lang, nil, f.src)
		if err != nil {
			t.Fatal(err)
		}
		u := &Unit{Path: f.path, Lang: f.lang, Src: f.src, Tree: tree}
		scopes := []*sitter.Node{tree.RootNode()}
		kinds := functionKinds[f.lang.Family()]
		scopeWalkReference(u, tree.RootNode(), 1<<30, func(n *sitter.Node) {
			if kinds[n.Type()] && len(scopes) < 20 {
				scopes = append(scopes, n)
			}
		})
		for _, scope := range scopes {
			for set, types := range sets {
				want := map[string]bool{}
				for _, ty := range types {
					want[ty] = true
				}
				for _, bound := range []int{maxScopeNodes, 40} {
					var ref []*sitter.Node
					scopeWalkReference(u, scope, bound, func(n *sitter.Node) {
						if want[n.Type()] {
							ref = append(ref, n)
						}
					})
					var got []*sitter.Node
					if bound == maxScopeNodes {
						scopeWalk(u, scope, set, func(n *sitter.Node) { got = append(got, n) })
					} else {
						got = grammars.CollectUntil(scope, set.flags[f.lang](), bound)
					}
					if len(got) != len(ref) {
						t.Errorf("%s: %v in a %s (bound %d): %d nodes, the cursor walk %d", f.path, types, scope.Type(), bound, len(got), len(ref))
						continue
					}
					for i := range got {
						if got[i] != ref[i] {
							t.Errorf("%s: %v: node %d differs", f.path, types, i)
							break
						}
					}
					compared += len(got)
				}
			}
		}
		tree.Close()
	}
	t.Logf("%d files, %d nodes compared", len(files), compared)
	if compared < 1000 {
		t.Fatalf("only %d nodes compared", compared)
	}
}
