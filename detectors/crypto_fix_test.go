package detectors

import (
	"context"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trustlint/trustlint/grammars"
)

// TestCryptoFixes checks the crypto family's fix fixtures beyond their
// golden text: Go results parse with go/parser, and after fix all no crypto
// finding with a safe fix is left.
func TestCryptoFixes(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	files, err := filepath.Glob(filepath.Join(fixtureRoot, "fixes", "crypto-*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, path := range files {
		if strings.HasSuffix(path, ".fixed") {
			continue
		}
		lang, ok := grammars.FromPath(path)
		if !ok {
			continue
		}
		n++
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		fixed, _, err := FixAll(context.Background(), &pool, path, lang, src, Config{})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if lang == grammars.Go {
			if _, err := parser.ParseFile(token.NewFileSet(), path, fixed, parser.AllErrors); err != nil {
				t.Errorf("%s: fixed Go does not parse: %v", path, err)
			}
		}
		again, err := AnalyzeSource(context.Background(), &pool, path, lang, fixed, Config{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range again {
			if strings.HasPrefix(f.Rule, "TL30") && hasSafeFix(f) {
				t.Errorf("%s: after fix all, %s still has a safe fix at byte %d: %s", path, f.Rule, f.Start, f.Message)
			}
		}
	}
	if n == 0 {
		t.Fatal("no crypto fix fixtures")
	}
}

// TestCryptoFixesTypeCheck runs tsc over the fixed TypeScript fixtures of
// the crypto family. It needs TRUSTLINT_TS_NODE_MODULES (see
// TestEnvFixTypeChecks).
func TestCryptoFixesTypeCheck(t *testing.T) {
	modules := tsNodeModules(t)
	fixedFiles, err := filepath.Glob(filepath.Join(fixtureRoot, "fixes", "crypto-*.ts.fixed"))
	if err != nil || len(fixedFiles) == 0 {
		t.Fatalf("no fixed TypeScript crypto fixtures (%v)", err)
	}
	files := make(map[string]string)
	for i, f := range fixedFiles {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		files[fmt.Sprintf("case%d.ts", i)] = string(b)
	}
	typeCheckTS(t, modules, files)
}
