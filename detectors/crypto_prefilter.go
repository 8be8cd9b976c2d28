package detectors

import (
	"sort"
	"strings"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// The crypto call rules (TL301–TL304, TL306) visit every call of a file
// and look at a handful of them: a cipher, hash, HMAC, JWT or random
// call. Reading a call (readCryptoCall: its callee's text, every argument,
// a memo entry) costs a dozen calls into C and several allocations, while
// the callee's last name, which every rule tests first, is in the source
// bytes just before the argument list. The checks below read that name
// from the bytes and let a rule leave a call whose name it never looks at
// without reading the tree. They only ever say "it cannot be" when the
// full reading says the same (crypto_prefilter_test.go holds them to it on
// the fixtures and, with TRUSTLINT_GATE_CORPUS, on a whole tree).

// cryptoCalleeBytes is what the source bytes say about a call's callee.
type cryptoCalleeBytes struct {
	// Method is the callee's last component as readCryptoCall reads it
	// (cryptoCall.Method). Meaningful only when Known.
	Method string
	// Dots is the number of '.' in the callee: the components of
	// cryptoCall.Callee less one.
	Dots int
	// Known is false when the bytes do not say for sure: the call must
	// then be read.
	Known bool
}

// cryptoCallee returns what the source bytes say about call n's callee.
//
// The callee of a call (and of a JS new expression) ends where its
// argument list begins, less blanks: calleeToken reads the identifier
// that ends there (and keeps its answer for the last node: the auth rules,
// which visit the same call just before, have mostly read it already).
// That identifier is the callee's last component when a '.' stands before
// it or it is the whole callee (the call's first bytes, or a `new`
// expression's first bytes after "new"). Anything else (a line break or a
// comment before the arguments, type arguments, an optional call, a
// subscript, a non-ASCII or escaped name, a syntax error anywhere in the
// file, no argument list) leaves the callee unknown.
func cryptoCallee(u *Unit, n *sitter.Node) cryptoCalleeBytes {
	if n == nil {
		return cryptoCalleeBytes{}
	}
	tok, known := calleeToken(u, n)
	if !known || tok == "" {
		return cryptoCalleeBytes{}
	}
	src := u.srcString()
	// calleeToken's answer is a slice of the source: its offset there.
	tokStart := int(uintptr(unsafe.Pointer(unsafe.StringData(tok))) - uintptr(unsafe.Pointer(unsafe.StringData(src))))
	start := int(grammars.Start(n))
	if start < 0 || tokStart < start || tokStart+len(tok) > len(src) || src[tokStart:tokStart+len(tok)] != tok {
		return cryptoCalleeBytes{}
	}
	switch {
	case tokStart == start:
	case src[tokStart-1] == '.':
	case cryptoNewPrefix(src[start:tokStart]) && grammars.Type(n) == "new_expression":
	default:
		return cryptoCalleeBytes{}
	}
	return cryptoCalleeBytes{Method: tok, Dots: strings.Count(src[start:tokStart], "."), Known: true}
}

// cryptoNewPrefix reports whether b is "new" and blanks: the bytes of a
// new expression before a constructor named by one identifier.
func cryptoNewPrefix(b string) bool {
	if len(b) < 4 || b[:3] != "new" {
		return false
	}
	for i := 3; i < len(b); i++ {
		if b[i] != ' ' && b[i] != '\t' {
			return false
		}
	}
	return true
}

// cryptoCallMayBe reports whether call n may be one the rule whose
// predicate is want looks at: false only when the bytes tell the callee
// and want refuses it.
func cryptoCallMayBe(u *Unit, n *sitter.Node, want func(fam grammars.Family, c cryptoCalleeBytes) bool) bool {
	c := cryptoCallee(u, n)
	return !c.Known || want(u.Lang.Family(), c)
}

// weakCipherCallee reports the callees jsWeakCipher, goWeakCipher and
// pyWeakCipher look at (TL301).
func weakCipherCallee(fam grammars.Family, c cryptoCalleeBytes) bool {
	m := c.Method
	switch fam {
	case grammars.FamilyJS:
		switch m {
		case "createCipheriv", "createDecipheriv", "createCipher", "createDecipher",
			"encrypt", "decrypt", "createEncryptor", "createDecryptor":
			return true
		}
	case grammars.FamilyGo:
		return strings.HasPrefix(m, "New") && (strings.HasPrefix(m, "NewECB") || strings.HasSuffix(m, "Cipher")) ||
			m == "Encrypt" || m == "Decrypt"
	case grammars.FamilyPython:
		switch m {
		case "new", "ECB", "des", "triple_des":
			return true
		}
		return pyWeakAlgorithms[m] != ""
	}
	return false
}

// staticIVCallee reports the callees visitStaticIV looks at (TL302).
func staticIVCallee(fam grammars.Family, c cryptoCalleeBytes) bool {
	switch fam {
	case grammars.FamilyJS:
		switch c.Method {
		case "createCipheriv", "createDecipheriv", "createCipher", "createDecipher", "encrypt", "decrypt", "start":
			return true
		}
	case grammars.FamilyGo:
		switch c.Method {
		case "NewCBCEncrypter", "NewCBCDecrypter", "NewCFBEncrypter", "NewCFBDecrypter", "NewCTR", "NewOFB",
			"NewUnauthenticatedCipher", "Seal", "Open":
			return true
		}
	case grammars.FamilyPython:
		switch c.Method {
		case "new", "CBC", "CFB", "CFB8", "OFB", "GCM", "CTR", "encrypt", "decrypt":
			return true
		}
	}
	return false
}

// hardcodedKeyCallee reports the callees jsKeyUse, goKeyUse and pyKeyUse
// look at (TL303).
func hardcodedKeyCallee(fam grammars.Family, c cryptoCalleeBytes) bool {
	m := c.Method
	switch fam {
	case grammars.FamilyJS:
		switch m {
		case "createCipheriv", "createDecipheriv", "createCipher", "createDecipher", "createHmac",
			"createSecretKey", "sign", "verify", "encrypt", "decrypt", "importKey":
			return true
		}
		return strings.HasPrefix(m, "Hmac")
	case grammars.FamilyGo:
		// goKeyUse tests the name after the package, which is the last
		// one only in a callee with one dot.
		return strings.HasPrefix(m, "New") || m == "SignedString" || c.Dots > 1
	case grammars.FamilyPython:
		switch m {
		case "new", "digest", "HMAC", "encode", "decode", "AES", "ChaCha20", "Camellia":
			return true
		}
		return pyKeyClasses[m] != ""
	}
	return false
}

// weakHashCallee reports the callees jsWeakHash, goWeakHash and pyWeakHash
// look at (TL306).
func weakHashCallee(fam grammars.Family, c cryptoCalleeBytes) bool {
	switch fam {
	case grammars.FamilyJS:
		switch c.Method {
		case "createHash", "MD5", "SHA1", "md5", "sha1":
			return true
		}
	case grammars.FamilyGo:
		return c.Method == "New" || c.Method == "Sum"
	case grammars.FamilyPython:
		switch c.Method {
		case "md5", "sha1", "new", "MD5", "SHA1":
			return true
		}
	}
	return false
}

// insecureRandomCallee reports the callees visitInsecureRandom looks at
// (TL304) in JS and Go; Python's depend on the file's imports
// (pyRandomCallMayBe).
func insecureRandomCallee(fam grammars.Family, c cryptoCalleeBytes) bool {
	switch fam {
	case grammars.FamilyJS:
		return c.Method == "random"
	case grammars.FamilyGo:
		return goRandFuncs[c.Method]
	}
	return true
}

// insecureRandomMayBe is cryptoCallMayBe for TL304: in Python a function
// imported from random under another name counts too.
func insecureRandomMayBe(u *Unit, n *sitter.Node) bool {
	c := cryptoCallee(u, n)
	if !c.Known {
		return true
	}
	if u.Lang.Family() != grammars.FamilyPython {
		return insecureRandomCallee(u.Lang.Family(), c)
	}
	if pyRandomFuncs[c.Method] {
		return true
	}
	_, funcs := pyRandomImports(u)
	return funcs[c.Method] != ""
}

// srcWordOffsetsKey memoises srcWordOffsets per word.
type srcWordOffsetsKey struct{ word string }

// srcWordOffsets returns, in increasing order, the offsets of every
// occurrence of word in the unit's source, once per unit and word.
func srcWordOffsets(u *Unit, word string) []int32 {
	return memo(u, srcWordOffsetsKey{word}, func() []int32 {
		var offs []int32
		src := u.srcString()
		for i := 0; i+len(word) <= len(src); {
			j := strings.Index(src[i:], word)
			if j < 0 {
				break
			}
			offs = append(offs, int32(i+j))
			i += j + 1
		}
		return offs
	})
}

// spanHoldsWord reports whether n's source span holds word: a node whose
// reading tests for a sub-node's text to be word cannot be one without
// it. It costs a binary search and, when word follows n's start, the
// node's end, instead of the sub-nodes' reads.
func spanHoldsWord(u *Unit, n *sitter.Node, word string) bool {
	offs := srcWordOffsets(u, word)
	start := int32(grammars.Start(n))
	i := sort.Search(len(offs), func(i int) bool { return offs[i] >= start })
	return i < len(offs) && int(offs[i])+len(word) <= int(grammars.End(n))
}
