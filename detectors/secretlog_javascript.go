package detectors

import (
	"bytes"
	"strings"

	"github.com/trustlint/trustlint/grammars"

	sitter "github.com/smacker/go-tree-sitter"
)

// jsLogLang is TL105 for JavaScript and TypeScript.
func jsLogLang() logLang {
	return logLang{
		sink:     jsLogSink,
		leaf:     jsSecretLeaf,
		through:  jsThrough,
		plain:    jsPlain,
		redact:   jsRedact,
		isString: stringValue,
	}
}

// jsLogMethods are the logger methods that write their arguments.
var jsLogMethods = map[string]bool{
	"log": true, "info": true, "warn": true, "warning": true, "error": true,
	"debug": true, "trace": true, "fatal": true, "verbose": true, "silly": true,
	"http": true, "notice": true, "crit": true, "critical": true, "alert": true,
	"emerg": true, "success": true,
}

// jsLogSink recognises console.*, logger methods (winston, pino, bunyan,
// NestJS Logger, fastify's req.log), process.stdout/stderr.write, the
// debug package and error constructors (new Error(…), new AuthError(…)).
// It reads the callee's name first, from the source bytes: most calls are
// not sinks, and their arguments and receiver are then never read.
func jsLogSink(u *Unit, n *sitter.Node) (logSink, bool) {
	isNew := grammars.Type(n) == "new_expression"
	name := jsSinkName
	if isNew {
		name = jsErrorName
	}
	args, ok := calleeMayName(u, n, name)
	if !ok {
		return logSink{}, false
	}
	arguments := func() (*sitter.Node, bool) {
		return args, grammars.Type(args) == "arguments"
	}
	if isNew {
		ctorNode := grammars.Field(n, "constructor")
		if b := srcBytes(u, ctorNode); bytes.HasSuffix(b, []byte("Error")) || bytes.HasSuffix(b, []byte("Exception")) {
			if args, ok := arguments(); ok {
				return logSink{Name: "new " + lastComponent(u.Text(ctorNode)), Error: true, Args: namedArgs(args)}, true
			}
		}
		return logSink{}, false
	}
	fn := grammars.Field(n, "function")
	if fn == nil {
		return logSink{}, false
	}
	switch grammars.Type(fn) {
	case "identifier":
		if string(srcBytes(u, fn)) == "debug" {
			if args, ok := arguments(); ok {
				return logSink{Name: "debug", Args: namedArgs(args), Format: true}, true
			}
		}
	case "member_expression":
		prop := grammars.Field(fn, "property")
		if !jsSinkMethod(srcBytes(u, prop)) {
			return logSink{}, false
		}
		args, ok := arguments()
		if !ok {
			return logSink{}, false
		}
		method := u.Text(prop)
		obj := u.Text(grammars.Field(fn, "object"))
		switch {
		case obj == "console":
			return logSink{Name: "console." + method, Args: namedArgs(args), Format: true}, true
		case (obj == "process.stdout" || obj == "process.stderr") && method == "write":
			return logSink{Name: obj + ".write", Args: namedArgs(args)}, true
		case jsLogMethods[method] && isLoggerReceiver(obj):
			return logSink{Name: sinkCallee(obj, method), Args: namedArgs(args), Format: true}, true
		}
	}
	return logSink{}, false
}

// jsErrorName reports whether a constructor's identifier may name an
// error class.
func jsErrorName(m []byte) bool {
	return bytes.HasSuffix(m, []byte("Error")) || bytes.HasSuffix(m, []byte("Exception"))
}

// jsSinkName reports whether a callee's identifier may name a sink: the
// debug function or a jsSinkMethod.
func jsSinkName(m []byte) bool {
	return string(m) == "debug" || jsSinkMethod(m)
}

// jsSinkMethod reports whether a member call's property may name a sink.
func jsSinkMethod(m []byte) bool {
	switch string(m) {
	case "write", "dir", "table", "assert", "group":
		return true
	}
	return jsLogMethods[string(m)]
}

// namedArgs returns the non-comment named children of an argument list.
func namedArgs(args *sitter.Node) []*sitter.Node {
	var out []*sitter.Node
	for i := 0; i < int(grammars.NamedChildCount(args)); i++ {
		if c := grammars.NamedChildAt(args, i); c != nil && grammars.Type(c) != "comment" {
			out = append(out, c)
		}
	}
	return out
}

// jsGetters are the methods whose string argument names the value they
// return: headers.get("authorization"), req.get("Cookie"),
// localStorage.getItem("token"), config.get("jwtSecret").
var jsGetters = map[string]bool{"get": true, "getItem": true, "header": true, "getHeader": true, "param": true}

// jsSecretLeaf reports whether n is a secret value.
func jsSecretLeaf(u *Unit, l logLang, n *sitter.Node) (string, bool) {
	switch grammars.Type(n) {
	case "identifier", "shorthand_property_identifier":
		return identSecret(u, l, n)
	case "member_expression":
		prop := u.Text(grammars.Field(n, "property"))
		return memberSecret(u.Text(grammars.Field(n, "object")), prop)
	case "subscript_expression":
		key, ok := stringValue(u, grammars.Field(n, "index"))
		if !ok {
			return "", false
		}
		return memberSecret(u.Text(grammars.Field(n, "object")), key)
	case "call_expression":
		fn := grammars.Field(n, "function")
		args := grammars.Field(n, "arguments")
		if fn == nil || grammars.Type(fn) != "member_expression" || args == nil || !jsGetters[u.Text(grammars.Field(fn, "property"))] {
			return "", false
		}
		key, ok := stringValue(u, firstArg(args))
		if !ok {
			return "", false
		}
		return memberSecret(u.Text(grammars.Field(fn, "object")), key)
	}
	return "", false
}

// memberSecret classifies a field, key or getter argument read from
// object: a credential name, or an authorization/cookie header read from
// headers or a request.
func memberSecret(object, key string) (string, bool) {
	kind := keyKind(key)
	if kind == "a cookie" || kind == "the Authorization header" {
		lo := strings.ToLower(object)
		if !strings.Contains(lo, "header") && !strings.Contains(lo, "req") && !strings.Contains(lo, "meta") &&
			!strings.HasPrefix(strings.ToLower(key), "http_") {
			return "", false
		}
	}
	return kind, kind != ""
}

// jsThrough lists what n passes its value on from.
func jsThrough(u *Unit, n *sitter.Node) []flow {
	switch grammars.Type(n) {
	case "template_string":
		var out []flow
		for i := 0; i < int(grammars.NamedChildCount(n)); i++ {
			c := grammars.NamedChildAt(n, i)
			if grammars.Type(c) != "template_substitution" || grammars.NamedChildCount(c) == 0 {
				continue
			}
			key := ""
			if i > 0 && grammars.Type(grammars.NamedChildAt(n, i-1)) == "string_fragment" {
				key = keyBefore(u.Text(grammars.NamedChildAt(n, i-1)))
			}
			out = append(out, flow{Node: grammars.NamedChildAt(c, 0), Key: key})
		}
		return out
	case "binary_expression":
		switch op := grammars.Field(n, "operator"); {
		case op == nil:
		case grammars.Type(op) == "+" || grammars.Type(op) == "||" || grammars.Type(op) == "??":
			left := grammars.Field(n, "left")
			key := ""
			if s, ok := stringValue(u, left); ok {
				key = keyBefore(s)
			}
			return []flow{{Node: left}, {Node: grammars.Field(n, "right"), Key: key}}
		}
	case "parenthesized_expression", "as_expression", "non_null_expression", "satisfies_expression", "await_expression", "spread_element":
		if grammars.NamedChildCount(n) > 0 {
			return []flow{{Node: grammars.NamedChildAt(n, 0)}}
		}
	case "ternary_expression":
		return []flow{{Node: grammars.Field(n, "consequence")}, {Node: grammars.Field(n, "alternative")}}
	case "object":
		var out []flow
		for i := 0; i < int(grammars.NamedChildCount(n)); i++ {
			c := grammars.NamedChildAt(n, i)
			switch grammars.Type(c) {
			case "pair":
				key, _ := keyName(u, grammars.Field(c, "key"))
				out = append(out, flow{Node: grammars.Field(c, "value"), Key: key})
			case "shorthand_property_identifier", "spread_element":
				out = append(out, flow{Node: c})
			}
		}
		return out
	case "array":
		var out []flow
		for i := 0; i < int(grammars.NamedChildCount(n)); i++ {
			out = append(out, flow{Node: grammars.NamedChildAt(n, i)})
		}
		return out
	case "call_expression":
		fn := grammars.Field(n, "function")
		args := grammars.Field(n, "arguments")
		if fn == nil || args == nil {
			return nil
		}
		switch u.Text(fn) {
		case "String", "JSON.stringify", "util.inspect", "inspect", "util.format", "format":
			var out []flow
			for _, a := range namedArgs(args) {
				out = append(out, flow{Node: a})
			}
			return out
		}
		if grammars.Type(fn) == "member_expression" && u.Text(grammars.Field(fn, "property")) == "toString" && len(namedArgs(args)) == 0 {
			return []flow{{Node: grammars.Field(fn, "object")}}
		}
	}
	return nil
}

// jsPlain returns the name of a value read directly.
func jsPlain(u *Unit, n *sitter.Node) (string, bool) {
	switch grammars.Type(n) {
	case "identifier", "shorthand_property_identifier":
		return u.Text(n), true
	case "member_expression":
		return u.Text(grammars.Field(n, "property")), true
	case "subscript_expression":
		if k, ok := stringValue(u, grammars.Field(n, "index")); ok {
			return k, true
		}
		return u.Text(grammars.Field(n, "object")), true
	}
	return "", false
}

// jsRedact replaces the secret n: inside a template the whole hole
// becomes the text [REDACTED], a shorthand property gets a redacted value,
// anything else becomes the string "[REDACTED]".
func jsRedact(u *Unit, n *sitter.Node) (Edit, bool) {
	s, e := int(grammars.Start(n)), int(grammars.End(n))
	if p := parentOf(u, n); p != nil && grammars.Type(p) == "template_substitution" {
		return Edit{Start: int(grammars.Start(p)), End: int(grammars.End(p)), NewText: "[REDACTED]"}, true
	}
	q := jsQuote(u)
	if grammars.Type(n) == "shorthand_property_identifier" {
		return Edit{Start: s, End: e, NewText: u.Text(n) + ": " + q + "[REDACTED]" + q}, true
	}
	return Edit{Start: s, End: e, NewText: q + "[REDACTED]" + q}, true
}

var jsStatementListSet = map[string]bool{"program": true, "statement_block": true, "switch_case": true, "switch_default": true}
