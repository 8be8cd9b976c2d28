package detectors

import (
	"fmt"
	"strings"
	"unicode/utf8"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// secretsFamily is the secrets family: TL101, TL102 and TL103.
func secretsFamily() family {
	return family{
		rules: []Rule{
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
			{
				ID: "TL103", Name: "private-key", Severity: SeverityError,
				CWE: []string{"CWE-798", "CWE-321"}, Families: allFamilies,
				Summary: "A PEM private key block (RSA, EC, DSA, OpenSSH, PGP, PKCS#8) written in a string literal; encrypted keys at warning.",
			},
		},
		checkers: secretCheckers(),
	}
}

// secretCheckers returns the detectors of the secrets family (TL101, TL102).
// Both inspect string literals: TL101 scans their text for provider token
// formats, TL102 looks at what the literal is given to.
func secretCheckers() []checker {
	return []checker{
		{rule: "TL101", kinds: stringKinds, visit: visitProviderToken},
		{rule: "TL102", kinds: stringKinds, visit: visitCredential},
		{rule: "TL103", kinds: stringKinds, visit: visitPrivateKey},
		{rule: "TL101", kinds: commentKinds, visit: visitCommentToken},
		{rule: "TL102", kinds: commentKinds, visit: visitCommentCredential},
	}
}

// redact shows at most the first four characters of a secret followed by
// "…", or nothing for a secret of four characters or fewer.
func redact(secret string) string {
	if utf8.RuneCountInString(secret) <= 4 {
		return ""
	}
	n := 0
	for i := range secret {
		if n == 4 {
			return secret[:i] + "…"
		}
		n++
	}
	return ""
}

// visitProviderToken reports the first provider token (TL101) in a string
// literal's text fragments that is not a documented example or a
// placeholder. A token given to a name that mentions its provider
// ("herokuApiKey") or written as "name = value" inside the text counts
// for the providers whose shape alone is too common.
func visitProviderToken(p *Pass, n *sitter.Node) {
	lit, ok := ParseStringLit(p.Unit, n)
	if !ok {
		return
	}
	if top, text, ok := concatChain(p.Unit, n); ok {
		reportConcatToken(p, top, text)
	}
	if !hasLongFragment(lit) {
		return // firstTokenFor reads no shorter text: spare the name's closure.
	}
	if h, ok := firstTokenFor(p.Unit, lit, targetName(p.Unit, n)); ok {
		token := string(p.Src[h.Start:h.End])
		f := Finding{
			Start: lit.Start, End: lit.End, Severity: h.severity(),
			Message: fmt.Sprintf("Hardcoded %s (%s) in source: read it from the environment", h.name(), redact(token)),
		}
		if fix, ok := envFix(p.Unit, lit, Span{h.Start, h.End}, h.env()); ok {
			f.Fixes = append(f.Fixes, fix)
		}
		p.Report(f)
	}
}

// targetName returns the name the literal n is given to, with the
// variable of an environment lookup it is the default of ("name ENV"),
// resolved on the first call only: most literals hold no token and never
// need it, and resolving climbs the tree.
func targetName(u *Unit, n *sitter.Node) nameFunc {
	if targetResolvers[u.Lang.Family()] == nil {
		return nil
	}
	done, name := false, ""
	return func() string {
		if !done {
			done = true
			t, _ := literalTarget(u, n)
			name = t.Name
			if t.Env != "" {
				name += " " + t.Env
			}
		}
		return name
	}
}

// minTokenText is the least length of a text that can hold a provider
// token or a named provider's value (findTokensNamed and matchNamed
// need 16 bytes): shorter fragments are not read.
const minTokenText = 16

// hasLongFragment reports whether a fragment of lit is long enough
// (minTokenText) to hold a provider token.
func hasLongFragment(lit StringLit) bool {
	for _, fr := range lit.Fragments {
		if fr.End-fr.Start >= minTokenText {
			return true
		}
	}
	return false
}

// firstToken returns the first provider token of a literal: a marked
// token in a fragment, a named provider's value for the whole content, or
// a named provider's value in an inline "name = value".
func firstToken(u *Unit, lit StringLit, name string) (tokenHit, bool) {
	return firstTokenFor(u, lit, func() string { return name })
}

// firstTokenFor is firstToken with the literal's name asked for only when
// a check needs it (a keyword-bound marker or a named provider's shape).
func firstTokenFor(u *Unit, lit StringLit, name nameFunc) (tokenHit, bool) {
	if !hasLongFragment(lit) {
		return tokenHit{}, false
	}
	src := u.srcString()
	for _, fr := range lit.Fragments {
		text := src[fr.Start:fr.End]
		for _, h := range findTokensLazy(text, fr.Start, name) {
			body := src[h.BodyStart:h.BodyEnd]
			if isTokenPlaceholder(text, h.Start-fr.Start, h.End-fr.Start, body, h.Provider.mixed) {
				continue
			}
			return h, true
		}
	}
	if !lit.HasInterpolation() {
		content := src[lit.ContentStart:lit.ContentEnd]
		if pr, ok := matchNamedLazy(name, content); ok && !isTokenPlaceholder(content, 0, len(content), content, pr.mixed) {
			return tokenHit{Provider: pr, Start: lit.ContentStart, End: lit.ContentEnd, BodyStart: lit.ContentStart, BodyEnd: lit.ContentEnd}, true
		}
	}
	for _, fr := range lit.Fragments {
		if fr.End-fr.Start < minTokenText {
			continue
		}
		text := src[fr.Start:fr.End]
		for _, a := range inlineAssignments(text) {
			v := text[a.ValStart:a.ValEnd]
			if pr, ok := matchNamed(a.Key, v); ok && !isTokenPlaceholder(text, a.ValStart, a.ValEnd, v, pr.mixed) {
				return tokenHit{Provider: pr, Start: fr.Start + a.ValStart, End: fr.Start + a.ValEnd, BodyStart: fr.Start + a.ValStart, BodyEnd: fr.Start + a.ValEnd}, true
			}
		}
	}
	return tokenHit{}, false
}

// reportConcatToken reports a provider token that only appears once the
// literals of a "+" chain are joined ("sk_live_" + "4Fzb…"). There is no
// automatic fix: the chain is replaced as a whole by hand.
func reportConcatToken(p *Pass, top *sitter.Node, text string) {
	for _, h := range findTokens(text, 0) {
		body := text[h.BodyStart:h.BodyEnd]
		if isTokenPlaceholder(text, h.Start, h.End, body, h.Provider.mixed) {
			continue
		}
		p.Report(Finding{
			Start: int(grammars.Start(top)), End: int(grammars.End(top)), Severity: h.severity(),
			Message: fmt.Sprintf("Hardcoded %s (%s) split across a concatenation: read it from the environment", h.name(), redact(text[h.Start:h.End])),
		})
		return
	}
}

// credTarget is what a string literal is given to.
type credTarget struct {
	// Name is the variable, field, parameter, argument or key name as
	// written (its last component).
	Name string
	// Fallback is true when the literal is the default of an environment
	// lookup (process.env.X || "…", os.getenv("X", "…")).
	Fallback bool
	// Env is the variable of that lookup, when known.
	Env string
	// FallbackExpr is the whole lookup-with-default expression
	// (`process.env.X || "…"`, `os.getenv("X", "…")`), when Fallback.
	FallbackExpr *sitter.Node
}

// targetResolvers find a literal's target in each family.
var targetResolvers = map[grammars.Family]func(u *Unit, n *sitter.Node) (credTarget, bool){
	grammars.FamilyJS:     jsCredentialTarget,
	grammars.FamilyGo:     goCredentialTarget,
	grammars.FamilyPython: pyCredentialTarget,
}

// maxTargetDepth bounds how far resolvers climb from a literal through
// wrappers (parentheses, type assertions, fallbacks).
const maxTargetDepth = 8

// visitCredential reports a literal given to a credential-named target or
// used as an Authorization header value (TL102).
func visitCredential(p *Pass, n *sitter.Node) {
	if targetResolvers[p.Lang.Family()] == nil {
		return
	}
	lit, ok := ParseStringLit(p.Unit, n)
	if !ok || lit.HasInterpolation() || lit.ContentEnd-lit.ContentStart < 4 {
		return
	}
	testFile := isTestUnit(p.Unit)
	// Every finding needs the content (or an Authorization value's
	// credential) to pass credentialShapeOK, or a credential inside the
	// text: without either, what the literal is given to does not matter.
	var inline inlineCred
	inlineFound, inlineKnown := false, false
	if content := p.srcString()[lit.ContentStart:lit.ContentEnd]; !credentialShapeOK(content, testFile) {
		if _, token := authToken(content); token == content || !credentialShapeOK(token, testFile) {
			inline, inlineFound = findInlineCredential(p.Unit, lit, testFile)
			inlineKnown = true
			if !inlineFound {
				return
			}
		}
	}
	// reportInline reports the credential inside the text, if any.
	reportInline := func() {
		if !inlineKnown {
			inline, inlineFound = findInlineCredential(p.Unit, lit, testFile)
		}
		if inlineFound {
			reportInlineCredential(p, lit, inline, inlineSeverity(p.Unit, n))
		}
	}
	if !mayHaveTarget(p.Unit, lit.Start) {
		// No name and no fallback: only the text can hold a credential.
		reportInline()
		return
	}
	t, ok := literalTarget(p.Unit, n)
	if !ok && !(t.Fallback && t.Env != "") {
		// A fallback of a named environment lookup counts even when its
		// expression goes somewhere unnamed. Otherwise look inside the
		// text for "password=…" lines.
		reportInline()
		return
	}
	content := lit.Content(p.Unit)
	if _, isKey := findPrivateKey(content); isKey {
		return // TL103 reports it.
	}
	name, env := t.Name, ""
	if t.Env != "" && (isCredentialName(t.Env) || !isCredentialName(t.Name)) {
		name, env = t.Env, t.Env
	}
	secret := Span{lit.ContentStart, lit.ContentEnd}
	var msg string
	switch {
	case isAuthHeaderName(name):
		off, token := authToken(content)
		if !reportableCredential(token, name, testFile) {
			return
		}
		secret = Span{lit.ContentStart + off, lit.ContentStart + off + len(token)}
		env = "API_TOKEN"
		msg = "Hardcoded credential in `" + clip(name) + "` header" + paren(redact(token)) + ": read it from the environment"
	case isCredentialName(name):
		if !reportableCredential(content, name, testFile) {
			return
		}
		if env == "" {
			env = EnvName(name)
		}
		msg = "Hardcoded credential in `" + clip(name) + "`" + paren(redact(content)) + ": read it from the environment"
	default:
		if !t.Fallback {
			reportInline()
		}
		return
	}
	f := Finding{Start: lit.Start, End: lit.End, Message: msg}
	if t.Fallback {
		f.Message = "Hardcoded fallback credential for `" + clip(name) + "`" + paren(redact(content)) + ": fail when the variable is unset instead"
		if fix, ok := fallbackFix(p.Unit, t.FallbackExpr, t.Env); ok {
			f.Fixes = append(f.Fixes, fix)
		}
	} else if fix, ok := envFix(p.Unit, lit, secret, env); ok {
		f.Fixes = append(f.Fixes, fix)
	}
	p.Report(f)
}

type testUnitKey struct{}

// isTestUnit is u.IsTestFile(), worked out once per unit: TL102 asks for
// every literal.
func isTestUnit(u *Unit) bool {
	return memo(u, testUnitKey{}, u.IsTestFile)
}

// inlineSeverity is the severity of a credential written inside a
// string's text: information in a bare string statement (a Python
// docstring's usage example reads like a comment), error elsewhere.
func inlineSeverity(u *Unit, n *sitter.Node) Severity {
	if parentKind(u, n) == "expression_statement" {
		return SeverityInformation
	}
	return SeverityError
}

// authSchemes are the Authorization schemes whose parameter is a
// credential.
var authSchemes = map[string]bool{"bearer": true, "basic": true, "token": true, "bot": true, "apikey": true, "api-key": true}

// authToken splits an Authorization header value into its credential and
// that credential's byte offset: "Bearer abc" gives (7, "abc"), a value
// without a known scheme is a credential as a whole.
func authToken(v string) (int, string) {
	scheme, rest, ok := strings.Cut(v, " ")
	if !ok || !authSchemes[strings.ToLower(scheme)] {
		return 0, v
	}
	trimmed := strings.TrimLeft(rest, " ")
	return len(v) - len(trimmed), trimmed
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// clip shortens a name for a message.
func clip(name string) string {
	if utf8.RuneCountInString(name) <= 60 {
		return name
	}
	r := []rune(name)
	return string(r[:59]) + "…"
}

// sameNode reports whether a and b are the same node.
func sameNode(a, b *sitter.Node) bool {
	return a != nil && b != nil && grammars.Start(a) == grammars.Start(b) && grammars.End(a) == grammars.End(b) && grammars.Type(a) == grammars.Type(b)
}

// stringValue returns the content of n when it is a string literal without
// interpolation.
func stringValue(u *Unit, n *sitter.Node) (string, bool) {
	lit, ok := ParseStringLit(u, n)
	if !ok || lit.HasInterpolation() {
		return "", false
	}
	return lit.Content(u), true
}

// keyName returns the name a key node stands for: an identifier's text or
// a string key's content.
func keyName(u *Unit, n *sitter.Node) (string, bool) {
	if n == nil {
		return "", false
	}
	switch grammars.Type(n) {
	case "identifier", "property_identifier", "field_identifier", "shorthand_property_identifier",
		"shorthand_property_identifier_pattern", "private_property_identifier", "type_identifier":
		return strings.TrimPrefix(u.Text(n), "#"), true
	}
	return stringValue(u, n)
}

// argIndex returns the position of n among the named children of args,
// ignoring comments, or -1.
func argIndex(args, n *sitter.Node) int {
	idx := 0
	for i := 0; i < int(grammars.NamedChildCount(args)); i++ {
		c := grammars.NamedChildAt(args, i)
		if c == nil || grammars.Type(c) == "comment" {
			continue
		}
		if sameNode(c, n) {
			return idx
		}
		idx++
	}
	return -1
}

// firstArg returns the first named, non-comment child of args.
func firstArg(args *sitter.Node) *sitter.Node {
	for i := 0; i < int(grammars.NamedChildCount(args)); i++ {
		if c := grammars.NamedChildAt(args, i); c != nil && grammars.Type(c) != "comment" {
			return c
		}
	}
	return nil
}

// setterMethods are the methods whose (key, value) arguments set a named
// header, setting or variable.
var setterMethods = map[string]bool{
	"set": true, "append": true, "add": true, "setHeader": true, "setRequestHeader": true,
	"header": true, "setItem": true, "Set": true, "Add": true, "Setenv": true,
	"add_header": true, "putheader": true, "setdefault": true, "putenv": true,
	"setProperty": true,
}

// setterKey returns the key of a setter call whose second argument is n:
// headers.set("Authorization", n), os.Setenv("DB_PASSWORD", n).
func setterKey(u *Unit, args, n *sitter.Node, method string) (string, bool) {
	if !setterMethods[method] || argIndex(args, n) != 1 {
		return "", false
	}
	return stringValue(u, firstArg(args))
}

// lastComponent returns the text after the last "." of s.
func lastComponent(s string) string {
	if i := strings.LastIndex(s, "."); i >= 0 {
		return s[i+1:]
	}
	return s
}
