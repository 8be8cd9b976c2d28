package detectors

import (
	"fmt"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// jsModuleOf returns the module a top-level name is bound to by require()
// or import, or "" when the file does not say.
func jsModuleOf(u *Unit, name string) string {
	return memo(u, jsModuleOfKey{name}, func() string { return jsModuleOfScan(u, name) })
}

type jsModuleOfKey struct{ name string }

// jsModuleOfScan reads the top-level statements for jsModuleOf.
func jsModuleOfScan(u *Unit, name string) string {
	for _, top := range u.topLevel() {
		c := top.Node
		switch top.typ {
		case "lexical_declaration", "variable_declaration":
			for j := 0; j < int(grammars.NamedChildCount(c)); j++ {
				d := grammars.NamedChildAt(c, j)
				if grammars.Type(d) != "variable_declarator" || u.Text(grammars.Field(d, "name")) != name {
					continue
				}
				if src := jsRequireSource(u, grammars.Field(d, "value")); src != nil {
					v, _ := stringValue(u, src)
					return v
				}
			}
		case "import_statement":
			clause := firstChildOfType(c, "import_clause")
			if clause == nil {
				continue
			}
			for j := 0; j < int(grammars.NamedChildCount(clause)); j++ {
				b := grammars.NamedChildAt(clause, j)
				id := b
				if grammars.Type(b) == "namespace_import" {
					id = firstChildOfType(b, "identifier")
				}
				if id != nil && grammars.Type(id) == "identifier" && u.Text(id) == name {
					v, _ := stringValue(u, grammars.Field(c, "source"))
					return v
				}
			}
		}
	}
	return ""
}

// isJSONWebToken reports whether a receiver is the jsonwebtoken module.
func isJSONWebToken(u *Unit, obj *sitter.Node) bool {
	if obj == nil || grammars.Type(obj) != "identifier" {
		return false
	}
	name := u.Text(obj)
	switch jsModuleOf(u, name) {
	case "jsonwebtoken":
		return true
	case "":
		return name == "jwt" || name == "jsonwebtoken"
	}
	return false
}

// expiryDuration renders the configured token lifetime.
func expiryMinutes(u *Unit) int { return u.Config.Options.jwtExpiryMinutes() }

// visitJWTExpiry reports JWTs signed with no expiry (TL205).
func visitJWTExpiry(p *Pass, n *sitter.Node) {
	u := p.Unit
	if !callMayBe(u, n, jwtExpiryMethod) {
		return
	}
	c, ok := readCall(u, n)
	if !ok {
		return
	}
	var fix []Edit
	var flagged, fixable bool
	switch u.Lang.Family() {
	case grammars.FamilyJS:
		flagged, fix, fixable = jwtExpiryJS(u, c)
	case grammars.FamilyGo:
		flagged, fix, fixable = jwtExpiryGo(u, c)
	case grammars.FamilyPython:
		flagged, fix, fixable = jwtExpiryPy(u, c)
	}
	if !flagged {
		return
	}
	f := Finding{
		Start: int(grammars.Start(n)), End: int(grammars.End(n)),
		Message: "This JWT never expires: a leaked token stays valid forever. Give it a short lifetime (and rotate with refresh tokens), or use an established auth service (Clerk, Auth0)",
	}
	if fixable {
		f.Fixes = append(f.Fixes, Fix{
			Title: fmt.Sprintf("Expire the token after %d minutes", expiryMinutes(u)),
			Edits: fix, Preferred: true, Safe: true,
		})
	}
	p.Report(f)
}

// jwtExpiryMethod reports whether jwtExpiryJS, jwtExpiryGo or jwtExpiryPy
// look at a call of this method at all.
func jwtExpiryMethod(fam grammars.Family, method string) bool {
	switch fam {
	case grammars.FamilyJS:
		return method == "sign"
	case grammars.FamilyGo:
		return method == "NewWithClaims"
	case grammars.FamilyPython:
		return method == "encode"
	}
	return false
}

// jwtExpiryJS checks jsonwebtoken's sign() and jose's SignJWT chain.
func jwtExpiryJS(u *Unit, c callSite) (bool, []Edit, bool) {
	if c.Method != "sign" {
		return false, nil, false
	}
	if chain := u.Text(c.Func); strings.Contains(chain, "SignJWT") {
		if strings.Contains(chain, "setExpirationTime") {
			return false, nil, false
		}
		at := int(grammars.End(c.Object))
		text := ".setExpirationTime(" + jsExpiryLiteral(u) + ")"
		if prop := grammars.Field(c.Func, "property"); prop != nil {
			dot := int(grammars.Start(prop)) - 1
			if dot >= 0 && startsLine(u, dot) {
				at = u.LineStart(dot) - len(u.Newline())
				if at < 0 || u.LineEnd(at) != at {
					at = int(grammars.End(c.Object))
				} else {
					text = u.Newline() + u.Indent(dot) + text
				}
			}
		}
		return true, []Edit{{Start: at, End: at, NewText: text}}, true
	}
	if len(c.Args) < 2 {
		return false, nil, false
	}
	flagged, fix, fixable := jwtSignExpiryJS(u, c)
	// Whether the receiver is jsonwebtoken is asked last: the first such
	// question of a unit reads all of its top-level statements, which an
	// editor's keystroke analysis pays for on every keystroke.
	if !flagged || !isJSONWebToken(u, c.Object) {
		return false, nil, false
	}
	return flagged, fix, fixable
}

// jsExpiryLiteral is the configured token lifetime as a JS string
// literal in the file's quotes: "15m".
func jsExpiryLiteral(u *Unit) string {
	q := authQuote(u)
	return q + fmt.Sprintf("%dm", expiryMinutes(u)) + q
}

// jwtSignExpiryJS is jwtExpiryJS for jsonwebtoken's sign(payload, key,
// options) with two arguments or more, whatever the receiver.
func jwtSignExpiryJS(u *Unit, c callSite) (bool, []Edit, bool) {
	payload := unwrapExpr(c.Args[0])
	var scope *sitter.Node // scopeOf(u, c.Node), looked up when needed
	objectPayload := true
	switch grammars.Type(payload) {
	case "object":
		if objectHasKey(u, payload, "exp") {
			return false, nil, false
		}
	case "identifier":
		// A payload handed in from elsewhere may carry exp: only a local
		// object literal is known not to.
		scope = scopeOf(u, c.Node)
		def, ok := findDef(u, scope, u.Text(payload))
		if !ok || grammars.Type(unwrapExpr(def.Value)) != "object" || objectHasKey(u, unwrapExpr(def.Value), "exp") {
			return false, nil, false
		}
		if mentionsKey(u, scope, u.Text(payload), "exp") {
			return false, nil, false
		}
	case "string", "template_string":
		objectPayload = false
	default:
		if strings.Contains(u.Text(payload), "exp") {
			return false, nil, false
		}
	}
	var opts *sitter.Node
	if len(c.Args) >= 3 && !isJSFunction(c.Args[2]) {
		opts = unwrapExpr(c.Args[2])
		if grammars.Type(opts) == "identifier" {
			if scope == nil {
				scope = scopeOf(u, c.Node)
			}
			def, ok := findDef(u, scope, u.Text(opts))
			if !ok || grammars.Type(unwrapExpr(def.Value)) != "object" {
				return false, nil, false
			}
			if objectHasKey(u, unwrapExpr(def.Value), "expiresIn") {
				return false, nil, false
			}
			return true, nil, false
		}
		if grammars.Type(opts) != "object" || objectHasKey(u, opts, "expiresIn") {
			return false, nil, false
		}
	}
	if !objectPayload {
		return true, nil, false
	}
	entry := "expiresIn: " + jsExpiryLiteral(u)
	if opts == nil {
		if len(c.Args) >= 3 {
			at := int(grammars.Start(c.Args[2]))
			return true, []Edit{{Start: at, End: at, NewText: "{ " + entry + " }, "}}, true
		}
		at := int(grammars.End(c.Args[1]))
		return true, []Edit{{Start: at, End: at, NewText: ", { " + entry + " }"}}, true
	}
	e, ok := appendEntry(u, opts, entry, "{ ", " }", false)
	return true, e, ok
}

// isJSFunction reports whether n is a function expression (a callback).
func isJSFunction(n *sitter.Node) bool {
	switch grammars.Type(unwrapExpr(n)) {
	case "arrow_function", "function_expression", "function":
		return true
	}
	return false
}

// objectHasKey reports whether a JS object, Python dict or Go literal
// value has key (or a spread, which may carry it).
func objectHasKey(u *Unit, obj *sitter.Node, key string) bool {
	for i := 0; i < int(grammars.NamedChildCount(obj)); i++ {
		e := grammars.NamedChildAt(obj, i)
		switch grammars.Type(e) {
		case "spread_element", "dictionary_splat":
			return true
		case "shorthand_property_identifier":
			if u.Text(e) == key {
				return true
			}
		case "pair":
			if k, ok := keyName(u, grammars.Field(e, "key")); ok && k == key {
				return true
			}
		case "keyed_element":
			if grammars.NamedChildCount(e) > 0 {
				k := grammars.NamedChildAt(e, 0)
				if grammars.Type(k) == "literal_element" && grammars.NamedChildCount(k) > 0 {
					k = grammars.NamedChildAt(k, 0)
				}
				name, ok := keyName(u, k)
				if ok && name == key {
					return true
				}
				if !ok {
					return true // a computed key may be it
				}
			}
		}
	}
	return false
}

// mentionsKey reports whether the scope sets key on the variable later:
// payload.exp = …, payload["exp"] = …, payload.update(…), claims.ExpiresAt.
func mentionsKey(u *Unit, scope *sitter.Node, variable, key string) bool {
	text := u.Text(scope)
	for _, form := range []string{variable + "." + key, variable + `["` + key + `"]`, variable + `['` + key + `']`, variable + ".update(", variable + ".setdefault("} {
		if strings.Contains(text, form) {
			return true
		}
	}
	return false
}

// appendEntry returns the edits adding entry as the last element of a
// brace-delimited container (object, dict, Go literal value), following
// its layout: a new line in a multi-line container, ", entry" on one line.
// emptyOpen/emptyClose wrap the entry in an empty container.
func appendEntry(u *Unit, container *sitter.Node, entry, emptyOpen, emptyClose string, trailingComma bool) ([]Edit, bool) {
	start, end := int(grammars.Start(container)), int(grammars.End(container))
	if end-start < 2 || u.Src[end-1] != '}' {
		return nil, false
	}
	var last *sitter.Node
	for i := 0; i < int(grammars.NamedChildCount(container)); i++ {
		if c := grammars.NamedChildAt(container, i); grammars.Type(c) != "comment" {
			last = c
		}
	}
	if last == nil {
		if strings.TrimSpace(string(u.Src[start+1:end-1])) != "" {
			return nil, false
		}
		return []Edit{{Start: start, End: end, NewText: emptyOpen + entry + emptyClose}}, true
	}
	lastEnd := int(grammars.End(last))
	between := string(u.Src[lastEnd : end-1])
	hasComma := strings.HasPrefix(strings.TrimSpace(between), ",")
	nl := u.Newline()
	if u.Line(end-1) > u.Line(lastEnd) {
		if !startsLine(u, int(grammars.Start(last))) {
			return nil, false
		}
		indent := u.Indent(int(grammars.Start(last)))
		lineEnd := u.LineEnd(lastEnd)
		if lineEnd > end-1 {
			return nil, false
		}
		suffix := ""
		if trailingComma || hasComma {
			suffix = ","
		}
		insert := nl + indent + entry + suffix
		if !hasComma {
			if lastEnd == lineEnd {
				// One edit: two insertions at one offset would depend on
				// their order.
				return []Edit{{Start: lastEnd, End: lastEnd, NewText: "," + insert}}, true
			}
			return []Edit{
				{Start: lastEnd, End: lastEnd, NewText: ","},
				{Start: lineEnd, End: lineEnd, NewText: insert},
			}, true
		}
		return []Edit{{Start: lineEnd, End: lineEnd, NewText: insert}}, true
	}
	if hasComma {
		at := lastEnd + strings.Index(between, ",") + 1
		return []Edit{{Start: at, End: at, NewText: " " + entry}}, true
	}
	return []Edit{{Start: lastEnd, End: lastEnd, NewText: ", " + entry}}, true
}

// jwtExpiryGo checks golang-jwt's NewWithClaims with MapClaims,
// RegisteredClaims/StandardClaims or a local claims struct embedding them.
func jwtExpiryGo(u *Unit, c callSite) (bool, []Edit, bool) {
	if c.Method != "NewWithClaims" || c.Object == nil || len(c.Args) != 2 {
		return false, nil, false
	}
	pkg := u.Text(c.Object)
	if strings.Contains(u.Text(c.Args[0]), "SigningMethodNone") {
		return false, nil, false // TL206's
	}
	claims := unwrapGoAddr(c.Args[1])
	scope := scopeOf(u, c.Node)
	if grammars.Type(claims) == "identifier" {
		name := u.Text(claims)
		if mentionsKey(u, scope, name, "exp") || mentionsKey(u, scope, name, "ExpiresAt") || mentionsKey(u, scope, name, "RegisteredClaims") {
			return false, nil, false
		}
		def, ok := findDef(u, scope, name)
		if !ok {
			return false, nil, false
		}
		claims = unwrapGoAddr(def.Value)
	}
	if grammars.Type(claims) != "composite_literal" {
		return false, nil, false
	}
	lit, edits, flagged := goClaimsExpiry(u, pkg, claims, 0)
	if !flagged {
		return false, nil, false
	}
	if lit == nil {
		return true, nil, false
	}
	edits = append(edits, goAddImports(u, []string{"time"})...)
	edits, ok := goFormatted(u, edits)
	return true, edits, ok
}

// unwrapGoAddr looks through parentheses and &.
func unwrapGoAddr(n *sitter.Node) *sitter.Node {
	n = unwrapExpr(n)
	if n != nil && grammars.Type(n) == "unary_expression" && grammars.Field(n, "operand") != nil {
		n = unwrapExpr(grammars.Field(n, "operand"))
	}
	return n
}

// goClaimsExpiry checks one claims composite literal. It returns whether
// it lacks an expiry and, when a fix can add one, the literal and edits.
func goClaimsExpiry(u *Unit, pkg string, lit *sitter.Node, depth int) (*sitter.Node, []Edit, bool) {
	typ := grammars.Field(lit, "type")
	body := grammars.Field(lit, "body")
	if typ == nil || body == nil || depth > 2 {
		return nil, nil, false
	}
	typeName := lastComponent(u.Text(typ))
	later := fmt.Sprintf("time.Now().Add(%d * time.Minute)", expiryMinutes(u))
	switch typeName {
	case "MapClaims":
		if objectHasKey(u, body, "exp") {
			return nil, nil, false
		}
		e, ok := appendEntry(u, body, `"exp": `+later+".Unix()", "{", "}", true)
		if !ok {
			return nil, nil, true
		}
		return lit, e, true
	case "RegisteredClaims", "StandardClaims":
		if objectHasKey(u, body, "ExpiresAt") {
			return nil, nil, false
		}
		value := pkg + ".NewNumericDate(" + later + ")"
		if typeName == "StandardClaims" {
			value = later + ".Unix()"
		}
		e, ok := appendEntry(u, body, "ExpiresAt: "+value, "{", "}", true)
		if !ok {
			return nil, nil, true
		}
		return lit, e, true
	}
	// A claims struct: look at its embedded registered claims.
	for i := 0; i < int(grammars.NamedChildCount(body)); i++ {
		e := grammars.NamedChildAt(body, i)
		if grammars.Type(e) != "keyed_element" || grammars.NamedChildCount(e) < 2 {
			continue
		}
		key := u.Text(grammars.NamedChildAt(e, 0))
		switch key {
		case "RegisteredClaims", "StandardClaims":
			v := grammars.NamedChildAt(e, 1)
			if grammars.Type(v) == "literal_element" && grammars.NamedChildCount(v) > 0 {
				v = grammars.NamedChildAt(v, 0)
			}
			v = unwrapGoAddr(v)
			if grammars.Type(v) != "composite_literal" {
				return nil, nil, false
			}
			return goClaimsExpiry(u, pkg, v, depth+1)
		case "ExpiresAt", "Exp", "Expiry", "ExpiresAtUnix":
			return nil, nil, false
		}
	}
	embedded := goEmbeddedClaims(u, typ)
	if embedded == "" {
		return nil, nil, false
	}
	later = fmt.Sprintf("time.Now().Add(%d * time.Minute)", expiryMinutes(u))
	value := pkg + ".NewNumericDate(" + later + ")"
	if embedded == "StandardClaims" {
		value = later + ".Unix()"
	}
	entry := embedded + ": " + pkg + "." + embedded + "{ExpiresAt: " + value + "}"
	e, ok := appendEntry(u, body, entry, "{", "}", true)
	if !ok {
		return nil, nil, true
	}
	return lit, e, true
}

// goEmbeddedClaims returns "RegisteredClaims" or "StandardClaims" when the
// struct type named by typ is declared in the file and embeds it.
func goEmbeddedClaims(u *Unit, typ *sitter.Node) string {
	name := u.Text(typ)
	if strings.Contains(name, ".") {
		return ""
	}
	found := ""
	_ = walk(u.Tree.RootNode(), func(n *sitter.Node) error {
		if found != "" || grammars.Type(n) != "type_spec" || u.Text(grammars.Field(n, "name")) != name {
			return nil
		}
		st := grammars.Field(n, "type")
		if st == nil || grammars.Type(st) != "struct_type" {
			return nil
		}
		_ = walk(st, func(f *sitter.Node) error {
			if grammars.Type(f) != "field_declaration" || grammars.Field(f, "name") != nil {
				return nil
			}
			t := lastComponent(strings.TrimPrefix(u.Text(grammars.Field(f, "type")), "*"))
			if t == "RegisteredClaims" || t == "StandardClaims" {
				found = t
			}
			return nil
		})
		return nil
	})
	return found
}

// jwtExpiryPy checks PyJWT's (and python-jose's) jwt.encode.
func jwtExpiryPy(u *Unit, c callSite) (bool, []Edit, bool) {
	if c.Method != "encode" || lastComponent(c.ObjectName(u)) != "jwt" {
		return false, nil, false
	}
	payload := unwrapExpr(c.ArgOrKw(0, "payload"))
	if payload == nil {
		return false, nil, false
	}
	scope := scopeOf(u, c.Node)
	if grammars.Type(payload) == "identifier" {
		name := u.Text(payload)
		if mentionsKey(u, scope, name, "exp") {
			return false, nil, false
		}
		def, ok := findDef(u, scope, name)
		if !ok {
			return false, nil, false
		}
		payload = unwrapExpr(def.Value)
	}
	if grammars.Type(payload) != "dictionary" || objectHasKey(u, payload, "exp") {
		if grammars.Type(payload) == "call" && strings.HasPrefix(u.Text(payload), "dict(") && !strings.Contains(u.Text(payload), "exp") {
			return true, nil, false
		}
		return false, nil, false
	}
	expr, imports, ok := pyExpiryExpr(u)
	if !ok {
		return true, nil, false
	}
	q := `"`
	if first := firstChildOfType(payload, "pair"); first != nil {
		if k := grammars.Field(first, "key"); k != nil && strings.HasPrefix(u.Text(k), "'") {
			q = "'"
		}
	}
	e, ok := appendEntry(u, payload, q+"exp"+q+": "+expr, "{", "}", false)
	if !ok {
		return true, nil, false
	}
	return true, append(e, imports...), true
}

// pyExpiryExpr spells "now + N minutes" with the file's datetime import,
// adding the names it needs.
func pyExpiryExpr(u *Unit) (string, []Edit, bool) {
	mins := expiryMinutes(u)
	var fromDatetime *sitter.Node
	var lastImport *sitter.Node
	for _, top := range u.topLevel() {
		c := top.Node
		switch top.typ {
		case "import_statement":
			lastImport = c
			for j := 0; j < int(grammars.NamedChildCount(c)); j++ {
				if n := grammars.NamedChildAt(c, j); grammars.Type(n) == "dotted_name" && u.Text(n) == "datetime" {
					return fmt.Sprintf("datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=%d)", mins), nil, true
				}
			}
		case "import_from_statement":
			lastImport = c
			if u.Text(grammars.Field(c, "module_name")) == "datetime" {
				fromDatetime = c
			}
		}
	}
	expr := fmt.Sprintf("datetime.now(timezone.utc) + timedelta(minutes=%d)", mins)
	nl := u.Newline()
	if fromDatetime != nil {
		if strings.Contains(u.Text(fromDatetime), " as ") || strings.Contains(u.Text(fromDatetime), "*") || strings.Contains(u.Text(fromDatetime), "(") {
			return "", nil, false
		}
		have := map[string]bool{}
		var lastName *sitter.Node
		for j := 0; j < int(grammars.NamedChildCount(fromDatetime)); j++ {
			n := grammars.NamedChildAt(fromDatetime, j)
			if fromDatetime.FieldNameForChild(childIndex(fromDatetime, n)) == "name" {
				have[u.Text(n)] = true
				lastName = n
			}
		}
		if lastName == nil {
			return "", nil, false
		}
		var add []string
		for _, name := range []string{"datetime", "timedelta", "timezone"} {
			if !have[name] {
				add = append(add, name)
			}
		}
		if len(add) == 0 {
			return expr, nil, true
		}
		at := int(grammars.End(lastName))
		return expr, []Edit{{Start: at, End: at, NewText: ", " + strings.Join(add, ", ")}}, true
	}
	stmt := "from datetime import datetime, timedelta, timezone"
	if lastImport != nil {
		at := int(grammars.End(lastImport))
		return expr, []Edit{{Start: at, End: at, NewText: nl + stmt}}, true
	}
	imp, _ := pyImportModule(u, "datetime")
	imp.NewText = strings.Replace(imp.NewText, "import datetime", stmt, 1)
	return expr, []Edit{imp}, true
}

// visitJWTUnverified reports JWTs read without verifying them (TL206).
func visitJWTUnverified(p *Pass, n *sitter.Node) {
	u := p.Unit
	if !callMayBe(u, n, jwtUnverifiedMethod) {
		return
	}
	c, ok := readCall(u, n)
	if !ok {
		return
	}
	var msg string
	sev := Severity(0)
	switch u.Lang.Family() {
	case grammars.FamilyJS:
		msg = jwtUnverifiedJS(u, c)
	case grammars.FamilyGo:
		msg, sev = jwtUnverifiedGo(u, c)
	case grammars.FamilyPython:
		msg = jwtUnverifiedPy(u, c)
	}
	if msg != "" {
		p.Report(Finding{Start: int(grammars.Start(n)), End: int(grammars.End(n)), Message: msg, Severity: sev})
	}
}

// jwtUnverifiedMethod reports whether jwtUnverifiedJS, jwtUnverifiedGo
// or jwtUnverifiedPy look at a call of this method at all.
func jwtUnverifiedMethod(fam grammars.Family, method string) bool {
	switch fam {
	case grammars.FamilyJS:
		return method == "decode" || method == "verify"
	case grammars.FamilyPython:
		return method == "decode"
	case grammars.FamilyGo:
		return method == "ParseUnverified" || method == "Parse" || method == "ParseWithClaims"
	}
	return false
}

func jwtUnverifiedJS(u *Unit, c callSite) string {
	if !isJSONWebToken(u, c.Object) {
		return ""
	}
	switch c.Method {
	case "decode":
		if strings.Contains(u.Text(scopeOf(u, c.Node)), ".verify(") {
			return "" // reading the header (kid) before verifying
		}
		return "jwt.decode does not check the signature: anyone can forge this token. Use jwt.verify(token, secret, { algorithms: [...] })"
	case "verify":
		if opts := c.Arg(2); opts != nil && algorithmsIncludeNone(u, objectProp(u, opts, "algorithms")) {
			return "The none algorithm is accepted: an unsigned token passes verification"
		}
	}
	return ""
}

// algorithmsIncludeNone reports whether an algorithms list names "none".
func algorithmsIncludeNone(u *Unit, list *sitter.Node) bool {
	if list == nil {
		return false
	}
	found := false
	_ = walk(list, func(n *sitter.Node) error {
		if v, ok := stringValue(u, n); ok && strings.EqualFold(v, "none") {
			found = true
		}
		return nil
	})
	return found
}

func jwtUnverifiedGo(u *Unit, c callSite) (string, Severity) {
	switch c.Method {
	case "ParseUnverified":
		return "ParseUnverified does not check the signature: never trust these claims for authentication", 0
	case "Parse", "ParseWithClaims":
	default:
		return "", 0
	}
	if u.Text(c.Object) != "jwt" {
		return "", 0
	}
	idx := 1
	if c.Method == "ParseWithClaims" {
		idx = 2
	}
	if len(c.Args) <= idx || strings.Contains(u.Text(c.ArgList), "WithValidMethods") {
		return "", 0
	}
	keyfunc := unwrapExpr(c.Args[idx])
	var body *sitter.Node
	switch grammars.Type(keyfunc) {
	case "func_literal":
		body = grammars.Field(keyfunc, "body")
	case "identifier":
		name := u.Text(keyfunc)
		for _, top := range u.topLevel() {
			d := top.Node
			if top.typ == "function_declaration" && u.Text(grammars.Field(d, "name")) == name {
				body = grammars.Field(d, "body")
			}
		}
	}
	if body == nil {
		return "", 0
	}
	text := u.Text(body)
	if strings.Contains(text, ".Method") || strings.Contains(text, "SigningMethod") || strings.Contains(text, "Alg()") || strings.Contains(text, `Header["alg"]`) {
		return "", 0
	}
	return "The key function does not check token.Method: pass jwt.WithValidMethods([]string{\"HS256\"}) or check the signing method, so a token cannot pick its own algorithm", SeverityInformation
}

// visitJWTNoneGo reports golang-jwt's none-algorithm escape hatches.
func visitJWTNoneGo(p *Pass, n *sitter.Node) {
	switch p.Text(grammars.Field(n, "field")) {
	case "UnsafeAllowNoneSignatureType", "SigningMethodNone":
		p.Report(Finding{
			Start: int(grammars.Start(n)), End: int(grammars.End(n)),
			Message: "The none algorithm makes tokens unsigned: anyone can forge them",
		})
	}
}

func jwtUnverifiedPy(u *Unit, c callSite) string {
	if c.Method != "decode" || lastComponent(c.ObjectName(u)) != "jwt" {
		return ""
	}
	if v := c.Kwargs["verify"]; v != nil && u.Text(v) == "False" {
		return "verify=False skips the signature check: anyone can forge this token"
	}
	if opts := c.Kwargs["options"]; opts != nil {
		text := strings.Join(strings.Fields(u.Text(opts)), "")
		if strings.Contains(text, `"verify_signature":False`) || strings.Contains(text, `'verify_signature':False`) {
			return "verify_signature is off: anyone can forge this token. Decode with the key and algorithms=[...]"
		}
	}
	if algorithmsIncludeNone(u, c.Kwargs["algorithms"]) {
		return "The none algorithm is accepted: an unsigned token passes verification"
	}
	if c.Kwargs["algorithms"] == nil && len(c.Args) < 3 && (len(c.Args) >= 2 || c.Kwargs["key"] != nil) {
		return "jwt.decode without algorithms=[...] lets the token choose its algorithm (PyJWT 2 refuses it): pin the algorithm you sign with"
	}
	return ""
}
