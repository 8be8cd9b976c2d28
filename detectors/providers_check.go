package detectors

import (
	"encoding/base64"
	"encoding/json"
	"hash/crc32"
	"strings"
)

// base62Alphabet is the digit order of GitHub's and npm's checksums.
const base62Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// checkCRC32Base62 verifies the checksum GitHub (ghp_, gho_, ghu_, ghs_,
// ghr_) and npm (npm_) put in the last six characters of their tokens: the
// CRC-32 (IEEE) of the 30 random characters after the four-character
// prefix, written in base 62. A token with a wrong checksum was not issued
// by the provider: it is made up or mistyped, yet in source it is still a
// token someone meant to paste, so it is reported at warning severity
// instead of error.
func checkCRC32Base62(token string) (variant, bool) {
	if len(token) != 40 {
		return variant{}, false
	}
	want := crc32.ChecksumIEEE([]byte(token[4:34]))
	var got uint64
	for i := 34; i < 40; i++ {
		d := strings.IndexByte(base62Alphabet, token[i])
		if d < 0 {
			return variant{}, false
		}
		got = got*62 + uint64(d)
	}
	if got != uint64(want) {
		return variant{Severity: SeverityWarning}, true
	}
	return variant{}, true
}

// base62CRC32 returns the six-character checksum of body, for tests and
// documentation samples.
func base62CRC32(body string) string {
	v := uint64(crc32.ChecksumIEEE([]byte(body)))
	out := make([]byte, 6)
	for i := 5; i >= 0; i-- {
		out[i] = base62Alphabet[v%62]
		v /= 62
	}
	return string(out)
}

// decodeB64Segment decodes a base64url (or standard) segment with or
// without padding.
func decodeB64Segment(s string) ([]byte, bool) {
	s = strings.TrimRight(s, "=")
	if b, err := base64.RawURLEncoding.DecodeString(s); err == nil {
		return b, true
	}
	if b, err := base64.RawStdEncoding.DecodeString(s); err == nil {
		return b, true
	}
	return nil, false
}

// checkJWT accepts a signed JSON Web Token: a header naming a signing
// algorithm other than "none", a JSON object payload and a signature.
// Supabase keys are JWTs: the public "anon" key is meant for browsers and
// is not reported; the "service_role" key bypasses row-level security and
// is. Other JWTs are bearer tokens, reported at warning severity since
// short-lived and sample tokens are common.
func checkJWT(token string) (variant, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || len(parts[2]) < 16 {
		return variant{}, false
	}
	hb, ok := decodeB64Segment(parts[0])
	if !ok {
		return variant{}, false
	}
	var header map[string]any
	if json.Unmarshal(hb, &header) != nil {
		return variant{}, false
	}
	alg, _ := header["alg"].(string)
	if alg == "" || strings.EqualFold(alg, "none") {
		return variant{}, false
	}
	pb, ok := decodeB64Segment(parts[1])
	if !ok {
		return variant{}, false
	}
	var payload map[string]any
	if json.Unmarshal(pb, &payload) != nil {
		return variant{}, false
	}
	role, _ := payload["role"].(string)
	iss, _ := payload["iss"].(string)
	switch {
	case role == "anon" || role == "authenticated" && iss == "supabase":
		return variant{}, false
	case role == "service_role":
		return variant{Name: "Supabase service role key", Env: "SUPABASE_SERVICE_ROLE_KEY", Severity: SeverityError}, true
	}
	return variant{}, true
}

// checkB64JWT accepts the base64 encoding of a signed JWT.
func checkB64JWT(token string) (variant, bool) {
	b, ok := decodeB64Segment(token)
	if !ok {
		return variant{}, false
	}
	return checkJWT(strings.TrimSpace(string(b)))
}

// matchJWT matches "<header>.<payload>.<signature>" after the "eyJ" of
// the header.
var matchJWT = seq(atLeast(isB64URL, 8), lit("."), lit("eyJ"), atLeast(isB64URL, 8), lit("."), atLeast(isB64URL, 16))

// matchOnePasswordKey matches the groups of a 1Password secret key after
// "A3-": 6, 11 (or 6-5), 5, 5 and 5 upper-case alphanumerics.
func matchOnePasswordKey(rest string) (int, int, int, bool) {
	n := run(rest, func(c byte) bool { return isUpperAlnum(c) || c == '-' })
	if n < len(rest) && isTokenChar(rest[n]) {
		return 0, 0, 0, false
	}
	var sizes []int
	for _, g := range strings.Split(rest[:n], "-") {
		sizes = append(sizes, len(g))
	}
	ok := len(sizes) == 5 && sizes[0] == 6 && sizes[1] == 11 && sizes[2] == 5 && sizes[3] == 5 && sizes[4] == 5 ||
		len(sizes) == 6 && sizes[0] == 6 && sizes[1] == 6 && sizes[2] == 5 && sizes[3] == 5 && sizes[4] == 5 && sizes[5] == 5
	if !ok {
		return 0, 0, 0, false
	}
	return n, 0, n, true
}
