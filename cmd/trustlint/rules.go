package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/trustlint/trustlint/detectors"
	"github.com/trustlint/trustlint/grammars"
)

// ruleJSON is one rule as `trustlint rules --format json` prints it.
type ruleJSON struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Severity  string   `json:"severity"`
	CWE       []string `json:"cwe"`
	Languages []string `json:"languages"`
	Summary   string   `json:"summary"`
	DocURL    string   `json:"docUrl"`
}

// familyLanguages names the languages each rule family covers.
func familyLanguages(f grammars.Family) []string {
	switch f {
	case grammars.FamilyJS:
		return []string{"javascript", "typescript"}
	case grammars.FamilyGo:
		return []string{"go"}
	case grammars.FamilyPython:
		return []string{"python"}
	}
	return []string{string(f)}
}

func ruleLanguages(r detectors.Rule) []string {
	if len(r.Families) == 0 {
		return []string{"workspace"}
	}
	langs := []string{}
	for _, f := range r.Families {
		langs = append(langs, familyLanguages(f)...)
	}
	return langs
}

// runRules implements `trustlint rules`.
func runRules(e env, args []string) int {
	fs := flag.NewFlagSet("trustlint rules", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	format := fs.String("format", "text", "output format: text or json")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		errorf(e, "rules: unexpected argument %q", fs.Arg(0))
		return exitError
	}
	rules := detectors.Catalog()
	switch *format {
	case "text":
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tSEVERITY\tCWE\tLANGUAGES\tSUMMARY")
		for _, r := range rules {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Name, r.Severity,
				strings.Join(r.CWE, ","), strings.Join(ruleLanguages(r), ","), r.Summary)
		}
		if err := tw.Flush(); err != nil {
			errorf(e, "rules: write: %v", err)
			return exitError
		}
	case "json":
		out := make([]ruleJSON, 0, len(rules))
		for _, r := range rules {
			cwe := r.CWE
			if cwe == nil {
				cwe = []string{}
			}
			out = append(out, ruleJSON{
				ID: r.ID, Name: r.Name, Severity: r.Severity.String(), CWE: cwe,
				Languages: ruleLanguages(r), Summary: r.Summary, DocURL: r.DocURL(),
			})
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			errorf(e, "rules: write: %v", err)
			return exitError
		}
	default:
		errorf(e, "rules: unknown --format %q (want text or json)", *format)
		return exitError
	}
	return exitOK
}
