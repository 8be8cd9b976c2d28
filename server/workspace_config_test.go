package server

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/trustlint/trustlint/detectors"
)

// hasCode reports whether the publication carries a diagnostic with code.
func hasCode(ev diagEvent, code string) bool {
	for _, d := range ev.params.Diagnostics {
		if d.Code == code {
			return true
		}
	}
	return false
}

func TestWorkspaceConfigFileLoadedAndReloaded(t *testing.T) {
	root := t.TempDir()
	cfgPath := filepath.Join(root, ".trustlint.yaml")
	if err := os.WriteFile(cfgPath, []byte("rules:\n  TL101: off\n  TL102: loud\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := startSession(t, sessionOptions{})
	var result map[string]any
	if err := s.call("initialize", map[string]any{
		"processId": nil, "rootUri": string(fileURI(root)), "capabilities": map[string]any{},
	}, &result); err != nil {
		t.Fatal(err)
	}
	s.notify("initialized", map[string]any{})

	// The bad entry is a diagnostic on the configuration file, at its
	// line and column (0-based in LSP).
	cfgURI := fileURI(cfgPath)
	s.waitFor("config diagnostics", func() bool {
		for _, ev := range s.diags {
			if ev.params.URI == cfgURI && len(ev.params.Diagnostics) == 1 {
				st := ev.params.Diagnostics[0].Range.Start
				return st.Line == 2 && st.Character == 9
			}
		}
		return false
	})

	// TL101 is off for documents of the workspace.
	uri := fileURI(filepath.Join(root, "app.js"))
	s.open(uri, "javascript", 1, "const apiKey = \""+fakeOpenAIKey()+"\";\n")
	if ev := s.diagnosticsFor(uri, 1); hasCode(ev, "TL101") {
		t.Fatalf("TL101 reported although .trustlint.yaml turns it off: %+v", ev.params.Diagnostics)
	}

	// Editing the file on disk and saving it reloads it: TL101 is back,
	// and the configuration file's diagnostics are cleared.
	if err := os.WriteFile(cfgPath, []byte("rules:\n  TL102: off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s.notify("workspace/didChangeWatchedFiles", map[string]any{
		"changes": []map[string]any{{"uri": cfgURI, "type": 2}},
	})
	s.waitFor("TL101 after reload", func() bool {
		for i := len(s.diags) - 1; i >= 0; i-- {
			if s.diags[i].params.URI == uri {
				return hasCode(s.diags[i], "TL101")
			}
		}
		return false
	})
	s.waitFor("config diagnostics cleared", func() bool {
		for i := len(s.diags) - 1; i >= 0; i-- {
			if s.diags[i].params.URI == cfgURI {
				return len(s.diags[i].params.Diagnostics) == 0
			}
		}
		return false
	})
}

func TestCombineClientOverridesWorkspace(t *testing.T) {
	file := detectorsConfig(map[string]bool{"TL101": true}, map[string]string{"TL102": "hint"})
	client := detectorsConfig(map[string]bool{"TL103": true}, map[string]string{"TL102": "error"})
	got := combine(file, client)
	if !got.Disabled["TL101"] || !got.Disabled["TL103"] || got.Severity["TL102"].String() != "error" {
		t.Errorf("combine = %+v", got)
	}
	if file.Severity["TL102"].String() != "hint" {
		t.Errorf("combine modified its input")
	}
}

func detectorsConfig(disabled map[string]bool, severity map[string]string) detectors.Config {
	c := detectors.Config{Disabled: disabled, Severity: map[string]detectors.Severity{}}
	for id, name := range severity {
		sev, err := detectors.ParseSeverity(name)
		if err != nil {
			panic(err)
		}
		c.Severity[id] = sev
	}
	return c
}
