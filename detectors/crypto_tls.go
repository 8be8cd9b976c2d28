package detectors

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// tlsKinds are the nodes TL305 inspects: option pairs and keyword
// arguments, assignments, and (Python) calls and attributes.
var tlsKinds = map[grammars.Family][]string{
	grammars.FamilyJS:     {"pair", "assignment_expression"},
	grammars.FamilyGo:     {"keyed_element", "assignment_statement"},
	grammars.FamilyPython: {"keyword_argument", "assignment", "call", "attribute"},
}

// visitTLSDisabled reports switched-off certificate or hostname
// verification (TL305), with a fix that removes the override or sets the
// secure value.
func visitTLSDisabled(p *Pass, n *sitter.Node) {
	if p.IsTestFile() {
		return
	}
	switch p.Lang.Family() {
	case grammars.FamilyJS:
		jsTLS(p, n)
	case grammars.FamilyGo:
		goTLS(p, n)
	case grammars.FamilyPython:
		pyTLS(p, n)
	}
}

const tlsAdvice = ": anyone on the network path can read and change the traffic. Trust the server's CA instead (a CA bundle option, NODE_EXTRA_CA_CERTS, RootCAs, verify=\"/path/ca.pem\")"

func reportTLS(p *Pass, n *sitter.Node, what string, fix Fix, ok bool) {
	f := Finding{Start: int(grammars.Start(n)), End: int(grammars.End(n)), Message: what + tlsAdvice}
	if ok {
		f.Fixes = append(f.Fixes, fix)
	}
	p.Report(f)
}

func jsTLS(p *Pass, n *sitter.Node) {
	u := p.Unit
	switch grammars.Type(n) {
	case "pair":
		key, ok := keyName(u, grammars.Field(n, "key"))
		if !ok {
			return
		}
		v := grammars.Field(n, "value")
		switch {
		case (key == "rejectUnauthorized" || key == "strictSSL") && v != nil && (grammars.Type(v) == "false" || u.Text(v) == "0"):
			fix, ok := removeElementFix(u, n, "Remove "+key+": false")
			if !ok {
				fix, ok = Fix{Title: "Set " + key + " to true", Edits: []Edit{{Start: int(grammars.Start(v)), End: int(grammars.End(v)), NewText: "true"}}, Preferred: true, Safe: true}, true
			}
			reportTLS(p, n, key+": false turns off certificate verification", fix, ok)
		case key == "checkServerIdentity" && v != nil && jsNoopFunction(u, v):
			fix, ok := removeElementFix(u, n, "Remove the checkServerIdentity override")
			reportTLS(p, n, "A checkServerIdentity that accepts everything turns off hostname verification", fix, ok)
		}
	case "assignment_expression":
		left, right := grammars.Field(n, "left"), grammars.Field(n, "right")
		if left == nil || right == nil {
			return
		}
		name := assigneeName(u, left)
		switch {
		case name == "NODE_TLS_REJECT_UNAUTHORIZED" && strings.Contains(u.Text(left), "env"):
			if v, ok := stringValue(u, right); !(ok && v == "0") && u.Text(right) != "0" {
				return
			}
			fix, ok := removeStatementFix(u, n, "Remove the NODE_TLS_REJECT_UNAUTHORIZED override")
			reportTLS(p, n, "NODE_TLS_REJECT_UNAUTHORIZED=0 turns off certificate verification for every request of the process", fix, ok)
		case name == "rejectUnauthorized" && grammars.Type(right) == "false":
			fix, ok := removeStatementFix(u, n, "Remove the rejectUnauthorized override")
			reportTLS(p, n, "rejectUnauthorized = false turns off certificate verification", fix, ok)
		}
	}
}

// jsNoopFunction reports whether v is a function that returns nothing
// (checkServerIdentity: () => undefined).
func jsNoopFunction(u *Unit, v *sitter.Node) bool {
	if grammars.Type(v) != "arrow_function" && grammars.Type(v) != "function_expression" && grammars.Type(v) != "function" {
		return false
	}
	body := grammars.Field(v, "body")
	if body == nil {
		return false
	}
	t := strings.TrimSpace(u.Text(body))
	switch t {
	case "{}", "undefined", "null", "{ return undefined; }", "{ return undefined }", "{ return; }", "{ return }", "{ return null; }", "{ return null }":
		return true
	}
	return strings.Join(strings.Fields(t), "") == "{}"
}

func goTLS(p *Pass, n *sitter.Node) {
	u := p.Unit
	switch grammars.Type(n) {
	case "keyed_element":
		// The key's text is the word (escapes stay as written in an
		// identifier or a literal_element's text).
		if !spanHoldsWord(u, n, "InsecureSkipVerify") || grammars.NamedChildCount(n) < 2 {
			return
		}
		key, value := grammars.NamedChildAt(n, 0), grammars.NamedChildAt(n, int(grammars.NamedChildCount(n))-1)
		if strings.TrimSpace(u.Text(key)) != "InsecureSkipVerify" || strings.TrimSpace(u.Text(value)) != "true" {
			return
		}
		fix, ok := removeElementFix(u, n, "Remove InsecureSkipVerify: true")
		if ok {
			fix.Edits, ok = goFormatted(u, fix.Edits)
		}
		reportTLS(p, n, "InsecureSkipVerify: true turns off certificate and hostname verification", fix, ok)
	case "assignment_statement":
		// The value's text is "true" (the target's name may be a string
		// key, read with its escapes decoded).
		if !spanHoldsWord(u, n, "true") {
			return
		}
		left, right := grammars.Field(n, "left"), grammars.Field(n, "right")
		if left == nil || right == nil || grammars.NamedChildCount(left) != 1 || grammars.NamedChildCount(right) != 1 {
			return
		}
		if assigneeName(u, grammars.NamedChildAt(left, 0)) != "InsecureSkipVerify" || u.Text(grammars.NamedChildAt(right, 0)) != "true" {
			return
		}
		fix, ok := removeStatementFix(u, n, "Remove the InsecureSkipVerify override")
		if ok {
			fix.Edits, ok = goFormatted(u, fix.Edits)
		}
		reportTLS(p, n, "InsecureSkipVerify = true turns off certificate and hostname verification", fix, ok)
	}
}

// pyHTTPRoots are the names whose calls take requests/httpx options.
var pyHTTPRoots = map[string]bool{"requests": true, "httpx": true, "aiohttp": true}

// pyHTTPMethods are the client methods that take verify=.
var pyHTTPMethods = map[string]bool{
	"get": true, "post": true, "put": true, "patch": true, "delete": true, "head": true, "options": true,
	"request": true, "send": true, "stream": true, "Client": true, "AsyncClient": true, "Session": true,
	"TCPConnector": true, "ClientSession": true, "ws_connect": true, "AsyncHTTPTransport": true, "HTTPTransport": true,
}

func pyTLS(p *Pass, n *sitter.Node) {
	u := p.Unit
	switch grammars.Type(n) {
	case "keyword_argument":
		name := u.Text(grammars.Field(n, "name"))
		v := grammars.Field(n, "value")
		if v == nil || grammars.Type(v) != "false" || (name != "verify" && name != "ssl" && name != "verify_ssl") {
			return
		}
		call := parentOf(u, n)
		if call != nil {
			call = parentOf(u, call)
		}
		if call == nil || grammars.Type(call) != "call" {
			return
		}
		callee := cryptoCompact(u.Text(grammars.Field(call, "function")))
		root, _, _ := strings.Cut(callee, ".")
		method := lastComponent(callee)
		lower := strings.ToLower(callee)
		httpish := pyHTTPRoots[root] || pyHTTPMethods[method] && (strings.Contains(lower, "session") || strings.Contains(lower, "client") || strings.Contains(lower, "http") || root == "s")
		if !httpish {
			return
		}
		fix, ok := removeElementFix(u, n, "Remove "+name+"=False")
		reportTLS(p, n, name+"=False turns off certificate verification", fix, ok)
	case "assignment":
		left, right := grammars.Field(n, "left"), grammars.Field(n, "right")
		if left == nil || right == nil || grammars.Type(left) != "attribute" {
			return
		}
		attr := u.Text(grammars.Field(left, "attribute"))
		switch {
		case attr == "verify" && grammars.Type(right) == "false" && strings.Contains(strings.ToLower(u.Text(grammars.Field(left, "object"))), "session"):
			fix, ok := removeStatementFix(u, n, "Remove the verify = False override")
			reportTLS(p, n, "session.verify = False turns off certificate verification", fix, ok)
		case attr == "check_hostname" && grammars.Type(right) == "false":
			fix := Fix{Title: "Set check_hostname to True", Edits: []Edit{{Start: int(grammars.Start(right)), End: int(grammars.End(right)), NewText: "True"}}, Preferred: true, Safe: true}
			// Python refuses check_hostname = True while verify_mode is
			// CERT_NONE: the fix raises those to CERT_REQUIRED too (the
			// same edits as their own findings' fixes).
			scope := cryptoEnclosingFunc(u, n)
			if scope == nil {
				scope = u.Tree.RootNode()
			}
			_ = walk(scope, func(a *sitter.Node) error {
				if grammars.Type(a) == "attribute" && u.Text(a) == "ssl.CERT_NONE" {
					fix.Title = "Set check_hostname to True and verify_mode to CERT_REQUIRED"
					fix.Edits = append(fix.Edits, Edit{Start: int(grammars.Start(a)), End: int(grammars.End(a)), NewText: "ssl.CERT_REQUIRED"})
				}
				return nil
			})
			reportTLS(p, n, "check_hostname = False turns off hostname verification", fix, true)
		case u.Text(left) == "ssl._create_default_https_context" && strings.HasSuffix(u.Text(right), "_create_unverified_context"):
			fix, ok := removeStatementFix(u, n, "Remove the unverified default context")
			reportTLS(p, n, "Replacing the default HTTPS context with an unverified one turns off certificate verification for the whole process", fix, ok)
		}
	case "call":
		// The callee's last name is one identifier, written whole.
		if !u.srcContains("_create_unverified_context") {
			return
		}
		callee := cryptoCompact(u.Text(grammars.Field(n, "function")))
		if callee != "ssl._create_unverified_context" {
			return
		}
		fn := grammars.Field(n, "function")
		fix := Fix{Title: "Use ssl.create_default_context()", Edits: []Edit{{Start: int(grammars.Start(fn)), End: int(grammars.End(fn)), NewText: "ssl.create_default_context"}}, Preferred: true, Safe: true}
		args := grammars.Field(n, "arguments")
		ok := args != nil && grammars.NamedChildCount(args) == 0
		reportTLS(p, n, "ssl._create_unverified_context() turns off certificate and hostname verification", fix, ok)
	case "attribute":
		if !u.srcContains("ssl.CERT_NONE") || u.Text(n) != "ssl.CERT_NONE" {
			return
		}
		if parent := parentOf(u, n); parent != nil && grammars.Type(parent) == "comparison_operator" {
			// `mode != ssl.CERT_NONE` checks the setting; it sets nothing.
			return
		}
		fix := Fix{Title: "Use ssl.CERT_REQUIRED", Edits: []Edit{{Start: int(grammars.Start(n)), End: int(grammars.End(n)), NewText: "ssl.CERT_REQUIRED"}}, Preferred: true, Safe: true}
		reportTLS(p, n, "ssl.CERT_NONE turns off certificate verification", fix, true)
	}
}

// removeElementFix deletes n from its comma-separated list (an object's
// pairs, a call's arguments, a composite literal's elements): its whole
// line when it stands alone on it, otherwise with the comma before or
// after it.
func removeElementFix(u *Unit, n *sitter.Node, title string) (Fix, bool) {
	start, end := int(grammars.Start(n)), int(grammars.End(n))
	lineStart := u.LineStart(start)
	lineEnd := u.LineEnd(end)
	rest := strings.TrimSpace(string(u.Src[end:lineEnd]))
	rest = strings.TrimPrefix(rest, ",")
	rest = strings.TrimSpace(rest)
	if startsLine(u, start) && (rest == "" || strings.HasPrefix(rest, "//") || strings.HasPrefix(rest, "#")) {
		cut := lineEnd
		if cut < len(u.Src) && u.Src[cut] == '\r' {
			cut++
		}
		if cut < len(u.Src) && u.Src[cut] == '\n' {
			cut++
		}
		return Fix{Title: title, Edits: []Edit{{Start: lineStart, End: cut, NewText: ""}}, Preferred: true, Safe: true}, true
	}
	list := parentOf(u, n)
	if list == nil {
		return Fix{}, false
	}
	var prev, next *sitter.Node
	for i := 0; i < int(grammars.NamedChildCount(list)); i++ {
		c := grammars.NamedChildAt(list, i)
		if grammars.Type(c) == "comment" {
			continue
		}
		if sameNode(c, n) {
			for j := i + 1; j < int(grammars.NamedChildCount(list)); j++ {
				if d := grammars.NamedChildAt(list, j); grammars.Type(d) != "comment" {
					next = d
					break
				}
			}
			break
		}
		prev = c
	}
	switch {
	case prev != nil:
		if strings.ContainsAny(string(u.Src[grammars.End(prev):start]), "/#") {
			return Fix{}, false
		}
		return Fix{Title: title, Edits: []Edit{{Start: int(grammars.End(prev)), End: end, NewText: ""}}, Preferred: true, Safe: true}, true
	case next != nil:
		if strings.ContainsAny(string(u.Src[end:grammars.Start(next)]), "/#") {
			return Fix{}, false
		}
		return Fix{Title: title, Edits: []Edit{{Start: start, End: int(grammars.Start(next)), NewText: ""}}, Preferred: true, Safe: true}, true
	}
	// The only element: drop it and a trailing comma.
	if end < len(u.Src) && u.Src[end] == ',' {
		end++
	}
	return Fix{Title: title, Edits: []Edit{{Start: start, End: end, NewText: ""}}, Preferred: true, Safe: true}, true
}

// removeStatementFix deletes the statement holding the expression n when
// it stands alone on its lines and its block keeps another statement.
func removeStatementFix(u *Unit, n *sitter.Node, title string) (Fix, bool) {
	stmt := n
	if p := parentOf(u, n); p != nil && grammars.Type(p) == "expression_statement" {
		stmt = p
	}
	if p := parentOf(u, stmt); p != nil && grammars.Type(p) == "expression_list" {
		return Fix{}, false
	}
	start, end := int(grammars.Start(stmt)), int(grammars.End(stmt))
	if !startsLine(u, start) {
		return Fix{}, false
	}
	lineEnd := u.LineEnd(end)
	rest := strings.TrimSpace(string(u.Src[end:lineEnd]))
	if rest != "" && !strings.HasPrefix(rest, "//") && !strings.HasPrefix(rest, "#") {
		return Fix{}, false
	}
	if block := parentOf(u, stmt); block != nil && u.Lang.Family() == grammars.FamilyPython && grammars.Type(block) == "block" {
		others := 0
		for i := 0; i < int(grammars.NamedChildCount(block)); i++ {
			if c := grammars.NamedChildAt(block, i); grammars.Type(c) != "comment" && !sameNode(c, stmt) {
				others++
			}
		}
		if others == 0 {
			return Fix{}, false
		}
	}
	cut := lineEnd
	if cut < len(u.Src) && u.Src[cut] == '\r' {
		cut++
	}
	if cut < len(u.Src) && u.Src[cut] == '\n' {
		cut++
	}
	return Fix{Title: title, Edits: []Edit{{Start: u.LineStart(start), End: cut, NewText: ""}}, Preferred: true, Safe: true}, true
}
