package detectors

import (
	sitter "github.com/smacker/go-tree-sitter"
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
		switch parent.Type() {
		case "parenthesized_expression":
			cur = parent
			continue
		case "attribute":
			// "…".encode()
			call := parentOf(u, parent)
			if u.Text(parent.ChildByFieldName("attribute")) != "encode" || call == nil || call.Type() != "call" {
				return t, false
			}
			cur = call
			continue
		case "boolean_operator":
			op := parent.ChildByFieldName("operator")
			if op == nil || op.Type() != "or" || !sameNode(parent.ChildByFieldName("right"), cur) {
				return t, false
			}
			t.Fallback = true
			if env := pyEnvRef(u, parent.ChildByFieldName("left")); env != "" {
				t.Env = env
				t.FallbackExpr = parent
			}
			cur = parent
			continue
		case "argument_list":
			call := parentOf(u, parent)
			if call == nil || call.Type() != "call" {
				return t, false
			}
			fn := call.ChildByFieldName("function")
			if pyEnvGetters[u.Text(fn)] && argIndex(parent, cur) == 1 {
				t.Fallback = true
				t.Env, _ = stringValue(u, firstArg(parent))
				t.FallbackExpr = call
				cur = call
				continue
			}
			if fn == nil || fn.Type() != "attribute" {
				return t, false
			}
			name, ok := setterKey(u, parent, cur, u.Text(fn.ChildByFieldName("attribute")))
			if !ok {
				return t, false
			}
			t.Name = name
		case "assignment":
			if !sameNode(parent.ChildByFieldName("right"), cur) {
				return t, false
			}
			name, ok := pyAssignee(u, parent.ChildByFieldName("left"))
			if !ok {
				return t, false
			}
			t.Name = name
		case "keyword_argument", "default_parameter", "typed_default_parameter":
			if !sameNode(parent.ChildByFieldName("value"), cur) {
				return t, false
			}
			name := parent.ChildByFieldName("name")
			if name == nil || name.Type() != "identifier" {
				return t, false
			}
			t.Name = u.Text(name)
		case "pair":
			if !sameNode(parent.ChildByFieldName("value"), cur) {
				return t, false
			}
			name, ok := stringValue(u, parent.ChildByFieldName("key"))
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
	switch left.Type() {
	case "identifier":
		return u.Text(left), true
	case "attribute":
		return u.Text(left.ChildByFieldName("attribute")), true
	case "subscript":
		return stringValue(u, left.ChildByFieldName("subscript"))
	}
	return "", false
}

// pyEnvRef returns X for os.getenv("X"), os.environ.get("X") and
// os.environ["X"], or "".
func pyEnvRef(u *Unit, n *sitter.Node) string {
	if n == nil {
		return ""
	}
	switch n.Type() {
	case "call":
		if args := n.ChildByFieldName("arguments"); args != nil && pyEnvGetters[u.Text(n.ChildByFieldName("function"))] {
			v, _ := stringValue(u, firstArg(args))
			return v
		}
	case "subscript":
		if v := u.Text(n.ChildByFieldName("value")); v == "os.environ" || v == "environ" {
			s, _ := stringValue(u, n.ChildByFieldName("subscript"))
			return s
		}
	}
	return ""
}
