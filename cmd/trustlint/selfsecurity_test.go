package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// These tests run the built binary: what it prints, logs and opens is
// checked from outside, as a hostile client would.

var buildOnce = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "trustlint-bin-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "trustlint")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin, err := buildOnce()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// fakeSecrets returns realistic-looking, random (never real) credentials
// of several providers, generated so no literal sits in the repository.
// Every third character is a digit and every third an upper-case letter,
// so each window leaks looks for holds both: a window of lower-case letters
// matched English in the output ("seque" of "subsequent", about one run in
// fifty), one of hex digits could match a fingerprint.
func fakeSecrets() map[string]string {
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	pick := func(alphabet string, n int) string {
		only := func(keep func(byte) bool) string {
			var out []byte
			for i := 0; i < len(alphabet); i++ {
				if keep(alphabet[i]) {
					out = append(out, alphabet[i])
				}
			}
			return string(out)
		}
		digits := only(func(c byte) bool { return c >= '0' && c <= '9' })
		upper := only(func(c byte) bool { return c >= 'A' && c <= 'Z' })
		b := make([]byte, n)
		for i := range b {
			from := alphabet
			switch {
			case i%3 == 0 && digits != "":
				from = digits
			case i%3 == 1 && upper != "":
				from = upper
			}
			b[i] = from[r.IntN(len(from))]
		}
		return string(b)
	}
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	const upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	return map[string]string{
		"openai":   "sk-proj-" + pick(alnum, 56),
		"aws":      "AKIA" + pick(upper, 16),
		"awsSec":   pick(alnum+"/+", 40),
		"stripe":   "sk_live_" + pick(alnum, 32),
		"github":   "ghp_" + pick(alnum, 36),
		"password": "Pw-" + pick(alnum, 20),
		"jwt":      pick(alnum, 48),
		"pem":      pick(alnum, 64),
	}
}

// secretFiles writes a workspace full of the secrets in every language.
func secretFiles(t *testing.T, dir string, s map[string]string) map[string]string {
	files := map[string]string{
		"src/client.js": "const OpenAI = require('openai');\nconst client = new OpenAI({ apiKey: '" + s["openai"] + "' });\n" +
			"const stripe = require('stripe')('" + s["stripe"] + "');\nconst password = \"" + s["password"] + "\";\n" +
			"console.log('token', '" + s["github"] + "');\nconst jwtSecret = '" + s["jwt"] + "';\n",
		"src/aws.ts": "export const config = {\n  accessKeyId: \"" + s["aws"] + "\",\n  secretAccessKey: \"" + s["awsSec"] + "\",\n};\n",
		"main.go":    "package main\n\nimport \"fmt\"\n\nconst githubToken = \"" + s["github"] + "\"\n\nvar dbPassword = \"" + s["password"] + "\"\n\nfunc main() { fmt.Println(githubToken, dbPassword) }\n",
		"app.py":     "import openai\n\nopenai.api_key = \"" + s["openai"] + "\"\nSTRIPE_KEY = '" + s["stripe"] + "'\npassword = \"" + s["password"] + "\"\nKEY = \"\"\"-----BEGIN RSA PRIVATE KEY-----\n" + s["pem"] + "\n-----END RSA PRIVATE KEY-----\"\"\"\n",
		".env":       "OPENAI_API_KEY=" + s["openai"] + "\nAWS_SECRET_ACCESS_KEY=" + s["awsSec"] + "\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// publicPrefix is the documented, fixed prefix of a provider's keys
// ("sk-proj-", "sk_live_"): rule documentation names them, so windows
// lying wholly inside one are not the secret.
var publicPrefix = map[string]int{"openai": len("sk-proj-"), "stripe": len("sk_live_"), "github": len("ghp_"), "aws": len("AKIA"), "password": len("Pw-")}

// leaks returns a description of the first window of five characters of
// each secret's private part (what follows the public prefix) found in
// out. Windows reaching into the prefix are not counted: the rule
// documentation embedded in SARIF quotes placeholders such as
// "sk-proj-xxxxx", which matched "roj-" plus a random key's first
// character one run in 62.
func leaks(out []byte, secrets map[string]string) []string {
	var found []string
	for name, v := range secrets {
		for i := publicPrefix[name]; i+5 <= len(v); i++ {
			if w := v[i : i+5]; bytes.Contains(out, []byte(w)) {
				found = append(found, fmt.Sprintf("%s[%d:%d] %q", name, i, i+5, w))
				break
			}
		}
	}
	return found
}

// lspSession drives `trustlint lsp` over pipes with raw frames.
type lspSession struct {
	t      *testing.T
	cmd    *exec.Cmd
	in     io.WriteCloser
	stdout *bufio.Reader
	stderr bytes.Buffer
	raw    bytes.Buffer // every byte of stdout
	msgs   []map[string]any
}

func startLSP(t *testing.T, bin string, wrap []string, extraEnv ...string) *lspSession {
	t.Helper()
	args := append(append([]string(nil), wrap...), bin, "lsp", "--log-level", "debug")
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), extraEnv...)
	s := &lspSession{t: t, cmd: cmd}
	cmd.Stderr = &s.stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s.in = in
	s.stdout = bufio.NewReader(io.TeeReader(out, &s.raw))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
	return s
}

func (s *lspSession) send(v any) {
	s.t.Helper()
	body, err := json.Marshal(v)
	if err != nil {
		s.t.Fatal(err)
	}
	if _, err := fmt.Fprintf(s.in, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		s.t.Fatalf("send: %v", err)
	}
}

// until reads messages until one satisfies cond.
func (s *lspSession) until(what string, cond func(m map[string]any) bool) map[string]any {
	s.t.Helper()
	type res struct {
		m   map[string]any
		err error
	}
	for {
		ch := make(chan res, 1)
		go func() {
			n := -1
			for {
				line, err := s.stdout.ReadString('\n')
				if err != nil {
					ch <- res{nil, err}
					return
				}
				line = strings.TrimSpace(line)
				if line == "" {
					break
				}
				if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
					n, _ = strconv.Atoi(v)
				}
			}
			body := make([]byte, n)
			if _, err := io.ReadFull(s.stdout, body); err != nil {
				ch <- res{nil, err}
				return
			}
			var m map[string]any
			ch <- res{m, json.Unmarshal(body, &m)}
		}()
		select {
		case r := <-ch:
			if r.err != nil {
				s.t.Fatalf("waiting for %s: %v", what, r.err)
			}
			s.msgs = append(s.msgs, r.m)
			if cond(r.m) {
				return r.m
			}
		case <-time.After(2 * time.Minute):
			s.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func isResponse(id float64) func(map[string]any) bool {
	return func(m map[string]any) bool { v, ok := m["id"].(float64); return ok && v == id && m["method"] == nil }
}

// TestSecretsNeverLeave runs the language server at debug level with
// protocol tracing requested, on files full of secrets, edits them, asks
// for every code action, and checks that no more than four characters of
// any secret appear in stderr or in any message to the client other than
// the edits of code actions. Then the same for scan/check output in every
// format.
func TestSecretsNeverLeave(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	secrets := fakeSecrets()
	files := secretFiles(t, dir, secrets)
	s := startLSP(t, bin, nil, "TRUSTLINT_LOG_LEVEL=debug")
	root := "file://" + dir
	s.send(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{
		"processId": os.Getpid(), "rootUri": root, "trace": "verbose",
		"capabilities": map[string]any{"general": map[string]any{"positionEncodings": []string{"utf-16"}}},
	}})
	s.until("initialize", isResponse(1))
	s.send(map[string]any{"jsonrpc": "2.0", "method": "initialized", "params": map[string]any{}})
	s.send(map[string]any{"jsonrpc": "2.0", "method": "$/setTrace", "params": map[string]any{"value": "verbose"}})
	id := 1
	langs := map[string]string{".js": "javascript", ".ts": "typescript", ".go": "go", ".py": "python", ".env": "dotenv"}
	for name, text := range files {
		uri := root + "/" + name
		s.send(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{
			"textDocument": map[string]any{"uri": uri, "languageId": langs[filepath.Ext(name)], "version": 1, "text": text}}})
		// An edit that half-types another secret, then a malformed change
		// and a bad request quoting a secret.
		s.send(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": map[string]any{
			"textDocument":   map[string]any{"uri": uri, "version": 2},
			"contentChanges": []any{map[string]any{"range": map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 0, "character": 0}}, "text": "const token = '" + secrets["github"] + "\n"}}}})
		s.send(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": map[string]any{
			"textDocument": map[string]any{"uri": uri, "version": secrets["jwt"]}, "contentChanges": secrets["password"]}})
		id++
		s.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": "textDocument/codeAction", "params": map[string]any{
			"textDocument": map[string]any{"uri": uri},
			"range":        map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 99, "character": 0}},
			"context":      map[string]any{"diagnostics": []any{}, "only": []string{"quickfix", "source.fixAll"}}}})
		s.until("codeAction", isResponse(float64(id)))
		id++
		s.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": "textDocument/" + secrets["awsSec"], "params": secrets["stripe"]})
		s.until("unknown method", isResponse(float64(id)))
	}
	// The server traces its events at verbose: every $/logTrace sent
	// before the trace of this last request's response is read (they go
	// out in order), and checked with the rest below.
	s.send(map[string]any{"jsonrpc": "2.0", "id": 998, "method": "trustlint/sync"})
	s.until("the trace of the last response", func(m map[string]any) bool {
		p, _ := m["params"].(map[string]any)
		msg, _ := p["message"].(string)
		return m["method"] == "$/logTrace" && strings.HasPrefix(msg, "Sending response '(unknown method) - (998)'")
	})
	s.send(map[string]any{"jsonrpc": "2.0", "id": 999, "method": "shutdown"})
	s.until("shutdown", isResponse(999))
	s.send(map[string]any{"jsonrpc": "2.0", "method": "exit"})
	_ = s.in.Close()
	if err := s.cmd.Wait(); err != nil {
		t.Errorf("exit after shutdown: %v", err)
	}
	_, _ = io.Copy(io.Discard, s.stdout)

	diagnostics, traces, verbose := 0, 0, 0
	var scrubbed []byte
	for _, m := range s.msgs {
		if m["method"] == "textDocument/publishDiagnostics" {
			diagnostics += len(m["params"].(map[string]any)["diagnostics"].([]any))
		}
		if m["method"] == "$/logTrace" {
			traces++
			if v, _ := m["params"].(map[string]any)["verbose"].(string); v != "" {
				verbose++
			}
		}
		// Code action edits are the document's own text moving; they
		// are the one place a secret may travel (a suppression comment
		// keeps the line, say).
		if actions, ok := m["result"].([]any); ok {
			for _, a := range actions {
				if am, ok := a.(map[string]any); ok {
					delete(am, "edit")
				}
			}
		}
		b, _ := json.Marshal(m)
		scrubbed = append(scrubbed, b...)
	}
	if diagnostics == 0 {
		t.Fatalf("no diagnostics on files full of secrets: the test checks nothing\nstderr:\n%s", s.stderr.String())
	}
	if verbose == 0 {
		t.Fatalf("no verbose $/logTrace (%d traces) with trace verbose: the trace is not checked", traces)
	}
	if l := leaks(scrubbed, secrets); len(l) > 0 {
		t.Errorf("secrets in messages to the client: %v", l)
	}
	if l := leaks(s.stderr.Bytes(), secrets); len(l) > 0 {
		t.Errorf("secrets in stderr: %v", l)
	}
	t.Logf("%d messages (%d diagnostics, %d $/logTrace, %d verbose), %d bytes of stdout, %d bytes of debug log checked", len(s.msgs), diagnostics, traces, verbose, s.raw.Len(), s.stderr.Len())

	for _, args := range [][]string{
		{"check", dir}, {"scan", dir}, {"scan", "--format", "json", dir}, {"scan", "--format", "sarif", dir},
	} {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "TRUSTLINT_LOG_LEVEL=debug")
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		_ = cmd.Run()
		if out.Len() == 0 {
			t.Errorf("%v printed nothing (stderr %q)", args, errOut.String())
		}
		if l := leaks(append(out.Bytes(), errOut.Bytes()...), secrets); len(l) > 0 {
			t.Errorf("%v output leaks: %v", args, l)
		}
	}
}

// sockets lists the sockets among the process's open files.
func sockets(pid int) ([]string, error) {
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if l, err := os.Readlink(filepath.Join(dir, e.Name())); err == nil && strings.HasPrefix(l, "socket:") {
			out = append(out, e.Name()+" → "+l)
		}
	}
	return out, nil
}

// TestNoNetworkAndLifecycleFaults runs a session in a fresh network
// namespace (unshare -n: any connection attempt fails and any socket shows
// among the process's files): after the client opens files, asks for code
// actions and the workspace holds a config, the process holds no socket.
// Then the client's death (its processId gone) and stdin closing each end
// the server within a second.
func TestNoNetworkAndLifecycleFaults(t *testing.T) {
	bin := binary(t)
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("needs /proc")
	}
	var wrap []string
	if u, err := exec.LookPath("unshare"); err != nil {
		t.Fatalf("unshare (util-linux) is missing: the network confinement test runs the binary with `unshare -n`; install util-linux")
	} else if exec.Command(u, "-n", "true").Run() == nil {
		wrap = []string{u, "-n"}
	} else {
		t.Logf("unshare -n not permitted here (not root); checking sockets only")
	}
	dir := t.TempDir()
	files := secretFiles(t, dir, fakeSecrets())
	// A config that would reach the network or run commands if the
	// server followed such keys: it must not.
	_ = os.WriteFile(filepath.Join(dir, ".trustlint.yaml"), []byte("extends: https://example.com/evil.yaml\nplugins: [\"$(touch "+filepath.Join(dir, "pwned")+")\"]\ncommand: touch "+filepath.Join(dir, "pwned")+"\n"), 0o644)

	sleeper := exec.Command("sleep", "60")
	if err := sleeper.Start(); err != nil {
		t.Fatal(err)
	}
	s := startLSP(t, bin, wrap)
	root := "file://" + dir
	s.send(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{
		"processId": sleeper.Process.Pid, "rootUri": root, "capabilities": map[string]any{}}})
	s.until("initialize", isResponse(1))
	s.send(map[string]any{"jsonrpc": "2.0", "method": "initialized", "params": map[string]any{}})
	id := 1
	for name, text := range files {
		s.send(map[string]any{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": map[string]any{
			"textDocument": map[string]any{"uri": root + "/" + name, "languageId": "", "version": 1, "text": text}}})
		id++
		s.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": "textDocument/codeAction", "params": map[string]any{
			"textDocument": map[string]any{"uri": root + "/" + name},
			"range":        map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 50, "character": 0}},
			"context":      map[string]any{"diagnostics": []any{}, "only": []string{"quickfix", "source.fixAll"}}}})
		s.until("codeAction", isResponse(float64(id)))
	}
	pid := s.cmd.Process.Pid
	if len(wrap) > 0 {
		pid = childOf(t, pid) // unshare execs, so this is usually the same pid
	}
	socks, err := sockets(pid)
	if err != nil {
		t.Fatal(err)
	}
	if len(socks) > 0 {
		t.Errorf("the language server holds sockets: %v", socks)
	}
	if _, err := os.Stat(filepath.Join(dir, "pwned")); err == nil {
		t.Errorf("the workspace config ran a command")
	}

	// The client dies: the server notices within a second (500 ms poll).
	_ = sleeper.Process.Kill()
	_, _ = sleeper.Process.Wait()
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	start := time.Now()
	select {
	case err := <-done:
		if time.Since(start) > 1500*time.Millisecond {
			t.Errorf("exit took %v after the client died", time.Since(start))
		}
		if code := s.cmd.ProcessState.ExitCode(); code != 1 {
			t.Errorf("exit code %d after the client died without shutdown, want 1 (%v)", code, err)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("the server outlived its client by 5 s")
	}

	// stdin closes: the server exits at once, 1 without shutdown.
	s2 := startLSP(t, bin, nil)
	s2.send(map[string]any{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{"processId": nil, "capabilities": map[string]any{}}})
	s2.until("initialize", isResponse(1))
	_ = s2.in.Close()
	start = time.Now()
	go func() { done <- s2.cmd.Wait() }()
	select {
	case <-done:
		if d := time.Since(start); d > time.Second {
			t.Errorf("exit took %v after stdin closed", d)
		}
		if code := s2.cmd.ProcessState.ExitCode(); code != 1 {
			t.Errorf("exit code %d after stdin closed without shutdown, want 1", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("the server did not exit within 5 s of stdin closing")
	}
}

// childOf returns pid itself when it runs trustlint, else its first child
// (unshare without exec).
func childOf(t *testing.T, pid int) int {
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid)); err == nil && strings.TrimSpace(string(b)) == "trustlint" {
		return pid
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		t.Fatalf("no child of %d", pid)
	}
	c, _ := strconv.Atoi(f[0])
	return c
}
