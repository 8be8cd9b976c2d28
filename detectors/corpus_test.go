package detectors

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trustlint/trustlint/grammars"
	"github.com/trustlint/trustlint/internal/benchgen"
)

// corpusFile is one source file a differential test analyses.
type corpusFile struct {
	path string
	lang grammars.Lang
	src  []byte
}

// corpusFiles returns every fixture of testdata/ (no golden .fixed
// files), then, with withCorpus, every file of $TRUSTLINT_GATE_CORPUS when
// it is set (files above 2 MiB left out, as scan does), then a generated
// file of genLines lines per language (none when genLines is 0).
func corpusFiles(t testing.TB, withCorpus bool, genLines int) []corpusFile {
	t.Helper()
	var files []corpusFile
	roots := []string{"../testdata"}
	if dir := os.Getenv("TRUSTLINT_GATE_CORPUS"); withCorpus && dir != "" {
		roots = append(roots, dir)
	}
	for _, root := range roots {
		err := filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
			if err != nil || info.IsDir() || strings.HasSuffix(path, ".fixed") || info.Size() > 2<<20 {
				return err
			}
			lang, ok := grammars.FromPath(path)
			if !ok {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files = append(files, corpusFile{path, lang, src})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range benchgen.Langs() {
		if genLines <= 0 {
			break
		}
		lang, _ := grammars.FromLanguageID(string(l))
		files = append(files, corpusFile{"gen" + l.Ext(), lang, benchgen.Generate(l, genLines)})
	}
	return files
}

// eachCorpusUnit parses every file corpusFiles(t, true, genLines) returns
// and calls fn with a unit over it; the tree is closed after fn returns.
func eachCorpusUnit(t testing.TB, genLines int, fn func(u *Unit)) {
	t.Helper()
	var pool grammars.Pool
	defer pool.Close()
	for _, f := range corpusFiles(t, true, genLines) {
		tree, err := pool.Parse(context.Background(), f.lang, nil, f.src)
		if err != nil {
			t.Fatalf("%s: %v", f.path, err)
		}
		fn(&Unit{Path: f.path, Lang: f.lang, Src: f.src, Tree: tree})
		tree.Close()
	}
}
