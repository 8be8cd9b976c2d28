package detectors

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/trustlint/trustlint/grammars"

	sitter "github.com/smacker/go-tree-sitter"
)

// jsWriteMethods are the route methods that receive credentials (express,
// koa-router, fastify, hono); GET routes render the form and stay silent.
var jsWriteMethods = map[string]bool{"post": true, "put": true, "patch": true, "all": true}

// visitRateLimitJS reports an express/koa/fastify/hono route call that
// signs users in with no rate limiting in scope (TL207); Next.js route
// handlers and server actions are visitNextAuthExport's.
func visitRateLimitJS(p *Pass, n *sitter.Node) {
	u := p.Unit
	fn := grammars.Field(n, "function")
	args := grammars.Field(n, "arguments")
	if fn == nil || args == nil || grammars.Type(fn) != "member_expression" || grammars.Type(args) != "arguments" {
		return
	}
	method := u.Text(grammars.Field(fn, "property"))
	recv := grammars.Field(fn, "object")
	list := jsArgs(args)
	var pathNode, handler *sitter.Node
	var path string
	var guards []*sitter.Node
	switch {
	case jsWriteMethods[method] && len(list) > 0:
		if s, ok := stringValue(u, list[0]); ok {
			pathNode, path = list[0], s
			list = list[1:]
			if len(list) > 0 {
				if s2, ok := stringValue(u, list[0]); ok && strings.HasPrefix(s2, "/") {
					// koa-router's named route: router.post('login', '/login', h).
					pathNode, path = list[0], s2
					list = list[1:]
				}
			}
		} else if recv != nil && grammars.Type(recv) == "call_expression" {
			// router.route('/login').post(handler)
			pathNode, path = jsRoutePath(u, recv)
		}
		if pathNode == nil || len(list) == 0 {
			return
		}
		handler = list[len(list)-1]
		guards = list[:len(list)-1]
	case method == "route" && len(list) == 1 && grammars.Type(list[0]) == "object":
		// fastify.route / hapi server.route({ method, url|path, handler }).
		obj := list[0]
		m, ok := objectPairOpt(u, obj, "method")
		if !ok || !strings.Contains(strings.ToUpper(u.Text(m)), "POST") && !strings.Contains(strings.ToUpper(u.Text(m)), "PUT") {
			return
		}
		for _, key := range []string{"url", "path"} {
			if v, ok := objectPairOpt(u, obj, key); ok {
				if s, ok := stringValue(u, v); ok {
					pathNode, path = v, s
				}
			}
		}
		h, ok := objectPairOpt(u, obj, "handler")
		if pathNode == nil || !ok {
			return
		}
		handler = h
		guards = []*sitter.Node{obj}
	default:
		return
	}
	kind := classifyAuthPath(path)
	if kind == rlNotAuth {
		return
	}
	handlerText := u.Text(handler)
	var decl *sitter.Node
	if t := grammars.Type(handler); t == "identifier" || t == "member_expression" {
		decl = findFunctionNamed(u, lastComponent(u.Text(handler)))
		if decl != nil {
			handlerText += u.Text(decl)
		} else if kind == rlToken {
			return
		}
	}
	if kind == rlToken && !readsPassword(handlerText) || delegatesToAuthService(handlerText) {
		return
	}
	for _, g := range guards {
		if limitedNode(u, g) {
			return
		}
	}
	if recv != nil && grammars.Type(recv) == "call_expression" && limitedNode(u, recv) {
		return
	}
	if limitedNode(u, handler) || limitedNode(u, decl) || jsLimitedBefore(u, n, recv, path) {
		return
	}
	reportNoRateLimit(p, pathNode, kind, path)
}

// jsArgs returns the non-comment arguments.
func jsArgs(args *sitter.Node) []*sitter.Node {
	var out []*sitter.Node
	for i := 0; i < int(grammars.NamedChildCount(args)); i++ {
		if c := grammars.NamedChildAt(args, i); c != nil && grammars.Type(c) != "comment" {
			out = append(out, c)
		}
	}
	return out
}

// jsRoutePath returns the path of a router.route('/login') call, or nil.
func jsRoutePath(u *Unit, call *sitter.Node) (*sitter.Node, string) {
	for steps := 0; call != nil && grammars.Type(call) == "call_expression" && steps < 8; steps++ {
		fn := grammars.Field(call, "function")
		if fn == nil || grammars.Type(fn) != "member_expression" {
			return nil, ""
		}
		if u.Text(grammars.Field(fn, "property")) == "route" {
			if args := grammars.Field(call, "arguments"); args != nil {
				if first := firstArg(args); first != nil {
					if s, ok := stringValue(u, first); ok {
						return first, s
					}
				}
			}
			return nil, ""
		}
		call = grammars.Field(fn, "object")
	}
	return nil, ""
}

// fastifyScopedRE matches @fastify/rate-limit registered with global:
// false, which limits only the routes that opt in.
var fastifyScopedRE = regexp.MustCompile(`global\s*:\s*false`)

// jsLimitedBefore reports whether a limiter is mounted app- or
// router-wide before the route at route: app.use(limiter),
// router.use(rateLimit({...})), app.use('/api', limiter) covering the
// path, fastify.register(rateLimit).
func jsLimitedBefore(u *Unit, route, recv *sitter.Node, path string) bool {
	if !mayMountBefore(u, grammars.Start(route)) {
		return false
	}
	return jsLimitedBeforeWalk(u, route, recv, path)
}

// jsLimitedBeforeWalk is jsLimitedBefore without its byte prefilter: a
// walk of the tree up to the route.
func jsLimitedBeforeWalk(u *Unit, route, recv *sitter.Node, path string) bool {
	limited := false
	recvText := u.Text(recv)
	end := grammars.Start(route)
	_ = walk(u.Tree.RootNode(), func(c *sitter.Node) error {
		if limited || grammars.Start(c) >= end {
			return errStopWalk
		}
		if grammars.Type(c) != "call_expression" || grammars.End(c) > end {
			return nil
		}
		fn := grammars.Field(c, "function")
		args := grammars.Field(c, "arguments")
		if fn == nil || args == nil || grammars.Type(fn) != "member_expression" {
			return nil
		}
		switch u.Text(grammars.Field(fn, "property")) {
		case "use":
			list := jsArgs(args)
			if len(list) == 0 {
				return nil
			}
			if prefix, ok := stringValue(u, list[0]); ok {
				list = list[1:]
				prefix = strings.TrimRight(prefix, "/*")
				if u.Text(grammars.Field(fn, "object")) == recvText && !strings.HasPrefix(path, prefix) {
					return nil
				}
			}
			for _, a := range list {
				if limitedNode(u, a) {
					limited = true
				}
			}
		case "register":
			if limitedNode(u, args) && !fastifyScopedRE.MatchString(u.Text(args)) {
				limited = true
			}
		}
		return nil
	})
	return limited
}

// useServerRE matches a file that starts with the 'use server' directive.
var useServerRE = regexp.MustCompile(`^\s*(//[^\n]*\n\s*|/\*[\s\S]*?\*/\s*)*['"]use server['"]`)

// useServerFile reports, once per unit, whether the file starts with the
// 'use server' directive. The expression's comment branch can stretch to
// any later "*/", so it reads the whole file; most files do not hold the
// words at all.
func useServerFile(u *Unit) bool {
	return memo(u, useServerKey{}, func() bool {
		return bytes.Contains(u.Src, []byte("use server")) && useServerRE.Match(u.Src)
	})
}

type useServerKey struct{}

// nextRouteFiles are the file names that carry no route word.
var nextRouteFiles = map[string]bool{"route": true, "index": true, "page": true, "actions": true, "action": true, "handler": true, "+server": true}

// nextRouteKind classifies a file-routed handler (Next.js, Astro,
// SvelteKit) by its path under app/, pages/, api/ or routes/; ok is false
// when the file is not under one of them.
func nextRouteKind(path string) (rlKind, bool) {
	segs := strings.Split(filepath.ToSlash(path), "/")
	start := -1
	for i, s := range segs {
		if s == "app" || s == "pages" || s == "api" || s == "routes" {
			start = i + 1
		}
	}
	if start < 0 || start >= len(segs) {
		return rlNotAuth, false
	}
	rest := append([]string(nil), segs[start:]...)
	base := rest[len(rest)-1]
	base = strings.TrimSuffix(base, filepath.Ext(base))
	if nextRouteFiles[base] {
		rest = rest[:len(rest)-1]
	} else {
		rest[len(rest)-1] = base
	}
	return classifyAuthPath(strings.Join(rest, "/")), true
}

// nextRouteKey memoises nextExportsOf.
type nextRouteKey struct{}

// nextExports is what the unit's path and directive say about its
// exports: the route kind nextRouteKind gives its path (routed when it is
// file-routed at all), and whether it is a server action file.
type nextExports struct {
	kind   rlKind
	routed bool
	action bool
}

// nextExportsOf returns the unit's nextExports, once per unit.
func nextExportsOf(u *Unit) nextExports {
	return memo(u, nextRouteKey{}, func() nextExports {
		kind, ok := nextRouteKind(u.Path)
		return nextExports{kind: kind, routed: ok, action: useServerFile(u)}
	})
}

// visitNextAuthExport reports a Next.js POST route handler, pages/api
// default handler or server action that signs users in with no limiter.
func visitNextAuthExport(p *Pass, n *sitter.Node) {
	u := p.Unit
	route := nextExportsOf(u)
	pathKind, routed, action := route.kind, route.routed, route.action
	if !action && (!routed || pathKind == rlNotAuth) {
		// Neither a server action nor a file-routed handler whose path
		// names a login: a routed export reports only with its path's
		// kind, so nothing below can make the export a route.
		return
	}
	isDefault := false
	for i := 0; i < int(grammars.ChildCount(n)); i++ {
		if grammars.Type(grammars.ChildAt(n, i)) == "default" {
			isDefault = true
		}
	}
	var name, body, wrapper *sitter.Node
	if d := grammars.Field(n, "declaration"); d != nil {
		switch grammars.Type(d) {
		case "function_declaration", "generator_function_declaration":
			name, body = grammars.Field(d, "name"), d
		case "lexical_declaration", "variable_declaration":
			if grammars.NamedChildCount(d) != 1 {
				return
			}
			decl := grammars.NamedChildAt(d, 0)
			name, body = grammars.Field(decl, "name"), grammars.Field(decl, "value")
		default:
			return
		}
	} else if v := grammars.Field(n, "value"); v != nil && isDefault {
		body = v
		name = v
		if t := grammars.Type(v); t == "function_expression" || t == "function" || t == "arrow_function" {
			name = grammars.ChildAt(n, 1)
		}
	}
	if name == nil || body == nil {
		return
	}
	if grammars.Type(body) == "call_expression" {
		// export const POST = withRateLimit(handler); export default withSession(handler).
		wrapper = grammars.Field(body, "function")
		args := grammars.Field(body, "arguments")
		if args == nil || grammars.NamedChildCount(args) == 0 {
			return
		}
		list := jsArgs(args)
		body = list[len(list)-1]
	}
	if t := grammars.Type(body); t == "identifier" {
		body = findFunctionNamed(u, u.Text(body))
		if body == nil {
			return
		}
	}
	if grammars.Type(body) != "function_declaration" && grammars.Type(body) != "arrow_function" && grammars.Type(body) != "function_expression" &&
		grammars.Type(body) != "function" && grammars.Type(body) != "variable_declarator" {
		return
	}
	fname := u.Text(name)
	kind := rlNotAuth
	what := fname
	switch {
	case routed && !isDefault && fname == "POST":
		kind = pathKind
	case routed && isDefault && strings.Contains(filepath.ToSlash(u.Path), "pages/"):
		text := u.Text(body)
		if strings.Contains(text, "req.body") || strings.Contains(text, "POST") {
			kind = pathKind
		}
		what = "export default"
	case action && !isDefault && grammars.Type(name) == "identifier" && fname != "POST" && fname != "GET":
		kind = classifyAuthWords(splitWords(fname))
	}
	if kind == rlNotAuth {
		return
	}
	text := u.Text(body)
	if kind == rlToken && !readsPassword(text) || delegatesToAuthService(text) {
		return
	}
	if limitedNode(u, wrapper) || limitedNode(u, body) {
		return
	}
	if grammars.Type(name) != "identifier" {
		what = "export default"
	}
	reportNoRateLimit(p, name, kind, what)
}
