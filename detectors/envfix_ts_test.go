package detectors

import (
	"fmt"
	"testing"

	"github.com/trustlint/trustlint/grammars"
)

// TestEnvFixTypeChecks runs the TypeScript compiler over fixed files, so a
// fix never turns a `string` into `string | undefined`. It needs
// TRUSTLINT_TS_NODE_MODULES, a node_modules folder holding typescript and
// @types/node (.ci/run installs one); without it the test is skipped.
func TestEnvFixTypeChecks(t *testing.T) {
	modules := tsNodeModules(t)
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
	files := make(map[string]string)
	for i, c := range cases {
		out, ok := fixAt(t, c.lang, c.src, key, "API_KEY")
		if !ok {
			t.Fatalf("case %d: no fix", i)
		}
		ext := ".ts"
		if c.lang == grammars.TSX {
			ext = ".tsx"
		}
		files[fmt.Sprintf("case%d%s", i, ext)] = out
	}
	typeCheckTS(t, modules, files)
}
