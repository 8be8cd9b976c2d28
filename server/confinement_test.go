package server

import (
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// editTargets returns every URI a code action's edit writes to: the keys
// of changes, the text documents of documentChanges and the files their
// resource operations create.
func editTargets(t *testing.T, action map[string]any) []string {
	t.Helper()
	edit, _ := action["edit"].(map[string]any)
	var out []string
	if changes, ok := edit["changes"].(map[string]any); ok {
		for u := range changes {
			out = append(out, u)
		}
	}
	dcs, _ := edit["documentChanges"].([]any)
	for _, dc := range dcs {
		m, _ := dc.(map[string]any)
		if td, ok := m["textDocument"].(map[string]any); ok {
			out = append(out, td["uri"].(string))
		}
		for _, k := range []string{"uri", "oldUri", "newUri"} {
			if u, ok := m[k].(string); ok {
				out = append(out, u)
			}
		}
	}
	return out
}

// resolvedPath is the file a file URI names, with "." and ".." applied
// and symbolic links resolved as far as the path exists (the last link
// included, dangling or not).
func resolvedPath(t *testing.T, uri string) string {
	t.Helper()
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		t.Fatalf("edit target %q is not a file URI", uri)
	}
	p := filepath.Clean(filepath.FromSlash(u.Path))
	var rest []string
	for {
		if fi, err := os.Lstat(p); err == nil {
			if fi.Mode()&fs.ModeSymlink != 0 {
				target, err := os.Readlink(p)
				if err != nil {
					t.Fatal(err)
				}
				if !filepath.IsAbs(target) {
					target = filepath.Join(filepath.Dir(p), target)
				}
				return resolvedPath(t, fileURIString(filepath.Join(append([]string{target}, rest...)...)))
			}
			real, err := filepath.EvalSymlinks(p)
			if err != nil {
				t.Fatal(err)
			}
			return filepath.Join(append([]string{real}, rest...)...)
		} else if !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return filepath.Join(append([]string{p}, rest...)...)
		}
		rest = append([]string{filepath.Base(p)}, rest...)
		p = parent
	}
}

func fileURIString(p string) string { return string(fileURI(p)) }

// insideDir reports whether path is root or below it.
func insideDir(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// checkConfined fails when an action writes anywhere but the document it
// was asked for or a file inside root.
func checkConfined(t *testing.T, root string, asked protocol.DocumentURI, actions []map[string]any) {
	t.Helper()
	for _, a := range actions {
		for _, target := range editTargets(t, a) {
			if target == string(asked) {
				continue
			}
			if p := resolvedPath(t, target); !insideDir(root, p) {
				t.Errorf("action %q writes %s (%s), outside the workspace %s", a["title"], target, p, root)
			}
		}
	}
}

// allCodeActions asks for every code action on the document's first 100
// lines.
func (s *session) allCodeActions(uri protocol.DocumentURI) []map[string]any {
	s.t.Helper()
	var actions []map[string]any
	if err := s.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        rng(0, 0, 99, 0),
		"context":      map[string]any{"diagnostics": []any{}},
	}, &actions); err != nil {
		s.t.Fatalf("codeAction: %v", err)
	}
	return actions
}

// TestFixesStayInWorkspace: the fixes that edit or create other files
// (NAME= added to .env.example, .env added to .gitignore) never write
// outside the workspace root, whether the template or .gitignore is a
// link out of it (to a file, to nothing, through a linked directory) or
// the document's URI climbs out with "..": such fixes are not offered, the
// rest are, and the server keeps answering.
func TestFixesStayInWorkspace(t *testing.T) {
	for _, documentChanges := range []bool{false, true} {
		root := realTempDir(t)
		outside := realTempDir(t)
		writeFiles(t, outside, map[string]string{"env-template": "PORT=3000\n", "ignore": "dist\n", "api/.env": "K=v\n"})
		link := func(target, name string) {
			t.Helper()
			if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
				t.Skip(err)
			}
		}
		link(filepath.Join(outside, "env-template"), ".env.example")
		link("../"+filepath.Base(outside)+"/env-template", ".env.sample") // relative
		link(filepath.Join(outside, "missing-template"), ".env.template")
		link(filepath.Join(outside, "ignore"), ".gitignore")
		link(outside, "api")
		writeFiles(t, root, map[string]string{"src/config.js": fixture(t, "config.js"), "web/.env": "K=v\n"})

		s := startSession(t, sessionOptions{})
		caps := map[string]any{"documentChanges": documentChanges, "resourceOperations": []string{"create", "rename", "delete"}}
		s.initWorkspace(root, caps)
		rel := filepath.Base(outside)
		uris := []protocol.DocumentURI{
			fileURI(filepath.Join(root, "src", "config.js")),
			protocol.DocumentURI(fileURIString(root) + "/src/../src/config.js"),
			protocol.DocumentURI(fileURIString(root) + "/../" + rel + "/config.js"),
			protocol.DocumentURI(fileURIString(root) + "/src/%2E%2E/%2E%2E/" + rel + "/config.js"),
		}
		envs := []protocol.DocumentURI{
			fileURI(filepath.Join(root, "web", ".env")),
			protocol.DocumentURI(fileURIString(root) + "/web/../web/.env"),
			protocol.DocumentURI(fileURIString(root) + "/../" + rel + "/api/.env"),
			fileURI(filepath.Join(root, "api", ".env")),
		}
		for _, uri := range uris {
			s.open(uri, "javascript", 1, fixture(t, "config.js"))
			findDiag(t, s.diagnosticsFor(uri, 1), "TL101")
			actions := s.allCodeActions(uri)
			if len(actions) == 0 {
				t.Errorf("%s: no actions at all", uri)
			}
			for _, a := range actions {
				if strings.Contains(a["title"].(string), ".env.") {
					t.Errorf("%s: offered %q through a link out of the workspace", uri, a["title"])
				}
			}
			checkConfined(t, root, uri, actions)
		}
		for _, uri := range envs {
			s.open(uri, "dotenv", 1, "K=v\n")
			s.sync()
			actions := s.allCodeActions(uri)
			for _, a := range actions {
				if strings.Contains(a["title"].(string), ".gitignore") {
					t.Errorf("%s: offered %q with .gitignore a link out of the workspace", uri, a["title"])
				}
			}
			checkConfined(t, root, uri, actions)
		}

		// Without the links, the same fixes are offered, inside the root.
		for _, name := range []string{".env.example", ".env.sample", ".env.template", ".gitignore"} {
			if err := os.Remove(filepath.Join(root, name)); err != nil {
				t.Fatal(err)
			}
		}
		writeFiles(t, root, map[string]string{".env.example": "PORT=3000\n"})
		offered := map[string]bool{}
		for i, uri := range []protocol.DocumentURI{uris[1], envs[1]} {
			s.change(uri, 2, change{text: map[int]string{0: fixture(t, "config.js"), 1: "K=v\n"}[i]})
			s.sync()
			actions := s.allCodeActions(uri)
			for _, a := range actions {
				for _, f := range []string{".env.example", ".gitignore"} {
					if strings.Contains(a["title"].(string), f) {
						offered[f] = true
					}
				}
			}
			checkConfined(t, root, uri, actions)
		}
		if !offered[".env.example"] || (documentChanges && !offered[".gitignore"]) {
			t.Errorf("documentChanges %v: the workspace fixes were not offered once the links were gone: %v", documentChanges, offered)
		}
		if _, err := os.Stat(filepath.Join(outside, "missing-template")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("a file appeared outside the workspace: %v", err)
		}
	}
}
