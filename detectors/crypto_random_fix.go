package detectors

import (
	"strconv"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// insecureRandomFix builds TL304's fix: a mechanical rewrite to the platform's
// cryptographic generator, offered only for shapes whose meaning it keeps.
func insecureRandomFix(u *Unit, c cryptoCall) (Fix, bool) {
	switch u.Lang.Family() {
	case grammars.FamilyJS:
		return jsRandomFix(u, c)
	case grammars.FamilyPython:
		return pyRandomFix(u, c)
	}
	// Go: crypto/rand has no Intn, and replacing math/rand means swapping
	// the import for every use in the file at once, which a per-finding
	// fix cannot do; TL304's message and doc page give the crypto/rand
	// calls.
	return Fix{}, false
}

// jsBrowserCode reports whether a JS/TS file runs in a browser, where
// Node's crypto module is not available.
func jsBrowserCode(u *Unit) bool {
	if u.Lang == grammars.TSX || strings.HasSuffix(u.Path, ".jsx") {
		return true
	}
	src := u.srcString()
	for _, m := range []string{"from 'react'", `from "react"`, "document.", "window.", "'use client'", `"use client"`} {
		if strings.Contains(src, m) {
			return true
		}
	}
	return false
}

// jsRandomFix rewrites Math.floor(Math.random() * n) as crypto.randomInt(n)
// and Math.random().toString(36).slice(2) as
// crypto.randomBytes(16).toString("hex"), importing crypto.
func jsRandomFix(u *Unit, c cryptoCall) (Fix, bool) {
	if jsBrowserCode(u) {
		return Fix{}, false
	}
	n := c.Node
	// Math.floor(Math.random() * X)
	if mul := parentOf(u, n); mul != nil && mul.Type() == "binary_expression" && u.Text(mul.ChildByFieldName("operator")) == "*" {
		other := mul.ChildByFieldName("right")
		if sameNode(other, n) {
			other = mul.ChildByFieldName("left")
		}
		args := parentOf(u, mul)
		if args != nil && args.Type() == "arguments" && args.NamedChildCount() == 1 {
			floor := parentOf(u, args)
			if floor != nil && floor.Type() == "call_expression" && cryptoCompact(u.Text(floor.ChildByFieldName("function"))) == "Math.floor" {
				x := u.Text(other)
				if other.Type() == "number" && strings.ContainsAny(x, ".eE") {
					return Fix{}, false
				}
				ref, edits := jsCryptoRef(u, "randomInt")
				edits = append(edits, Edit{Start: int(floor.StartByte()), End: int(floor.EndByte()), NewText: ref + "(" + x + ")"})
				return Fix{Title: "Use crypto.randomInt", Edits: edits, Preferred: true, Safe: true}, true
			}
		}
	}
	// Math.random().toString(36)[.slice(2, …)]
	chain := n
	for i := 0; i < 4; i++ {
		member := parentOf(u, chain)
		if member == nil || member.Type() != "member_expression" {
			break
		}
		call := parentOf(u, member)
		if call == nil || call.Type() != "call_expression" {
			break
		}
		method := u.Text(member.ChildByFieldName("property"))
		if i == 0 && method != "toString" || i > 0 && method != "slice" && method != "substring" && method != "substr" {
			break
		}
		chain = call
	}
	if sameNode(chain, n) {
		return Fix{}, false
	}
	ref, edits := jsCryptoRef(u, "randomBytes")
	edits = append(edits, Edit{Start: int(chain.StartByte()), End: int(chain.EndByte()), NewText: ref + "(16).toString(" + jsQuote(u) + "hex" + jsQuote(u) + ")"})
	return Fix{Title: "Use crypto.randomBytes (32 hex characters)", Edits: edits, Preferred: true, Safe: true}, true
}

// jsQuote returns the quote the file's imports (or most strings) use.
func jsQuote(u *Unit) string {
	if strings.Count(u.srcString(), "'") > strings.Count(u.srcString(), `"`) {
		return "'"
	}
	return `"`
}

// jsCryptoRef returns how to call fn of Node's crypto module in this file
// (crypto.fn, nodeCrypto.fn or a named import fn) and the edits importing
// it when the file does not yet.
func jsCryptoRef(u *Unit, fn string) (string, []Edit) {
	esm := u.Lang.IsTypeScript()
	var last *sitter.Node // last leading import or require
	var firstStmt *sitter.Node
	for _, top := range u.topLevel() {
		s := top.Node
		if top.typ == "comment" || top.typ == "hash_bang_line" {
			continue
		}
		if firstStmt == nil {
			firstStmt = s
		}
		switch top.typ {
		case "import_statement":
			esm = true
			last = s
			src, _ := stringValue(u, s.ChildByFieldName("source"))
			if src != "crypto" && src != "node:crypto" {
				continue
			}
			if ref, edits, ok := jsFromImport(u, s, fn); ok {
				return ref, edits
			}
		case "lexical_declaration", "variable_declaration":
			if !strings.Contains(u.Text(s), "require(") {
				continue
			}
			last = s
			for j := 0; j < int(s.NamedChildCount()); j++ {
				d := s.NamedChild(j)
				if d.Type() != "variable_declarator" {
					continue
				}
				v := d.ChildByFieldName("value")
				if v == nil || v.Type() != "call_expression" || u.Text(v.ChildByFieldName("function")) != "require" {
					continue
				}
				args := v.ChildByFieldName("arguments")
				if src, _ := stringValue(u, firstArg(args)); src != "crypto" && src != "node:crypto" {
					continue
				}
				name := d.ChildByFieldName("name")
				switch name.Type() {
				case "identifier":
					return u.Text(name) + "." + fn, nil
				case "object_pattern":
					if ref, edits, ok := jsAddToPattern(u, name, fn); ok {
						return ref, edits
					}
				}
			}
		case "expression_statement":
			if firstStmt == s && strings.Contains(u.Text(s), "use strict") {
				last = s
			}
		}
	}
	q := jsQuote(u)
	semi := ""
	if u.srcContains(";\n") || u.srcContains(";\r\n") {
		semi = ";"
	}
	stmt := "const crypto = require(" + q + "crypto" + q + ")" + semi
	if esm {
		stmt = "import * as crypto from " + q + "crypto" + q + semi
	}
	nl := u.Newline()
	if last != nil {
		at := u.LineEnd(int(last.EndByte()))
		return "crypto." + fn, []Edit{{Start: at, End: at, NewText: nl + stmt}}
	}
	at := 0
	if firstStmt != nil {
		at = u.LineStart(int(firstStmt.StartByte()))
	}
	return "crypto." + fn, []Edit{{Start: at, End: at, NewText: stmt + nl + nl}}
}

// jsFromImport reads an import of the crypto module: a namespace or
// default import gives X.fn; named imports give fn, added when missing.
func jsFromImport(u *Unit, s *sitter.Node, fn string) (string, []Edit, bool) {
	var clause *sitter.Node
	for i := 0; i < int(s.NamedChildCount()); i++ {
		if c := s.NamedChild(i); c.Type() == "import_clause" {
			clause = c
		}
	}
	if clause == nil || strings.HasPrefix(strings.TrimSpace(u.Text(s)), "import type") {
		return "", nil, false
	}
	for i := 0; i < int(clause.NamedChildCount()); i++ {
		c := clause.NamedChild(i)
		switch c.Type() {
		case "identifier":
			return u.Text(c) + "." + fn, nil, true
		case "namespace_import":
			if id := c.NamedChild(0); id != nil {
				return u.Text(id) + "." + fn, nil, true
			}
		case "named_imports":
			var lastSpec *sitter.Node
			for j := 0; j < int(c.NamedChildCount()); j++ {
				sp := c.NamedChild(j)
				if sp.Type() != "import_specifier" {
					continue
				}
				lastSpec = sp
				if u.Text(sp.ChildByFieldName("name")) == fn {
					if alias := sp.ChildByFieldName("alias"); alias != nil {
						return u.Text(alias), nil, true
					}
					return fn, nil, true
				}
			}
			if lastSpec == nil {
				return "", nil, false
			}
			at := int(lastSpec.EndByte())
			return fn, []Edit{{Start: at, End: at, NewText: ", " + fn}}, true
		}
	}
	return "", nil, false
}

// jsAddToPattern handles const { randomBytes } = require("crypto").
func jsAddToPattern(u *Unit, pat *sitter.Node, fn string) (string, []Edit, bool) {
	var lastEl *sitter.Node
	for i := 0; i < int(pat.NamedChildCount()); i++ {
		el := pat.NamedChild(i)
		switch el.Type() {
		case "shorthand_property_identifier_pattern":
			if u.Text(el) == fn {
				return fn, nil, true
			}
			lastEl = el
		case "pair_pattern":
			if k, _ := keyName(u, el.ChildByFieldName("key")); k == fn {
				return u.Text(el.ChildByFieldName("value")), nil, true
			}
			lastEl = el
		case "rest_pattern":
			return "", nil, false
		}
	}
	if lastEl == nil {
		return "", nil, false
	}
	at := int(lastEl.EndByte())
	return fn, []Edit{{Start: at, End: at, NewText: ", " + fn}}, true
}

// pyRandomFix rewrites a random-module call with the secrets module:
// choice → secrets.choice, randrange(n) → secrets.randbelow(n),
// randint(a, b) with literal bounds → secrets.randbelow(b-a+1) + a,
// getrandbits(k) → secrets.randbits(k), choices(pop, k=n) → a list of
// secrets.choice.
func pyRandomFix(u *Unit, c cryptoCall) (Fix, bool) {
	gen := pyRandom(u, c)
	fn := strings.TrimPrefix(gen, "random.")
	argText := func(i int) string { return u.Text(c.Arg(i)) }
	var repl, title string
	switch {
	case fn == "choice" && len(c.Args) == 1 && len(c.Kwargs) == 0:
		repl, title = "secrets.choice("+argText(0)+")", "Use secrets.choice"
	case fn == "getrandbits" && len(c.Args) == 1 && len(c.Kwargs) == 0:
		repl, title = "secrets.randbits("+argText(0)+")", "Use secrets.randbits"
	case fn == "randrange" && len(c.Args) == 1 && len(c.Kwargs) == 0:
		repl, title = "secrets.randbelow("+argText(0)+")", "Use secrets.randbelow"
	case (fn == "randint" || fn == "randrange") && len(c.Args) == 2 && len(c.Kwargs) == 0:
		lo, err1 := strconv.Atoi(argText(0))
		hi, err2 := strconv.Atoi(argText(1))
		if err1 != nil || err2 != nil || hi < lo {
			return Fix{}, false
		}
		span := hi - lo
		if fn == "randint" {
			span++
		}
		repl = "secrets.randbelow(" + strconv.Itoa(span) + ")"
		if lo != 0 {
			repl += " + " + strconv.Itoa(lo)
			if !pyPlusSafe(u, c.Node) {
				repl = "(" + repl + ")"
			}
		}
		title = "Use secrets.randbelow"
	case fn == "choices" && len(c.Args) == 1 && len(c.Kwargs) == 1 && c.Kwargs["k"] != nil:
		pop := c.Arg(0)
		if pop.Type() != "identifier" && pop.Type() != "attribute" && pop.Type() != "string" {
			return Fix{}, false
		}
		repl = "[secrets.choice(" + u.Text(pop) + ") for _ in range(" + u.Text(c.Kwargs["k"]) + ")]"
		title = "Use secrets.choice"
	default:
		return Fix{}, false
	}
	edits := []Edit{{Start: int(c.Node.StartByte()), End: int(c.Node.EndByte()), NewText: repl}}
	if imp, needed := pyImportModule(u, "secrets"); needed {
		edits = append(edits, imp)
	}
	return Fix{Title: title, Edits: edits, Preferred: true, Safe: true}, true
}

// pyPlusSafe reports whether an `a + b` can replace the call n without
// parentheses.
func pyPlusSafe(u *Unit, n *sitter.Node) bool {
	switch parentKind(u, n) {
	case "argument_list", "assignment", "keyword_argument", "return_statement", "expression_statement",
		"pair", "list", "tuple", "parenthesized_expression", "interpolation", "default_parameter":
		return true
	}
	return false
}
