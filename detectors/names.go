package detectors

import (
	"strings"
	"unicode"
)

// splitWords splits an identifier or key into lower-case words at
// separators (anything but letters and digits) and case changes:
// "dbPassword" → db password, "APIKey" → api key, "DB_PASS" → db pass,
// "X-Api-Key" → x api key, "oauth2Token" → oauth2 token.
func splitWords(s string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if len(cur) > 0 && unicode.IsUpper(r) {
			prev := cur[len(cur)-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || unicode.IsUpper(prev) && nextLower {
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

// EnvName derives an environment variable name from an identifier, field
// path or key as written in code: the last dotted component, split into
// words and joined in SCREAMING_SNAKE_CASE. dbPassword → DB_PASSWORD,
// apiKey → API_KEY, stripe_secret_key → STRIPE_SECRET_KEY,
// self.secret_key → SECRET_KEY, X-Api-Key → X_API_KEY. The result is a
// valid POSIX name; an identifier with no letters or digits gives SECRET.
func EnvName(identifier string) string {
	id := strings.TrimSpace(identifier)
	if i := strings.LastIndex(id, "."); i >= 0 && i+1 < len(id) {
		id = id[i+1:]
	}
	var ascii []string
	for _, w := range splitWords(id) {
		var b strings.Builder
		for _, r := range w {
			if r < 128 {
				b.WriteRune(unicode.ToUpper(r))
			}
		}
		if b.Len() > 0 {
			ascii = append(ascii, b.String())
		}
	}
	name := strings.Join(ascii, "_")
	if name == "" {
		return "SECRET"
	}
	if name[0] >= '0' && name[0] <= '9' {
		name = "_" + name
	}
	return name
}

// credentialHeads are last words that name a credential on their own.
var credentialHeads = map[string]bool{
	"password": true, "passwd": true, "pwd": true, "pass": true,
	"passphrase": true, "passcode": true, "secret": true, "secrets": true,
	"token": true, "apikey": true, "credential": true, "credentials": true,
	"creds": true, "bearer": true,
}

// credentialSuffixes name a credential at the end of a word written
// without separators ("dbpassword", "authtoken", "clientsecret").
var credentialSuffixes = []string{
	"password", "passwd", "passphrase", "secret", "token", "apikey",
	"secretkey", "privatekey", "accesskey", "authkey", "signingkey",
	"encryptionkey", "masterkey", "licensekey", "credential", "credentials",
}

// keyQualifiers are the words that make a following "key" a credential
// (API key, secret key, private key, ...). "publicKey", "cacheKey" and
// "keyId" stay plain names.
var keyQualifiers = map[string]bool{
	"api": true, "secret": true, "private": true, "access": true,
	"auth": true, "signing": true, "sign": true, "encryption": true,
	"encrypt": true, "client": true, "master": true, "license": true,
	"licence": true, "hmac": true, "jwt": true, "subscription": true,
	"stripe": true, "openai": true, "anthropic": true, "sendgrid": true,
	"twilio": true, "mailgun": true, "github": true, "slack": true,
	"google": true, "aws": true,
}

// negatingModifiers, right before the head word, turn a credential into
// something else: a hash, a flag, a label or a rule about it.
var negatingModifiers = map[string]bool{
	"hashed": true, "hash": true, "encrypted": true, "masked": true,
	"salted": true, "has": true, "is": true, "show": true, "hide": true,
	"toggle": true, "forgot": true, "reset": true, "validate": true,
	"invalid": true, "wrong": true, "min": true, "max": true, "no": true,
	"public": true, "publishable": true,
	// Anti-forgery tokens are per-session values, not credentials.
	"csrf": true, "xsrf": true,
}

// isCredentialName reports whether an identifier or key names a
// credential: its head noun (the last word, or "key" qualified by the word
// before it) is a password, secret, token, API key or credential word.
// passwordField, tokenType, secretName, keyId, tokenizer, secretary and
// monkey are not credential names.
func isCredentialName(name string) bool {
	if i := strings.LastIndex(name, "."); i >= 0 && i+1 < len(name) {
		name = name[i+1:]
	}
	words := splitWords(name)
	if len(words) == 0 {
		return false
	}
	last := words[len(words)-1]
	var prev string
	if len(words) > 1 {
		prev = words[len(words)-2]
	}
	if negatingModifiers[prev] {
		return false
	}
	switch {
	case credentialHeads[last]:
		return true
	case last == "key":
		if keyQualifiers[prev] {
			return true
		}
		// secretOrKey, secretOrPrivateKey (passport-jwt, jsonwebtoken).
		for i := len(words) - 2; i > 0; i-- {
			if words[i] == "or" {
				return credentialHeads[words[i-1]] || keyQualifiers[words[i-1]]
			}
		}
		return false
	}
	for _, s := range credentialSuffixes {
		if strings.HasSuffix(last, s) {
			return true
		}
	}
	return false
}

// fieldQualifiers are the words that may precede a credential head in a
// value that is itself a field or grant name ("access_token",
// "client_secret", "x-api-key").
var fieldQualifiers = map[string]bool{
	"access": true, "refresh": true, "id": true, "auth": true, "csrf": true,
	"xsrf": true, "session": true, "client": true, "x": true, "api": true,
	"bearer": true, "secret": true, "private": true, "user": true,
	// OAuth and API error codes: "invalid_token", "expired_token".
	"invalid": true, "expired": true, "missing": true, "revoked": true,
	"bad": true, "wrong": true, "no": true,
}

// isFieldNameValue reports whether v is the lower-case name of a
// credential field written with separators ("access_token",
// "client_secret", "x-api-key"): the value is a key, not a secret.
func isFieldNameValue(v string) bool {
	if !strings.ContainsAny(v, "_-") || strings.ToLower(v) != v {
		return false
	}
	words := splitWords(v)
	if len(words) < 2 || !isCredentialName(v) && !isCredentialName(words[len(words)-1]) {
		return false
	}
	for _, w := range words[:len(words)-1] {
		if !fieldQualifiers[w] {
			return false
		}
	}
	return true
}

// isAuthHeaderName reports whether a key names the HTTP Authorization
// header (or its proxy twin), whose value is "<scheme> <credential>".
func isAuthHeaderName(name string) bool {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "authorization", "proxy-authorization":
		return true
	}
	return false
}

// fixtureWords, anywhere in a credential's name, say the value is a
// stand-in written for a test or a demonstration ("fakeApiKey",
// "invalidToken", "wrongPassword", "nonMatchingToken").
var fixtureWords = map[string]bool{
	"fake": true, "mock": true, "dummy": true, "bogus": true, "sample": true,
	"example": true, "invalid": true, "wrong": true, "bad": true,
	"incorrect": true, "malformed": true, "mismatched": true,
	"nonmatching": true, "unmatched": true,
}

// isFixtureName reports whether a credential's name marks its value as a
// fixture: a fixture word, or "non"/"not" before "matching" or "valid".
func isFixtureName(name string) bool {
	words := splitWords(name)
	for i, w := range words {
		if fixtureWords[w] {
			return true
		}
		if (w == "non" || w == "not") && i+1 < len(words) && (words[i+1] == "matching" || words[i+1] == "valid") {
			return true
		}
	}
	return false
}

// namesCredentialHead reports whether the credential word of a name is its
// head noun: "keyVaultToStoreSecrets" and "scriptForRotatingTokens" name
// a vault and a script, whatever follows "to" or "for".
func namesCredentialHead(name string) bool {
	words := splitWords(lastComponent(name))
	for i, w := range words[:max(0, len(words)-1)] {
		if (w == "to" || w == "for") && i > 0 {
			return isCredentialName(strings.Join(words[:i], "_"))
		}
	}
	return true
}

// generatedCredentialWords are the heads of names whose values a machine
// generates (tokens and keys), as opposed to passwords and secrets that
// people choose.
var generatedCredentialWords = []string{"token", "apikey", "key", "accesskey", "authkey", "licensekey", "bearer"}

// isGeneratedCredentialName reports whether name's last word names a token
// or a key.
func isGeneratedCredentialName(name string) bool {
	words := splitWords(lastComponent(name))
	if len(words) == 0 {
		return false
	}
	last := words[len(words)-1]
	for _, w := range generatedCredentialWords {
		if last == w || len(w) > 3 && strings.HasSuffix(last, w) {
			return true
		}
	}
	return false
}
