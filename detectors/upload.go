package detectors

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// uploadFamily is the upload family: TL502.
func uploadFamily() family {
	return family{
		rules: []Rule{{
			ID: "TL502", Name: "unbounded-upload", Severity: SeverityWarning,
			CWE: []string{"CWE-400", "CWE-434", "CWE-22"}, Families: allFamilies,
			Summary: "File uploads with no size limit (multer, busboy, formidable, huge body-parser limits, Go multipart without http.MaxBytesReader, Flask without MAX_CONTENT_LENGTH) or saved under the client's file name.",
		}},
		checkers: []checker{{
			rule: "TL502",
			kinds: map[grammars.Family][]string{
				grammars.FamilyJS:     {"call_expression", "new_expression"},
				grammars.FamilyGo:     {"call_expression"},
				grammars.FamilyPython: {"call"},
			},
			visit: visitUpload,
		}},
	}
}

const (
	defaultUploadMaxBytes    = 5 << 20
	defaultBodyLimitMaxBytes = 10 << 20
	// goHugeMultipartMemory is the ParseMultipartForm argument above which
	// the call itself is reported.
	goHugeMultipartMemory = 1 << 30
)

func visitUpload(p *Pass, n *sitter.Node) {
	switch p.Lang.Family() {
	case grammars.FamilyJS:
		visitUploadJS(p, n)
	case grammars.FamilyGo:
		visitUploadGo(p, n)
	case grammars.FamilyPython:
		visitUploadPython(p, n)
	}
}

// uploadMax returns the configured fix limit.
func uploadMax(u *Unit) int64 {
	if v := u.Config.Options.UploadMaxBytes; v > 0 {
		return v
	}
	return defaultUploadMaxBytes
}

// sizeExpr writes a byte count as JS arithmetic: 5 * 1024 * 1024.
func sizeExpr(n int64) string {
	switch {
	case n%(1<<20) == 0:
		return fmt.Sprintf("%d * 1024 * 1024", n>>20)
	case n%(1<<10) == 0:
		return fmt.Sprintf("%d * 1024", n>>10)
	}
	return strconv.FormatInt(n, 10)
}

// objectPair returns the value of key in a JS object literal.
func objectPair(u *Unit, obj *sitter.Node, key string) (*sitter.Node, bool) {
	for i := 0; i < int(grammars.NamedChildCount(obj)); i++ {
		c := grammars.NamedChildAt(obj, i)
		switch grammars.Type(c) {
		case "pair":
			if k, ok := keyName(u, grammars.Field(c, "key")); ok && k == key {
				return grammars.Field(c, "value"), true
			}
		case "shorthand_property_identifier":
			if u.Text(c) == key {
				return c, true
			}
		}
	}
	return nil, false
}

// visitUploadJS reports multer/busboy without limits.fileSize, formidable
// without maxFileSize and body parsers with a huge limit.
func visitUploadJS(p *Pass, n *sitter.Node) {
	u := p.Unit
	fn := grammars.Field(n, "function")
	if grammars.Type(n) == "new_expression" {
		fn = grammars.Field(n, "constructor")
	}
	args := grammars.Field(n, "arguments")
	if fn == nil {
		return
	}
	callee := u.Text(fn)
	var opts *sitter.Node
	if args != nil {
		opts = firstArg(args)
	}
	if opts != nil && grammars.Type(opts) != "object" {
		return // options from a variable: not ours to judge
	}
	switch callee {
	case "multer", "busboy", "Busboy":
		if callee == "multer" && grammars.Type(n) == "new_expression" {
			return
		}
		if opts == nil && callee != "multer" {
			return
		}
		if opts != nil {
			if limits, ok := objectPair(u, opts, "limits"); ok {
				if grammars.Type(limits) != "object" {
					return
				}
				if _, ok := objectPair(u, limits, "fileSize"); ok {
					return
				}
			}
		}
		msg := "`" + callee + "` accepts uploads of any size (no limits.fileSize): one request can fill the disk or memory. Set limits: { fileSize } to what the feature needs"
		if callee == "multer" {
			if _, ok := objectPairOpt(u, opts, "fileFilter"); !ok {
				msg += " and add a fileFilter that checks the type"
			}
		}
		f := Finding{Start: int(grammars.Start(n)), End: int(grammars.End(n)), Message: msg + "."}
		if fix, ok := jsLimitsFix(u, n, args, opts); ok {
			f.Fixes = append(f.Fixes, fix)
		}
		p.Report(f)
	case "formidable", "formidable.IncomingForm", "IncomingForm":
		if opts != nil {
			if v, ok := objectPair(u, opts, "maxFileSize"); ok {
				if size, ok := jsSize(u, v); !ok || size <= 1<<30 {
					return
				}
				p.Report(Finding{Start: int(grammars.Start(v)), End: int(grammars.End(v)),
					Message: "formidable's maxFileSize is above 1 GB: uploads are effectively unbounded. Set it to what the feature needs."})
				return
			}
		}
		p.Report(Finding{Start: int(grammars.Start(n)), End: int(grammars.End(n)), Severity: SeverityInformation,
			Message: "formidable without maxFileSize accepts files up to its 200 MB default (and older versions more): set maxFileSize (and maxFiles) to what the feature needs and check the file type."})
	case "express.json", "express.urlencoded", "express.raw", "express.text",
		"bodyParser.json", "bodyParser.urlencoded", "bodyParser.raw", "bodyParser.text":
		if opts == nil {
			return
		}
		v, ok := objectPair(u, opts, "limit")
		if !ok {
			return
		}
		size, ok := jsSize(u, v)
		max := u.Config.Options.BodyLimitMaxBytes
		if max <= 0 {
			max = defaultBodyLimitMaxBytes
		}
		if !ok || size <= max {
			return
		}
		p.Report(Finding{Start: int(grammars.Start(v)), End: int(grammars.End(v)),
			Message: fmt.Sprintf("`%s` accepts request bodies up to %s: every client can make the server buffer and parse that much. Keep the default (100kb) or the smallest limit the route needs, and take files through a size-limited upload route.", callee, strings.Trim(u.Text(v), `"'`))})
	}
}

// objectPairOpt is objectPair on an optional object.
func objectPairOpt(u *Unit, obj *sitter.Node, key string) (*sitter.Node, bool) {
	if obj == nil {
		return nil, false
	}
	return objectPair(u, obj, key)
}

// sizeRE reads a body-parser size string: "50mb", "1gb", "100kb".
var sizeRE = regexp.MustCompile(`(?i)^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb)?\s*$`)

// jsSize evaluates a size: a bytes string or a constant product.
func jsSize(u *Unit, v *sitter.Node) (int64, bool) {
	if s, ok := stringValue(u, v); ok {
		m := sizeRE.FindStringSubmatch(s)
		if m == nil {
			return 0, false
		}
		f, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			return 0, false
		}
		mult := map[string]float64{"": 1, "b": 1, "kb": 1 << 10, "mb": 1 << 20, "gb": 1 << 30, "tb": 1 << 40}[strings.ToLower(m[2])]
		return int64(f * mult), true
	}
	return constInt(u, v)
}

// constInt evaluates an integer constant expression: literals, * and <<,
// parentheses, Infinity and math.MaxInt64.
func constInt(u *Unit, v *sitter.Node) (int64, bool) {
	if v == nil {
		return 0, false
	}
	t := strings.ReplaceAll(u.Text(v), "_", "")
	switch t {
	case "Infinity", "math.MaxInt64", "math.MaxInt", "math.MaxInt32", "Number.MAX_SAFE_INTEGER":
		return 1 << 62, true
	}
	switch grammars.Type(v) {
	case "number", "int_literal", "integer":
		n, err := strconv.ParseInt(t, 0, 64)
		return n, err == nil
	case "parenthesized_expression":
		return constInt(u, grammars.NamedChildAt(v, 0))
	case "binary_expression", "binary_operator":
		a, ok1 := constInt(u, grammars.Field(v, "left"))
		b, ok2 := constInt(u, grammars.Field(v, "right"))
		if !ok1 || !ok2 {
			return 0, false
		}
		switch op := grammars.Field(v, "operator"); {
		case op == nil:
			return 0, false
		case u.Text(op) == "*":
			if a != 0 && b > (1<<62)/a {
				return 1 << 62, true
			}
			return a * b, true
		case u.Text(op) == "<<":
			if b >= 62 {
				return 1 << 62, true
			}
			return a << b, true
		}
	}
	return 0, false
}

// jsLimitsFix adds limits: { fileSize: N } to multer or busboy options.
func jsLimitsFix(u *Unit, call, args, opts *sitter.Node) (Fix, bool) {
	size := sizeExpr(uploadMax(u))
	var e Edit
	switch {
	case opts == nil:
		if args == nil || argCount(args) != 0 || u.Text(args) != "()" {
			return Fix{}, false
		}
		e = Edit{Start: int(grammars.Start(args)), End: int(grammars.End(args)), NewText: "({ limits: { fileSize: " + size + " } })"}
	default:
		if limits, ok := objectPair(u, opts, "limits"); ok {
			// limits: { files: 1 } → limits: { fileSize: N, files: 1 }
			if grammars.NamedChildCount(limits) == 0 {
				e = Edit{Start: int(grammars.Start(limits)), End: int(grammars.End(limits)), NewText: "{ fileSize: " + size + " }"}
			} else {
				first := grammars.NamedChildAt(limits, 0)
				e = Edit{Start: int(grammars.Start(first)), End: int(grammars.Start(first)), NewText: "fileSize: " + size + ", "}
			}
			break
		}
		count := int(grammars.NamedChildCount(opts))
		if count == 0 {
			e = Edit{Start: int(grammars.Start(opts)), End: int(grammars.End(opts)), NewText: "{ limits: { fileSize: " + size + " } }"}
			break
		}
		last := grammars.NamedChildAt(opts, count-1)
		if grammars.Type(last) == "comment" {
			return Fix{}, false
		}
		multiline := u.Line(int(grammars.Start(opts))) != u.Line(int(grammars.End(opts)))
		if multiline {
			// A new line after the last property, keeping a trailing comma.
			after := string(u.Src[grammars.End(last):grammars.End(opts)])
			comma := strings.HasPrefix(strings.TrimSpace(after), ",")
			at := int(grammars.End(last))
			text := "," + u.Newline() + u.Indent(int(grammars.Start(last))) + "limits: { fileSize: " + size + " }"
			if comma {
				at = int(grammars.End(last)) + strings.Index(after, ",") + 1
				text = u.Newline() + u.Indent(int(grammars.Start(last))) + "limits: { fileSize: " + size + " },"
			}
			e = Edit{Start: at, End: at, NewText: text}
		} else {
			at := int(grammars.End(last))
			e = Edit{Start: at, End: at, NewText: ", limits: { fileSize: " + size + " }"}
		}
	}
	return Fix{Title: "Limit uploads to " + size + " bytes (limits.fileSize)", Edits: []Edit{e}, Preferred: true, Safe: true}, true
}

// goMultipartReads are the calls that read a multipart body.
var goMultipartReads = map[string]bool{"ParseMultipartForm": true, "FormFile": true, "MultipartReader": true, "MultipartForm": true}

// goBodyLimitRE matches a request body limit anywhere in the file.
var goBodyLimitRE = regexp.MustCompile(`MaxBytesReader|MaxBytesHandler|LimitReader|MaxMultipartMemory|BodyLimit|MaxRequestBodySize`)

// visitUploadGo reports ParseMultipartForm with a huge memory argument and
// multipart reads in a file that never limits the body size.
func visitUploadGo(p *Pass, n *sitter.Node) {
	u := p.Unit
	fn := grammars.Field(n, "function")
	args := grammars.Field(n, "arguments")
	if fn == nil || args == nil || grammars.Type(fn) != "selector_expression" {
		return
	}
	method := u.Text(grammars.Field(fn, "field"))
	if !goMultipartReads[method] {
		return
	}
	if method == "ParseMultipartForm" {
		if size, ok := constInt(u, firstArg(args)); ok && size >= goHugeMultipartMemory {
			p.Report(Finding{Start: int(grammars.Start(n)), End: int(grammars.End(n)),
				Message: "ParseMultipartForm with a memory budget of 1 GB or more: each upload can hold that much in RAM, and without http.MaxBytesReader the body has no limit at all. Wrap r.Body with http.MaxBytesReader(w, r.Body, limit) and use a small memory budget (32 << 20)."})
			return
		}
	}
	if goBodyLimitRE.Match(u.Src) {
		return
	}
	// Report once per function: the first multipart read.
	if scope := sqlEnclosingFunc(u, n); scope != nil {
		first := true
		scopeWalk(u, scope, callTypes, func(m *sitter.Node) {
			if first && grammars.Type(m) == "call_expression" && grammars.Start(m) < grammars.Start(n) {
				if f := grammars.Field(m, "function"); f != nil && grammars.Type(f) == "selector_expression" && goMultipartReads[u.Text(grammars.Field(f, "field"))] {
					first = false
				}
			}
		})
		if !first {
			return
		}
	}
	p.Report(Finding{Start: int(grammars.Start(n)), End: int(grammars.End(n)), Severity: SeverityInformation,
		Message: "Multipart upload read without http.MaxBytesReader: ParseMultipartForm's argument only bounds memory, the rest spills to disk with no total limit. Add r.Body = http.MaxBytesReader(w, r.Body, 10<<20) (or what the feature needs) before reading, and check the file type."})
}

// visitUploadPython reports files saved under the client's file name and
// Flask apps reading request.files with no MAX_CONTENT_LENGTH.
func visitUploadPython(p *Pass, n *sitter.Node) {
	u := p.Unit
	fn := grammars.Field(n, "function")
	args := grammars.Field(n, "arguments")
	if fn == nil || args == nil {
		return
	}
	name := u.Text(fn)
	src := u.srcString()
	switch {
	case name == "Flask":
		if !strings.Contains(src, "request.files") || strings.Contains(src, "MAX_CONTENT_LENGTH") ||
			flaskConfigRE.MatchString(src) {
			return
		}
		p.Report(Finding{Start: int(grammars.Start(n)), End: int(grammars.End(n)),
			Message: "This Flask app reads request.files but never sets MAX_CONTENT_LENGTH: uploads of any size are accepted. Set app.config[\"MAX_CONTENT_LENGTH\"] = 16 * 1024 * 1024 (or what the feature needs) and check file types."})
	case strings.HasSuffix(name, ".save") || name == "open":
		arg := firstArg(args)
		if arg == nil || !strings.Contains(src, "request.files") && !strings.Contains(src, "request.FILES") {
			return
		}
		t := u.Text(arg)
		m := clientFilenameRE.FindStringIndex(t)
		if m == nil || strings.Contains(t, "secure_filename") || strings.Contains(t, "uuid") {
			return
		}
		f := Finding{Start: int(grammars.Start(arg)), End: int(grammars.End(arg)),
			Message: "Upload saved under the client's file name: a name like ../../app.py or a .html file overwrites code or serves attacker content. Pass it through werkzeug's secure_filename (better: generate the name) and check the extension and size."}
		if fix, ok := secureFilenameFix(u, int(grammars.Start(arg))+m[0], int(grammars.Start(arg))+m[1]); ok {
			f.Fixes = append(f.Fixes, fix)
		}
		p.Report(f)
	}
}

var (
	flaskConfigRE          = regexp.MustCompile(`config\.from_|config\.update\(`)
	clientFilenameRE       = regexp.MustCompile(`\b[\w.]+\.filename\b`)
	secureFilenameImportRE = regexp.MustCompile(`(?m)^from werkzeug(\.utils)? import [^\n]*\bsecure_filename\b`)
)

// secureFilenameFix wraps the file name in secure_filename() and imports
// it from werkzeug.utils.
func secureFilenameFix(u *Unit, start, end int) (Fix, bool) {
	name := string(u.Src[start:end])
	edits := []Edit{{Start: start, End: end, NewText: "secure_filename(" + name + ")"}}
	if !secureFilenameImportRE.Match(u.Src) {
		imp, ok := pyAddFromImport(u, "from werkzeug.utils import secure_filename")
		if !ok {
			return Fix{}, false
		}
		edits = append(edits, imp)
	}
	return Fix{Title: "Save under secure_filename(" + name + ")", Edits: edits, Preferred: true, Safe: true}, true
}

// pyAddFromImport inserts a from-import line after the module's last
// top-level import (or at the top, after a docstring).
func pyAddFromImport(u *Unit, line string) (Edit, bool) {
	root := u.Tree.RootNode()
	var last *sitter.Node
	for _, top := range u.topLevel() {
		c := top.Node
		switch top.typ {
		case "import_statement", "import_from_statement", "future_import_statement":
			last = c
		}
	}
	nl := u.Newline()
	if last != nil {
		at := u.LineEnd(int(grammars.End(last)))
		return Edit{Start: at, End: at, NewText: nl + line}, true
	}
	if grammars.NamedChildCount(root) == 0 {
		return Edit{Start: 0, End: 0, NewText: line + nl}, true
	}
	first := grammars.NamedChildAt(root, 0)
	if grammars.Type(first) == "expression_statement" && grammars.NamedChildCount(first) == 1 && grammars.Type(grammars.NamedChildAt(first, 0)) == "string" {
		at := int(grammars.End(first))
		return Edit{Start: at, End: at, NewText: nl + nl + line}, true
	}
	at := u.LineStart(int(grammars.Start(first)))
	return Edit{Start: at, End: at, NewText: line + nl + nl}, true
}
