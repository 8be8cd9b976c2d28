package config

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/trustlint/trustlint/detectors"
)

// customSecretRule is the rule custom secret patterns report under.
const customSecretRule = "TL101"

// maxPatternMatches bounds the findings one custom pattern adds to a file.
const maxPatternMatches = 1000

// Apply adapts the engine's findings for src to the configuration: it adds
// the matches of the custom secret patterns (as TL101, when TL101 is
// enabled) and drops the findings whose text is allowlisted. The result is
// sorted by position.
func (c Config) Apply(src []byte, findings []detectors.Finding) []detectors.Finding {
	if len(c.Patterns) > 0 && c.Detectors.Enabled(customSecretRule) {
		findings = append(findings, c.patternFindings(src, findings)...)
		sort.SliceStable(findings, func(i, j int) bool {
			if findings[i].Start != findings[j].Start {
				return findings[i].Start < findings[j].Start
			}
			return findings[i].Rule < findings[j].Rule
		})
	}
	if len(c.Allow.Values) == 0 && len(c.Allow.Regexes) == 0 {
		return findings
	}
	out := findings[:0:0]
	for _, f := range findings {
		if !c.Allow.allowsText(text(src, f)) {
			out = append(out, f)
		}
	}
	return out
}

// allowsText reports whether an offending text is allowlisted. Regexes
// are tried on the text and on the text without its surrounding quotes.
func (a Allowlist) allowsText(s string) bool {
	for _, v := range a.Values {
		if strings.Contains(s, v) {
			return true
		}
	}
	for _, re := range a.Regexes {
		if re.MatchString(s) || re.MatchString(unquote(s)) {
			return true
		}
	}
	return false
}

func text(src []byte, f detectors.Finding) string {
	if f.Start < 0 || f.End > len(src) || f.Start > f.End {
		return ""
	}
	return string(src[f.Start:f.End])
}

// patternFindings reports the custom patterns' matches that no existing
// TL101 finding covers and no suppression comment silences.
func (c Config) patternFindings(src []byte, existing []detectors.Finding) []detectors.Finding {
	rule, _ := detectors.Lookup(customSecretRule)
	var out []detectors.Finding
	for _, p := range c.Patterns {
		sev := p.Severity
		if s, ok := c.Detectors.Severity[customSecretRule]; ok {
			sev = s
		}
		for _, m := range p.Regex.FindAllIndex(src, maxPatternMatches) {
			start, end := m[0], m[1]
			if covered(existing, start, end) || covered(out, start, end) || suppressedAt(src, start) {
				continue
			}
			out = append(out, detectors.Finding{
				Rule:     customSecretRule,
				Name:     rule.Name,
				Severity: sev,
				Start:    start,
				End:      end,
				Message:  fmt.Sprintf("Secret matching the custom pattern %q (%s) is hardcoded; read it from the environment or a secret manager.", p.Name, preview(src[start:end])),
			})
		}
	}
	return out
}

// preview shows at most the first 4 characters of a secret.
func preview(b []byte) string {
	r := []rune(string(b))
	if len(r) <= 4 {
		return "…"
	}
	return string(r[:4]) + "…"
}

func covered(fs []detectors.Finding, start, end int) bool {
	for _, f := range fs {
		if f.Rule == customSecretRule && f.Start < end && start < f.End {
			return true
		}
	}
	return false
}

// suppressedAt reports whether the line holding off, or a comment line
// right above it, carries a suppression for TL101: trustlint-ignore (with
// no IDs or with TL101), gitleaks:allow or pragma: allowlist secret.
func suppressedAt(src []byte, off int) bool {
	lineStart := bytes.LastIndexByte(src[:off], '\n') + 1
	lineEnd := bytes.IndexByte(src[off:], '\n')
	if lineEnd < 0 {
		lineEnd = len(src)
	} else {
		lineEnd += off
	}
	if suppressesSecret(string(src[lineStart:lineEnd])) {
		return true
	}
	if lineStart == 0 {
		return false
	}
	prevStart := bytes.LastIndexByte(src[:lineStart-1], '\n') + 1
	prev := strings.TrimSpace(string(src[prevStart : lineStart-1]))
	isComment := strings.HasPrefix(prev, "//") || strings.HasPrefix(prev, "#") || strings.HasPrefix(prev, "/*") || strings.HasPrefix(prev, "*")
	return isComment && suppressesSecret(prev)
}

func suppressesSecret(line string) bool {
	lower := strings.ToLower(line)
	if strings.Contains(lower, "gitleaks:allow") || strings.Contains(lower, "pragma: allowlist secret") {
		return true
	}
	i := strings.Index(line, detectors.SuppressMarker)
	if i < 0 {
		return false
	}
	rest := line[i+len(detectors.SuppressMarker):]
	if j := strings.Index(rest, "--"); j >= 0 {
		rest = rest[:j]
	}
	named := false
	for _, w := range strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == ':' }) {
		w = strings.ToUpper(w)
		if strings.HasPrefix(w, "TL") {
			named = true
			if w == customSecretRule {
				return true
			}
		}
	}
	return !named
}

// unquote trims one pair of matching quotes (', ", `) around s.
func unquote(s string) string {
	if len(s) >= 2 && strings.ContainsRune("'\"`", rune(s[0])) && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}
