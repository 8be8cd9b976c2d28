package detectors

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/trustlint/trustlint/grammars"
)

// TestLogDeclsAgreeWithQuery holds buildLogDecls (a walk in C and a read
// of each declaring node) to the declaration query it replaced
// (queryLogDecls), on every fixture and generated file, whole and with
// regions at several places; with TRUSTLINT_GATE_CORPUS set, on that tree
// too.
func TestLogDeclsAgreeWithQuery(t *testing.T) {
	files := append(corpusFiles(t, true, 300), logDeclEdgeFiles()...)
	var pool grammars.Pool
	defer pool.Close()
	compared := 0
	for _, f := range files {
		if _, ok := logDeclFlags[f.lang]; !ok {
			continue
		}
		tree, err := pool.Parse(context.Background(), f.lang, nil, f.src)
		if err != nil {
			t.Fatal(err)
		}
		for _, frac := range []int{-1, 0, 2} {
			u := &Unit{Path: f.path, Lang: f.lang, Src: f.src, Tree: tree}
			if frac >= 0 {
				off := len(f.src) * frac / 4
				r, ok := ChangedRegion(u, off, off)
				if !ok {
					continue
				}
				r.src = u.Src
				u.region = &r
			}
			got, want := buildLogDecls(u), queryLogDecls(u)
			if d := logDeclsDiff(got, want); d != "" {
				t.Errorf("%s (region %d): %s", f.path, frac, d)
			}
			for _, ds := range want {
				compared += len(ds)
			}
		}
		tree.Close()
	}
	t.Logf("%d files, %d declarations compared", len(files), compared)
	if compared < 100 {
		t.Fatalf("only %d declarations compared", compared)
	}
}

// logDeclEdgeFiles are declarations at the edges of the query's patterns:
// comments inside the lists the anchors bound, several names or values,
// missing values, syntax errors.
func logDeclEdgeFiles() []corpusFile {
	src := map[string]string{
		"edge.go": `package p

var a, b = f()
var c, d = 1, 2
var e /* c */ = g()
const h, i int = 3
const h2, i2 = 3
var h3, i3 int = 3
var h4, i4, j4 = f()
const h5, i5, j5 int = 3
const (
	h6, i6 = iota
	h7, i7 int = 1
)
var (
	j = "x" // k
	l, m string
)

func f() {
	n := /* c */ h()
	o /* c */ := p()
	q, r := s()
	t = // c
		u
	v := 
	w = x(
	y := z; zz := y +
}
`,
		"edge.js": `let a = 1, b, c = /* c */ d, [e] = f;
var g = // c
  h;
const i = ;
let j = k(, l = m;
for (let n = 0; n < 3; n++) { let o = () => { var p = q } }
`,
		"edge.py": `a = b = c
d: int = 5
e: str
f, g = h
i = # c
j = yield k
l = (m :=
n = 1 +
`,
	}
	var out []corpusFile
	for path, text := range src {
		lang, _ := grammars.FromPath(path)
		out = append(out, corpusFile{path, lang, []byte(text)})
	}
	return out
}

// logDeclsDiff describes the first difference between two declaration
// indexes, or returns "".
func logDeclsDiff(got, want map[string][]logDecl) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d names indexed, the query %d", len(got), len(want))
	}
	for name, w := range want {
		g := got[name]
		if len(g) != len(w) {
			return fmt.Sprintf("%q: %d declarations, the query %d", name, len(g), len(w))
		}
		for i := range w {
			if g[i].At != w[i].At || !sameNode(g[i].Name, w[i].Name) || !sameNode(g[i].Value, w[i].Value) {
				return fmt.Sprintf("%q: declaration %d at %d (value %d–%d), the query's at %d (value %d–%d)", name, i,
					g[i].At, g[i].Value.StartByte(), g[i].Value.EndByte(), w[i].At, w[i].Value.StartByte(), w[i].Value.EndByte())
			}
		}
	}
	return ""
}

// TestLogSinksAgreeWithReference holds each family's sink recogniser,
// which reads the callee's name before anything else, to the recogniser
// it replaced (refGoLogSink, refJsLogSink, refPyLogSink below) on every
// node TL105 visits in the fixtures and generated files; with
// TRUSTLINT_GATE_CORPUS set, in that tree too.
func TestLogSinksAgreeWithReference(t *testing.T) {
	files := corpusFiles(t, true, 300)
	var pool grammars.Pool
	defer pool.Close()
	sinks, visited := 0, 0
	for _, f := range files {
		family := f.lang.Family()
		var got, want func(*Unit, *sitter.Node) (logSink, bool)
		switch family {
		case grammars.FamilyGo:
			got, want = goLogSink, refGoLogSink
		case grammars.FamilyJS:
			got, want = jsLogSink, refJsLogSink
		case grammars.FamilyPython:
			got, want = pyLogSink, refPyLogSink
		default:
			continue
		}
		tree, err := pool.Parse(context.Background(), f.lang, nil, f.src)
		if err != nil {
			t.Fatal(err)
		}
		u := &Unit{Path: f.path, Lang: f.lang, Src: f.src, Tree: tree}
		kinds := map[string]bool{}
		for _, k := range logSinkKinds[family] {
			kinds[k] = true
		}
		flags := grammars.SymbolFlags(f.lang.Sitter(), kinds, nil)
		for _, n := range grammars.Collect(tree.RootNode(), flags, int(^uint32(0)>>1)) {
			visited++
			g, gok := got(u, n)
			w, wok := want(u, n)
			if gok != wok || !sameLogSink(g, w) {
				t.Errorf("%s:%d: %q: sink %v %+v, the reference %v %+v", f.path, u.Line(int(grammars.Start(n)))+1, u.Text(n), gok, g, wok, w)
			}
			if wok {
				sinks++
			}
		}
		tree.Close()
	}
	t.Logf("%d files, %d nodes, %d sinks", len(files), visited, sinks)
	if sinks < 50 {
		t.Fatalf("only %d sinks compared", sinks)
	}
}

// sameLogSink reports whether two sinks name the same callee and
// arguments.
func sameLogSink(a, b logSink) bool {
	if a.Name != b.Name || a.Error != b.Error || a.Format != b.Format || len(a.Args) != len(b.Args) {
		return false
	}
	for i := range a.Args {
		if !sameNode(a.Args[i], b.Args[i]) {
			return false
		}
	}
	return (a.Args == nil) == (b.Args == nil)
}

// refGoLogSink is goLogSink before it read the callee's name first, the
// reference TestLogSinksAgreeWithReference holds it to. It recognises fmt.Print*, fmt.Fprint* to os.Stdout/os.Stderr,
// log, log/slog, zap, logrus and zerolog calls, println/print/panic, and
// errors.New, fmt.Errorf and pkg/errors wrappers.
func refGoLogSink(u *Unit, n *sitter.Node) (logSink, bool) {
	fn := grammars.Field(n, "function")
	args := grammars.Field(n, "arguments")
	if fn == nil || args == nil || grammars.Type(args) != "argument_list" {
		return logSink{}, false
	}
	all := namedArgs(args)
	switch grammars.Type(fn) {
	case "identifier":
		switch name := u.Text(fn); name {
		case "println", "print":
			return logSink{Name: name, Args: all}, true
		case "panic":
			return logSink{Name: name, Args: all, Error: true}, true
		}
	case "selector_expression":
		pkg := u.Text(grammars.Field(fn, "operand"))
		m := u.Text(grammars.Field(fn, "field"))
		format := strings.HasSuffix(m, "f")
		switch {
		case pkg == "fmt" && (m == "Print" || m == "Printf" || m == "Println"):
			return logSink{Name: "fmt." + m, Args: all, Format: format}, true
		case pkg == "fmt" && m == "Errorf":
			return logSink{Name: "fmt.Errorf", Args: all, Format: true, Error: true}, true
		case pkg == "fmt" && strings.HasPrefix(m, "Fprint") && len(all) > 1:
			if w := u.Text(all[0]); w == "os.Stderr" || w == "os.Stdout" {
				return logSink{Name: "fmt." + m, Args: all[1:], Format: format}, true
			}
		case pkg == "errors" && goErrorFuncs[m]:
			return logSink{Name: "errors." + m, Args: all, Format: format, Error: true}, true
		case m == "WithField" || m == "WithFields":
			return logSink{Name: m, Args: all}, true
		case goLogMethods[m] && (pkg == "log" || isLoggerReceiver(pkg)):
			return logSink{Name: sinkCallee(pkg, m), Args: all, Format: format}, true
		}
	}
	return logSink{}, false
}

// refJsLogSink is jsLogSink before it read the callee's name first. It
// recognises console.*, logger methods (winston, pino, bunyan,
// NestJS Logger, fastify's req.log), process.stdout/stderr.write, the
// debug package and error constructors (new Error(…), new AuthError(…)).
func refJsLogSink(u *Unit, n *sitter.Node) (logSink, bool) {
	arguments := func() (*sitter.Node, bool) {
		args := grammars.Field(n, "arguments")
		return args, args != nil && grammars.Type(args) == "arguments"
	}
	if grammars.Type(n) == "new_expression" {
		ctor := u.Text(grammars.Field(n, "constructor"))
		if strings.HasSuffix(ctor, "Error") || strings.HasSuffix(ctor, "Exception") {
			if args, ok := arguments(); ok {
				return logSink{Name: "new " + lastComponent(ctor), Error: true, Args: namedArgs(args)}, true
			}
		}
		return logSink{}, false
	}
	fn := grammars.Field(n, "function")
	if fn == nil {
		return logSink{}, false
	}
	switch grammars.Type(fn) {
	case "identifier":
		if u.Text(fn) == "debug" {
			if args, ok := arguments(); ok {
				return logSink{Name: "debug", Args: namedArgs(args), Format: true}, true
			}
		}
	case "member_expression":
		method := u.Text(grammars.Field(fn, "property"))
		if !jsLogMethods[method] && method != "write" && method != "dir" && method != "table" && method != "assert" && method != "group" {
			return logSink{}, false
		}
		args, ok := arguments()
		if !ok {
			return logSink{}, false
		}
		obj := u.Text(grammars.Field(fn, "object"))
		switch {
		case obj == "console":
			return logSink{Name: "console." + method, Args: namedArgs(args), Format: true}, true
		case (obj == "process.stdout" || obj == "process.stderr") && method == "write":
			return logSink{Name: obj + ".write", Args: namedArgs(args)}, true
		case jsLogMethods[method] && isLoggerReceiver(obj):
			return logSink{Name: sinkCallee(obj, method), Args: namedArgs(args), Format: true}, true
		}
	}
	return logSink{}, false
}

// refPyLogSink is pyLogSink before it read the callee's name first. It
// recognises print/pprint, logging.* and logger methods
// (logger, self.logger, app.logger, structlog, loguru), sys.stdout/stderr
// writes, warnings.warn, and `raise X(…)`.
func refPyLogSink(u *Unit, n *sitter.Node) (logSink, bool) {
	if grammars.Type(n) == "raise_statement" {
		if grammars.NamedChildCount(n) == 0 {
			return logSink{}, false
		}
		call := grammars.NamedChildAt(n, 0)
		if grammars.Type(call) != "call" {
			return logSink{}, false
		}
		args := grammars.Field(call, "arguments")
		if args == nil || grammars.Type(args) != "argument_list" {
			return logSink{}, false
		}
		return logSink{Name: "raise " + lastComponent(u.Text(grammars.Field(call, "function"))), Args: namedArgs(args), Error: true}, true
	}
	fn := grammars.Field(n, "function")
	args := grammars.Field(n, "arguments")
	if fn == nil || args == nil || grammars.Type(args) != "argument_list" {
		return logSink{}, false
	}
	all := namedArgs(args)
	switch grammars.Type(fn) {
	case "identifier":
		switch name := u.Text(fn); name {
		case "print", "pprint":
			return logSink{Name: name, Args: all}, true
		}
	case "attribute":
		obj := u.Text(grammars.Field(fn, "object"))
		m := u.Text(grammars.Field(fn, "attribute"))
		switch {
		case (obj == "sys.stdout" || obj == "sys.stderr") && m == "write":
			return logSink{Name: obj + ".write", Args: all}, true
		case obj == "warnings" && m == "warn":
			return logSink{Name: "warnings.warn", Args: all}, true
		case obj == "pprint" && m == "pprint":
			return logSink{Name: "pprint", Args: all}, true
		case pyLogMethods[m] && isLoggerReceiver(obj):
			return logSink{Name: sinkCallee(obj, m), Args: all, Format: true}, true
		}
	}
	return logSink{}, false
}

// TestFindLogDeclsAgreesWithQuery holds the name-by-name declaration
// search of whole-file analyses (findLogDecls) to the declaration query's
// index, for every identifier-like word of each fixture, generated and
// edge-case file that fewLogDecls admits; with TRUSTLINT_GATE_CORPUS set, of
// that tree's files too.
func TestFindLogDeclsAgreesWithQuery(t *testing.T) {
	files := append(corpusFiles(t, true, 300), logDeclEdgeFiles()...)
	word := regexp.MustCompile(`[A-Za-z_$][A-Za-z0-9_$]*`)
	var pool grammars.Pool
	defer pool.Close()
	names, compared := 0, 0
	for _, f := range files {
		if _, ok := logDeclFlags[f.lang]; !ok || !fewLogDecls(f.src) {
			continue
		}
		tree, err := pool.Parse(context.Background(), f.lang, nil, f.src)
		if err != nil {
			t.Fatal(err)
		}
		u := &Unit{Path: f.path, Lang: f.lang, Src: f.src, Tree: tree}
		index := queryLogDecls(u)
		seen := map[string]bool{}
		for _, m := range word.FindAll(f.src, -1) {
			name := string(m)
			if seen[name] {
				continue
			}
			seen[name] = true
			at, _ := nameOccurrences(u.Src, name, len(u.Src))
			got := findLogDecls(u, name, at)
			if d := logDeclsDiff(map[string][]logDecl{name: got}, map[string][]logDecl{name: index[name]}); d != "" {
				t.Errorf("%s: %s", f.path, d)
			}
			names++
		}
		for _, ds := range index {
			compared += len(ds)
		}
		tree.Close()
	}
	t.Logf("%d names looked up, %d declarations compared", names, compared)
	if compared < 100 {
		t.Fatalf("only %d declarations compared", compared)
	}
}
