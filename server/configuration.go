package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/trustlint/trustlint/detectors"
	"github.com/trustlint/trustlint/internal/config"
)

// defaultDebounce is the delay between the last edit and the analysis of
// a document whose analyses are slow (see quickAnalysis), unless a delay
// is configured.
const defaultDebounce = 30 * time.Millisecond

// quickAnalysis is the longest analysis time (averaged over the last
// edits: document.editTook) with which, with no delay configured, an edit
// is analysed at once: a keystroke every 100 ms then costs at most a
// quarter of a core, and waiting would only hold back its diagnostics (a
// 1,000-line file's keystroke is analysed in 1–2 ms, a 10,000-line
// file's in 3–4 ms, a 50,000-line file's in 9–15 ms).
const quickAnalysis = 25 * time.Millisecond

// maxDebounce bounds a configured debounce.
const maxDebounce = 10 * time.Second

// settings is the server's configuration: initializationOptions, or the
// "trustlint" section of workspace/didChangeConfiguration.
type settings struct {
	// debounce is the configured delay; auto (no delay configured) asks
	// for none after a quick analysis and defaultDebounce after a slow
	// one (see debounceAfter).
	debounce  time.Duration
	auto      bool
	detectors detectors.Config
	// workspace is .trustlint.yaml at the workspace root; detectors (the
	// client's settings) override its rule settings.
	workspace config.Config
}

// defaultSettings are the settings before the client sends any: debounce
// is Options.Debounce (zero: automatic; negative: none).
func defaultSettings(debounce time.Duration) settings {
	switch {
	case debounce == 0:
		return settings{debounce: defaultDebounce, auto: true}
	case debounce < 0:
		debounce = 0
	case debounce > maxDebounce:
		debounce = maxDebounce
	}
	return settings{debounce: debounce}
}

// debounceAfter is the delay before analysing an edit of a document whose
// edits take last to analyse (document.editTook): the configured delay,
// or with none configured no delay after quick analyses (up to
// quickAnalysis) and defaultDebounce after slower ones (a whole-file
// reparse of a large file), which lets a burst of edits end first. behind
// reports an edit that came before the document's previous version was
// analysed: edits arriving faster than they are analysed (a script, a
// flood) wait for defaultDebounce too, so that the server reads them
// instead of starting an analysis for each.
func (s settings) debounceAfter(last time.Duration, behind bool) time.Duration {
	if !s.auto || last > quickAnalysis || behind {
		return s.debounce
	}
	return 0
}

// rawSettings is the JSON form of settings:
//
//	{"debounceMs": 30, "rules": {"disable": ["TL102"], "only": ["TL101"]},
//	 "severity": {"TL101": "warning"}}
//
// Absent keys keep their current value.
type rawSettings struct {
	DebounceMs *float64 `json:"debounceMs"`
	Rules      *struct {
		Disable *[]string `json:"disable"`
		Only    *[]string `json:"only"`
	} `json:"rules"`
	Severity *map[string]string `json:"severity"`
}

// merge returns s updated with the JSON settings in raw, and the problems
// found (unknown severities, bad values), which are skipped.
func (s settings) merge(raw json.RawMessage) (settings, []string) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return s, nil
	}
	var r rawSettings
	if err := json.Unmarshal(raw, &r); err != nil {
		return s, []string{fmt.Sprintf("settings ignored: %v", err)}
	}
	var problems []string
	next := s
	next.detectors = detectors.Config{
		Disabled: maps.Clone(s.detectors.Disabled),
		Only:     maps.Clone(s.detectors.Only),
		Severity: maps.Clone(s.detectors.Severity),
	}
	if r.DebounceMs != nil {
		ms := *r.DebounceMs
		next.auto = false
		switch {
		case ms < 0:
			problems = append(problems, "debounceMs is negative; using 0")
			next.debounce = 0
		case time.Duration(ms*float64(time.Millisecond)) > maxDebounce:
			problems = append(problems, fmt.Sprintf("debounceMs above %d; capped", maxDebounce.Milliseconds()))
			next.debounce = maxDebounce
		default:
			next.debounce = time.Duration(ms * float64(time.Millisecond))
		}
	}
	if r.Rules != nil {
		if r.Rules.Disable != nil {
			next.detectors.Disabled = ruleSet(*r.Rules.Disable, &problems)
		}
		if r.Rules.Only != nil {
			next.detectors.Only = ruleSet(*r.Rules.Only, &problems)
		}
	}
	if r.Severity != nil {
		sev := make(map[string]detectors.Severity, len(*r.Severity))
		for id, name := range *r.Severity {
			id = strings.ToUpper(strings.TrimSpace(id))
			v, err := detectors.ParseSeverity(name)
			if err != nil {
				problems = append(problems, fmt.Sprintf("severity of %s: %v", id, err))
				continue
			}
			sev[id] = v
		}
		next.detectors.Severity = sev
	}
	return next, problems
}

// ruleSet turns a list of rule IDs into a set, noting unknown IDs (which
// are kept: a rule may land in a later version).
func ruleSet(ids []string, problems *[]string) map[string]bool {
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		id = strings.ToUpper(strings.TrimSpace(id))
		if id == "" {
			continue
		}
		if _, ok := detectors.Lookup(id); !ok {
			*problems = append(*problems, fmt.Sprintf("unknown rule %s", id))
		}
		set[id] = true
	}
	return set
}

func (s *server) setConfig(c settings) {
	s.cfgMu.Lock()
	s.cfg = c
	s.cfgMu.Unlock()
}

// didChangeConfiguration applies {"settings": {"trustlint": {...}}} (or
// the same keys at the top level of settings) and re-analyses open
// documents.
func (s *server) didChangeConfiguration(_ context.Context, raw json.RawMessage) error {
	var p struct {
		Settings json.RawMessage `json:"settings"`
	}
	if err := decodeParams(raw, &p); err != nil {
		return fmt.Errorf("didChangeConfiguration: %w", err)
	}
	section := p.Settings
	var wrapped map[string]json.RawMessage
	if err := json.Unmarshal(p.Settings, &wrapped); err == nil {
		if t, ok := wrapped["trustlint"]; ok {
			section = t
		}
	}
	next, problems := s.config().merge(section)
	for _, pr := range problems {
		s.logger.Warn("configuration", zap.String("problem", pr))
	}
	s.setConfig(next)
	s.logger.Info("configuration changed",
		zap.Duration("debounce", next.debounce), zap.Bool("automaticDebounce", next.auto),
		zap.Int("disabled", len(next.detectors.Disabled)),
		zap.Int("only", len(next.detectors.Only)),
		zap.Int("severityOverrides", len(next.detectors.Severity)),
	)
	for _, d := range s.docs.all() {
		s.schedule(d, 0)
	}
	return nil
}
