package detectors

import (
	"bytes"
	"context"
	"go/format"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// goFormatSources returns gofmt-clean Go sources: the Go fixtures and this
// package's own files (formatted), the files under
// TRUSTLINT_GOFMT_CORPUS when set, and a few written for the alignment
// gofmt applies across adjacent declarations (formatted here).
func goFormatSources(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{
		"aligned vars": []byte("package p\n\nvar a = \"x\" // one\nvar bb = \"yy\" // two\n\nvar c = 1\n"),
		"const block":  []byte("package p\n\nconst (\n\tk  = \"short\"\n\tkk = \"also\" // c\n)\n\n// Doc.\nfunc f() string { return \"v\" }\n"),
		"imports":      []byte("package p\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\nvar s = fmt.Sprint(strings.ToUpper(\"secret-value-here\"))\n"),
		"struct lit":   []byte("package p\n\nvar c = Config{\n\tKey:    \"abcdefgh\",\n\tSecret: \"ijklmnop\", // x\n\tN:      1,\n}\n\ntype Config struct {\n\tKey, Secret string\n\tN           int\n}\n"),
		"adjacent":     []byte("package p\n\nvar a = \"1\"\nvar b = \"22\" // c\nvar ccc = \"333\" // d\n\nfunc g() {}\n"),
	}
	for name, src := range out {
		formatted, err := format.Source(src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = formatted
	}
	dirs := []string{"../testdata", "."}
	if c := os.Getenv("TRUSTLINT_GOFMT_CORPUS"); c != "" {
		dirs = append(dirs, c)
	}
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if formatted, err := format.Source(src); err == nil && len(formatted) < 1<<20 {
				out[path] = formatted
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestGoFormatBlocks checks that formatting the blocks an edit falls in
// gives what formatting the whole fixed file gives, for edits like the
// fixes' (a literal replaced by a longer or shorter expression, an import
// added to a block), on every string literal of every source.
func TestGoFormatBlocks(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	checked, whole := 0, 0
	for name, src := range goFormatSources(t) {
		tree, err := pool.Parse(context.Background(), grammars.Go, nil, src)
		if err != nil {
			t.Fatal(err)
		}
		u := &Unit{Path: name, Lang: grammars.Go, Src: src, Tree: tree}
		if !u.goFmtClean() {
			t.Fatalf("%s: not gofmt-clean", name)
		}
		var lits []*sitter.Node
		_ = grammars.Walk(context.Background(), tree.RootNode(), nil, nil, func(n *sitter.Node, _, _ int) {
			if grammars.Type(n) == "interpreted_string_literal" {
				lits = append(lits, n)
			}
		})
		importAt := bytes.Index(src, []byte("import (\n"))
		step := max(1, len(lits)/8) // large files: a sample
		for i := 0; i < len(lits); i += step {
			lit := lits[i]
			for _, repl := range []string{`os.Getenv("A_MUCH_LONGER_VARIABLE_NAME_THAN_BEFORE")`, `x`, "`raw`"} {
				edits := []Edit{{Start: int(grammars.Start(lit)), End: int(grammars.End(lit)), NewText: repl}}
				if importAt >= 0 && i%2 == 0 {
					at := importAt + len("import (\n")
					edits = append(edits, Edit{Start: at, End: at, NewText: "\t\"os\"\n"})
				}
				fixed, err := ApplyEdits(src, edits)
				if err != nil {
					t.Fatal(err)
				}
				want, wantErr := format.Source(fixed)
				got, clean, ok := goFormatBlocks(u, edits)
				if ok && got != nil && !clean {
					t.Fatalf("%s: a block of a gofmt-clean file is not clean", name)
				}
				if !ok {
					whole++
					continue
				}
				checked++
				switch {
				case wantErr != nil && got != nil:
					t.Fatalf("%s: the fixed file does not parse (%v), the blocks did", name, wantErr)
				case wantErr == nil && got == nil:
					t.Fatalf("%s: the fixed file parses, a block did not (edit %q at %d)", name, repl, edits[0].Start)
				case wantErr == nil && !bytes.Equal(got, want):
					t.Fatalf("%s: edit %q at %d: blocks formatted to\n%s\nthe whole file to\n%s", name, repl, edits[0].Start, got, want)
				}
			}
		}
		tree.Close()
	}
	if checked < 200 {
		t.Fatalf("only %d edits checked by blocks (%d left to the whole file)", checked, whole)
	}
	t.Logf("%d edits formatted by blocks, %d by the whole file", checked, whole)
}
