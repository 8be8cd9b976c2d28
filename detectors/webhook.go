package detectors

import (
	"regexp"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// webhookFamily is the webhook family: TL601.
func webhookFamily() family {
	return family{
		rules: []Rule{{
			ID: "TL601", Name: "unverified-webhook", Severity: SeverityWarning,
			CWE: []string{"CWE-345", "CWE-347"}, Families: allFamilies,
			Summary: "A (payment) webhook handler that trusts the request body without verifying the provider's signature, or express.json() parsing the body before a Stripe webhook route.",
		}},
		// Calls and declarations get a checker each, so that neither
		// visitor asks tree-sitter for the type of the node it is handed.
		checkers: []checker{{
			rule: "TL601",
			kinds: map[grammars.Family][]string{
				grammars.FamilyJS: {"call_expression"},
				grammars.FamilyGo: {"call_expression"},
			},
			visit: visitWebhookCall,
		}, {
			rule: "TL601",
			kinds: map[grammars.Family][]string{
				grammars.FamilyJS:     {"function_declaration", "variable_declarator"},
				grammars.FamilyGo:     {"function_declaration", "method_declaration"},
				grammars.FamilyPython: {"function_definition"},
			},
			visit: visitWebhookDeclaration,
		}},
	}
}

// stripeEventRE matches Stripe event types a payment handler switches on.
var stripeEventRE = regexp.MustCompile(`checkout\.session\.(completed|async_payment_succeeded)|payment_intent\.(succeeded|payment_failed)|invoice\.(paid|payment_succeeded|payment_failed)|customer\.subscription\.(created|updated|deleted)|charge\.(succeeded|refunded)`)

// stripeEventWords are words every match of stripeEventRE holds one of.
var stripeEventWords = []string{"checkout.session.", "payment_intent.", "invoice.", "customer.subscription.", "charge."}

// mayMatchStripeEvent reports whether text holds one of stripeEventWords:
// without one, stripeEventRE cannot match it. A few substring searches
// cost far less than the expression, which Go runs by backtracking over
// every start position of the text.
func mayMatchStripeEvent(text string) bool {
	for _, w := range stripeEventWords {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// nodeSrc returns n's source text without copying it (see srcString), or
// "" when its span lies outside the source.
func nodeSrc(u *Unit, n *sitter.Node) string {
	start, end := int(grammars.Start(n)), int(grammars.End(n))
	if start < 0 || end > len(u.Src) || start > end {
		return ""
	}
	return u.srcString()[start:end]
}

// webhookCallMethod reports whether visitWebhookCall looks at a call of this
// method at all: a route registration, or JS's app.use.
func webhookCallMethod(fam grammars.Family, method string) bool {
	return routeMethods[method] || fam == grammars.FamilyJS && method == "use"
}

// webhookVerifiedRE matches a signature check: Stripe's constructEvent in
// every SDK, an HMAC compared in constant time, svix, or a helper whose
// name says it verifies.
var webhookVerifiedRE = regexp.MustCompile(`(?i)(construct_?event|timingSafeEqual|compare_digest|hmac\.Equal|ConstantTimeCompare|verif|signature|svix|validate_?webhook|validateRequest)`)

// webhookBodyRE matches reading the event from the request, per family.
var webhookBodyRE = map[grammars.Family]*regexp.Regexp{
	grammars.FamilyJS:     regexp.MustCompile(`\b(req|request|ctx\.request)\.body\b|await\s+\w+\.(json|text)\(\s*\)|\bctx\.request\.body|JSON\.parse\(`),
	grammars.FamilyGo:     regexp.MustCompile(`\br\.Body\b|\.Request\.Body\b|ShouldBindJSON|BindJSON|\.Bind\(|GetRawData|io\.ReadAll|ioutil\.ReadAll`),
	grammars.FamilyPython: regexp.MustCompile(`\brequest\.(json|get_json|data|body|get_data|stream|POST)\b|await\s+request\.(json|body)\(`),
}

// webhookFix names the verification call in each family.
var webhookAdvice = map[grammars.Family]string{
	grammars.FamilyJS:     "stripe.webhooks.constructEvent(rawBody, req.headers['stripe-signature'], process.env.STRIPE_WEBHOOK_SECRET)",
	grammars.FamilyGo:     "webhook.ConstructEvent(payload, r.Header.Get(\"Stripe-Signature\"), os.Getenv(\"STRIPE_WEBHOOK_SECRET\"))",
	grammars.FamilyPython: "stripe.Webhook.construct_event(payload, sig_header, os.environ[\"STRIPE_WEBHOOK_SECRET\"])",
}

// routeMethods are the route-registration calls whose first argument is a
// path.
var routeMethods = map[string]bool{
	"post": true, "all": true, "put": true, "use": true, "route": true,
	"HandleFunc": true, "Handle": true, "POST": true, "Post": true, "Any": true, "PUT": true,
}

// maxHandlerBytes bounds the handler text the rule reads.
const maxHandlerBytes = 1 << 16

// visitWebhookCall reports a route registration whose webhook handler
// acts on the body without a signature check, and express.json() mounted
// before a Stripe webhook route (TL601).
func visitWebhookCall(p *Pass, n *sitter.Node) {
	u := p.Unit
	fam := u.Lang.Family()
	if !callMayBe(u, n, webhookCallMethod) {
		return
	}
	fn := grammars.Field(n, "function")
	args := grammars.Field(n, "arguments")
	if fn == nil || args == nil {
		return
	}
	method := lastComponent(u.Text(fn))
	if fam == grammars.FamilyJS && method == "use" {
		visitJSONBeforeWebhook(p, n, args)
		return
	}
	if !routeMethods[method] {
		return
	}
	pathNode := firstArg(args)
	path, ok := stringValue(u, pathNode)
	if !ok {
		return
	}
	webhookPath := strings.Contains(strings.ToLower(path), "webhook")
	handler := u.Text(args)
	if fam == grammars.FamilyGo || fam == grammars.FamilyJS {
		// A named handler declared in this file.
		last := grammars.NamedChildAt(args, int(grammars.NamedChildCount(args))-1)
		if last != nil && (grammars.Type(last) == "identifier" || grammars.Type(last) == "selector_expression" || grammars.Type(last) == "member_expression") {
			if decl := findFunctionNamed(u, lastComponent(u.Text(last))); decl != nil {
				handler += u.Text(decl)
			}
		}
	}
	if !webhookPath && (!mayMatchStripeEvent(handler) || !stripeEventRE.MatchString(handler)) {
		return
	}
	reportUnverified(p, pathNode, "`"+clip(path)+"`", handler)
}

// visitWebhookDeclaration reports a function, method or function-valued
// variable named as a webhook handler, or switching on Stripe event
// types, that acts on the body without a signature check (TL601).
func visitWebhookDeclaration(p *Pass, n *sitter.Node) {
	if !webhookDeclMayReport(p.Unit, n) {
		return
	}
	visitWebhookDecl(p, n)
}

// visitWebhookDecl is visitWebhookDeclaration without its byte
// prefilter.
func visitWebhookDecl(p *Pass, n *sitter.Node) {
	u := p.Unit
	fam := u.Lang.Family()
	name := grammars.Field(n, "name")
	if name == nil || grammars.Type(name) == "object_pattern" || grammars.Type(name) == "array_pattern" {
		return
	}
	var body *sitter.Node
	if grammars.Type(n) == "variable_declarator" {
		body = grammars.Field(n, "value")
		if body == nil || (grammars.Type(body) != "arrow_function" && grammars.Type(body) != "function_expression" && grammars.Type(body) != "function") {
			return
		}
	} else {
		body = n
	}
	fname := u.Text(name)
	named := strings.Contains(strings.ToLower(fname), "webhook")
	if fam == grammars.FamilyPython {
		if d := parentOf(u, n); d != nil && grammars.Type(d) == "decorated_definition" {
			for i := 0; i < int(grammars.NamedChildCount(d)); i++ {
				if c := grammars.NamedChildAt(d, i); grammars.Type(c) == "decorator" && strings.Contains(strings.ToLower(u.Text(c)), "webhook") {
					named = true
				}
			}
		}
	}
	if fam == grammars.FamilyJS && (fname == "POST" || fname == "handler") && strings.Contains(strings.ToLower(u.Path), "webhook") {
		// Next.js app/api/webhook/route.ts, pages/api/webhooks/stripe.ts.
		named = true
	}
	text := nodeSrc(u, body)
	if !named && (!mayMatchStripeEvent(text) || !stripeEventRE.MatchString(text)) {
		return
	}
	if fam != grammars.FamilyPython && webhookRouteRegistered(u, fname) {
		// The route registration reports it, on its path.
		return
	}
	reportUnverified(p, name, "`"+clip(fname)+"`", text)
}

// reportUnverified reports the handler at at when its text reads the body
// and verifies nothing.
func reportUnverified(p *Pass, at *sitter.Node, label, handler string) {
	fam := p.Lang.Family()
	if len(handler) > maxHandlerBytes || webhookVerifiedRE.MatchString(handler) || !webhookBodyRE[fam].MatchString(handler) {
		return
	}
	p.Report(Finding{
		Start: int(grammars.Start(at)), End: int(grammars.End(at)),
		Message: "Webhook handler " + label + " trusts the request body without verifying its signature: anyone who finds the URL can post a fake " +
			"`checkout.session.completed` and get paid orders for free. Verify the raw body first with " + webhookAdvice[fam] +
			" (or the provider's HMAC, compared in constant time), and let Stripe's SDK do it rather than hand-rolled code.",
	})
}

// findFunctionNamed returns the function or method declared in the file
// with the given name, or nil: what findFunctionNamedScan returns, from an
// index of the file's top-level declarations built once per unit (the
// rules ask once per route and export, and each scan read every top-level
// statement through tree-sitter).
func findFunctionNamed(u *Unit, name string) *sitter.Node {
	return topFunctionsOf(u)[name]
}

// topFunctionsKey memoises topFunctionsOf.
type topFunctionsKey struct{}

// topFunctionsOf maps each name findFunctionNamedScan finds a declaration
// for to that declaration: the first top-level statement declaring the
// name wins and, within a declaration list, the last declarator of the
// name (the scan's order).
func topFunctionsOf(u *Unit) map[string]*sitter.Node {
	return memo(u, topFunctionsKey{}, func() map[string]*sitter.Node {
		index := make(map[string]*sitter.Node)
		for _, top := range u.topLevel() {
			c := top.Node
			typ := top.typ
			if typ == "export_statement" && grammars.NamedChildCount(c) > 0 {
				c = grammars.NamedChildAt(c, 0)
				typ = grammars.Type(c)
			}
			switch typ {
			case "function_declaration", "method_declaration":
				name := u.Text(grammars.Field(c, "name"))
				if _, seen := index[name]; !seen {
					index[name] = c
				}
			case "lexical_declaration", "variable_declaration":
				var here map[string]*sitter.Node
				for j := 0; j < int(grammars.NamedChildCount(c)); j++ {
					d := grammars.NamedChildAt(c, j)
					if grammars.Type(d) != "variable_declarator" {
						continue
					}
					name := u.Text(grammars.Field(d, "name"))
					if _, seen := index[name]; seen && here[name] == nil {
						continue
					}
					if here == nil {
						here = make(map[string]*sitter.Node)
					}
					here[name] = d
					index[name] = d
				}
			}
		}
		return index
	})
}

// findFunctionNamedScan is findFunctionNamed by a scan of the top-level
// statements: the reference the index is held to.
func findFunctionNamedScan(u *Unit, name string) *sitter.Node {
	var found *sitter.Node
	for _, top := range u.topLevel() {
		c := top.Node
		if found != nil {
			break
		}
		if grammars.Type(c) == "export_statement" && grammars.NamedChildCount(c) > 0 {
			c = grammars.NamedChildAt(c, 0)
		}
		switch grammars.Type(c) {
		case "function_declaration", "method_declaration":
			if u.Text(grammars.Field(c, "name")) == name {
				found = c
			}
		case "lexical_declaration", "variable_declaration":
			for j := 0; j < int(grammars.NamedChildCount(c)); j++ {
				d := grammars.NamedChildAt(c, j)
				if grammars.Type(d) == "variable_declarator" && u.Text(grammars.Field(d, "name")) == name {
					found = d
				}
			}
		}
	}
	return found
}

// webhookRouteRE matches a route registration on a webhook path.
var webhookRouteRE = regexp.MustCompile(`(?i)\.(post|all|put|HandleFunc|Handle|POST|Post|Any)\(\s*["'` + "`" + `][^"'` + "`" + `]*webhook`)

// webhookRouteRegistered reports whether the file registers a webhook
// route that names the function fname.
func webhookRouteRegistered(u *Unit, fname string) bool {
	src := u.srcString()
	for _, m := range webhookRouteRE.FindAllStringIndex(src, -1) {
		end := strings.Index(src[m[1]:], "\n")
		if end < 0 {
			end = len(src) - m[1]
		}
		if containsIdent(src[m[1]:m[1]+end], fname) {
			return true
		}
	}
	return false
}

// jsonParserRE matches a JSON body parser mounted for every route.
var jsonParserRE = regexp.MustCompile(`^(express|bodyParser|body_parser)\.json\(\s*(\{[^}]*\})?\s*\)$`)

// stripeWebhookRouteRE matches a webhook route that verifies with Stripe
// (the route that needs the raw body).
var rawBodyRE = regexp.MustCompile(`\.raw\(|rawBody|raw_body|bodyParser\.text|express\.text`)

// visitJSONBeforeWebhook reports app.use(express.json()) mounted before a
// Stripe webhook route that verifies the signature: the parsed body no
// longer matches the signature, so constructEvent always fails (and the
// tempting "fix" is to drop verification).
func visitJSONBeforeWebhook(p *Pass, call, args *sitter.Node) {
	u := p.Unit
	if argCount(args) != 1 {
		return
	}
	arg := firstArg(args)
	text := strings.Join(strings.Fields(u.Text(arg)), " ")
	if !jsonParserRE.MatchString(text) || strings.Contains(text, "verify") {
		return
	}
	rest := string(u.Src[grammars.End(call):])
	loc := webhookRouteRE.FindStringIndex(rest)
	if loc == nil {
		return
	}
	// The route's registration: up to the end of its statement, bounded.
	route := rest[loc[0]:]
	if len(route) > maxHandlerBytes {
		route = route[:maxHandlerBytes]
	}
	if !strings.Contains(route, "constructEvent") {
		return
	}
	head := route
	if i := strings.Index(head, "=>"); i >= 0 {
		head = head[:i]
	}
	if i := strings.Index(head, "function"); i >= 0 {
		head = head[:i]
	}
	if rawBodyRE.MatchString(head) {
		// express.raw() on the route itself still sees a parsed body
		// when express.json() ran first, unless json skipped it; the
		// common working setup mounts json after the webhook route.
		p.Report(Finding{
			Start: int(grammars.Start(arg)), End: int(grammars.End(arg)),
			Message: "`" + text + "` is mounted before the Stripe webhook route: it consumes the body, so express.raw() on the route gets nothing and constructEvent cannot verify the signature. " +
				"Register the webhook route (with express.raw({ type: 'application/json' })) before app.use(express.json()).",
		})
		return
	}
	p.Report(Finding{
		Start: int(grammars.Start(arg)), End: int(grammars.End(arg)),
		Message: "`" + text + "` parses every body as JSON before the Stripe webhook route: the signature is computed over the raw bytes, so constructEvent fails and verification gets switched off. " +
			"Mount the webhook route first with express.raw({ type: 'application/json' }), then app.use(express.json()).",
	})
}
