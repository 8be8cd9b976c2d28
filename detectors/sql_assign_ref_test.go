package detectors

import (
	"context"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// TestSQLAssignmentsAgreeWithReference holds the assignment readers
// (which share one walk per scope and skip the nodes of other names from
// the source bytes) to the readers as they were, walking the scope for
// every name and reading every node: on the fixtures (and on
// $TRUSTLINT_GATE_CORPUS when set), for every identifier of a file, the
// assignments to its name in its function and at the top level must be
// the same (for the first sqlRefLookups names and scopes of a file: the
// reference walks the scope at every lookup).
func TestSQLAssignmentsAgreeWithReference(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	var lookups, found int
	for _, f := range corpusFiles(t, true, 300) {
		var ref func(*Unit, *sitter.Node, string) []sqlAssign
		var got func(*Unit, *sitter.Node, string) []sqlAssign
		switch f.lang.Family() {
		case grammars.FamilyJS:
			ref, got = jsAssignmentsRef, jsAssignments
		case grammars.FamilyGo:
			ref, got = goAssignmentsRef, goAssignments
		case grammars.FamilyPython:
			ref, got = pyAssignmentsRef, pyAssignments
		default:
			continue
		}
		tree, err := pool.Parse(context.Background(), f.lang, nil, f.src)
		if err != nil {
			t.Fatalf("%s: %v", f.path, err)
		}
		u := &Unit{Path: f.path, Lang: f.lang, Src: f.src, Tree: tree}
		root := tree.RootNode()
		type key struct {
			scope *sitter.Node
			name  string
		}
		seen := map[key]bool{}
		check := func(scope *sitter.Node, name string) {
			k := key{scope, name}
			if seen[k] {
				return
			}
			seen[k] = true
			lookups++
			want, have := ref(u, scope, name), got(u, scope, name)
			found += len(want)
			if !sameAssigns(want, have) {
				t.Errorf("%s:%d: assignments to %q: got %d, the reference %d", f.path, u.Line(int(grammars.Start(scope)))+1, name, len(have), len(want))
			}
		}
		_ = walk(root, func(n *sitter.Node) error {
			if grammars.Type(n) != "identifier" || len(seen) >= sqlRefLookups {
				return nil
			}
			name := u.Text(n)
			if scope := sqlEnclosingFunc(u, n); scope != nil {
				check(scope, name)
			}
			check(root, name)
			return nil
		})
		tree.Close()
	}
	t.Logf("%d lookups, %d assignments", lookups, found)
}

// sqlRefLookups bounds the lookups per file of the reference tests.
const sqlRefLookups = 150

// sameAssigns reports whether two assignment lists are the same.
func sameAssigns(a, b []sqlAssign) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.at != y.at || x.append != y.append || x.list != y.list || x.konst != y.konst ||
			x.node != y.node || x.value != y.value {
			return false
		}
	}
	return true
}

// jsAssignmentsRef is jsAssignments as it was before sqlScopeNodes and sqlNameMayStartAt: it collects the assignments to name in scope.
func jsAssignmentsRef(u *Unit, scope *sitter.Node, name string) []sqlAssign {
	var out []sqlAssign
	scopeWalk(u, scope, jsAssignTypes, func(n *sitter.Node) {
		switch grammars.Type(n) {
		case "variable_declarator":
			id := grammars.Field(n, "name")
			if id == nil || grammars.Type(id) != "identifier" || u.Text(id) != name {
				return
			}
			konst := false
			if d := parentOf(u, n); d != nil && grammars.Type(d) == "lexical_declaration" && grammars.ChildAt(d, 0) != nil && grammars.Type(grammars.ChildAt(d, 0)) == "const" {
				konst = true
			}
			out = append(out, sqlAssign{at: int(grammars.Start(n)), value: grammars.Field(n, "value"), konst: konst, node: n})
		case "assignment_expression":
			left := grammars.Field(n, "left")
			if left != nil && grammars.Type(left) == "identifier" && u.Text(left) == name {
				out = append(out, sqlAssign{at: int(grammars.Start(n)), value: grammars.Field(n, "right"), node: n})
			}
		case "augmented_assignment_expression":
			left := grammars.Field(n, "left")
			op := grammars.Field(n, "operator")
			if left != nil && grammars.Type(left) == "identifier" && u.Text(left) == name {
				if op == nil || u.Text(op) != "+=" {
					out = append(out, sqlAssign{at: int(grammars.Start(n)), node: n, append: true})
					return
				}
				out = append(out, sqlAssign{at: int(grammars.Start(n)), value: grammars.Field(n, "right"), append: true, node: n})
			}
		case "call_expression":
			// list.push(v)
			fn := grammars.Field(n, "function")
			if fn == nil || grammars.Type(fn) != "member_expression" || u.Text(grammars.Field(fn, "object")) != name {
				return
			}
			if m := u.Text(grammars.Field(fn, "property")); m != "push" && m != "unshift" {
				return
			}
			args := grammars.Field(n, "arguments")
			if args == nil {
				return
			}
			for i := 0; i < int(grammars.NamedChildCount(args)); i++ {
				if a := grammars.NamedChildAt(args, i); grammars.Type(a) != "comment" {
					out = append(out, sqlAssign{at: int(grammars.Start(n)), value: a, list: true, node: n})
				}
			}
		}
	})
	return out
}

// goAssignmentsRef is goAssignments as it was before sqlScopeNodes: it collects the assignments to name in scope.
func goAssignmentsRef(u *Unit, scope *sitter.Node, name string) []sqlAssign {
	var out []sqlAssign
	scopeWalk(u, scope, goAssignTypes, func(n *sitter.Node) {
		switch grammars.Type(n) {
		case "short_var_declaration", "assignment_statement":
			left, right := grammars.Field(n, "left"), grammars.Field(n, "right")
			if left == nil || right == nil {
				return
			}
			op := ":="
			if o := grammars.Field(n, "operator"); o != nil {
				op = u.Text(o)
			}
			for i := 0; i < int(grammars.NamedChildCount(left)); i++ {
				id := grammars.NamedChildAt(left, i)
				if grammars.Type(id) != "identifier" || u.Text(id) != name {
					continue
				}
				var v *sitter.Node
				if int(grammars.NamedChildCount(right)) == int(grammars.NamedChildCount(left)) {
					v = grammars.NamedChildAt(right, i)
				}
				switch {
				case op == "+=":
					out = append(out, sqlAssign{at: int(grammars.Start(n)), value: v, append: true, node: n})
				case op == ":=" || op == "=":
					if v != nil && grammars.Type(v) == "call_expression" && u.Text(grammars.Field(v, "function")) == "append" {
						// list = append(list, a, b)
						args := grammars.Field(v, "arguments")
						if args != nil && u.Text(firstArg(args)) == name && !strings.HasSuffix(u.Text(args), "...)") {
							for j := 1; j < int(grammars.NamedChildCount(args)); j++ {
								out = append(out, sqlAssign{at: int(grammars.Start(n)), value: grammars.NamedChildAt(args, j), list: true, node: n})
							}
							continue
						}
					}
					out = append(out, sqlAssign{at: int(grammars.Start(n)), value: v, node: n})
				default:
					out = append(out, sqlAssign{at: int(grammars.Start(n)), append: true, node: n})
				}
			}
		case "var_spec", "const_spec":
			var names []*sitter.Node
			for i := 0; i < int(grammars.ChildCount(n)); i++ {
				if n.FieldNameForChild(i) == "name" {
					names = append(names, grammars.ChildAt(n, i))
				}
			}
			value := grammars.Field(n, "value")
			for i, id := range names {
				if u.Text(id) != name {
					continue
				}
				var v *sitter.Node
				if value != nil && int(grammars.NamedChildCount(value)) == len(names) {
					v = grammars.NamedChildAt(value, i)
				}
				if v == nil && value == nil && grammars.Type(n) == "var_spec" {
					// var clauses []string: an empty list.
					continue
				}
				out = append(out, sqlAssign{at: int(grammars.Start(n)), value: v, konst: grammars.Type(n) == "const_spec", node: n})
			}
		}
	})
	return out
}

// pyAssignmentsRef is pyAssignments as it was before sqlScopeNodes and sqlNameMayStartAt: it collects the assignments to name in scope.
func pyAssignmentsRef(u *Unit, scope *sitter.Node, name string) []sqlAssign {
	var out []sqlAssign
	scopeWalk(u, scope, pyAssignTypes, func(n *sitter.Node) {
		switch grammars.Type(n) {
		case "assignment":
			left := grammars.Field(n, "left")
			if left != nil && grammars.Type(left) == "identifier" && u.Text(left) == name {
				out = append(out, sqlAssign{at: int(grammars.Start(n)), value: grammars.Field(n, "right"), node: n})
			}
		case "augmented_assignment":
			left := grammars.Field(n, "left")
			if left == nil || grammars.Type(left) != "identifier" || u.Text(left) != name {
				return
			}
			if pyOperator(u, n) != "+=" {
				out = append(out, sqlAssign{at: int(grammars.Start(n)), append: true, node: n})
				return
			}
			right := grammars.Field(n, "right")
			if right != nil && grammars.Type(right) == "list" {
				for i := 0; i < int(grammars.NamedChildCount(right)); i++ {
					out = append(out, sqlAssign{at: int(grammars.Start(n)), value: grammars.NamedChildAt(right, i), list: true, node: n})
				}
				return
			}
			out = append(out, sqlAssign{at: int(grammars.Start(n)), value: right, append: true, node: n})
		case "call":
			fn := grammars.Field(n, "function")
			if fn == nil || grammars.Type(fn) != "attribute" || u.Text(grammars.Field(fn, "object")) != name {
				return
			}
			if m := u.Text(grammars.Field(fn, "attribute")); m != "append" && m != "insert" {
				return
			}
			args := grammars.Field(n, "arguments")
			if args == nil || grammars.NamedChildCount(args) == 0 {
				return
			}
			v := grammars.NamedChildAt(args, int(grammars.NamedChildCount(args))-1)
			out = append(out, sqlAssign{at: int(grammars.Start(n)), value: v, list: true, node: n})
		}
	})
	return out
}
