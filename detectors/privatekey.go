package detectors

import (
	"strings"

	"github.com/trustlint/trustlint/grammars"

	sitter "github.com/smacker/go-tree-sitter"
)

// pemPrivateHeader starts every PEM private key block: "-----BEGIN RSA
// PRIVATE KEY-----", "-----BEGIN OPENSSH PRIVATE KEY-----", "-----BEGIN PGP
// PRIVATE KEY BLOCK-----", "-----BEGIN ENCRYPTED PRIVATE KEY-----".
const pemBegin = "-----BEGIN "

// minKeyBody is the least number of base64 characters a key body needs to
// be a key rather than a "..." or "<your key>" stand-in. The smallest real
// private keys (Ed25519 in PKCS#8) have 64.
const minKeyBody = 40

// pemKey is one private key block found in a text.
type pemKey struct {
	Start, End int
	Kind       string
	Encrypted  bool
}

// findPrivateKey returns the first PEM private key block in text (a
// literal's content as written, with escapes such as "\n" left in place).
func findPrivateKey(text string) (pemKey, bool) {
	for from := 0; from < len(text); {
		i := strings.Index(text[from:], pemBegin)
		if i < 0 {
			return pemKey{}, false
		}
		i += from
		from = i + len(pemBegin)
		hdrEnd := strings.Index(text[from:], "-----")
		if hdrEnd < 0 || hdrEnd > 40 {
			continue
		}
		label := text[from : from+hdrEnd]
		if !strings.HasSuffix(label, "PRIVATE KEY") && !strings.HasSuffix(label, "PRIVATE KEY BLOCK") {
			// Public keys, certificates, requests.
			continue
		}
		bodyStart := from + hdrEnd + 5
		end := strings.Index(text[bodyStart:], "-----END ")
		bodyEnd := len(text)
		blockEnd := len(text)
		if end >= 0 {
			bodyEnd = bodyStart + end
			blockEnd = bodyEnd + len("-----END ")
			if close := strings.Index(text[blockEnd:], "-----"); close >= 0 && close <= 40 {
				blockEnd += close + 5
			}
		}
		body := text[bodyStart:bodyEnd]
		b64, encrypted := keyBody(body)
		if len(b64) < minKeyBody || !looksRandom(b64[:min(len(b64), 256)], true) {
			continue
		}
		kind := strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(label, " BLOCK"), "PRIVATE KEY"))
		if kind == "ENCRYPTED" {
			encrypted = true
		}
		return pemKey{Start: i, End: blockEnd, Kind: kind, Encrypted: encrypted}, true
	}
	return pemKey{}, false
}

// keyBody returns the base64 characters of a PEM body, dropping line
// breaks (real or escaped), indentation, quotes and concatenation
// operators, and the RFC 1421 headers ("Proc-Type: 4,ENCRYPTED",
// "DEK-Info: …", PGP's "Version: …"). It reports whether a header marks
// the key as encrypted. A body holding "..." or a placeholder word gives
// nothing.
func keyBody(body string) (string, bool) {
	lower := strings.ToLower(body)
	for _, m := range []string{"...", "…", "xxxx", "your", "example", "placeholder", "<", "${", "{{", "redacted"} {
		if strings.Contains(lower, m) {
			return "", false
		}
	}
	encrypted := strings.Contains(body, "ENCRYPTED")
	body = strings.NewReplacer(`\r`, "\n", `\n`, "\n", `\t`, " ").Replace(body)
	var b strings.Builder
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		if strings.Contains(line, ": ") {
			continue // a header
		}
		for i := 0; i < len(line); i++ {
			if c := line[i]; isB64(c) {
				b.WriteByte(c)
			}
		}
	}
	return b.String(), encrypted
}

// visitPrivateKey reports a PEM private key block in a string literal, or
// in a chain of literals joined with "+" (TL103).
func visitPrivateKey(p *Pass, n *sitter.Node) {
	lit, ok := ParseStringLit(p.Unit, n)
	if !ok {
		return
	}
	if top, text, ok := concatChain(p.Unit, n); ok {
		if k, ok := findPrivateKey(text); ok {
			p.Report(privateKeyFinding(int(grammars.Start(top)), int(grammars.End(top)), k))
			return
		}
	}
	for _, fr := range lit.Fragments {
		k, ok := findPrivateKey(p.srcString()[fr.Start:fr.End])
		if !ok {
			continue
		}
		f := privateKeyFinding(lit.Start, lit.End, k)
		env := "PRIVATE_KEY"
		if t, ok := literalTarget(p.Unit, n); ok && isCredentialName(t.Name) {
			env = EnvName(t.Name)
		}
		secret := Span{fr.Start + k.Start, fr.Start + k.End}
		if wholeKey(p.Unit, lit, secret) {
			secret = Span{lit.ContentStart, lit.ContentEnd}
			if fix, ok := envFix(p.Unit, lit, secret, env); ok {
				f.Fixes = append(f.Fixes, fix)
			}
		}
		p.Report(f)
		return
	}
}

// wholeKey reports whether the key block is all the literal holds, blank
// space and escaped newlines aside.
func wholeKey(u *Unit, lit StringLit, key Span) bool {
	if lit.HasInterpolation() {
		return false
	}
	blank := func(s string) bool {
		s = strings.NewReplacer(`\n`, "", `\r`, "", `\t`, "").Replace(s)
		return strings.TrimSpace(s) == ""
	}
	return blank(string(u.Src[lit.ContentStart:key.Start])) && blank(string(u.Src[key.End:lit.ContentEnd]))
}

func privateKeyFinding(start, end int, k pemKey) Finding {
	kind := "private key"
	if k.Kind != "" && k.Kind != "ENCRYPTED" {
		kind = k.Kind + " private key"
	}
	f := Finding{Start: start, End: end, Message: "Hardcoded " + kind + " in source: load it from a secret store or a file outside the repository"}
	if k.Encrypted {
		f.Severity = SeverityWarning
		f.Message = "Hardcoded encrypted " + kind + " in source: its passphrase is the only protection left; load it from a secret store"
	}
	return f
}
