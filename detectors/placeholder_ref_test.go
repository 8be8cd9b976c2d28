package detectors

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// TestCredentialShapeOKAgreesWithReference holds credentialShapeOK (one
// pass for the placeholder marks, the split into words only when a test
// word may be there) to the reference implementation on the content of
// every string literal and comment of the fixtures, and of
// $TRUSTLINT_GATE_CORPUS when set, in and out of test files, and on
// values built around each mark and test word.
func TestCredentialShapeOKAgreesWithReference(t *testing.T) {
	values := []string{"keyboard cat", "MOCK_value_1x", "moc\u212Aed-Value9", "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "Stub9Value", "aTESTINGb12"}
	for _, m := range append(append([]string(nil), placeholderMarks...), testWordList...) {
		values = append(values, m, "aB3"+m+"9xQ", strings.ToUpper(m)+"zz91Kq", "Xy7"+m)
	}
	eachCorpusUnit(t, 0, func(u *Unit) {
		_ = walk(u.Tree.RootNode(), func(n *sitter.Node) error {
			if grammars.Type(n) == "comment" {
				values = append(values, u.Text(n))
			} else if lit, ok := ParseStringLit(u, n); ok {
				values = append(values, lit.Content(u))
			}
			return nil
		})
	})
	for _, v := range values {
		for _, testFile := range []bool{false, true} {
			if got, want := credentialShapeOK(v, testFile), credentialShapeOKReference(v, testFile); got != want {
				t.Errorf("credentialShapeOK(%q, %v) = %v, reference %v", v, testFile, got, want)
			}
		}
	}
	t.Logf("%d values", len(values))
}

// credentialShapeOKReference is credentialShapeOK as it was before
// hasPlaceholderMark and mayHoldTestWord.
func credentialShapeOKReference(v string, testFile bool) bool {
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
	for _, m := range placeholderMarks {
		if strings.Contains(lower, m) {
			return false
		}
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
	keyed := hasKeyPrefix(v)
	for _, w := range splitWords(v) {
		if testWords[w] || (w == "test" || w == "testing") && !keyed {
			return false
		}
	}
	return true
}
