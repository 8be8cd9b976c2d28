package detectors

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestIsEnvFile(t *testing.T) {
	for name, want := range map[string]bool{
		".env": true, ".env.local": true, ".env.production": true, ".env.development.local": true,
		"api/.env": true, ".env.bak": true,
		".env.example": false, ".env.sample": false, ".env.template": false, ".env.dist": false,
		".env.local.example": false, ".ENV.EXAMPLE": false, ".envrc": false, "env": false,
		".environment": false, "config.env": false, "app.py": false,
	} {
		if got := IsEnvFile(name); got != want {
			t.Errorf("IsEnvFile(%q) = %v, want %v", name, got, want)
		}
	}
}

// workspacePaths returns the paths of the findings, sorted.
func workspacePaths(fs []WorkspaceFinding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Path)
	}
	sort.Strings(out)
	return out
}

func TestCheckWorkspace(t *testing.T) {
	cases := []struct {
		name  string
		files ignoreLayout
		git   bool
		want  []string
		// gitignore is the root .gitignore after the fix ("" when no fix
		// is expected).
		gitignore string
	}{
		{
			name:      "no .gitignore",
			files:     ignoreLayout{".env": "", "src/app.js": "x"},
			want:      []string{".env"},
			gitignore: "# Local environment files hold secrets: never commit them.\n.env\n",
		},
		{
			name:  "already ignored",
			files: ignoreLayout{".gitignore": "node_modules\n.env\n", ".env": ""},
			want:  []string{},
		},
		{
			name:      "ignored elsewhere only: nested .gitignore",
			files:     ignoreLayout{"api/.gitignore": ".env\n", "api/.env": "", ".env": ""},
			want:      []string{".env"},
			gitignore: "# Local environment files hold secrets: never commit them.\n.env\n",
		},
		{
			name:      "anchored pattern leaves subdirectories",
			files:     ignoreLayout{".gitignore": "/.env", ".env": "", "api/.env": ""},
			want:      []string{"api/.env"},
			gitignore: "/.env\n\n# Local environment files hold secrets: never commit them.\n.env\n",
		},
		{
			name:  "negation keeps the example, ignores the rest",
			files: ignoreLayout{".gitignore": ".env*\n!.env.example\n", ".env": "", ".env.example": "", ".env.local": ""},
			want:  []string{},
		},
		{
			name:  "explicitly re-included file is silent",
			files: ignoreLayout{".gitignore": ".env*\n!.env.production\n", ".env.production": "NEXT_PUBLIC_URL=x\n"},
			want:  []string{},
		},
		{
			name:  "parent directory excluded: re-include does not work",
			files: ignoreLayout{".gitignore": "config/\n!config/.env\n", "config/.env": ""},
			want:  []string{},
		},
		{
			name:      "several kinds of env file",
			files:     ignoreLayout{".gitignore": "dist\n", ".env": "", "web/.env.local": "", ".env.development.local": "", ".env.staging": "", ".env.example": ""},
			want:      []string{".env", ".env.development.local", ".env.staging", "web/.env.local"},
			gitignore: "dist\n\n# Local environment files hold secrets: never commit them.\n.env\n.env*.local\n.env.staging\n",
		},
		{
			name:  "templates only",
			files: ignoreLayout{".env.example": "", ".env.sample": "", ".env.template": "", ".env.dist": ""},
			want:  []string{},
		},
		{
			name:  "info/exclude",
			files: ignoreLayout{".git/info/exclude": ".env\n", ".env": ""},
			git:   true,
			want:  []string{},
		},
		{
			name:  "node_modules and ignored directories are not entered",
			files: ignoreLayout{".gitignore": "build/\n", "node_modules/pkg/.env": "", "build/.env": ""},
			want:  []string{},
		},
		{
			name:  "suppressed by a comment",
			files: ignoreLayout{".env": "# trustlint-ignore TL106 -- only public defaults\nPORT=3000\n"},
			want:  []string{},
		},
		{
			name:      "CRLF .gitignore without a final newline",
			files:     ignoreLayout{".gitignore": "dist\r\nlogs", ".env": ""},
			want:      []string{".env"},
			gitignore: "dist\r\nlogs\r\n\r\n# Local environment files hold secrets: never commit them.\r\n.env\r\n",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			writeLayout(t, root, c.files)
			got, err := CheckWorkspace(root, Config{})
			if err != nil {
				t.Fatal(err)
			}
			if paths := workspacePaths(got); !reflect.DeepEqual(paths, c.want) {
				t.Fatalf("findings on %v, want %v", paths, c.want)
			}
			if len(got) == 0 {
				return
			}
			for _, f := range got {
				if f.Rule != "TL106" || f.Severity != SeverityError || !strings.Contains(f.Message, f.Path) {
					t.Errorf("finding %+v", f)
				}
				if strings.Contains(f.Message, "abc") {
					t.Errorf("message quotes the file: %q", f.Message)
				}
			}
			fix := got[0].Fixes[0]
			if c.gitignore == "" {
				if len(fix.Files) > 0 {
					t.Fatalf("unexpected file fix %+v", fix)
				}
				return
			}
			if !fix.Preferred || !fix.Safe || len(fix.Files) != 1 || fix.Files[0].Path != ".gitignore" {
				t.Fatalf("fix %+v", fix)
			}
			for _, f := range got[1:] {
				if !reflect.DeepEqual(f.Fixes[0], fix) {
					t.Errorf("%s has another fix: %+v", f.Path, f.Fixes[0])
				}
			}
			_, hadIgnore := c.files[".gitignore"]
			if fix.Files[0].Create == hadIgnore {
				t.Errorf("Create = %v with a .gitignore present = %v", fix.Files[0].Create, hadIgnore)
			}
			var files []FileEdit
			for _, f := range got {
				files = append(files, f.Fixes[0].Files...)
			}
			if err := ApplyFileEdits(root, files); err != nil {
				t.Fatal(err)
			}
			data, _ := os.ReadFile(filepath.Join(root, ".gitignore"))
			if string(data) != c.gitignore {
				t.Errorf(".gitignore after the fix:\n%q\nwant\n%q", data, c.gitignore)
			}
			again, err := CheckWorkspace(root, Config{})
			if err != nil || len(again) != 0 {
				t.Errorf("after the fix: %v, %v", workspacePaths(again), err)
			}
		})
	}
}

func TestCheckWorkspaceConfig(t *testing.T) {
	root := t.TempDir()
	writeLayout(t, root, ignoreLayout{".env": ""})
	if got, _ := CheckWorkspace(root, Config{Disabled: map[string]bool{"TL106": true}}); len(got) != 0 {
		t.Errorf("disabled rule reported %v", workspacePaths(got))
	}
	if got, _ := CheckWorkspace(root, Config{Only: map[string]bool{"TL101": true}}); len(got) != 0 {
		t.Errorf("rule outside Only reported %v", workspacePaths(got))
	}
	got, _ := CheckWorkspace(root, Config{Severity: map[string]Severity{"TL106": SeverityWarning}})
	if len(got) != 1 || got[0].Severity != SeverityWarning {
		t.Errorf("severity override: %+v", got)
	}
	if _, err := CheckWorkspace(filepath.Join(root, "missing"), Config{}); err == nil {
		t.Error("missing root: no error")
	}
}

func TestCheckWorkspaceRepoAbove(t *testing.T) {
	repo := t.TempDir()
	writeLayout(t, repo, ignoreLayout{".git/HEAD": "ref: refs/heads/main\n", ".gitignore": "app/.env.local\n", "app/.env.local": "", "app/.env": ""})
	got, err := CheckWorkspace(filepath.Join(repo, "app"), Config{})
	if err != nil {
		t.Fatal(err)
	}
	if paths := workspacePaths(got); !reflect.DeepEqual(paths, []string{".env"}) {
		t.Fatalf("findings on %v, want [.env]", paths)
	}
	fe := got[0].Fixes[0].Files[0]
	if fe.Path != ".gitignore" || !fe.Create {
		t.Errorf("fix edits %+v; want a new app/.gitignore", fe)
	}
}

func TestCheckEnvFile(t *testing.T) {
	root := t.TempDir()
	writeLayout(t, root, ignoreLayout{".gitignore": "node_modules/\n", "api/.env.local": "", "api/.env.example": "", "ignored/.gitignore": "*\n", "ignored/.env": ""})
	f, ok, err := CheckEnvFile(root, filepath.Join(root, "api", ".env.local"), []byte("KEY=value\r\nB=2\r\n"), Config{})
	if err != nil || !ok {
		t.Fatalf("CheckEnvFile = %v, %v", ok, err)
	}
	if f.Path != "api/.env.local" || f.Start != 0 || f.End != len("KEY=value") {
		t.Errorf("finding %+v", f)
	}
	if len(f.Fixes) != 2 || f.Fixes[0].Title != "Add .env*.local to .gitignore" || f.Fixes[1].Safe || len(f.Fixes[1].Edits) != 1 {
		t.Fatalf("fixes %+v", f.Fixes)
	}
	if got := f.Fixes[1].Edits[0].NewText; got != "# trustlint-ignore TL106 -- reason: \r\n" {
		t.Errorf("suppression %q", got)
	}
	// A file not on disk yet (an unsaved buffer) is checked too.
	if _, ok, err := CheckEnvFile(root, filepath.Join(root, ".env"), []byte(""), Config{}); !ok || err != nil {
		t.Errorf("unsaved .env: %v, %v", ok, err)
	}
	for _, p := range []string{
		filepath.Join(root, "api", ".env.example"),
		filepath.Join(root, "ignored", ".env"),
		filepath.Join(root, "src", "app.js"),
		filepath.Join(root, "node_modules", "x", ".env"),
		filepath.Join(filepath.Dir(root), ".env"),
		filepath.Join(root, "..", ".env"),
	} {
		if _, ok, err := CheckEnvFile(root, p, nil, Config{}); ok || err != nil {
			t.Errorf("%s: reported (%v, %v)", p, ok, err)
		}
	}
}

func TestCheckEnvFileSymlinks(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	writeLayout(t, outside, ignoreLayout{"secrets.env": "", ".gitignore": ""})
	writeLayout(t, root, ignoreLayout{"api/.env": ""})
	if err := os.Symlink(filepath.Join(outside, "secrets.env"), filepath.Join(root, ".env")); err != nil {
		t.Skip(err)
	}
	if _, ok, _ := CheckEnvFile(root, filepath.Join(root, ".env"), nil, Config{}); ok {
		t.Error("a symbolic link named .env is reported; git commits the link only")
	}
	// A .gitignore that is a link out of the workspace is left alone.
	if err := os.Symlink(filepath.Join(outside, ".gitignore"), filepath.Join(root, ".gitignore")); err != nil {
		t.Fatal(err)
	}
	f, ok, err := CheckEnvFile(root, filepath.Join(root, "api", ".env"), nil, Config{})
	if !ok || err != nil {
		t.Fatalf("api/.env: %v, %v", ok, err)
	}
	for _, fix := range f.Fixes {
		if len(fix.Files) > 0 {
			t.Errorf("fix through a symbolic link: %+v", fix)
		}
	}
	if _, err := ResolveInRoot(root, ".gitignore"); err == nil {
		t.Error("ResolveInRoot follows a link out of the workspace")
	}
}

func TestResolveInRoot(t *testing.T) {
	root := t.TempDir()
	writeLayout(t, root, ignoreLayout{"a/b.txt": "x"})
	for _, rel := range []string{"../x", "a/../../x", "/etc/passwd", "", ".", "a/./b.txt", `a\b.txt`, "missing/dir/x"} {
		if p, err := ResolveInRoot(root, rel); err == nil {
			t.Errorf("ResolveInRoot(%q) = %s, want an error", rel, p)
		}
	}
	for _, rel := range []string{"a/b.txt", "a/new.txt", ".gitignore"} {
		p, err := ResolveInRoot(root, rel)
		if err != nil || !strings.HasPrefix(p, root) {
			t.Errorf("ResolveInRoot(%q) = %s, %v", rel, p, err)
		}
	}
	if err := ApplyFileEdits(root, []FileEdit{{Path: "a/b.txt", Create: true, Edits: []Edit{{0, 0, "y"}}}}); err == nil {
		t.Error("Create over an existing file: no error")
	}
	if err := ApplyFileEdits(root, []FileEdit{{Path: "../evil", Create: true, Edits: []Edit{{0, 0, "y"}}}}); err == nil {
		t.Error("path out of the root: no error")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(root), "evil")); err == nil {
		t.Error("wrote outside the root")
	}
}

func TestSafeEditsSkipsOtherFiles(t *testing.T) {
	fs := []Finding{{Fixes: []Fix{
		{Title: "other file", Safe: true, Edits: []Edit{{0, 0, "a"}}, Files: []FileEdit{{Path: ".gitignore", Edits: []Edit{{0, 0, ".env\n"}}}}},
		{Title: "this file", Safe: true, Edits: []Edit{{1, 1, "b"}}},
	}}}
	if got := SafeEdits(fs); !reflect.DeepEqual(got, []Edit{{1, 1, "b"}}) {
		t.Errorf("SafeEdits = %+v", got)
	}
	if got := safeFixes(fs); len(got) != 1 || got[0].Title != "this file" {
		t.Errorf("safeFixes = %+v", got)
	}
}
