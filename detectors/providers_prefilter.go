package detectors

// prefilter finds every provider marker in a text in one pass with an
// Aho–Corasick automaton over the lower-cased bytes. Markers are
// case-sensitive: a lower-case match is confirmed against the original
// bytes. The cost of a scan is linear in the text plus the number of
// matches, whatever the number of providers.
type prefilter struct {
	// class maps a lower-cased byte to its column: bytes that occur in no
	// marker share column 0.
	class [256]uint8
	// width is the number of columns.
	width int
	// next is the dense transition table: next[state*width+column].
	next []int32
	// out lists, per state, the markers ending there (through failure
	// links as well).
	out [][]marker
}

// marker is one provider prefix.
type marker struct {
	p      *provider
	prefix string
}

// defaultPrefilter is the automaton over every provider's markers, built
// at start-up and immutable afterwards.
var defaultPrefilter = newPrefilter(providers)

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// newPrefilter builds the automaton for the providers' prefixes.
func newPrefilter(ps []*provider) *prefilter {
	type node struct {
		edges map[byte]int32
		fail  int32
		out   []marker
	}
	nodes := []*node{{edges: map[byte]int32{}}}
	for _, p := range ps {
		for _, prefix := range p.Prefixes {
			s := int32(0)
			for i := 0; i < len(prefix); i++ {
				c := lowerByte(prefix[i])
				nx, ok := nodes[s].edges[c]
				if !ok {
					nx = int32(len(nodes))
					nodes = append(nodes, &node{edges: map[byte]int32{}})
					nodes[s].edges[c] = nx
				}
				s = nx
			}
			nodes[s].out = append(nodes[s].out, marker{p: p, prefix: prefix})
		}
	}
	pf := &prefilter{width: 1, out: make([][]marker, len(nodes))}
	var bytesOf []byte
	for _, n := range nodes {
		for c := range n.edges {
			if pf.class[c] == 0 {
				pf.class[c] = uint8(pf.width)
				pf.width++
				bytesOf = append(bytesOf, c)
			}
		}
	}
	w := pf.width
	pf.next = make([]int32, len(nodes)*w)
	// Breadth-first: fill transitions and failure links. Column 0 (bytes
	// in no marker) always leads back to the root.
	queue := []int32{}
	for _, c := range bytesOf {
		if nx, ok := nodes[0].edges[c]; ok {
			nodes[nx].fail = 0
			pf.next[int(pf.class[c])] = nx
			queue = append(queue, nx)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		nodes[s].out = append(nodes[s].out, nodes[nodes[s].fail].out...)
		for _, c := range bytesOf {
			col := int(pf.class[c])
			if nx, ok := nodes[s].edges[c]; ok {
				nodes[nx].fail = pf.next[int(nodes[s].fail)*w+col]
				pf.next[int(s)*w+col] = nx
				queue = append(queue, nx)
			} else {
				pf.next[int(s)*w+col] = pf.next[int(nodes[s].fail)*w+col]
			}
		}
	}
	for i, n := range nodes {
		pf.out[i] = n.out
	}
	return pf
}

// scan calls found for every marker occurrence in text (with the byte
// offset where it starts), in order of the marker's end.
func (pf *prefilter) scan(text string, found func(p *provider, i, prefixLen int)) {
	s := int32(0)
	for i := 0; i < len(text); i++ {
		s = pf.next[int(s)*pf.width+int(pf.class[lowerByte(text[i])])]
		for _, m := range pf.out[s] {
			start := i + 1 - len(m.prefix)
			if text[start:i+1] == m.prefix {
				found(m.p, start, len(m.prefix))
			}
		}
	}
}
