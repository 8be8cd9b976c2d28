package detectors

import (
	"bytes"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// constantTimeFix builds TL202's fix: the comparison becomes a
// constant-time one and the import it needs is added.
func constantTimeFix(u *Unit, cmp comparison) (Fix, bool) {
	var edits []Edit
	var ok bool
	title := "Compare in constant time"
	switch u.Lang.Family() {
	case grammars.FamilyJS:
		edits, ok = jsConstantTimeEdits(u, cmp)
		title += " (crypto.timingSafeEqual)"
	case grammars.FamilyGo:
		edits, ok = goConstantTimeEdits(u, cmp)
		title += " (subtle.ConstantTimeCompare)"
	case grammars.FamilyPython:
		edits, ok = pyConstantTimeEdits(u, cmp)
		title += " (hmac.compare_digest)"
	}
	if !ok {
		return Fix{}, false
	}
	return Fix{Title: title, Edits: edits, Preferred: true, Safe: true}, true
}

// jsEqualHelper is the helper function TL202's JS/TS fix adds once per
// file and calls in place of ===.
const jsEqualHelper = "constantTimeEqual"

// jsConstantTimeEdits replaces a === b with constantTimeEqual(a, b) and
// adds the helper (crypto.timingSafeEqual behind a length check and a
// Buffer conversion) and the crypto import when the file lacks them.
func jsConstantTimeEdits(u *Unit, cmp comparison) ([]Edit, bool) {
	call := jsEqualHelper + "(" + u.Text(cmp.Left) + ", " + u.Text(cmp.Right) + ")"
	if cmp.Negated {
		call = "!" + call
	}
	edits := []Edit{{Start: int(grammars.Start(cmp.Node)), End: int(grammars.End(cmp.Node)), NewText: call}}
	if jsDeclaresFunction(u, jsEqualHelper) {
		return edits, true
	}
	ref, imports, ok := jsTimingSafeEqualRef(u)
	if !ok {
		return nil, false
	}
	edits = append(edits, imports...)
	return append(edits, jsHelperEdit(u, ref)), true
}

// jsDeclaresFunction reports whether the program declares a top-level
// function named name.
func jsDeclaresFunction(u *Unit, name string) bool {
	for _, top := range u.topLevel() {
		c := top.Node
		if grammars.Type(c) == "export_statement" && grammars.NamedChildCount(c) > 0 {
			c = grammars.NamedChildAt(c, 0)
		}
		if grammars.Type(c) == "function_declaration" && u.Text(grammars.Field(c, "name")) == name {
			return true
		}
	}
	return false
}

// jsHelperEdit appends the constant-time helper to the end of the file.
func jsHelperEdit(u *Unit, ref string) Edit {
	q := authQuote(u)
	semi := jsSemi(u)
	sig := "function " + jsEqualHelper + "(a, b) {"
	if u.Lang.IsTypeScript() {
		sig = "function " + jsEqualHelper + "(a: unknown, b: unknown): boolean {"
	}
	lines := indentLines(u,
		"// "+jsEqualHelper+" compares two strings or Buffers in constant time:",
		"// === stops at the first differing character, which leaks it through timing.",
		sig,
		">const x = typeof a === "+q+"string"+q+" ? Buffer.from(a) : a"+semi,
		">const y = typeof b === "+q+"string"+q+" ? Buffer.from(b) : b"+semi,
		">if (!Buffer.isBuffer(x) || !Buffer.isBuffer(y) || x.length !== y.length) {",
		">>return false"+semi,
		">}",
		">return "+ref+"(x, y)"+semi,
		"}",
	)
	nl := u.Newline()
	text := nl + strings.Join(lines, nl) + nl
	if len(u.Src) > 0 && u.Src[len(u.Src)-1] != '\n' {
		text = nl + text
	}
	return Edit{Start: len(u.Src), End: len(u.Src), NewText: text}
}

// authQuote returns the quote character the file uses most for strings.
func authQuote(u *Unit) string {
	if bytes.Count(u.Src, []byte("'")) > bytes.Count(u.Src, []byte(`"`)) {
		return "'"
	}
	return `"`
}

// jsSemi returns ";" unless the file's top-level statements omit them.
func jsSemi(u *Unit) string {
	with, without := 0, 0
	for _, top := range u.topLevel() {
		c := top.Node
		if with+without >= 8 {
			break
		}
		switch top.typ {
		case "lexical_declaration", "variable_declaration", "import_statement", "expression_statement":
			if strings.HasSuffix(u.Text(c), ";") {
				with++
			} else {
				without++
			}
		}
	}
	if without > with {
		return ""
	}
	return ";"
}

// isNodeCryptoSource reports whether a module specifier names Node's
// crypto module.
func isNodeCryptoSource(u *Unit, n *sitter.Node) bool {
	v, ok := stringValue(u, n)
	return ok && (v == "crypto" || v == "node:crypto")
}

// jsRequireSource returns the argument node of require("…") when n is
// such a call.
func jsRequireSource(u *Unit, n *sitter.Node) *sitter.Node {
	c, ok := readCall(u, unwrapExpr(n))
	if !ok || c.Object != nil || c.Method != "require" || len(c.Args) != 1 {
		return nil
	}
	return c.Args[0]
}

// jsTimingSafeEqualRef returns how the file reaches Node's
// crypto.timingSafeEqual, with the edits adding the import or the
// destructured name when it cannot yet.
func jsTimingSafeEqualRef(u *Unit) (string, []Edit, bool) {
	cryptoTaken := false
	var lastImport, lastRequire *sitter.Node
	esm := u.Lang.IsTypeScript()
	for _, top := range u.topLevel() {
		c := top.Node
		switch top.typ {
		case "export_statement":
			esm = true
		case "lexical_declaration", "variable_declaration":
			for j := 0; j < int(grammars.NamedChildCount(c)); j++ {
				d := grammars.NamedChildAt(c, j)
				if grammars.Type(d) != "variable_declarator" {
					continue
				}
				name := grammars.Field(d, "name")
				src := jsRequireSource(u, grammars.Field(d, "value"))
				if src != nil {
					lastRequire = c
				}
				if name == nil {
					continue
				}
				if src == nil || !isNodeCryptoSource(u, src) {
					if grammars.Type(name) == "identifier" && u.Text(name) == "crypto" {
						cryptoTaken = true
					}
					continue
				}
				switch grammars.Type(name) {
				case "identifier":
					return u.Text(name) + ".timingSafeEqual", nil, true
				case "object_pattern":
					return jsDestructuredRef(u, name)
				}
			}
		case "import_statement":
			esm = true
			lastImport = c
			src := grammars.Field(c, "source")
			clause := firstChildOfType(c, "import_clause")
			if clause == nil {
				continue
			}
			fromCrypto := isNodeCryptoSource(u, src)
			for j := 0; j < int(grammars.NamedChildCount(clause)); j++ {
				b := grammars.NamedChildAt(clause, j)
				switch grammars.Type(b) {
				case "identifier":
					if fromCrypto {
						return u.Text(b) + ".timingSafeEqual", nil, true
					}
					cryptoTaken = cryptoTaken || u.Text(b) == "crypto"
				case "namespace_import":
					id := firstChildOfType(b, "identifier")
					if fromCrypto && id != nil {
						return u.Text(id) + ".timingSafeEqual", nil, true
					}
					cryptoTaken = cryptoTaken || (id != nil && u.Text(id) == "crypto")
				case "named_imports":
					if fromCrypto && !strings.HasPrefix(u.Text(c), "import type") {
						return jsNamedImportRef(u, b)
					}
					if strings.Contains(u.Text(b), "crypto") {
						cryptoTaken = true
					}
				}
			}
		}
	}
	alias := "crypto"
	if cryptoTaken {
		alias = "nodeCrypto"
	}
	q, semi, nl := authQuote(u), jsSemi(u), u.Newline()
	stmt := "const " + alias + " = require(" + q + "crypto" + q + ")" + semi
	after := lastRequire
	if esm {
		stmt = "import * as " + alias + " from " + q + "crypto" + q + semi
		after = lastImport
	}
	ref := alias + ".timingSafeEqual"
	if after != nil {
		at := int(grammars.End(after))
		return ref, []Edit{{Start: at, End: at, NewText: nl + stmt}}, true
	}
	var first *sitter.Node
	for _, top := range u.topLevel() {
		c := top.Node
		if top.typ == "comment" || top.typ == "hash_bang_line" {
			continue
		}
		if top.typ == "expression_statement" && grammars.NamedChildCount(c) == 1 && grammars.Type(grammars.NamedChildAt(c, 0)) == "string" {
			continue // "use strict"
		}
		first = c
		break
	}
	if first == nil {
		at := len(u.Src)
		return ref, []Edit{{Start: at, End: at, NewText: nl + stmt + nl}}, true
	}
	at := u.LineStart(int(grammars.Start(first)))
	if !startsLine(u, int(grammars.Start(first))) {
		return "", nil, false
	}
	return ref, []Edit{{Start: at, End: at, NewText: stmt + nl + nl}}, true
}

// firstChildOfType returns n's first named child of the given type.
func firstChildOfType(n *sitter.Node, kind string) *sitter.Node {
	for i := 0; i < int(grammars.NamedChildCount(n)); i++ {
		if c := grammars.NamedChildAt(n, i); grammars.Type(c) == kind {
			return c
		}
	}
	return nil
}

// jsDestructuredRef handles const { createHmac } = require("crypto"):
// timingSafeEqual is used as named or added to the pattern.
func jsDestructuredRef(u *Unit, pattern *sitter.Node) (string, []Edit, bool) {
	var last *sitter.Node
	for i := 0; i < int(grammars.NamedChildCount(pattern)); i++ {
		p := grammars.NamedChildAt(pattern, i)
		switch grammars.Type(p) {
		case "shorthand_property_identifier_pattern":
			if u.Text(p) == "timingSafeEqual" {
				return "timingSafeEqual", nil, true
			}
		case "pair_pattern":
			if k, _ := keyName(u, grammars.Field(p, "key")); k == "timingSafeEqual" {
				if v := grammars.Field(p, "value"); v != nil && grammars.Type(v) == "identifier" {
					return u.Text(v), nil, true
				}
			}
		case "rest_pattern":
			return "", nil, false
		case "comment":
			continue
		}
		last = p
	}
	if last == nil {
		return "", nil, false
	}
	at := int(grammars.End(last))
	return "timingSafeEqual", []Edit{{Start: at, End: at, NewText: ", timingSafeEqual"}}, true
}

// jsNamedImportRef handles import { createHmac } from "crypto".
func jsNamedImportRef(u *Unit, named *sitter.Node) (string, []Edit, bool) {
	var last *sitter.Node
	for i := 0; i < int(grammars.NamedChildCount(named)); i++ {
		s := grammars.NamedChildAt(named, i)
		if grammars.Type(s) != "import_specifier" {
			continue
		}
		if u.Text(grammars.Field(s, "name")) == "timingSafeEqual" {
			if alias := grammars.Field(s, "alias"); alias != nil {
				return u.Text(alias), nil, true
			}
			return "timingSafeEqual", nil, true
		}
		last = s
	}
	if last == nil {
		return "", nil, false
	}
	at := int(grammars.End(last))
	return "timingSafeEqual", []Edit{{Start: at, End: at, NewText: ", timingSafeEqual"}}, true
}

// goConstantTimeEdits replaces a == b with
// subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 and imports
// crypto/subtle. Digest arrays that are not addressable get no fix.
func goConstantTimeEdits(u *Unit, cmp comparison) ([]Edit, bool) {
	l, ok1 := goBytesOf(u, cmp.Left)
	r, ok2 := goBytesOf(u, cmp.Right)
	if !ok1 || !ok2 {
		return nil, false
	}
	want := " == 1"
	if cmp.Negated {
		want = " != 1"
	}
	expr := "subtle.ConstantTimeCompare(" + l + ", " + r + ")" + want
	edits := []Edit{{Start: int(grammars.Start(cmp.Node)), End: int(grammars.End(cmp.Node)), NewText: expr}}
	imp := goAddImports(u, []string{"crypto/subtle"})
	if len(imp) == 0 && !bytes.Contains(u.Src, []byte(`"crypto/subtle"`)) {
		return nil, false
	}
	return goFormatted(u, append(edits, imp...))
}

// goDigestArray reports whether a call returns a fixed-size digest array
// (sha256.Sum256, md5.Sum, ...), which []byte() cannot convert.
func goDigestArray(u *Unit, n *sitter.Node) bool {
	c, ok := readCall(u, unwrapExpr(n))
	if !ok || c.Object == nil || grammars.Type(c.Object) != "identifier" {
		return false
	}
	switch c.Method {
	case "Sum256", "Sum512", "Sum224", "Sum384", "Sum512_224", "Sum512_256":
		return true
	case "Sum":
		switch u.Text(c.Object) {
		case "md5", "sha1", "sha3", "blake2b", "blake2s":
			return true
		}
	}
	return false
}

// goBytesOf spells an operand as a []byte for subtle.ConstantTimeCompare.
func goBytesOf(u *Unit, n *sitter.Node) (string, bool) {
	n = unwrapExpr(n)
	if goDigestArray(u, n) {
		return "", false
	}
	if grammars.Type(n) == "identifier" {
		if def, ok := findDef(u, scopeOf(u, n), u.Text(n)); ok && goDigestArray(u, def.Value) {
			return u.Text(n) + "[:]", true
		}
	}
	if c, ok := readCall(u, n); ok && c.Object == nil && c.Method == "string" && len(c.Args) == 1 {
		if inner, ok := readCall(u, unwrapExpr(c.Args[0])); ok && inner.Method == "Sum" && !goDigestArray(u, c.Args[0]) {
			return u.Text(c.Args[0]), true
		}
		if goDigestArray(u, c.Args[0]) {
			return "", false
		}
	}
	return "[]byte(" + u.Text(n) + ")", true
}

// pyConstantTimeEdits replaces a == b with hmac.compare_digest(a, b) and
// imports hmac.
func pyConstantTimeEdits(u *Unit, cmp comparison) ([]Edit, bool) {
	ref := "hmac.compare_digest"
	var edits []Edit
	if pyImportsName(u, "hmac", "compare_digest") {
		ref = "compare_digest"
	} else if imp, needed := pyImportModule(u, "hmac"); needed {
		edits = append(edits, imp)
	}
	expr := ref + "(" + u.Text(cmp.Left) + ", " + u.Text(cmp.Right) + ")"
	if cmp.Negated {
		expr = pyNot(u, cmp.Node, expr)
	}
	return append([]Edit{{Start: int(grammars.Start(cmp.Node)), End: int(grammars.End(cmp.Node)), NewText: expr}}, edits...), true
}

// pyNot negates a call replacing node, parenthesised where the context
// binds tighter than `not`.
func pyNot(u *Unit, node *sitter.Node, call string) string {
	switch parentKind(u, node) {
	case "if_statement", "elif_clause", "while_statement", "return_statement", "assignment",
		"boolean_operator", "not_operator", "parenthesized_expression", "argument_list",
		"keyword_argument", "assert_statement", "expression_statement", "conditional_expression", "lambda":
		return "not " + call
	}
	return "(not " + call + ")"
}

// pyImportsName reports whether the module has `from mod import name`.
func pyImportsName(u *Unit, mod, name string) bool {
	for _, top := range u.topLevel() {
		c := top.Node
		if top.typ != "import_from_statement" || u.Text(grammars.Field(c, "module_name")) != mod {
			continue
		}
		for j := 0; j < int(grammars.NamedChildCount(c)); j++ {
			n := grammars.NamedChildAt(c, j)
			if c.FieldNameForChild(childIndex(c, n)) == "name" && u.Text(n) == name {
				return true
			}
		}
	}
	return false
}

// rehashFix builds TL203's fix: the comparison becomes the library's
// verify call and the hashing statement, now dead, is removed.
func rehashFix(u *Unit, m rehashMatch) (Fix, bool) {
	var edits []Edit
	var ok bool
	var title string
	switch m.Lib {
	case "bcrypt", "bcryptSync", "argon2":
		edits, title, ok = jsRehashEdits(u, m)
	case "go-bcrypt":
		edits, title, ok = goRehashEdits(u, m)
	case "py-bcrypt", "passlib":
		edits, title, ok = pyRehashEdits(u, m)
	}
	if !ok {
		return Fix{}, false
	}
	return Fix{Title: title, Edits: edits, Preferred: true, Safe: true}, true
}

// jsRehashEdits: hash === stored → bcrypt.compare(plain, stored), awaited
// unless it is the value an async function returns.
func jsRehashEdits(u *Unit, m rehashMatch) ([]Edit, string, bool) {
	if len(m.Call.Args) == 0 || m.Call.Object == nil {
		return nil, "", false
	}
	recv, plain, stored := u.Text(m.Call.Object), u.Text(m.Call.Args[0]), u.Text(m.Stored)
	var expr, title string
	switch m.Lib {
	case "bcrypt":
		expr, title = recv+".compare("+plain+", "+stored+")", "Use "+recv+".compare(password, hash)"
	case "bcryptSync":
		expr, title = recv+".compareSync("+plain+", "+stored+")", "Use "+recv+".compareSync(password, hash)"
	case "argon2":
		expr, title = recv+".verify("+stored+", "+plain+")", "Use "+recv+".verify(hash, password)"
	}
	if m.Lib == "bcryptSync" {
		if m.Negated {
			expr = "!" + expr
		}
	} else {
		fn := enclosingFunction(u, m.Node)
		if !isAsyncFunction(u, fn) {
			return nil, "", false
		}
		parent := parentOf(u, m.Node)
		returned := parent != nil && (grammars.Type(parent) == "return_statement" || (grammars.Type(parent) == "arrow_function" && sameNode(grammars.Field(parent, "body"), m.Node)))
		switch {
		case returned && !m.Negated:
		case m.Negated:
			expr = "!(await " + expr + ")"
		default:
			expr = "await " + expr
		}
	}
	edits := []Edit{{Start: int(grammars.Start(m.Node)), End: int(grammars.End(m.Node)), NewText: expr}}
	edits = append(edits, deadHashEdits(u, m)...)
	return edits, title, true
}

// deadHashEdits removes the statement that computed the hash (and the
// salt it used) when nothing else reads them.
func deadHashEdits(u *Unit, m rehashMatch) []Edit {
	if m.Var == "" || m.Def.Stmt == nil {
		return nil
	}
	scope := scopeOf(u, m.Node)
	if countIdent(u, scope, m.Var) != 2 || !singleDeclaration(u, m.Def.Stmt) {
		return nil
	}
	var edits []Edit
	e, ok := deleteLines(u, m.Def.Stmt)
	if !ok {
		return nil
	}
	edits = append(edits, e)
	if len(m.Call.Args) >= 2 {
		if salt := unwrapExpr(m.Call.Args[1]); grammars.Type(salt) == "identifier" && countIdent(u, scope, u.Text(salt)) == 2 {
			if def, ok := findDef(u, scope, u.Text(salt)); ok && singleDeclaration(u, def.Stmt) {
				if c, ok := readCall(u, unwrapExpr(def.Value)); ok && (c.Method == "genSalt" || c.Method == "genSaltSync" || c.Method == "gensalt") {
					if e, ok := deleteLines(u, def.Stmt); ok {
						edits = append(edits, e)
					}
				}
			}
		}
	}
	return edits
}

// singleDeclaration reports whether a declaration statement declares one
// thing (JS) or is a plain statement in a block with other statements
// (Python), so removing its lines leaves valid code.
func singleDeclaration(u *Unit, stmt *sitter.Node) bool {
	switch grammars.Type(stmt) {
	case "lexical_declaration", "variable_declaration":
		n := 0
		for i := 0; i < int(grammars.NamedChildCount(stmt)); i++ {
			if grammars.Type(grammars.NamedChildAt(stmt, i)) == "variable_declarator" {
				n++
			}
		}
		return n == 1 && jsInStatementList(u, stmt)
	case "expression_statement":
		parent := parentOf(u, stmt)
		if parent == nil {
			return false
		}
		others := 0
		for i := 0; i < int(grammars.NamedChildCount(parent)); i++ {
			if c := grammars.NamedChildAt(parent, i); grammars.Type(c) != "comment" && !sameNode(c, stmt) {
				others++
			}
		}
		return others > 0
	case "short_var_declaration":
		return true
	}
	return false
}

func jsInStatementList(u *Unit, stmt *sitter.Node) bool {
	p := parentKind(u, stmt)
	for _, l := range jsStatementLists {
		if p == l {
			return true
		}
	}
	return false
}

// countIdent counts the identifiers spelled name under scope.
func countIdent(u *Unit, scope *sitter.Node, name string) int {
	n := 0
	_ = walk(scope, func(c *sitter.Node) error {
		switch grammars.Type(c) {
		case "identifier", "shorthand_property_identifier":
			if u.Text(c) == name {
				n++
			}
		}
		return nil
	})
	return n
}

// deleteLines returns the edit removing the lines of a statement that
// starts its line and ends it (a trailing comment goes with it).
func deleteLines(u *Unit, stmt *sitter.Node) (Edit, bool) {
	return deleteLineRange(u, int(grammars.Start(stmt)), int(grammars.End(stmt)))
}

func deleteLineRange(u *Unit, start, end int) (Edit, bool) {
	if !startsLine(u, start) {
		return Edit{}, false
	}
	lineEnd := u.LineEnd(end)
	rest := strings.TrimSpace(string(u.Src[end:lineEnd]))
	if rest != "" && !strings.HasPrefix(rest, "//") && !strings.HasPrefix(rest, "#") {
		return Edit{}, false
	}
	cut := lineEnd
	if cut < len(u.Src) && u.Src[cut] == '\r' {
		cut++
	}
	if cut < len(u.Src) && u.Src[cut] == '\n' {
		cut++
	}
	return Edit{Start: u.LineStart(start), End: cut, NewText: ""}, true
}

// goRehashEdits: string(hash) == stored →
// bcrypt.CompareHashAndPassword([]byte(stored), password) == nil, with the
// GenerateFromPassword statement (and its error check) removed.
func goRehashEdits(u *Unit, m rehashMatch) ([]Edit, string, bool) {
	plain := u.Text(m.Call.Args[0])
	stored := u.Text(unwrapExpr(m.Stored))
	if !strings.HasPrefix(stored, "[]byte(") {
		stored = "[]byte(" + stored + ")"
	}
	cmp := " == nil"
	if m.Negated {
		cmp = " != nil"
	}
	expr := u.Text(m.Call.Object) + ".CompareHashAndPassword(" + stored + ", " + plain + ")" + cmp
	edits := []Edit{{Start: int(grammars.Start(m.Node)), End: int(grammars.End(m.Node)), NewText: expr}}
	if m.Var != "" {
		scope := scopeOf(u, m.Node)
		if countIdent(u, scope, m.Var) == 2 {
			del, ok := goDeadHashEdit(u, m, scope)
			if !ok {
				return nil, "", false
			}
			edits = append(edits, del)
		}
	}
	edits, ok := goFormatted(u, edits)
	return edits, "Use bcrypt.CompareHashAndPassword(hash, password)", ok
}

// goDeadHashEdit removes `hash, _ := bcrypt.GenerateFromPassword(...)` or
// `hash, err := ...` with the `if err != nil { ... }` right after it, when
// err is not needed later.
func goDeadHashEdit(u *Unit, m rehashMatch, scope *sitter.Node) (Edit, bool) {
	stmt := m.Def.Stmt
	left := grammars.Field(stmt, "left")
	if grammars.Type(stmt) != "short_var_declaration" || left == nil || grammars.NamedChildCount(left) != 2 {
		return Edit{}, false
	}
	second := u.Text(grammars.NamedChildAt(left, 1))
	start, end := int(grammars.Start(stmt)), int(grammars.End(stmt))
	if second != "_" {
		next := stmt.NextNamedSibling()
		for next != nil && grammars.Type(next) == "comment" {
			next = next.NextNamedSibling()
		}
		if next == nil || grammars.Type(next) != "if_statement" || strings.Join(strings.Fields(u.Text(grammars.Field(next, "condition"))), " ") != second+" != nil" {
			return Edit{}, false
		}
		end = int(grammars.End(next))
		if !goErrFreeAfter(u, scope, second, start, end) {
			return Edit{}, false
		}
	}
	return deleteLineRange(u, start, end)
}

// goErrFreeAfter reports whether removing [start, end) leaves every other
// use of name valid: it was declared before, or its next use declares it
// again with :=.
func goErrFreeAfter(u *Unit, scope *sitter.Node, name string, start, end int) bool {
	ok := true
	decided := false
	_ = walk(scope, func(c *sitter.Node) error {
		if decided || grammars.Type(c) != "identifier" || u.Text(c) != name {
			return nil
		}
		at := int(grammars.Start(c))
		switch {
		case at < start:
			decided = true // declared or used before: still in scope
		case at >= end:
			decided = true
			list := parentOf(u, c)
			stmt := list
			if list != nil {
				stmt = parentOf(u, list)
			}
			ok = list != nil && stmt != nil && grammars.Type(stmt) == "short_var_declaration" && sameNode(grammars.Field(stmt, "left"), list)
		}
		return nil
	})
	return ok
}

// pyRehashEdits: bcrypt.hashpw(pw, bcrypt.gensalt()) == stored →
// bcrypt.checkpw(pw, stored); passlib's ctx.hash(pw) == stored →
// ctx.verify(pw, stored).
func pyRehashEdits(u *Unit, m rehashMatch) ([]Edit, string, bool) {
	recv, plain := u.Text(m.Call.Object), u.Text(m.Call.Args[0])
	stored := u.Text(m.Stored)
	var expr, title string
	switch m.Lib {
	case "py-bcrypt":
		if m.Decoded {
			switch grammars.Type(unwrapExpr(m.Stored)) {
			case "identifier", "attribute", "subscript", "call":
				stored += ".encode()"
			default:
				stored = "(" + stored + ").encode()"
			}
		}
		expr, title = recv+".checkpw("+plain+", "+stored+")", "Use bcrypt.checkpw(password, hashed)"
	case "passlib":
		expr, title = recv+".verify("+plain+", "+stored+")", "Use "+recv+".verify(password, hash)"
	}
	if m.Negated {
		expr = pyNot(u, m.Node, expr)
	}
	edits := []Edit{{Start: int(grammars.Start(m.Node)), End: int(grammars.End(m.Node)), NewText: expr}}
	return append(edits, deadHashEdits(u, m)...), title, true
}
