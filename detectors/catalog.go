package detectors

import (
	"sort"
	"sync"

	"github.com/trustlint/trustlint/grammars"
)

// DocBase is where the rule documentation pages live; a rule's page is
// DocBase + ID + ".md".
const DocBase = "https://github.com/trustlint/trustlint/blob/main/docs/rules/"

// Rule describes one rule of the catalog. IDs are a public contract: they
// are the diagnostic code, the JSON "rule" and the SARIF ruleId.
type Rule struct {
	ID       string
	Name     string
	Severity Severity
	CWE      []string
	Families []grammars.Family
	Summary  string
}

// DocURL returns the rule's documentation page.
func (r Rule) DocURL() string { return DocBase + r.ID + ".md" }

var allFamilies = []grammars.Family{grammars.FamilyJS, grammars.FamilyGo, grammars.FamilyPython}

// family is one rule family: its catalog entries and its detectors, defined
// together in the family's file.
type family struct {
	rules    []Rule
	checkers []checker
}

// families lists every rule family. A rule appears in the catalog only once
// its detector and fixtures exist.
func families() []family {
	return []family{
		secretsFamily(),
		workspaceFamily(),
		urlCredFamily(),
		secretLogFamily(),
		authFamily(),
		cryptoFamily(),
		sqlFamily(),
		accessFamily(),
		webhookFamily(),
		uploadFamily(),
		rateLimitFamily(),
	}
}

// catalog lists the implemented rules.
func catalog() []Rule {
	var rules []Rule
	for _, f := range families() {
		rules = append(rules, f.rules...)
	}
	return rules
}

// Catalog returns the implemented rules sorted by ID.
func Catalog() []Rule {
	rules := catalog()
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	return rules
}

// ruleIndex maps rule IDs to rules. It is built once: the catalog is
// fixed at compile time, and Analyze looks every rule up on every run.
var ruleIndex = sync.OnceValue(func() map[string]Rule {
	m := make(map[string]Rule)
	for _, r := range catalog() {
		m[r.ID] = r
	}
	return m
})

// Lookup returns the rule with the given ID.
func Lookup(id string) (Rule, bool) {
	r, ok := ruleIndex()[id]
	return r, ok
}
