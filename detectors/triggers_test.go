package detectors

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/trustlint/trustlint/grammars"
)

// findingKey is what the differential test compares: rule, range,
// severity and message.
func findingKey(f Finding) string {
	return fmt.Sprintf("%s %d-%d %d %s", f.Rule, f.Start, f.End, f.Severity, f.Message)
}

// gateStats counts, over a differential run, the files analysed, the
// files no rule could fire on (not parsed by AnalyzeSource), and per rule
// the files where it would run and where its gate was off.
type gateStats struct {
	files, skipped, findings int
	bytes, skippedBytes      int
	// runs and off are keyed by rule and by rule and family.
	runs, off map[string]int
}

// compareGated analyses one source with and without trigger gating and
// reports any difference in the findings.
func compareGated(t *testing.T, pool *grammars.Pool, path, rel string, noFixes bool, st *gateStats) {
	t.Helper()
	lang, ok := grammars.FromPath(path)
	if !ok {
		return
	}
	src, err := os.ReadFile(path)
	if err != nil || len(src) > maxAnalyzeBytes {
		return
	}
	tree, err := pool.Parse(context.Background(), lang, nil, src)
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return
	}
	defer tree.Close()
	analyse := func(gated bool) []Finding {
		u := &Unit{Path: rel, Lang: lang, Src: src, Tree: tree, NoFixes: noFixes}
		fs, err := analyzeGated(context.Background(), u, checkers(), nil, gated, nil)
		if err != nil {
			t.Errorf("%s (gated %v): %v", path, gated, err)
		}
		return fs
	}
	with, without := analyse(true), analyse(false)
	st.files++
	st.bytes += len(src)
	st.findings += len(without)
	a, b := make([]string, len(with)), make([]string, len(without))
	for i, f := range with {
		a[i] = findingKey(f)
	}
	for i, f := range without {
		b[i] = findingKey(f)
	}
	if strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Errorf("%s: findings differ with gating\n gated:\n  %s\n ungated:\n  %s", path, strings.Join(a, "\n  "), strings.Join(b, "\n  "))
	}
	if !NeedsParse(rel, lang, src, Config{}) {
		st.skipped++
		st.skippedBytes += len(src)
		if len(without) > 0 {
			t.Errorf("%s: NeedsParse is false but the file has %d findings", path, len(without))
		}
	}
	u := &Unit{Path: rel, Lang: lang, Src: src}
	tr := scanTriggers(rel, src)
	testFile := u.IsTestFile()
	seen := map[string]bool{}
	for _, c := range checkers() {
		if seen[c.rule] || !ruleRuns(u, c, testFile) {
			continue
		}
		seen[c.rule] = true
		fam := c.rule + " " + string(lang.Family())
		st.runs[c.rule]++
		st.runs[fam]++
		if !tr.open(c.rule, lang.Family()) {
			st.off[c.rule]++
			st.off[fam]++
		}
	}
}

// report logs the statistics of a differential run.
func (st *gateStats) report(t *testing.T, what string) {
	t.Logf("%s: %d files (%d bytes), %d findings, %d files (%d bytes) with no rule that can fire (not parsed)",
		what, st.files, st.bytes, st.findings, st.skipped, st.skippedBytes)
	var rules []string
	for r := range st.runs {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	for _, r := range rules {
		t.Logf("  %s gate off on %d of %d files (%.1f%%)", r, st.off[r], st.runs[r], 100*float64(st.off[r])/float64(max(st.runs[r], 1)))
	}
}

// TestTriggerGatesDifferential analyses every fixture with and without
// trigger gating and requires the same findings, rule by rule and range by
// range; with TRUSTLINT_GATE_CORPUS=<dir> it does the same over every
// source file under that directory.
func TestTriggerGatesDifferential(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	st := &gateStats{runs: map[string]int{}, off: map[string]int{}}
	err := filepath.WalkDir(fixtureRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(fixtureRoot, path)
		compareGated(t, &pool, path, filepath.ToSlash(rel), false, st)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	st.report(t, "testdata")
	// The comparison must have something to compare: findings on the
	// fixtures, and gates that close on some of them.
	if st.files < 100 || st.findings < 100 {
		t.Fatalf("only %d files and %d findings compared", st.files, st.findings)
	}
	closed := 0
	for _, n := range st.off {
		closed += n
	}
	if closed == 0 {
		t.Fatal("no gate closed on any fixture: the comparison tested nothing")
	}
	dir := os.Getenv("TRUSTLINT_GATE_CORPUS")
	if dir == "" {
		return
	}
	cst := &gateStats{runs: map[string]int{}, off: map[string]int{}}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		compareGated(t, &pool, path, filepath.ToSlash(rel), true, cst)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	cst.report(t, dir)
}

// gateCase is a minimal snippet on which a rule fires, and the trigger
// words ("|"-separated) whose replacement by repl closes the rule's gate.
type gateCase struct {
	rule, path, src, word, repl string
}

var gateCases = []gateCase{
	{"TL101", "app.js", "const k = \"sk_live_4eC39HqLyjWDarjtT1zdp7dc9a8Bx2Qm\";\n", "sk_live_", "xx_xxxx_"},
	{"TL101", "app.js", "const k = \"sk_li\" + \"ve_4eC39HqLyjWDarjtT1zdp7dc9a8Bx2Qm\";\n", "sk_li|ve_", "zz"},
	{"TL101", "app.py", "KEY = (\"s\"\n       \"k\" \"\" \"_live_4eC39HqLyjWDarjtT1zdp7dc9a8Bx2Qm\")\n", "\"s\"|\"k\"|_live_", "\"z\""},
	{"TL102", "app.js", "const dbPassword = \"Xk9#mQ2$vL7pR4wZ\";\n", "Password", "Label"},
	{"TL103", "app.js", "const k = \"-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi2a6Rw4ssR7Nq1fG0oMPZyN8W0\\n-----END RSA PRIVATE KEY-----\";\n", "-", "="},
	{"TL103", "app.go", "package a\n\nconst k = \"-----BEG\" + `IN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi2a6Rw4ssR7Nq1fG0oMPZyN8W0\n-----END RSA PRIVATE KEY-----`\n", "-|BEG", "="},
	{"TL104", "app.js", "const url = \"postgres://appuser:Xk9mQ2vL7pR4wZ@db.internal.acme.io:5432/app\";\n", "://", ":/"},
	{"TL105", "app.js", "function login(req) {\n  const password = req.body.password;\n  console.log(\"login\", password);\n}\n", "password", "nickname"},
	{"TL201", "app.js", "const bcrypt = require(\"bcrypt\");\nasync function h(pw) { return bcrypt.hash(pw, 8); }\n", "bcrypt", "crypto"},
	{"TL202", "app.js", "function check(req, expectedSignature) {\n  return req.headers.signature === expectedSignature;\n}\n", "ignature", "eference"},
	{"TL203", "app.py", "import bcrypt\n\ndef check(password, stored):\n    return bcrypt.hashpw(password, bcrypt.gensalt()) == stored\n", "hash", "make"},
	{"TL204", "app.py", "import hashlib\n\ndef store(password):\n    return hashlib.md5(password.encode()).hexdigest()\n", "password", "nickname"},
	{"TL205", "app.js", "const jwt = require(\"jsonwebtoken\");\nfunction issue(user) { return jwt.sign({ sub: user.id }, process.env.SECRET); }\n", "jwt|jsonwebtoken", "xyz"},
	{"TL206", "app.py", "import jwt\n\ndef read(token, key):\n    return jwt.decode(token, key, options={\"verify_signature\": False})\n", "jwt", "xyz"},
	{"TL207", "app.js", "const express = require(\"express\");\nconst app = express();\napp.post(\"/login\", (req, res) => { res.send(check(req.body.password)); });\n", "login", "items"},
	{"TL301", "app.py", "from Crypto.Cipher import DES\n\ndef enc(key, data):\n    return DES.new(key, DES.MODE_ECB).encrypt(data)\n", "DES|ECB", "XYZ"},
	{"TL302", "app.js", "const crypto = require(\"crypto\");\nconst iv = Buffer.alloc(16, 0);\nfunction enc(key, data) { return crypto.createCipheriv(\"aes-256-cbc\", key, iv).update(data); }\n", "Cipher", "Thingy"},
	{"TL303", "app.js", "const crypto = require(\"crypto\");\nfunction sign(data) { return crypto.createHmac(\"sha256\", \"hunter2-static-key-9f8e7d\").update(data).digest(\"hex\"); }\n", "Hmac", "Xyzw"},
	{"TL304", "app.js", "function newToken() { const token = Math.random().toString(36).slice(2); return token; }\n", "random", "rnd"},
	{"TL305", "main.go", "package main\n\nimport \"crypto/tls\"\n\nvar cfg = &tls.Config{InsecureSkipVerify: true}\n", "InsecureSkipVerify", "MinVersionX"},
	{"TL306", "app.js", "const crypto = require(\"crypto\");\nfunction sign(data) { return { signature: crypto.createHash(\"md5\").update(data).digest(\"hex\") }; }\n", "md5|createHash", "xyz"},
	{"TL401", "app.js", "app.get(\"/users\", async (req, res) => {\n  if (req.user.isAdmin) {\n    return res.json(await User.findAll());\n  }\n  res.json([]);\n});\n", "Admin", "Happy"},
	{"TL501", "app.js", "async function find(db, id) {\n  return db.query(\"SELECT * FROM users ORDER BY \" + column);\n}\n", "SELECT", "SHOW"},
	{"TL502", "app.js", "const multer = require(\"multer\");\nconst upload = multer({ dest: \"uploads/\" });\n", "multer", "mailer"},
	{"TL601", "app.js", "app.post(\"/webhook\", (req, res) => {\n  const event = req.body;\n  if (event.type === \"checkout.session.completed\") { fulfil(event); }\n  res.sendStatus(200);\n});\n", "webhook|checkout.session.", "x"},
}

// TestTriggerGateCases checks each rule's gate on a minimal snippet: the
// rule fires and its gate is open; without the trigger word the gate is
// closed and the rule, run without gating, does not fire either.
func TestTriggerGateCases(t *testing.T) {
	var pool grammars.Pool
	defer pool.Close()
	run := func(path, src string, gated bool) []Finding {
		lang, _ := grammars.FromPath(path)
		tree, err := pool.Parse(context.Background(), lang, nil, []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		defer tree.Close()
		u := &Unit{Path: path, Lang: lang, Src: []byte(src), Tree: tree, NoFixes: true}
		fs, err := analyzeGated(context.Background(), u, checkers(), nil, gated, nil)
		if err != nil {
			t.Fatal(err)
		}
		return fs
	}
	fires := func(fs []Finding, rule string) bool {
		for _, f := range fs {
			if f.Rule == rule {
				return true
			}
		}
		return false
	}
	covered := map[string]bool{}
	for _, c := range gateCases {
		covered[c.rule] = true
		lang, _ := grammars.FromPath(c.path)
		if !fires(run(c.path, c.src, false), c.rule) {
			t.Errorf("%s: the snippet does not fire:\n%s", c.rule, c.src)
			continue
		}
		if !fires(run(c.path, c.src, true), c.rule) {
			t.Errorf("%s: the snippet does not fire with gating", c.rule)
		}
		if !scanTriggers(c.path, []byte(c.src)).open(c.rule, lang.Family()) {
			t.Errorf("%s: gate closed on the snippet", c.rule)
		}
		src := c.src
		for _, w := range strings.Split(c.word, "|") {
			src = strings.ReplaceAll(src, w, c.repl)
		}
		if scanTriggers(c.path, []byte(src)).open(c.rule, lang.Family()) {
			t.Errorf("%s: gate open without %q:\n%s", c.rule, c.word, src)
		}
		if fires(run(c.path, src, false), c.rule) {
			t.Errorf("%s: fires without %q, so the word is not necessary:\n%s", c.rule, c.word, src)
		}
	}
	for r := range triggers().gates {
		if !covered[r] {
			t.Errorf("%s has a gate but no gate case", r)
		}
	}
}

// TestTriggerUnicodeFolds checks that a letter folding to ASCII opens
// every gate.
func TestTriggerUnicodeFolds(t *testing.T) {
	for _, s := range []string{"\u212a", "\u017f", "\u0130", "\u0131"} {
		tr := scanTriggers("a.js", []byte("const x = 1; // "+s+"\n"))
		for r := range triggers().gates {
			if !tr.open(r, grammars.FamilyJS) {
				t.Errorf("%q: %s gate closed", s, r)
			}
		}
	}
	tr := scanTriggers("a.go", []byte("package a\n\nvar x = 1\n"))
	if tr.open("TL201", grammars.FamilyGo) {
		t.Error("TL201 gate open on a file without its words")
	}
}

// TestNeedsParseTestFile checks that a test file needs parsing only for
// the TL10x rules: bcrypt's low cost alone does not make it worth a parse.
func TestNeedsParseTestFile(t *testing.T) {
	src := []byte("const bcrypt = require('bcrypt');\nbcrypt.hash(x, 4);\n")
	only := func(rule string) Config { return Config{Only: map[string]bool{rule: true}} }
	if NeedsParse("src/a.test.js", grammars.JavaScript, src, only("TL201")) {
		t.Error("a test file needs no parse for TL201")
	}
	if !NeedsParse("src/a.js", grammars.JavaScript, src, only("TL201")) {
		t.Error("a source file holding TL201's words needs a parse")
	}
	if NeedsParse("src/a.js", grammars.JavaScript, src, only("TL305")) {
		t.Error("a file without TL305's words needs no parse for TL305")
	}
	if !NeedsParse("src/a.js", grammars.JavaScript, src, Config{Disabled: map[string]bool{"TL201": true}}) {
		t.Error("other rules' words (TL202: hash) still need a parse")
	}
}

// referenceFound is the trigger words of text found the plain way: a
// case-insensitive substring search per word, an exact one for the
// case-sensitive words (the quoted fragments included).
func referenceFound(t *triggerTable, text []byte) []bool {
	lower := strings.ToLower(string(text))
	out := make([]bool, len(t.words))
	for id, w := range t.words {
		if w.exact != "" {
			out[id] = strings.Contains(string(text), w.exact)
		} else {
			out[id] = strings.Contains(lower, w.lower)
		}
	}
	return out
}

// TestTriggerScanMatchesReference holds the automaton plus the quote scan
// to referenceFound on every fixture, and on every file of
// TRUSTLINT_GATE_CORPUS when set.
func TestTriggerScanMatchesReference(t *testing.T) {
	tbl := triggers()
	quoted := 0
	for _, w := range tbl.words {
		if w.quoted {
			quoted++
		}
	}
	if quoted == 0 || quoted == len(tbl.words) {
		t.Fatalf("%d of %d words quoted: the test needs both kinds", quoted, len(tbl.words))
	}
	check := func(name string, text []byte) {
		var f found
		f.bits = make([]uint64, (len(tbl.words)+63)/64)
		tbl.scan(text, &f)
		want := referenceFound(tbl, text)
		heads := 0
		for id, w := range tbl.words {
			if f.has(id) != want[id] {
				t.Fatalf("%s: word %q (exact %q): scan %v, reference %v", name, w.lower, w.exact, f.has(id), want[id])
			}
			if want[id] && w.head {
				heads++
			}
		}
		listed := map[int32]bool{}
		for _, id := range f.heads {
			if listed[id] || !tbl.words[id].head || !want[id] {
				t.Fatalf("%s: heads lists %q twice, or a word that is no head or absent", name, tbl.words[id].exact)
			}
			listed[id] = true
		}
		if len(listed) != heads {
			t.Fatalf("%s: %d heads listed, reference %d", name, len(listed), heads)
		}
	}
	check("fragments", []byte("const k = 'sk_li' + \"ve_\" + `x`; s = 'a''b'\"\"`AKIA` 'sk-' '"))
	files := 0
	for _, root := range []string{"../testdata", os.Getenv("TRUSTLINT_GATE_CORPUS")} {
		if root == "" {
			continue
		}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if _, ok := grammars.FromPath(p); !ok {
				return nil
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			check(p, src)
			files++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d files, %d words (%d quoted)", files, len(tbl.words), quoted)
}
