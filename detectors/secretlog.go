package detectors

import (
	"errors"
	"fmt"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// secretLogFamily is the secret-in-log family: TL105.
func secretLogFamily() family {
	return family{
		rules: []Rule{{
			ID: "TL105", Name: "secret-in-log", Severity: SeverityWarning,
			CWE: []string{"CWE-532", "CWE-209"}, Families: allFamilies,
			Summary: "A password, token, API key, Authorization header or cookie reaching a log, print, console or error message, directly or through templates, f-strings, format strings and concatenation.",
		}},
		checkers: []checker{secretLogChecker()},
	}
}

// secretLogChecker returns TL105's detector with its own per-run state.
func secretLogChecker() checker {
	st := &logState{}
	return checker{rule: "TL105", kinds: logSinkKinds, visit: func(p *Pass, n *sitter.Node) { visitSecretLog(p, n, st) }}
}

// logSinkKinds are the node types that may be a log, print or error sink.
var logSinkKinds = map[grammars.Family][]string{
	grammars.FamilyJS:     {"call_expression", "new_expression"},
	grammars.FamilyGo:     {"call_expression"},
	grammars.FamilyPython: {"call", "raise_statement"},
}

// logSink is a call that writes its arguments somewhere people read:
// a log, the console, standard output, an error message.
type logSink struct {
	// Name is the callee as shown in messages ("console.log", "new Error").
	Name string
	// Error is true for error constructors and raise: the value ends up
	// in an error message.
	Error bool
	// Args are the expressions whose values are written.
	Args []*sitter.Node
	// Format is true when the first argument is a printf-style format.
	Format bool
}

// flow is an expression a value reaches a sink through, with the key it
// is written under when a key names it ("password": pw, token=tok,
// "token=%s", tok).
type flow struct {
	Node *sitter.Node
	Key  string
}

// logLang holds one language family's part of TL105.
type logLang struct {
	// sink recognises a sink node.
	sink func(u *Unit, n *sitter.Node) (logSink, bool)
	// leaf reports whether n is itself a secret value and which kind.
	leaf func(u *Unit, l logLang, n *sitter.Node) (string, bool)
	// resolve returns the initialiser of the declaration an identifier
	// refers to, or nil; nil resolve resolves nothing.
	resolve func(u *Unit, ident *sitter.Node) *sitter.Node
	// readsSecrets reports whether plain names are worth resolving.
	readsSecrets func(u *Unit) bool
	// through returns the expressions n passes its value on from
	// (template holes, concatenation operands, format arguments, object
	// values), or nil when n transforms its value (a call, .length, !x).
	through func(u *Unit, n *sitter.Node) []flow
	// plain reports whether n names a value directly (identifier, member,
	// subscript), so that a credential key makes it a secret.
	plain func(u *Unit, n *sitter.Node) (string, bool)
	// redact returns the edit replacing the secret n with a redacted form.
	redact func(u *Unit, n *sitter.Node) (Edit, bool)
	// isString reports whether n is a string literal and returns its content.
	isString func(u *Unit, n *sitter.Node) (string, bool)
}

// logLangFor returns the TL105 functions of a language family.
func logLangFor(f grammars.Family, st *logState) (logLang, bool) {
	var l logLang
	switch f {
	case grammars.FamilyJS:
		l = jsLogLang()
	case grammars.FamilyGo:
		l = goLogLang()
	case grammars.FamilyPython:
		l = pyLogLang()
	default:
		return logLang{}, false
	}
	l.resolve, l.readsSecrets = st.resolve, st.readsSecrets
	return l, true
}

// maxLogDepth bounds how deep TL105 follows an argument's expression;
// maxLogLeaves bounds the secrets reported per sink.
const (
	maxLogDepth  = 12
	maxLogLeaves = 8
)

// secretHit is one secret value found in a sink's argument.
type secretHit struct {
	Node *sitter.Node
	Kind string
}

// visitSecretLog reports each secret value that reaches a log, print or
// error sink (TL105), with a fix that writes "[REDACTED]" in its place.
func visitSecretLog(p *Pass, n *sitter.Node, st *logState) {
	lang, ok := st.unitLang(p.Unit)
	if !ok {
		return
	}
	sink, ok := lang.sink(p.Unit, n)
	if !ok || len(sink.Args) == 0 {
		return
	}
	flows := argFlows(p.Unit, lang, sink)
	var hits []secretHit
	for _, f := range flows {
		collectSecrets(p.Unit, lang, f, 0, &hits)
	}
	if hasLexicalKind(hits) && !st.speaksAuth(p.Unit) {
		// Without a word of authentication in the file, a "token" is a
		// lexer's and a "cookie" an I/O position.
		kept := hits[:0]
		for _, h := range hits {
			if h.Kind != "a token" && h.Kind != "a cookie" {
				kept = append(kept, h)
			}
		}
		hits = kept
	}
	for _, h := range hits {
		f := Finding{Start: int(grammars.Start(h.Node)), End: int(grammars.End(h.Node))}
		if sink.Error {
			f.Message = fmt.Sprintf("%s is put into an error message (%s): errors reach logs and responses; leave the value out", capitalize(h.Kind), sink.Name)
		} else {
			f.Message = fmt.Sprintf("%s is written to %s: log a redacted form, never the value", capitalize(h.Kind), sink.Name)
		}
		if e, ok := lang.redact(p.Unit, h.Node); ok {
			f.Fixes = append(f.Fixes, Fix{Title: "Replace the secret with \"[REDACTED]\"", Edits: []Edit{e}, Preferred: true, Safe: true})
		}
		p.Report(f)
	}
}

// hasLexicalKind reports whether a hit is a token or a cookie, the kinds
// a file without authentication words means something else by. Most sinks
// have no hit at all: the file's text is then never scanned for them.
func hasLexicalKind(hits []secretHit) bool {
	for _, h := range hits {
		if h.Kind == "a token" || h.Kind == "a cookie" {
			return true
		}
	}
	return false
}

// argFlows turns a sink's arguments into flows, giving an argument the key
// a preceding "password:" argument or a "password=%s" format verb names.
func argFlows(u *Unit, lang logLang, sink logSink) []flow {
	var out []flow
	var verbKeys []string
	for i, a := range sink.Args {
		if i == 0 && sink.Format {
			if s, ok := lang.isString(u, a); ok {
				verbKeys = formatKeys(s)
			}
		}
		key := ""
		if i > 0 {
			if s, ok := lang.isString(u, sink.Args[i-1]); ok {
				key = labelKey(s)
			}
			if sink.Format && i-1 < len(verbKeys) && verbKeys[i-1] != "" {
				key = verbKeys[i-1]
			}
		}
		out = append(out, flow{Node: a, Key: key})
	}
	return out
}

// collectSecrets adds to hits the secret values the flow f carries.
func collectSecrets(u *Unit, lang logLang, f flow, depth int, hits *[]secretHit) {
	n := f.Node
	if n == nil || depth > maxLogDepth || len(*hits) >= maxLogLeaves {
		return
	}
	if kind, ok := lang.leaf(u, lang, n); ok {
		*hits = append(*hits, secretHit{Node: n, Kind: kind})
		return
	}
	if f.Key != "" {
		if kind := keyKind(f.Key); kind != "" {
			if name, ok := lang.plain(u, n); ok && plainValueName(name) {
				*hits = append(*hits, secretHit{Node: n, Kind: kind})
				return
			}
		}
	}
	for _, next := range lang.through(u, n) {
		collectSecrets(u, lang, next, depth+1, hits)
	}
}

// keyKind returns the kind of secret a key, field or label names, or "".
func keyKind(key string) string {
	k := strings.TrimSpace(key)
	switch normalizeName(k) {
	case "authorization", "proxyauthorization", "httpauthorization", "authheader", "authorizationheader":
		return "the Authorization header"
	case "cookie", "cookies", "httpcookie", "setcookie":
		return "a cookie"
	}
	if !isCredentialName(k) {
		return ""
	}
	words := splitWords(k)
	last := words[len(words)-1]
	switch {
	case strings.Contains(last, "pass") || last == "pwd" || strings.HasSuffix(last, "passwd"):
		return "a password"
	case strings.HasSuffix(last, "token") || last == "bearer":
		return "a token"
	case last == "key" || strings.HasSuffix(last, "key"):
		return "a key"
	case strings.HasPrefix(last, "cred"):
		return "a credential"
	}
	return "a secret"
}

// nonSecretWords, as the last word of a value's name, say the value is
// about a secret without being it: its hash, length, type or id.
var nonSecretWords = map[string]bool{
	"id": true, "ids": true, "hash": true, "hashed": true, "digest": true, "masked": true,
	"mask": true, "redacted": true, "len": true, "length": true, "count": true, "size": true,
	"type": true, "kind": true, "expiry": true, "expires": true, "expiration": true, "exp": true,
	"at": true, "valid": true, "ok": true, "err": true, "error": true, "status": true,
	"name": true, "prefix": true, "suffix": true, "last4": true, "url": true, "uri": true,
	"path": true, "hint": true, "label": true, "field": true, "policy": true, "strength": true,
	"nil": true, "none": true, "null": true, "undefined": true, "true": true, "false": true,
}

// plainValueName reports whether a value named name, written under a
// credential key, is plausibly the credential itself.
func plainValueName(name string) bool {
	words := splitWords(lastComponent(name))
	if len(words) == 0 {
		return false
	}
	switch words[0] {
	case "is", "has", "should", "can", "num", "n":
		return false
	}
	return !nonSecretWords[words[len(words)-1]]
}

// labelKey returns the key a label argument names for the argument after
// it: "password:" or "token =" gives the key, prose gives "".
func labelKey(s string) string {
	t := strings.TrimSpace(s)
	t = strings.TrimRight(t, ":= ")
	if t == "" || strings.ContainsAny(t, " \t") {
		return ""
	}
	for i := 0; i < len(t); i++ {
		if c := t[i]; !(isAlnum(c) || c == '_' || c == '-' || c == '.') {
			return ""
		}
	}
	return t
}

// formatKeys returns, for each printf verb of a format string, the key
// written right before it ("password=%s" gives "password"), or "".
func formatKeys(format string) []string {
	var keys []string
	for i := 0; i < len(format) && len(keys) < 32; i++ {
		if format[i] != '%' {
			continue
		}
		if i+1 < len(format) && format[i+1] == '%' {
			i++
			continue
		}
		keys = append(keys, keyBefore(format[:i]))
	}
	return keys
}

// keyBefore returns the key of "…key=" or "…key: " at the end of text.
func keyBefore(text string) string {
	t := strings.TrimRight(text, " ")
	if t == "" || (t[len(t)-1] != '=' && t[len(t)-1] != ':') {
		return ""
	}
	t = strings.TrimRight(t[:len(t)-1], " ")
	j := len(t)
	for j > 0 && (isAlnum(t[j-1]) || t[j-1] == '_' || t[j-1] == '-') {
		j--
	}
	return t[j:]
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// sinkCallee names a member callee compactly for messages: the receiver's
// last component and the method ("this.logger.info" gives "logger.info").
func sinkCallee(object, method string) string {
	if strings.ContainsAny(object, "()[]") || len(object) > 40 {
		return method
	}
	return lastComponent(object) + "." + method
}

// loggerWords are receiver words that name a logger.
var loggerWords = map[string]bool{
	"logger": true, "log": true, "winston": true, "pino": true, "bunyan": true,
	"logging": true, "syslog": true, "slog": true, "zap": true, "sugar": true,
	"logrus": true, "zerolog": true, "klog": true, "glog": true, "structlog": true,
	"loguru": true, "signale": true, "consola": true,
}

// isLoggerReceiver reports whether a call's receiver text names a logger:
// logger, this.logger, req.log, app.logger, zap.L(), log.WithField(…).
func isLoggerReceiver(text string) bool {
	if len(text) > 200 {
		text = text[:200]
	}
	for _, w := range splitWords(text) {
		if loggerWords[w] {
			return true
		}
	}
	return false
}

// logSecretKind classifies an identifier or member name as a secret,
// with its kind, using the credential name classifier.
func logSecretKind(name string) (string, bool) {
	k := keyKind(name)
	return k, k != ""
}

// knownSecretInit reports whether the declaration initialiser init makes
// its variable a secret in this file: a provider token literal, or an
// expression carrying a secret (an env secret, a header, a password field).
func knownSecretInit(u *Unit, lang logLang, init *sitter.Node) (string, bool) {
	if init == nil {
		return "", false
	}
	if lit, ok := ParseStringLit(u, init); ok {
		if _, ok := firstToken(u, lit, ""); ok {
			return "a hardcoded secret", true
		}
		return "", false
	}
	var hits []secretHit
	noResolve := lang
	noResolve.resolve = nil
	noResolve.leaf = func(u *Unit, l logLang, n *sitter.Node) (string, bool) {
		if isIdentifierNode(n) {
			return logSecretKind(u.Text(n))
		}
		return lang.leaf(u, l, n)
	}
	collectSecrets(u, noResolve, flow{Node: init}, maxLogDepth-3, &hits)
	if len(hits) == 0 {
		return "", false
	}
	return hits[0].Kind, true
}

// errStopLogWalk ends a walk early.
var errStopLogWalk = errors.New("stop")

// isIdentifierNode reports whether n is a plain identifier.
func isIdentifierNode(n *sitter.Node) bool {
	return n != nil && (grammars.Type(n) == "identifier" || grammars.Type(n) == "shorthand_property_identifier")
}

// identSecret classifies an identifier: a credential name is a secret
// unless its declaration gives it a non-secret literal or a masked value;
// any other name is a secret when its declaration initialises it from one.
func identSecret(u *Unit, lang logLang, n *sitter.Node) (string, bool) {
	name := u.Text(n)
	if lang.resolve == nil {
		return logSecretKind(name)
	}
	if kind, ok := logSecretKind(name); ok {
		if init := lang.resolve(u, n); init != nil && !initKeepsSecret(u, init, name) {
			return "", false
		}
		return kind, true
	}
	if lang.readsSecrets != nil && !lang.readsSecrets(u) {
		return "", false
	}
	return knownSecretInit(u, lang, lang.resolve(u, n))
}

// maskWords, in a callee's name, say it hides or transforms a secret.
var maskWords = map[string]bool{
	"mask": true, "masked": true, "redact": true, "redacted": true, "hash": true,
	"obfuscate": true, "truncate": true, "digest": true, "encrypt": true, "bcrypt": true,
	"sha256": true, "hmac": true, "len": true, "bool": true, "boolean": true,
	"sanitize": true, "scrub": true, "censor": true, "hide": true,
}

// initKeepsSecret reports whether a credential-named variable initialised
// with init still holds a secret: not a label or placeholder literal, not
// a masked, hashed or boolean value.
func initKeepsSecret(u *Unit, init *sitter.Node, name string) bool {
	if lit, ok := ParseStringLit(u, init); ok {
		if lit.HasInterpolation() {
			return true
		}
		if _, ok := firstToken(u, lit, ""); ok {
			return true
		}
		return credentialValueOK(lit.Content(u), name, u.IsTestFile())
	}
	switch grammars.Type(init) {
	case "true", "false", "number", "integer", "float", "unary_expression", "not_operator",
		"comparison_operator", "boolean_operator", "none", "null", "undefined", "nil":
		return false
	case "call_expression", "call":
		for _, w := range splitWords(u.Text(grammars.Field(init, "function"))) {
			if maskWords[w] {
				return false
			}
		}
	}
	return true
}
