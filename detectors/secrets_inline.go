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
