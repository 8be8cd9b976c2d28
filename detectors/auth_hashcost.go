package detectors

import (
	"fmt"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// Documented defaults of the TL201 options.
const (
	defaultMinBcryptCost       = 12
	defaultMinPBKDF2Iterations = 600000
	defaultMinScryptN          = 1 << 17
	defaultMinArgon2MemoryKiB  = 19456
	defaultMinArgon2Iterations = 2
	defaultJWTExpiryMinutes    = 15
)

func orDefault(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

func (o Options) bcryptMin() int { return orDefault(o.MinBcryptCost, defaultMinBcryptCost) }
func (o Options) scryptMin() int { return orDefault(o.MinScryptN, defaultMinScryptN) }
func (o Options) argon2Min() (mem, iters int) {
	return orDefault(o.MinArgon2MemoryKiB, defaultMinArgon2MemoryKiB), orDefault(o.MinArgon2Iterations, defaultMinArgon2Iterations)
}
func (o Options) jwtExpiryMinutes() int {
	return orDefault(o.JWTExpiryMinutes, defaultJWTExpiryMinutes)
}

// pbkdf2Min returns the lowest accepted PBKDF2 iteration count for the
// HMAC digest named digest (sha256 when unknown).
func (o Options) pbkdf2Min(digest string) int {
	base := orDefault(o.MinPBKDF2Iterations, defaultMinPBKDF2Iterations)
	d := strings.ToLower(strings.NewReplacer("-", "", "_", "", " ", "").Replace(digest))
	switch {
	case strings.Contains(d, "sha1"), strings.Contains(d, "md5"):
		return base * 13 / 6
	case strings.Contains(d, "sha512"), strings.Contains(d, "sha384"), strings.Contains(d, "sha3"):
		return base * 7 / 20
	}
	return base
}

// argon2OK accepts OWASP's argon2id parameter pairs: the configured
// minimum, or more passes over less memory with the same total work (m=47104
// t=1, m=19456 t=2, m=12288 t=3, m=9216 t=4, m=7168 t=5 at the defaults).
func (o Options) argon2OK(mem, iters int64) bool {
	minMem, minIters := o.argon2Min()
	if mem >= int64(minMem) && iters >= int64(minIters) {
		return true
	}
	floor := int64(minMem) * 7168 / 19456
	work := int64(minMem) * int64(minIters) * 35840 / 38912
	if mem < floor || iters < 1 {
		return false
	}
	if iters == 1 {
		return mem >= int64(minMem)*47104/19456
	}
	return mem*iters >= work
}

// costParam is one work-factor argument found too low.
type costParam struct {
	arg   *sitter.Node // the argument or option value
	value int64
	min   int64
	what  string // "bcrypt cost", "PBKDF2 iterations", ...
	// safe fixes are applied by fix-all: the parameter is stored in the
	// hash (bcrypt, argon2 encoded hashes), so old hashes keep verifying.
	safe bool
	// noFix is set when raising the number alone would break the call.
	noFix bool
}

// visitHashCost reports password hashing calls with a work factor below
// the configured minimum (TL201).
func visitHashCost(p *Pass, n *sitter.Node) {
	if !callMayBe(p.Unit, n, hashCostMethod) {
		return
	}
	c, ok := readCall(p.Unit, n)
	if !ok {
		return
	}
	var params []costParam
	var weakVariant string // argon2i where argon2id exists
	switch p.Lang.Family() {
	case grammars.FamilyJS:
		params, weakVariant = hashCostJS(p, c)
	case grammars.FamilyGo:
		params, weakVariant = hashCostGo(p, c)
	case grammars.FamilyPython:
		params, weakVariant = hashCostPy(p, c)
	}
	if weakVariant != "" {
		p.Report(Finding{
			Start: int(grammars.Start(n)), End: int(grammars.End(n)),
			Message: weakVariant + " is the side-channel-prone argon2 variant: use argon2id for passwords",
		})
	}
	if len(params) == 0 {
		return
	}
	first := params[0]
	var msgs []string
	for _, cp := range params {
		msgs = append(msgs, fmt.Sprintf("%s %d is below %d", cp.what, cp.value, cp.min))
	}
	f := Finding{
		Start: int(grammars.Start(first.arg)), End: int(grammars.End(first.arg)),
		Message: strings.Join(msgs, "; ") + ": raise it so a stolen hash costs an attacker more (OWASP minimum)",
	}
	if len(params) == 1 && grammars.Type(first.arg) == "arguments" {
		// bcrypt.genSalt(): the default cost 10 applies.
		f.Start, f.End = int(grammars.Start(n)), int(grammars.End(n))
	}
	var edits []Edit
	fixable := true
	safe := true
	for _, cp := range params {
		e, ok := raiseEdit(p.Unit, cp)
		if !ok {
			fixable = false
			break
		}
		edits = append(edits, e)
		safe = safe && cp.safe
	}
	if fixable && len(edits) > 0 {
		if rehashDeletes(p.Unit, n) {
			// TL203's fix removes this hashing call altogether.
			safe = false
		}
		title := fmt.Sprintf("Raise the %s to %d", first.what, first.min)
		if len(params) > 1 {
			title = "Raise the " + first.what + " and the other parameters to the minimum"
		}
		if !first.safe {
			title += " (existing hashes must be re-derived)"
		}
		f.Fixes = append(f.Fixes, Fix{Title: title, Edits: edits, Preferred: true, Safe: safe})
	}
	p.Report(f)
}

// hashCostMethod reports whether hashCostJS, hashCostGo or hashCostPy
// look at a call of this method at all.
func hashCostMethod(fam grammars.Family, method string) bool {
	switch fam {
	case grammars.FamilyJS:
		switch method {
		case "hash", "hashSync", "genSalt", "genSaltSync", "pbkdf2", "pbkdf2Sync", "scrypt", "scryptSync", "deriveKey", "deriveBits":
			return true
		}
	case grammars.FamilyGo:
		switch method {
		case "GenerateFromPassword", "Key", "IDKey":
			return true
		}
	case grammars.FamilyPython:
		switch method {
		case "gensalt", "using", "CryptContext", "pbkdf2_hmac", "PBKDF2HMAC", "scrypt", "Scrypt", "PasswordHasher", "hash_secret", "hash_secret_raw":
			return true
		}
	}
	return false
}

// raiseEdit returns the edit that sets a low parameter to its minimum: the
// number literal that gives it its value (inline or the constant's
// definition), or the whole argument when it is an inline expression.
func raiseEdit(u *Unit, cp costParam) (Edit, bool) {
	if cp.noFix {
		return Edit{}, false
	}
	if grammars.Type(cp.arg) == "arguments" {
		// An empty argument list: bcrypt.genSalt() → bcrypt.genSalt(12).
		at := int(grammars.End(cp.arg)) - 1
		return Edit{Start: at, End: at, NewText: fmt.Sprint(cp.min)}, true
	}
	_, lit, ok := evalInt(u, cp.arg, 0)
	arg := unwrapExpr(cp.arg)
	switch {
	case ok && lit != nil:
		return Edit{Start: int(grammars.Start(lit)), End: int(grammars.End(lit)), NewText: formatIntLike(u, lit, cp.min)}, true
	case grammars.Type(arg) == "identifier":
		return Edit{}, false
	case u.Lang.Family() == grammars.FamilyPython && grammars.Type(arg) == "attribute", u.Lang.Family() == grammars.FamilyGo && grammars.Type(arg) == "selector_expression":
		// bcrypt.DefaultCost, bcrypt.MinCost.
		return Edit{Start: int(grammars.Start(arg)), End: int(grammars.End(arg)), NewText: fmt.Sprint(cp.min)}, true
	case ok:
		return Edit{Start: int(grammars.Start(arg)), End: int(grammars.End(arg)), NewText: fmt.Sprint(cp.min)}, true
	}
	return Edit{}, false
}

// lowParam checks one numeric parameter against its minimum.
func lowParam(u *Unit, arg *sitter.Node, min int, what string, safe bool) []costParam {
	if arg == nil {
		return nil
	}
	v, _, ok := evalInt(u, arg, 0)
	if !ok || v >= int64(min) || v <= 0 {
		return nil
	}
	return []costParam{{arg: arg, value: v, min: int64(min), what: what, safe: safe}}
}

// objectProp returns the value of the property named key in a JS object
// literal, or nil.
func objectProp(u *Unit, obj *sitter.Node, keys ...string) *sitter.Node {
	obj = unwrapExpr(obj)
	if obj == nil || grammars.Type(obj) != "object" {
		return nil
	}
	for i := 0; i < int(grammars.NamedChildCount(obj)); i++ {
		pair := grammars.NamedChildAt(obj, i)
		if grammars.Type(pair) != "pair" {
			continue
		}
		name, ok := keyName(u, grammars.Field(pair, "key"))
		if !ok {
			continue
		}
		for _, k := range keys {
			if name == k {
				return grammars.Field(pair, "value")
			}
		}
	}
	return nil
}

// isBcryptReceiver reports whether a receiver names a bcrypt module.
func isBcryptReceiver(u *Unit, obj *sitter.Node) bool {
	if obj == nil {
		return false
	}
	return strings.Contains(strings.ToLower(lastComponent(u.Text(obj))), "bcrypt")
}

// hashCostJS checks bcrypt/bcryptjs, Node's pbkdf2 and scrypt, WebCrypto's
// PBKDF2 parameters and the argon2 package.
func hashCostJS(p *Pass, c callSite) ([]costParam, string) {
	u := p.Unit
	o := u.Config.Options
	switch c.Method {
	case "hash", "hashSync":
		if isBcryptReceiver(u, c.Object) {
			return lowParam(u, c.Arg(1), o.bcryptMin(), "bcrypt cost", true), ""
		}
		if lastComponent(c.ObjectName(u)) == "argon2" {
			return argon2OptionsJS(u, c.Arg(1))
		}
	case "genSalt", "genSaltSync":
		if isBcryptReceiver(u, c.Object) {
			if len(c.Args) == 0 && grammars.NamedChildCount(c.ArgList) == 0 && o.bcryptMin() > 10 {
				return []costParam{{arg: c.ArgList, value: 10, min: int64(o.bcryptMin()), what: "bcrypt cost (genSalt's default)", safe: true}}, ""
			}
			return lowParam(u, c.Arg(0), o.bcryptMin(), "bcrypt cost", true), ""
		}
	case "pbkdf2", "pbkdf2Sync":
		if len(c.Args) >= 4 {
			digest, _ := stringValue(u, c.Arg(4))
			return lowParam(u, c.Arg(2), o.pbkdf2Min(digest), "PBKDF2 iterations", false), ""
		}
	case "scrypt", "scryptSync":
		if opt := c.Arg(3); opt != nil {
			// No fix: Node's default maxmem (32 MiB) rejects N=2^17.
			return noFix(lowParam(u, objectProp(u, opt, "N", "cost"), o.scryptMin(), "scrypt N", false)), ""
		}
	case "deriveKey", "deriveBits":
		alg := c.Arg(0)
		if name, ok := stringValue(u, objectProp(u, alg, "name")); ok && strings.EqualFold(name, "PBKDF2") {
			digest, _ := stringValue(u, objectProp(u, alg, "hash"))
			return lowParam(u, objectProp(u, alg, "iterations"), o.pbkdf2Min(digest), "PBKDF2 iterations", false), ""
		}
	}
	return nil, ""
}

// noFix marks parameters whose raise needs more than a new number.
func noFix(ps []costParam) []costParam {
	for i := range ps {
		ps[i].safe = false
		ps[i].noFix = true
	}
	return ps
}

// argon2OptionsJS checks the argon2 package's options object.
func argon2OptionsJS(u *Unit, opt *sitter.Node) ([]costParam, string) {
	if opt == nil {
		return nil, ""
	}
	variant := ""
	if t := objectProp(u, opt, "type"); t != nil {
		text := u.Text(t)
		if strings.HasSuffix(text, "argon2i") || text == "1" {
			variant = "argon2i"
		}
	}
	return argon2Params(u, objectProp(u, opt, "memoryCost"), objectProp(u, opt, "timeCost"), true), variant
}

// argon2Params checks an argon2 memory/passes pair where either may be
// absent (the library default applies and is accepted).
func argon2Params(u *Unit, memArg, timeArg *sitter.Node, safe bool) []costParam {
	o := u.Config.Options
	minMem, minIters := o.argon2Min()
	mem, _, memOK := evalInt(u, memArg, 0)
	iters, _, itersOK := evalInt(u, timeArg, 0)
	if !memOK && !itersOK {
		return nil
	}
	if !memOK {
		mem = int64(minMem) * 4 // library defaults are generous
	}
	if !itersOK {
		iters = int64(minIters)
	}
	if o.argon2OK(mem, iters) {
		return nil
	}
	var ps []costParam
	if memOK && mem < int64(minMem) {
		ps = append(ps, costParam{arg: memArg, value: mem, min: int64(minMem), what: "argon2 memory (KiB)", safe: safe})
	}
	if itersOK && iters < int64(minIters) {
		ps = append(ps, costParam{arg: timeArg, value: iters, min: int64(minIters), what: "argon2 passes", safe: safe})
	}
	return ps
}

// hashCostGo checks x/crypto's bcrypt, pbkdf2, scrypt and argon2 and the
// standard library's crypto/pbkdf2.
func hashCostGo(p *Pass, c callSite) ([]costParam, string) {
	u := p.Unit
	o := u.Config.Options
	pkg := c.ObjectName(u)
	switch {
	case pkg == "bcrypt" && c.Method == "GenerateFromPassword":
		return lowParam(u, c.Arg(1), o.bcryptMin(), "bcrypt cost", true), ""
	case pkg == "pbkdf2" && c.Method == "Key" && len(c.Args) == 5:
		if first := u.Text(c.Arg(0)); strings.HasSuffix(first, ".New") || strings.HasPrefix(first, "func") {
			// crypto/pbkdf2.Key(h, password, salt, iter, keyLen).
			return lowParam(u, c.Arg(3), o.pbkdf2Min(first), "PBKDF2 iterations", false), ""
		}
		return lowParam(u, c.Arg(2), o.pbkdf2Min(u.Text(c.Arg(4))), "PBKDF2 iterations", false), ""
	case pkg == "scrypt" && c.Method == "Key" && len(c.Args) == 6:
		n, _, ok := evalInt(u, c.Arg(2), 0)
		par, _, okP := evalInt(u, c.Arg(4), 0)
		if ok && okP && par > 1 && n*par >= int64(o.scryptMin())*81920/131072 {
			return nil, ""
		}
		return lowParam(u, c.Arg(2), o.scryptMin(), "scrypt N", false), ""
	case pkg == "argon2" && (c.Method == "IDKey" || c.Method == "Key") && len(c.Args) == 6:
		variant := ""
		if c.Method == "Key" {
			variant = "argon2.Key (argon2i)"
		}
		return argon2Params(u, c.Arg(3), c.Arg(2), false), variant
	}
	return nil, ""
}

// hashCostPy checks bcrypt.gensalt, passlib's using()/CryptContext,
// hashlib's pbkdf2_hmac and scrypt, cryptography's PBKDF2HMAC and Scrypt
// and argon2-cffi.
func hashCostPy(p *Pass, c callSite) ([]costParam, string) {
	u := p.Unit
	o := u.Config.Options
	obj := lastComponent(c.ObjectName(u))
	switch c.Method {
	case "gensalt":
		if strings.Contains(obj, "bcrypt") {
			return lowParam(u, c.ArgOrKw(0, "rounds"), o.bcryptMin(), "bcrypt cost", true), ""
		}
	case "using":
		rounds := c.Kwargs["rounds"]
		switch {
		case strings.Contains(obj, "bcrypt"):
			return lowParam(u, rounds, o.bcryptMin(), "bcrypt cost", true), ""
		case strings.Contains(obj, "pbkdf2"):
			return lowParam(u, rounds, o.pbkdf2Min(obj), "PBKDF2 iterations", true), ""
		}
	case "CryptContext":
		var ps []costParam
		for kw, v := range c.Kwargs {
			switch kw {
			case "bcrypt__rounds", "bcrypt__default_rounds":
				ps = append(ps, lowParam(u, v, o.bcryptMin(), "bcrypt cost", true)...)
			case "pbkdf2_sha256__rounds", "pbkdf2_sha256__default_rounds":
				ps = append(ps, lowParam(u, v, o.pbkdf2Min("sha256"), "PBKDF2 iterations", true)...)
			case "pbkdf2_sha512__rounds", "pbkdf2_sha512__default_rounds":
				ps = append(ps, lowParam(u, v, o.pbkdf2Min("sha512"), "PBKDF2 iterations", true)...)
			}
		}
		if len(ps) > 1 {
			ps = ps[:1] // map order: report one, the next run reports the rest
		}
		return ps, ""
	case "pbkdf2_hmac":
		digest, _ := stringValue(u, c.ArgOrKw(0, "hash_name"))
		return lowParam(u, c.ArgOrKw(3, "iterations"), o.pbkdf2Min(digest), "PBKDF2 iterations", false), ""
	case "PBKDF2HMAC":
		alg := c.ArgOrKw(0, "algorithm")
		return lowParam(u, c.ArgOrKw(3, "iterations"), o.pbkdf2Min(u.Text(alg)), "PBKDF2 iterations", false), ""
	case "scrypt":
		if obj == "hashlib" {
			// No fix: OpenSSL's default maxmem (32 MiB) rejects N=2^17.
			return noFix(lowParam(u, c.Kwargs["n"], o.scryptMin(), "scrypt N", false)), ""
		}
	case "Scrypt":
		return lowParam(u, c.ArgOrKw(2, "n"), o.scryptMin(), "scrypt N", false), ""
	case "PasswordHasher":
		variant := ""
		if t := c.Kwargs["type"]; t != nil && strings.HasSuffix(u.Text(t), ".I") {
			variant = "argon2 Type.I (argon2i)"
		}
		return argon2Params(u, c.ArgOrKw(1, "memory_cost"), c.ArgOrKw(0, "time_cost"), true), variant
	case "hash_secret", "hash_secret_raw":
		if t := c.ArgOrKw(6, "type"); t != nil && strings.HasSuffix(u.Text(t), ".I") {
			return nil, "argon2 Type.I (argon2i)"
		}
	}
	return nil, ""
}
