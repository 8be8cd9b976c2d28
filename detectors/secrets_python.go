package detectors

import (
	sitter "github.com/smacker/go-tree-sitter"
	"github.com/trustlint/trustlint/grammars"
)

// pyEnvGetters are the calls whose second argument is the default of an
// environment lookup.
var pyEnvGetters = map[string]bool{
	"os.getenv": true, "getenv": true, "os.environ.get": true, "environ.get": true,
	"os.environ.setdefault": true, "environ.setdefault": true,
}

// pyCredentialTarget finds what a Python string literal is given to: an
// assignment target (name, attribute, subscript), a keyword argument, a
// dict key, a parameter default or a setter call's key, looking through
// parentheses and environment fallbacks (os.getenv("X", "…"), … or "…").
func pyCredentialTarget(u *Unit, n *sitter.Node) (credTarget, bool) {
	var t credTarget
	cur := n
	for depth := 0; depth < maxTargetDepth; depth++ {
		parent := parentOf(u, cur)
		if parent == nil {
			return t, false
		}
		switch grammars.Type(parent) {
		case "parenthesized_expression":
			cur = parent
			continue
		case "attribute":
			// "…".encode()
			call := parentOf(u, parent)
			if u.Text(grammars.Field(parent, "attribute")) != "encode" || call == nil || grammars.Type(call) != "call" {
				return t, false
			}
			cur = call
			continue
		case "boolean_operator":
			op := grammars.Field(parent, "operator")
			if op == nil || grammars.Type(op) != "or" || !sameNode(grammars.Field(parent, "right"), cur) {
				return t, false
			}
			t.Fallback = true
			if env := pyEnvRef(u, grammars.Field(parent, "left")); env != "" {
				t.Env = env
				t.FallbackExpr = parent
			}
			cur = parent
			continue
		case "argument_list":
			call := parentOf(u, parent)
			if call == nil || grammars.Type(call) != "call" {
				return t, false
			}
			fn := grammars.Field(call, "function")
			if pyEnvGetters[u.Text(fn)] && argIndex(parent, cur) == 1 {
				t.Fallback = true
				t.Env, _ = stringValue(u, firstArg(parent))
				t.FallbackExpr = call
				cur = call
				continue
			}
			if fn == nil || grammars.Type(fn) != "attribute" {
				return t, false
			}
			name, ok := setterKey(u, parent, cur, u.Text(grammars.Field(fn, "attribute")))
			if !ok {
				return t, false
			}
			t.Name = name
		case "assignment":
			if !sameNode(grammars.Field(parent, "right"), cur) {
				return t, false
			}
			name, ok := pyAssignee(u, grammars.Field(parent, "left"))
			if !ok {
				return t, false
			}
			t.Name = name
		case "keyword_argument", "default_parameter", "typed_default_parameter":
			if !sameNode(grammars.Field(parent, "value"), cur) {
				return t, false
			}
			name := grammars.Field(parent, "name")
			if name == nil || grammars.Type(name) != "identifier" {
				return t, false
			}
			t.Name = u.Text(name)
		case "pair":
			if !sameNode(grammars.Field(parent, "value"), cur) {
				return t, false
			}
			name, ok := stringValue(u, grammars.Field(parent, "key"))
			if !ok {
				return t, false
			}
			t.Name = name
		default:
			return t, false
		}
		return t, t.Name != "" || t.Env != ""
	}
	return t, false
}

// pyAssignee names an assignment target: x, self.secret_key,
// headers["Authorization"].
func pyAssignee(u *Unit, left *sitter.Node) (string, bool) {
	if left == nil {
		return "", false
	}
	switch grammars.Type(left) {
	case "identifier":
		return u.Text(left), true
	case "attribute":
		return u.Text(grammars.Field(left, "attribute")), true
	case "subscript":
		return stringValue(u, grammars.Field(left, "subscript"))
	}
	return "", false
}

// pyEnvRef returns X for os.getenv("X"), os.environ.get("X") and
// os.environ["X"], or "".
func pyEnvRef(u *Unit, n *sitter.Node) string {
	if n == nil {
		return ""
	}
	switch grammars.Type(n) {
	case "call":
		if args := grammars.Field(n, "arguments"); args != nil && pyEnvGetters[u.Text(grammars.Field(n, "function"))] {
			v, _ := stringValue(u, firstArg(args))
			return v
		}
	case "subscript":
		if v := u.Text(grammars.Field(n, "value")); v == "os.environ" || v == "environ" {
			s, _ := stringValue(u, grammars.Field(n, "subscript"))
			return s
		}
	}
	return ""
}
