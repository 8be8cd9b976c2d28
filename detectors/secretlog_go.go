package detectors

import (
	"bytes"
	"strings"

	"github.com/trustlint/trustlint/grammars"

	sitter "github.com/smacker/go-tree-sitter"
)

// goLogLang is TL105 for Go.
func goLogLang() logLang {
	return logLang{
		sink:     goLogSink,
		leaf:     goSecretLeaf,
		through:  goThrough,
		plain:    goPlain,
		redact:   goRedact,
		isString: stringValue,
	}
}

// goLogMethods are the methods of log, log/slog, zap, logrus, zerolog and
// similar loggers that write their arguments.
var goLogMethods = func() map[string]bool {
	m := map[string]bool{"Log": true, "Logf": true, "Logw": true, "LogAttrs": true, "Msg": true, "Msgf": true,
		"Str": true, "Interface": true, "Any": true, "With": true, "Output": true, "Warning": true,
		"Warningf": true, "Warningln": true}
	for _, level := range []string{"Info", "Debug", "Warn", "Error", "Fatal", "Panic", "Print", "Trace", "DPanic"} {
		for _, suffix := range []string{"", "f", "w", "ln", "Context"} {
			m[level+suffix] = true
		}
	}
	return m
}()

// goErrorFuncs are the errors-package calls that build a message.
var goErrorFuncs = map[string]bool{"New": true, "Errorf": true, "Wrap": true, "Wrapf": true, "WithMessage": true, "WithMessagef": true}

// goLogSink recognises fmt.Print*, fmt.Fprint* to os.Stdout/os.Stderr,
// log, log/slog, zap, logrus and zerolog calls, println/print/panic, and
// errors.New, fmt.Errorf and pkg/errors wrappers. It reads the callee's
// name first, from the source bytes: most calls are not sinks, and their
// arguments and receiver are then never read.
func goLogSink(u *Unit, n *sitter.Node) (logSink, bool) {
	args, ok := calleeMayName(u, n, goSinkName)
	if !ok {
		return logSink{}, false
	}
	fn := grammars.Field(n, "function")
	if fn == nil {
		return logSink{}, false
	}
	var field *sitter.Node
	switch grammars.Type(fn) {
	case "identifier":
		switch string(srcBytes(u, fn)) {
		case "println", "print", "panic":
		default:
			return logSink{}, false
		}
	case "selector_expression":
		field = grammars.Field(fn, "field")
		if !goSinkMethod(srcBytes(u, field)) {
			return logSink{}, false
		}
	default:
		return logSink{}, false
	}
	if grammars.Type(args) != "argument_list" {
		return logSink{}, false
	}
	if field == nil {
		switch name := u.Text(fn); name {
		case "println", "print":
			return logSink{Name: name, Args: namedArgs(args)}, true
		case "panic":
			return logSink{Name: name, Args: namedArgs(args), Error: true}, true
		}
		return logSink{}, false
	}
	pkg := u.Text(grammars.Field(fn, "operand"))
	m := u.Text(field)
	format := strings.HasSuffix(m, "f")
	switch {
	case pkg == "fmt" && (m == "Print" || m == "Printf" || m == "Println"):
		return logSink{Name: "fmt." + m, Args: namedArgs(args), Format: format}, true
	case pkg == "fmt" && m == "Errorf":
		return logSink{Name: "fmt.Errorf", Args: namedArgs(args), Format: true, Error: true}, true
	case pkg == "fmt" && strings.HasPrefix(m, "Fprint"):
		if all := namedArgs(args); len(all) > 1 {
			if w := u.Text(all[0]); w == "os.Stderr" || w == "os.Stdout" {
				return logSink{Name: "fmt." + m, Args: all[1:], Format: format}, true
			}
		}
	case pkg == "errors" && goErrorFuncs[m]:
		return logSink{Name: "errors." + m, Args: namedArgs(args), Format: format, Error: true}, true
	case m == "WithField" || m == "WithFields":
		return logSink{Name: m, Args: namedArgs(args)}, true
	case goLogMethods[m] && (pkg == "log" || isLoggerReceiver(pkg)):
		return logSink{Name: sinkCallee(pkg, m), Args: namedArgs(args), Format: format}, true
	}
	return logSink{}, false
}

// goSinkName reports whether a callee's identifier may name a sink: a
// builtin goLogSink accepts or a goSinkMethod.
func goSinkName(m []byte) bool {
	switch string(m) {
	case "println", "print", "panic":
		return true
	}
	return goSinkMethod(m)
}

// goSinkMethod reports whether a selector's field may name a sink: the
// union of the names goLogSink's cases test, whatever the receiver.
func goSinkMethod(m []byte) bool {
	switch string(m) {
	case "Print", "Printf", "Println", "Errorf", "WithField", "WithFields":
		return true
	}
	return bytes.HasPrefix(m, []byte("Fprint")) || goErrorFuncs[string(m)] || goLogMethods[string(m)]
}

// goGetters read a named value: r.Header.Get("Authorization"),
// r.FormValue("password"), os.Getenv("GITHUB_TOKEN").
var goGetters = map[string]bool{"Get": true, "FormValue": true, "PostFormValue": true, "Getenv": true, "GetHeader": true, "Query": true, "PostForm": true, "Param": true}

// goSecretLeaf reports whether n is a secret value.
func goSecretLeaf(u *Unit, l logLang, n *sitter.Node) (string, bool) {
	switch grammars.Type(n) {
	case "identifier":
		return identSecret(u, l, n)
	case "selector_expression":
		return memberSecret(u.Text(grammars.Field(n, "operand")), u.Text(grammars.Field(n, "field")))
	case "index_expression":
		key, ok := stringValue(u, grammars.Field(n, "index"))
		if !ok {
			return "", false
		}
		return memberSecret(u.Text(grammars.Field(n, "operand")), key)
	case "call_expression":
		fn := grammars.Field(n, "function")
		args := grammars.Field(n, "arguments")
		if fn == nil || grammars.Type(fn) != "selector_expression" || args == nil || !goGetters[u.Text(grammars.Field(fn, "field"))] {
			return "", false
		}
		key, ok := stringValue(u, firstArg(args))
		if !ok {
			return "", false
		}
		return memberSecret(u.Text(grammars.Field(fn, "operand")), key)
	}
	return "", false
}

// goKeyedFields are field constructors whose second argument is logged
// under the first: zap.String("token", t), slog.Any("password", p).
var goKeyedFields = map[string]bool{
	"zap.String": true, "zap.Any": true, "zap.Reflect": true, "slog.String": true, "slog.Any": true,
}

// goThrough lists what n passes its value on from.
func goThrough(u *Unit, n *sitter.Node) []flow {
	switch grammars.Type(n) {
	case "binary_expression":
		if goOperator(u, n) == "+" {
			left := grammars.Field(n, "left")
			key := ""
			if s, ok := stringValue(u, left); ok {
				key = keyBefore(s)
			}
			return []flow{{Node: left}, {Node: grammars.Field(n, "right"), Key: key}}
		}
	case "parenthesized_expression":
		if grammars.NamedChildCount(n) > 0 {
			return []flow{{Node: grammars.NamedChildAt(n, 0)}}
		}
	case "call_expression":
		fn := grammars.Field(n, "function")
		args := grammars.Field(n, "arguments")
		if fn == nil || args == nil {
			return nil
		}
		all := namedArgs(args)
		name := u.Text(fn)
		switch {
		case name == "fmt.Sprintf" || name == "fmt.Sprint" || name == "fmt.Sprintln":
			return goSinkFlows(u, logSink{Args: all, Format: name == "fmt.Sprintf"})
		case name == "string" && len(all) == 1:
			return []flow{{Node: all[0]}}
		case goKeyedFields[name] && len(all) == 2:
			key, _ := stringValue(u, all[0])
			return []flow{{Node: all[1], Key: key}}
		}
	case "composite_literal":
		body := grammars.Field(n, "body")
		if body == nil {
			return nil
		}
		var out []flow
		for i := 0; i < int(grammars.NamedChildCount(body)); i++ {
			c := grammars.NamedChildAt(body, i)
			switch grammars.Type(c) {
			case "keyed_element":
				if grammars.NamedChildCount(c) == 2 {
					key, _ := stringValue(u, goElementValue(grammars.NamedChildAt(c, 0)))
					out = append(out, flow{Node: goElementValue(grammars.NamedChildAt(c, 1)), Key: key})
				}
			case "literal_element":
				out = append(out, flow{Node: goElementValue(c)})
			}
		}
		return out
	}
	return nil
}

// goSinkFlows returns the flows of a nested format call's arguments.
func goSinkFlows(u *Unit, s logSink) []flow {
	return argFlows(u, goLogLang(), s)
}

// goElementValue unwraps a literal_element to its expression.
func goElementValue(n *sitter.Node) *sitter.Node {
	if n != nil && grammars.Type(n) == "literal_element" && grammars.NamedChildCount(n) > 0 {
		return grammars.NamedChildAt(n, 0)
	}
	return n
}

// goPlain returns the name of a value read directly.
func goPlain(u *Unit, n *sitter.Node) (string, bool) {
	switch grammars.Type(n) {
	case "identifier":
		return u.Text(n), true
	case "selector_expression":
		return u.Text(grammars.Field(n, "field")), true
	case "index_expression":
		if k, ok := stringValue(u, grammars.Field(n, "index")); ok {
			return k, true
		}
		return u.Text(grammars.Field(n, "operand")), true
	}
	return "", false
}

// goRedact replaces the secret with the string "[REDACTED]". A local
// variable whose every use is logged would be left unused, which Go
// rejects; no fix is offered then.
func goRedact(u *Unit, n *sitter.Node) (Edit, bool) {
	if grammars.Type(n) == "identifier" && !goUsedOutsideLogs(u, n) {
		return Edit{}, false
	}
	return Edit{Start: int(grammars.Start(n)), End: int(grammars.End(n)), NewText: `"[REDACTED]"`}, true
}

// maxUseScan bounds the nodes goUsedOutsideLogs reads in one function.
const maxUseScan = 20000

// goUsedOutsideLogs reports whether the identifier ident stays used once
// the logs stop naming it: it is not a local variable of the enclosing
// function (a parameter, a package-level name), or the function uses it
// somewhere other than a log or error sink.
func goUsedOutsideLogs(u *Unit, ident *sitter.Node) bool {
	name := u.Text(ident)
	var fn *sitter.Node
	for cur, steps := parentOf(u, ident), 0; cur != nil && steps < maxClimb; cur, steps = parentOf(u, cur), steps+1 {
		if t := grammars.Type(cur); t == "function_declaration" || t == "method_declaration" || t == "func_literal" {
			fn = cur
			break
		}
	}
	if fn == nil {
		return true
	}
	body := grammars.Field(fn, "body")
	if body == nil {
		return true
	}
	if goDeclInitIn(u, body, name) == nil {
		return true // a parameter or a package-level name
	}
	used := false
	count := 0
	stop := errStopLogWalk
	_ = walk(body, func(c *sitter.Node) error {
		count++
		if count > maxUseScan {
			used = true
			return stop
		}
		if grammars.Type(c) != "identifier" || u.Text(c) != name || goIsDeclared(u, c) || goInLogSink(u, c) {
			return nil
		}
		used = true
		return stop
	})
	return used
}

// goDeclInitIn reports the initialiser of a declaration of name directly
// in a function body's statements or nested blocks' first level.
func goDeclInitIn(u *Unit, body *sitter.Node, name string) *sitter.Node {
	var found *sitter.Node
	count := 0
	_ = walk(body, func(c *sitter.Node) error {
		count++
		if count > maxUseScan {
			return errStopLogWalk
		}
		switch grammars.Type(c) {
		case "short_var_declaration", "var_declaration":
			if init := goDeclInit(u, c, name); init != nil {
				found = init
				return errStopLogWalk
			}
		}
		return nil
	})
	return found
}

// goIsDeclared reports whether the identifier is the name a short variable
// declaration or var spec declares.
func goIsDeclared(u *Unit, id *sitter.Node) bool {
	p := parentOf(u, id)
	if p == nil {
		return false
	}
	if grammars.Type(p) == "var_spec" {
		return true
	}
	if grammars.Type(p) == "expression_list" {
		if gp := parentOf(u, p); gp != nil && grammars.Type(gp) == "short_var_declaration" && sameNode(grammars.Field(gp, "left"), p) {
			return true
		}
	}
	return false
}

// goInLogSink reports whether the identifier sits in the arguments of a
// log or error sink, a few levels up.
func goInLogSink(u *Unit, id *sitter.Node) bool {
	for cur, steps := parentOf(u, id), 0; cur != nil && steps < 8; cur, steps = parentOf(u, cur), steps+1 {
		if grammars.Type(cur) == "call_expression" {
			if _, ok := goLogSink(u, cur); ok {
				return true
			}
		}
		if t := grammars.Type(cur); strings.HasSuffix(t, "_statement") || t == "block" {
			return false
		}
	}
	return false
}

var goStatementListSet = map[string]bool{"block": true, "source_file": true, "expression_case": true, "default_case": true, "communication_case": true, "type_case": true}

// goDeclInit returns the initialiser stmt gives the variable name: x := …,
// var x = …, const x = …, x = ….
func goDeclInit(u *Unit, stmt *sitter.Node, name string) *sitter.Node {
	switch grammars.Type(stmt) {
	case "short_var_declaration", "assignment_statement":
		return goPairedValue(u, grammars.Field(stmt, "left"), grammars.Field(stmt, "right"), name)
	case "var_declaration", "const_declaration":
		var found *sitter.Node
		for i := 0; i < int(grammars.NamedChildCount(stmt)); i++ {
			spec := grammars.NamedChildAt(stmt, i)
			specs := []*sitter.Node{spec}
			if grammars.Type(spec) == "var_spec_list" {
				specs = nil
				for j := 0; j < int(grammars.NamedChildCount(spec)); j++ {
					specs = append(specs, grammars.NamedChildAt(spec, j))
				}
			}
			for _, s := range specs {
				if grammars.Type(s) != "var_spec" && grammars.Type(s) != "const_spec" {
					continue
				}
				value := grammars.Field(s, "value")
				idx := 0
				for j := 0; j < int(grammars.ChildCount(s)); j++ {
					if s.FieldNameForChild(j) != "name" {
						continue
					}
					if u.Text(grammars.ChildAt(s, j)) == name && value != nil && idx < int(grammars.NamedChildCount(value)) {
						found = grammars.NamedChildAt(value, idx)
					}
					idx++
				}
			}
		}
		return found
	}
	return nil
}

// goPairedValue returns the right-hand expression paired with name on
// the left of an assignment of equal-length lists.
func goPairedValue(u *Unit, left, right *sitter.Node, name string) *sitter.Node {
	if left == nil || right == nil || grammars.NamedChildCount(left) != grammars.NamedChildCount(right) {
		return nil
	}
	for i := 0; i < int(grammars.NamedChildCount(left)); i++ {
		if l := grammars.NamedChildAt(left, i); grammars.Type(l) == "identifier" && u.Text(l) == name {
			return grammars.NamedChildAt(right, i)
		}
	}
	return nil
}
