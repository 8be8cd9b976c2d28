package detectors

import (
	"strings"

	"github.com/trustlint/trustlint/grammars"
)

// SuppressMarker starts a suppression comment:
//
//	// trustlint-ignore TL101 -- test key from the provider's docs
//
// on the finding's line or the line above. Without rule IDs it suppresses
// every rule on that line.
const SuppressMarker = "trustlint-ignore"

// foreignMarkers are other tools' suppression comments that trustlint
// honours, with the rule ID prefixes they cover ("" means every rule).
var foreignMarkers = []struct{ marker, prefix string }{
	{"gitleaks:allow", "TL10"},
	{"pragma: allowlist secret", "TL10"},
	{"nosec", ""},
	{"nosemgrep", ""},
}

// filterSuppressed drops findings silenced by a comment.
func filterSuppressed(u *Unit, fs []Finding) []Finding {
	out := fs[:0]
	for _, f := range fs {
		if !suppressed(u, f) {
			out = append(out, f)
		}
	}
	return out
}

func suppressed(u *Unit, f Finding) bool {
	line := u.Line(f.Start)
	if suppressedBy(commentPart(u.LineText(line)), f.Rule) {
		return true
	}
	if line > 0 {
		above := strings.TrimSpace(u.LineText(line - 1))
		if isCommentLine(above) && suppressedBy(above, f.Rule) {
			return true
		}
	}
	return false
}

// commentPart returns the text from the first comment opener on the line,
// or "" when the line has none.
func commentPart(line string) string {
	best := -1
	for _, opener := range []string{"//", "#", "/*"} {
		if i := strings.Index(line, opener); i >= 0 && (best < 0 || i < best) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return line[best:]
}

func isCommentLine(s string) bool {
	return strings.HasPrefix(s, "//") || strings.HasPrefix(s, "#") ||
		strings.HasPrefix(s, "/*") || strings.HasPrefix(s, "*") || strings.HasPrefix(s, "{/*")
}

func suppressedBy(comment, rule string) bool {
	if comment == "" {
		return false
	}
	if i := strings.Index(comment, SuppressMarker); i >= 0 {
		rest := comment[i+len(SuppressMarker):]
		if j := strings.Index(rest, "--"); j >= 0 {
			rest = rest[:j]
		}
		rest = strings.TrimSuffix(strings.TrimSpace(rest), "*/")
		ids := strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == ':' })
		var named []string
		for _, id := range ids {
			if strings.HasPrefix(strings.ToUpper(id), "TL") {
				named = append(named, strings.ToUpper(id))
			}
		}
		if len(named) == 0 {
			return true
		}
		for _, id := range named {
			if id == rule {
				return true
			}
		}
	}
	lower := strings.ToLower(comment)
	for _, m := range foreignMarkers {
		if strings.Contains(lower, m.marker) && strings.HasPrefix(rule, m.prefix) {
			return true
		}
	}
	return false
}

// suppressFix builds the code action that silences f with a comment on the
// line above, keeping the line's indentation. The reason is left for the
// user to write.
func suppressFix(u *Unit, f Finding) Fix {
	start := u.LineStart(f.Start)
	opener := "//"
	if u.Lang == grammars.Python {
		opener = "#"
	}
	text := u.Indent(f.Start) + opener + " " + SuppressMarker + " " + f.Rule + " -- reason: " + u.Newline()
	return Fix{
		Title: "Suppress " + f.Rule + " on this line (trustlint-ignore with a reason)",
		Edits: []Edit{{Start: start, End: start, NewText: text}},
	}
}
