package detectors

import (
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"strconv"
	"strings"

	"github.com/trustlint/trustlint/grammars"
)

// maxFixRounds bounds FixAll's one-fix-at-a-time fallback.
const maxFixRounds = 64

// FixAll applies every safe fix to src and returns the fixed text with the
// edits that produce it from src. It first tries all the safe fixes at once
// (SafeEdits); when that result does not parse as well as src, or still has
// findings with safe fixes (fixes that each rewrite a shared import block
// cannot always be merged), it applies them one at a time, re-analysing
// after each, so every fix sees the text the previous one left.
func FixAll(ctx context.Context, pool *grammars.Pool, path string, lang grammars.Lang, src []byte, cfg Config) ([]byte, []Edit, error) {
	findings, err := AnalyzeSource(ctx, pool, path, lang, src, cfg)
	if err != nil {
		return nil, nil, err
	}
	edits := SafeEdits(findings)
	if len(edits) == 0 {
		return src, nil, nil
	}
	baseline, err := parseErrors(ctx, pool, lang, src)
	if err != nil {
		return nil, nil, err
	}
	if merged, err := ApplyEdits(src, edits); err == nil {
		left, err := AnalyzeSource(ctx, pool, path, lang, merged, cfg)
		if err == nil && countSafe(left) == 0 {
			if ok, err := parsesAsWell(ctx, pool, lang, merged, baseline); err == nil && ok && mergedSound(lang, src, merged) {
				return gofmtResult(lang, src, merged, edits)
			}
		}
	}
	cur := src
	skip := 0
	for round := 0; round < maxFixRounds; round++ {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		fixable := safeFixes(findings)
		if skip >= len(fixable) {
			break
		}
		next, err := ApplyEdits(cur, fixable[skip].Edits)
		if err != nil {
			skip++
			continue
		}
		after, err := AnalyzeSource(ctx, pool, path, lang, next, cfg)
		if err != nil {
			return nil, nil, err
		}
		ok, err := parsesAsWell(ctx, pool, lang, next, baseline)
		if err != nil {
			return nil, nil, err
		}
		if !ok || countSafe(after) >= len(fixable) {
			skip++ // this fix does not make progress here; leave it
			continue
		}
		cur, findings = next, after
	}
	if bytes.Equal(cur, src) {
		return src, nil, nil
	}
	return gofmtResult(lang, src, cur, lineEdits(src, cur, 1024))
}

// safeFixes returns the first safe fix of each finding that has one; fixes
// that edit other files too are skipped.
func safeFixes(fs []Finding) []Fix {
	var out []Fix
	for _, f := range fs {
		for _, fix := range f.Fixes {
			if fix.Safe && len(fix.Files) == 0 {
				out = append(out, fix)
				break
			}
		}
	}
	return out
}

func countSafe(fs []Finding) int { return len(safeFixes(fs)) }

// parseErrors reports whether src parses with errors in lang.
func parseErrors(ctx context.Context, pool *grammars.Pool, lang grammars.Lang, src []byte) (bool, error) {
	tree, err := pool.Parse(ctx, lang, nil, src)
	if err != nil {
		return false, fmt.Errorf("fix all: %w", err)
	}
	defer tree.Close()
	return tree.RootNode().HasError(), nil
}

// parsesAsWell reports whether text parses without error, or the original
// already had errors.
func parsesAsWell(ctx context.Context, pool *grammars.Pool, lang grammars.Lang, text []byte, originalHadErrors bool) (bool, error) {
	if originalHadErrors {
		return true, nil
	}
	hasErr, err := parseErrors(ctx, pool, lang, text)
	return !hasErr, err
}

// mergedSound checks what a parse cannot see in merged fixes: for Go, that
// no package is imported twice, that no import a fix left unused stays
// (fixes that each remove one use of a package cannot see that together
// they remove them all) and that a gofmt-clean file stays so.
func mergedSound(lang grammars.Lang, src, merged []byte) bool {
	if lang != grammars.Go {
		return true
	}
	f, err := parser.ParseFile(token.NewFileSet(), "fixed.go", merged, parser.ImportsOnly)
	if err != nil {
		return false
	}
	if goUnusedImports(src) < goUnusedImports(merged) {
		return false
	}
	seen := map[string]bool{}
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		name := ""
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if seen[name+" "+path] {
			return false
		}
		seen[name+" "+path] = true
	}
	if before, err := format.Source(src); err == nil && bytes.Equal(before, src) {
		after, err := format.Source(merged)
		return err == nil && bytes.Equal(after, merged)
	}
	return true
}

// goUnusedImports counts the imported packages a Go file never refers to
// (by their last path element; blank and dot imports are not counted). It
// returns 0 for a file that does not parse.
func goUnusedImports(src []byte) int {
	f, err := parser.ParseFile(token.NewFileSet(), "file.go", src, parser.SkipObjectResolution)
	if err != nil {
		return 0
	}
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	unused := 0
	for _, imp := range f.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		name := path[strings.LastIndex(path, "/")+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name == "_" || name == "." || strings.Contains(name, "-") || strings.Contains(name, ".") {
			continue
		}
		if !used[name] {
			unused++
		}
	}
	return unused
}

// gofmtResult keeps a gofmt-clean Go file gofmt-clean after fix all: fixes
// that change a line's length (a redacted argument, a moved spec) shift
// the alignment of trailing comments and struct fields, which gofmt
// realigns. Other languages, and Go files that were not gofmt-clean, keep
// the fixes' own edits.
func gofmtResult(lang grammars.Lang, src, fixed []byte, edits []Edit) ([]byte, []Edit, error) {
	if lang != grammars.Go {
		return fixed, edits, nil
	}
	if before, err := format.Source(src); err != nil || !bytes.Equal(before, src) {
		return fixed, edits, nil
	}
	after, err := format.Source(fixed)
	if err != nil || bytes.Equal(after, fixed) {
		return fixed, edits, nil
	}
	return after, lineEdits(src, after, 1024), nil
}
