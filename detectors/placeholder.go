package detectors

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// placeholderMarks are substrings (compared in lower case) that mark a
// value as a stand-in for a secret rather than the secret.
var placeholderMarks = []string{
	"example", "your", "replace", "changeme", "change_me", "change-me",
	"dummy", "fake", "sample", "redacted", "placeholder", "insert",
	"xxx", "***", "...", "…", "•••", "<", ">", "${", "{{", "}}", "$(",
	"%s", "%d", "%v", "%(", "todo", "fixme", "tbd",
}

// tokenPlaceholderMarks are the marks that void a provider token's body.
// Short marks like "xxx" are checked as longer runs there, since a random
// body may contain three equal letters.
var tokenPlaceholderMarks = []string{
	"example", "your", "replace", "changeme", "dummy", "fake", "sample",
	"redacted", "placeholder", "insert", "xxxx", "0000",
}

// placeholderValues are whole values (lower case) that are settings,
// keywords or labels, not secrets, even under a credential name.
var placeholderValues = map[string]bool{
	"none": true, "null": true, "nil": true, "undefined": true, "true": true,
	"false": true, "password": true, "passwd": true, "secret": true,
	"token": true, "apikey": true, "api_key": true, "api-key": true,
	"string": true, "default": true, "empty": true, "hidden": true,
	"n/a": true, "unknown": true, "required": true, "optional": true,
	// fetch's credentials option and auth schemes.
	"include": true, "omit": true, "same-origin": true, "bearer": true,
	"basic": true, "digest": true, "jwt": true, "oauth": true, "oauth2": true,
	"env": true, "environment": true, "secretsmanager": true, "vault": true,
	"test": true, "testing": true,
}

// knownSampleSecrets are documentation samples that assistants copy into
// real code verbatim (express-session's README): secrets, not labels,
// despite the space.
var knownSampleSecrets = map[string]bool{"keyboard cat": true}

// testWords mark fixture values; "test" is handled apart because key
// formats carry it as a mode ("sk_test_").
var testWords = map[string]bool{
	"fake": true, "dummy": true, "mock": true, "example": true, "sample": true,
	"stub": true,
}

// placeholderMarksByByte lists, under each byte, the placeholderMarks
// that start with it, so that one pass over a value finds any of them.
var placeholderMarksByByte = func() *[256][]string {
	var t [256][]string
	for _, m := range placeholderMarks {
		t[m[0]] = append(t[m[0]], m)
	}
	return &t
}()

// hasPlaceholderMark reports whether lower (a value in lower case)
// contains one of placeholderMarks.
func hasPlaceholderMark(lower string) bool {
	for i := 0; i < len(lower); i++ {
		for _, m := range placeholderMarksByByte[lower[i]] {
			if strings.HasPrefix(lower[i:], m) {
				return true
			}
		}
	}
	return false
}

// testWordList is testWords' keys and "test" (which "testing" holds).
var testWordList = func() []string {
	list := []string{"test"}
	for w := range testWords {
		list = append(list, w)
	}
	return list
}()

// mayHoldTestWord reports whether lower, a value in lower case, contains
// a test word: each word splitWords finds in the value, lower-cased, is a
// piece of it (strings.ToLower maps rune by rune), so without one no word
// is a test word and the value need not be split.
func mayHoldTestWord(lower string) bool {
	for _, w := range testWordList {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// knownSampleTokens are keys published in public SDKs and documentation,
// which code copies verbatim: well-formed, but nobody's secret. The Google
// API keys are the Firebase Android SDK's test keys (other scanners skip
// the same list); the Algolia key is the public search-only key of the
// npm-search index that yarn and many package sites ship to browsers.
var knownSampleTokens = map[string]bool{
	"6fe4476ee5a1832882e326b506d14126": true,

	"AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs": true,
	"AIzaSyCkEhVjf3pduRDt6d1yKOMitrUEke8agEM": true,
	"AIzaSyDMAScliyLx7F0NPDEJi1QmyCgHIAODrlU": true,
	"AIzaSyD3asb-2pEZVqMkmL6M9N6nHZRR_znhrh0": true,
	"AIzayDNSXIbFmlXbIE6mCzDLQAqITYefhixbX4A": true,
	"AIzaSyAdOS2zB6NCsk1pCdZ4-P6GBdi_UUPwX7c": true,
	"AIzaSyASWm6HmTMdYWpgMnjRBjxcQ9CKctWmLd4": true,
	"AIzaSyANUvH9H9BsUccjsu2pCmEkOPjjaXeDQgY": true,
	"AIzaSyA5_iVawFQ8ABuTZNUdcwERLJv_a_p4wtM": true,
	"AIzaSyA4UrcGxgwQFTfaI3no3t7Lt1sjmdnP5sQ": true,
	"AIzaSyDSb51JiIcB6OJpwwMicseKRhhrOq1cS7g": true,
	"AIzaSyBF2RrAIm4a0mO64EShQfqfd2AFnzAvvuU": true,
	"AIzaSyBcE-OOIbhjyR83gm4r2MFCu4MJmprNXsw": true,
	"AIzaSyB8qGxt4ec15vitgn44duC5ucxaOi4FmqE": true,
	"AIzaSyA8vmApnrHNFE0bApF4hoZ11srVL_n0nvY": true,
}

// isTokenPlaceholder reports whether a provider token whose body is body,
// found in text at [start,end), is a documented example, a redaction or a
// made-up value.
func isTokenPlaceholder(text string, start, end int, body string, mixed bool) bool {
	if knownSampleTokens[text[start:end]] {
		return true
	}
	lower := strings.ToLower(body)
	for _, m := range tokenPlaceholderMarks {
		if strings.Contains(lower, m) {
			return true
		}
	}
	// "sk_live_51H…" or "sk-...": a shortened display.
	after := text[end:]
	if strings.HasPrefix(after, "...") || strings.HasPrefix(after, "…") || strings.HasPrefix(after, "*") {
		return true
	}
	if start > 0 && text[start-1] == '<' && strings.HasPrefix(after, ">") {
		return true
	}
	return !looksRandom(body, mixed)
}

// looksRandom is the sanity check on a token's variable part: no long run
// of one character, no alphabet or digit sequence, enough distinct
// characters and Shannon entropy for its length, and, for mixed-case
// alphabets, at least two character classes.
func looksRandom(body string, mixed bool) bool {
	if len(body) < 8 {
		return false
	}
	if longestRun(body) >= 5 || sequentialRun(body) >= 6 {
		return false
	}
	if mixed && charClasses(body) < 2 {
		return false
	}
	min := 3.0
	switch {
	case len(body) >= 40:
		min = 3.6
	case len(body) >= 20:
		min = 3.2
	}
	return entropy(body) >= min
}

// entropy returns the Shannon entropy of s in bits per byte.
func entropy(s string) float64 {
	if s == "" {
		return 0
	}
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	h := 0.0
	n := float64(len(s))
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}

// longestRun returns the length of the longest run of one byte.
func longestRun(s string) int {
	best, cur := 0, 0
	for i := 0; i < len(s); i++ {
		if i > 0 && s[i] == s[i-1] {
			cur++
		} else {
			cur = 1
		}
		if cur > best {
			best = cur
		}
	}
	return best
}

// sequentialRun returns the length of the longest run of consecutive
// ascending or descending bytes ("abcdef", "12345", "987").
func sequentialRun(s string) int {
	best, up, down := 1, 1, 1
	for i := 1; i < len(s); i++ {
		d := int(s[i]) - int(s[i-1])
		if d == 1 {
			up++
		} else {
			up = 1
		}
		if d == -1 {
			down++
		} else {
			down = 1
		}
		best = max(best, up, down)
	}
	if s == "" {
		return 0
	}
	return best
}

// charClasses counts how many of lower case, upper case and digits s uses.
func charClasses(s string) int {
	var lower, upper, digit int
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z':
			lower = 1
		case c >= 'A' && c <= 'Z':
			upper = 1
		case c >= '0' && c <= '9':
			digit = 1
		}
	}
	return lower + upper + digit
}

// highEntropy reports whether v looks like generated key material rather
// than a made-up or human-chosen value.
func highEntropy(v string) bool {
	return len(v) >= 16 && charClasses(v) >= 2 && entropy(v) >= 3.5 && longestRun(v) < 5
}

// credentialValueOK reports whether v, written for the credential named
// name, looks like a real credential: not empty or short, not prose or a UI
// label, not a placeholder, an environment variable name, a URL or path,
// an i18n key or a password hash, and not a fixture value in a test.
func credentialValueOK(v, name string, testFile bool) bool {
	if !credentialShapeOK(v, testFile) {
		return false
	}
	if knownSampleSecrets[v] {
		return true
	}
	if normalizeName(v) == normalizeName(name) {
		// "password" under `password`, "api_key" under `apiKey`.
		return false
	}
	lower := strings.ToLower(v)
	for _, w := range splitWords(name) {
		if lower == w {
			return false
		}
	}
	return true
}

// credentialShapeOK is the part of credentialValueOK that does not depend
// on the name: credentialValueOK(v, name, testFile) implies
// credentialShapeOK(v, testFile) for every name, so a value failing it is
// no credential whatever it is given to, and the caller need not find
// out what that is.
func credentialShapeOK(v string, testFile bool) bool {
	if len(v) < 4 || utf8.RuneCountInString(v) < 4 || len(v) > 4096 {
		return false
	}
	if knownSampleSecrets[v] {
		return !testFile
	}
	if strings.IndexFunc(v, unicode.IsSpace) >= 0 {
		return false
	}
	lower := strings.ToLower(v)
	if placeholderValues[lower] {
		return false
	}
	if hasPlaceholderMark(lower) {
		return false
	}
	if !strings.ContainsFunc(v, func(r rune) bool { return r < utf8.RuneSelf && isAlnum(byte(r)) }) {
		// Punctuation, bullets, or a label in another script.
		return false
	}
	if longestRun(v) >= len(v)-1 {
		return false
	}
	if len(v) > 4 && strings.HasPrefix(v, "__") && strings.HasSuffix(v, "__") {
		// A template slot such as "__OPENAI_KEY__".
		return false
	}
	if isFieldNameValue(v) {
		// "access_token" as a grant or storage key.
		return false
	}
	switch {
	case isEnvVarName(v), looksLikePathOrURL(v), isDottedKey(v), isPasswordHash(v), isTitleWord(v):
		return false
	}
	if testFile && isUUID(v) {
		// Tests name ids "token" (progress tokens, request ids) and fill
		// them with generated UUIDs.
		return false
	}
	if highEntropy(v) {
		return true
	}
	if testFile {
		return false
	}
	if !mayHoldTestWord(lower) {
		return true
	}
	keyed := hasKeyPrefix(v)
	for _, w := range splitWords(v) {
		if testWords[w] || (w == "test" || w == "testing") && !keyed {
			return false
		}
	}
	return true
}

// reportableCredential is TL102's verdict on a value v written for the
// credential named name. Beyond credentialValueOK (which TL105 and TL303
// share) it is silent on a published sample token, a secrets tool's
// ciphertext, a value whose name calls it a fixture ("invalidToken") or
// names something else ("keyVaultToStoreSecrets"), a near miss of the
// format of the provider the name mentions, and, for credentials a machine
// generates (tokens and keys, not the passwords and secrets people
// choose), a keyboard or alphabet walk or a CamelCase identifier, unless
// it starts like a provider key ("sk-", "ghp_"), which TL102 reports
// even when TL101 finds its body made up.
func reportableCredential(v, name string, testFile bool) bool {
	if !credentialValueOK(v, name, testFile) {
		return false
	}
	if knownSampleTokens[v] || isEncryptedValue(v) || isFixtureName(name) || !namesCredentialHead(name) || providerNearMiss(name, v) {
		return false
	}
	if isGeneratedCredentialName(name) && !hasKeyPrefix(v) && (mostlySequential(v) || isWordIdentifier(v)) {
		return false
	}
	return true
}

// encryptedPrefixes start values that are ciphertext for a secrets tool
// (SOPS, Jasypt, Ansible Vault, Vault transit): the plaintext is not in
// the file.
var encryptedPrefixes = []string{"ENC[", "ENC(", "$ANSIBLE_VAULT;", "vault:v1:", "vault:v2:"}

// isEncryptedValue reports whether v is a secrets tool's ciphertext.
func isEncryptedValue(v string) bool {
	for _, p := range encryptedPrefixes {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return false
}

// mostlySequential reports whether at least half of the adjacent byte
// pairs of v (case folded) repeat a character or step to its neighbour
// ("AbCeFG123", "abc123xyz"): a walk typed as a stand-in. A random value
// of a 36-character alphabet has about one such pair in twelve.
func mostlySequential(v string) bool {
	if len(v) < 6 {
		return false
	}
	steps := 0
	for i := 1; i < len(v); i++ {
		d := int(lowerByte(v[i])) - int(lowerByte(v[i-1]))
		if d >= -1 && d <= 1 {
			steps++
		}
	}
	return 2*steps >= len(v)-1
}

// isWordIdentifier reports whether v reads as a CamelCase identifier
// rather than generated characters: three or more capitalised words with a
// vowel ("AgencyIdentificationCodeContentType",
// "clm38447:AgencyIdentificationCode") covering at least three quarters of
// its letters. Random base62 rarely holds one such word, and random lower
// case holds none.
func isWordIdentifier(v string) bool {
	letters, inWords, words := 0, 0, 0
	for i := 0; i < len(v); {
		if !isLetter(v[i]) {
			i++
			continue
		}
		k := i + 1
		vowel := false
		for k < len(v) && v[k] >= 'a' && v[k] <= 'z' {
			vowel = vowel || strings.IndexByte("aeiouy", v[k]) >= 0
			k++
		}
		if isUpper(v[i]) && k-i >= 3 && vowel {
			words++
			inWords += k - i
		}
		letters += k - i
		i = k
	}
	return words >= 3 && 4*inWords >= 3*letters
}

// normalizeName lower-cases s and drops everything but letters and digits.
func normalizeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// isEnvVarName reports whether v is SCREAMING_CASE with an underscore: a
// variable's name, not its value.
func isEnvVarName(v string) bool {
	if !strings.Contains(v, "_") || v[0] < 'A' || v[0] > 'Z' {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func looksLikePathOrURL(v string) bool {
	if strings.Contains(v, "://") {
		return true
	}
	for _, p := range []string{"/", "./", "../", "~/", "\\\\", "file:", "mailto:"} {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return len(v) > 3 && v[1] == ':' && (v[2] == '\\' || v[2] == '/')
}

// isDottedKey reports whether v is an i18n or config key such as
// "auth.password.label": dot-separated identifiers starting with a lower
// case letter.
func isDottedKey(v string) bool {
	if !strings.Contains(v, ".") || v[0] < 'a' || v[0] > 'z' {
		return false
	}
	for _, part := range strings.Split(v, ".") {
		if part == "" || len(part) > 40 || charClasses(part) == 3 {
			// A base64 segment (a JWT's header and payload), not a word.
			return false
		}
		for i := 0; i < len(part); i++ {
			if c := part[i]; !(isAlnum(c) || c == '_' || c == '-') {
				return false
			}
		}
	}
	return true
}

// isPasswordHash reports whether v is a modular-crypt password hash
// ($2b$..., $argon2id$..., pbkdf2_sha256$...), which is not a secret to
// move to the environment.
func isPasswordHash(v string) bool {
	for _, p := range []string{"$2a$", "$2b$", "$2y$", "$argon2", "$scrypt$", "$pbkdf2", "pbkdf2_sha256$", "$6$", "$5$", "$1$"} {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return false
}

// isTitleWord reports whether v is a single capitalised word of letters
// ("Password", "Passwort", "Contraseña"): a UI label, not a secret.
func isTitleWord(v string) bool {
	first, size := utf8.DecodeRuneInString(v)
	if !unicode.IsUpper(first) {
		return false
	}
	for _, r := range v[size:] {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// isUUID reports whether v is a canonical 8-4-4-4-12 hexadecimal UUID.
func isUUID(v string) bool {
	if len(v) != 36 {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}
