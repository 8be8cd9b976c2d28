package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/trustlint/trustlint/grammars"
)

// maxWalkDepth bounds directory nesting; deeper directories are skipped and
// reported.
const maxWalkDepth = 128

// ignoreFiles are read in every directory, in this order: later patterns
// take precedence, so .trustlintignore can re-include what git ignores.
var ignoreFiles = []string{".gitignore", ".trustlintignore"}

// skippedDirs are directory names never entered below a scanned root, with
// the reason reported. A directory given on the command line is always
// scanned.
var skippedDirs = map[string]string{
	".git":             "version control metadata",
	".hg":              "version control metadata",
	".svn":             "version control metadata",
	"node_modules":     "dependencies (node_modules)",
	"bower_components": "dependencies (bower_components)",
	"jspm_packages":    "dependencies (jspm_packages)",
	"vendor":           "vendored dependencies",
	"third_party":      "vendored dependencies",
	".venv":            "Python virtual environment",
	"venv":             "Python virtual environment",
	"site-packages":    "Python packages",
	"__pycache__":      "Python bytecode cache",
	".tox":             "tool cache",
	".mypy_cache":      "tool cache",
	".pytest_cache":    "tool cache",
	".cache":           "tool cache",
	".parcel-cache":    "tool cache",
	".turbo":           "tool cache",
	"dist":             "build output",
	"build":            "build output",
	"out":              "build output",
	".next":            "build output",
	".nuxt":            "build output",
	".output":          "build output",
	".svelte-kit":      "build output",
	".vercel":          "build output",
	".serverless":      "build output",
	"coverage":         "test coverage output",
	".nyc_output":      "test coverage output",
}

// scanFile is one file to analyse.
type scanFile struct {
	abs     string // where to read it
	display string // path shown to the user
	rel     string // path relative to the scan root, slash-separated
	lang    grammars.Lang
	// src is the content to analyse when it does not come from abs (the
	// git index); nil means read abs.
	src []byte
	// added holds the 1-based lines to report on; nil means every line.
	added map[int]bool
	// explicit files were named on the command line.
	explicit bool
}

// repoRoot returns the nearest directory at or above abs that holds a .git
// entry, or "".
func repoRoot(abs string) string {
	dir := abs
	if info, err := os.Stat(abs); err == nil && !info.IsDir() {
		dir = filepath.Dir(abs)
	}
	for i := 0; i < 256; i++ {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	return ""
}

// walker expands the scan's paths into files.
type walker struct {
	s     *scan
	seen  map[string]bool
	files []*scanFile
}

// walk collects the files to analyse under every path argument, in
// argument order, each directory in lexical order.
func (s *scan) walk() []*scanFile {
	w := &walker{s: s, seen: map[string]bool{}}
	for _, p := range s.opts.paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			s.fail(fmt.Errorf("scan: %w", err))
			continue
		}
		info, err := os.Stat(abs)
		if err != nil {
			s.fail(fmt.Errorf("scan: %w", err))
			continue
		}
		if !info.IsDir() {
			w.addFile(abs, filepath.Clean(p), true)
			continue
		}
		base := repoRoot(abs)
		var ps []gitignore.Pattern
		if base != "" {
			ps = readPatterns(filepath.Join(base, ".git", "info", "exclude"), nil)
			// The ignore files of the directories between the repository
			// root and the scanned directory apply too.
			rel, _ := filepath.Rel(base, abs)
			var domain []string
			for _, part := range splitRel(rel) {
				ps = append(ps, dirPatterns(filepath.Join(base, filepath.Join(domain...)), domain)...)
				domain = append(domain, part)
			}
		} else {
			base = abs
		}
		rel, _ := filepath.Rel(base, abs)
		w.dir(abs, filepath.Clean(p), splitRel(rel), ps, 0)
	}
	return w.files
}

// splitRel splits a relative OS path into its elements ("." is none).
func splitRel(rel string) []string {
	if rel == "." || rel == "" {
		return nil
	}
	return strings.Split(filepath.ToSlash(rel), "/")
}

// dir walks one directory. shown is its path as displayed (the argument
// joined with the path below it); comps its path from the ignore base; ps
// the patterns of the directories above it.
func (w *walker) dir(abs, shown string, comps []string, ps []gitignore.Pattern, depth int) {
	if depth > maxWalkDepth {
		w.s.skipShown(shown, fmt.Sprintf("nested more than %d directories deep", maxWalkDepth))
		return
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		w.s.fail(fmt.Errorf("scan: %w", err))
		return
	}
	if own := dirPatterns(abs, comps); len(own) > 0 {
		ps = append(ps[:len(ps):len(ps)], own...)
	}
	m := gitignore.NewMatcher(ps)
	for _, ent := range entries {
		name := ent.Name()
		path := filepath.Join(abs, name)
		pathShown := filepath.Join(shown, name)
		elems := append(comps[:len(comps):len(comps)], name)
		typ := ent.Type()
		if typ&os.ModeSymlink != 0 {
			// Follow links to files, never to directories (no cycles).
			info, err := os.Stat(path)
			if err != nil || !info.Mode().IsRegular() {
				continue
			}
			typ = 0
		}
		switch {
		case typ.IsDir():
			if m.Match(elems, true) {
				continue
			}
			if reason, ok := skippedDirs[name]; ok {
				if name != ".git" {
					w.s.skipShown(pathShown, reason)
				}
				continue
			}
			w.dir(path, pathShown, elems, ps, depth+1)
		case typ.IsRegular():
			if _, ok := grammars.FromPath(name); !ok || m.Match(elems, false) {
				continue
			}
			w.addFile(path, pathShown, false)
		}
	}
}

// addFile queues one file. A file named on the command line with an
// unsupported extension is reported as skipped.
func (w *walker) addFile(abs, shown string, explicit bool) {
	if w.seen[abs] {
		return
	}
	w.seen[abs] = true
	f, ok := w.s.newScanFile(abs, shown, explicit)
	if ok {
		w.files = append(w.files, f)
	}
}

// newScanFile describes abs for analysis, or reports why it is not
// analysed.
func (s *scan) newScanFile(abs, shown string, explicit bool) (*scanFile, bool) {
	lang, ok := grammars.FromPath(abs)
	if !ok {
		if explicit {
			ext := filepath.Ext(abs)
			if ext == "" {
				ext = "no extension"
			}
			s.skipShown(shown, "unsupported file type ("+ext+")")
		}
		return nil, false
	}
	rel := s.relToRoot(abs)
	if rel != "" && s.cfg.PathAllowed(rel) {
		s.log.Debug("allowlisted by the configuration: " + rel)
		return nil, false
	}
	return &scanFile{abs: abs, display: filepath.ToSlash(shown), rel: rel, lang: lang, explicit: explicit}, true
}

// skipShown records a file or directory that is not analysed.
func (s *scan) skipShown(shown, reason string) {
	s.skipped = append(s.skipped, skip{Path: filepath.ToSlash(shown), Reason: reason})
}

// dirPatterns reads a directory's ignore files.
func dirPatterns(dir string, domain []string) []gitignore.Pattern {
	var ps []gitignore.Pattern
	for _, name := range ignoreFiles {
		ps = append(ps, readPatterns(filepath.Join(dir, name), domain)...)
	}
	return ps
}

// maxIgnoreFileBytes bounds an ignore file read.
const maxIgnoreFileBytes = 1 << 20

// readPatterns parses a gitignore-syntax file; a missing file has none.
func readPatterns(path string, domain []string) []gitignore.Pattern {
	data, err := os.ReadFile(path)
	if err != nil || len(data) > maxIgnoreFileBytes {
		return nil
	}
	var ps []gitignore.Pattern
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxIgnoreFileBytes)
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ps = append(ps, gitignore.ParsePattern(line, domain))
	}
	return ps
}
