package detectors

import (
	"context"
	"strings"
	"testing"

	"github.com/trustlint/trustlint/grammars"
)

func TestEnvName(t *testing.T) {
	cases := map[string]string{
		"dbPassword":          "DB_PASSWORD",
		"apiKey":              "API_KEY",
		"stripe_secret_key":   "STRIPE_SECRET_KEY",
		"self.secret_key":     "SECRET_KEY",
		"this.apiKey":         "API_KEY",
		"APIKey":              "API_KEY",
		"DB_PASS":             "DB_PASS",
		"X-Api-Key":           "X_API_KEY",
		"oauth2Token":         "OAUTH2_TOKEN",
		"#signingKey":         "SIGNING_KEY",
		"clientSecret":        "CLIENT_SECRET",
		"EMAIL_HOST_PASSWORD": "EMAIL_HOST_PASSWORD",
		"2faSecret":           "_2FA_SECRET",
		"パスワード":               "SECRET",
		"":                    "SECRET",
	}
	for in, want := range cases {
		if got := EnvName(in); got != want {
			t.Errorf("EnvName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsCredentialName(t *testing.T) {
	yes := []string{
		"password", "dbPassword", "DB_PASSWORD", "db_pass", "DB_PASS", "pwd", "passwd", "passphrase",
		"secret", "clientSecret", "client_secret", "token", "authToken", "accessToken", "refresh_token",
		"apiKey", "api_key", "APIKey", "apikey", "x-api-key", "secretKey", "SECRET_KEY", "privateKey",
		"stripe_secret_key", "accessKey", "signingKey", "encryptionKey", "credentials", "creds",
		"bearer", "dbpassword", "authtoken", "secretOrKey", "self.secret_key", "#signingKey",
	}
	no := []string{
		"passwordField", "passwordHint", "passwordLabel", "passwordPlaceholder", "tokenType", "tokenUrl",
		"tokenEndpoint", "secretName", "secretPath", "keyId", "passwordMinLength", "tokenExpiry",
		"PASSWORD_REGEX", "passwordPolicy", "passwordResetUrl", "tokenizer", "secretary", "keyboard",
		"monkey", "key", "publicKey", "cacheKey", "bypass", "compass", "passport", "hashedPassword",
		"passwordHash", "showPassword", "forgotPassword", "STRIPE_PUBLISHABLE_KEY", "", "_",
	}
	for _, n := range yes {
		if !isCredentialName(n) {
			t.Errorf("isCredentialName(%q) = false, want true", n)
		}
	}
	for _, n := range no {
		if isCredentialName(n) {
			t.Errorf("isCredentialName(%q) = true, want false", n)
		}
	}
}

func TestSplitWords(t *testing.T) {
	cases := map[string]string{
		"dbPassword":      "db password",
		"APIKey":          "api key",
		"DB_PASS":         "db pass",
		"X-Api-Key":       "x api key",
		"oauth2Token":     "oauth2 token",
		"getHTTPResponse": "get http response",
		"s3Bucket":        "s3 bucket",
		"café_clé":        "café clé",
	}
	for in, want := range cases {
		if got := strings.Join(splitWords(in), " "); got != want {
			t.Errorf("splitWords(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFindTokens(t *testing.T) {
	cases := []struct {
		text, provider string
	}{
		{"sk_live_4Fzbka8FRCztUjAwyuh1vauW", "Stripe secret key"},
		{"rk_test_v1zh87mTa5Vsqxezy3Lex7BW", "Stripe restricted key"},
		{"AKIABZNFD24IS7DIK62V", "AWS access key ID"},
		{"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", "GitHub token"},
		{"sk-ZEG8pSH4487q7J58m1CiAhzCueQpBenQtYh5Xj8TPQxjq4i9", "OpenAI API key"},
		{"xoxb-630481373433-7344197923760-8Mj7zdnbMjAdTdlzC5T4uUhf", "Slack bot token"},
		{"AIza3-q-xbMtEPO6UkzYuF0ie9Pu2njHkAm1-5w", "Google API key"},
		{`line\nsk_live_4Fzbka8FRCztUjAwyuh1vauW`, "Stripe secret key"},
		{"xoxb-630481373433-Mj7zdnbMjAdTdlzC5T4uUhf8", "Slack bot token"},
		{"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", "GitHub fine-grained token"},
	}
	for _, c := range cases {
		hits := findTokens(c.text, 0)
		if len(hits) != 1 || hits[0].Provider.Name != c.provider {
			t.Errorf("findTokens(%q) = %v, want one %s", c.text, hits, c.provider)
		}
	}
	none := []string{
		"xsk_live_4Fzbka8FRCztUjAwyuh1vauW",                    // no boundary before
		"AKIABZNFD24IS7DIK62VX",                                // 17 characters
		"ghp_C6vWCBiJmpflvJfupxqZKm4bV3AyAVHnyrv",              // 35 characters
		"pk_live_gyFWZY9Zmti18c6EudM7Oyf5",                     // publishable
		"sk-proj-xxxxx",                                        // too short
		"AIza3-q-xbMtEPO6UkzYuF0ie9Pu2njHkAm1-5wQ",             // 36 characters
		"sk-ZEG8pSH4487q7J58m1CiAhzCueQpBenQtYh5Xj8TP",         // 41 without marker
		"xoxp-1111-2222-3333-9f8e7d6c5b4a39281706f5e4d3c2b1a0", // ids too short
	}
	for _, text := range none {
		if hits := findTokens(text, 0); len(hits) != 0 {
			t.Errorf("findTokens(%q) = %v, want none", text, hits)
		}
	}
}

func TestTokenPlaceholders(t *testing.T) {
	for _, text := range []string{
		"AKIAIOSFODNN7EXAMPLE",
		"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",
		"sk-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		"sk_live_abcdefghijklmnopqrstuvwxyz0123",
		"sk_test_xxxxxxxxxxxxxxxxxxxxxxxx",
		"sk_live_4Fzbka8FRCztUjAwyuh1...",
		"<sk_live_4Fzbka8FRCztUjAwyuh1vauW>",
		"sk_live_yourkeyhereYOURKEYHERE1234",
	} {
		for _, h := range findTokens(text, 0) {
			body := text[h.BodyStart:h.BodyEnd]
			if !isTokenPlaceholder(text, h.Start, h.End, body, h.Provider.mixed) {
				t.Errorf("%q: token %q is not seen as a placeholder", text, text[h.Start:h.End])
			}
		}
	}
}

func TestCredentialValue(t *testing.T) {
	fire := []string{"hunter2", "admin123", "s3cr3tP@ss", "letmein99", "mysecret", "sk-test-1234", "pwd1"}
	quiet := []string{
		"", "abc", "   ", "your-api-key-here", "changeme", "<token>", "xxx", "***", "TODO", "none", "null",
		"password", "${VAR}", "{{var}}", "%s", "DB_PASSWORD", "http://localhost", "/etc/secret", "./key.pem",
		"Enter your password", "Password", "auth.password.label", "include", "same-origin", "access_token",
		"fake-secret", "dummy123", "mock_token", "test-secret", "example-pass", "********", "••••••••",
		"密码密码", "$2b$12$KIXQJ1z5lX0H5d6Jf1p8TeR0VZK6c7Z5vYQwq4Jm9zq0Hq8d2r7xW", "__API_KEY__",
	}
	for _, v := range fire {
		if !credentialValueOK(v, "dbPassword", false) {
			t.Errorf("credentialValueOK(%q) = false, want true", v)
		}
	}
	for _, v := range quiet {
		if credentialValueOK(v, "dbPassword", false) {
			t.Errorf("credentialValueOK(%q) = true, want false", v)
		}
	}
	if credentialValueOK("hunter2", "password", true) {
		t.Error("a low-entropy value in a test file should be quiet")
	}
	if !credentialValueOK("Zq8vN2xL4tR7wY1pK9mB3cH6", "clientSecret", true) {
		t.Error("a random-looking value in a test file should fire")
	}
}

func TestRedact(t *testing.T) {
	cases := map[string]string{"hunter2": "hunt…", "abcd": "", "ab": "", "🔑🔑🔑🔑🔑": "🔑🔑🔑🔑…"}
	for in, want := range cases {
		if got := redact(in); got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSecretsMessages checks the wording and ranges of the two rules on
// the article's snippets.
func TestSecretsMessages(t *testing.T) {
	src := "const stripe = \"sk_live_4Fzbka8FRCztUjAwyuh1vauW\";\n" +
		"const dbPassword = \"hunter2\";\n" +
		"fetch(u, { headers: { 'Authorization': 'Bearer sk-test-1234' } });\n"
	var pool grammars.Pool
	defer pool.Close()
	fs, err := AnalyzeSource(context.Background(), &pool, "app.js", grammars.JavaScript, []byte(src), Config{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ rule, lit, msg string }{
		{"TL101", `"sk_live_4Fzbka8FRCztUjAwyuh1vauW"`, "Hardcoded Stripe secret key (sk_l…) in source: read it from the environment"},
		{"TL102", `"hunter2"`, "Hardcoded credential in `dbPassword` (hunt…): read it from the environment"},
		{"TL102", `'Bearer sk-test-1234'`, "Hardcoded credential in `Authorization` header (sk-t…): read it from the environment"},
	}
	if len(fs) != len(want) {
		t.Fatalf("got %d findings %+v, want %d", len(fs), fs, len(want))
	}
	for i, w := range want {
		f := fs[i]
		if f.Rule != w.rule || src[f.Start:f.End] != w.lit || f.Message != w.msg {
			t.Errorf("finding %d = %s %q %q, want %s %q %q", i, f.Rule, src[f.Start:f.End], f.Message, w.rule, w.lit, w.msg)
		}
	}
}

// TestSecretsBrokenCode feeds half-typed and malformed code to both rules:
// they must not panic or fail.
func TestSecretsBrokenCode(t *testing.T) {
	inputs := map[grammars.Lang][]string{
		grammars.JavaScript: {
			`const apiKey = "sk_live_4Fzbka8FRCztUjAwyuh1vauW`,
			`const password = `, `{ password: "hunter2" `, `headers.set("Authorization", `,
			`<Client apiKey="abc123def" `, `const x = ((((("hunter2"`, "`${",
		},
		grammars.TSX: {`<A token={"abc123def"`, `class A { #secret = "hunter2"`},
		grammars.Go:  {`const password = "hunter2`, `x := Config{Password: "hunter2"`, "var a, = \"s3cr3tP@ss\"", `req.Header.Set("Authorization")`},
		grammars.Python: {
			`password = "hunter2`, `connect(password=`, `{"password": "hunter2"`, `f"{`, `def f(token="abc123def"`,
			`os.getenv("DB_PASSWORD", )`,
		},
	}
	var pool grammars.Pool
	defer pool.Close()
	for lang, srcs := range inputs {
		for _, src := range srcs {
			if _, err := AnalyzeSource(context.Background(), &pool, "x", lang, []byte(src), Config{}); err != nil {
				t.Errorf("%s %q: %v", lang, src, err)
			}
		}
	}
	deep := strings.Repeat("[", 1000) + `"sk_live_4Fzbka8FRCztUjAwyuh1vauW"` + strings.Repeat("]", 1000)
	fs, err := AnalyzeSource(context.Background(), &pool, "deep.js", grammars.JavaScript, []byte(deep), Config{})
	if err != nil || len(fs) != 1 {
		t.Errorf("deeply nested literal: %d findings, err %v", len(fs), err)
	}
}

func TestReportableCredential(t *testing.T) {
	for _, c := range []struct {
		name, value string
		want        bool
	}{
		{"accessToken", "OzdmenCkhvMdgaKjIg8xNbe3nNyj", true},
		{"dbPassword", "abc123xyz", true},
		{"SUMO_ACCESS_KEY", "AbCeFG123", false},
		{"apiKey", "sk-test-abcdef123456", true},
		{"token", "clm38447:AgencyIdentificationCodeContentType", false},
		{"sessionSecret", "CorrectHorseBatteryStaple", true},
		{"db_password", "ENC[AES256_GCM,data:O+5l4g==,iv:c/dS4BCBMbnKsXYuzBuCuVQt8RV9bOv5HgdpL+iwmns=,type:str]", false},
		{"password", "ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)", false},
		{"nonMatchingToken", "task_test_fjanjcaey0q3arg2r32csemwp14d3b", false},
		{"invalidApiKey", "OzdmenCkhvMdgaKjIg8xNbe3nNyj", false},
		{"keyVaultToStoreSecrets", "cmp2-qat-1208358310", false},
		{"apiKey", "AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs", false},
		{"telegram_api_token", "6039:Akr27wlc9g4__an-m94lnypufmcckoe9e88", false},
		{"telegram_api_token", "43712843:Aaf65g_6f0uhnxwvs-gj_0f3enfwjnuzku_hello", false},
		{"telegram_api_token", "43712843:AAf65g_6f0uhnxwvs-gj_0f3enfwjnuzku7", true},
		{"TELEGRAM_PASSWORD", "Zq8vN2xL4tR7wY1pK9mB3cH6", true},
	} {
		if got := reportableCredential(c.value, c.name, false); got != c.want {
			t.Errorf("reportableCredential(%q, %q) = %v, want %v", c.value, c.name, got, c.want)
		}
	}
}

func TestRandomValuesAreNotWalksOrWords(t *testing.T) {
	// Generated values of the usual alphabets must not read as walks or
	// CamelCase identifiers.
	for _, v := range []string{
		"jsy4ckxhida553be56dpvmdcbzqyag40", "OzdmenCkhvMdgaKjIg8xNbe3nNyj", "Zq8vN2xL4tR7wY1pK9mB3cH6",
		"d3d1443e0adc9c24564c6c5676d679d47e2ca", "Bu0rrK-lerk6y0Suqo1qSqlDDajOk61wZchCkje4",
		"auw4kdot6sl1enrh4iug72wvuamz9dbdddpazlmqw0j", "que6ajn73921yy",
	} {
		if mostlySequential(v) || isWordIdentifier(v) {
			t.Errorf("%q: read as a walk (%v) or words (%v)", v, mostlySequential(v), isWordIdentifier(v))
		}
	}
}
