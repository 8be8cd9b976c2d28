package detectors

import (
	"regexp"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// TestMayNameRoleCoversRegexps holds visitAdminCheck's byte check to the
// regular expressions it stands in front of: on every if condition of the
// fixtures (and of TRUSTLINT_GATE_CORPUS) and on hand-written
// cases, a text mayNameRole rejects matches
// none of them.
func TestMayNameRoleCoversRegexps(t *testing.T) {
	res := []*regexp.Regexp{roleWordRE, adminCheckRE}
	for _, re := range clientRoleRE {
		res = append(res, re)
	}
	check := func(s string) {
		if mayNameRole(s) {
			return
		}
		for _, re := range res {
			if re.MatchString(s) {
				t.Fatalf("mayNameRole(%q) = false, but %v matches", s, re)
			}
		}
	}
	for _, s := range []string{"user.isAdmin", "ROLE === 'x'", "req.body.Staff", "x > 1", "ſtaff", "is_superuser", "user.Role", "a.b(c)"} {
		check(s)
	}
	if !mayNameRole("req.body.ROLE") || mayNameRole("count > 3") {
		t.Fatal("mayNameRole misses an upper-case word or accepts plain text")
	}
	conds := 0
	eachCorpusUnit(t, 0, func(u *Unit) {
		walk(u.Tree.RootNode(), func(n *sitter.Node) error {
			if c := grammars.Field(n, "condition"); c != nil {
				check(u.Text(c))
				conds++
			}
			return nil
		})
	})
	t.Logf("%d conditions", conds)
}
