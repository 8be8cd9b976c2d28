package detectors

import (
	"fmt"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// commentKinds are the comment node types of each family.
var commentKinds = map[grammars.Family][]string{
	grammars.FamilyJS:     {"comment"},
	grammars.FamilyGo:     {"comment"},
	grammars.FamilyPython: {"comment"},
}

// commentLit views a comment as a literal without quotes, so the string
// scanners can read it.
func commentLit(n *sitter.Node) StringLit {
	s, e := int(grammars.Start(n)), int(grammars.End(n))
	return StringLit{Node: n, Start: s, End: e, ContentStart: s, ContentEnd: e, Fragments: []Span{{s, e}}}
}

// visitCommentToken reports a provider token written in a comment, at
// information severity: it is leaked all the same when the file is
// shared, but nothing reads it at run time.
func visitCommentToken(p *Pass, n *sitter.Node) {
	lit := commentLit(n)
	h, ok := firstToken(p.Unit, lit, "")
	if !ok {
		return
	}
	p.Report(Finding{
		Start: h.Start, End: h.End, Severity: SeverityInformation,
		Message: fmt.Sprintf("%s (%s) in a comment: revoke it and remove it from the file", h.name(), redact(string(p.Src[h.Start:h.End]))),
	})
}

// visitCommentCredential reports "password = …" in a comment, at
// information severity.
func visitCommentCredential(p *Pass, n *sitter.Node) {
	visitInlineCredential(p, commentLit(n), SeverityInformation)
}

// visitInlineCredential reports the first credential-named "name = value"
// inside a literal's (or a comment's) text whose value looks generated.
func visitInlineCredential(p *Pass, lit StringLit, sev Severity) {
	if c, ok := findInlineCredential(p.Unit, lit, isTestUnit(p.Unit)); ok {
		reportInlineCredential(p, lit, c, sev)
	}
}

// inlineCred is a credential written inside a text: a credential-named
// "name = value" or a curl -u argument, in fragment fr of a literal;
// offsets in a are relative to the fragment.
type inlineCred struct {
	fr   Span
	a    inlineAssign
	v    string
	curl bool
}

// findInlineCredential returns the first credential inside a literal's (or
// a comment's) text that TL102 reports: in each fragment in turn, the
// first credential-named "name = value" whose value looks generated, else
// the first curl -u credential. It only reads the text.
func findInlineCredential(u *Unit, lit StringLit, testFile bool) (inlineCred, bool) {
	src := u.srcString()
	for _, fr := range lit.Fragments {
		text := src[fr.Start:fr.End]
		for _, a := range inlineAssignments(text) {
			if !a.AuthHeader && !isCredentialName(a.Key) {
				continue
			}
			v := text[a.ValStart:a.ValEnd]
			if !reportableCredential(v, a.Key, testFile) || !strongInlineValue(v) {
				continue
			}
			return inlineCred{fr: fr, a: a, v: v}, true
		}
		for _, a := range curlCredentials(text) {
			v := text[a.ValStart:a.ValEnd]
			if !curlValueOK(v, testFile) {
				continue
			}
			return inlineCred{fr: fr, a: a, v: v, curl: true}, true
		}
	}
	return inlineCred{}, false
}

// reportInlineCredential reports c, found in lit, at severity sev: at the
// value in a comment (information), at the literal with a fix elsewhere.
func reportInlineCredential(p *Pass, lit StringLit, c inlineCred, sev Severity) {
	fr, a, v := c.fr, c.a, c.v
	if c.curl {
		if sev == SeverityInformation {
			p.Report(Finding{
				Start: fr.Start + a.ValStart, End: fr.Start + a.ValEnd, Severity: sev,
				Message: "Credential passed to `curl -u`" + paren(redact(v)) + " in a comment: revoke it and remove it from the file",
			})
			return
		}
		f := Finding{
			Start: lit.Start, End: lit.End, Severity: sev,
			Message: "Hardcoded credential passed to `curl -u`" + paren(redact(v)) + " inside a string: read it from the environment",
		}
		if fix, ok := envFix(p.Unit, lit, Span{fr.Start + a.ValStart, fr.Start + a.ValEnd}, "CURL_PASSWORD"); ok {
			f.Fixes = append(f.Fixes, fix)
		}
		p.Report(f)
		return
	}
	where := "`" + clip(a.Key) + "`"
	if sev == SeverityInformation {
		p.Report(Finding{
			Start: fr.Start + a.ValStart, End: fr.Start + a.ValEnd, Severity: sev,
			Message: "Credential for " + where + paren(redact(v)) + " in a comment: revoke it and remove it from the file",
		})
		return
	}
	f := Finding{
		Start: lit.Start, End: lit.End, Severity: sev,
		Message: "Hardcoded credential for " + where + paren(redact(v)) + " inside a string: read it from the environment",
	}
	env := EnvName(a.Key)
	if a.AuthHeader {
		env = "API_TOKEN"
	}
	if fix, ok := envFix(p.Unit, lit, Span{fr.Start + a.ValStart, fr.Start + a.ValEnd}, env); ok {
		f.Fixes = append(f.Fixes, fix)
	}
	p.Report(f)
}
