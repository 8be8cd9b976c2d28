package detectors

import (
	"regexp"
	"strings"

	"github.com/trustlint/trustlint/grammars"

	sitter "github.com/smacker/go-tree-sitter"
)

// goRouteMethods are the route registrations of net/http, gorilla/mux,
// chi, gin, echo and fiber whose first argument is a path; goAnyMethod
// marks those that accept every method.
var goRouteMethods = map[string]bool{
	"HandleFunc": true, "Handle": true, "Post": true, "POST": true, "Put": true, "PUT": true,
	"Patch": true, "PATCH": true, "Any": true, "Match": false,
}

var goAnyMethod = map[string]bool{"HandleFunc": true, "Handle": true, "Any": true}

// goMethodPrefixRE matches Go 1.22 mux patterns that name a method.
var goMethodPrefixRE = regexp.MustCompile(`^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\s+`)

// goReadsFormRE matches a handler that reads submitted credentials (what
// tells a POST login from the page that renders its form).
var goReadsFormRE = regexp.MustCompile(`FormValue|PostForm|ParseForm|ParseMultipartForm|\.Body\b|Decode\(|MethodPost|"POST"|Bind|ShouldBind|BodyParser|password|Password`)

// visitRateLimitGo reports a net/http, gorilla, chi, gin, echo or fiber
// route that signs users in with no rate limiting in scope (TL207).
func visitRateLimitGo(p *Pass, n *sitter.Node) {
	u := p.Unit
	fn := grammars.Field(n, "function")
	args := grammars.Field(n, "arguments")
	if fn == nil || args == nil || grammars.Type(fn) != "selector_expression" {
		return
	}
	method := u.Text(grammars.Field(fn, "field"))
	if !goRouteMethods[method] {
		return
	}
	list := jsArgs(args)
	if len(list) < 2 {
		return
	}
	pathNode := list[0]
	path, ok := stringValue(u, pathNode)
	if !ok {
		return
	}
	anyMethod := goAnyMethod[method]
	if method == "Handle" && goMethodPrefixRE.MatchString(path+" ") && len(list) >= 3 {
		// gin's r.Handle("POST", "/login", h).
		if path != "POST" && path != "PUT" && path != "PATCH" {
			return
		}
		pathNode = list[1]
		if path, ok = stringValue(u, pathNode); !ok {
			return
		}
		list = list[1:]
		anyMethod = false
	}
	if m := goMethodPrefixRE.FindString(path); m != "" {
		verb := strings.TrimSpace(m)
		if verb != "POST" && verb != "PUT" && verb != "PATCH" {
			return
		}
		path = path[len(m):]
		anyMethod = false
	}
	if anyMethod && goMethodsOnlyRead(u, n) {
		// gorilla: r.HandleFunc("/login", h).Methods("GET").
		return
	}
	kind := classifyAuthPath(path)
	if kind == rlNotAuth {
		return
	}
	handler := list[len(list)-1]
	handlerText := u.Text(handler)
	var decl *sitter.Node
	if t := grammars.Type(handler); t == "identifier" || t == "selector_expression" {
		decl = findFunctionNamed(u, lastComponent(u.Text(handler)))
		if decl != nil {
			handlerText += u.Text(decl)
		} else if kind == rlToken {
			return
		}
	}
	if (decl != nil || grammars.Type(handler) == "func_literal") && anyMethod && !goReadsFormRE.MatchString(handlerText) {
		// A HandleFunc whose handler reads nothing renders a page.
		return
	}
	if kind == rlToken && !readsPassword(handlerText) || delegatesToAuthService(handlerText) {
		return
	}
	for _, a := range list[1:] {
		if limitedNode(u, a) {
			return
		}
	}
	recv := grammars.Field(fn, "operand")
	if recv != nil && grammars.Type(recv) == "call_expression" && limitedNode(u, recv) {
		return
	}
	if limitedNode(u, decl) || goLimitedAround(u, n, recv) {
		return
	}
	reportNoRateLimit(p, pathNode, kind, path)
}

// goMethodsOnlyRead reports whether a route call is chained with
// .Methods(...) naming no write method.
func goMethodsOnlyRead(u *Unit, call *sitter.Node) bool {
	sel := parentOf(u, call)
	if sel == nil || grammars.Type(sel) != "selector_expression" || u.Text(grammars.Field(sel, "field")) != "Methods" {
		return false
	}
	outer := parentOf(u, sel)
	if outer == nil || grammars.Type(outer) != "call_expression" {
		return false
	}
	t := u.Text(grammars.Field(outer, "arguments"))
	return !strings.Contains(t, "POST") && !strings.Contains(t, "Post") && !strings.Contains(t, "PUT") && !strings.Contains(t, "Put")
}

// goLimitedAround reports whether a limiter covers the route from
// elsewhere in the file: r.Use(httprate.LimitByIP(...)) or
// e.Use(middleware.RateLimiter(...)) before it, a limited group, or the
// whole mux wrapped in a limiter anywhere (http.ListenAndServe(addr,
// limit(mux)), tollbooth.LimitHandler(lmt, mux)).
func goLimitedAround(u *Unit, route, recv *sitter.Node) bool {
	root := recv
	for steps := 0; root != nil && steps < 8; steps++ {
		switch grammars.Type(root) {
		case "selector_expression":
			root = grammars.Field(root, "operand")
			continue
		case "call_expression":
			root = grammars.Field(root, "function")
			continue
		}
		break
	}
	rootName := ""
	if root != nil && grammars.Type(root) == "identifier" {
		rootName = u.Text(root)
	}
	limited := false
	_ = walk(u.Tree.RootNode(), func(c *sitter.Node) error {
		if limited {
			return errStopWalk
		}
		if grammars.Type(c) != "call_expression" {
			return nil
		}
		fn := grammars.Field(c, "function")
		args := grammars.Field(c, "arguments")
		if fn == nil || args == nil {
			return nil
		}
		if grammars.Type(fn) == "selector_expression" && grammars.End(c) <= grammars.Start(route) {
			switch u.Text(grammars.Field(fn, "field")) {
			case "Use", "Group", "With", "Route":
				if limitedNode(u, args) {
					limited = true
				}
				return nil
			}
		}
		if rootName != "" && isLimiterToken(u.Text(fn)) {
			for _, a := range jsArgs(args) {
				if grammars.Type(a) == "identifier" && u.Text(a) == rootName {
					limited = true
				}
			}
		}
		return nil
	})
	return limited
}
