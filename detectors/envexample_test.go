package detectors

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/trustlint/trustlint/grammars"
)

func TestEnvExample(t *testing.T) {
	root := t.TempDir()
	if _, _, ok := EnvExample(root); ok {
		t.Fatal("EnvExample found a template in an empty workspace")
	}
	writeLayout(t, root, ignoreLayout{
		".env.sample":  "OTHER=\n",
		".env.example": "# comment\nexport STRIPE_SECRET_KEY=\nDATABASE_URL=postgres://localhost/db\nBARE\nlower_case=1\n  SPACED = x\n=novalue\n",
	})
	path, names, ok := EnvExample(root)
	if !ok || filepath.Base(path) != ".env.example" {
		t.Fatalf("EnvExample = %s, %v", path, ok)
	}
	want := map[string]bool{"STRIPE_SECRET_KEY": true, "DATABASE_URL": true, "BARE": true, "lower_case": true, "SPACED": true}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("names = %v, want %v", names, want)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if path, _, ok := EnvExample(root); !ok || filepath.Base(path) != ".env.sample" {
		t.Errorf("fallback to .env.sample: %s, %v", path, ok)
	}
}

func TestEnvExampleFix(t *testing.T) {
	root := t.TempDir()
	writeLayout(t, root, ignoreLayout{".env.example": "STRIPE_SECRET_KEY=\r\nPORT=3000"})
	if _, ok := EnvExampleFix(root, "STRIPE_SECRET_KEY"); ok {
		t.Error("fix offered for a name the template has")
	}
	if _, ok := EnvExampleFix(root, "not a name"); ok {
		t.Error("fix offered for an invalid name")
	}
	fix, ok := EnvExampleFix(root, "OPENAI_API_KEY")
	if !ok {
		t.Fatal("no fix")
	}
	if fix.Title != "Add OPENAI_API_KEY= to .env.example" || fix.Preferred || fix.Safe || len(fix.Edits) != 0 {
		t.Errorf("fix %+v", fix)
	}
	if err := ApplyFileEdits(root, fix.Files); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(root, ".env.example"))
	if got, want := string(data), "STRIPE_SECRET_KEY=\r\nPORT=3000\r\nOPENAI_API_KEY=\r\n"; got != want {
		t.Errorf("template after the fix %q, want %q", got, want)
	}
	if _, ok := EnvExampleFix(root, "OPENAI_API_KEY"); ok {
		t.Error("fix offered again after it was applied")
	}
}

func TestAddEnvExampleFixes(t *testing.T) {
	envFix := Fix{Title: "Read OPENAI_API_KEY from the environment", Env: "OPENAI_API_KEY", Preferred: true, Safe: true, Edits: []Edit{{0, 1, "x"}}}
	present := Fix{Title: "Read PORT from the environment", Env: "PORT", Edits: []Edit{{0, 1, "y"}}}
	suppress := Fix{Title: "Suppress"}
	findings := []Finding{
		{Rule: "TL101", Fixes: []Fix{envFix, suppress}},
		{Rule: "TL102", Fixes: []Fix{present}},
		{Rule: "TL201", Fixes: []Fix{suppress}},
	}
	if got := AddEnvExampleFixes(t.TempDir(), findings); !reflect.DeepEqual(got, findings) {
		t.Error("changed findings without a template")
	}
	root := t.TempDir()
	writeLayout(t, root, ignoreLayout{".env.example": "PORT=\n"})
	got := AddEnvExampleFixes(root, findings)
	if len(got[0].Fixes) != 3 || got[0].Fixes[1].Title != "Add OPENAI_API_KEY= to .env.example" || got[0].Fixes[2].Title != "Suppress" {
		t.Errorf("TL101 fixes %+v", got[0].Fixes)
	}
	if len(got[1].Fixes) != 1 || len(got[2].Fixes) != 1 {
		t.Errorf("other findings changed: %+v %+v", got[1].Fixes, got[2].Fixes)
	}
	if len(findings[0].Fixes) != 2 {
		t.Error("input modified")
	}
	if got := AddEnvExampleFixes("", findings); !reflect.DeepEqual(got, findings) {
		t.Error("changed findings without a root")
	}
}

// TestEnvFixNamesTheVariable checks that the secrets fixes tell
// front-ends which variable they read, so AddEnvExampleFixes can follow
// them.
func TestEnvFixNamesTheVariable(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	for _, c := range []struct {
		src  string
		lang grammars.Lang
	}{
		{"const client = new OpenAI({ apiKey: \"sk-proj-" + "T3BlbkFJabcdefghijklmnopqrstuvwxyzABCDEFGHIJKL012345\" });\n", grammars.JavaScript},
		{"const key = process.env.STRIPE_SECRET_KEY || \"sk_live_" + "51HqLyjWDarjtT1zdp7dcXy9uVb3kQpTz2mN8rW4eA6sD0fG\";\n", grammars.JavaScript},
	} {
		findings, err := AnalyzeSource(context.Background(), &pool, "app.js", c.lang, []byte(c.src), Config{})
		if err != nil {
			t.Fatal(err)
		}
		env := ""
		for _, f := range findings {
			for _, fix := range f.Fixes {
				if fix.Env != "" {
					env = fix.Env
				}
			}
		}
		if env == "" {
			t.Errorf("%s: no fix names its variable: %+v", c.src, findings)
		}
	}
}
