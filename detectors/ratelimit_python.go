package detectors

import (
	"regexp"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
)

// pyRouteMethods are the route decorators whose first argument is a path
// (Flask, FastAPI, Quart, Sanic); pyRouteDefaultGET lists those that
// accept only GET unless methods= says otherwise.
var pyRouteMethods = map[string]bool{"route": true, "api_route": true, "post": true, "put": true, "patch": true}

var pyRouteDefaultGET = map[string]bool{"route": true, "api_route": true}

// pyWriteMethodRE matches a write method in a methods= list.
var pyWriteMethodRE = regexp.MustCompile(`(?i)['"](post|put|patch)['"]`)

// pyReadsFormRE matches a Django/DRF view reading submitted data.
var pyReadsFormRE = regexp.MustCompile(`request\.(POST|data|method|body)\b`)

// visitRateLimitPython reports a Flask/FastAPI route, Django view or
// class-based view that signs users in with no rate limiting in scope
// (TL207).
func visitRateLimitPython(p *Pass, n *sitter.Node) {
	u := p.Unit
	name := n.ChildByFieldName("name")
	body := n.ChildByFieldName("body")
	if name == nil || body == nil {
		return
	}
	var decorators []*sitter.Node
	top := n
	if d := parentOf(u, n); d != nil && d.Type() == "decorated_definition" {
		top = d
		for i := 0; i < int(d.NamedChildCount()); i++ {
			if c := d.NamedChild(i); c.Type() == "decorator" {
				decorators = append(decorators, c)
			}
		}
	}
	atModule := parentOf(u, top) != nil && parentOf(u, top).Type() == "module"
	kind := rlNotAuth
	var at *sitter.Node
	what := ""
	routed := false
	if n.Type() == "function_definition" {
		for _, d := range decorators {
			pathNode, path, isRoute, write := pyRouteDecorator(u, d)
			if !isRoute {
				continue
			}
			routed = true
			if !write {
				// GET only: the page that renders the form.
				continue
			}
			k := classifyAuthPath(path)
			if len(routeWords(path)) == 0 {
				// @router.post("/") on a router mounted elsewhere: the
				// function's name says what it does.
				if k = classifyAuthWords(splitWords(u.Text(name))); k == rlToken {
					k = rlNotAuth
				}
				pathNode, path = name, u.Text(name)
			}
			if k != rlNotAuth && at == nil {
				kind, at, what = k, pathNode, path
			}
		}
		if !routed && atModule && pyDjangoView(u, n) {
			kind, at, what = classifyAuthWords(splitWords(u.Text(name))), name, u.Text(name)
		}
	} else {
		// Django/DRF class-based view: class LoginView(APIView) with def post.
		if !atModule || !pyHasMethod(u, body, "post") {
			return
		}
		kind, at, what = classifyAuthWords(splitWords(u.Text(name))), name, u.Text(name)
		if kind == rlToken {
			kind = rlLogin
		}
	}
	if kind == rlNotAuth || at == nil {
		return
	}
	text := u.Text(n)
	if kind == rlToken && !readsPassword(text) || delegatesToAuthService(text) {
		return
	}
	for _, d := range decorators {
		if limitedNode(u, d) {
			return
		}
	}
	if limitedNode(u, n.ChildByFieldName("parameters")) || limitedNode(u, n.ChildByFieldName("superclasses")) ||
		limitedNode(u, body) || pyLimitedModule(u) {
		return
	}
	reportNoRateLimit(p, at, kind, what)
}

// pyRouteDecorator returns the path of a route decorator that accepts a
// write method: @app.post("/login"), @bp.route("/login",
// methods=["GET", "POST"]). isRoute is true for any route decorator, write
// only for one that accepts a write method.
func pyRouteDecorator(u *Unit, d *sitter.Node) (pathNode *sitter.Node, path string, isRoute, write bool) {
	call := d.NamedChild(0)
	if call == nil || call.Type() != "call" {
		return nil, "", false, false
	}
	fn := call.ChildByFieldName("function")
	args := call.ChildByFieldName("arguments")
	if fn == nil || args == nil || fn.Type() != "attribute" {
		return nil, "", false, false
	}
	method := u.Text(fn.ChildByFieldName("attribute"))
	if !pyRouteMethods[method] {
		return nil, "", false, false
	}
	first := firstArg(args)
	path, ok := stringValue(u, first)
	if !ok {
		return nil, "", false, false
	}
	write = true
	if pyRouteDefaultGET[method] {
		write = false
		for i := 0; i < int(args.NamedChildCount()); i++ {
			kw := args.NamedChild(i)
			if kw.Type() == "keyword_argument" && u.Text(kw.ChildByFieldName("name")) == "methods" &&
				pyWriteMethodRE.MatchString(u.Text(kw.ChildByFieldName("value"))) {
				write = true
			}
		}
	}
	return first, path, true, write
}

// pyDjangoView reports whether a module-level function is a Django or
// DRF view that reads a submitted form: def login_view(request) reading
// request.POST / request.data.
func pyDjangoView(u *Unit, fn *sitter.Node) bool {
	params := fn.ChildByFieldName("parameters")
	if params == nil || params.NamedChildCount() == 0 {
		return false
	}
	first := params.NamedChild(0)
	if first.Type() == "typed_parameter" && first.NamedChildCount() > 0 {
		first = first.NamedChild(0)
	}
	if u.Text(first) != "request" {
		return false
	}
	return pyReadsFormRE.MatchString(u.Text(fn.ChildByFieldName("body")))
}

// pyHasMethod reports whether a class body defines the named method.
func pyHasMethod(u *Unit, body *sitter.Node, name string) bool {
	for i := 0; i < int(body.NamedChildCount()); i++ {
		c := body.NamedChild(i)
		if c.Type() == "decorated_definition" {
			c = c.ChildByFieldName("definition")
		}
		if c != nil && c.Type() == "function_definition" && u.Text(c.ChildByFieldName("name")) == name {
			return true
		}
	}
	return false
}

// pyAppWideKeywords are keyword arguments that set a limit on every
// route: Flask-Limiter and slowapi default_limits/application_limits.
var pyAppWideKeywords = map[string]bool{"default_limits": true, "application_limits": true}

// pyLimitedModule reports whether a module-level statement limits every
// route of the file: Limiter(..., default_limits=[...]),
// FastAPI(dependencies=[Depends(RateLimiter(...))]), a limiter applied to
// a blueprint or view (limiter.limit("5/minute")(auth_bp),
// ratelimit(key="ip", rate="5/m")(views.login)), DEFAULT_THROTTLE_CLASSES.
func pyLimitedModule(u *Unit) bool {
	for _, top := range u.topLevel() {
		st := top.Node
		switch top.typ {
		case "expression_statement", "assignment", "if_statement":
		default:
			continue
		}
		if st.EndByte()-st.StartByte() > maxScanBytes {
			continue
		}
		if strings.Contains(u.Text(st), "DEFAULT_THROTTLE_") {
			return true
		}
		limited := false
		_ = walk(st, func(c *sitter.Node) error {
			if limited {
				return errStopWalk
			}
			switch c.Type() {
			case "keyword_argument":
				k := u.Text(c.ChildByFieldName("name"))
				if pyAppWideKeywords[k] || k == "dependencies" && limitedNode(u, c.ChildByFieldName("value")) {
					limited = true
				}
			case "call":
				if f := c.ChildByFieldName("function"); f != nil && f.Type() == "call" {
					if inner := f.ChildByFieldName("function"); inner != nil && isLimiterToken(u.Text(inner)) {
						limited = true
					}
				}
			}
			return nil
		})
		if limited {
			return true
		}
	}
	return false
}
