package server

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// initWorkspace runs initialize + initialized with root as rootUri.
func (s *session) initWorkspace(root string, workspaceEdit map[string]any) {
	s.t.Helper()
	params := map[string]any{
		"processId":    nil,
		"rootUri":      fileURI(root),
		"capabilities": map[string]any{"workspace": map[string]any{"workspaceEdit": workspaceEdit}},
	}
	var result map[string]any
	if err := s.call("initialize", params, &result); err != nil {
		s.t.Fatalf("initialize: %v", err)
	}
	s.notify("initialized", map[string]any{})
}

// rawCodeActions asks for code actions on the first line and returns them
// as decoded JSON.
func (s *session) rawCodeActions(uri protocol.DocumentURI, diags []protocol.Diagnostic) []map[string]any {
	s.t.Helper()
	if diags == nil {
		diags = []protocol.Diagnostic{}
	}
	var actions []map[string]any
	if err := s.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        rng(0, 0, 0, 0),
		"context":      map[string]any{"diagnostics": diags},
	}, &actions); err != nil {
		s.t.Fatalf("codeAction: %v", err)
	}
	return actions
}

// noDiagnostics checks that nothing was published for uri.
func (s *session) noDiagnostics(uri protocol.DocumentURI) {
	s.t.Helper()
	s.sync()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ev := range s.diags {
		if ev.params.URI == uri && len(ev.params.Diagnostics) > 0 {
			s.t.Errorf("diagnostics published for %s: %+v", uri, ev.params.Diagnostics)
		}
	}
}

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for p, content := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// realTempDir is t.TempDir with symbolic links resolved (the server
// resolves them).
func realTempDir(t *testing.T) string {
	t.Helper()
	d, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestEnvFileCreatesGitignore(t *testing.T) {
	root := realTempDir(t)
	writeFiles(t, root, map[string]string{".env": "OPENAI_API_KEY=x\n"})
	s := startSession(t, sessionOptions{})
	s.initWorkspace(root, map[string]any{"documentChanges": true, "resourceOperations": []string{"create", "rename"}})
	envURI := fileURI(filepath.Join(root, ".env"))
	s.open(envURI, "dotenv", 1, "OPENAI_API_KEY=x\n")
	ev := s.diagnosticsFor(envURI, 1)
	d := findDiag(t, ev, "TL106")
	if d.Severity != protocol.DiagnosticSeverityError || d.Range != *rng(0, 0, 0, 16) || !strings.Contains(d.Message, ".env is not ignored") {
		t.Errorf("diagnostic %+v", d)
	}
	actions := s.rawCodeActions(envURI, []protocol.Diagnostic{d})
	if len(actions) != 2 {
		t.Fatalf("actions %v", actions)
	}
	a := actions[0]
	if a["title"] != "Create .gitignore ignoring .env" || a["isPreferred"] != true || a["kind"] != "quickfix" {
		t.Errorf("first action %v", a)
	}
	dcs := a["edit"].(map[string]any)["documentChanges"].([]any)
	if len(dcs) != 2 {
		t.Fatalf("documentChanges %v", dcs)
	}
	create := dcs[0].(map[string]any)
	ignoreURI := string(fileURI(filepath.Join(root, ".gitignore")))
	if create["kind"] != "create" || create["uri"] != ignoreURI {
		t.Errorf("create %v", create)
	}
	tde := dcs[1].(map[string]any)
	td := tde["textDocument"].(map[string]any)
	if td["uri"] != ignoreURI || td["version"] != nil {
		t.Errorf("text document edit target %v", td)
	}
	edits := tde["edits"].([]any)
	newText := edits[0].(map[string]any)["newText"].(string)
	if len(edits) != 1 || !strings.HasSuffix(newText, "\n.env\n") {
		t.Errorf("edits %v", edits)
	}
	if !strings.HasPrefix(actions[1]["title"].(string), "Suppress TL106") {
		t.Errorf("second action %v", actions[1])
	}

	// The client applies it and saves .gitignore: the diagnostic goes.
	writeFiles(t, root, map[string]string{".gitignore": newText})
	s.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": ignoreURI}})
	s.waitFor("TL106 cleared", func() bool {
		last := diagEvent{}
		for _, ev := range s.diags {
			if ev.params.URI == envURI {
				last = ev
			}
		}
		return last.params.Diagnostics != nil && len(last.params.Diagnostics) == 0
	})
	if got := s.rawCodeActions(envURI, nil); len(got) != 0 {
		t.Errorf("actions once ignored: %v", got)
	}
}

func TestEnvFileEditsExistingGitignore(t *testing.T) {
	for _, documentChanges := range []bool{false, true} {
		root := realTempDir(t)
		writeFiles(t, root, map[string]string{".gitignore": "node_modules", "api/.env.local": "K=v\n"})
		s := startSession(t, sessionOptions{})
		s.initWorkspace(root, map[string]any{"documentChanges": documentChanges})
		envURI := fileURI(filepath.Join(root, "api", ".env.local"))
		s.open(envURI, "plaintext", 3, "K=v\n")
		d := findDiag(t, s.diagnosticsFor(envURI, 3), "TL106")
		actions := s.rawCodeActions(envURI, []protocol.Diagnostic{d})
		if len(actions) != 2 || actions[0]["title"] != "Add .env*.local to .gitignore" {
			t.Fatalf("documentChanges %v: actions %v", documentChanges, actions)
		}
		edit := actions[0]["edit"].(map[string]any)
		ignoreURI := string(fileURI(filepath.Join(root, ".gitignore")))
		var edits []any
		if documentChanges {
			dcs := edit["documentChanges"].([]any)
			if len(dcs) != 1 || edit["changes"] != nil {
				t.Fatalf("edit %v", edit)
			}
			edits = dcs[0].(map[string]any)["edits"].([]any)
		} else {
			if edit["documentChanges"] != nil {
				t.Fatalf("edit %v", edit)
			}
			edits = edit["changes"].(map[string]any)[ignoreURI].([]any)
		}
		e := edits[0].(map[string]any)
		r := e["range"].(map[string]any)["start"].(map[string]any)
		if r["line"] != float64(0) || r["character"] != float64(len("node_modules")) || !strings.HasPrefix(e["newText"].(string), "\n\n# Local") {
			t.Errorf("documentChanges %v: edit %v", documentChanges, e)
		}
	}
}

func TestEnvFileNoCreateCapability(t *testing.T) {
	root := realTempDir(t)
	s := startSession(t, sessionOptions{})
	s.initWorkspace(root, map[string]any{"documentChanges": true})
	envURI := fileURI(filepath.Join(root, ".env.production"))
	s.open(envURI, "dotenv", 1, "DATABASE_URL=postgres://u:p@db/app\n")
	d := findDiag(t, s.diagnosticsFor(envURI, 1), "TL106")
	actions := s.rawCodeActions(envURI, []protocol.Diagnostic{d})
	for _, a := range actions {
		if strings.Contains(a["title"].(string), ".gitignore") {
			t.Errorf("offered %v to a client that cannot create files", a)
		}
	}
	if len(actions) != 1 {
		t.Errorf("want only the suppression, got %v", actions)
	}
}

func TestEnvFileSilent(t *testing.T) {
	root := realTempDir(t)
	outside := realTempDir(t)
	writeFiles(t, root, map[string]string{".gitignore": ".env*\n!.env.example\n"})
	s := startSession(t, sessionOptions{})
	s.initWorkspace(root, map[string]any{"documentChanges": true, "resourceOperations": []string{"create"}})
	for _, uri := range []protocol.DocumentURI{
		fileURI(filepath.Join(root, ".env")),
		fileURI(filepath.Join(root, "web", ".env.local")),
		fileURI(filepath.Join(root, ".env.example")),
		fileURI(filepath.Join(outside, ".env")),
		fileURI(filepath.Join(root, "notes.txt")),
	} {
		s.open(uri, "dotenv", 1, "KEY=value\n")
		s.noDiagnostics(uri)
		if got := s.rawCodeActions(uri, nil); len(got) != 0 {
			t.Errorf("%s: actions %v", uri, got)
		}
	}
}

func TestEnvFileSymlinkedGitignore(t *testing.T) {
	root := realTempDir(t)
	outside := realTempDir(t)
	writeFiles(t, outside, map[string]string{"shared-ignore": "dist\n"})
	if err := os.Symlink(filepath.Join(outside, "shared-ignore"), filepath.Join(root, ".gitignore")); err != nil {
		t.Skip(err)
	}
	s := startSession(t, sessionOptions{})
	s.initWorkspace(root, map[string]any{"documentChanges": true, "resourceOperations": []string{"create"}})
	envURI := fileURI(filepath.Join(root, ".env"))
	s.open(envURI, "dotenv", 1, "KEY=value\n")
	d := findDiag(t, s.diagnosticsFor(envURI, 1), "TL106")
	for _, a := range s.rawCodeActions(envURI, []protocol.Diagnostic{d}) {
		if strings.Contains(a["title"].(string), ".gitignore") {
			t.Errorf("offered an edit through a link out of the workspace: %v", a)
		}
	}
}

func TestEnvExampleAction(t *testing.T) {
	root := realTempDir(t)
	writeFiles(t, root, map[string]string{".env.example": "PORT=3000\n"})
	s := startSession(t, sessionOptions{})
	s.initWorkspace(root, map[string]any{"documentChanges": true})
	uri := fileURI(filepath.Join(root, "src", "config.js"))
	s.open(uri, "javascript", 1, fixture(t, "config.js"))
	d := findDiag(t, s.diagnosticsFor(uri, 1), "TL101")
	actions := s.codeActions(uri, d.Range, []protocol.Diagnostic{d}, nil)
	if len(actions) < 3 {
		t.Fatalf("actions %+v", actions)
	}
	if !actions[0].IsPreferred || !strings.HasPrefix(actions[0].Title, "Read ") {
		t.Fatalf("first action %+v", actions[0])
	}
	name := strings.TrimSuffix(strings.TrimPrefix(actions[0].Title, "Read "), " from the environment")
	ex := actions[1]
	if ex.Title != "Add "+name+"= to .env.example" || ex.IsPreferred {
		t.Fatalf("second action %+v", ex)
	}
	exURI := fileURI(filepath.Join(root, ".env.example"))
	if len(ex.Edit.DocumentChanges) != 1 || ex.Edit.DocumentChanges[0].TextDocument.URI != exURI {
		t.Fatalf("edit %+v", ex.Edit)
	}
	e := ex.Edit.DocumentChanges[0].Edits[0]
	if e.NewText != name+"=\n" || e.Range != *rng(1, 0, 1, 0) {
		t.Errorf("edit %+v", e)
	}
	raw, _ := json.Marshal(ex)
	if strings.Contains(string(raw), "sk-proj-") {
		t.Errorf("the action quotes the key: %s", raw)
	}

	// Once the template has the name, the action is not offered.
	writeFiles(t, root, map[string]string{".env.example": "PORT=3000\n" + name + "=\n"})
	for _, a := range s.codeActions(uri, d.Range, []protocol.Diagnostic{d}, nil) {
		if strings.Contains(a.Title, ".env.example") {
			t.Errorf("offered again: %+v", a)
		}
	}
}
