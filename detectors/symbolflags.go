package detectors

import (
	"sync"

	"github.com/trustlint/trustlint/grammars"
)

// langFlags is a table of grammars.Collect flags per language, each built
// on first use (SymbolFlags reads every symbol of the grammar) and
// immutable after.
type langFlags map[grammars.Lang]func() []uint8

// newLangFlags returns the langFlags whose table for a language is
// grammars.SymbolFlags(l.Sitter(), report(l), prune(l)); prune may be nil.
func newLangFlags(report, prune func(grammars.Lang) map[string]bool) langFlags {
	m := make(langFlags)
	for _, l := range grammars.All() {
		m[l] = sync.OnceValue(func() []uint8 {
			var p map[string]bool
			if prune != nil {
				p = prune(l)
			}
			return grammars.SymbolFlags(l.Sitter(), report(l), p)
		})
	}
	return m
}
