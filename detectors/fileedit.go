package detectors

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ResolveInRoot turns a FileEdit path (slash-separated, relative to root)
// into an absolute path inside root. Absolute paths, ".." components and
// symbolic links leading out of root are refused; the file itself need not
// exist, but its directory must.
func ResolveInRoot(root, rel string) (string, error) {
	if rel == "" || filepath.IsAbs(rel) || strings.HasPrefix(rel, "/") || strings.Contains(rel, `\`) {
		return "", fmt.Errorf("path %q: not a relative slash-separated path", rel)
	}
	for _, c := range strings.Split(rel, "/") {
		if c == ".." || c == "." || c == "" {
			return "", fmt.Errorf("path %q: empty, . or .. component", rel)
		}
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return "", fmt.Errorf("workspace %s: %w", root, err)
	}
	realRoot, err := filepath.EvalSymlinks(absRoot)
	if err != nil {
		return "", fmt.Errorf("workspace %s: %w", root, err)
	}
	full := filepath.Join(realRoot, filepath.FromSlash(rel))
	dir, err := filepath.EvalSymlinks(filepath.Dir(full))
	if err != nil {
		return "", fmt.Errorf("path %q: %w", rel, err)
	}
	target := filepath.Join(dir, filepath.Base(full))
	if real, err := filepath.EvalSymlinks(target); err == nil {
		target = real
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("path %q: %w", rel, err)
	} else if _, lerr := os.Lstat(target); lerr == nil {
		return "", fmt.Errorf("path %q: dangling symbolic link", rel)
	}
	if !within(realRoot, target) {
		return "", fmt.Errorf("path %q: leaves the workspace %s", rel, root)
	}
	return target, nil
}

// within reports whether path is root or below it.
func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// ApplyFileEdits applies a fix's Files below root: each file is created
// (Create; it must not exist) or edited in place (it must exist). Identical
// FileEdits are applied once. Every path is checked with ResolveInRoot
// before anything is written.
func ApplyFileEdits(root string, files []FileEdit) error {
	type job struct {
		path string
		fe   FileEdit
	}
	var jobs []job
	seen := map[string]bool{}
	for _, fe := range files {
		key := fmt.Sprintf("%q %v %v", fe.Path, fe.Create, fe.Edits)
		if seen[key] {
			continue
		}
		seen[key] = true
		p, err := ResolveInRoot(root, fe.Path)
		if err != nil {
			return fmt.Errorf("applying file edits: %w", err)
		}
		jobs = append(jobs, job{p, fe})
	}
	for _, j := range jobs {
		var cur []byte
		mode := fs.FileMode(0o644)
		if j.fe.Create {
			if _, err := os.Lstat(j.path); err == nil {
				return fmt.Errorf("applying file edits: %s exists already", j.fe.Path)
			}
		} else {
			info, err := os.Stat(j.path)
			if err != nil {
				return fmt.Errorf("applying file edits: %w", err)
			}
			mode = info.Mode().Perm()
			if cur, err = os.ReadFile(j.path); err != nil {
				return fmt.Errorf("applying file edits: %w", err)
			}
		}
		out, err := ApplyEdits(cur, j.fe.Edits)
		if err != nil {
			return fmt.Errorf("applying file edits to %s: %w", j.fe.Path, err)
		}
		if err := os.WriteFile(j.path, out, mode); err != nil {
			return fmt.Errorf("applying file edits: %w", err)
		}
	}
	return nil
}
