package detectors

import (
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"
)

// TestMayBeNamedToken holds mayBeNamedToken to the named providers'
// shapes: a value of each shape passes it, no shorter prefix the shape
// takes whole is below minNamedToken, and no byte outside its alphabet
// can stand anywhere in a value the shape takes whole.
func TestMayBeNamedToken(t *testing.T) {
	const b64 = "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG1hJ3kL5mN7pQ9rS1tU3vW5xY7zA9bC1dE3fG5hJ7kL9mN1pQ3rS5tU7v"
	const hex = "3f1c2a9e7b4d4e8a9c2f1a2b3c4d5e6f0a9b8c7d6e5f4a3b2c1d0e9f"
	samples := []string{
		"3f1c2a9e-7b4d-4e8a-9c2f-1a2b3c4d5e6f",
		b64[:48], b64[:72], b64[:40],
		b64[:23] + "." + b64[30:36] + "." + b64[40:67],
		b64[:28] + "." + b64[30:36] + "." + b64[40:78],
		hex[:32], hex[:37], hex[:40],
		"12345:A" + b64[:34], "1234567890123456:A" + b64[2:36],
		hex[:32] + "-" + hex[32:40] + "-" + hex[40:48],
		"00" + b64[:40], "00" + b64[:38] + "==",
		"sk." + b64[:60] + "." + b64[60:80],
	}
	for _, p := range namedProviders {
		matched := 0
		for _, s := range samples {
			if n, _, _, ok := p.match(s); !ok || n != len(s) {
				continue
			}
			matched++
			if !mayBeNamedToken(s) {
				t.Errorf("%s: mayBeNamedToken(%q) = false", p.Name, s)
			}
			for k := 1; k < len(s); k++ {
				if n, _, _, ok := p.match(s[:k]); ok && n == k && k < minNamedToken {
					t.Errorf("%s takes %q whole: shorter than minNamedToken", p.Name, s[:k])
				}
			}
			for i := 0; i < len(s); i++ {
				for _, b := range []byte(" /+!\"'\\,;@#%\xc3\x00") {
					v := s[:i] + string(b) + s[i+1:]
					if n, _, _, ok := p.match(v); ok && n == len(v) {
						t.Errorf("%s takes %q whole: a byte mayBeNamedToken refuses", p.Name, v)
					}
				}
			}
		}
		if matched == 0 {
			t.Errorf("%s: no sample of its shape", p.Name)
		}
	}
}

// TestMatchNamedLazyAgreesWithReference compares matchNamedLazy with the
// loop it ran before mayBeNamedToken, on every string literal's content
// in the fixtures (and $TRUSTLINT_GATE_CORPUS when set), under a name
// that mentions every provider.
func TestMatchNamedLazyAgreesWithReference(t *testing.T) {
	var keywords []string
	for _, p := range namedProviders {
		keywords = append(keywords, p.Keywords...)
	}
	name := nameFunc(func() string { return strings.Join(keywords, "_") })
	count := 0
	eachCorpusUnit(t, 0, func(u *Unit) {
		_ = walk(u.Tree.RootNode(), func(n *sitter.Node) error {
			lit, ok := ParseStringLit(u, n)
			if !ok {
				return nil
			}
			for _, fr := range lit.Fragments {
				for _, v := range []string{string(u.Src[fr.Start:fr.End]), strings.TrimSpace(string(u.Src[fr.Start:fr.End]))} {
					count++
					got, gotOK := matchNamedLazy(name, v)
					want, wantOK := matchNamedReference(name, v)
					if got != want || gotOK != wantOK {
						t.Errorf("%s: matchNamedLazy(%q) = %v, %v; reference %v, %v", u.Path, v, got, gotOK, want, wantOK)
					}
				}
			}
			return nil
		})
	})
	t.Logf("%d values", count)
}

// matchNamedReference is matchNamedLazy as it was before mayBeNamedToken.
func matchNamedReference(name nameFunc, value string) (*provider, bool) {
	if len(value) < 16 {
		return nil, false
	}
	for _, p := range namedProviders {
		n, bs, be, ok := p.match(value)
		if !ok || n != len(value) {
			continue
		}
		if !looksRandom(value[bs:be], p.mixed) {
			continue
		}
		if !hasKeyword(p.Keywords, name.get(), "") {
			continue
		}
		return p, true
	}
	return nil, false
}
