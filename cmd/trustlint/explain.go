package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/trustlint/trustlint/detectors"
	"github.com/trustlint/trustlint/docs"
)

// runExplain implements `trustlint explain TLnnn`: it prints the rule's
// documentation page, embedded in the binary.
func runExplain(e env, args []string) int {
	fs := flag.NewFlagSet("trustlint explain", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: trustlint explain RULE   (for example: trustlint explain TL101)")
		fmt.Fprintln(fs.Output(), "Prints the rule's documentation: what is wrong, why, what to do instead, the fix and how to suppress it.")
	}
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() != 1 {
		errorf(e, "explain: want exactly one rule ID, like TL101 (see trustlint rules)")
		return exitError
	}
	id := strings.ToUpper(strings.TrimSpace(fs.Arg(0)))
	rule, known := detectors.Lookup(id)
	page, err := docs.Rule(id)
	if err != nil {
		if !known {
			errorf(e, "explain: unknown rule %q (see trustlint rules)", fs.Arg(0))
			return exitError
		}
		// A rule in the catalog whose page is not written yet: say what
		// the catalog knows.
		fmt.Fprintf(e.stdout, "# %s %s\n\nSeverity: %s\nCWE: %s\n\n%s\n\nMore: %s\n", rule.ID, rule.Name,
			rule.Severity, strings.Join(rule.CWE, ", "), rule.Summary, rule.DocURL())
		return exitOK
	}
	if _, err := e.stdout.Write(page); err != nil {
		errorf(e, "explain: write: %v", err)
		return exitError
	}
	return exitOK
}
