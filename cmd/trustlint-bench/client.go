package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// client is a minimal LSP client over a child process's stdin/stdout: it
// frames JSON-RPC messages, answers the server's requests, and records when
// each document version's diagnostics arrive.
type client struct {
	cmd     *exec.Cmd
	in      io.WriteCloser
	writeMu sync.Mutex

	mu      sync.Mutex
	nextID  int
	pending map[int]chan json.RawMessage
	// published maps uri → version → arrival, for versions not yet waited
	// for; waiters get a signal on every publication.
	published map[string]map[int]time.Time
	signal    chan struct{}
	done      chan struct{}
	readErr   error
}

// start runs bin with args and returns a client talking to it. started is
// the moment just before the process starts.
func start(bin string, args ...string) (c *client, started time.Time, err error) {
	cmd := exec.Command(bin, args...)
	cmd.Stderr = serverLog
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("stdin pipe: %w", err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("stdout pipe: %w", err)
	}
	c = &client{
		cmd: cmd, in: in,
		pending:   make(map[int]chan json.RawMessage),
		published: make(map[string]map[int]time.Time),
		signal:    make(chan struct{}, 1),
		done:      make(chan struct{}),
	}
	started = time.Now()
	if err := cmd.Start(); err != nil {
		return nil, started, fmt.Errorf("starting %s: %w", bin, err)
	}
	go c.readLoop(bufio.NewReaderSize(out, 1<<20))
	return c, started, nil
}

type message struct {
	ID     json.RawMessage `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  json.RawMessage `json:"error,omitempty"`
}

func (c *client) readLoop(r *bufio.Reader) {
	defer close(c.done)
	for {
		body, err := readFrame(r)
		if err != nil {
			c.mu.Lock()
			c.readErr = err
			c.mu.Unlock()
			return
		}
		now := time.Now()
		var m message
		if err := json.Unmarshal(body, &m); err != nil {
			continue
		}
		switch {
		case m.Method == "textDocument/publishDiagnostics":
			var p struct {
				URI     string `json:"uri"`
				Version *int   `json:"version"`
			}
			if json.Unmarshal(m.Params, &p) == nil && p.Version != nil {
				c.mu.Lock()
				if c.published[p.URI] == nil {
					c.published[p.URI] = make(map[int]time.Time)
				}
				if _, seen := c.published[p.URI][*p.Version]; !seen {
					c.published[p.URI][*p.Version] = now
				}
				c.mu.Unlock()
				select {
				case c.signal <- struct{}{}:
				default:
				}
			}
		case m.Method != "" && len(m.ID) > 0:
			c.answer(m)
		case m.Method == "" && len(m.ID) > 0:
			id, err := strconv.Atoi(string(m.ID))
			if err != nil {
				continue
			}
			c.mu.Lock()
			ch := c.pending[id]
			delete(c.pending, id)
			c.mu.Unlock()
			if ch != nil {
				if len(m.Error) > 0 {
					ch <- m.Error
				} else {
					ch <- m.Result
				}
			}
		}
	}
}

// answer replies to a server→client request: configuration with the
// benchmark's settings (no debounce), anything else with null.
func (c *client) answer(m message) {
	var result any
	if m.Method == "workspace/configuration" {
		var p struct {
			Items []any `json:"items"`
		}
		_ = json.Unmarshal(m.Params, &p)
		items := make([]any, len(p.Items))
		for i := range items {
			items[i] = settings
		}
		result = items
	}
	_ = c.write(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": result})
}

// serverLog receives the servers' stderr (the -serverlog flag); nil
// discards it.
var serverLog io.Writer

// analysisMode is the servers' --analysis flag (the -analysis flag).
var analysisMode = "window"

// thinkTime is the pause before each measured edit (the -think flag).
var thinkTime time.Duration

// fullSync sends each edit as the whole new text, as a client without
// incremental sync does (the -sync flag).
var fullSync bool

// settings are the trustlint settings the benchmark runs with.
var settings = map[string]any{"debounceMs": 0}

func readFrame(r *bufio.Reader) ([]byte, error) {
	length := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(strings.TrimSpace(k), "Content-Length") {
			length, err = strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				return nil, fmt.Errorf("bad Content-Length %q", v)
			}
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("frame without Content-Length")
	}
	body := make([]byte, length)
	_, err := io.ReadFull(r, body)
	return body, err
}

func (c *client) write(v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	if _, err := fmt.Fprintf(c.in, "Content-Length: %d\r\n\r\n", len(body)); err != nil {
		return err
	}
	_, err = c.in.Write(body)
	return err
}

// call sends a request and waits for its result.
func (c *client) call(method string, params any, timeout time.Duration) (json.RawMessage, error) {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan json.RawMessage, 1)
	c.pending[id] = ch
	c.mu.Unlock()
	if err := c.write(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params}); err != nil {
		return nil, err
	}
	select {
	case r := <-ch:
		return r, nil
	case <-c.done:
		return nil, fmt.Errorf("%s: server exited: %v", method, c.readErr)
	case <-time.After(timeout):
		return nil, fmt.Errorf("%s: no answer within %v", method, timeout)
	}
}

func (c *client) notify(method string, params any) error {
	return c.write(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// waitDiagnostics waits until diagnostics of uri at version arrive and
// returns their arrival time.
func (c *client) waitDiagnostics(uri string, version int, timeout time.Duration) (time.Time, error) {
	deadline := time.After(timeout)
	for {
		c.mu.Lock()
		t, ok := c.published[uri][version]
		if ok {
			// Older versions will not be waited for again.
			for v := range c.published[uri] {
				if v <= version {
					delete(c.published[uri], v)
				}
			}
		}
		c.mu.Unlock()
		if ok {
			return t, nil
		}
		select {
		case <-c.signal:
		case <-c.done:
			return time.Time{}, fmt.Errorf("server exited: %v", c.readErr)
		case <-deadline:
			return time.Time{}, fmt.Errorf("no diagnostics for %s version %d within %v", uri, version, timeout)
		}
	}
}

// initialize runs the initialize handshake with the benchmark settings.
func (c *client) initialize() error {
	params := map[string]any{
		"processId":             os.Getpid(),
		"rootUri":               "file:///bench",
		"capabilities":          map[string]any{"workspace": map[string]any{"configuration": true}},
		"clientInfo":            map[string]any{"name": "trustlint-bench"},
		"initializationOptions": settings,
	}
	if _, err := c.call("initialize", params, 30*time.Second); err != nil {
		return err
	}
	return c.notify("initialized", map[string]any{})
}

// shutdown ends the session and waits for the process.
func (c *client) shutdown() {
	_, _ = c.call("shutdown", nil, 10*time.Second)
	_ = c.notify("exit", nil)
	_ = c.in.Close()
	done := make(chan struct{})
	go func() { _ = c.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = c.cmd.Process.Kill()
		<-done
	}
}

// rssKiB reads the process's resident set size from /proc.
func (c *client) rssKiB() (int, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", c.cmd.Process.Pid)
}
