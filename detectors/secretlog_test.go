package detectors

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/trustlint/trustlint/grammars"
)

// TestURLCredParse checks the URL reader on the shapes assistants write
// and on the look-alikes TL104 must leave alone.
func TestURLCredParse(t *testing.T) {
	report := map[string]Severity{
		"postgres://app:Xk9mQ2vLp7wR@db.prod.internal:5432/app":        SeverityError,
		"mongodb+srv://admin:R8tYq3mNp2Lk@cluster0.a1b2c.mongodb.net/": SeverityError,
		"postgresql+psycopg2://u:Tr5yU8iO2pAs@pg.acme.com/db":          SeverityError,
		"redis://:Yu2iO6pA9sDf@cache.acme.com:6379":                    SeverityError,
		"https://u:9fKq#2LmX7vTz@api.partner.io/v1":                    SeverityError,
		"api:Qz4xW8vN2mPk@tcp(mysql.acme.com:3306)/api":                SeverityError,
		"mysql://root:K8svPq2LmW4z@localhost:3306/app":                 SeverityWarning,
		"amqp://svc:Hj4kL8zX2cVb@rabbitmq:5672":                        SeverityWarning,
	}
	silent := []string{
		"postgres://localhost:5432/dev", "postgres://postgres@localhost/dev",
		"postgres://postgres:postgres@db:5432/app", "amqp://guest:guest@localhost:5672",
		"postgres://u:${DB_PASS}@db.acme.com/app", "mongodb://{{u}}:{{p}}@h/db",
		"mysql://u:<password>@db.acme.com/app", "postgres://u:%s@db.acme.com/app",
		"postgres://u:password@db.acme.com/app", "redis://:changeme@cache.acme.com",
		"mongodb://a:****@m.acme.com/db", "amqp://w:xxx@r.acme.com",
		"postgres://a:Xk9mQ2vLp7wR@db.example.com/app", "redis://d:k2Jx9Qw7RtY4@cache.invalid",
		"mysql://r:Str0ngPassw0rd@mysql.test/app", "https://medium.com/@someone/post",
		"https://git@github.com/acme/repo.git", "ldap://u:Xk9mQ2vLp7wR@ldap.acme.com",
		"root:root@tcp(127.0.0.1:3306)/test", "user:password@tcp(localhost:3306)/dbname",
	}
	for text, want := range report {
		cs := findURLCreds(text)
		if len(cs) != 1 {
			t.Errorf("%q: %d URL credentials, want 1", text, len(cs))
			continue
		}
		if sev, ok := cs[0].verdict(false); !ok || sev != want {
			t.Errorf("%q: verdict %v %v, want %v", text, sev, ok, want)
		}
	}
	for _, text := range silent {
		for _, c := range findURLCreds(text) {
			if sev, ok := c.verdict(false); ok {
				t.Errorf("%q: reported at %v, want silent", text, sev)
			}
		}
	}
}

// TestSecretLogNames checks the key classifier on secrets and on the
// look-alikes TL105 must not report.
func TestSecretLogNames(t *testing.T) {
	for _, name := range []string{"password", "apiKey", "STRIPE_SECRET_KEY", "accessToken", "client_secret", "authorization", "Cookie", "dbPassword", "credentials"} {
		if keyKind(name) == "" {
			t.Errorf("%q is not a secret name", name)
		}
	}
	for _, name := range []string{"tokenType", "passwordLength", "hasPassword", "isTokenValid", "tokenExpiry", "hashedPassword", "csrfToken", "apiKeyId", "secretName", "tokens", "key", "passwordPolicy"} {
		if k := keyKind(name); k != "" {
			t.Errorf("%q classified as %s", name, k)
		}
	}
	if got := formatKeys("user=%s password=%s token: %q %% %d"); strings.Join(got, ",") != "user,password,token," {
		t.Errorf("formatKeys = %q", got)
	}
}

// TestSecretLogBrokenCode feeds half-typed code to TL104 and TL105: they
// must not fail.
func TestSecretLogBrokenCode(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	cases := map[grammars.Lang]string{
		grammars.JavaScript: "console.log(`x ${password\nlogger.info({ token, \"postgres://a:Xk9mQ2vLp7wR@db.acme.com",
		grammars.TypeScript: "throw new Error(\"x\" + (req.headers.authorization as string\nconst u: string = `redis://:${",
		grammars.Go:         "package p\nfunc f() {\n\tlog.Printf(\"pw=%s\", \n\tx := os.Getenv(\"TOKEN\"\n\tfmt.Errorf(\"%s\", x",
		grammars.Python:     "print(f\"{password\nlogger.info(\"%s\" % (token,\nraise ValueError(f\"{api_key",
	}
	for lang, src := range cases {
		cfg := Config{Only: map[string]bool{"TL104": true, "TL105": true}}
		if _, err := AnalyzeSource(context.Background(), &pool, fmt.Sprintf("broken.%v", lang), lang, []byte(src), cfg); err != nil {
			t.Errorf("%s: %v", lang, err)
		}
	}
}

// TestSecretLogFixTypeChecks runs tsc over TL104 and TL105 fixes of
// TypeScript (needs TRUSTLINT_TS_NODE_MODULES, like TestEnvFixTypeChecks).
func TestSecretLogFixTypeChecks(t *testing.T) {
	modules := tsNodeModules(t)
	cases := []string{
		"declare const logger: { info(...a: unknown[]): void };\n" +
			"export function login(body: { email: string; password: string }, headers: Record<string, string | undefined>): void {\n" +
			"  const { email, password } = body;\n  console.log(\"login\", email, password);\n  logger.info({ email, password }, `auth ${headers[\"authorization\"]}`);\n" +
			"  if (!email) {\n    throw new Error(\"bad password \" + password);\n  }\n}\n",
		"export const databaseUrl: string = \"postgres://svc:Jp4nW8qZt2Vx@pg.acme-prod.com/main\";\n" +
			"export const fallback: string = process.env.REDIS_URL || \"redis://:Yu2iO6pA9sDf@cache.acme-prod.com:6379\";\n" +
			"export async function get(): Promise<unknown> {\n  return (await fetch(\"https://u:9fKq2LmX7vTz@api.partner.io/v1\")).json();\n}\n",
	}
	var pool grammars.Pool
	defer pool.Close()
	files := make(map[string]string)
	for i, src := range cases {
		name := fmt.Sprintf("case%d.ts", i)
		out, _, err := FixAll(context.Background(), &pool, name, grammars.TypeScript, []byte(src), Config{Only: map[string]bool{"TL104": true, "TL105": true}})
		if err != nil {
			t.Fatal(err)
		}
		if string(out) == src {
			t.Fatalf("case %d: no fix applied", i)
		}
		files[name] = string(out)
	}
	typeCheckTS(t, modules, files)
}
