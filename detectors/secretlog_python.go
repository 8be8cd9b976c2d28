package detectors

import (
	sitter "github.com/smacker/go-tree-sitter"
)

// pyLogLang is TL105 for Python.
func pyLogLang() logLang {
	return logLang{
		sink:     pyLogSink,
		leaf:     pySecretLeaf,
		through:  pyThrough,
		plain:    pyPlain,
		redact:   pyRedact,
		isString: stringValue,
	}
}

// pyLogMethods are the logging and logger methods that write their
// arguments.
var pyLogMethods = map[string]bool{
	"debug": true, "info": true, "warning": true, "warn": true, "error": true,
	"exception": true, "critical": true, "fatal": true, "log": true, "msg": true,
	"success": true, "trace": true,
}

// pyLogSink recognises print/pprint, logging.* and logger methods
// (logger, self.logger, app.logger, structlog, loguru), sys.stdout/stderr
// writes, warnings.warn, and `raise X(…)`.
func pyLogSink(u *Unit, n *sitter.Node) (logSink, bool) {
	if n.Type() == "raise_statement" {
		if n.NamedChildCount() == 0 {
			return logSink{}, false
		}
		call := n.NamedChild(0)
		if call.Type() != "call" {
			return logSink{}, false
		}
		args := call.ChildByFieldName("arguments")
		if args == nil || args.Type() != "argument_list" {
			return logSink{}, false
		}
		return logSink{Name: "raise " + lastComponent(u.Text(call.ChildByFieldName("function"))), Args: namedArgs(args), Error: true}, true
	}
	fn := n.ChildByFieldName("function")
	args := n.ChildByFieldName("arguments")
	if fn == nil || args == nil || args.Type() != "argument_list" {
		return logSink{}, false
	}
	all := namedArgs(args)
	switch fn.Type() {
	case "identifier":
		switch name := u.Text(fn); name {
		case "print", "pprint":
			return logSink{Name: name, Args: all}, true
		}
	case "attribute":
		obj := u.Text(fn.ChildByFieldName("object"))
		m := u.Text(fn.ChildByFieldName("attribute"))
		switch {
		case (obj == "sys.stdout" || obj == "sys.stderr") && m == "write":
			return logSink{Name: obj + ".write", Args: all}, true
		case obj == "warnings" && m == "warn":
			return logSink{Name: "warnings.warn", Args: all}, true
		case obj == "pprint" && m == "pprint":
			return logSink{Name: "pprint", Args: all}, true
		case pyLogMethods[m] && isLoggerReceiver(obj):
			return logSink{Name: sinkCallee(obj, m), Args: all, Format: true}, true
		}
	}
	return logSink{}, false
}

// pyGetters read a named value: request.headers.get("Authorization"),
// request.form.get("password"), os.getenv("API_KEY"), os.environ.get(…).
var pyGetters = map[string]bool{"get": true, "getenv": true, "getlist": true, "get_header": true}

// pySecretLeaf reports whether n is a secret value.
func pySecretLeaf(u *Unit, l logLang, n *sitter.Node) (string, bool) {
	switch n.Type() {
	case "identifier":
		return identSecret(u, l, n)
	case "attribute":
		return memberSecret(u.Text(n.ChildByFieldName("object")), u.Text(n.ChildByFieldName("attribute")))
	case "subscript":
		key, ok := stringValue(u, n.ChildByFieldName("subscript"))
		if !ok {
			return "", false
		}
		return memberSecret(u.Text(n.ChildByFieldName("value")), key)
	case "call":
		fn := n.ChildByFieldName("function")
		args := n.ChildByFieldName("arguments")
		if fn == nil || args == nil || args.Type() != "argument_list" {
			return "", false
		}
		var object, method string
		switch fn.Type() {
		case "attribute":
			object, method = u.Text(fn.ChildByFieldName("object")), u.Text(fn.ChildByFieldName("attribute"))
		case "identifier":
			method = u.Text(fn)
		}
		if !pyGetters[method] {
			return "", false
		}
		key, ok := stringValue(u, firstArg(args))
		if !ok {
			return "", false
		}
		return memberSecret(object, key)
	}
	return "", false
}

// pyThrough lists what n passes its value on from.
func pyThrough(u *Unit, n *sitter.Node) []flow {
	switch n.Type() {
	case "string":
		var out []flow
		prev := ""
		for i := 0; i < int(n.NamedChildCount()); i++ {
			c := n.NamedChild(i)
			switch c.Type() {
			case "string_content":
				prev = u.Text(c)
			case "interpolation":
				if e := c.ChildByFieldName("expression"); e != nil {
					out = append(out, flow{Node: e, Key: keyBefore(prev)})
				}
				prev = ""
			}
		}
		return out
	case "concatenated_string", "tuple", "list", "parenthesized_expression", "expression_list", "set":
		var out []flow
		for i := 0; i < int(n.NamedChildCount()); i++ {
			out = append(out, flow{Node: n.NamedChild(i)})
		}
		return out
	case "conditional_expression":
		if n.NamedChildCount() == 3 {
			return []flow{{Node: n.NamedChild(0)}, {Node: n.NamedChild(2)}}
		}
	case "boolean_operator":
		if op := u.Text(n.ChildByFieldName("operator")); op == "or" {
			return []flow{{Node: n.ChildByFieldName("left")}, {Node: n.ChildByFieldName("right")}}
		}
	case "binary_operator":
		left, right := n.ChildByFieldName("left"), n.ChildByFieldName("right")
		switch pyOperator(u, n) {
		case "+":
			key := ""
			if s, ok := stringValue(u, left); ok {
				key = keyBefore(s)
			}
			return []flow{{Node: left}, {Node: right, Key: key}}
		case "%":
			format, ok := stringValue(u, left)
			if !ok {
				return nil
			}
			keys := formatKeys(format)
			var vals []*sitter.Node
			if right != nil && (right.Type() == "tuple" || right.Type() == "parenthesized_expression") {
				vals = namedArgs(right)
			} else if right != nil {
				vals = []*sitter.Node{right}
			}
			out := []flow{{Node: left}}
			for i, v := range vals {
				key := ""
				if i < len(keys) {
					key = keys[i]
				}
				out = append(out, flow{Node: v, Key: key})
			}
			return out
		}
	case "dictionary":
		var out []flow
		for i := 0; i < int(n.NamedChildCount()); i++ {
			c := n.NamedChild(i)
			if c.Type() == "pair" {
				key, _ := stringValue(u, c.ChildByFieldName("key"))
				out = append(out, flow{Node: c.ChildByFieldName("value"), Key: key})
			}
		}
		return out
	case "keyword_argument":
		return []flow{{Node: n.ChildByFieldName("value"), Key: u.Text(n.ChildByFieldName("name"))}}
	case "call":
		fn := n.ChildByFieldName("function")
		args := n.ChildByFieldName("arguments")
		if fn == nil || args == nil || args.Type() != "argument_list" {
			return nil
		}
		name := u.Text(fn)
		format := fn.Type() == "attribute" && u.Text(fn.ChildByFieldName("attribute")) == "format"
		if format {
			if _, ok := ParseStringLit(u, fn.ChildByFieldName("object")); !ok {
				return nil
			}
		}
		if format || name == "str" || name == "repr" || name == "json.dumps" {
			var out []flow
			for _, a := range namedArgs(args) {
				out = append(out, flow{Node: a})
			}
			return out
		}
	}
	return nil
}

// pyPlain returns the name of a value read directly.
func pyPlain(u *Unit, n *sitter.Node) (string, bool) {
	switch n.Type() {
	case "identifier":
		return u.Text(n), true
	case "attribute":
		return u.Text(n.ChildByFieldName("attribute")), true
	case "subscript":
		if k, ok := stringValue(u, n.ChildByFieldName("subscript")); ok {
			return k, true
		}
	}
	return "", false
}

// pyRedact replaces the secret: an f-string hole becomes the text
// [REDACTED], anything else the string "[REDACTED]".
func pyRedact(u *Unit, n *sitter.Node) (Edit, bool) {
	if p := parentOf(u, n); p != nil && p.Type() == "interpolation" {
		return Edit{Start: int(p.StartByte()), End: int(p.EndByte()), NewText: "[REDACTED]"}, true
	}
	q := `"`
	if pyInsideDoubleQuotedFString(u, n) {
		q = "'"
	}
	return Edit{Start: int(n.StartByte()), End: int(n.EndByte()), NewText: q + "[REDACTED]" + q}, true
}

var pyStatementListSet = map[string]bool{"module": true, "block": true}
