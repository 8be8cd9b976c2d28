package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"maps"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

// gitOutput runs git in dir and returns its standard output.
func gitOutput(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", gitSubcommand(args), msg)
	}
	return out, nil
}

// gitSubcommand names the git command in args (skipping "-c key=value").
func gitSubcommand(args []string) string {
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == "-c" || args[i] == "-C":
			i++
		case !strings.HasPrefix(args[i], "-"):
			return args[i]
		}
	}
	return ""
}

// gitFiles lists the files that --staged (the index against HEAD) or
// --diff REV (the working tree against REV) adds lines to, with the added
// line numbers. Staged files are analysed as staged, not as they are in the
// working tree.
func (s *scan) gitFiles(ctx context.Context) ([]*scanFile, error) {
	top, err := gitOutput(ctx, s.cwd, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("--staged and --diff need a git repository: %w", err)
	}
	s.root = strings.TrimSpace(string(top))
	args := []string{"-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--no-textconv",
		"--unified=0", "--diff-filter=ACMR", "--src-prefix=a/", "--dst-prefix=b/"}
	if s.opts.staged {
		args = append(args, "--cached")
	} else {
		args = append(args, s.opts.diff)
	}
	args = append(args, "--")
	for _, p := range s.opts.paths {
		args = append(args, p)
	}
	out, err := gitOutput(ctx, s.cwd, args...)
	if err != nil {
		return nil, err
	}
	added := parseUnifiedDiff(out)

	var files []*scanFile
	for _, rel := range sortedKeys(added) {
		abs := filepath.Join(s.root, filepath.FromSlash(rel))
		if reason := skippedPathReason(rel); reason != "" {
			s.skipShown(s.display(abs), reason)
			continue
		}
		if trustlintIgnore(s.root, rel).Match(strings.Split(rel, "/"), false) {
			continue
		}
		f, ok := s.newScanFile(abs, s.display(abs), false)
		if !ok {
			continue
		}
		f.added = added[rel]
		if s.opts.staged {
			src, err := gitOutput(ctx, s.root, "show", ":"+rel)
			if err != nil {
				s.fail(fmt.Errorf("scan: %w", err))
				continue
			}
			f.src = src
		}
		files = append(files, f)
	}
	return files, nil
}

// trustlintIgnore gathers the .trustlintignore patterns that apply to rel
// (git already leaves ignored files out of a diff).
func trustlintIgnore(root, rel string) gitignore.Matcher {
	var ps []gitignore.Pattern
	parts := strings.Split(rel, "/")
	for i := 0; i < len(parts); i++ {
		domain := parts[:i]
		ps = append(ps, readPatterns(filepath.Join(root, filepath.Join(domain...), ".trustlintignore"), domain)...)
	}
	return gitignore.NewMatcher(ps)
}

// skippedPathReason applies the walk's directory skip list to a path.
func skippedPathReason(rel string) string {
	parts := strings.Split(rel, "/")
	for _, dir := range parts[:len(parts)-1] {
		if reason, ok := skippedDirs[dir]; ok {
			return reason
		}
	}
	return ""
}

func sortedKeys(m map[string]map[int]bool) []string {
	return slices.Sorted(maps.Keys(m))
}

// parseUnifiedDiff reads `git diff --unified=0` output into the 1-based
// new-side line numbers added per file (paths relative to the repository
// root).
func parseUnifiedDiff(out []byte) map[string]map[int]bool {
	added := map[string]map[int]bool{}
	var cur map[int]bool
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "diff --git "):
			cur = nil
		case strings.HasPrefix(line, "+++ "):
			name := strings.TrimPrefix(line, "+++ ")
			if strings.HasPrefix(name, `"`) {
				if uq, err := strconv.Unquote(name); err == nil {
					name = uq
				}
			}
			if name == "/dev/null" || !strings.HasPrefix(name, "b/") {
				cur = nil
				continue
			}
			name = strings.TrimPrefix(name, "b/")
			cur = map[int]bool{}
			added[name] = cur
		case strings.HasPrefix(line, "@@ ") && cur != nil:
			start, count, ok := hunkNewRange(line)
			if !ok {
				continue
			}
			for l := start; l < start+count; l++ {
				cur[l] = true
			}
		}
	}
	for name, lines := range added {
		if len(lines) == 0 {
			delete(added, name) // only deletions or a pure rename
		}
	}
	return added
}

// hunkNewRange reads the "+start,count" part of a hunk header
// "@@ -a,b +c,d @@".
func hunkNewRange(header string) (start, count int, ok bool) {
	fields := strings.Fields(header)
	if len(fields) < 3 || !strings.HasPrefix(fields[2], "+") {
		return 0, 0, false
	}
	spec := strings.TrimPrefix(fields[2], "+")
	count = 1
	if i := strings.IndexByte(spec, ','); i >= 0 {
		c, err := strconv.Atoi(spec[i+1:])
		if err != nil {
			return 0, 0, false
		}
		count = c
		spec = spec[:i]
	}
	start, err := strconv.Atoi(spec)
	if err != nil {
		return 0, 0, false
	}
	return start, count, true
}
