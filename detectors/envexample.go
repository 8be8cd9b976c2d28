package detectors

import (
	"bytes"
	"path/filepath"
	"strings"
)

// EnvExample finds the workspace's committed env template at root
// (.env.example, else .env.sample, .env.template, .env.dist: the first
// that is a regular file inside root) and the variable names it declares
// (NAME=value, export NAME=value, or a bare NAME). ok is false when there
// is none.
func EnvExample(root string) (path string, names map[string]bool, ok bool) {
	for _, t := range envTemplates {
		p, err := ResolveInRoot(root, t)
		if err != nil {
			continue
		}
		src, err := readBounded(p, maxEnvFileBytes)
		if err != nil {
			continue
		}
		return p, envNames(src), true
	}
	return "", nil, false
}

// envNames lists the names a dotenv file declares.
func envNames(src []byte) map[string]bool {
	names := map[string]bool{}
	for _, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		name := line
		if i := strings.IndexAny(line, "=:"); i >= 0 {
			name = line[:i]
		}
		name = strings.TrimSpace(name)
		if validLookupName(name) {
			names[name] = true
		}
	}
	return names
}

// EnvExampleFix builds the fix "Add NAME= to .env.example": a line NAME=
// appended to the workspace's env template (see EnvExample), so whoever
// clones the project learns the variable exists. ok is false when the
// workspace has no template, the template declares NAME already, or NAME
// is not a valid variable name. The fix is neither preferred nor safe.
func EnvExampleFix(root, name string) (Fix, bool) {
	if !validLookupName(name) {
		return Fix{}, false
	}
	path, names, ok := EnvExample(root)
	if !ok || names[name] {
		return Fix{}, false
	}
	return envExampleFix(root, path, name)
}

func envExampleFix(root, path, name string) (Fix, bool) {
	src, err := readBounded(path, maxEnvFileBytes)
	if err != nil {
		return Fix{}, false
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return Fix{}, false
	}
	rel, err := filepath.Rel(realRoot, path)
	if err != nil || !within(realRoot, path) {
		return Fix{}, false
	}
	rel = filepath.ToSlash(rel)
	nl := "\n"
	if bytes.Contains(src, []byte("\r\n")) {
		nl = "\r\n"
	}
	text := name + "=" + nl
	if len(src) > 0 && src[len(src)-1] != '\n' {
		text = nl + text
	}
	return Fix{
		Title: "Add " + name + "= to " + rel,
		Files: []FileEdit{{Path: rel, Edits: []Edit{{Start: len(src), End: len(src), NewText: text}}}},
	}, true
}

// AddEnvExampleFixes returns findings where every fix that moves a value
// into the environment variable NAME (Fix.Env) is followed by the fix
// adding NAME= to the workspace's env template, when the workspace has one
// that lacks NAME. The input is not modified; without a template it is
// returned as is.
func AddEnvExampleFixes(root string, findings []Finding) []Finding {
	if root == "" {
		return findings
	}
	var path string
	var names map[string]bool
	loaded := false
	var out []Finding
	for i, f := range findings {
		var fixes []Fix
		changed := false
		for _, fix := range f.Fixes {
			fixes = append(fixes, fix)
			if fix.Env == "" {
				continue
			}
			if !loaded {
				var ok bool
				loaded = true
				if path, names, ok = EnvExample(root); !ok {
					return findings
				}
			}
			if names[fix.Env] {
				continue
			}
			if ex, ok := envExampleFix(root, path, fix.Env); ok {
				fixes = append(fixes, ex)
				changed = true
			}
		}
		if changed && out == nil {
			out = append([]Finding(nil), findings...)
		}
		if changed {
			out[i].Fixes = fixes
		}
	}
	if out == nil {
		return findings
	}
	return out
}
