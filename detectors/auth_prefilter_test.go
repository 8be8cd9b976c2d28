package detectors

import (
	"context"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// TestAuthPrefiltersAgreeWithReads holds the source-byte checks of
// auth_prefilter.go to the tree reads they stand in for, on every
// comparison and call of the fixtures (and of $TRUSTLINT_GATE_CORPUS when
// set): mayBeEquality may only refuse a node readComparisonNode refuses,
// and a name calleeToken knows must be the Method readCallNode reads.
func TestAuthPrefiltersAgreeWithReads(t *testing.T) {
	var comparisons, refused, calls, known int
	eachCorpusUnit(t, 300, func(u *Unit) {
		_ = walk(u.Tree.RootNode(), func(n *sitter.Node) error {
			switch grammars.Type(n) {
			case "binary_expression", "comparison_operator":
				comparisons++
				want, wantOK := readComparisonNode(u, n)
				got, ok := readComparison(u, n)
				if !mayBeEquality(u, n) {
					refused++
				}
				if ok != wantOK || ok && (got.Op != want.Op || got.Left != want.Left || got.Right != want.Right || got.Negated != want.Negated) {
					t.Errorf("%s:%d: readComparison = %v %q, the full read %v %q", u.Path, u.Line(int(grammars.Start(n)))+1, ok, got.Op, wantOK, want.Op)
				}
			case "call_expression", "call":
				calls++
				tok, isKnown := calleeToken(u, n)
				if !isKnown {
					return nil
				}
				known++
				if c, ok := readCallNode(u, n); ok && c.Method != tok {
					t.Errorf("%s:%d: calleeToken = %q, readCall's method %q", u.Path, u.Line(int(grammars.Start(n)))+1, tok, c.Method)
				}
			}
			return nil
		})
	})
	t.Logf("comparisons %d (%d refused from the source), calls %d (%d named from the source)", comparisons, refused, calls, known)
}

// TestCalleeTokenCases pins calleeToken on the layouts it must leave to
// readCall.
func TestCalleeTokenCases(t *testing.T) {
	cases := []struct {
		lang  grammars.Lang
		src   string
		tok   string
		known bool
	}{
		{grammars.JavaScript, "bcrypt.hash(pw, 10)", "hash", true},
		{grammars.JavaScript, "bcrypt.hash (pw, 10)", "hash", true},
		{grammars.JavaScript, "bcrypt.hash // c\n(pw, 10)", "", false},
		{grammars.JavaScript, "bcrypt.hash /* c */ (pw, 10)", "", false},
		{grammars.JavaScript, "bcrypt.hash\n(pw, 10)", "", false},
		{grammars.JavaScript, "this.#hash(pw)", "", false},
		{grammars.JavaScript, "jwt.sign?.(p, k)", "", false},
		{grammars.TypeScript, "jwt.sign<T>(p, k)", "", false},
		{grammars.JavaScript, "h\\u0061sh(pw)", "", false},
		{grammars.JavaScript, "héhash(pw)", "", false},
		{grammars.JavaScript, "f(a)(b)", "", false},
		{grammars.Go, "package p\nvar x = bcrypt.GenerateFromPassword(p, 10)", "GenerateFromPassword", true},
		{grammars.Python, "hashlib.md5(pw)", "md5", true},
	}
	var pool grammars.Pool
	defer pool.Close()
	for _, c := range cases {
		tree, err := pool.Parse(context.Background(), c.lang, nil, []byte(c.src))
		if err != nil {
			t.Fatal(err)
		}
		u := &Unit{Path: "x", Lang: c.lang, Src: []byte(c.src), Tree: tree}
		var first *sitter.Node
		_ = walk(tree.RootNode(), func(n *sitter.Node) error {
			if t := grammars.Type(n); first == nil && (t == "call_expression" || t == "call") {
				first = n
			}
			return nil
		})
		if first == nil {
			t.Fatalf("%q: no call", c.src)
		}
		// f(a)(b): the outer call comes first; its callee ends with ")".
		tok, known := calleeToken(u, first)
		if tok != c.tok || known != c.known {
			t.Errorf("calleeToken(%q) = %q, %v; want %q, %v", c.src, tok, known, c.tok, c.known)
		}
		tree.Close()
	}
}
