package detectors

import (
	sitter "github.com/smacker/go-tree-sitter"
	"github.com/trustlint/trustlint/grammars"
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
	if grammars.Type(n) == "raise_statement" {
		if grammars.NamedChildCount(n) == 0 {
			return logSink{}, false
		}
		call := grammars.NamedChildAt(n, 0)
		if grammars.Type(call) != "call" {
			return logSink{}, false
		}
		args := grammars.Field(call, "arguments")
		if args == nil || grammars.Type(args) != "argument_list" {
			return logSink{}, false
		}
		return logSink{Name: "raise " + lastComponent(u.Text(grammars.Field(call, "function"))), Args: namedArgs(args), Error: true}, true
	}
	args, ok := calleeMayName(u, n, pySinkName)
	if !ok {
		return logSink{}, false
	}
	fn := grammars.Field(n, "function")
	if fn == nil {
		return logSink{}, false
	}
	// The callee's name first, from the source bytes: most calls are not
	// sinks, and their arguments and receiver are then never read.
	var attr *sitter.Node
	switch grammars.Type(fn) {
	case "identifier":
		if b := string(srcBytes(u, fn)); b != "print" && b != "pprint" {
			return logSink{}, false
		}
	case "attribute":
		attr = grammars.Field(fn, "attribute")
		if m := string(srcBytes(u, attr)); m != "write" && m != "warn" && m != "pprint" && !pyLogMethods[m] {
			return logSink{}, false
		}
	default:
		return logSink{}, false
	}
	if grammars.Type(args) != "argument_list" {
		return logSink{}, false
	}
	if attr == nil {
		name := u.Text(fn)
		return logSink{Name: name, Args: namedArgs(args)}, true
	}
	obj := u.Text(grammars.Field(fn, "object"))
	m := u.Text(attr)
	switch {
	case (obj == "sys.stdout" || obj == "sys.stderr") && m == "write":
		return logSink{Name: obj + ".write", Args: namedArgs(args)}, true
	case obj == "warnings" && m == "warn":
		return logSink{Name: "warnings.warn", Args: namedArgs(args)}, true
	case obj == "pprint" && m == "pprint":
		return logSink{Name: "pprint", Args: namedArgs(args)}, true
	case pyLogMethods[m] && isLoggerReceiver(obj):
		return logSink{Name: sinkCallee(obj, m), Args: namedArgs(args), Format: true}, true
	}
	return logSink{}, false
}

// pySinkName reports whether a callee's identifier may name a sink.
func pySinkName(m []byte) bool {
	switch string(m) {
	case "print", "pprint", "write", "warn":
		return true
	}
	return pyLogMethods[string(m)]
}

// pyGetters read a named value: request.headers.get("Authorization"),
// request.form.get("password"), os.getenv("API_KEY"), os.environ.get(…).
var pyGetters = map[string]bool{"get": true, "getenv": true, "getlist": true, "get_header": true}

// pySecretLeaf reports whether n is a secret value.
func pySecretLeaf(u *Unit, l logLang, n *sitter.Node) (string, bool) {
	switch grammars.Type(n) {
	case "identifier":
		return identSecret(u, l, n)
	case "attribute":
		return memberSecret(u.Text(grammars.Field(n, "object")), u.Text(grammars.Field(n, "attribute")))
	case "subscript":
		key, ok := stringValue(u, grammars.Field(n, "subscript"))
		if !ok {
			return "", false
		}
		return memberSecret(u.Text(grammars.Field(n, "value")), key)
	case "call":
		fn := grammars.Field(n, "function")
		args := grammars.Field(n, "arguments")
		if fn == nil || args == nil || grammars.Type(args) != "argument_list" {
			return "", false
		}
		var object, method string
		switch grammars.Type(fn) {
		case "attribute":
			object, method = u.Text(grammars.Field(fn, "object")), u.Text(grammars.Field(fn, "attribute"))
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
	switch grammars.Type(n) {
	case "string":
		var out []flow
		prev := ""
		for i := 0; i < int(grammars.NamedChildCount(n)); i++ {
			c := grammars.NamedChildAt(n, i)
			switch grammars.Type(c) {
			case "string_content":
				prev = u.Text(c)
			case "interpolation":
				if e := grammars.Field(c, "expression"); e != nil {
					out = append(out, flow{Node: e, Key: keyBefore(prev)})
				}
				prev = ""
			}
		}
		return out
	case "concatenated_string", "tuple", "list", "parenthesized_expression", "expression_list", "set":
		var out []flow
		for i := 0; i < int(grammars.NamedChildCount(n)); i++ {
			out = append(out, flow{Node: grammars.NamedChildAt(n, i)})
		}
		return out
	case "conditional_expression":
		if grammars.NamedChildCount(n) == 3 {
			return []flow{{Node: grammars.NamedChildAt(n, 0)}, {Node: grammars.NamedChildAt(n, 2)}}
		}
	case "boolean_operator":
		if op := u.Text(grammars.Field(n, "operator")); op == "or" {
			return []flow{{Node: grammars.Field(n, "left")}, {Node: grammars.Field(n, "right")}}
		}
	case "binary_operator":
		left, right := grammars.Field(n, "left"), grammars.Field(n, "right")
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
			if right != nil && (grammars.Type(right) == "tuple" || grammars.Type(right) == "parenthesized_expression") {
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
		for i := 0; i < int(grammars.NamedChildCount(n)); i++ {
			c := grammars.NamedChildAt(n, i)
			if grammars.Type(c) == "pair" {
				key, _ := stringValue(u, grammars.Field(c, "key"))
				out = append(out, flow{Node: grammars.Field(c, "value"), Key: key})
			}
		}
		return out
	case "keyword_argument":
		return []flow{{Node: grammars.Field(n, "value"), Key: u.Text(grammars.Field(n, "name"))}}
	case "call":
		fn := grammars.Field(n, "function")
		args := grammars.Field(n, "arguments")
		if fn == nil || args == nil || grammars.Type(args) != "argument_list" {
			return nil
		}
		name := u.Text(fn)
		format := grammars.Type(fn) == "attribute" && u.Text(grammars.Field(fn, "attribute")) == "format"
		if format {
			if _, ok := ParseStringLit(u, grammars.Field(fn, "object")); !ok {
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
	switch grammars.Type(n) {
	case "identifier":
		return u.Text(n), true
	case "attribute":
		return u.Text(grammars.Field(n, "attribute")), true
	case "subscript":
		if k, ok := stringValue(u, grammars.Field(n, "subscript")); ok {
			return k, true
		}
	}
	return "", false
}

// pyRedact replaces the secret: an f-string hole becomes the text
// [REDACTED], anything else the string "[REDACTED]".
func pyRedact(u *Unit, n *sitter.Node) (Edit, bool) {
	if p := parentOf(u, n); p != nil && grammars.Type(p) == "interpolation" {
		return Edit{Start: int(grammars.Start(p)), End: int(grammars.End(p)), NewText: "[REDACTED]"}, true
	}
	q := `"`
	if pyInsideDoubleQuotedFString(u, n) {
		q = "'"
	}
	return Edit{Start: int(grammars.Start(n)), End: int(grammars.End(n)), NewText: q + "[REDACTED]" + q}, true
}

var pyStatementListSet = map[string]bool{"module": true, "block": true}
