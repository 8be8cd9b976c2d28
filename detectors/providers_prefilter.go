package detectors

// prefilter finds every provider marker in a text in one pass with an
// Aho–Corasick automaton over the lower-cased bytes (acMachine). Markers
// are case-sensitive: a lower-case match is confirmed against the
// original bytes. The cost of a scan is linear in the text plus the
// number of matches, whatever the number of providers.
type prefilter struct {
	ac      *acMachine
	markers []marker // by pattern index
}

// marker is one provider prefix.
type marker struct {
	p      *provider
	prefix string
}

// defaultPrefilter is the automaton over every provider's markers, built
// at start-up and immutable afterwards.
var defaultPrefilter = newPrefilter(providers)

// newPrefilter builds the automaton for the providers' prefixes.
func newPrefilter(ps []*provider) *prefilter {
	pf := &prefilter{}
	var patterns []string
	for _, p := range ps {
		for _, prefix := range p.Prefixes {
			pf.markers = append(pf.markers, marker{p: p, prefix: prefix})
			patterns = append(patterns, prefix)
		}
	}
	pf.ac = newACMachine(patterns)
	return pf
}

// scan calls found for every marker occurrence in text (with the byte
// offset where it starts), in order of the marker's end.
func (pf *prefilter) scan(text string, found func(p *provider, i, prefixLen int)) {
	s := int32(0)
	for i := 0; i < len(text); i++ {
		s = pf.ac.step(s, text[i])
		for _, id := range pf.ac.out[s] {
			m := pf.markers[id]
			start := i + 1 - len(m.prefix)
			if text[start:i+1] == m.prefix {
				found(m.p, start, len(m.prefix))
			}
		}
	}
}
