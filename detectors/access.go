package detectors

import (
	"regexp"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// accessFamily is the access-control family: TL401.
func accessFamily() family {
	return family{
		rules: []Rule{{
			ID: "TL401", Name: "unscoped-admin-access", Severity: SeverityWarning,
			CWE: []string{"CWE-285", "CWE-639"}, Families: allFamilies,
			Summary: "A role/admin check whose branch returns every record with no permission check and no organisation/tenant scope, or a role taken from client-controlled input.",
		}},
		checkers: []checker{{
			rule: "TL401",
			kinds: map[grammars.Family][]string{
				grammars.FamilyJS:     {"if_statement"},
				grammars.FamilyGo:     {"if_statement"},
				grammars.FamilyPython: {"if_statement", "elif_clause"},
			},
			visit: visitAdminCheck,
		}},
	}
}

// adminCheckRE recognises a role/admin test in a condition.
var adminCheckRE = regexp.MustCompile(`(?i)(\bis_?(super_?)?admin(istrator)?\b|\bis_?superuser\b|\bis_?staff\b|\.admin\b|\brole(s|_?name)?\b[^&|]{0,40}?['"](super_?)?admin(istrator)?['"]|['"](super_?)?admin(istrator)?['"]\s*(in\b|===?|==)|\b(has_?role|has_?any_?role|is_?in_?role|user_?is)\s*\(\s*[^()]{0,30}['"](super_?)?admin(istrator)?['"]|\bRole_?(Super)?Admin\b)`)

// negatedRE recognises a negated check: the branch is the denial.
var negatedRE = regexp.MustCompile(`(?i)(!==|!=|\bnot\s|!\s*\(|![\s\w.$]*(admin|superuser|staff|role))`)

// scopeRE recognises a permission check or a tenant/organisation/owner
// filter.
var scopeRE = regexp.MustCompile(`(?i)(has_?permission|has_?perm\b|\bcan\s*\(|\bcan_\w+|authori[sz]e|permission|\bscope[sd]?\b|\borg(anization|anisation)?_?id\b|\borganization|\borganisation|tenant|\bowner|\buser_?id\b|\baccount_?id\b|\bcompany_?id\b|\bteam_?id\b|workspace|\bwhere\b|\.filter(_by)?\s*\(|\.exclude\s*\(|\.Where\s*\(|\bfilterBy)`)

// unscopedCollectionRE recognises a whole collection: allData, all_users,
// findAll(), find({}), findMany(), .all(), objects.all(), gorm Find(&x)
// with no condition, SELECT … FROM t.
var unscopedCollectionRE = regexp.MustCompile(`(\ball[A-Z]\w*\b|\ball_\w+\b|\.(findAll|findMany|find|getAll|listAll|fetchAll|scan)\s*\(\s*(\{\s*\})?\s*\)|\.all\s*\(\s*\)|\.Find\s*\(\s*&\w+\s*\)|(?is:select\s+[^;]*?\sfrom\s+\w+))`)

// respondRE recognises a branch that hands data out.
var respondRE = regexp.MustCompile(`(?i)(\breturn\b|\bres\.(json|send)|\.json\s*\(|\.JSON\s*\(|jsonify|Response\s*\(|\.Encode\s*\(|\bsend\s*\(|\breply\.|\.body\s*=)`)

// rejectRE recognises a branch that refuses the request.
var rejectRE = regexp.MustCompile(`(?i)(\b40[13]\b|forbidden|unauthori[sz]ed|StatusForbidden|StatusUnauthorized|PermissionDenied|not allowed)`)

// clientRoleRE recognises a role or admin flag read from the request.
var clientRoleRE = map[grammars.Family]*regexp.Regexp{
	grammars.FamilyJS:     regexp.MustCompile(`(?i)\b(req|request|ctx\.request|ctx)\.(body|query|params|cookies|signedCookies|headers)(\??\.|\[\s*['"])[\w-]*(role|admin|superuser|staff)`),
	grammars.FamilyGo:     regexp.MustCompile(`(?i)\b\w+\.(URL\.Query\(\)\.Get|FormValue|PostFormValue|Header\.Get|Query|DefaultQuery|PostForm|GetHeader|Cookie|Param)\(\s*"[\w-]*(role|admin|superuser)`),
	grammars.FamilyPython: regexp.MustCompile(`(?i)\brequest\.(args|form|values|json|cookies|headers|GET|POST|data|query_params)(\.get\(\s*|\[\s*)['"][\w-]*(role|admin|superuser|staff)`),
}

// visitAdminCheck reports an if statement whose condition is an admin
// check and whose branch hands out a whole collection with no permission
// or tenant scope, and an authorisation decision taken on a role the
// client sent (TL401).
func visitAdminCheck(p *Pass, n *sitter.Node) {
	u := p.Unit
	cond := grammars.Field(n, "condition")
	cons := grammars.Field(n, "consequence")
	if cond == nil || cons == nil || cond.HasError() {
		return
	}
	if grammars.End(cond)-grammars.Start(cond) > 400 {
		return
	}
	condText := u.Text(cond)
	if !mayNameRole(condText) {
		return // neither a role read from the client nor an admin check
	}
	inner := cond
	for grammars.Type(inner) == "parenthesized_expression" && grammars.NamedChildCount(inner) == 1 {
		inner = grammars.NamedChildAt(inner, 0)
	}
	// The consequence is read in place: a copy per visited if costs the
	// size of its body, quadratic on deeply nested ifs.
	consSrc := nodeBytes(u, cons)
	negated := negatedRE.MatchString(condText)

	if src := clientRoleSource(u, n, condText); src != "" {
		if negated || !rejectRE.Match(consSrc) {
			p.Report(Finding{
				Start: int(grammars.Start(inner)), End: int(grammars.End(inner)),
				Message: "Authorisation decided by `" + clip(src) + "`, a value the client sends: anyone can claim to be an admin. " +
					"Take the role from the server-side session or a verified token (or an auth service such as Clerk or Auth0), never from the request body, query, headers or cookies.",
			})
			return
		}
	}
	if !adminCheckRE.MatchString(condText) || negated || scopeRE.MatchString(condText) {
		return
	}
	if len(consSrc) > 4000 {
		return
	}
	consText := string(consSrc)
	if scopeRE.MatchString(consText) || !respondRE.MatchString(consText) || rejectRE.MatchString(consText) {
		return
	}
	m := unscopedCollectionRE.FindStringIndex(consText)
	if m == nil {
		return
	}
	what := strings.Join(strings.Fields(consText[m[0]:m[1]]), " ")
	if len(what) > 40 {
		what = what[:39] + "…"
	}
	check := strings.Join(strings.Fields(u.Text(inner)), " ")
	p.Report(Finding{
		Start: int(grammars.Start(inner)), End: int(grammars.End(inner)),
		Message: "Admin check `" + clip(check) + "` hands out every record (`" + what + "`) with no permission check and no organisation/tenant filter: " +
			"an admin of organisation A can read organisation B's data. Check a specific permission (e.g. hasPermission(user, 'read:all')) " +
			"and scope the records to the admin's organisation (orgId/tenant).",
	})
}

// nodeBytes returns n's source without copying it (nil when n's range
// lies outside the source).
func nodeBytes(u *Unit, n *sitter.Node) []byte {
	s, e := int(grammars.Start(n)), int(grammars.End(n))
	if s < 0 || e > len(u.Src) || s > e {
		return nil
	}
	return u.Src[s:e]
}

// clientAssignRE finds variables assigned from the request in JS, Go and
// Python: const { role } = req.body, role := r.FormValue("role"),
// role = request.args.get("role").
var clientAssignRE = map[grammars.Family]*regexp.Regexp{
	grammars.FamilyJS:     regexp.MustCompile(`(?:const|let|var)\s+(?:\{([^}]*)\}|(\w+))\s*=\s*(?:await\s+)?(req|request|ctx\.request)\.(body|query|params|cookies|signedCookies|headers)\b([\w.\[\]'"-]*)`),
	grammars.FamilyGo:     regexp.MustCompile(`(\w+)\s*:?=\s*\w+\.(URL\.Query\(\)\.Get|FormValue|PostFormValue|Header\.Get|Query|DefaultQuery|PostForm|GetHeader|Param)\(\s*"([\w-]*)"`),
	grammars.FamilyPython: regexp.MustCompile(`(\w+)\s*=\s*request\.(args|form|values|json|cookies|headers|GET|POST|data|query_params)(?:\.get\(\s*|\[\s*)['"]([\w-]*)['"]`),
}

// roleWordRE matches names and keys that carry a role or admin flag.
var roleWordRE = regexp.MustCompile(`(?i)(role|admin|superuser|staff)`)

// mayNameRole reports whether s may hold a word roleWordRE matches, which
// clientRoleRE and adminCheckRE need as well: without one visitAdminCheck
// has nothing to report. Text with a non-ASCII byte always may (Unicode
// case folding turns ſ and K into s and k).
func mayNameRole(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return true
		}
	}
	for _, w := range [...]string{"role", "admin", "superuser", "staff"} {
		for i := 0; i+len(w) <= len(s); i++ {
			if strings.EqualFold(s[i:i+len(w)], w) {
				return true
			}
		}
	}
	return false
}

// clientRoleSource returns the client-controlled expression (or the
// variable read from one) that the condition decides on, or "".
func clientRoleSource(u *Unit, n *sitter.Node, condText string) string {
	fam := u.Lang.Family()
	if m := clientRoleRE[fam].FindString(condText); m != "" {
		return m
	}
	if !roleWordRE.MatchString(condText) {
		return ""
	}
	fn := sqlEnclosingFunc(u, n)
	if fn == nil {
		return ""
	}
	if grammars.End(fn)-grammars.Start(fn) > 1<<16 {
		return ""
	}
	body := u.Text(fn)
	end := int(grammars.Start(n)) - int(grammars.Start(fn))
	if end < 0 || end > len(body) {
		return ""
	}
	for _, m := range clientAssignRE[fam].FindAllStringSubmatch(body[:end], -1) {
		var names []string
		switch fam {
		case grammars.FamilyJS:
			if m[1] != "" {
				for _, f := range strings.Split(m[1], ",") {
					f = strings.TrimSpace(f)
					if k, v, ok := strings.Cut(f, ":"); ok {
						f = strings.TrimSpace(v)
						_ = k
					}
					if i := strings.IndexAny(f, " ="); i >= 0 {
						f = f[:i]
					}
					names = append(names, f)
				}
			} else if roleWordRE.MatchString(m[2]) || roleWordRE.MatchString(m[5]) {
				names = append(names, m[2])
			}
		default:
			if roleWordRE.MatchString(m[1]) || roleWordRE.MatchString(m[3]) {
				names = append(names, m[1])
			}
		}
		for _, name := range names {
			if name == "" || !roleWordRE.MatchString(name) && !roleWordRE.MatchString(m[0]) {
				continue
			}
			if containsIdent(condText, name) && roleWordRE.MatchString(name) {
				return name + " (from the request)"
			}
		}
	}
	return ""
}
