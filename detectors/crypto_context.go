package detectors

import (
	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// cryptoConsumer is what a value is for, read from the names around it.
type cryptoConsumer struct {
	// Names are the names that say what the value is for, nearest first:
	// the variable, field, key or parameter it reaches, the calls it goes
	// through, then the enclosing functions and class.
	Names []string
	// Args are the identifiers given to the calls the value passes
	// through (update(password), md5(fileBuffer)).
	Args []string
}

// cryptoPassThrough are calls a value passes through without changing what
// it is for; their names say nothing.
var cryptoPassThrough = map[string]bool{
	"floor": true, "round": true, "ceil": true, "trunc": true, "toString": true, "substring": true,
	"substr": true, "slice": true, "padStart": true, "padEnd": true, "charAt": true, "String": true,
	"Number": true, "parseInt": true, "toFixed": true, "join": true, "str": true, "int": true,
	"hex": true, "format": true, "append": true, "push": true, "concat": true, "Sprintf": true,
	"Itoa": true, "FormatInt": true, "string": true, "byte": true, "rune": true, "int64": true,
	"digest": true, "hexdigest": true, "update": true, "Sum": true, "EncodeToString": true,
	"toUpperCase": true, "toLowerCase": true, "upper": true, "lower": true, "encode": true,
	"from": true, "abs": true, "Abs": true, "map": true, "fill": true, "range": true, "zfill": true,
	"rjust": true, "repeat": true, "replace": true, "sprintf": true, "floor_divide": true,
}

// maxConsumerSteps bounds the climb from a value to its consumer.
const maxConsumerSteps = 24

// consumerOf climbs from n through the expressions that carry its value to
// the name it ends up under, and adds the enclosing functions' names.
func consumerOf(u *Unit, n *sitter.Node) cryptoConsumer {
	var c cryptoConsumer
	cur := n
	fam := u.Lang.Family()
climb:
	for step := 0; step < maxConsumerSteps; step++ {
		parent := parentOf(u, cur)
		if parent == nil {
			break
		}
		switch grammars.Type(parent) {
		case "parenthesized_expression", "binary_expression", "unary_expression", "binary_operator",
			"unary_operator", "template_substitution", "template_string", "ternary_expression",
			"conditional_expression", "await_expression", "as_expression", "non_null_expression",
			"spread_element", "interpolation", "string", "slice_expression", "type_conversion_expression",
			"generator_expression", "list_comprehension", "expression_list", "literal_element",
			"satisfies_expression", "array", "list", "tuple",
			"for_in_clause", "subscript", "subscript_expression", "index_expression", "member_expression",
			"attribute", "selector_expression", "sequence_expression":
			if grammars.Type(parent) == "expression_list" && fam == grammars.FamilyGo {
				if name := goListTarget(u, parent, cur); name != "" {
					c.Names = append(c.Names, name)
					break climb
				}
				if p := parentOf(u, parent); p != nil && grammars.Type(p) == "return_statement" {
					break climb
				}
			}
			cur = parent
		case "arguments", "argument_list":
			call := parentOf(u, parent)
			if call == nil {
				break climb
			}
			if grammars.Type(call) != "call_expression" && grammars.Type(call) != "call" && grammars.Type(call) != "new_expression" {
				break climb
			}
			rc, ok := readCryptoCall(u, call)
			if ok && !cryptoPassThrough[rc.Method] {
				c.Names = append(c.Names, rc.Method)
			}
			if ok {
				for _, a := range rc.Args {
					if grammars.Type(a) == "identifier" || grammars.Type(a) == "member_expression" || grammars.Type(a) == "attribute" || grammars.Type(a) == "selector_expression" {
						c.Args = append(c.Args, lastComponent(u.Text(a)))
					}
				}
			}
			cur = call
		case "call_expression", "call", "new_expression":
			// cur is the callee's object: Math.random().toString(36).
			cur = parent
		case "arrow_function", "lambda":
			// () => Math.random() - 0.5 given to sort, a key= lambda.
			cur = parent
		case "keyword_argument":
			if name := grammars.Field(parent, "name"); name != nil {
				c.Names = append(c.Names, u.Text(name))
			}
			cur = parentOf(u, parent) // the argument list: go on to the call
			if cur == nil {
				break climb
			}
		case "variable_declarator":
			if name, ok := keyName(u, grammars.Field(parent, "name")); ok {
				c.Names = append(c.Names, name)
			}
			break climb
		case "assignment_expression", "augmented_assignment_expression", "assignment", "augmented_assignment":
			left := grammars.Field(parent, "left")
			if name := assigneeName(u, left); name != "" {
				c.Names = append(c.Names, name)
			}
			break climb
		case "assignment_statement", "short_var_declaration", "var_spec", "const_spec":
			break climb
		case "pair", "keyed_element":
			key := grammars.Field(parent, "key")
			if grammars.Type(parent) == "keyed_element" && grammars.NamedChildCount(parent) >= 2 {
				key = grammars.NamedChildAt(parent, 0)
				if grammars.Type(key) == "literal_element" {
					key = grammars.NamedChildAt(key, 0)
				}
			}
			if name, ok := keyName(u, key); ok {
				c.Names = append(c.Names, name)
			}
			break climb
		case "jsx_attribute", "public_field_definition", "field_definition", "default_parameter", "typed_default_parameter":
			if k := grammars.NamedChildAt(parent, 0); k != nil {
				if name, ok := keyName(u, k); ok {
					c.Names = append(c.Names, name)
				}
			}
			break climb
		case "jsx_expression":
			cur = parent
		default:
			break climb
		}
	}
	fn := cryptoEnclosingFunc(u, n)
	for i := 0; fn != nil && i < 3; i++ {
		if name := cryptoFuncName(u, fn); name != "" {
			c.Names = append(c.Names, name)
		}
		fn = cryptoEnclosingFunc(u, fn)
	}
	if cls := enclosingClass(u, n); cls != nil {
		if name := grammars.Field(cls, "name"); name != nil {
			c.Names = append(c.Names, u.Text(name))
		}
	}
	return c
}

// goListTarget names the variable an element of a Go expression list is
// assigned to.
func goListTarget(u *Unit, list, elem *sitter.Node) string {
	holder := parentOf(u, list)
	if holder == nil {
		return ""
	}
	idx := argIndex(list, elem)
	switch grammars.Type(holder) {
	case "short_var_declaration", "assignment_statement":
		if !sameNode(grammars.Field(holder, "right"), list) {
			return ""
		}
		left := grammars.Field(holder, "left")
		if left == nil || idx < 0 || idx >= int(grammars.NamedChildCount(left)) {
			return ""
		}
		return assigneeName(u, grammars.NamedChildAt(left, idx))
	case "var_spec", "const_spec":
		var names []string
		for i := 0; i < int(grammars.ChildCount(holder)); i++ {
			if holder.FieldNameForChild(i) == "name" {
				names = append(names, u.Text(grammars.ChildAt(holder, i)))
			}
		}
		if idx >= 0 && idx < len(names) {
			return names[idx]
		}
	}
	return ""
}

// assigneeName names an assignment target in any family: x, obj.field,
// b[i] (b), headers["X-Token"] (the key).
func assigneeName(u *Unit, left *sitter.Node) string {
	if left == nil {
		return ""
	}
	switch grammars.Type(left) {
	case "identifier":
		return u.Text(left)
	case "member_expression", "attribute", "selector_expression":
		for _, f := range []string{"property", "attribute", "field"} {
			if p := grammars.Field(left, f); p != nil {
				return u.Text(p)
			}
		}
	case "subscript_expression", "subscript", "index_expression":
		for _, f := range []string{"index", "subscript"} {
			if k, ok := stringValue(u, grammars.Field(left, f)); ok {
				return k
			}
		}
		for _, f := range []string{"object", "value", "operand"} {
			if o := grammars.Field(left, f); o != nil {
				return assigneeName(u, o)
			}
		}
	case "expression_list", "pattern_list", "tuple_pattern":
		if grammars.NamedChildCount(left) > 0 {
			return assigneeName(u, grammars.NamedChildAt(left, 0))
		}
	}
	return ""
}

// enclosingClass returns the class around n, if any.
func enclosingClass(u *Unit, n *sitter.Node) *sitter.Node {
	steps := 0
	for cur := parentOf(u, n); cur != nil && steps < maxClimb; cur, steps = parentOf(u, cur), steps+1 {
		switch grammars.Type(cur) {
		case "class_declaration", "class_definition", "class":
			return cur
		}
	}
	return nil
}
