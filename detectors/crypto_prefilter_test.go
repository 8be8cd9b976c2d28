package detectors

import (
	"context"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// TestCryptoPrefiltersAgreeWithReads holds crypto_prefilter.go to the tree
// reads it stands in for, on every call of the fixtures (and of
// $TRUSTLINT_GATE_CORPUS when set): a callee the bytes know must have the
// Method and the dots readCryptoCallNode reads, and a call a rule's
// predicate refuses must be one the rule's full check reports nothing
// on.
func TestCryptoPrefiltersAgreeWithReads(t *testing.T) {
	rules := []struct {
		id     string
		check  func(*Pass, *sitter.Node)
		mayBe  func(*Unit, *sitter.Node) bool
		reject int
	}{
		{id: "TL301", check: checkWeakCipher, mayBe: func(u *Unit, n *sitter.Node) bool { return cryptoCallMayBe(u, n, weakCipherCallee) }},
		{id: "TL302", check: checkStaticIV, mayBe: func(u *Unit, n *sitter.Node) bool { return cryptoCallMayBe(u, n, staticIVCallee) }},
		{id: "TL303", check: checkHardcodedKey, mayBe: func(u *Unit, n *sitter.Node) bool { return cryptoCallMayBe(u, n, hardcodedKeyCallee) }},
		{id: "TL304", check: checkInsecureRandom, mayBe: insecureRandomMayBe},
		{id: "TL306", check: checkWeakHash, mayBe: func(u *Unit, n *sitter.Node) bool { return cryptoCallMayBe(u, n, weakHashCallee) }},
	}
	var calls, known int
	eachCorpusUnit(t, 300, func(u *Unit) {
		kinds := cryptoCallKinds[u.Lang.Family()]
		_ = walk(u.Tree.RootNode(), func(n *sitter.Node) error {
			typ := grammars.Type(n)
			isCall := false
			for _, k := range kinds {
				isCall = isCall || k == typ
			}
			if !isCall {
				return nil
			}
			calls++
			line := u.Line(int(grammars.Start(n))) + 1
			if cb := cryptoCallee(u, n); cb.Known {
				known++
				c, ok := readCryptoCallNode(u, n)
				if !ok || c.Method != cb.Method || strings.Count(c.Callee, ".") != cb.Dots {
					t.Errorf("%s:%d: the bytes say %q with %d dots, readCryptoCall %v %q", u.Path, line, cb.Method, cb.Dots, ok, c.Callee)
				}
			}
			for i := range rules {
				r := &rules[i]
				if r.mayBe(u, n) {
					continue
				}
				r.reject++
				rule, _ := Lookup(r.id)
				p := &Pass{Unit: u, Rule: rule}
				r.check(p, n)
				for _, fd := range p.findings {
					t.Errorf("%s:%d: %s refused from the bytes, but the full check reports %q", u.Path, line, r.id, fd.Message)
				}
			}
			return nil
		})
	})
	t.Logf("calls %d (%d named from the source)", calls, known)
	for _, r := range rules {
		t.Logf("%s refuses %d", r.id, r.reject)
	}
}

// TestCryptoCalleeCases pins cryptoCalleeRead on the layouts it reads and
// the ones it must leave to readCryptoCall.
func TestCryptoCalleeCases(t *testing.T) {
	cases := []struct {
		lang   grammars.Lang
		src    string
		method string
		dots   int
		known  bool
	}{
		{grammars.JavaScript, "crypto.createHash('md5')", "createHash", 1, true},
		{grammars.JavaScript, "crypto.createHash ('md5')", "createHash", 1, true},
		{grammars.JavaScript, "createHash('md5')", "createHash", 0, true},
		{grammars.JavaScript, "require('crypto').createHash('md5')", "createHash", 1, true},
		{grammars.JavaScript, "a?.b.createHash('md5')", "createHash", 2, true},
		{grammars.JavaScript, "new CryptoJS.MD5('x')", "MD5", 1, true},
		{grammars.JavaScript, "new MD5('x')", "MD5", 0, true},
		{grammars.JavaScript, "new MD5", "", 0, false},
		{grammars.JavaScript, "crypto.createHash // c\n('md5')", "", 0, false},
		{grammars.JavaScript, "crypto.createHash /* c */ ('md5')", "", 0, false},
		{grammars.JavaScript, "crypto.createHash\n('md5')", "", 0, false},
		{grammars.JavaScript, "crypto.\ncreateHash('md5')", "", 0, false},
		{grammars.JavaScript, "this.#hash(pw)", "", 0, false},
		{grammars.JavaScript, "crypto.createHash?.('md5')", "", 0, false},
		{grammars.TypeScript, "crypto.createHash<T>('md5')", "", 0, false},
		{grammars.JavaScript, "cr\\u0065ateHash('md5')", "", 0, false},
		{grammars.JavaScript, "écreateHash('md5')", "", 0, false},
		{grammars.JavaScript, "f(a)(b)", "", 0, false},
		{grammars.JavaScript, "crypto.createHash('md5'); let = ;", "", 0, false},
		{grammars.Go, "package p\nvar x = md5.Sum(b)", "Sum", 1, true},
		{grammars.Go, "package p\nvar x = fs[0](k)", "", 0, false},
		{grammars.Go, "package p\nvar x = a.b.NewCipher(k)", "NewCipher", 2, true},
		{grammars.Python, "hashlib.md5(pw)", "md5", 1, true},
		{grammars.Python, "choice(xs)", "choice", 0, true},
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
			if t := grammars.Type(n); first == nil && (t == "call_expression" || t == "call" || t == "new_expression") {
				first = n
			}
			return nil
		})
		if first == nil {
			t.Fatalf("%q: no call", c.src)
		}
		got := cryptoCallee(u, first)
		if got.Known != c.known || got.Known && (got.Method != c.method || got.Dots != c.dots) {
			t.Errorf("cryptoCallee(%q) = %+v; want %q, %d dots, known %v", c.src, got, c.method, c.dots, c.known)
		}
		tree.Close()
	}
}

// TestTLSPrefiltersAgreeWithReads holds the source checks of goTLS and
// pyTLS to the reads they skip, on every node TL305 visits in the
// fixtures (and in $TRUSTLINT_GATE_CORPUS when set): a node the bytes
// refuse has no sub-node with the text the reads test for.
func TestTLSPrefiltersAgreeWithReads(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	var refused int
	for _, f := range corpusFiles(t, true, 300) {
		fam := f.lang.Family()
		if fam != grammars.FamilyGo && fam != grammars.FamilyPython {
			continue
		}
		tree, err := pool.Parse(context.Background(), f.lang, nil, f.src)
		if err != nil {
			t.Fatalf("%s: %v", f.path, err)
		}
		u := &Unit{Path: f.path, Lang: f.lang, Src: f.src, Tree: tree}
		_ = walk(tree.RootNode(), func(n *sitter.Node) error {
			var read string // what the full reading compares with want
			var want string
			var mayBe bool
			switch grammars.Type(n) {
			case "keyed_element":
				if fam != grammars.FamilyGo || grammars.NamedChildCount(n) < 2 {
					return nil
				}
				read, want = strings.TrimSpace(u.Text(grammars.NamedChildAt(n, 0))), "InsecureSkipVerify"
				mayBe = spanHoldsWord(u, n, want)
			case "assignment_statement":
				right := grammars.Field(n, "right")
				if right == nil || grammars.NamedChildCount(right) != 1 {
					return nil
				}
				read, want = u.Text(grammars.NamedChildAt(right, 0)), "true"
				mayBe = spanHoldsWord(u, n, want)
			case "call":
				read, want = cryptoCompact(u.Text(grammars.Field(n, "function"))), "ssl._create_unverified_context"
				mayBe = u.srcContains("_create_unverified_context")
			case "attribute":
				read, want = u.Text(n), "ssl.CERT_NONE"
				mayBe = u.srcContains(want)
			default:
				return nil
			}
			if !mayBe {
				refused++
				if read == want {
					t.Errorf("%s:%d: refused from the bytes, but the read gives %q", f.path, u.Line(int(grammars.Start(n)))+1, read)
				}
			}
			return nil
		})
		tree.Close()
	}
	t.Logf("%d nodes refused from the source", refused)
}
