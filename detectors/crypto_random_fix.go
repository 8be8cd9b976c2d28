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
	if mul := parentOf(u, n); mul != nil && grammars.Type(mul) == "binary_expression" && u.Text(grammars.Field(mul, "operator")) == "*" {
		other := grammars.Field(mul, "right")
		if sameNode(other, n) {
			other = grammars.Field(mul, "left")
		}
		args := parentOf(u, mul)
		if args != nil && grammars.Type(args) == "arguments" && grammars.NamedChildCount(args) == 1 {
			floor := parentOf(u, args)
			if floor != nil && grammars.Type(floor) == "call_expression" && cryptoCompact(u.Text(grammars.Field(floor, "function"))) == "Math.floor" {
				x := u.Text(other)
				if grammars.Type(other) == "number" && strings.ContainsAny(x, ".eE") {
					return Fix{}, false
				}
				ref, edits := jsCryptoRef(u, "randomInt")
				edits = append(edits, Edit{Start: int(grammars.Start(floor)), End: int(grammars.End(floor)), NewText: ref + "(" + x + ")"})
				return Fix{Title: "Use crypto.randomInt", Edits: edits, Preferred: true, Safe: true}, true
			}
		}
	}
	// Math.random().toString(36)[.slice(2, …)]
	chain := n
	for i := 0; i < 4; i++ {
		member := parentOf(u, chain)
		if member == nil || grammars.Type(member) != "member_expression" {
			break
		}
		call := parentOf(u, member)
		if call == nil || grammars.Type(call) != "call_expression" {
			break
		}
		method := u.Text(grammars.Field(member, "property"))
		if i == 0 && method != "toString" || i > 0 && method != "slice" && method != "substring" && method != "substr" {
			break
		}
		chain = call
	}
	if sameNode(chain, n) {
		return Fix{}, false
	}
	ref, edits := jsCryptoRef(u, "randomBytes")
	edits = append(edits, Edit{Start: int(grammars.Start(chain)), End: int(grammars.End(chain)), NewText: ref + "(16).toString(" + jsQuote(u) + "hex" + jsQuote(u) + ")"})
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
			src, _ := stringValue(u, grammars.Field(s, "source"))
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
			for j := 0; j < int(grammars.NamedChildCount(s)); j++ {
				d := grammars.NamedChildAt(s, j)
				if grammars.Type(d) != "variable_declarator" {
					continue
				}
				v := grammars.Field(d, "value")
				if v == nil || grammars.Type(v) != "call_expression" || u.Text(grammars.Field(v, "function")) != "require" {
					continue
				}
				args := grammars.Field(v, "arguments")
				if src, _ := stringValue(u, firstArg(args)); src != "crypto" && src != "node:crypto" {
					continue
				}
				name := grammars.Field(d, "name")
				switch grammars.Type(name) {
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
		at := u.LineEnd(int(grammars.End(last)))
		return "crypto." + fn, []Edit{{Start: at, End: at, NewText: nl + stmt}}
	}
	at := 0
	if firstStmt != nil {
		at = u.LineStart(int(grammars.Start(firstStmt)))
	}
	return "crypto." + fn, []Edit{{Start: at, End: at, NewText: stmt + nl + nl}}
}

// jsFromImport reads an import of the crypto module: a namespace or
// default import gives X.fn; named imports give fn, added when missing.
func jsFromImport(u *Unit, s *sitter.Node, fn string) (string, []Edit, bool) {
	var clause *sitter.Node
	for i := 0; i < int(grammars.NamedChildCount(s)); i++ {
		if c := grammars.NamedChildAt(s, i); grammars.Type(c) == "import_clause" {
			clause = c
		}
	}
	if clause == nil || strings.HasPrefix(strings.TrimSpace(u.Text(s)), "import type") {
		return "", nil, false
	}
	for i := 0; i < int(grammars.NamedChildCount(clause)); i++ {
		c := grammars.NamedChildAt(clause, i)
		switch grammars.Type(c) {
		case "identifier":
			return u.Text(c) + "." + fn, nil, true
		case "namespace_import":
			if id := grammars.NamedChildAt(c, 0); id != nil {
				return u.Text(id) + "." + fn, nil, true
			}
		case "named_imports":
			var lastSpec *sitter.Node
			for j := 0; j < int(grammars.NamedChildCount(c)); j++ {
				sp := grammars.NamedChildAt(c, j)
				if grammars.Type(sp) != "import_specifier" {
					continue
				}
				lastSpec = sp
				if u.Text(grammars.Field(sp, "name")) == fn {
					if alias := grammars.Field(sp, "alias"); alias != nil {
						return u.Text(alias), nil, true
					}
					return fn, nil, true
				}
			}
			if lastSpec == nil {
				return "", nil, false
			}
			at := int(grammars.End(lastSpec))
			return fn, []Edit{{Start: at, End: at, NewText: ", " + fn}}, true
		}
	}
	return "", nil, false
}

// jsAddToPattern handles const { randomBytes } = require("crypto").
func jsAddToPattern(u *Unit, pat *sitter.Node, fn string) (string, []Edit, bool) {
	var lastEl *sitter.Node
	for i := 0; i < int(grammars.NamedChildCount(pat)); i++ {
		el := grammars.NamedChildAt(pat, i)
		switch grammars.Type(el) {
		case "shorthand_property_identifier_pattern":
			if u.Text(el) == fn {
				return fn, nil, true
			}
			lastEl = el
		case "pair_pattern":
			if k, _ := keyName(u, grammars.Field(el, "key")); k == fn {
				return u.Text(grammars.Field(el, "value")), nil, true
			}
			lastEl = el
		case "rest_pattern":
			return "", nil, false
		}
	}
	if lastEl == nil {
		return "", nil, false
	}
	at := int(grammars.End(lastEl))
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
		if grammars.Type(pop) != "identifier" && grammars.Type(pop) != "attribute" && grammars.Type(pop) != "string" {
			return Fix{}, false
		}
		repl = "[secrets.choice(" + u.Text(pop) + ") for _ in range(" + u.Text(c.Kwargs["k"]) + ")]"
		title = "Use secrets.choice"
	default:
		return Fix{}, false
	}
	edits := []Edit{{Start: int(grammars.Start(c.Node)), End: int(grammars.End(c.Node)), NewText: repl}}
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
