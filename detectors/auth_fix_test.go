package detectors

import (
	"context"
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trustlint/trustlint/grammars"
)

// authFixAll applies every safe fix to src and fails the test when the
// result still has an auth finding with a safe fix.
func authFixAll(t *testing.T, lang grammars.Lang, name, src string) string {
	t.Helper()
	var pool grammars.Pool
	defer pool.Close()
	out, _, err := FixAll(context.Background(), &pool, name, lang, []byte(src), Config{})
	if err != nil {
		t.Fatalf("%s: FixAll: %v", name, err)
	}
	left, err := AnalyzeSource(context.Background(), &pool, name, lang, out, Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range left {
		if strings.HasPrefix(f.Rule, "TL20") && hasSafeFix(f) {
			t.Errorf("%s: after fix all, %s remains: %s\n%s", name, f.Rule, f.Message, out)
		}
	}
	return string(out)
}

// TestAuthArticleFix checks the article's opening example end to end:
// both lines flagged, and fix all yields bcrypt.compare with the hashing
// line gone.
func TestAuthArticleFix(t *testing.T) {
	src := "const bcrypt = require('bcrypt');\n\nasync function verifyPassword(plainPassword, hashedPassword) {\n" +
		"  const hash = await bcrypt.hash(plainPassword, 8);\n  return hash === hashedPassword;\n}\n"
	var pool grammars.Pool
	defer pool.Close()
	fs, err := AnalyzeSource(context.Background(), &pool, "auth.js", grammars.JavaScript, []byte(src), Config{})
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]int{}
	u := &Unit{Src: []byte(src)}
	for _, f := range fs {
		lines[f.Rule] = u.Line(f.Start) + 1
	}
	if lines["TL201"] != 4 || lines["TL203"] != 5 {
		t.Errorf("want TL201 on line 4 and TL203 on line 5, got %v", lines)
	}
	out := authFixAll(t, grammars.JavaScript, "auth.js", src)
	want := "async function verifyPassword(plainPassword, hashedPassword) {\n  return bcrypt.compare(plainPassword, hashedPassword);\n}\n"
	if !strings.HasSuffix(out, want) || strings.Contains(out, "bcrypt.hash(") {
		t.Errorf("fixed text:\n%s\nwant it to end with:\n%s", out, want)
	}
	// Without TL203 the cost fix applies on its own.
	cfg := Config{Disabled: map[string]bool{"TL203": true}}
	fixed, _, err := FixAll(context.Background(), &pool, "auth.js", grammars.JavaScript, []byte(src), cfg)
	if err != nil || !strings.Contains(string(fixed), "bcrypt.hash(plainPassword, 12)") {
		t.Errorf("TL201 alone: %v\n%s", err, fixed)
	}
}

// TestAuthOptions checks the configurable minimums and expiry.
func TestAuthOptions(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	src := "const h = bcrypt.hashSync(pw, 12);\nconst k = crypto.pbkdf2Sync(pw, salt, 600000, 32, 'sha256');\nconst t = jwt.sign({ sub: 1 }, s);\n"
	cfg := Config{Options: Options{MinBcryptCost: 13, MinPBKDF2Iterations: 700000, JWTExpiryMinutes: 5}}
	fs, err := AnalyzeSource(context.Background(), &pool, "a.js", grammars.JavaScript, []byte(src), cfg)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, f := range fs {
		got[f.Rule] = true
		if f.Rule == "TL205" && !strings.Contains(fmt.Sprint(f.Fixes), "5m") {
			t.Errorf("TL205 fix does not use 5 minutes: %v", f.Fixes)
		}
	}
	if len(fs) != 3 || !got["TL201"] || !got["TL205"] {
		t.Errorf("want two TL201 and one TL205 under stricter options, got %v", fs)
	}
	if fs, _ := AnalyzeSource(context.Background(), &pool, "a.js", grammars.JavaScript, []byte(src[:strings.Index(src, "const t")]), Config{}); len(fs) != 0 {
		t.Errorf("defaults accept cost 12 and 600000 iterations, got %v", fs)
	}
}

// TestAuthGoFixes parses and gofmt-checks Go fixes, and type-checks them
// with the go tool when golang.org/x/crypto is in the module cache.
func TestAuthGoFixes(t *testing.T) {
	src := `package main

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"golang.org/x/crypto/bcrypt"
)

const cost = 10

func check(stored, password string) bool {
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return false
	}
	return string(hash) == stored
}

func hashIt(password string) ([]byte, error) {
	return bcrypt.GenerateFromPassword([]byte(password), cost)
}

func verify(body []byte, signature string, key []byte) bool {
	mac := hmac.New(sha256.New, key)
	mac.Write(body)
	expected := hex.EncodeToString(mac.Sum(nil))
	return signature == expected
}

func digests(a, b []byte) bool {
	x := sha256.Sum256(a)
	return fmt.Sprint(x) != "" && x == sha256.Sum256(b)
}

func main() {
	fmt.Println(check("", "pw"), verify(nil, "", nil), digests(nil, nil))
	_, _ = hashIt("pw")
}
`
	out := authFixAll(t, grammars.Go, "main.go", src)
	if _, err := parser.ParseFile(token.NewFileSet(), "main.go", out, parser.AllErrors); err != nil {
		t.Fatalf("fixed Go does not parse: %v\n%s", err, out)
	}
	if f, err := format.Source([]byte(out)); err != nil || string(f) != out {
		t.Errorf("fixed Go is not gofmt-clean (%v):\n%s", err, out)
	}
	for _, want := range []string{"bcrypt.CompareHashAndPassword([]byte(stored), []byte(password)) == nil", "const cost = 12",
		"subtle.ConstantTimeCompare([]byte(signature), []byte(expected)) == 1", `"crypto/subtle"`} {
		if !strings.Contains(out, want) {
			t.Errorf("fixed Go lacks %q:\n%s", want, out)
		}
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool")
	}
	modcache, err := exec.Command(goTool, "env", "GOMODCACHE").Output()
	if err != nil {
		t.Skip("no module cache")
	}
	matches, _ := filepath.Glob(filepath.Join(strings.TrimSpace(string(modcache)), "golang.org", "x", "crypto@v*"))
	if len(matches) == 0 {
		t.Skip("golang.org/x/crypto is not in the module cache: type check skipped")
	}
	version := strings.TrimPrefix(filepath.Base(matches[len(matches)-1]), "crypto@")
	dir := t.TempDir()
	mod := "module fixcheck\n\ngo 1.22\n\nrequire golang.org/x/crypto " + version + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(goTool, "vet", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	if msg, err := cmd.CombinedOutput(); err != nil {
		if strings.Contains(string(msg), "cannot find module") || strings.Contains(string(msg), "missing go.sum") || strings.Contains(string(msg), "GOPROXY=off") {
			t.Skipf("module not resolvable offline: %s", msg)
		}
		t.Fatalf("fixed Go does not type-check: %v\n%s\n%s", err, msg, out)
	}
}

// TestAuthFixTypeChecks runs tsc over TL202/TL203/TL205 fixes of
// TypeScript (needs TRUSTLINT_TS_NODE_MODULES, like TestEnvFixTypeChecks).
func TestAuthFixTypeChecks(t *testing.T) {
	modules := tsNodeModules(t)
	decls := "declare const bcrypt: { hash(p: string, r: number | string): Promise<string>; hashSync(p: string, r: number): string; " +
		"compare(p: string, h: string): Promise<boolean>; compareSync(p: string, h: string): boolean; genSalt(r?: number): Promise<string> };\n" +
		"declare const jwt: { sign(p: object, s: string, o?: { algorithm?: string; expiresIn?: string | number }): string };\n"
	cases := []string{
		decls + "export async function verify(plain: string, hashed: string): Promise<boolean> {\n  const hash = await bcrypt.hash(plain, 8);\n  return hash === hashed;\n}\n",
		decls + "export async function login(user: { passwordHash: string }, pw: string): Promise<void> {\n  const salt = await bcrypt.genSalt(10);\n  const candidate = await bcrypt.hash(pw, salt);\n  if (candidate !== user.passwordHash) {\n    throw new Error(\"no\");\n  }\n}\n",
		decls + "export function syncCheck(pw: string, h: string): boolean {\n  return bcrypt.hashSync(pw, 12) === h;\n}\n",
		"import { createHmac } from \"crypto\";\nexport function sig(body: string, signature: string | undefined, secret: string): boolean {\n  const digest = createHmac(\"sha256\", secret).update(body).digest(\"hex\");\n  return digest === signature;\n}\n",
		"export function key(headers: Record<string, string | string[] | undefined>, apiKey: string): boolean {\n  return headers[\"x-api-key\"] !== apiKey;\n}\n",
		decls + "export function issue(id: string): string {\n  return jwt.sign({ sub: id }, \"k\".repeat(32), { algorithm: \"HS256\" }) + jwt.sign({ sub: id }, \"s\".repeat(32));\n}\n",
	}
	files := make(map[string]string)
	for i, src := range cases {
		name := fmt.Sprintf("case%d.ts", i)
		out := authFixAll(t, grammars.TypeScript, name, src)
		if out == src {
			t.Fatalf("case %d: no fix applied", i)
		}
		files[name] = out
	}
	typeCheckTS(t, modules, files)
}

// TestAuthBrokenCode feeds half-typed code to the auth detectors: they
// must not fail.
func TestAuthBrokenCode(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	cases := map[grammars.Lang]string{
		grammars.JavaScript: "async function v(p, h) {\n  const hash = await bcrypt.hash(p, \n  return hash === \n  jwt.sign({ sub: 1 }, s, {\n",
		grammars.TypeScript: "export function s(a: string, b) { return a === b.signature && jwt.decode(\n",
		grammars.Go:         "package p\nfunc f() bool {\n\th, _ := bcrypt.GenerateFromPassword([]byte(p), \n\treturn string(h) == \n",
		grammars.Python:     "def f(p, h):\n    x = bcrypt.hashpw(p, bcrypt.gensalt(\n    return x == h\n    jwt.decode(t, options={\n",
	}
	for lang, src := range cases {
		if _, err := AnalyzeSource(context.Background(), &pool, "broken", lang, []byte(src), Config{}); err != nil {
			t.Errorf("%s: %v", lang, err)
		}
		if _, _, err := FixAll(context.Background(), &pool, "broken", lang, []byte(src), Config{}); err != nil {
			t.Errorf("%s fix all: %v", lang, err)
		}
	}
}
