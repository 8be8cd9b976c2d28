package detectors

import (
	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// The SQL visitor sees every call of a file, while only the calls of a
// few method names can run SQL text. sqlCallMayBeSink lets it leave the
// others before reading them through tree-sitter (each field, type or
// text read is a call into C): it answers from the source bytes before
// the argument list (calleeToken, shared with the other rules' visits of
// the same call) and only says "it cannot be" when the sink readers
// (jsSQLSinks, goSQLSinks, pySQLSinks) would return no sink
// (sql_prefilter_test.go holds it to them on the fixtures and, with
// TRUSTLINT_GATE_CORPUS, on a whole tree).

// sqlCallMayBeSink reports whether call n may be a query sink: false only
// when the callee's name is known from the source and no sink reader of
// the unit's family accepts it.
func sqlCallMayBeSink(u *Unit, n *sitter.Node) bool {
	return callMayBe(u, n, sqlSinkMethod)
}

// sqlSinkMethod reports whether a call of method (the identifier that
// ends its callee) may be a query sink of family fam. Every name the sink
// readers accept, for a member access as for a plain function call, is a
// key of the family's method table.
func sqlSinkMethod(fam grammars.Family, method string) bool {
	var ok bool
	switch fam {
	case grammars.FamilyJS:
		_, ok = jsSQLMethods[method]
	case grammars.FamilyGo:
		_, ok = goSQLMethods[method]
	case grammars.FamilyPython:
		_, ok = pySQLMethods[method]
	}
	return ok
}
