package detectors

import "sort"

// acMachine is an Aho–Corasick automaton over patterns matched without
// regard to ASCII case: one pass over a text finds every occurrence of
// every pattern, at a cost linear in the text plus the matches, whatever
// the number of patterns. The provider prefilter and the trigger gates
// are built on it; callers confirm case-sensitive patterns against the
// original bytes. It is immutable once built.
type acMachine struct {
	// class maps a byte to its column: bytes in no pattern share column
	// 0, and an upper-case ASCII letter shares its lower-case column.
	class [256]uint16
	// width is the number of columns.
	width int
	// next is the dense transition table: next[state*width+column].
	next []int32
	// out lists, per state, the indexes of the patterns ending there
	// (through failure links as well).
	out [][]int32
	// jump is next for a tight loop (see triggerTable.scan): each entry is the
	// target's row offset (state*width), complemented when patterns end
	// in the target state.
	jump []int32
}

// newACMachine builds the automaton for patterns; a match reports the
// pattern's index in the slice.
func newACMachine(patterns []string) *acMachine {
	type node struct {
		edges map[byte]int32
		fail  int32
		out   []int32
	}
	nodes := []*node{{edges: map[byte]int32{}}}
	for id, p := range patterns {
		s := int32(0)
		for i := 0; i < len(p); i++ {
			c := lowerByte(p[i])
			nx, ok := nodes[s].edges[c]
			if !ok {
				nx = int32(len(nodes))
				nodes = append(nodes, &node{edges: map[byte]int32{}})
				nodes[s].edges[c] = nx
			}
			s = nx
		}
		nodes[s].out = append(nodes[s].out, int32(id))
	}
	m := &acMachine{width: 1}
	var bytesOf []byte
	for _, n := range nodes {
		for c := range n.edges {
			if m.class[c] == 0 {
				m.class[c] = uint16(m.width)
				m.width++
				bytesOf = append(bytesOf, c)
			}
		}
	}
	for c := 'A'; c <= 'Z'; c++ {
		m.class[c] = m.class[c+'a'-'A']
	}
	sort.Slice(bytesOf, func(i, j int) bool { return bytesOf[i] < bytesOf[j] })
	w := m.width
	m.next = make([]int32, len(nodes)*w)
	// Breadth-first: transitions and failure links. Column 0 always leads
	// back to the root.
	queue := []int32{}
	for _, c := range bytesOf {
		if nx, ok := nodes[0].edges[c]; ok {
			m.next[int(m.class[c])] = nx
			queue = append(queue, nx)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		nodes[s].out = append(nodes[s].out, nodes[nodes[s].fail].out...)
		for _, c := range bytesOf {
			col := int(m.class[c])
			if nx, ok := nodes[s].edges[c]; ok {
				nodes[nx].fail = m.next[int(nodes[s].fail)*w+col]
				m.next[int(s)*w+col] = nx
				queue = append(queue, nx)
			} else {
				m.next[int(s)*w+col] = m.next[int(nodes[s].fail)*w+col]
			}
		}
	}
	m.out = make([][]int32, len(nodes))
	for i, n := range nodes {
		m.out[i] = n.out
	}
	m.jump = make([]int32, len(m.next))
	for i, s := range m.next {
		m.jump[i] = s * int32(w)
		if len(m.out[s]) > 0 {
			m.jump[i] = ^m.jump[i]
		}
	}
	return m
}

// step is the state after reading c in state s (the root is state 0).
func (m *acMachine) step(s int32, c byte) int32 {
	return m.next[int(s)*m.width+int(m.class[c])]
}

// lowerByte lower-cases an ASCII letter.
func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
