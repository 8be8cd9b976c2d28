package detectors

import (
	"bufio"
	"bytes"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// This file holds a small matcher for the part of gitignore(5) that decides
// whether git would ignore a file: patterns with *, ? and [...] classes
// (negated with ! or ^), backslash escapes, leading ! negation, trailing /
// for directories only, a slash at the start or in the middle anchoring the
// pattern to its file's directory, and ** as a whole component. Precedence
// follows git: a deeper .gitignore beats a shallower one, which beats
// .git/info/exclude; within a file the last matching pattern wins; and a
// file inside an excluded directory cannot be re-included.
// core.excludesFile (a per-user setting) is out of scope.

// maxIgnoreBytes bounds one ignore file read.
const maxIgnoreBytes = 1 << 20

// maxPatternBytes bounds one pattern; longer lines are skipped.
const maxPatternBytes = 4096

// maxDoubleStars bounds the ** components of one pattern (matching
// backtracks over them).
const maxDoubleStars = 8

// ignorePattern is one parsed gitignore line.
type ignorePattern struct {
	// segs are the slash-separated components; an unanchored pattern
	// starts with "**".
	segs    []string
	negate  bool
	dirOnly bool
}

// parseIgnoreLine parses one line of a gitignore file; ok is false for
// blank lines, comments and patterns this matcher will not evaluate.
func parseIgnoreLine(line string) (ignorePattern, bool) {
	line = strings.TrimSuffix(line, "\r")
	if line == "" || line[0] == '#' || len(line) > maxPatternBytes {
		return ignorePattern{}, false
	}
	var p ignorePattern
	switch {
	case strings.HasPrefix(line, `\#`), strings.HasPrefix(line, `\!`):
		line = line[1:]
	case line[0] == '!':
		p.negate = true
		line = line[1:]
	}
	line = trimUnescapedSpaces(line)
	if strings.HasSuffix(line, "/") {
		p.dirOnly = true
		line = strings.TrimRight(line, "/")
	}
	if line == "" {
		return ignorePattern{}, false
	}
	anchored := strings.Contains(line, "/")
	line = strings.TrimPrefix(line, "/")
	var segs []string
	if !anchored {
		segs = append(segs, "**")
	}
	stars := 0
	for _, s := range strings.Split(line, "/") {
		if s == "" {
			continue // "a//b" is "a/b"
		}
		if s == "**" {
			if len(segs) > 0 && segs[len(segs)-1] == "**" {
				continue
			}
			stars++
		}
		segs = append(segs, translateClass(s))
	}
	if stars > maxDoubleStars || len(segs) == 0 {
		return ignorePattern{}, false
	}
	p.segs = segs
	return p, true
}

// trimUnescapedSpaces drops trailing spaces unless escaped with a
// backslash ("a\ " keeps one space).
func trimUnescapedSpaces(s string) string {
	for strings.HasSuffix(s, " ") {
		if strings.HasSuffix(s, `\ `) {
			return s
		}
		s = s[:len(s)-1]
	}
	return s
}

// translateClass rewrites git's [!...] classes into path.Match's [^...].
func translateClass(s string) string {
	if !strings.Contains(s, "[!") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			b.WriteByte(c)
			b.WriteByte(s[i+1])
			i++
			continue
		}
		b.WriteByte(c)
		if c == '[' && i+1 < len(s) && s[i+1] == '!' {
			b.WriteByte('^')
			i++
		}
	}
	return b.String()
}

// match reports whether the pattern matches rel, the path's components
// relative to the pattern file's directory.
func (p ignorePattern) match(rel []string, isDir bool) bool {
	if p.dirOnly && !isDir {
		return false
	}
	return matchSegs(p.segs, rel)
}

// matchSegs matches pattern components against path components; ** spans
// zero or more components (at the end, one or more).
func matchSegs(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			if len(pat) == 1 {
				return len(name) > 0
			}
			for i := 0; i <= len(name); i++ {
				if matchSegs(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, err := path.Match(pat[0], name[0]); err != nil || !ok {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}

// parseIgnoreFile parses gitignore text.
func parseIgnoreFile(data []byte) []ignorePattern {
	var ps []ignorePattern
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxIgnoreBytes)
	for sc.Scan() {
		if p, ok := parseIgnoreLine(sc.Text()); ok {
			ps = append(ps, p)
		}
	}
	return ps
}

// readIgnoreFile reads and parses a gitignore file; a missing, unreadable
// or oversized file has no patterns.
func readIgnoreFile(name string) []ignorePattern {
	info, err := os.Stat(name)
	if err != nil || !info.Mode().IsRegular() || info.Size() > maxIgnoreBytes {
		return nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	return parseIgnoreFile(data)
}

// ignoreVerdict is what the patterns say about one path.
type ignoreVerdict int

const (
	// notMatched: no pattern names the path; git does not ignore it.
	notMatched ignoreVerdict = iota
	// excluded: git ignores the path.
	excluded
	// included: a negated pattern re-includes it; git does not ignore it
	// and the user said so explicitly.
	included
)

// ignoreSet evaluates gitignore rules below base, reading each
// directory's .gitignore once.
type ignoreSet struct {
	base    string // absolute directory the components are relative to
	exclude []ignorePattern
	files   map[string][]ignorePattern // slash-joined dir -> its .gitignore
	// extra patterns added to a directory's .gitignore (a fix being
	// tried), appended after the file's own.
	extra map[string][]ignorePattern
}

// newIgnoreSet prepares the rules of the git repository holding root, or of
// root itself when it is not inside one. It returns the set and root's
// components relative to the set's base.
func newIgnoreSet(root string) (*ignoreSet, []string) {
	base, gitDir := findRepo(root)
	s := &ignoreSet{base: root, files: map[string][]ignorePattern{}}
	var rootComps []string
	if base != "" {
		if rel, err := filepath.Rel(base, root); err == nil && rel != "." && !strings.HasPrefix(rel, "..") {
			rootComps = strings.Split(filepath.ToSlash(rel), "/")
		}
		s.base = base
		if gitDir != "" {
			s.exclude = readIgnoreFile(filepath.Join(gitDir, "info", "exclude"))
		}
	}
	return s, rootComps
}

// maxRepoClimb bounds the search for the repository above a workspace.
const maxRepoClimb = 64

// findRepo returns the nearest directory at or above dir holding a .git
// entry, and the git directory whose info/exclude applies (following a
// worktree's "gitdir:" file to the common directory); "" when none.
func findRepo(dir string) (string, string) {
	for i := 0; i < maxRepoClimb; i++ {
		dotgit := filepath.Join(dir, ".git")
		if info, err := os.Stat(dotgit); err == nil {
			if info.IsDir() {
				return dir, dotgit
			}
			return dir, gitDirOf(dotgit)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", ""
}

// gitDirOf reads a .git file ("gitdir: path") and returns the common git
// directory it leads to, or "".
func gitDirOf(dotgit string) string {
	data, err := os.ReadFile(dotgit)
	if err != nil || len(data) > 4096 {
		return ""
	}
	line := strings.TrimSpace(string(data))
	if !strings.HasPrefix(line, "gitdir:") {
		return ""
	}
	dir := strings.TrimSpace(strings.TrimPrefix(line, "gitdir:"))
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(filepath.Dir(dotgit), dir)
	}
	if c, err := os.ReadFile(filepath.Join(dir, "commondir")); err == nil && len(c) < 4096 {
		common := strings.TrimSpace(string(c))
		if !filepath.IsAbs(common) {
			common = filepath.Join(dir, common)
		}
		return common
	}
	return dir
}

// patterns returns the .gitignore patterns of the directory dir
// (components from base), followed by any extra ones.
func (s *ignoreSet) patterns(dir []string) []ignorePattern {
	key := strings.Join(dir, "/")
	ps, ok := s.files[key]
	if !ok {
		ps = readIgnoreFile(filepath.Join(s.base, filepath.FromSlash(key), ".gitignore"))
		s.files[key] = ps
	}
	if extra := s.extra[key]; len(extra) > 0 {
		ps = append(ps[:len(ps):len(ps)], extra...)
	}
	return ps
}

// verdict applies git's rules to comps (from base): an excluded parent
// directory excludes the path whatever its own patterns say.
func (s *ignoreSet) verdict(comps []string, isDir bool) ignoreVerdict {
	for i := 1; i < len(comps); i++ {
		if s.own(comps[:i], true) == excluded {
			return excluded
		}
	}
	return s.own(comps, isDir)
}

// own is the verdict of the last matching pattern for comps itself,
// deepest .gitignore first, then .git/info/exclude.
func (s *ignoreSet) own(comps []string, isDir bool) ignoreVerdict {
	for depth := len(comps) - 1; depth >= 0; depth-- {
		ps := s.patterns(comps[:depth])
		for j := len(ps) - 1; j >= 0; j-- {
			if ps[j].match(comps[depth:], isDir) {
				return verdictOf(ps[j])
			}
		}
	}
	for j := len(s.exclude) - 1; j >= 0; j-- {
		if s.exclude[j].match(comps, isDir) {
			return verdictOf(s.exclude[j])
		}
	}
	return notMatched
}

func verdictOf(p ignorePattern) ignoreVerdict {
	if p.negate {
		return included
	}
	return excluded
}
