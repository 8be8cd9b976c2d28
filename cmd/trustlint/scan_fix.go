package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/trustlint/trustlint/detectors"
	"github.com/trustlint/trustlint/grammars"
	"github.com/trustlint/trustlint/internal/textpos"
)

// errChangedSinceRead refuses to overwrite a file edited during the scan.
var errChangedSinceRead = errors.New("changed since it was read; not fixed")

// fixFile applies the safe fixes of r's findings to the file on disk, then
// re-analyses the fixed text so the report shows what is left. It writes
// nothing when the file changed since it was read.
func (s *scan) fixFile(ctx context.Context, pool *grammars.Pool, r *fileResult) {
	f := r.file
	path := f.rel
	if path == "" {
		path = f.display
	}
	fixed, _, err := detectors.FixAll(ctx, pool, path, f.lang, r.src, s.cfg.Detectors)
	if err != nil {
		r.err = fmt.Errorf("scan: fix %s: %w", f.display, err)
		return
	}
	if bytes.Equal(fixed, r.src) {
		return
	}
	if err := writeIfUnchanged(f.abs, r.src, fixed); err != nil {
		r.err = fmt.Errorf("scan: fix %s: %w", f.display, err)
		return
	}
	after, err := s.findings(ctx, pool, f, fixed)
	if err != nil {
		r.err = fmt.Errorf("scan: analyse %s after fixing: %w", f.display, err)
	}
	// Report the fixes whose findings are gone, by fingerprint.
	left := map[string]bool{}
	for _, fp := range fingerprints(f.rel, fixed, after) {
		left[fp] = true
	}
	ix := textpos.New(r.src)
	fps := fingerprints(f.rel, r.src, r.findings)
	for i, fd := range r.findings {
		if left[fps[i]] {
			continue
		}
		title := "fixed"
		for _, fix := range fd.Fixes {
			if fix.Safe {
				title = fix.Title
				break
			}
		}
		line, col := ix.Position(fd.Start, textpos.UTF16)
		r.fixed = append(r.fixed, fmt.Sprintf("fixed %s:%d:%d: %s %s", f.display, line+1, col+1, fd.Rule, title))
	}
	r.src, r.findings = fixed, after
}

// writeIfUnchanged replaces the file at path with next when it still holds
// prev, through a temporary file renamed over it (same permissions).
func writeIfUnchanged(path string, prev, next []byte) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	cur, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !bytes.Equal(cur, prev) {
		return errChangedSinceRead
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".trustlint-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(next); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// Last check right before the rename: an editor may have saved
	// meanwhile.
	if cur, err := os.ReadFile(path); err != nil || !bytes.Equal(cur, prev) {
		if err != nil {
			return err
		}
		return errChangedSinceRead
	}
	return os.Rename(tmp.Name(), path)
}
