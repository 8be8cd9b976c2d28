package detectors

import (
	"strings"

	"github.com/trustlint/trustlint/grammars"

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
		switch grammars.Type(parent) {
		case "parenthesized_expression", "as_expression", "satisfies_expression",
			"non_null_expression", "type_assertion", "jsx_expression":
			cur = parent
			continue
		case "binary_expression":
			op := grammars.Field(parent, "operator")
			if op == nil || (grammars.Type(op) != "||" && grammars.Type(op) != "??") || !sameNode(grammars.Field(parent, "right"), cur) {
				return t, false
			}
			t.Fallback = true
			if env := jsEnvRef(u, grammars.Field(parent, "left")); env != "" {
				t.Env = env
				t.FallbackExpr = parent
			}
			cur = parent
			continue
		case "variable_declarator":
			if !sameNode(grammars.Field(parent, "value"), cur) {
				return t, false
			}
			name := grammars.Field(parent, "name")
			if name == nil || grammars.Type(name) != "identifier" {
				return t, false
			}
			t.Name = u.Text(name)
		case "assignment_expression":
			if !sameNode(grammars.Field(parent, "right"), cur) {
				return t, false
			}
			name, ok := jsAssignee(u, grammars.Field(parent, "left"))
			if !ok {
				return t, false
			}
			t.Name = name
		case "pair":
			if !sameNode(grammars.Field(parent, "value"), cur) {
				return t, false
			}
			key := grammars.Field(parent, "key")
			if key != nil && grammars.Type(key) == "computed_property_name" {
				key = grammars.NamedChildAt(key, 0)
			}
			name, ok := keyName(u, key)
			if !ok {
				return t, false
			}
			t.Name = name
		case "public_field_definition", "field_definition":
			if !sameNode(grammars.Field(parent, "value"), cur) {
				return t, false
			}
			key := grammars.Field(parent, "name")
			if key == nil {
				key = grammars.Field(parent, "property")
			}
			name, ok := keyName(u, key)
			if !ok {
				return t, false
			}
			t.Name = name
		case "required_parameter", "optional_parameter":
			if !sameNode(grammars.Field(parent, "value"), cur) {
				return t, false
			}
			pat := grammars.Field(parent, "pattern")
			if pat == nil || grammars.Type(pat) != "identifier" {
				return t, false
			}
			t.Name = u.Text(pat)
		case "assignment_pattern", "object_assignment_pattern":
			if !sameNode(grammars.Field(parent, "right"), cur) {
				return t, false
			}
			name, ok := keyName(u, grammars.Field(parent, "left"))
			if !ok {
				return t, false
			}
			t.Name = name
		case "jsx_attribute":
			attr := grammars.NamedChildAt(parent, 0)
			if attr == nil || sameNode(attr, cur) {
				return t, false
			}
			if grammars.Type(attr) == "jsx_namespace_name" {
				attr = grammars.NamedChildAt(attr, int(grammars.NamedChildCount(attr))-1)
			}
			name, ok := keyName(u, attr)
			if !ok {
				return t, false
			}
			t.Name = name
		case "arguments":
			call := parentOf(u, parent)
			if call == nil || grammars.Type(call) != "call_expression" {
				return t, false
			}
			fn := grammars.Field(call, "function")
			if fn == nil || grammars.Type(fn) != "member_expression" {
				return t, false
			}
			if jsEncoders[u.Text(fn)] || u.Text(grammars.Field(fn, "property")) == "encode" {
				// Buffer.from("…"), new TextEncoder().encode("…").
				if argIndex(parent, cur) != 0 {
					return t, false
				}
				cur = call
				continue
			}
			name, ok := setterKey(u, parent, cur, u.Text(grammars.Field(fn, "property")))
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
	switch grammars.Type(left) {
	case "identifier":
		return u.Text(left), true
	case "member_expression":
		return keyName(u, grammars.Field(left, "property"))
	case "subscript_expression":
		return stringValue(u, grammars.Field(left, "index"))
	}
	return "", false
}

// jsEnvRef returns X for process.env.X, process.env["X"] and
// import.meta.env.X, or "".
func jsEnvRef(u *Unit, n *sitter.Node) string {
	if n == nil {
		return ""
	}
	obj := grammars.Field(n, "object")
	if obj == nil {
		return ""
	}
	o := u.Text(obj)
	if o != "process.env" && !strings.HasSuffix(o, ".env") {
		return ""
	}
	switch grammars.Type(n) {
	case "member_expression":
		return u.Text(grammars.Field(n, "property"))
	case "subscript_expression":
		v, _ := stringValue(u, grammars.Field(n, "index"))
		return v
	}
	return ""
}
