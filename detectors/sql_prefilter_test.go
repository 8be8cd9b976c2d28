package detectors

import (
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// sqlSinksOf is the sink reading visitSQLCall does after its prefilter.
func sqlSinksOf(u *Unit, n *sitter.Node) []sqlSink {
	switch u.Lang.Family() {
	case grammars.FamilyJS:
		return jsSQLSinks(u, n)
	case grammars.FamilyGo:
		return goSQLSinks(u, n)
	case grammars.FamilyPython:
		return pySQLSinks(u, n)
	}
	return nil
}

// TestSQLPrefilterAgreesWithSinks holds sqlCallMayBeSink to the sink
// readers on every call of the fixtures (and of $TRUSTLINT_GATE_CORPUS
// when set): it may only refuse a call none of them reads as a sink.
func TestSQLPrefilterAgreesWithSinks(t *testing.T) {
	var calls, refused, sinks int
	eachCorpusUnit(t, 300, func(u *Unit) {
		_ = walk(u.Tree.RootNode(), func(n *sitter.Node) error {
			switch grammars.Type(n) {
			case "call_expression", "call":
			default:
				return nil
			}
			calls++
			got := sqlSinksOf(u, n)
			sinks += len(got)
			if sqlCallMayBeSink(u, n) {
				return nil
			}
			refused++
			if len(got) > 0 {
				t.Errorf("%s:%d: sqlCallMayBeSink refuses a %s sink", u.Path, u.Line(int(grammars.Start(n)))+1, apiName(u, got[0].fn))
			}
			return nil
		})
	})
	t.Logf("calls %d (%d refused from the source), sinks %d", calls, refused, sinks)
}
