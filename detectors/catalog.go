package detectors

import (
	"sort"

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

// catalog lists the rules that are implemented. A rule appears here only
// once its detector and fixtures exist.
func catalog() []Rule {
	return []Rule{
		{
			ID: "TL101", Name: "hardcoded-secret", Severity: SeverityError,
			CWE: []string{"CWE-798"}, Families: allFamilies,
			Summary: "A known provider token format (OpenAI, Anthropic, Stripe, AWS, GitHub, Slack, Google, ...) written as a literal.",
		},
		{
			ID: "TL102", Name: "hardcoded-credential", Severity: SeverityError,
			CWE: []string{"CWE-798", "CWE-259"}, Families: allFamilies,
			Summary: "A literal given to a password, secret, token, API-key or credential-named variable, field, argument or Authorization header.",
		},
	}
}

// Catalog returns the implemented rules sorted by ID.
func Catalog() []Rule {
	rules := catalog()
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	return rules
}

// Lookup returns the rule with the given ID.
func Lookup(id string) (Rule, bool) {
	for _, r := range catalog() {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}
