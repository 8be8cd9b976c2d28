package detectors

import (
	"regexp"
	"strings"

	"github.com/trustlint/trustlint/grammars"

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
	name := grammars.Field(n, "name")
	body := grammars.Field(n, "body")
	if name == nil || body == nil {
		return
	}
	var decorators []*sitter.Node
	top := n
	if d := parentOf(u, n); d != nil && grammars.Type(d) == "decorated_definition" {
		top = d
		for i := 0; i < int(grammars.NamedChildCount(d)); i++ {
			if c := grammars.NamedChildAt(d, i); grammars.Type(c) == "decorator" {
				decorators = append(decorators, c)
			}
		}
	}
	atModule := parentOf(u, top) != nil && grammars.Type(parentOf(u, top)) == "module"
	kind := rlNotAuth
	var at *sitter.Node
	what := ""
	routed := false
	if grammars.Type(n) == "function_definition" {
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
	if limitedNode(u, grammars.Field(n, "parameters")) || limitedNode(u, grammars.Field(n, "superclasses")) ||
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
	call := grammars.NamedChildAt(d, 0)
	if call == nil || grammars.Type(call) != "call" {
		return nil, "", false, false
	}
	fn := grammars.Field(call, "function")
	args := grammars.Field(call, "arguments")
	if fn == nil || args == nil || grammars.Type(fn) != "attribute" {
		return nil, "", false, false
	}
	method := u.Text(grammars.Field(fn, "attribute"))
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
		for i := 0; i < int(grammars.NamedChildCount(args)); i++ {
			kw := grammars.NamedChildAt(args, i)
			if grammars.Type(kw) == "keyword_argument" && u.Text(grammars.Field(kw, "name")) == "methods" &&
				pyWriteMethodRE.MatchString(u.Text(grammars.Field(kw, "value"))) {
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
	params := grammars.Field(fn, "parameters")
	if params == nil || grammars.NamedChildCount(params) == 0 {
		return false
	}
	first := grammars.NamedChildAt(params, 0)
	if grammars.Type(first) == "typed_parameter" && grammars.NamedChildCount(first) > 0 {
		first = grammars.NamedChildAt(first, 0)
	}
	if u.Text(first) != "request" {
		return false
	}
	return pyReadsFormRE.MatchString(u.Text(grammars.Field(fn, "body")))
}

// pyHasMethod reports whether a class body defines the named method.
func pyHasMethod(u *Unit, body *sitter.Node, name string) bool {
	for i := 0; i < int(grammars.NamedChildCount(body)); i++ {
		c := grammars.NamedChildAt(body, i)
		if grammars.Type(c) == "decorated_definition" {
			c = grammars.Field(c, "definition")
		}
		if c != nil && grammars.Type(c) == "function_definition" && u.Text(grammars.Field(c, "name")) == name {
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
		if grammars.End(st)-grammars.Start(st) > maxScanBytes {
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
			switch grammars.Type(c) {
			case "keyword_argument":
				k := u.Text(grammars.Field(c, "name"))
				if pyAppWideKeywords[k] || k == "dependencies" && limitedNode(u, grammars.Field(c, "value")) {
					limited = true
				}
			case "call":
				if f := grammars.Field(c, "function"); f != nil && grammars.Type(f) == "call" {
					if inner := grammars.Field(f, "function"); inner != nil && isLimiterToken(u.Text(inner)) {
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
