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
		a, ok := inlineAt(text, opStart, opEnd)
		if ok {
			out = append(out, a)
			i = max(i, a.ValEnd-1)
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

// strongInlineValue is the stricter check a value found inside text must
// pass: long enough, more than letters alone, and high in entropy, since
// prose and messages mention passwords and tokens without holding them.
func strongInlineValue(v string) bool {
	if len(v) < 8 || len(v) > 512 || charClasses(v) < 2 && !hasSymbol(v) {
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
