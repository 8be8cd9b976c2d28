package detectors

import (
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// randomSecurityWords name a value that must be unpredictable on their
// own.
var randomSecurityWords = map[string]bool{
	"token": true, "tokens": true, "password": true, "passwords": true, "passwd": true, "pwd": true,
	"passphrase": true, "passcode": true, "secret": true, "secrets": true, "salt": true, "otp": true,
	"totp": true, "hotp": true, "nonce": true, "csrf": true, "xsrf": true, "iv": true, "pin": true,
	"pincode": true, "apikey": true, "credential": true, "credentials": true, "mfa": true, "2fa": true,
	"session": true, "sessionid": true, "sid": true, "verification": true, "recovery": true,
	"activation": true, "invite": true, "invitation": true, "magic": true, "challenge": true,
	"reset": true, "passkey": true, "signature": true, "cipher": true, "encryption": true,
}

// randomCodeQualifiers make a following "code", "key", "id", "link" or
// "state" a secret (verificationCode, sessionKey, oauthState).
var randomCodeQualifiers = map[string]bool{
	"verification": true, "verify": true, "confirm": true, "confirmation": true, "reset": true,
	"otp": true, "auth": true, "authorization": true, "login": true, "activation": true,
	"recovery": true, "backup": true, "security": true, "sms": true, "email": true, "access": true,
	"invite": true, "mfa": true, "2fa": true, "pairing": true, "onetime": true, "one": true,
	"magic": true, "signup": true, "session": true, "secret": true, "api": true, "private": true,
	"signing": true, "encryption": true, "aes": true, "hmac": true, "jwt": true, "oauth": true,
	"unlock": true, "device": true,
}

// randomBenignWords name uses where predictability does not matter:
// jitter, backoff, animation, layout, shuffling, sampling, games.
var randomBenignWords = map[string]bool{
	"jitter": true, "delay": true, "backoff": true, "retry": true, "retries": true, "attempt": true,
	"timeout": true, "sleep": true, "wait": true, "interval": true, "throttle": true, "animation": true,
	"animate": true, "anim": true, "duration": true, "color": true, "colour": true, "hue": true,
	"rgb": true, "hsl": true, "opacity": true, "alpha": true, "x": true, "y": true, "z": true,
	"position": true, "pos": true, "left": true, "top": true, "offset": true, "angle": true,
	"rotation": true, "rotate": true, "velocity": true, "speed": true, "width": true, "height": true,
	"radius": true, "scale": true, "shuffle": true, "shuffled": true, "sort": true, "sample": true,
	"sampling": true, "sampled": true, "probability": true, "chance": true, "percent": true,
	"weight": true, "weights": true, "game": true, "dice": true, "roll": true, "card": true,
	"cards": true, "deck": true, "quote": true, "tip": true, "greeting": true, "placeholder": true,
	"mock": true, "fake": true, "demo": true, "particle": true, "particles": true, "star": true,
	"stars": true, "confetti": true, "emoji": true, "avatar": true, "fact": true, "joke": true,
	"variant": true, "experiment": true, "bucket": true, "cohort": true, "spinner": true,
	"lorem": true, "noise": true, "latency": true, "chart": true, "score": true, "damage": true,
	"enemy": true, "player": true, "spawn": true, "loot": true, "question": true, "questions": true,
	"quiz": true, "trivia": true, "music": true, "song": true, "wiggle": true, "blink": true,
	"flicker": true, "sleep_time": true, "settimeout": true, "setinterval": true, "jittered": true,
	"sampler": true, "ratio": true, "temperature": true, "mutation": true, "population": true,
	"gene": true, "fitness": true, "epsilon": true, "exploration": true, "dropout": true,
	"seed": true, "seeded": true, "test": true, "tests": true, "benchmark": true, "bench": true,
}

// randomValueTails are last words that keep the meaning of a security
// word before them: sessionId, tokenValue, otpDigits, saltBytes.
var randomValueTails = map[string]bool{
	"id": true, "ids": true, "value": true, "values": true, "str": true, "string": true, "bytes": true,
	"hex": true, "chars": true, "digits": true, "code": true, "codes": true, "key": true, "part": true,
	"buf": true, "buffer": true, "raw": true, "b64": true, "base64": true, "number": true, "num": true,
	"text": true, "suffix": true, "prefix": true, "data": true, "hash": false, "url": true, "link": true,
	"state": true, "cookie": true, "header": true,
}

// randomSecurityName reports whether a name says the value must be
// unpredictable: its head word is a secret (token, password, salt, OTP,
// nonce, session...), or a value word after one (sessionId, otpDigits), or
// a code, key, id or link qualified as one (verificationCode, oauthState).
// passwordLength, tokenExpiry and saltRounds are not.
func randomSecurityName(name string) bool {
	if isCredentialName(name) {
		return true
	}
	words := splitWords(name)
	if len(words) == 0 {
		return false
	}
	last := words[len(words)-1]
	secret := func(w string) bool {
		if randomSecurityWords[w] {
			return true
		}
		for _, s := range []string{"token", "password", "secret", "nonce", "salt", "otp"} {
			if strings.HasSuffix(w, s) {
				return true
			}
		}
		return false
	}
	if secret(last) {
		return true
	}
	if !randomValueTails[last] {
		return false
	}
	for _, w := range words[:len(words)-1] {
		if secret(w) || randomCodeQualifiers[w] {
			return true
		}
	}
	return false
}

// randomBenignName reports whether a name says predictability does not
// matter.
func randomBenignName(name string) bool {
	for _, w := range splitWords(name) {
		if randomBenignWords[w] {
			return true
		}
	}
	return randomBenignWords[strings.ToLower(name)]
}

// securityUse decides from the consumer's names, nearest first, whether a
// value must be unpredictable: the first name that says either way wins.
// It returns the deciding name.
func securityUse(c cryptoConsumer) (string, bool) {
	for _, name := range c.Names {
		if randomBenignName(name) {
			return name, false
		}
		if randomSecurityName(name) {
			return name, true
		}
	}
	return "", false
}

// visitInsecureRandom reports a non-cryptographic random generator whose
// value becomes a token, password, key, salt, OTP or session id (TL304).
func visitInsecureRandom(p *Pass, n *sitter.Node) {
	if insecureRandomMayBe(p.Unit, n) {
		checkInsecureRandom(p, n)
	}
}

// checkInsecureRandom is visitInsecureRandom without the look at the
// bytes.
func checkInsecureRandom(p *Pass, n *sitter.Node) {
	if p.IsTestFile() {
		return
	}
	c, ok := readCryptoCall(p.Unit, n)
	if !ok {
		return
	}
	var gen string
	switch p.Lang.Family() {
	case grammars.FamilyJS:
		if c.Callee != "Math.random" || len(c.Args) != 0 {
			return
		}
		gen = "Math.random()"
	case grammars.FamilyGo:
		gen = goMathRand(p.Unit, c)
	case grammars.FamilyPython:
		gen = pyRandom(p.Unit, c)
	}
	if gen == "" {
		return
	}
	name, secure := securityUse(consumerOf(p.Unit, n))
	if !secure {
		return
	}
	f := Finding{
		Start: int(grammars.Start(n)), End: int(grammars.End(n)),
		Message: gen + " is predictable and produces `" + clip(name) + "`: use " + randomAdvice(p.Lang.Family()),
	}
	if fix, ok := insecureRandomFix(p.Unit, c); ok {
		f.Fixes = append(f.Fixes, fix)
	}
	p.Report(f)
}

func randomAdvice(f grammars.Family) string {
	switch f {
	case grammars.FamilyJS:
		return "crypto.randomBytes, crypto.randomInt or crypto.randomUUID"
	case grammars.FamilyGo:
		return "crypto/rand (rand.Read, rand.Int, rand.Text)"
	}
	return "the secrets module (token_urlsafe, randbelow, choice)"
}

// goRandFuncs are math/rand's (v1 and v2) generator functions and methods.
var goRandFuncs = map[string]bool{
	"Int": true, "Intn": true, "IntN": true, "Int31": true, "Int31n": true, "Int32": true, "Int32N": true,
	"Int63": true, "Int63n": true, "Int64": true, "Int64N": true, "Uint32": true, "Uint64": true,
	"Uint32N": true, "Uint64N": true, "UintN": true, "Uint": true, "Float32": true, "Float64": true,
	"Read": true, "N": true, "Perm": true, "ExpFloat64": true, "NormFloat64": true,
}

// goMathRand returns "rand.Intn" when the call is a math/rand generator,
// called on the package or on a *rand.Rand made in the same file.
func goMathRand(u *Unit, c cryptoCall) string {
	pkg, fn, ok := strings.Cut(c.Callee, ".")
	if !ok || strings.Contains(fn, ".") || !goRandFuncs[fn] {
		return ""
	}
	imports := cryptoGoImports(u)
	if isMathRand(imports[pkg]) {
		return "math/rand's " + fn
	}
	operand := grammars.Field(grammars.Field(c.Node, "function"), "operand")
	if cryptoIsIdent(operand) {
		if b := cryptoResolve(u, operand); b.Value != nil && grammars.Type(b.Value) == "call_expression" {
			callee := cryptoCompact(u.Text(grammars.Field(b.Value, "function")))
			if p, f, ok := strings.Cut(callee, "."); ok && f == "New" && isMathRand(imports[p]) {
				return "math/rand's " + fn
			}
		}
	}
	return ""
}

func isMathRand(path string) bool { return path == "math/rand" || path == "math/rand/v2" }

// pyRandomFuncs are the random module's generator functions.
var pyRandomFuncs = map[string]bool{
	"random": true, "randint": true, "randrange": true, "choice": true, "choices": true,
	"sample": true, "getrandbits": true, "uniform": true, "randbytes": true,
}

// pyRandom returns "random.choice" when the call is a random-module
// generator (random.choice, or choice imported from random).
func pyRandom(u *Unit, c cryptoCall) string {
	modules, funcs := pyRandomImports(u)
	if mod, fn, ok := strings.Cut(c.Callee, "."); ok {
		if modules[mod] && pyRandomFuncs[fn] {
			return "random." + fn
		}
		return ""
	}
	if orig := funcs[c.Callee]; orig != "" {
		return "random." + orig
	}
	return ""
}

// pyRandomImports returns the names the random module is imported as and
// the generator functions imported from it (local name → function).
func pyRandomImports(u *Unit) (map[string]bool, map[string]string) {
	r := memo(u, pyRandomImportsKey{}, func() [2]any {
		modules, funcs := pyRandomImportsScan(u)
		return [2]any{modules, funcs}
	})
	return r[0].(map[string]bool), r[1].(map[string]string)
}

type pyRandomImportsKey struct{}

// pyRandomImportsScan reads the file's imports for pyRandomImports.
func pyRandomImportsScan(u *Unit) (map[string]bool, map[string]string) {
	modules := map[string]bool{}
	funcs := map[string]string{}
	for _, top := range u.topLevel() {
		s := top.Node
		switch top.typ {
		case "import_statement":
			for j := 0; j < int(grammars.NamedChildCount(s)); j++ {
				m := grammars.NamedChildAt(s, j)
				switch {
				case grammars.Type(m) == "dotted_name" && u.Text(m) == "random":
					modules["random"] = true
				case grammars.Type(m) == "aliased_import" && u.Text(grammars.Field(m, "name")) == "random":
					modules[u.Text(grammars.Field(m, "alias"))] = true
				}
			}
		case "import_from_statement":
			if u.Text(grammars.Field(s, "module_name")) != "random" {
				continue
			}
			for j := 0; j < int(grammars.NamedChildCount(s)); j++ {
				m := grammars.NamedChildAt(s, j)
				if s.FieldNameForChild(childIndex(s, m)) != "name" {
					continue
				}
				switch grammars.Type(m) {
				case "dotted_name":
					if pyRandomFuncs[u.Text(m)] {
						funcs[u.Text(m)] = u.Text(m)
					}
				case "aliased_import":
					if orig := u.Text(grammars.Field(m, "name")); pyRandomFuncs[orig] {
						funcs[u.Text(grammars.Field(m, "alias"))] = orig
					}
				}
			}
		}
	}
	return modules, funcs
}
