// Package config reads .trustlint.yaml, the workspace configuration shared
// by `trustlint scan` and the language server:
//
//	rules:
//	  TL102: off                  # off/false disables a rule, on/true enables it
//	  TL101: warning              # a severity overrides the rule's default
//	  TL201:                      # or a mapping: enabled, severity and options
//	    severity: error
//	    min-bcrypt-cost: 13
//	allow:
//	  paths: ["testdata/**", "docs/*.md"]     # gitignore-style, from the root
//	  values: ["sk_test_4eC39HqLyjWDarjtT1zdp7dc"]
//	  regexes: ['^AKIA[0-9A-Z]{12}EXAMPLE$']
//	secrets:
//	  patterns:
//	    - name: acme-api-key
//	      regex: 'acme_[A-Za-z0-9]{32}'
//	scan:
//	  max-file-size: 2MiB
//
// A problem in the file (bad YAML, an unknown key, a bad value) is reported
// with its line and column and the offending entry is ignored: the defaults
// and the valid entries keep working.
package config

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/trustlint/trustlint/detectors"
)

// FileNames are the configuration file names looked for at the workspace
// root, in order.
var FileNames = []string{".trustlint.yaml", ".trustlint.yml"}

// maxConfigBytes bounds the configuration file read.
const maxConfigBytes = 1 << 20

// Config is a parsed .trustlint.yaml. The zero Config is the defaults.
type Config struct {
	// Path is the file the configuration was read from; empty when there
	// is none.
	Path string
	// Detectors is what the engine reads: rules on and off, severities and
	// per-rule options.
	Detectors detectors.Config
	// Allow lists what must not be reported.
	Allow Allowlist
	// Patterns are extra secret formats reported as TL101.
	Patterns []Pattern
	// MaxFileSize is scan's per-file size limit in bytes; zero means the
	// scanner's default.
	MaxFileSize int64
}

// Allowlist holds what the user declared safe.
type Allowlist struct {
	// Paths are gitignore-style patterns relative to the workspace root;
	// matching files are not analysed.
	Paths []string
	// Values are literal texts; a finding whose text contains one is
	// dropped.
	Values []string
	// Regexes drop findings whose text they match.
	Regexes []*regexp.Regexp

	matcher gitignore.Matcher
}

// Pattern is a user-defined secret format.
type Pattern struct {
	Name     string
	Regex    *regexp.Regexp
	Severity detectors.Severity
}

// Problem is an error in the configuration file, at a 1-based line and
// column (0 when unknown).
type Problem struct {
	Path    string
	Line    int
	Column  int
	Message string
}

// String renders the problem as "path:line:col: message".
func (p Problem) String() string {
	switch {
	case p.Line > 0 && p.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", p.Path, p.Line, p.Column, p.Message)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Message)
	}
	return fmt.Sprintf("%s: %s", p.Path, p.Message)
}

// Find returns the path of the configuration file in root, or "" when
// there is none.
func Find(root string) string {
	for _, name := range FileNames {
		p := filepath.Join(root, name)
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// Load reads the configuration file at the workspace root. A missing file
// is the default configuration, not an error; problems in the file are
// returned next to the configuration of its valid entries. The error is
// for a file that exists but cannot be read.
func Load(root string) (Config, []Problem, error) {
	path := Find(root)
	if path == "" {
		return Config{}, nil, nil
	}
	return LoadFile(path)
}

// LoadFile reads the configuration file at path.
func LoadFile(path string) (Config, []Problem, error) {
	f, err := os.Open(path)
	if err != nil {
		return Config{}, nil, fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxConfigBytes+1))
	if err != nil {
		return Config{}, nil, fmt.Errorf("config: read %s: %w", path, err)
	}
	if len(data) > maxConfigBytes {
		return Config{Path: path}, []Problem{{Path: path, Message: fmt.Sprintf("larger than %d bytes; using the defaults", maxConfigBytes)}}, nil
	}
	c, problems := Parse(path, data)
	return c, problems, nil
}

// PathAllowed reports whether the file at rel (slash-separated, relative to
// the workspace root) is allowlisted: not analysed at all.
func (c Config) PathAllowed(rel string) bool {
	if c.Allow.matcher == nil || rel == "" {
		return false
	}
	return c.Allow.matcher.Match(splitPath(rel), false)
}
