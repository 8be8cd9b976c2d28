package config

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
	yaml "go.yaml.in/yaml/v3"

	"github.com/trustlint/trustlint/detectors"
)

// maxFileSizeLimit is the largest max-file-size accepted: the engine's own
// limit.
var maxFileSizeLimit = int64(detectors.MaxBytes())

// ruleOption sets one per-rule option, after checking its value.
type ruleOption struct {
	min, max int
	set      func(*detectors.Options, int)
}

// ruleOptions maps each rule's option keys to detectors.Options fields.
var ruleOptions = map[string]map[string]ruleOption{
	"TL201": {
		"min-bcrypt-cost":       {4, 31, func(o *detectors.Options, v int) { o.MinBcryptCost = v }},
		"min-pbkdf2-iterations": {1000, 100_000_000, func(o *detectors.Options, v int) { o.MinPBKDF2Iterations = v }},
		"min-scrypt-n":          {1024, 1 << 30, func(o *detectors.Options, v int) { o.MinScryptN = v }},
		"min-argon2-memory-kib": {1024, 1 << 24, func(o *detectors.Options, v int) { o.MinArgon2MemoryKiB = v }},
		"min-argon2-iterations": {1, 100, func(o *detectors.Options, v int) { o.MinArgon2Iterations = v }},
	},
	"TL205": {
		"jwt-expiry-minutes": {1, 60 * 24 * 30, func(o *detectors.Options, v int) { o.JWTExpiryMinutes = v }},
	},
}

var ruleIDPattern = regexp.MustCompile(`^TL[0-9]{3}$`)

// yamlLine finds "line N" in a go-yaml error message.
var yamlLine = regexp.MustCompile(`line (\d+)`)

// parser collects problems while reading the YAML tree.
type parser struct {
	path     string
	problems []Problem
}

func (p *parser) problem(n *yaml.Node, format string, args ...any) {
	pr := Problem{Path: p.path, Message: fmt.Sprintf(format, args...)}
	if n != nil {
		pr.Line, pr.Column = n.Line, n.Column
	}
	p.problems = append(p.problems, pr)
}

// Parse reads configuration text. path is only used in problems.
func Parse(path string, data []byte) (Config, []Problem) {
	p := &parser{path: path}
	c := Config{Path: path}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		pr := Problem{Path: path, Message: "invalid YAML: " + msg + "; using the defaults"}
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			pr.Line, _ = strconv.Atoi(m[1])
			pr.Column = 1
		}
		return c, []Problem{pr}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return c, nil // empty file
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
			return c, nil
		}
		p.problem(root, "the configuration must be a mapping (rules:, allow:, secrets:, scan:); using the defaults")
		return c, p.problems
	}
	eachPair(root, func(k, v *yaml.Node) {
		switch k.Value {
		case "rules":
			p.rules(v, &c.Detectors)
		case "allow":
			p.allow(v, &c.Allow)
		case "secrets":
			p.secrets(v, &c)
		case "scan":
			p.scan(v, &c)
		default:
			p.problem(k, "unknown key %q (want rules, allow, secrets or scan)", k.Value)
		}
	})
	return c, p.problems
}

// eachPair calls fn for each key and value of a mapping node.
func eachPair(m *yaml.Node, fn func(k, v *yaml.Node)) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		fn(m.Content[i], resolve(m.Content[i+1]))
	}
}

// resolve follows an alias.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; i < 8 && n != nil && n.Kind == yaml.AliasNode && n.Alias != nil; i++ {
		n = n.Alias
	}
	return n
}

func (p *parser) wantMapping(n *yaml.Node, what string) bool {
	if n.Kind == yaml.MappingNode {
		return true
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return false
	}
	p.problem(n, "%s must be a mapping", what)
	return false
}

// strings reads a sequence of strings (a single string is accepted too).
func (p *parser) strings(n *yaml.Node, what string) []string {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil
		}
		return []string{n.Value}
	case yaml.SequenceNode:
		var out []string
		for _, item := range n.Content {
			item = resolve(item)
			if item.Kind != yaml.ScalarNode {
				p.problem(item, "%s: each entry must be a string", what)
				continue
			}
			out = append(out, item.Value)
		}
		return out
	}
	p.problem(n, "%s must be a list of strings", what)
	return nil
}

func (p *parser) rules(n *yaml.Node, dc *detectors.Config) {
	if !p.wantMapping(n, "rules") {
		return
	}
	known := map[string]bool{}
	var ids []string
	for _, r := range detectors.Catalog() {
		known[r.ID] = true
		ids = append(ids, r.ID)
	}
	sort.Strings(ids)
	eachPair(n, func(k, v *yaml.Node) {
		id := strings.ToUpper(strings.TrimSpace(k.Value))
		if !ruleIDPattern.MatchString(id) {
			p.problem(k, "%q is not a rule ID (like TL101)", k.Value)
			return
		}
		if !known[id] {
			p.problem(k, "unknown rule %s (this version has %s); kept for a later version", id, strings.Join(ids, ", "))
		}
		switch v.Kind {
		case yaml.ScalarNode:
			p.ruleSetting(id, v, dc)
		case yaml.MappingNode:
			eachPair(v, func(ok, ov *yaml.Node) {
				switch ok.Value {
				case "enabled":
					if ov.Kind != yaml.ScalarNode {
						p.problem(ov, "%s.enabled must be true or false", id)
						return
					}
					p.ruleSetting(id, ov, dc)
				case "severity":
					sev, err := detectors.ParseSeverity(ov.Value)
					if err != nil || ov.Kind != yaml.ScalarNode {
						p.problem(ov, "%s.severity: %q is not a severity (want error, warning, information or hint)", id, ov.Value)
						return
					}
					setSeverity(dc, id, sev)
				default:
					p.option(id, ok, ov, &dc.Options)
				}
			})
		default:
			p.problem(v, "%s must be on, off, a severity or a mapping", id)
		}
	})
}

// ruleSetting reads the scalar form of a rule entry: on/off or a severity.
func (p *parser) ruleSetting(id string, v *yaml.Node, dc *detectors.Config) {
	switch strings.ToLower(strings.TrimSpace(v.Value)) {
	case "off", "false", "no", "disable", "disabled":
		if dc.Disabled == nil {
			dc.Disabled = map[string]bool{}
		}
		dc.Disabled[id] = true
		return
	case "on", "true", "yes", "enable", "enabled":
		delete(dc.Disabled, id)
		return
	}
	sev, err := detectors.ParseSeverity(v.Value)
	if err != nil {
		p.problem(v, "%s: %q is not on, off or a severity (error, warning, information, hint)", id, v.Value)
		return
	}
	setSeverity(dc, id, sev)
}

func setSeverity(dc *detectors.Config, id string, sev detectors.Severity) {
	if dc.Severity == nil {
		dc.Severity = map[string]detectors.Severity{}
	}
	dc.Severity[id] = sev
}

// option reads one per-rule option.
func (p *parser) option(id string, k, v *yaml.Node, o *detectors.Options) {
	opts := ruleOptions[id]
	opt, ok := opts[k.Value]
	if !ok {
		var names []string
		for name := range opts {
			names = append(names, name)
		}
		sort.Strings(names)
		want := "enabled, severity"
		if len(names) > 0 {
			want += ", " + strings.Join(names, ", ")
		}
		p.problem(k, "unknown option %q for %s (want %s)", k.Value, id, want)
		return
	}
	val, err := strconv.Atoi(strings.ReplaceAll(v.Value, "_", ""))
	if err != nil || v.Kind != yaml.ScalarNode {
		p.problem(v, "%s.%s must be a whole number", id, k.Value)
		return
	}
	if val < opt.min || val > opt.max {
		p.problem(v, "%s.%s = %d is outside %d..%d", id, k.Value, val, opt.min, opt.max)
		return
	}
	opt.set(o, val)
}

func (p *parser) allow(n *yaml.Node, a *Allowlist) {
	if !p.wantMapping(n, "allow") {
		return
	}
	eachPair(n, func(k, v *yaml.Node) {
		switch k.Value {
		case "paths":
			for _, s := range p.strings(v, "allow.paths") {
				s = strings.TrimSpace(s)
				if s == "" {
					continue
				}
				a.Paths = append(a.Paths, s)
			}
		case "values":
			for _, s := range p.strings(v, "allow.values") {
				if len(s) < 4 {
					p.problem(v, "allow.values: %q is too short to allowlist safely (4 characters at least)", s)
					continue
				}
				a.Values = append(a.Values, s)
			}
		case "regexes":
			items := v.Content
			if v.Kind == yaml.ScalarNode {
				items = []*yaml.Node{v}
			}
			for _, item := range items {
				item = resolve(item)
				re, err := regexp.Compile(item.Value)
				if err != nil || item.Kind != yaml.ScalarNode {
					p.problem(item, "allow.regexes: %q is not a valid regular expression: %v", item.Value, err)
					continue
				}
				a.Regexes = append(a.Regexes, re)
			}
		default:
			p.problem(k, "unknown key allow.%s (want paths, values or regexes)", k.Value)
		}
	})
	if len(a.Paths) > 0 {
		ps := make([]gitignore.Pattern, 0, len(a.Paths))
		for _, s := range a.Paths {
			ps = append(ps, gitignore.ParsePattern(s, nil))
		}
		a.matcher = gitignore.NewMatcher(ps)
	}
}

func (p *parser) secrets(n *yaml.Node, c *Config) {
	if !p.wantMapping(n, "secrets") {
		return
	}
	eachPair(n, func(k, v *yaml.Node) {
		if k.Value != "patterns" {
			p.problem(k, "unknown key secrets.%s (want patterns)", k.Value)
			return
		}
		if v.Kind != yaml.SequenceNode {
			p.problem(v, "secrets.patterns must be a list of {name, regex}")
			return
		}
		for _, item := range v.Content {
			item = resolve(item)
			if item.Kind != yaml.MappingNode {
				p.problem(item, "secrets.patterns: each entry must be a mapping with name and regex")
				continue
			}
			pat := Pattern{Severity: detectors.SeverityError}
			var reNode *yaml.Node
			ok := true
			eachPair(item, func(pk, pv *yaml.Node) {
				switch pk.Value {
				case "name":
					pat.Name = strings.TrimSpace(pv.Value)
				case "regex":
					reNode = pv
				case "severity":
					sev, err := detectors.ParseSeverity(pv.Value)
					if err != nil {
						p.problem(pv, "secrets.patterns: %q is not a severity", pv.Value)
						ok = false
						return
					}
					pat.Severity = sev
				default:
					p.problem(pk, "unknown key %q in a secret pattern (want name, regex, severity)", pk.Value)
				}
			})
			if reNode == nil || strings.TrimSpace(reNode.Value) == "" {
				p.problem(item, "secrets.patterns: entry has no regex")
				continue
			}
			re, err := regexp.Compile(reNode.Value)
			if err != nil {
				p.problem(reNode, "secrets.patterns: invalid regular expression: %v", err)
				continue
			}
			if re.MatchString("") {
				p.problem(reNode, "secrets.patterns: the regular expression matches the empty string")
				continue
			}
			if pat.Name == "" {
				pat.Name = "custom-secret"
			}
			pat.Regex = re
			if ok {
				c.Patterns = append(c.Patterns, pat)
			}
		}
	})
}

func (p *parser) scan(n *yaml.Node, c *Config) {
	if !p.wantMapping(n, "scan") {
		return
	}
	eachPair(n, func(k, v *yaml.Node) {
		switch k.Value {
		case "max-file-size":
			size, err := ParseSize(v.Value)
			if err != nil || v.Kind != yaml.ScalarNode {
				p.problem(v, "scan.max-file-size: %v", err)
				return
			}
			if size > maxFileSizeLimit {
				p.problem(v, "scan.max-file-size: %d bytes is above the engine's %d-byte limit; using the limit", size, maxFileSizeLimit)
				size = maxFileSizeLimit
			}
			c.MaxFileSize = size
		default:
			p.problem(k, "unknown key scan.%s (want max-file-size)", k.Value)
		}
	})
}

// ParseSize reads a byte size: a whole number with an optional unit (B, KB,
// KiB, MB, MiB; KB and MB are taken as 1000 and 1000000).
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	units := []struct {
		suffix string
		mul    int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"KB", 1000}, {"MB", 1000 * 1000}, {"K", 1 << 10}, {"M", 1 << 20}, {"B", 1}}
	mul := int64(1)
	for _, u := range units {
		if len(t) > len(u.suffix) && strings.EqualFold(t[len(t)-len(u.suffix):], u.suffix) {
			mul = u.mul
			t = strings.TrimSpace(t[:len(t)-len(u.suffix)])
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a positive size (like 1048576, 512KiB or 2MiB)", s)
	}
	if n > (1<<62)/mul {
		return 0, fmt.Errorf("%q is too large", s)
	}
	return n * mul, nil
}

// splitPath splits a slash-separated relative path.
func splitPath(rel string) []string {
	return strings.Split(strings.Trim(rel, "/"), "/")
}
