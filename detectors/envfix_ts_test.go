package detectors

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trustlint/trustlint/grammars"
)

// TestEnvFixTypeChecks runs the TypeScript compiler over fixed files, so a
// fix never turns a `string` into `string | undefined`. It needs
// TRUSTLINT_TS_NODE_MODULES, a node_modules folder holding typescript and
// @types/node (.ci/run installs one); without it the test is skipped.
func TestEnvFixTypeChecks(t *testing.T) {
	modules := os.Getenv("TRUSTLINT_TS_NODE_MODULES")
	if modules == "" {
		t.Skip("TRUSTLINT_TS_NODE_MODULES not set: TypeScript type checks of fixes skipped")
	}
	tsc := filepath.Join(modules, ".bin", "tsc")
	if _, err := os.Stat(tsc); err != nil {
		t.Fatalf("tsc not found in %s: %v", modules, err)
	}
	const key = "SECRETVALUE0123456789"
	cases := []struct {
		lang grammars.Lang
		src  string
	}{
		{grammars.TypeScript, "export const stripeKey: string = \"" + key + "\";\nexport function keyLength(): number {\n  return stripeKey.length;\n}\n"},
		{grammars.TypeScript, "export const apiKey = \"" + key + "\";\nexport function upper(): string {\n  return apiKey.toUpperCase();\n}\n"},
		{grammars.TypeScript, "export function headers(): Record<string, string> {\n  const h: Record<string, string> = { Authorization: \"Bearer " + key + "\" };\n  return h;\n}\n"},
		{grammars.TypeScript, "export class Client {\n  private readonly apiKey: string = \"" + key + "\";\n  key(): string {\n    return this.apiKey;\n  }\n}\n"},
		{grammars.TypeScript, "export const config: { apiKey: string } = { apiKey: \"" + key + "\" };\n"},
		{grammars.TypeScript, "function connect(key: string): string {\n  return key;\n}\nexport const c: string = connect(\"" + key + "\");\n"},
		{grammars.TSX, "declare global {\n  namespace JSX {\n    interface IntrinsicElements {\n      [name: string]: { apiKey?: string };\n    }\n  }\n}\nexport function App() {\n  return <map-view apiKey=\"" + key + "\" />;\n}\n"},
	}
	dir := t.TempDir()
	var files []string
	for i, c := range cases {
		out, ok := fixAt(t, c.lang, c.src, key, "API_KEY")
		if !ok {
			t.Fatalf("case %d: no fix", i)
		}
		ext := ".ts"
		if c.lang == grammars.TSX {
			ext = ".tsx"
		}
		name := fmt.Sprintf("case%d%s", i, ext)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(out), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, name)
	}
	tsconfig := `{"compilerOptions": {"strict": true, "noEmit": true, "target": "es2022", "module": "es2022",
  "moduleResolution": "bundler", "jsx": "preserve", "types": ["node"], "typeRoots": [` + fmt.Sprintf("%q", filepath.Join(modules, "@types")) + `]},
  "files": ["` + strings.Join(files, `", "`) + `"]}`
	if err := os.WriteFile(filepath.Join(dir, "tsconfig.json"), []byte(tsconfig), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tsc, "-p", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tsc rejects fixed files: %v\n%s", err, out)
	}
}
