package detectors

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// checker is one rule's detector: the node types it inspects in each family
// and the function called for each such node.
type checker struct {
	rule  string
	kinds map[grammars.Family][]string
	visit func(p *Pass, n *sitter.Node)
}

// checkers lists every detector of every family. The list is built once
// (building the families for every file cost 1.6% of an analysis) and
// shared: callers must not modify it.
var checkers = sync.OnceValue(func() []checker {
	var all []checker
	for _, f := range families() {
		all = append(all, f.checkers...)
	}
	return slices.Clip(all) // an append to it copies
})

// Pass is the state of one rule's run over a unit; detectors report through
// it.
type Pass struct {
	*Unit
	Rule     Rule
	findings []Finding
}

// Report records a finding of the pass's rule. Rule, Name and Severity are
// filled from the rule when empty.
func (p *Pass) Report(f Finding) {
	if f.Rule == "" {
		f.Rule = p.Rule.ID
	}
	if f.Name == "" {
		f.Name = p.Rule.Name
	}
	if f.Severity == 0 {
		f.Severity = p.Rule.Severity
	}
	if p.NoFixes {
		f.Fixes = nil
	}
	p.findings = append(p.findings, f)
}

// runsInTests reports whether a rule runs on test files. A secret leaks
// from a test as well as from anywhere (TL10x); the other rules judge how
// production code behaves, and tests exercise weak settings on purpose
// (bcrypt's minimum cost to keep suites fast, MD5 to test a checksum,
// verification off against a local server).
func runsInTests(rule string) bool { return strings.HasPrefix(rule, "TL10") }

// maxAnalyzeBytes bounds the source Analyze looks at; front-ends skip larger
// files with a message before parsing them.
const maxAnalyzeBytes = 8 << 20

// Analyze runs every enabled rule over the unit and returns the findings
// sorted by position, suppressed ones removed. A detector that panics loses
// its own findings only; the panic is returned as an error next to the
// findings of the other detectors.
func Analyze(ctx context.Context, u *Unit) ([]Finding, error) {
	return analyzeWith(ctx, u, checkers(), nil)
}

// analyzeWith is Analyze with the given checkers (tests add failing ones),
// limited to the nodes overlapping region when it is not nil. In a whole
// file analysis, rules whose trigger words the file lacks (triggers.go)
// are skipped; a region analysis (an editor's keystroke) visits few nodes,
// and scanning the whole file for the words would cost more than it saves.
func analyzeWith(ctx context.Context, u *Unit, all []checker, region *Region) ([]Finding, error) {
	return analyzeGated(ctx, u, all, region, region == nil, nil)
}

// ruleRuns reports whether checker c runs on u at all: its rule is in the
// catalog and enabled, runs on test files when u is one, and inspects
// nodes of u's family.
func ruleRuns(u *Unit, c checker, testFile bool) bool {
	if _, ok := Lookup(c.rule); !ok || !u.Config.Enabled(c.rule) || (testFile && !runsInTests(c.rule)) {
		return false
	}
	return len(c.kinds[u.Lang.Family()]) > 0
}

// NeedsParse reports whether some rule that runs on the file may report
// something on it: false when the source holds none of the trigger words
// of any such rule, so the file need not be parsed at all (its findings
// are none).
func NeedsParse(path string, lang grammars.Lang, src []byte, cfg Config) bool {
	u := &Unit{Path: path, Lang: lang, Src: src, Config: cfg}
	return needsParse(u, checkers(), scanTriggers(path, src))
}

// needsParse is NeedsParse over given checkers and trigger words.
func needsParse(u *Unit, all []checker, tr *triggersFound) bool {
	testFile := u.IsTestFile()
	for _, c := range all {
		if ruleRuns(u, c, testFile) && tr.open(c.rule, u.Lang.Family()) {
			return true
		}
	}
	return false
}

// analyzeGated is analyzeWith with trigger gating switched on or off (the
// differential test compares both); tr holds the unit's trigger words when
// already scanned, nil otherwise.
func analyzeGated(ctx context.Context, u *Unit, all []checker, region *Region, gated bool, tr *triggersFound) ([]Finding, error) {
	if u == nil || u.Tree == nil {
		return nil, fmt.Errorf("detectors: unit has no tree")
	}
	if len(u.Src) > maxAnalyzeBytes {
		return nil, fmt.Errorf("detectors: %s is %d bytes, above the %d-byte limit", u.Path, len(u.Src), maxAnalyzeBytes)
	}
	family := u.Lang.Family()
	type active struct {
		pass   *Pass
		visit  func(*Pass, *sitter.Node)
		failed error
	}
	var passes []*active
	dispatch := make(map[string][]*active)
	testFile := u.IsTestFile()
	for _, c := range all {
		if !ruleRuns(u, c, testFile) {
			continue
		}
		if gated {
			if tr == nil {
				tr = scanTriggers(u.Path, u.Src)
			}
			if !tr.open(c.rule, family) {
				continue
			}
		}
		rule, _ := Lookup(c.rule)
		if sev, ok := u.Config.Severity[c.rule]; ok {
			rule.Severity = sev
		}
		a := &active{pass: &Pass{Unit: u, Rule: rule}, visit: c.visit}
		passes = append(passes, a)
		for _, k := range c.kinds[family] {
			dispatch[k] = append(dispatch[k], a)
		}
	}
	if len(passes) == 0 {
		return nil, nil
	}
	kinds := make([]string, 0, len(dispatch))
	for k := range dispatch {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	kq, err := queryForKinds(u.Lang, kinds)
	if err != nil {
		return nil, err
	}
	// Analyse a copy of the tree (cheap: tree-sitter shares its nodes):
	// go-tree-sitter caches a Go object for every node handed out in a map
	// owned by the *Tree, which would otherwise stay alive with the
	// caller's tree (several MB per open document) until it is closed.
	tree := u.Tree.Copy()
	defer tree.Close()
	callerTree := u.Tree
	u.Tree, u.region = tree, region
	defer func() { u.Tree, u.region = callerTree, nil }()
	run := func(a *active, n *sitter.Node) {
		defer func() {
			if r := recover(); r != nil {
				a.failed = fmt.Errorf("detectors: %s panicked: %s", a.pass.Rule.ID, panicSummary(r))
			}
		}()
		a.visit(a.pass, n)
	}
	byKind := make([][]*active, len(kq.kinds)) // dispatch by the query's kind index
	for i, k := range kq.kinds {
		byKind[i] = dispatch[k]
	}
	// The walk knows each node's parent: parentOf need not ask
	// tree-sitter (a descent from the root per call) for the parent of the
	// node being visited, the first step of most climbs. The walk gives
	// the node ts_node_parent would (it leaves out zero-width nodes, whose
	// parent ts_node_parent may get wrong), so findings do not depend on
	// which of the two answered.
	defer u.walking(nil, grammars.NodeRef{})
	err = eachKindNode(ctx, kq, u.Tree.RootNode(), region, func(kind int, n *sitter.Node, parent grammars.NodeRef) {
		u.walking(n, parent)
		for _, a := range byKind[kind] {
			if a.failed == nil {
				run(a, n)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	var findings []Finding
	var failures []error
	for _, a := range passes {
		if a.failed != nil {
			failures = append(failures, a.failed)
			continue
		}
		findings = append(findings, a.pass.findings...)
	}
	findings = dedupe(filterSuppressed(u, findings))
	sort.SliceStable(findings, func(i, j int) bool {
		if findings[i].Start != findings[j].Start {
			return findings[i].Start < findings[j].Start
		}
		return findings[i].Rule < findings[j].Rule
	})
	for i := range findings {
		if !u.NoFixes {
			findings[i].Fixes = append(findings[i].Fixes, suppressFix(u, findings[i]))
		}
	}
	if len(failures) > 0 {
		return findings, fmt.Errorf("%d detector(s) failed: %v", len(failures), failures)
	}
	return findings, nil
}

// dominated lists, for a rule, the rules whose finding on an overlapping
// range makes it redundant: the more precise report wins (a provider
// format over a credential name, a password hashed fast over a weak hash in
// general).
var dominated = map[string][]string{
	"TL102": {"TL101", "TL103", "TL104"},
	"TL104": {"TL101"},
	"TL306": {"TL204"},
}

// dedupe drops a finding whose rule and range equal an earlier one's, and a
// finding whose range nests with (contains or lies inside) the range of a
// finding of a rule that dominates it. It runs after every region analysis
// over all of a file's findings (thousands in a 50,000-line file), so it
// compares a finding only with the findings of the rules that dominate it
// and finds equal ones by a map.
func dedupe(fs []Finding) []Finding {
	var dominating map[string][]Finding // by rule
	for _, f := range fs {
		if dominatesSome(f.Rule) {
			if dominating == nil {
				dominating = make(map[string][]Finding)
			}
			dominating[f.Rule] = append(dominating[f.Rule], f)
		}
	}
	type key struct {
		rule       string
		start, end int
	}
	seen := make(map[key]bool, len(fs))
	out := make([]Finding, 0, len(fs))
	for _, f := range fs {
		if dominatedIn(f, dominating) {
			continue
		}
		k := key{f.Rule, f.Start, f.End}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, f)
	}
	return out
}

// dominatesSome reports whether rule dominates some other rule.
func dominatesSome(rule string) bool {
	for _, ds := range dominated {
		for _, d := range ds {
			if d == rule {
				return true
			}
		}
	}
	return false
}

// dominatedIn reports whether a finding of a rule that dominates f's rule,
// among dominating (by rule), nests with f.
func dominatedIn(f Finding, dominating map[string][]Finding) bool {
	for _, rule := range dominated[f.Rule] {
		for _, g := range dominating[rule] {
			if nests(f, g) {
				return true
			}
		}
	}
	return false
}

func nests(f, g Finding) bool {
	return (g.Start <= f.Start && f.End <= g.End) || (f.Start <= g.Start && g.End <= f.End)
}

// walk visits every node of the tree in document order without recursion,
// so deeply nested input cannot overflow the stack.
func walk(root *sitter.Node, visit func(*sitter.Node) error) error {
	if root == nil {
		return nil
	}
	// The cursor moves in C (grammars.Walk, every node in batches); the
	// first error stops the visits and, at the next batch, the walk.
	var stop walkStop
	_ = grammars.Walk(&stop, root, nil, nil, func(n *sitter.Node, _, _ int) {
		if stop.err == nil {
			stop.err = visit(n)
		}
	})
	return stop.err
}

// walkStop ends a grammars.Walk once a visit returned an error.
type walkStop struct{ err error }

// Err returns the error that ends the walk, or nil.
func (w *walkStop) Err() error { return w.err }

// AnalyzeSource parses src with a parser from pool and analyses it. It is
// the front-ends' entry point when they hold no tree of their own. A file
// holding none of the trigger words of the rules that run on it is not
// parsed (see NeedsParse).
func AnalyzeSource(ctx context.Context, pool *grammars.Pool, path string, lang grammars.Lang, src []byte, cfg Config) ([]Finding, error) {
	if len(src) > maxAnalyzeBytes {
		return nil, fmt.Errorf("detectors: %s is %d bytes, above the %d-byte limit", path, len(src), maxAnalyzeBytes)
	}
	u := &Unit{Path: path, Lang: lang, Src: src, Config: cfg}
	all := checkers()
	tr := scanTriggers(path, src)
	if !needsParse(u, all, tr) {
		return nil, nil
	}
	tree, err := pool.Parse(ctx, lang, nil, src)
	if err != nil {
		return nil, fmt.Errorf("detectors: %s: %w", path, err)
	}
	defer tree.Close()
	u.Tree = tree
	return analyzeGated(ctx, u, all, nil, true, tr)
}

// MaxBytes is the largest source Analyze accepts.
func MaxBytes() int { return maxAnalyzeBytes }

// panicSummary describes a recovered panic without its value, which might
// quote source text (and so a secret): runtime errors keep their message,
// which holds no data; anything else is reduced to its type.
func panicSummary(r any) string {
	if re, ok := r.(runtime.Error); ok {
		return re.Error()
	}
	return fmt.Sprintf("a panic of type %T", r)
}
