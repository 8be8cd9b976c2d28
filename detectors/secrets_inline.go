package detectors

import "strings"

// inlineAssign is a "name = value" written inside a string or a comment:
// a .env line in a template, a connection option, a YAML or JSON line, a
// shell command. Offsets are relative to the scanned text.
type inlineAssign struct {
	Key                string
	KeyStart, KeyEnd   int
	ValStart, ValEnd   int
	Quoted, AuthHeader bool
}

// maxInlineAssigns bounds the assignments read from one text.
const maxInlineAssigns = 64

// isKeyByte reports whether c may be part of an inline key.
func isKeyByte(c byte) bool { return isAlnum(c) || c == '_' || c == '-' || c == '.' }

// isOpByte reports whether c may be part of an inline assignment operator
// (=, :, :=, ::=, ?=, =>, .=).
func isOpByte(c byte) bool { return c == '=' || c == ':' || c == '?' || c == '>' || c == '.' }

// valueStops are the bytes that end an unquoted inline value.
const valueStops = " \t\r\n\"'`\\,;&)]}<"

// inlineAssignments finds "key <op> value" pairs in text whose key looks
// like a credential or a provider name. It reads each operator once and
// looks a bounded distance around it, so the cost is linear in text.
func inlineAssignments(text string) []inlineAssign {
	var out []inlineAssign
	for i := 0; i < len(text) && len(out) < maxInlineAssigns; i++ {
		c := text[i]
		if c == ',' {
			// "KEY", "value": a setter's arguments.
			if i > 0 && (text[i-1] == '"' || text[i-1] == '\'') {
				if a, ok := inlineAt(text, i, i+1); ok && a.Quoted {
					out = append(out, a)
				}
			}
			continue
		}
		if c == '>' && i+1 < len(text) && text[i+1] != '=' {
			if a, ok := inlineTag(text, i); ok {
				out = append(out, a)
			}
			continue
		}
		if c != '=' && c != ':' {
			continue
		}
		// The whole operator.
		opStart, opEnd := i, i
		for opStart > 0 && isOpByte(text[opStart-1]) && i-opStart < 3 {
			opStart--
		}
		for opEnd < len(text) && isOpByte(text[opEnd]) && opEnd-i < 4 {
			opEnd++
		}
		i = opEnd - 1
		if strings.HasPrefix(text[opEnd:], "//") {
			continue // a URL scheme
		}
		if a, ok := inlineAt(text, opStart, opEnd); ok {
			out = append(out, a)
		}
	}
	return out
}

// inlineAt reads the key before [opStart, opEnd) and the value after it.
func inlineAt(text string, opStart, opEnd int) (inlineAssign, bool) {
	var a inlineAssign
	// Key: skip blanks and a closing quote (possibly escaped).
	k := opStart
	for k > 0 && (text[k-1] == ' ' || text[k-1] == '\t') && opStart-k < 4 {
		k--
	}
	quoted := false
	if k > 0 && (text[k-1] == '"' || text[k-1] == '\'') {
		k--
		quoted = true
		if k > 0 && text[k-1] == '\\' {
			k--
		}
	}
	keyEnd := k
	for k > 0 && isKeyByte(text[k-1]) && keyEnd-k < 64 {
		k--
	}
	if k == keyEnd || (k > 0 && isKeyByte(text[k-1])) {
		return a, false
	}
	if typeWords[text[k:keyEnd]] {
		// "var apiKey string = …", "String apiKey = …": the name is the
		// word before the type.
		j := k
		for j > 0 && text[j-1] == ' ' && k-j < 3 {
			j--
		}
		keyEnd = j
		for j > 0 && isKeyByte(text[j-1]) && keyEnd-j < 64 {
			j--
		}
		if j == keyEnd {
			return a, false
		}
		k = j
	}
	a.Key = strings.Trim(text[k:keyEnd], ".-")
	a.KeyStart, a.KeyEnd = k, keyEnd
	_ = quoted
	// Value: skip blanks, an opening quote, an auth scheme.
	v := opEnd
	for v < len(text) && (text[v] == ' ' || text[v] == '\t') && v-opEnd < 4 {
		v++
	}
	if v < len(text) && text[v] == '\\' && v+1 < len(text) && (text[v+1] == '"' || text[v+1] == '\'') {
		v++
	}
	var quote byte
	if v < len(text) && (text[v] == '"' || text[v] == '\'' || text[v] == '`') {
		quote = text[v]
		v++
		a.Quoted = true
	}
	if isAuthHeaderName(a.Key) {
		a.AuthHeader = true
		if sp := strings.IndexByte(text[v:min(len(text), v+12)], ' '); sp > 0 && authSchemes[strings.ToLower(text[v:v+sp])] {
			v += sp
			for v < len(text) && text[v] == ' ' {
				v++
			}
		}
	}
	end := v
	for end < len(text) && end-v < 512 {
		ch := text[end]
		if quote != 0 && ch == quote {
			break
		}
		if quote == 0 && strings.IndexByte(valueStops, ch) >= 0 || quote != 0 && (ch == '\\' || ch == '\n') {
			break
		}
		end++
	}
	if end == v {
		return a, false
	}
	a.ValStart, a.ValEnd = v, end
	return a, true
}

// inlineTag reads "<key>value</key>" (XML and .NET config) at the ">"
// ending the opening tag, skipping blank space and escaped newlines around
// the value.
func inlineTag(text string, gt int) (inlineAssign, bool) {
	var a inlineAssign
	k := gt
	for k > 0 && isKeyByte(text[k-1]) && gt-k < 64 {
		k--
	}
	if k == gt || k == 0 || text[k-1] != '<' {
		return a, false
	}
	a.Key, a.KeyStart, a.KeyEnd = text[k:gt], k, gt
	skip := func(i int) int {
		for i < len(text) {
			switch {
			case text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r':
				i++
			case text[i] == '\\' && i+1 < len(text) && strings.IndexByte("nrt", text[i+1]) >= 0:
				i += 2
			default:
				return i
			}
		}
		return i
	}
	v := skip(gt + 1)
	end := v
	for end < len(text) && end-v < 512 && strings.IndexByte(valueStops, text[end]) < 0 {
		end++
	}
	if end == v || !strings.HasPrefix(text[skip(end):], "</"+a.Key+">") {
		return a, false
	}
	a.ValStart, a.ValEnd = v, end
	return a, true
}

// typeWords are type names that may sit between a declared name and its
// "=".
var typeWords = map[string]bool{"string": true, "String": true, "str": true, "const": true}

// strongInlineValue is the stricter check a value found inside text must
// pass: long enough, more than letters alone, and high in entropy, since
// prose and messages mention passwords and tokens without holding them.
func strongInlineValue(v string) bool {
	if len(v) < 8 || len(v) > 512 || charClasses(v) < 2 && !hasSymbol(v) {
		return false
	}
	switch v[0] {
	case '$', '%', '{', '@', '(':
		// A shell or template variable, a format verb, an expression.
		return false
	}
	if strings.IndexFunc(v, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }) < 0 {
		return false // numbers, dates, versions
	}
	min := 3.0
	if len(v) >= 20 {
		min = 3.3
	}
	return entropy(v) >= min && longestRun(v) < 5 && sequentialRun(v) < 6
}

func hasSymbol(v string) bool {
	return strings.IndexFunc(v, func(r rune) bool { return r < 128 && !isAlnum(byte(r)) }) >= 0
}

// maxCurlCredentials bounds the curl credentials read from one text.
const maxCurlCredentials = 8

// curlCredentials finds the password of "curl -u user:password" (also
// "--user user:password", "--user=…", quoted or not) in a shell command
// written in text, or the user part when the password is empty (an API key
// passed as the user, "-u sk_live_…:"). The value is returned as an
// inlineAssign keyed "curl -u"; whether it looks like a real credential is
// the caller's check. A flag counts only after the word "curl" earlier in
// the same command.
func curlCredentials(text string) []inlineAssign {
	var out []inlineAssign
	for from := 0; from < len(text) && len(out) < maxCurlCredentials; {
		i := strings.Index(text[from:], "-u")
		if i < 0 {
			break
		}
		i += from
		from = i + 2
		flag, v := i, i+2
		if i > 0 && text[i-1] == '-' {
			// "--user", "--user=".
			if !strings.HasPrefix(text[v:], "ser") {
				continue
			}
			flag, v = i-1, v+3
			if v < len(text) && text[v] == '=' {
				v++
			}
		}
		if flag > 0 && text[flag-1] != ' ' && text[flag-1] != '\t' {
			continue
		}
		if v >= len(text) || text[v-1] != '=' && text[v] != ' ' && text[v] != '\t' {
			continue
		}
		for v < len(text) && (text[v] == ' ' || text[v] == '\t') {
			v++
		}
		if !curlBefore(text, i) {
			continue
		}
		if a, ok := curlUserValue(text, v); ok {
			out = append(out, a)
		}
	}
	return out
}

// curlBefore reports whether the command holding the flag at i starts
// with curl: the word "curl" occurs before i, with no line break between
// that is not a continuation.
func curlBefore(text string, i int) bool {
	start := max(0, i-512)
	for j := i - 1; j >= start; j-- {
		if text[j] == '\n' && !(j > 0 && text[j-1] == '\\' || j > 1 && text[j-2] == '\\' && text[j-1] == '\\') {
			start = j
			break
		}
	}
	k := strings.LastIndex(text[start:i], "curl")
	if k < 0 {
		return false
	}
	k += start
	return (k == 0 || !isKeyByte(text[k-1])) && k+4 < len(text) && (text[k+4] == ' ' || text[k+4] == '\t')
}

// curlUserValue reads the "user:password" argument starting at v and
// returns the password's span, or the user's when the password is empty.
// The two halves may be quoted apart ("user":"pass", user:'pass').
func curlUserValue(text string, v int) (inlineAssign, bool) {
	a := inlineAssign{Key: "curl -u", Quoted: true}
	s, e, next := curlWord(text, v)
	arg := text[s:e]
	colon := strings.IndexByte(arg, ':')
	switch {
	case colon < 0 && strings.HasPrefix(text[next:], ":"):
		// "user":"pass"
		ps, pe, _ := curlWord(text, next+1)
		a.ValStart, a.ValEnd = ps, pe
		return a, pe > ps
	case colon < 0:
		return a, false
	case colon == len(arg)-1 && next == e:
		// user:'pass'
		ps, pe, _ := curlWord(text, e)
		if pe > ps {
			a.ValStart, a.ValEnd = ps, pe
			return a, true
		}
	case colon+1 < len(arg):
		a.ValStart, a.ValEnd = s+colon+1, e
		return a, true
	}
	user := arg[:colon]
	if user == "" || strings.ContainsAny(user, "@.") {
		return a, false
	}
	a.ValStart, a.ValEnd = s, s+colon
	return a, true
}

// curlWord reads one shell word at v: quoted (the quote possibly escaped
// inside a string literal) or bare. It returns the word's content and
// where reading stopped after it (past a closing quote).
func curlWord(text string, v int) (start, end, next int) {
	if v < len(text) && text[v] == '\\' && v+1 < len(text) && (text[v+1] == '"' || text[v+1] == '\'') {
		v++
	}
	var quote byte
	if v < len(text) && (text[v] == '"' || text[v] == '\'') {
		quote = text[v]
		v++
	}
	end = v
	for end < len(text) && end-v < 256 {
		c := text[end]
		if quote != 0 && (c == quote || c == '\\' && end+1 < len(text) && text[end+1] == quote) {
			break
		}
		if quote == 0 && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '\\' || c == '`') {
			break
		}
		end++
	}
	next = end
	if quote != 0 && next < len(text) {
		if text[next] == '\\' {
			next++
		}
		next++
	}
	return v, end, min(next, len(text))
}

// curlValueOK is the check on a curl credential: a strong inline value
// that is not a shell, template or placeholder stand-in.
func curlValueOK(v string, testFile bool) bool {
	if v == "" || strings.IndexByte("$[{<%", v[0]) >= 0 {
		return false
	}
	return credentialValueOK(v, "password", testFile) && strongInlineValue(v)
}
