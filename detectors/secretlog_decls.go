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
// declarations by name, indexed once on the first identifier to resolve
// (or, in a region analysis, looked up name by name: see declsNamed).
// It lives in the checker's closure, which Analyze builds afresh; the
// mutex keeps it sound should a checker ever be shared.
type logState struct {
	mu      sync.Mutex
	unit    *Unit
	decls   map[string][]logDecl
	indexed bool // decls holds every declaration of the unit, not only the names asked
	sources int8 // 0 unknown, 1 the unit reads secrets, -1 it does not
	auth    int8 // 0 unknown, 1 the unit speaks of authentication, -1 it does not
	looked  int  // occurrences looked at by findLogDecls (see declsNamed)
	few     int8 // 0 unknown, 1 the unit cannot hold maxLogDecls declarations, -1 it may
	looks   int8 // 0 unknown, 1 TL105 looks at the unit (lang), -1 it does not
	lang    logLang
}

// unitLang returns the unit's TL105 functions, once per unit; false when
// TL105 does not look at the unit: a family without them, or a test file
// (tests log fixture values on purpose; their secrets are fake).
func (st *logState) unitLang(u *Unit) (logLang, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.forLocked(u)
	if st.looks == 0 {
		st.looks = -1
		if l, ok := logLangFor(u.Lang.Family(), st); ok && !u.IsTestFile() {
			st.looks, st.lang = 1, l
		}
	}
	return st.lang, st.looks == 1
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
		st.unit, st.decls, st.indexed, st.sources, st.auth, st.looked = u, nil, false, 0, 0, 0
		st.looks, st.lang, st.few = 0, logLang{}, 0
	}
}

// resolve returns the value of the nearest preceding declaration of the
// identifier ident whose statement list encloses it, or nil.
func (s *logState) resolve(u *Unit, ident *sitter.Node) *sitter.Node {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forLocked(u)
	at := grammars.Start(ident)
	ds := s.declsNamed(u, u.Text(ident))
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
				if lists[grammars.Type(cur)] {
					d.ScopeStart, d.ScopeEnd = grammars.Start(cur), grammars.End(cur)
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

// logDeclKinds are, per family, the node types that declare the
// variables logDeclQueries match; logDeclPairs reads their name and value.
var logDeclKinds = map[grammars.Family]map[string]bool{
	grammars.FamilyJS:     {"variable_declarator": true},
	grammars.FamilyGo:     {"short_var_declaration": true, "assignment_statement": true, "var_spec": true, "const_spec": true},
	grammars.FamilyPython: {"assignment": true},
}

// logDeclFlags are, per language, the grammars.Collect flags that report
// the logDeclKinds.
var logDeclFlags = newLangFlags(func(l grammars.Lang) map[string]bool { return logDeclKinds[l.Family()] }, nil)

// buildLogDecls indexes the unit's single-name variable declarations by
// name, sorted by position: the declarations logDeclQueries match
// (queryLogDecls), found by one walk in C that reports the declaring
// nodes (grammars.Collect) and a read of each one's name and value, which
// costs a fraction of the query's matching over every node. A unit with
// maxLogDecls declarations or more is indexed by the query, whose bound
// keeps the first ones it matches.
func buildLogDecls(u *Unit) map[string][]logDecl {
	flags, ok := logDeclFlags[u.Lang]
	if !ok {
		return make(map[string][]logDecl)
	}
	roots := []*sitter.Node{u.Tree.RootNode()}
	if u.region != nil {
		roots = logDeclRoots(u)
	}
	out := make(map[string][]logDecl)
	count := 0
	emit := func(name, value *sitter.Node) {
		count++
		key := u.Text(name)
		out[key] = append(out[key], logDecl{At: grammars.Start(name), Name: name, Value: value})
	}
	for _, root := range roots {
		for _, d := range grammars.Collect(root, flags(), int(^uint32(0)>>1)) {
			logDeclPairs(u, d, emit)
			if count >= maxLogDecls {
				return queryLogDecls(u)
			}
		}
	}
	for _, ds := range out {
		if !sort.SliceIsSorted(ds, func(i, j int) bool { return ds[i].At < ds[j].At }) {
			sort.Slice(ds, func(i, j int) bool { return ds[i].At < ds[j].At })
		}
	}
	return out
}

// logDeclPairs calls emit with the name and value of each declaration the
// node d (one of logDeclKinds) makes that logDeclQueries would match: a
// single identifier given a single named value.
func logDeclPairs(u *Unit, d *sitter.Node, emit func(name, value *sitter.Node)) {
	switch u.Lang.Family() {
	case grammars.FamilyJS:
		// (variable_declarator name: (identifier) @name value: (_) @value)
		name := grammars.Field(d, "name")
		if name == nil || grammars.Type(name) != "identifier" {
			return
		}
		if value := grammars.Field(d, "value"); value != nil && grammars.IsNamed(value) {
			emit(name, value)
		}
	case grammars.FamilyPython:
		// (assignment left: (identifier) @name right: (_) @value)
		name := grammars.Field(d, "left")
		if name == nil || grammars.Type(name) != "identifier" {
			return
		}
		if value := grammars.Field(d, "right"); value != nil && grammars.IsNamed(value) {
			emit(name, value)
		}
	case grammars.FamilyGo:
		switch grammars.Type(d) {
		case "short_var_declaration", "assignment_statement":
			// left: (expression_list . (identifier) @name .)
			// right: (expression_list . (_) @value .)
			name := soleNamedChild(grammars.Field(d, "left"), "expression_list")
			if name == nil || grammars.Type(name) != "identifier" {
				return
			}
			if value := soleNamedChild(grammars.Field(d, "right"), "expression_list"); value != nil {
				emit(name, value)
			}
		case "var_spec", "const_spec":
			// name: (identifier) @name value: (expression_list . (_) @value .),
			// once per name: var a, b = f() declares both.
			value := soleNamedChild(grammars.Field(d, "value"), "expression_list")
			if value == nil {
				return
			}
			var names []*sitter.Node
			for i := 0; i < int(grammars.ChildCount(d)); i++ {
				if d.FieldNameForChild(i) != "name" {
					continue
				}
				if c := grammars.ChildAt(d, i); c != nil && grammars.Type(c) == "identifier" {
					names = append(names, c)
				}
			}
			if len(names) > 1 && grammars.Type(d) == "const_spec" {
				// The query matches only some names of const a, b = …
				// (its field names cover the commas too): ask it.
				queryLogDeclsUnder(u, d, emit)
				return
			}
			for _, name := range names {
				emit(name, value)
			}
		}
	}
}

// queryLogDeclsUnder calls emit with the name and value of each match of
// the declaration query in the subtree of n.
func queryLogDeclsUnder(u *Unit, n *sitter.Node, emit func(name, value *sitter.Node)) {
	get, ok := compiledLogDeclQueries[u.Lang]
	if !ok {
		return
	}
	q, err := get()
	if err != nil || q == nil {
		return
	}
	nameIdx, valueIdx := logDeclCaptures(q)
	qc := sitter.NewQueryCursor()
	defer qc.Close()
	qc.Exec(q, n)
	for {
		m, ok := qc.NextMatch()
		if !ok {
			return
		}
		if name, value := logDeclMatch(m, nameIdx, valueIdx); name != nil && value != nil {
			emit(name, value)
		}
	}
}

// soleNamedChild returns the only named child of list when list has the
// type typ and exactly one named child (a query's `(typ . (_) .)`), or nil.
func soleNamedChild(list *sitter.Node, typ string) *sitter.Node {
	if list == nil || grammars.Type(list) != typ || grammars.NamedChildCount(list) != 1 {
		return nil
	}
	return grammars.NamedChildAt(list, 0)
}

// queryLogDecls is buildLogDecls by the declaration query: the reference
// buildLogDecls is held to, and its index of units with maxLogDecls
// declarations or more.
func queryLogDecls(u *Unit) map[string][]logDecl {
	out := make(map[string][]logDecl)
	get, ok := compiledLogDeclQueries[u.Lang]
	if !ok {
		return out
	}
	q, err := get()
	if err != nil || q == nil {
		return out
	}
	nameIdx, valueIdx := logDeclCaptures(q)
	qc := sitter.NewQueryCursor()
	defer qc.Close()
	count := 0
	// A whole-file analysis queries the tree once; a region analysis
	// queries each indexed top-level statement's subtree, which costs
	// what the statement holds (a query cursor limited to a byte range
	// would walk the root's children again for every range).
	roots := []*sitter.Node{u.Tree.RootNode()}
	if u.region != nil {
		roots = logDeclRoots(u)
	}
	for _, root := range roots {
		qc.Exec(q, root)
		for ; count < maxLogDecls; count++ {
			m, ok := qc.NextMatch()
			if !ok {
				break
			}
			name, value := logDeclMatch(m, nameIdx, valueIdx)
			if name == nil || value == nil {
				continue
			}
			d := logDecl{At: grammars.Start(name), Name: name, Value: value}
			key := u.Text(name)
			out[key] = append(out[key], d)
		}
	}
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

// declFreeTopLevel are top-level statement types that cannot hold a
// variable declaration in any grammar: comments, imports, type
// declarations.
var declFreeTopLevel = map[string]bool{
	"comment": true, "import_statement": true, "import_declaration": true, "package_clause": true,
	"import_from_statement": true, "future_import_statement": true,
	"type_declaration": true, "type_alias_declaration": true, "interface_declaration": true,
}

// logDeclRoots are the top-level statements whose declarations a region
// analysis indexes: those overlapping the region, and those that are not
// scoped (see scopedTopLevel): a declaration inside a function away from
// the region cannot be in scope at a log call in the region.
func logDeclRoots(u *Unit) []*sitter.Node {
	var out []*sitter.Node
	for _, n := range u.topLevel() {
		if logDeclTopIndexed(u, n.Node, n.typ, n.start, n.end) {
			out = append(out, n.Node)
		}
	}
	return out
}

// logDeclTopIndexed reports whether a region analysis indexes the
// declarations under the top-level statement n (of type typ, spanning
// [s, e)).
func logDeclTopIndexed(u *Unit, n *sitter.Node, typ string, s, e int) bool {
	r := u.region
	if r == nil || (s < r.End && e > r.Start) {
		return true
	}
	if declFreeTopLevel[typ] {
		return false
	}
	if typ == "expression_statement" && u.Lang.Family() == grammars.FamilyJS && !n.HasError() {
		// A JavaScript declaration inside an expression sits in a
		// function or class body's statement block, which scopes it.
		return false
	}
	if typ == "export_statement" {
		// export function f() {...}: scoped like the function.
		if d := grammars.Field(n, "declaration"); d != nil {
			typ = grammars.Type(d)
		}
	}
	return !scopedTopLevel[u.Lang.Family()][typ]
}

// maxNamedLookups bounds the occurrences of a name that declsNamed checks
// one by one; a name used more often gets the whole unit indexed instead.
const maxNamedLookups = 48

// declsNamed returns the declarations of name TL105 may resolve to, sorted
// by position. A region analysis, run after each keystroke, resolves the
// few identifiers its log calls name: it finds the name's occurrences in
// the text and asks the declaration query only about each of them (a
// query cursor limited to the occurrence), so its cost follows the name,
// not the file; a name with more than maxNamedLookups occurrences falls
// back to the index. A whole-file analysis looks at the names'
// occurrences too (findLogDecls: the identifier there and its parent),
// until the names asked have occurred findBudget times, then indexes
// every declaration of the unit at once (buildLogDecls: a walk of the
// whole tree); it looks name by name only in units that cannot reach the
// index's bound (fewLogDecls). All give the same declarations.
// s.mu must be held.
func (s *logState) declsNamed(u *Unit, name string) []logDecl {
	if s.indexed {
		return s.decls[name]
	}
	if ds, ok := s.decls[name]; ok {
		return ds
	}
	if u.region != nil {
		if ds, ok := lookupLogDecls(u, name); ok {
			s.keepDecls(name, ds)
			return ds
		}
	} else if s.looked < findBudget(u) && s.fewDecls(u) {
		if at, ok := nameOccurrences(u.Src, name, findBudget(u)-s.looked); ok {
			s.looked += len(at)
			ds := findLogDecls(u, name, at)
			s.keepDecls(name, ds)
			return ds
		}
	}
	s.decls, s.indexed = buildLogDecls(u), true
	return s.decls[name]
}

// fewDecls reports, once per unit, whether it has too few identifiers to
// reach maxLogDecls declarations (see fewLogDecls). s.mu must be held.
func (s *logState) fewDecls(u *Unit) bool {
	if s.few == 0 {
		s.few = -1
		if fewLogDecls(u.Src) {
			s.few = 1
		}
	}
	return s.few == 1
}

// keepDecls remembers the declarations of name found one by one.
// s.mu must be held.
func (s *logState) keepDecls(name string, ds []logDecl) {
	if s.decls == nil {
		s.decls = make(map[string][]logDecl)
	}
	s.decls[name] = ds
}

// lookupLogDecls returns the declarations of name buildLogDecls would
// index, found from the name's occurrences in the source (findLogDecls:
// the identifier there and its parent); false when the name occurs more
// than maxNamedLookups times. It asks no query: compiling TypeScript's
// declaration query took 13 ms, which the first region analysis that
// resolved a logged name in a TypeScript file paid.
func lookupLogDecls(u *Unit, name string) ([]logDecl, bool) {
	at, ok := nameOccurrences(u.Src, name, maxNamedLookups)
	if !ok {
		return nil, false
	}
	ds := findLogDecls(u, name, at)
	out := ds[:0]
	for _, d := range ds {
		if logDeclIndexed(u, d.Name) {
			out = append(out, d)
		}
	}
	return out, true
}

// logDeclIndexed reports whether buildLogDecls indexes a declaration
// whose name is n: always in a whole-file analysis; in a region analysis,
// when its top-level statement is one of logDeclRoots.
func logDeclIndexed(u *Unit, n *sitter.Node) bool {
	if u.region == nil {
		return true
	}
	top := n
	for {
		p := parentOf(u, top)
		if p == nil {
			return true // n is the root
		}
		if parentOf(u, p) == nil {
			break
		}
		top = p
	}
	return logDeclTopIndexed(u, top, grammars.Type(top), int(grammars.Start(top)), int(grammars.End(top)))
}

// logDeclMatch returns the @name and @value nodes of a declaration query's
// match (nil when missing).
func logDeclMatch(m *sitter.QueryMatch, nameIdx, valueIdx uint32) (name, value *sitter.Node) {
	for _, c := range m.Captures {
		switch c.Index {
		case nameIdx:
			name = c.Node
		case valueIdx:
			value = c.Node
		}
	}
	return name, value
}

// logDeclCaptures returns the indexes of the @name and @value captures of
// a declaration query.
func logDeclCaptures(q *sitter.Query) (nameIdx, valueIdx uint32) {
	nameIdx, valueIdx = ^uint32(0), ^uint32(0)
	for i := uint32(0); i < q.CaptureCount(); i++ {
		switch q.CaptureNameForId(i) {
		case "name":
			nameIdx = i
		case "value":
			valueIdx = i
		}
	}
	return nameIdx, valueIdx
}
