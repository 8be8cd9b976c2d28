package detectors

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
)

// jsCredentialTarget finds what a JS/TS string literal is given to: a
// variable, member or class field, an object key, a parameter default, a
// JSX attribute or a setter call's key, looking through parentheses, type
// assertions and `env || "…"` fallbacks.
func jsCredentialTarget(u *Unit, n *sitter.Node) (credTarget, bool) {
	var t credTarget
	cur := n
	for depth := 0; depth < maxTargetDepth; depth++ {
		parent := parentOf(u, cur)
		if parent == nil {
			return t, false
		}
		switch parent.Type() {
		case "parenthesized_expression", "as_expression", "satisfies_expression",
			"non_null_expression", "type_assertion", "jsx_expression":
			cur = parent
			continue
		case "binary_expression":
			op := parent.ChildByFieldName("operator")
			if op == nil || (op.Type() != "||" && op.Type() != "??") || !sameNode(parent.ChildByFieldName("right"), cur) {
				return t, false
			}
			t.Fallback = true
			if env := jsEnvRef(u, parent.ChildByFieldName("left")); env != "" {
				t.Env = env
				t.FallbackExpr = parent
			}
			cur = parent
			continue
		case "variable_declarator":
			if !sameNode(parent.ChildByFieldName("value"), cur) {
				return t, false
			}
			name := parent.ChildByFieldName("name")
			if name == nil || name.Type() != "identifier" {
				return t, false
			}
			t.Name = u.Text(name)
		case "assignment_expression":
			if !sameNode(parent.ChildByFieldName("right"), cur) {
				return t, false
			}
			name, ok := jsAssignee(u, parent.ChildByFieldName("left"))
			if !ok {
				return t, false
			}
			t.Name = name
		case "pair":
			if !sameNode(parent.ChildByFieldName("value"), cur) {
				return t, false
			}
			key := parent.ChildByFieldName("key")
			if key != nil && key.Type() == "computed_property_name" {
				key = key.NamedChild(0)
			}
			name, ok := keyName(u, key)
			if !ok {
				return t, false
			}
			t.Name = name
		case "public_field_definition", "field_definition":
			if !sameNode(parent.ChildByFieldName("value"), cur) {
				return t, false
			}
			key := parent.ChildByFieldName("name")
			if key == nil {
				key = parent.ChildByFieldName("property")
			}
			name, ok := keyName(u, key)
			if !ok {
				return t, false
			}
			t.Name = name
		case "required_parameter", "optional_parameter":
			if !sameNode(parent.ChildByFieldName("value"), cur) {
				return t, false
			}
			pat := parent.ChildByFieldName("pattern")
			if pat == nil || pat.Type() != "identifier" {
				return t, false
			}
			t.Name = u.Text(pat)
		case "assignment_pattern", "object_assignment_pattern":
			if !sameNode(parent.ChildByFieldName("right"), cur) {
				return t, false
			}
			name, ok := keyName(u, parent.ChildByFieldName("left"))
			if !ok {
				return t, false
			}
			t.Name = name
		case "jsx_attribute":
			attr := parent.NamedChild(0)
			if attr == nil || sameNode(attr, cur) {
				return t, false
			}
			if attr.Type() == "jsx_namespace_name" {
				attr = attr.NamedChild(int(attr.NamedChildCount()) - 1)
			}
			name, ok := keyName(u, attr)
			if !ok {
				return t, false
			}
			t.Name = name
		case "arguments":
			call := parentOf(u, parent)
			if call == nil || call.Type() != "call_expression" {
				return t, false
			}
			fn := call.ChildByFieldName("function")
			if fn == nil || fn.Type() != "member_expression" {
				return t, false
			}
			if jsEncoders[u.Text(fn)] || u.Text(fn.ChildByFieldName("property")) == "encode" {
				// Buffer.from("…"), new TextEncoder().encode("…").
				if argIndex(parent, cur) != 0 {
					return t, false
				}
				cur = call
				continue
			}
			name, ok := setterKey(u, parent, cur, u.Text(fn.ChildByFieldName("property")))
			if !ok {
				return t, false
			}
			t.Name = name
		default:
			return t, false
		}
		return t, t.Name != ""
	}
	return t, false
}

// jsEncoders are calls that turn a string into key bytes without changing
// what it is.
var jsEncoders = map[string]bool{"Buffer.from": true, "TextEncoder.encode": true}

// jsAssignee names the left side of an assignment: x, obj.apiKey,
// headers["Authorization"].
func jsAssignee(u *Unit, left *sitter.Node) (string, bool) {
	if left == nil {
		return "", false
	}
	switch left.Type() {
	case "identifier":
		return u.Text(left), true
	case "member_expression":
		return keyName(u, left.ChildByFieldName("property"))
	case "subscript_expression":
		return stringValue(u, left.ChildByFieldName("index"))
	}
	return "", false
}

// jsEnvRef returns X for process.env.X, process.env["X"] and
// import.meta.env.X, or "".
func jsEnvRef(u *Unit, n *sitter.Node) string {
	if n == nil {
		return ""
	}
	obj := n.ChildByFieldName("object")
	if obj == nil {
		return ""
	}
	o := u.Text(obj)
	if o != "process.env" && !strings.HasSuffix(o, ".env") {
		return ""
	}
	switch n.Type() {
	case "member_expression":
		return u.Text(n.ChildByFieldName("property"))
	case "subscript_expression":
		v, _ := stringValue(u, n.ChildByFieldName("index"))
		return v
	}
	return ""
}
