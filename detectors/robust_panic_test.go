package detectors

import (
	"context"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// TestDetectorPanicCostsOnlyItsFindings runs the real checkers plus one
// that panics with source text: the other detectors' findings survive,
// and the error names the rule without quoting the panic value.
func TestDetectorPanicCostsOnlyItsFindings(t *testing.T) {
	key := "sk-proj-" + strings.Repeat("Ab3dE5gH7jK9mN1p", 3) + "Qr5tUv7x"
	src := []byte("const client = new OpenAI({ apiKey: \"" + key + "\" });\n")
	pool := &grammars.Pool{}
	defer pool.Close()
	tree, err := pool.Parse(context.Background(), grammars.JavaScript, nil, src)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	u := &Unit{Path: "client.js", Lang: grammars.JavaScript, Src: src, Tree: tree}
	want, err := analyzeWith(context.Background(), u, checkers(), nil)
	if err != nil || len(want) == 0 {
		t.Fatalf("baseline: %d findings, %v", len(want), err)
	}
	// TL102 is a real rule ID, so the panicking checker is enabled; its
	// own findings (none here) are the only ones lost.
	boom := checker{rule: "TL102", kinds: map[grammars.Family][]string{grammars.FamilyJS: {"string"}},
		visit: func(p *Pass, n *sitter.Node) { panic("secret " + p.Text(n)) }}
	crash := checker{rule: "TL102", kinds: map[grammars.Family][]string{grammars.FamilyJS: {"string"}},
		visit: func(p *Pass, n *sitter.Node) {
			var m map[string]int
			m[p.Text(n)]++ // a runtime error
		}}
	for name, c := range map[string]checker{"value": boom, "runtime": crash} {
		t.Run(name, func(t *testing.T) {
			got, err := analyzeWith(context.Background(), u, append(checkers(), c), nil)
			if err == nil || !strings.Contains(err.Error(), "TL102") {
				t.Fatalf("error = %v, want one naming TL102", err)
			}
			if strings.Contains(err.Error(), key[:12]) || strings.Contains(err.Error(), "secret") {
				t.Errorf("error quotes the panic value: %v", err)
			}
			if len(got) != len(want) {
				t.Errorf("got %d findings, want the %d of the other detectors", len(got), len(want))
			}
		})
	}
}
