package detectors

import (
	sitter "github.com/smacker/go-tree-sitter"
	"github.com/trustlint/trustlint/grammars"
)

// goCredentialTarget finds what a Go string literal is given to: a const or
// var spec, a short variable declaration or assignment, a keyed element of
// a struct or map literal, or a setter call's key
// (req.Header.Set("Authorization", …), os.Setenv("DB_PASSWORD", …)).
func goCredentialTarget(u *Unit, n *sitter.Node) (credTarget, bool) {
	var t credTarget
	parent := parentOf(u, n)
	// Look through parentheses and conversions: []byte("…").
	for i := 0; i < maxTargetDepth && parent != nil &&
		(grammars.Type(parent) == "parenthesized_expression" || grammars.Type(parent) == "type_conversion_expression"); i++ {
		n, parent = parent, parentOf(u, parent)
	}
	if parent == nil {
		return t, false
	}
	switch grammars.Type(parent) {
	case "expression_list":
		idx := argIndex(parent, n)
		spec := parentOf(u, parent)
		if idx < 0 || spec == nil {
			return t, false
		}
		switch grammars.Type(spec) {
		case "const_spec", "var_spec":
			if !sameNode(grammars.Field(spec, "value"), parent) {
				return t, false
			}
			var names []*sitter.Node
			for i := 0; i < int(grammars.ChildCount(spec)); i++ {
				if spec.FieldNameForChild(i) == "name" {
					names = append(names, grammars.ChildAt(spec, i))
				}
			}
			if idx >= len(names) {
				return t, false
			}
			t.Name = u.Text(names[idx])
		case "short_var_declaration", "assignment_statement":
			if !sameNode(grammars.Field(spec, "right"), parent) {
				return t, false
			}
			if op := grammars.Field(spec, "operator"); op != nil && grammars.Type(op) != "=" {
				return t, false
			}
			left := grammars.Field(spec, "left")
			if left == nil || idx >= int(grammars.NamedChildCount(left)) {
				return t, false
			}
			name, ok := goAssignee(u, grammars.NamedChildAt(left, idx))
			if !ok {
				return t, false
			}
			t.Name = name
		default:
			return t, false
		}
	case "literal_element", "keyed_element":
		elem := parent
		if grammars.Type(parent) == "literal_element" {
			elem = parentOf(u, parent)
		}
		if elem == nil || grammars.Type(elem) != "keyed_element" || grammars.NamedChildCount(elem) < 2 {
			return t, false
		}
		key, value := grammars.NamedChildAt(elem, 0), grammars.NamedChildAt(elem, int(grammars.NamedChildCount(elem))-1)
		if !sameNode(value, parent) && !sameNode(value, n) {
			return t, false
		}
		if key != nil && grammars.Type(key) == "literal_element" {
			key = grammars.NamedChildAt(key, 0)
		}
		name, ok := keyName(u, key)
		if !ok {
			return t, false
		}
		t.Name = name
	case "argument_list":
		call := parentOf(u, parent)
		if call == nil || grammars.Type(call) != "call_expression" {
			return t, false
		}
		fn := grammars.Field(call, "function")
		if fn == nil || grammars.Type(fn) != "selector_expression" {
			return t, false
		}
		name, ok := setterKey(u, parent, n, u.Text(grammars.Field(fn, "field")))
		if !ok {
			return t, false
		}
		t.Name = name
	default:
		return t, false
	}
	return t, t.Name != ""
}

// goAssignee names the left side of an assignment: x, cfg.Password,
// m["token"].
func goAssignee(u *Unit, left *sitter.Node) (string, bool) {
	if left == nil {
		return "", false
	}
	switch grammars.Type(left) {
	case "identifier":
		return u.Text(left), true
	case "selector_expression":
		return u.Text(grammars.Field(left, "field")), true
	case "index_expression":
		return stringValue(u, grammars.Field(left, "index"))
	}
	return "", false
}
