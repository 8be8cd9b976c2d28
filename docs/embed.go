// Package docs embeds the rule documentation pages (docs/rules/TLnnn.md)
// so that `trustlint explain` works from a single binary.
package docs

import (
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
)

//go:embed rules/*.md
var rules embed.FS

var ruleID = regexp.MustCompile(`^TL[0-9]{3}$`)

// Rule returns the Markdown page of the rule with the given ID (TL101).
func Rule(id string) ([]byte, error) {
	id = strings.ToUpper(strings.TrimSpace(id))
	if !ruleID.MatchString(id) {
		return nil, fmt.Errorf("docs: %q is not a rule ID (like TL101)", id)
	}
	b, err := fs.ReadFile(rules, "rules/"+id+".md")
	if err != nil {
		return nil, fmt.Errorf("docs: no page for %s: %w", id, err)
	}
	return b, nil
}
