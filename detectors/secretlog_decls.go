package detectors

import (
	"bytes"
	"fmt"
	"sort"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// logDecl is one variable declaration TL105 may resolve an identifier to.
type logDecl struct {
	// At is where the declared name starts; Scope bounds the statement
	// list the declaration sits in, found on first use (scoped).
	At         uint32
	ScopeStart uint32
	ScopeEnd   uint32
	scoped     bool
	Name       *sitter.Node
	Value      *sitter.Node
}

// logState is one Analyze run's memory for TL105: the unit's variable
// declarations by name, built once, on the first identifier to resolve.
// It lives in the checker's closure, which Analyze builds afresh; the
// mutex keeps it sound should a checker ever be shared.
type logState struct {
	mu      sync.Mutex
	unit    *Unit
	decls   map[string][]logDecl
	sources int8 // 0 unknown, 1 the unit reads secrets, -1 it does not
	auth    int8 // 0 unknown, 1 the unit speaks of authentication, -1 it does not
}

// authMarks are words of authentication code. A file with none of them
// (a lexer, an I/O module) means something else by "token" and "cookie".
var authMarks = []string{
	"auth", "Auth", "AUTH", "bearer", "Bearer", "jwt", "JWT", "login", "Login", "signin", "signIn",
	"password", "Password", "PASSWORD", "passwd", "secret", "Secret", "SECRET", "apikey", "apiKey",
	"api_key", "API_KEY", "credential", "Credential", "session", "Session", "env", "Env", "ENV",
}

// speaksAuth reports, once per unit, whether its text has any authMarks.
func (st *logState) speaksAuth(u *Unit) bool { return st.holdsAny(u, &st.auth, authMarks) }

// logSourceMarks are texts without which a unit cannot initialise a
// variable from a secret source: environment reads, request headers and
// form fields, credential words, provider key shapes.
var logSourceMarks = []string{
	"env", "environ", "Getenv", "getenv", "uthorization", "ookie", "assw", "ASSW",
	"oken", "OKEN", "ecret", "ECRET", "FormValue", "getItem", "_key", "_KEY", "Key",
	"sk_", "sk-", "ghp_", "xox", "AKIA", "AIza", "glpat-", "npm_",
}

// readsSecrets reports whether the unit may initialise a variable from a
// secret source, so that resolving plain names is worth an index.
func (st *logState) readsSecrets(u *Unit) bool { return st.holdsAny(u, &st.sources, logSourceMarks) }

// holdsAny reports, once per unit, whether its text holds one of marks;
// *cache (a field of st: 0 unknown, 1 yes, -1 no) remembers the answer.
func (st *logState) holdsAny(u *Unit, cache *int8, marks []string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.forLocked(u)
	if *cache == 0 {
		*cache = -1
		for _, m := range marks {
			if bytes.Contains(u.Src, []byte(m)) {
				*cache = 1
				break
			}
		}
	}
	return *cache == 1
}

// forLocked resets what st remembers when it is asked about another unit.
// st.mu must be held.
func (st *logState) forLocked(u *Unit) {
	if st.unit != u {
		st.unit, st.decls, st.sources, st.auth = u, nil, 0, 0
	}
}

// resolve returns the value of the nearest preceding declaration of the
// identifier ident whose statement list encloses it, or nil.
func (s *logState) resolve(u *Unit, ident *sitter.Node) *sitter.Node {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forLocked(u)
	if s.decls == nil {
		s.decls = buildLogDecls(u)
	}
	at := ident.StartByte()
	ds := s.decls[u.Text(ident)]
	// ds is sorted by At: take the last declaration before the use whose
	// scope holds it.
	i := sort.Search(len(ds), func(i int) bool { return ds[i].At >= at })
	lists := logDeclLists[u.Lang.Family()]
	for i--; i >= 0; i-- {
		d := &ds[i]
		if !d.scoped {
			d.scoped = true
			d.ScopeStart, d.ScopeEnd = 0, uint32(len(u.Src))
			for cur, steps := parentOf(u, d.Name), 0; cur != nil && steps < maxClimb; cur, steps = parentOf(u, cur), steps+1 {
				if lists[cur.Type()] {
					d.ScopeStart, d.ScopeEnd = cur.StartByte(), cur.EndByte()
					break
				}
			}
		}
		if d.ScopeStart <= at && at < d.ScopeEnd {
			return d.Value
		}
	}
	return nil
}

// logDeclQueries are the declaration patterns per family: @name is the
// declared identifier, @value its initialiser.
var logDeclQueries = map[grammars.Family]string{
	grammars.FamilyJS: `(variable_declarator name: (identifier) @name value: (_) @value)`,
	grammars.FamilyGo: `(short_var_declaration left: (expression_list . (identifier) @name .) right: (expression_list . (_) @value .))
(assignment_statement left: (expression_list . (identifier) @name .) right: (expression_list . (_) @value .))
(var_spec name: (identifier) @name value: (expression_list . (_) @value .))
(const_spec name: (identifier) @name value: (expression_list . (_) @value .))`,
	grammars.FamilyPython: `(assignment left: (identifier) @name right: (_) @value)`,
}

// logDeclLists are the statement-list node types that scope a
// declaration, per family.
var logDeclLists = map[grammars.Family]map[string]bool{
	grammars.FamilyJS:     jsStatementListSet,
	grammars.FamilyGo:     goStatementListSet,
	grammars.FamilyPython: pyStatementListSet,
}

// compiledLogDeclQueries compiles each grammar's declaration query once.
var compiledLogDeclQueries = func() map[grammars.Lang]func() (*sitter.Query, error) {
	m := make(map[grammars.Lang]func() (*sitter.Query, error))
	for _, l := range grammars.All() {
		m[l] = sync.OnceValues(func() (*sitter.Query, error) {
			q, err := sitter.NewQuery([]byte(logDeclQueries[l.Family()]), l.Sitter())
			if err != nil {
				return nil, fmt.Errorf("detectors: compiling the %s declaration query: %w", l, err)
			}
			return q, nil
		})
	}
	return m
}()

// maxLogDecls bounds the declarations indexed in one unit.
const maxLogDecls = 50000

// buildLogDecls indexes the unit's single-name variable declarations by
// name, sorted by position.
func buildLogDecls(u *Unit) map[string][]logDecl {
	out := make(map[string][]logDecl)
	get, ok := compiledLogDeclQueries[u.Lang]
	if !ok {
		return out
	}
	q, err := get()
	if err != nil || q == nil {
		return out
	}
	nameIdx, valueIdx := ^uint32(0), ^uint32(0)
	for i := uint32(0); i < q.CaptureCount(); i++ {
		switch q.CaptureNameForId(i) {
		case "name":
			nameIdx = i
		case "value":
			valueIdx = i
		}
	}
	qc := sitter.NewQueryCursor()
	defer qc.Close()
	count := 0
	index := func(ranges [][2]int) {
		var pts pointScanner
		for _, r := range ranges {
			if r[0] != 0 || r[1] != len(u.Src) {
				// ranges ascend: their points come from one scan of the source.
				qc.SetPointRange(pts.at(u.Src, r[0]), pts.at(u.Src, r[1]))
			}
			qc.Exec(q, u.Tree.RootNode())
			for ; count < maxLogDecls; count++ {
				m, ok := qc.NextMatch()
				if !ok {
					break
				}
				var name, value *sitter.Node
				for _, c := range m.Captures {
					switch c.Index {
					case nameIdx:
						name = c.Node
					case valueIdx:
						value = c.Node
					}
				}
				if name == nil || value == nil || (r[1]-r[0] < len(u.Src) && (int(name.StartByte()) < r[0] || int(name.StartByte()) >= r[1])) {
					continue
				}
				d := logDecl{At: name.StartByte(), Name: name, Value: value}
				key := u.Text(name)
				out[key] = append(out[key], d)
			}
		}
	}
	index(logDeclRanges(u))
	for _, ds := range out {
		sort.Slice(ds, func(i, j int) bool { return ds[i].At < ds[j].At })
	}
	return out
}

// scopedTopLevel are the top-level statements whose declarations all sit
// in a statement list of their own (a function or class body), so they
// cannot be in scope outside the statement.
var scopedTopLevel = map[grammars.Family]map[string]bool{
	grammars.FamilyJS:     {"function_declaration": true, "generator_function_declaration": true, "class_declaration": true, "abstract_class_declaration": true},
	grammars.FamilyGo:     {"function_declaration": true, "method_declaration": true},
	grammars.FamilyPython: {"function_definition": true, "class_definition": true, "decorated_definition": true},
}

// logDeclRanges are the byte ranges whose declarations TL105 indexes: the
// whole source, or in a region analysis only those declarations whose
// scope can hold a name used in the region: the top-level statements
// overlapping it and the other top-level statements except function and
// class definitions. The same declarations resolve the same names.
func logDeclRanges(u *Unit) [][2]int {
	all := [][2]int{{0, len(u.Src)}}
	if u.region == nil {
		return all
	}
	r := u.region
	scoped := scopedTopLevel[u.Lang.Family()]
	var out [][2]int
	extend := false // the previous statement was indexed: one range for both
	for _, n := range u.topLevel() {
		s, e := n.start, n.end
		typ := n.typ
		if typ == "export_statement" && (e <= r.Start || s >= r.End) {
			// export function f() {...}: scoped like the function.
			if d := n.ChildByFieldName("declaration"); d != nil {
				typ = d.Type()
			}
		}
		keep := (s < r.End && e > r.Start) || !scoped[typ]
		switch {
		case keep && extend:
			out[len(out)-1][1] = max(out[len(out)-1][1], e)
		case keep:
			out = append(out, [2]int{s, e})
		}
		extend = keep
	}
	return out
}
