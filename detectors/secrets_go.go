package detectors

import (
	sitter "github.com/smacker/go-tree-sitter"
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
		(parent.Type() == "parenthesized_expression" || parent.Type() == "type_conversion_expression"); i++ {
		n, parent = parent, parentOf(u, parent)
	}
	if parent == nil {
		return t, false
	}
	switch parent.Type() {
	case "expression_list":
		idx := argIndex(parent, n)
		spec := parentOf(u, parent)
		if idx < 0 || spec == nil {
			return t, false
		}
		switch spec.Type() {
		case "const_spec", "var_spec":
			if !sameNode(spec.ChildByFieldName("value"), parent) {
				return t, false
			}
			var names []*sitter.Node
			for i := 0; i < int(spec.ChildCount()); i++ {
				if spec.FieldNameForChild(i) == "name" {
					names = append(names, spec.Child(i))
				}
			}
			if idx >= len(names) {
				return t, false
			}
			t.Name = u.Text(names[idx])
		case "short_var_declaration", "assignment_statement":
			if !sameNode(spec.ChildByFieldName("right"), parent) {
				return t, false
			}
			if op := spec.ChildByFieldName("operator"); op != nil && op.Type() != "=" {
				return t, false
			}
			left := spec.ChildByFieldName("left")
			if left == nil || idx >= int(left.NamedChildCount()) {
				return t, false
			}
			name, ok := goAssignee(u, left.NamedChild(idx))
			if !ok {
				return t, false
			}
			t.Name = name
		default:
			return t, false
		}
	case "literal_element", "keyed_element":
		elem := parent
		if parent.Type() == "literal_element" {
			elem = parentOf(u, parent)
		}
		if elem == nil || elem.Type() != "keyed_element" || elem.NamedChildCount() < 2 {
			return t, false
		}
		key, value := elem.NamedChild(0), elem.NamedChild(int(elem.NamedChildCount())-1)
		if !sameNode(value, parent) && !sameNode(value, n) {
			return t, false
		}
		if key != nil && key.Type() == "literal_element" {
			key = key.NamedChild(0)
		}
		name, ok := keyName(u, key)
		if !ok {
			return t, false
		}
		t.Name = name
	case "argument_list":
		call := parentOf(u, parent)
		if call == nil || call.Type() != "call_expression" {
			return t, false
		}
		fn := call.ChildByFieldName("function")
		if fn == nil || fn.Type() != "selector_expression" {
			return t, false
		}
		name, ok := setterKey(u, parent, n, u.Text(fn.ChildByFieldName("field")))
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
	switch left.Type() {
	case "identifier":
		return u.Text(left), true
	case "selector_expression":
		return u.Text(left.ChildByFieldName("field")), true
	case "index_expression":
		return stringValue(u, left.ChildByFieldName("index"))
	}
	return "", false
}
