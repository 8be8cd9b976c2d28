package grammars

import (
	"context"
	"errors"
	"fmt"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
)

// Pool hands out tree-sitter parsers per language. A *sitter.Parser must
// never be used by two goroutines at once; Get returns one for the caller's
// exclusive use until Put gives it back. The zero Pool is ready to use.
type Pool struct {
	mu      sync.Mutex
	parsers map[Lang][]*sitter.Parser
}

// Get returns a parser set to l.
func (p *Pool) Get(l Lang) (*sitter.Parser, error) {
	lang := l.Sitter()
	if lang == nil {
		return nil, fmt.Errorf("grammars: unknown language %q", l)
	}
	p.mu.Lock()
	if list := p.parsers[l]; len(list) > 0 {
		parser := list[len(list)-1]
		p.parsers[l] = list[:len(list)-1]
		p.mu.Unlock()
		return parser, nil
	}
	p.mu.Unlock()
	parser := sitter.NewParser()
	parser.SetLanguage(lang)
	return parser, nil
}

// Put returns a parser obtained from Get for language l.
func (p *Pool) Put(l Lang, parser *sitter.Parser) {
	if parser == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.parsers == nil {
		p.parsers = make(map[Lang][]*sitter.Parser)
	}
	if len(p.parsers[l]) >= 8 {
		parser.Close()
		return
	}
	p.parsers[l] = append(p.parsers[l], parser)
}

// Close frees every pooled parser's C memory.
func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for l, list := range p.parsers {
		for _, parser := range list {
			parser.Close()
		}
		delete(p.parsers, l)
	}
}

// Parse parses src in language l, reusing old (already edited with
// Tree.Edit) when it is not nil. The caller owns the returned tree and must
// Close it.
//
// go-tree-sitter watches a cancellable context from a goroutine that can
// set the parser's cancellation flag after the parse has finished; the
// flag is then never cleared and every later parse with that parser fails
// at once with ErrOperationLimit. A parser that fails while ctx is still
// live is therefore closed, and the parse retried once with a fresh one.
func (p *Pool) Parse(ctx context.Context, l Lang, old *sitter.Tree, src []byte) (*sitter.Tree, error) {
	return p.parse(ctx, l, "", func(parser *sitter.Parser) (*sitter.Tree, error) {
		return parser.ParseCtx(ctx, old, src)
	})
}

// parse runs one parse with a parser of the pool (see Parse for why a
// parser that fails on a live ctx is closed and the parse retried with a
// fresh one); what names the kind of parse in errors.
func (p *Pool) parse(ctx context.Context, l Lang, what string, run func(*sitter.Parser) (*sitter.Tree, error)) (*sitter.Tree, error) {
	parser, err := p.Get(l)
	if err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		tree, err := run(parser)
		if err == nil && tree != nil {
			p.Put(l, parser)
			return tree, nil
		}
		if ctx.Err() != nil {
			// Cancelled: go-tree-sitter cleared the flag; the parser is
			// reusable.
			parser.Reset()
			p.Put(l, parser)
			return nil, fmt.Errorf("grammars: parse %s%s: %w", l, what, ctx.Err())
		}
		parser.Close()
		if attempt >= 2 {
			if err == nil {
				err = errors.New("no tree")
			}
			return nil, fmt.Errorf("grammars: parse %s%s: %w", l, what, err)
		}
		// The pool may hold other poisoned parsers: retry with a new one.
		parser = sitter.NewParser()
		parser.SetLanguage(l.Sitter())
	}
}

// ParseRanges parses only the given ranges of src (tree-sitter's included
// ranges: sorted, disjoint, each with its points), as if they were one
// text; the tree's nodes keep their offsets in src. It is how the server
// analyses a window of a large file without reparsing all of it. old, when
// not nil, is an earlier window's tree, edited (Tree.Edit) to match src:
// tree-sitter then reparses only what the edits and the differences
// between old's ranges and these touched. The parser goes back to the
// pool set to parse whole texts again; a poisoned parser (see Parse) is
// replaced as Parse does.
func (p *Pool) ParseRanges(ctx context.Context, l Lang, old *sitter.Tree, src []byte, ranges []sitter.Range) (*sitter.Tree, error) {
	if len(ranges) == 0 {
		return nil, fmt.Errorf("grammars: parse %s: no ranges", l)
	}
	return p.parse(ctx, l, " ranges", func(parser *sitter.Parser) (*sitter.Tree, error) {
		parser.SetIncludedRanges(ranges)
		defer parser.SetIncludedRanges(wholeText)
		return parser.ParseCtx(ctx, old, src)
	})
}

// wholeText is tree-sitter's default included range: all of the text.
var wholeText = []sitter.Range{{
	EndPoint: sitter.Point{Row: ^uint32(0), Column: ^uint32(0)},
	EndByte:  ^uint32(0),
}}
