package detectors

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/trustlint/trustlint/grammars"
)

// wantRE finds the expectations written on a fixture line: "want TL101",
// "want TL101 TL102".
var wantRE = regexp.MustCompile(`want((?:\s+TL\d{3})+)`)

// fixtureRoot is the fixtures folder, relative to this package.
const fixtureRoot = "../testdata"

// fixtureKey is one expected or reported finding: a 1-based line and a
// rule.
type fixtureKey struct {
	Line int
	Rule string
}

// fixture is one parsed fixture file with what it expects and what
// Analyze reported.
type fixture struct {
	Path     string
	Src      []byte
	Want     map[fixtureKey]bool
	Got      map[fixtureKey]bool
	Findings []Finding
	Unit     *Unit
}

// nonFixtureDirs are testdata folders holding inputs of the front-ends'
// own tests (documents the server opens, edits and rewrites), written
// without want annotations; they are not rule fixtures.
var nonFixtureDirs = map[string]bool{"server": true}

// fixtureFiles lists the source files under testdata, skipping golden
// .fixed twins, the front-ends' inputs and anything without a grammar.
func fixtureFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(fixtureRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if filepath.Dir(path) == filepath.Clean(fixtureRoot) && nonFixtureDirs[d.Name()] {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".fixed") {
			return nil
		}
		if _, ok := grammars.FromPath(path); ok {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walking %s: %v", fixtureRoot, err)
	}
	sort.Strings(files)
	return files
}

// wants reads the expectations of every line of src.
func wants(src []byte) map[fixtureKey]bool {
	want := make(map[fixtureKey]bool)
	for i, line := range strings.Split(string(src), "\n") {
		for _, m := range wantRE.FindAllStringSubmatch(line, -1) {
			for _, id := range strings.Fields(m[1]) {
				want[fixtureKey{i + 1, id}] = true
			}
		}
	}
	return want
}

// runFixture parses and analyses one fixture file. The unit's path is the
// fixture's path relative to testdata, so test-file detection sees
// "secrets/tests/..." the way it would in a workspace.
func runFixture(t *testing.T, pool *grammars.Pool, path string) *fixture {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lang, _ := grammars.FromPath(path)
	tree, err := pool.Parse(context.Background(), lang, nil, src)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	t.Cleanup(tree.Close)
	rel, _ := filepath.Rel(fixtureRoot, path)
	u := &Unit{Path: filepath.ToSlash(rel), Lang: lang, Src: src, Tree: tree}
	findings, err := Analyze(context.Background(), u)
	if err != nil {
		t.Fatalf("%s: Analyze: %v", path, err)
	}
	fx := &fixture{Path: path, Src: src, Want: wants(src), Got: make(map[fixtureKey]bool), Findings: findings, Unit: u}
	for _, f := range findings {
		fx.Got[fx.key(f)] = true
	}
	return fx
}

// key is the fixture line a finding answers: its first line, or its last
// line when the finding spans lines and the annotation stands there (a
// comment cannot go inside a multi-line string literal).
func (fx *fixture) key(f Finding) fixtureKey {
	first := fixtureKey{fx.Unit.Line(f.Start) + 1, f.Rule}
	end := f.End
	if end > f.Start {
		end--
	}
	last := fixtureKey{fx.Unit.Line(end) + 1, f.Rule}
	if !fx.Want[first] && fx.Want[last] {
		return last
	}
	return first
}

// TestFixtures runs every fixture under testdata and compares the findings
// with the want annotations, line by line: every expected finding must be
// reported and nothing else may be.
func TestFixtures(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	files := fixtureFiles(t)
	if len(files) == 0 {
		t.Fatal("no fixtures under testdata")
	}
	for _, path := range files {
		t.Run(filepath.ToSlash(strings.TrimPrefix(path, fixtureRoot+"/")), func(t *testing.T) {
			fx := runFixture(t, &pool, path)
			for _, k := range sortedKeys(fx.Want) {
				if !fx.Got[k] {
					t.Errorf("%s:%d: missing %s", path, k.Line, k.Rule)
				}
			}
			for _, f := range fx.Findings {
				k := fx.key(f)
				if !fx.Want[k] {
					t.Errorf("%s:%d: unexpected %s: %s", path, k.Line, f.Rule, f.Message)
				}
			}
			checkFindingSafety(t, fx)
		})
	}
}

// checkFindingSafety asserts that findings and fixes stay inside the
// source and that no message carries more than four characters of the
// literal it reports.
func checkFindingSafety(t *testing.T, fx *fixture) {
	t.Helper()
	n := len(fx.Src)
	for _, f := range fx.Findings {
		if f.Start < 0 || f.End > n || f.Start > f.End {
			t.Errorf("%s: %s range [%d,%d) outside the %d-byte source", fx.Path, f.Rule, f.Start, f.End, n)
			continue
		}
		for _, fix := range f.Fixes {
			for _, e := range fix.Edits {
				if e.Start < 0 || e.End > n || e.Start > e.End {
					t.Errorf("%s: %s fix %q edit [%d,%d) outside the source", fx.Path, f.Rule, fix.Title, e.Start, e.End)
				}
			}
		}
		if !strings.HasPrefix(f.Rule, "TL10") || f.Rule == "TL105" {
			// TL105 reports the expression that names a secret (`password`,
			// `user.password`), never a literal; its messages carry no
			// source text but the sink's name.
			continue
		}
		content := literalContent(fx.Unit, f)
		if len([]rune(content)) > 8 {
			rest := string([]rune(content)[4:])
			if strings.Contains(f.Message, rest) {
				t.Errorf("%s: %s message %q shows the secret", fx.Path, f.Rule, f.Message)
			}
		}
		for _, word := range strings.FieldsFunc(content, func(r rune) bool { return r == ' ' }) {
			if len(word) > 8 && strings.Contains(f.Message, word) {
				t.Errorf("%s: %s message %q shows %q", fx.Path, f.Rule, f.Message, word)
			}
		}
	}
}

// literalContent returns the text between a finding's quotes when the
// finding covers a string literal, or its whole text otherwise.
func literalContent(u *Unit, f Finding) string {
	text := string(u.Src[f.Start:f.End])
	text = strings.TrimLeft(text, "rRbBuUfF")
	for _, q := range []string{`"""`, `'''`, `"`, `'`, "`"} {
		if len(text) >= 2*len(q) && strings.HasPrefix(text, q) && strings.HasSuffix(text, q) {
			return text[len(q) : len(text)-len(q)]
		}
	}
	return text
}

func sortedKeys(m map[fixtureKey]bool) []fixtureKey {
	keys := make([]fixtureKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].Line != keys[j].Line {
			return keys[i].Line < keys[j].Line
		}
		return keys[i].Rule < keys[j].Rule
	})
	return keys
}

// TestFixturePrecisionRecall computes precision and recall per rule over
// every fixture and logs them; TestFixtures is the one that fails on a
// difference.
func TestFixturePrecisionRecall(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	type counts struct{ tp, fp, fn int }
	per := make(map[string]*counts)
	get := func(rule string) *counts {
		if per[rule] == nil {
			per[rule] = &counts{}
		}
		return per[rule]
	}
	for _, path := range fixtureFiles(t) {
		fx := runFixture(t, &pool, path)
		for k := range fx.Want {
			if fx.Got[k] {
				get(k.Rule).tp++
			} else {
				get(k.Rule).fn++
			}
		}
		for k := range fx.Got {
			if !fx.Want[k] {
				get(k.Rule).fp++
			}
		}
	}
	rules := make([]string, 0, len(per))
	for r := range per {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	var total counts
	for _, r := range rules {
		c := per[r]
		total.tp += c.tp
		total.fp += c.fp
		total.fn += c.fn
		t.Logf("%s: %s", r, ratio(c.tp, c.fp, c.fn))
	}
	t.Logf("all: %s", ratio(total.tp, total.fp, total.fn))
}

func ratio(tp, fp, fn int) string {
	precision, recall := 1.0, 1.0
	if tp+fp > 0 {
		precision = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		recall = float64(tp) / float64(tp+fn)
	}
	return fmt.Sprintf("precision %.3f (%d/%d), recall %.3f (%d/%d)", precision, tp, tp+fp, recall, tp, tp+fn)
}
