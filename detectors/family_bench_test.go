package detectors

import (
	"context"
	"fmt"
	"testing"

	"github.com/trustlint/trustlint/grammars"
	"github.com/trustlint/trustlint/internal/benchgen"
)

// BenchmarkFamily measures each rule family alone over generated
// 1,000-line files of each language, on an already parsed tree: the cost a
// family adds to every analysis.
func BenchmarkFamily(b *testing.B) {
	var pool grammars.Pool
	defer pool.Close()
	for _, l := range benchgen.Langs() {
		src := benchgen.Generate(l, 1000)
		lang, _ := grammars.FromLanguageID(string(l))
		tree, err := pool.Parse(context.Background(), lang, nil, src)
		if err != nil {
			b.Fatal(err)
		}
		defer tree.Close()
		for _, f := range families() {
			if len(f.rules) == 0 {
				continue
			}
			only := make(map[string]bool)
			for _, r := range f.rules {
				only[r.ID] = true
			}
			name := fmt.Sprintf("%s-%s/%s", f.rules[0].ID, f.rules[len(f.rules)-1].ID, l)
			b.Run(name, func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					u := &Unit{Path: "src/bench" + l.Ext(), Lang: lang, Src: src, Tree: tree, Config: Config{Only: only}}
					if _, err := Analyze(context.Background(), u); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
