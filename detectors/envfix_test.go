package detectors

import (
	"bytes"
	"context"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// fixAt parses src, finds the string literal containing marker, and applies
// envFix to the marker's span inside it.
func fixAt(t *testing.T, lang grammars.Lang, src, marker, name string) (string, bool) {
	t.Helper()
	var pool grammars.Pool
	defer pool.Close()
	tree, err := pool.Parse(context.Background(), lang, nil, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	u := &Unit{Path: "x", Lang: lang, Src: []byte(src), Tree: tree}
	at := strings.Index(src, marker)
	if at < 0 {
		t.Fatalf("marker %q not in source", marker)
	}
	var lit StringLit
	found := false
	// The innermost literal holding the marker, as detectors report it.
	_ = walk(tree.RootNode(), func(n *sitter.Node) error {
		for _, k := range stringKinds[lang.Family()] {
			if n.Type() == k && int(n.StartByte()) <= at && at+len(marker) <= int(n.EndByte()) {
				if l, ok := ParseStringLit(u, n); ok {
					lit, found = l, true
				}
			}
		}
		return nil
	})
	if !found {
		t.Fatalf("no string literal holds %q", marker)
	}
	fix, ok := envFix(u, lit, Span{at, at + len(marker)}, name)
	if !ok {
		return "", false
	}
	out, err := ApplyEdits(u.Src, fix.Edits)
	if err != nil {
		t.Fatalf("ApplyEdits: %v", err)
	}
	assertParses(t, lang, out)
	return string(out), true
}

// assertParses fails when out has a syntax error: tree-sitter must find no
// error node, and where the language's own checker is on the machine (gofmt
// via go/format, python3, node) it must accept the text too.
func assertParses(t *testing.T, lang grammars.Lang, out []byte) {
	t.Helper()
	var pool grammars.Pool
	defer pool.Close()
	tree, err := pool.Parse(context.Background(), lang, nil, out)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	if tree.RootNode().HasError() {
		t.Errorf("fixed %s text does not parse:\n%s", lang, out)
		return
	}
	switch lang {
	case grammars.Go:
		formatted, err := format.Source(out)
		if err != nil {
			t.Errorf("go/format rejects the fix: %v\n%s", err, out)
		} else if !bytes.Equal(formatted, out) {
			t.Errorf("fix is not gofmt-clean:\n%s\ngofmt:\n%s", out, formatted)
		}
	case grammars.Python:
		externalCheck(t, "python3", []string{"-c", "import ast,sys; ast.parse(sys.stdin.read())"}, out)
	case grammars.JavaScript:
		dir := t.TempDir()
		path := filepath.Join(dir, "fixed.mjs")
		if err := os.WriteFile(path, out, 0o600); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(out, []byte("<")) { // node --check cannot read JSX
			externalCheck(t, "node", []string{"--check", path}, nil)
		}
	}
}

func externalCheck(t *testing.T, tool string, args []string, stdin []byte) {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		return
	}
	cmd := exec.Command(tool, args...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("%s rejects the fix: %v\n%s\n%s", tool, err, msg, stdin)
	}
}

func TestEnvFix(t *testing.T) {
	const key = "SECRETVALUE0123456789"
	cases := []struct {
		name   string
		lang   grammars.Lang
		src    string
		marker string
		env    string
		want   string
	}{
		{
			name: "js const gets a guard after it",
			lang: grammars.JavaScript,
			src:  "import OpenAI from \"openai\";\n\nconst apiKey = \"" + key + "\";\nconst client = new OpenAI({ apiKey });\n",
			env:  "OPENAI_API_KEY",
			want: "import OpenAI from \"openai\";\n\nconst apiKey = process.env.OPENAI_API_KEY;\nif (!apiKey) {\n  throw new Error(\"OPENAI_API_KEY not configured\");\n}\nconst client = new OpenAI({ apiKey });\n",
		},
		{
			name: "js without semicolons stays without",
			lang: grammars.JavaScript,
			src:  "function client() {\n    let token = '" + key + "'\n    return token\n}\n",
			env:  "API_TOKEN",
			want: "function client() {\n    let token = process.env.API_TOKEN\n    if (!token) {\n        throw new Error(\"API_TOKEN not configured\")\n    }\n    return token\n}\n",
		},
		{
			name:   "js bearer header becomes a template literal with a guard before the statement",
			lang:   grammars.JavaScript,
			src:    "async function load() {\n  const response = await fetch('https://api.example.com', {\n    headers: { 'Authorization': 'Bearer " + key + "' }\n  });\n  return response.json();\n}\n",
			marker: key,
			env:    "API_TOKEN",
			want:   "async function load() {\n  if (!process.env.API_TOKEN) {\n    throw new Error(\"API_TOKEN not configured\");\n  }\n  const response = await fetch('https://api.example.com', {\n    headers: { 'Authorization': `Bearer ${process.env.API_TOKEN}` }\n  });\n  return response.json();\n}\n",
		},
		{
			name: "ts keeps string types with a non-null assertion",
			lang: grammars.TypeScript,
			src:  "export const stripeKey: string = \"" + key + "\";\n",
			env:  "STRIPE_SECRET_KEY",
			want: "export const stripeKey: string = process.env.STRIPE_SECRET_KEY!;\nif (!stripeKey) {\n  throw new Error(\"STRIPE_SECRET_KEY not configured\");\n}\n",
		},
		{
			name: "tsx attribute gets braces",
			lang: grammars.TSX,
			src:  "export function App() {\n  return <Maps apiKey=\"" + key + "\" />;\n}\n",
			env:  "GOOGLE_API_KEY",
			want: "export function App() {\n  if (!process.env.GOOGLE_API_KEY) {\n    throw new Error(\"GOOGLE_API_KEY not configured\");\n  }\n  return <Maps apiKey={process.env.GOOGLE_API_KEY!} />;\n}\n",
		},
		{
			name: "js template literal keeps its substitutions",
			lang: grammars.JavaScript,
			src:  "const url = `https://x.test/${path}?key=" + key + "`;\n",
			env:  "GOOGLE_API_KEY",
			want: "if (!process.env.GOOGLE_API_KEY) {\n  throw new Error(\"GOOGLE_API_KEY not configured\");\n}\nconst url = `https://x.test/${path}?key=${process.env.GOOGLE_API_KEY}`;\n",
		},
		{
			name: "python adds import os in sorted position",
			lang: grammars.Python,
			src:  "import json\nimport sys\n\nAPI_KEY = \"" + key + "\"\n",
			env:  "API_KEY",
			want: "import json\nimport os\nimport sys\n\nAPI_KEY = os.environ[\"API_KEY\"]\n",
		},
		{
			name: "python after docstring, bearer concatenation",
			lang: grammars.Python,
			src:  "\"\"\"Client.\"\"\"\n\nheaders = {\"Authorization\": \"Bearer " + key + "\"}\n",
			env:  "API_TOKEN",
			want: "\"\"\"Client.\"\"\"\n\nimport os\n\nheaders = {\"Authorization\": \"Bearer \" + os.environ[\"API_TOKEN\"]}\n",
		},
		{
			name: "python f-string and existing import",
			lang: grammars.Python,
			src:  "import os\n\nauth = f\"Bearer " + key + " for {user}\"\n",
			env:  "API_TOKEN",
			want: "import os\n\nauth = f\"Bearer {os.environ['API_TOKEN']} for {user}\"\n",
		},
		{
			name: "python literal inside an f-string interpolation",
			lang: grammars.Python,
			src:  "import os\n\nmsg = f\"key={'" + key + "'}\"\n",
			env:  "STRIPE_SECRET_KEY",
			want: "import os\n\nmsg = f\"key={os.environ['STRIPE_SECRET_KEY']}\"\n",
		},
		{
			name: "python bytes",
			lang: grammars.Python,
			src:  "from hmac import new\n\nkey = b\"" + key + "\"\n",
			env:  "SIGNING_KEY",
			want: "import os\nfrom hmac import new\n\nkey = os.environ[\"SIGNING_KEY\"].encode()\n",
		},
		{
			name: "go const becomes var with an init check",
			lang: grammars.Go,
			src:  "package billing\n\nimport \"fmt\"\n\nconst stripeKey = \"" + key + "\"\n\nfunc show() { fmt.Println(len(stripeKey)) }\n",
			env:  "STRIPE_SECRET_KEY",
			want: "package billing\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nvar stripeKey = os.Getenv(\"STRIPE_SECRET_KEY\")\n\nfunc init() {\n\tif stripeKey == \"\" {\n\t\tpanic(\"STRIPE_SECRET_KEY not configured\")\n\t}\n}\n\nfunc show() { fmt.Println(len(stripeKey)) }\n",
		},
		{
			name: "go const in a group moves out",
			lang: grammars.Go,
			src:  "package billing\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n\n\t\"github.com/stripe/stripe-go\"\n)\n\nconst (\n\tretries   = 3\n\tstripeKey = \"" + key + "\" // live\n)\n\nvar _ = fmt.Sprint(strings.ToUpper(stripeKey), stripe.Key, retries)\n",
			env:  "STRIPE_SECRET_KEY",
			want: "package billing\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"strings\"\n\n\t\"github.com/stripe/stripe-go\"\n)\n\nconst (\n\tretries = 3\n)\n\nvar stripeKey = os.Getenv(\"STRIPE_SECRET_KEY\") // live\n\nfunc init() {\n\tif stripeKey == \"\" {\n\t\tpanic(\"STRIPE_SECRET_KEY not configured\")\n\t}\n}\n\nvar _ = fmt.Sprint(strings.ToUpper(stripeKey), stripe.Key, retries)\n",
		},
		{
			name: "go short var in an error-returning function",
			lang: grammars.Go,
			src:  "package main\n\nimport (\n\t\"net/http\"\n)\n\nfunc call() (*http.Response, int, error) {\n\ttoken := \"" + key + "\"\n\treq, _ := http.NewRequest(\"GET\", \"https://x.test\", nil)\n\treq.Header.Set(\"X-Token\", token)\n\tresp, err := http.DefaultClient.Do(req)\n\treturn resp, 0, err\n}\n",
			env:  "API_TOKEN",
			want: "package main\n\nimport (\n\t\"errors\"\n\t\"net/http\"\n\t\"os\"\n)\n\nfunc call() (*http.Response, int, error) {\n\ttoken := os.Getenv(\"API_TOKEN\")\n\tif token == \"\" {\n\t\treturn nil, 0, errors.New(\"API_TOKEN not configured\")\n\t}\n\treq, _ := http.NewRequest(\"GET\", \"https://x.test\", nil)\n\treq.Header.Set(\"X-Token\", token)\n\tresp, err := http.DefaultClient.Do(req)\n\treturn resp, 0, err\n}\n",
		},
		{
			name: "go bearer header in a handler panics when unset, no imports yet",
			lang: grammars.Go,
			src:  "package main\n\nfunc handler(req *Request) {\n\treq.Header.Set(\"Authorization\", \"Bearer " + key + "\")\n}\n",
			env:  "API_TOKEN",
			want: "package main\n\nimport \"os\"\n\nfunc handler(req *Request) {\n\tif os.Getenv(\"API_TOKEN\") == \"\" {\n\t\tpanic(\"API_TOKEN not configured\")\n\t}\n\treq.Header.Set(\"Authorization\", \"Bearer \"+os.Getenv(\"API_TOKEN\"))\n}\n",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			marker := c.marker
			if marker == "" {
				marker = key
			}
			got, ok := fixAt(t, c.lang, c.src, marker, c.env)
			if !ok {
				t.Fatal("no fix offered")
			}
			if got != c.want {
				t.Errorf("fixed text:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

func TestEnvFixRefuses(t *testing.T) {
	const key = "SECRETVALUE0123456789"
	cases := []struct {
		name string
		lang grammars.Lang
		src  string
	}{
		{"python implicit concatenation", grammars.Python, "x = \"" + key + "\" \"tail\"\n"},
		{"python docstring", grammars.Python, "\"\"\"" + key + "\"\"\"\n"},
		{"go const used by another const", grammars.Go, "package p\n\nconst k = \"" + key + "\"\nconst k2 = k + \"x\"\n"},
		{"go iota group", grammars.Go, "package p\n\nconst (\n\ta = iota\n\tk = \"" + key + "\"\n)\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got, ok := fixAt(t, c.lang, c.src, key, "API_KEY"); ok {
				t.Errorf("fix offered, want none:\n%s", got)
			}
		})
	}
}
