package detectors

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// envFileRule is TL106, a workspace rule: it looks at which files git
// would commit, not at source code.
var envFileRule = Rule{
	ID: "TL106", Name: "env-file-not-ignored", Severity: SeverityError,
	CWE: []string{"CWE-538", "CWE-798"},
	// A workspace rule: it reads .env files and .gitignore, no source
	// language.
	Families: nil,
	Summary:  "A .env file that git does not ignore: its secrets would be committed.",
}

// workspaceFamily holds the rules that inspect the workspace rather than
// one unit; they have no checkers (see CheckWorkspace, CheckEnvFile).
func workspaceFamily() family {
	return family{rules: []Rule{envFileRule}}
}

// envTemplates are the env file names that are meant to be committed.
var envTemplates = []string{".env.example", ".env.sample", ".env.template", ".env.dist"}

// IsEnvFile reports whether a file's base name is a local environment
// file (.env, .env.local, .env.production, …) and not a template meant to
// be committed (.env.example, .env.sample, .env.template, .env.dist).
func IsEnvFile(name string) bool {
	base := filepath.Base(name)
	if base != ".env" && !strings.HasPrefix(base, ".env.") {
		return false
	}
	lower := strings.ToLower(base)
	for _, t := range envTemplates {
		// .env.example, and variants such as .env.local.example.
		if lower == t || strings.HasSuffix(lower, strings.TrimPrefix(t, ".env")) {
			return false
		}
	}
	return true
}

// WorkspaceFinding is a finding about a workspace file that is not
// analysed as source code (TL106's env files). Start and End are byte
// offsets into that file (its first line).
type WorkspaceFinding struct {
	// Path is the file, slash-separated, relative to the workspace root.
	Path string `json:"path"`
	Finding
}

// maxEnvFileBytes bounds an env file read.
const maxEnvFileBytes = 1 << 20

// Walk bounds of CheckWorkspace.
const (
	maxWorkspaceDepth = 64
	maxWorkspaceDirs  = 50000
)

// workspaceSkipDirs are never entered: git metadata and dependencies.
var workspaceSkipDirs = map[string]bool{".git": true, "node_modules": true}

// workspace is one check of a workspace root.
type workspace struct {
	root      string // absolute, symlinks resolved
	set       *ignoreSet
	rootComps []string // root's components from set.base
	cfg       Config
}

func newWorkspace(root string, cfg Config) (*workspace, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("workspace %s: %w", root, err)
	}
	resolved, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("workspace %s: %w", root, err)
	}
	info, err := os.Stat(resolved)
	if err != nil {
		return nil, fmt.Errorf("workspace %s: %w", root, err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("workspace %s: not a directory", root)
	}
	set, comps := newIgnoreSet(resolved)
	return &workspace{root: resolved, set: set, rootComps: comps, cfg: cfg}, nil
}

// comps returns the components from the ignore base of rel (slash-separated,
// relative to the root).
func (w *workspace) comps(rel string) []string {
	out := append([]string(nil), w.rootComps...)
	return append(out, strings.Split(rel, "/")...)
}

// CheckWorkspace walks the workspace below root (skipping .git,
// node_modules and directories git ignores) and reports TL106 for every
// local env file git would not ignore, considering every .gitignore from
// the repository's root down and .git/info/exclude. A file re-included by
// an explicit negated pattern (!.env.production) was committed on purpose
// and is not reported. Every finding carries the same fix: one edit of
// the root .gitignore (created when absent) covering all of them.
func CheckWorkspace(root string, cfg Config) ([]WorkspaceFinding, error) {
	if !cfg.Enabled(envFileRule.ID) {
		return nil, nil
	}
	w, err := newWorkspace(root, cfg)
	if err != nil {
		return nil, err
	}
	var rels []string
	dirs := 0
	var walk func(dir string, depth int)
	walk = func(dir string, depth int) {
		dirs++
		if depth > maxWorkspaceDepth || dirs > maxWorkspaceDirs {
			return
		}
		entries, err := os.ReadDir(filepath.Join(w.root, filepath.FromSlash(dir)))
		if err != nil {
			return
		}
		for _, e := range entries {
			name := e.Name()
			rel := name
			if dir != "" {
				rel = dir + "/" + name
			}
			switch {
			case e.Type().IsDir():
				if workspaceSkipDirs[name] || w.set.verdict(w.comps(rel), true) == excluded {
					continue
				}
				walk(rel, depth+1)
			case e.Type().IsRegular() && IsEnvFile(name):
				if w.set.verdict(w.comps(rel), false) == notMatched {
					rels = append(rels, rel)
				}
			}
		}
	}
	walk("", 0)
	sort.Strings(rels)
	var out []WorkspaceFinding
	for _, rel := range rels {
		src, err := readBounded(filepath.Join(w.root, filepath.FromSlash(rel)), maxEnvFileBytes)
		if err != nil {
			continue
		}
		if envSuppressed(src) {
			continue
		}
		out = append(out, w.finding(rel, src))
	}
	if len(out) == 0 {
		return nil, nil
	}
	var targets []string
	for _, f := range out {
		targets = append(targets, f.Path)
	}
	if fix, ok := w.gitignoreFix(targets); ok {
		for i := range out {
			out[i].Fixes = append([]Fix{fix}, out[i].Fixes...)
		}
	}
	return out, nil
}

// CheckEnvFile reports TL106 for one file (an editor opened it): ok is
// true when file is a local env file inside root that git would not
// ignore. src is the file's text (the editor's buffer); nil reads the
// file. The fix edits or creates root's .gitignore.
func CheckEnvFile(root, file string, src []byte, cfg Config) (WorkspaceFinding, bool, error) {
	if !cfg.Enabled(envFileRule.ID) || !IsEnvFile(file) {
		return WorkspaceFinding{}, false, nil
	}
	w, err := newWorkspace(root, cfg)
	if err != nil {
		return WorkspaceFinding{}, false, err
	}
	rel, ok := w.relative(file)
	if !ok {
		return WorkspaceFinding{}, false, nil
	}
	comps := w.comps(rel)
	for i := len(w.rootComps) + 1; i < len(comps); i++ {
		if workspaceSkipDirs[comps[i-1]] {
			return WorkspaceFinding{}, false, nil
		}
	}
	if w.set.verdict(comps, false) != notMatched {
		return WorkspaceFinding{}, false, nil
	}
	if src == nil {
		if src, err = readBounded(filepath.Join(w.root, filepath.FromSlash(rel)), maxEnvFileBytes); err != nil {
			return WorkspaceFinding{}, false, err
		}
	}
	if envSuppressed(src) {
		return WorkspaceFinding{}, false, nil
	}
	f := w.finding(rel, src)
	if fix, ok := w.gitignoreFix([]string{rel}); ok {
		f.Fixes = append([]Fix{fix}, f.Fixes...)
	}
	return f, true, nil
}

// relative returns file's slash-separated path relative to the root, with
// symlinks resolved (the file itself need not exist); ok is false outside
// the root.
func (w *workspace) relative(file string) (string, bool) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", false
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		return "", false
	}
	full := filepath.Join(dir, filepath.Base(abs))
	if info, err := os.Lstat(full); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		return "", false // git commits the link, not what it points to
	}
	rel, err := filepath.Rel(w.root, full)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// finding builds the TL106 finding for rel (without the .gitignore fix).
func (w *workspace) finding(rel string, src []byte) WorkspaceFinding {
	end := bytes.IndexByte(src, '\n')
	if end < 0 {
		end = len(src)
	}
	if end > 0 && src[end-1] == '\r' {
		end--
	}
	sev := envFileRule.Severity
	if s, ok := w.cfg.Severity[envFileRule.ID]; ok {
		sev = s
	}
	nl := "\n"
	if bytes.Contains(src, []byte("\r\n")) {
		nl = "\r\n"
	}
	return WorkspaceFinding{
		Path: rel,
		Finding: Finding{
			Rule: envFileRule.ID, Name: envFileRule.Name, Severity: sev,
			Start: 0, End: end,
			Message: rel + " is not ignored by git: once committed, every secret in it stays in the repository's history. " +
				"Add it to .gitignore and keep only a .env.example with empty values in git.",
			Fixes: []Fix{{
				Title: "Suppress TL106 for this file (trustlint-ignore with a reason)",
				Edits: []Edit{{Start: 0, End: 0, NewText: "# " + SuppressMarker + " " + envFileRule.ID + " -- reason: " + nl}},
			}},
		},
	}
}

// envSuppressed reports whether a comment line of the env file silences
// TL106.
func envSuppressed(src []byte) bool {
	for _, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "#") && suppressedBy(line, envFileRule.ID) {
			return true
		}
	}
	return false
}

// envIgnorePattern is the .gitignore line that covers an env file: .env
// itself, every .env*.local, or the file's exact name.
func envIgnorePattern(base string) string {
	switch {
	case base == ".env":
		return ".env"
	case strings.HasSuffix(base, ".local"):
		return ".env*.local"
	}
	return base
}

// gitignoreFix builds the fix that makes git ignore every target (paths
// relative to the root): lines appended to the root's .gitignore, or a new
// .gitignore. It is offered only when, with those lines, git would ignore
// every target (a deeper .gitignore may re-include one).
func (w *workspace) gitignoreFix(targets []string) (Fix, bool) {
	seen := map[string]bool{}
	var lines []string
	for _, t := range targets {
		p := envIgnorePattern(t[strings.LastIndex(t, "/")+1:])
		if !seen[p] {
			seen[p] = true
			lines = append(lines, p)
		}
	}
	sort.Slice(lines, func(i, j int) bool {
		if (lines[i] == ".env") != (lines[j] == ".env") {
			return lines[i] == ".env"
		}
		return lines[i] < lines[j]
	})
	// Try the lines before offering them.
	key := strings.Join(w.rootComps, "/")
	var extra []ignorePattern
	for _, l := range lines {
		p, _ := parseIgnoreLine(l)
		extra = append(extra, p)
	}
	w.set.extra = map[string][]ignorePattern{key: extra}
	defer func() { w.set.extra = nil }()
	for _, t := range targets {
		if w.set.verdict(w.comps(t), false) != excluded {
			return Fix{}, false
		}
	}

	name := filepath.Join(w.root, ".gitignore")
	info, err := os.Lstat(name)
	create := errors.Is(err, fs.ErrNotExist)
	var current []byte
	switch {
	case create:
	case err != nil || !info.Mode().IsRegular() || info.Size() > maxIgnoreBytes:
		return Fix{}, false // a link, a directory or unreadable: leave it to the user
	default:
		if current, err = os.ReadFile(name); err != nil {
			return Fix{}, false
		}
	}
	nl := "\n"
	if bytes.Contains(current, []byte("\r\n")) {
		nl = "\r\n"
	}
	var b strings.Builder
	if len(current) > 0 && current[len(current)-1] != '\n' {
		b.WriteString(nl)
	}
	if len(current) > 0 {
		b.WriteString(nl)
	}
	b.WriteString("# Local environment files hold secrets: never commit them." + nl)
	for _, l := range lines {
		b.WriteString(l + nl)
	}
	title := "Add " + strings.Join(lines, ", ") + " to .gitignore"
	if create {
		title = "Create .gitignore ignoring " + strings.Join(lines, ", ")
	}
	return Fix{
		Title:     title,
		Preferred: true,
		Safe:      true,
		Files: []FileEdit{{
			Path: ".gitignore", Create: create,
			Edits: []Edit{{Start: len(current), End: len(current), NewText: b.String()}},
		}},
	}, true
}

// readBounded reads a regular file of at most limit bytes.
func readBounded(name string, limit int64) ([]byte, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("reading %s: not a regular file", name)
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("reading %s: larger than %d bytes", name, limit)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return data, nil
}
