package main

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/trustlint/trustlint/detectors"
	"github.com/trustlint/trustlint/docs"
)

// sarifRootID is the uriBaseId result paths are relative to: the
// repository root (GitHub code scanning resolves it to the checkout).
const sarifRootID = "%SRCROOT%"

// fingerprintKey names trustlint's partial fingerprint in SARIF results.
const fingerprintKey = "trustlint/v1"

// sarifLevel maps a severity to a SARIF result level.
func sarifLevel(s detectors.Severity) string {
	switch s {
	case detectors.SeverityError:
		return "error"
	case detectors.SeverityWarning:
		return "warning"
	}
	return "note"
}

// securitySeverity is GitHub's numeric "security-severity" rule property
// (above 7 high, 4 to 7 medium, below 4 low).
func securitySeverity(s detectors.Severity) string {
	switch s {
	case detectors.SeverityError:
		return "8.0"
	case detectors.SeverityWarning:
		return "5.5"
	case detectors.SeverityInformation:
		return "3.0"
	}
	return "1.0"
}

// sarifReport builds the SARIF 2.1.0 log of a scan.
func (s *scan) sarifReport(findings []reported) *sarif.Report {
	rep := sarif.NewReport()
	run := sarif.NewRunWithInformationURI("trustlint", "https://github.com/trustlint/trustlint")
	run.Tool.Driver.WithVersion(s.e.version).WithSemanticVersion(strings.TrimPrefix(s.e.version, "v"))
	run.WithColumnKind("utf16CodeUnits")
	root := filepath.ToSlash(s.root)
	if !strings.HasSuffix(root, "/") {
		root += "/"
	}
	if !strings.HasPrefix(root, "/") {
		root = "/" + root // Windows drive paths
	}
	run.WithOriginalUriBaseIds(map[string]sarif.ArtifactLocation{
		sarifRootID: *sarif.NewArtifactLocation().WithURI((&url.URL{Scheme: "file", Path: root}).String()),
	})

	for _, r := range detectors.Catalog() {
		tags := []string{"security"}
		for _, cwe := range r.CWE {
			tags = append(tags, "external/cwe/"+strings.ToLower(cwe))
		}
		props := sarif.NewPropertyBag().WithTags(tags)
		props.Add("precision", "high")
		props.Add("security-severity", securitySeverity(r.Severity))
		props.Add("problem.severity", sarifProblemSeverity(r.Severity))
		help := r.Summary + "\n\nDocumentation: " + r.DocURL()
		helpMsg := sarif.NewMultiformatMessageString().WithText(help)
		if page, err := docs.Rule(r.ID); err == nil {
			helpMsg.WithMarkdown(string(page))
		}
		run.AddRule(r.ID).
			WithName(ruleDisplayName(r.Name)).
			WithShortDescription(sarif.NewMultiformatMessageString().WithText(r.Summary)).
			WithFullDescription(sarif.NewMultiformatMessageString().WithText(r.Summary)).
			WithHelpURI(r.DocURL()).
			WithHelp(helpMsg).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(r.Severity))).
			WithProperties(props)
	}

	for _, f := range findings {
		uri := f.file.rel
		loc := sarif.NewArtifactLocation().WithURI(uriEscape(uri)).WithURIBaseID(sarifRootID)
		if uri == "" {
			loc = sarif.NewArtifactLocation().WithURI((&url.URL{Scheme: "file", Path: filepath.ToSlash(f.file.abs)}).String())
		}
		res := run.CreateResultForRule(f.finding.Rule).
			WithLevel(sarifLevel(f.severity)).
			WithMessage(sarif.NewTextMessage(f.finding.Message)).
			AddLocation(sarif.NewLocationWithPhysicalLocation(sarif.NewPhysicalLocation().
				WithArtifactLocation(loc).
				WithRegion(sarifRegion(f.start, f.end)))).
			WithPartialFingerprints(map[string]string{fingerprintKey: f.fingerprint})
		for _, fix := range f.finding.Fixes {
			if strings.HasPrefix(fix.Title, "Suppress ") || len(fix.Edits) == 0 {
				continue
			}
			change := sarif.NewArtifactChange().WithArtifactLocation(loc)
			for _, e := range fix.Edits {
				change.AddReplacement(sarif.NewReplacement().
					WithDeletedRegion(sarifRegion(positionAt(f.ix, e.Start), positionAt(f.ix, e.End))).
					WithInsertedContent(sarif.NewArtifactContent().WithText(e.NewText)))
			}
			res.AddFixe(sarif.NewFix().WithDescription(sarif.NewTextMessage(fix.Title)).AddArtifactChange(change))
		}
	}

	inv := sarif.NewInvocation().WithExecutionSuccessful(len(s.errors) == 0)
	for _, sk := range s.skipped {
		inv.AddToolExecutionNotification(sarif.NewNotification().WithLevel("note").
			WithMessage(sarif.NewTextMessage("skipped " + sk.Path + ": " + sk.Reason)))
	}
	for _, e := range s.errors {
		inv.AddToolExecutionNotification(sarif.NewNotification().WithLevel("error").WithMessage(sarif.NewTextMessage(e)))
	}
	run.AddInvocation(inv)
	rep.AddRun(run)
	return rep
}

// sarifProblemSeverity is CodeQL's problem.severity property.
func sarifProblemSeverity(s detectors.Severity) string {
	switch s {
	case detectors.SeverityError:
		return "error"
	case detectors.SeverityWarning:
		return "warning"
	}
	return "recommendation"
}

// sarifRegion is a region of 1-based lines and UTF-16 columns.
func sarifRegion(start, end position) *sarif.Region {
	return sarif.NewRegion().
		WithStartLine(start.Line).WithStartColumn(start.Column).
		WithEndLine(end.Line).WithEndColumn(end.Column)
}

// ruleDisplayName turns "hardcoded-secret" into "HardcodedSecret", the
// PascalCase SARIF's reportingDescriptor.name recommends.
func ruleDisplayName(name string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || r == ' ' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// uriEscape percent-encodes a relative slash path for a SARIF uri.
func uriEscape(rel string) string {
	return (&url.URL{Path: rel}).EscapedPath()
}

// writeSARIF prints the SARIF log.
func (s *scan) writeSARIF(w io.Writer, findings []reported) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s.sarifReport(findings))
}
