package server

import (
	"context"
	"sync/atomic"
	"testing"

	"go.lsp.dev/jsonrpc2"
)

func TestInitializeResult(t *testing.T) {
	s := startSession(t, sessionOptions{opts: Options{Version: "1.2.3"}})
	res := s.initialize(map[string]any{}, nil)

	info, _ := res["serverInfo"].(map[string]any)
	if info["name"] != "trustlint" || info["version"] != "1.2.3" {
		t.Errorf("serverInfo = %v", info)
	}
	caps, _ := res["capabilities"].(map[string]any)
	if caps["positionEncoding"] != "utf-16" {
		t.Errorf("positionEncoding = %v, want utf-16", caps["positionEncoding"])
	}
	sync, _ := caps["textDocumentSync"].(map[string]any)
	if sync["openClose"] != true || sync["change"] != float64(2) {
		t.Errorf("textDocumentSync = %v", sync)
	}
	if _, ok := sync["save"].(map[string]any); !ok {
		t.Errorf("textDocumentSync.save = %v, want an object", sync["save"])
	}
	cap, _ := caps["codeActionProvider"].(map[string]any)
	kinds, _ := cap["codeActionKinds"].([]any)
	if len(kinds) != 2 || kinds[0] != "quickfix" || kinds[1] != "source.fixAll.trustlint" {
		t.Errorf("codeActionKinds = %v", kinds)
	}
	if rp, ok := cap["resolveProvider"]; ok && rp != false {
		t.Errorf("resolveProvider = %v", rp)
	}
}

func TestInitializeUTF8WhenOffered(t *testing.T) {
	s := startSession(t, sessionOptions{})
	res := s.initialize(map[string]any{"general": map[string]any{"positionEncodings": []string{"utf-8", "utf-16"}}}, nil)
	caps, _ := res["capabilities"].(map[string]any)
	if caps["positionEncoding"] != "utf-8" {
		t.Errorf("positionEncoding = %v, want utf-8", caps["positionEncoding"])
	}
}

func TestInitializeUTF16WhenOnlyUTF16Offered(t *testing.T) {
	s := startSession(t, sessionOptions{})
	res := s.initialize(map[string]any{"general": map[string]any{"positionEncodings": []string{"utf-16", "utf-32"}}}, nil)
	caps, _ := res["capabilities"].(map[string]any)
	if caps["positionEncoding"] != "utf-16" {
		t.Errorf("positionEncoding = %v, want utf-16", caps["positionEncoding"])
	}
}

func TestRequestBeforeInitialize(t *testing.T) {
	s := startSession(t, sessionOptions{})
	err := s.call("textDocument/codeAction", map[string]any{}, nil)
	if errCode(err) != jsonrpc2.ServerNotInitialized {
		t.Errorf("got %v, want ServerNotInitialized", err)
	}
}

func TestUnknownMethodIsMethodNotFound(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	err := s.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": "file:///a.js"}}, nil)
	if errCode(err) != jsonrpc2.MethodNotFound {
		t.Errorf("with params: got %v, want MethodNotFound", err)
	}
}

func TestUnknownMethodWithoutParams(t *testing.T) {
	s := startSession(t, sessionOptions{raw: true})
	rc := newRawClient(t, s.raw)
	rc.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"capabilities":{}}}`)
	if m := rc.response("1"); m["error"] != nil {
		t.Fatalf("initialize: %v", m)
	}
	rc.send(`{"jsonrpc":"2.0","id":2,"method":"trustlint/doesNotExist"}`)
	if m := rc.response("2"); rawErrCode(m) != int(jsonrpc2.MethodNotFound) {
		t.Errorf("got %v, want MethodNotFound", m)
	}
	rc.send(`{"jsonrpc":"2.0","id":"three","method":"$/unknownRequest"}`)
	if m := rc.response(`"three"`); rawErrCode(m) != int(jsonrpc2.MethodNotFound) {
		t.Errorf("got %v, want MethodNotFound", m)
	}
}

func TestShutdownThenExit(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	if err := s.call("shutdown", nil, nil); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	err := s.call("textDocument/codeAction", map[string]any{}, nil)
	if errCode(err) != jsonrpc2.InvalidRequest {
		t.Errorf("request after shutdown: got %v, want InvalidRequest", err)
	}
	err = s.call("shutdown", nil, nil)
	if errCode(err) != jsonrpc2.InvalidRequest {
		t.Errorf("second shutdown: got %v, want InvalidRequest", err)
	}
	s.notify("exit", nil)
	code, runErr := s.waitRun()
	if code != 0 || runErr != nil {
		t.Errorf("Run = %d, %v; want 0, nil", code, runErr)
	}
}

func TestExitWithoutShutdown(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	s.notify("exit", nil)
	code, runErr := s.waitRun()
	if code != 1 || runErr != nil {
		t.Errorf("Run = %d, %v; want 1, nil", code, runErr)
	}
}

func TestInputEOFEndsRun(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	s.raw.Close()
	code, runErr := s.waitRun()
	if code != 1 || runErr != nil {
		t.Errorf("Run = %d, %v; want 1, nil", code, runErr)
	}
}

func TestContextCancelEndsRun(t *testing.T) {
	s := startSession(t, sessionOptions{})
	s.initialize(map[string]any{}, nil)
	s.cancel()
	if code, _ := s.waitRun(); code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
}

func TestClientProcessDeathEndsRun(t *testing.T) {
	var alive atomic.Bool
	alive.Store(true)
	var checkedPID atomic.Int64
	s := startSession(t, sessionOptions{opts: Options{
		ProcessAlive: func(pid int) bool {
			checkedPID.Store(int64(pid))
			return alive.Load()
		},
		ProcessPollInterval: 5e6, // 5ms
	}})
	var result map[string]any
	if err := s.call("initialize", map[string]any{"processId": 4242, "capabilities": map[string]any{}}, &result); err != nil {
		t.Fatal(err)
	}
	alive.Store(false)
	code, runErr := s.waitRun()
	if code != 1 || runErr != nil {
		t.Errorf("Run = %d, %v; want 1, nil", code, runErr)
	}
	if checkedPID.Load() != 4242 {
		t.Errorf("checked pid %d, want 4242", checkedPID.Load())
	}
}

func TestMalformedMessagesGetErrorsAndServerKeepsRunning(t *testing.T) {
	s := startSession(t, sessionOptions{raw: true})
	rc := newRawClient(t, s.raw)

	rc.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{`) // truncated JSON
	m := rc.read()
	if rawErrCode(m) != int(jsonrpc2.ParseError) || m["id"] != nil {
		t.Errorf("truncated JSON: got %v, want ParseError with null id", m)
	}
	rc.send(`[1,2,3]`)
	if m := rc.read(); rawErrCode(m) != int(jsonrpc2.InvalidRequest) {
		t.Errorf("array body: got %v, want InvalidRequest", m)
	}
	rc.send(`{"jsonrpc":"1.0","id":9,"method":"initialize"}`)
	if m := rc.read(); rawErrCode(m) != int(jsonrpc2.InvalidRequest) || m["id"] != float64(9) {
		t.Errorf("wrong version: got %v, want InvalidRequest with id 9", m)
	}
	// A frame without Content-Length.
	if _, err := s.raw.Write([]byte("Content-Type: application/json\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	if m := rc.read(); rawErrCode(m) != int(jsonrpc2.ParseError) {
		t.Errorf("missing Content-Length: got %v, want ParseError", m)
	}

	rc.send(`{"jsonrpc":"2.0","id":2,"method":"initialize","params":{"processId":null,"capabilities":{}}}`)
	m = rc.response("2")
	if m["error"] != nil || m["result"] == nil {
		t.Fatalf("initialize after garbage: %v", m)
	}
	rc.send(`{"jsonrpc":"2.0","id":3,"method":"initialize","params":{"processId":null,"capabilities":{}}}`)
	if m := rc.response("3"); rawErrCode(m) != int(jsonrpc2.InvalidRequest) {
		t.Errorf("second initialize: got %v, want InvalidRequest", m)
	}
	// Params of the wrong shape.
	rc.send(`{"jsonrpc":"2.0","id":4,"method":"textDocument/codeAction","params":[1]}`)
	if m := rc.response("4"); rawErrCode(m) != int(jsonrpc2.InvalidParams) {
		t.Errorf("bad params: got %v, want InvalidParams", m)
	}
	rc.send(`{"jsonrpc":"2.0","id":5,"method":"shutdown"}`)
	if m := rc.response("5"); m["error"] != nil {
		t.Errorf("shutdown: %v", m)
	} else if v, ok := m["result"]; !ok || v != nil {
		t.Errorf("shutdown result = %v, want null", m)
	}
}

func TestCancelRequest(t *testing.T) {
	entered := make(chan struct{}, 1)
	s := startSession(t, sessionOptions{raw: true, opts: Options{hooks: &hooks{
		beforeCodeAction: func(ctx context.Context) {
			entered <- struct{}{}
			<-ctx.Done() // a slow request, until cancelled
		},
	}}})
	rc := newRawClient(t, s.raw)
	rc.send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"capabilities":{}}}`)
	rc.response("1")
	rc.send(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	rc.send(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///p/a.js","languageId":"javascript","version":1,"text":"let a = 1;\n"}}}`)
	rc.send(`{"jsonrpc":"2.0","id":7,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///p/a.js"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},"context":{"diagnostics":[]}}}`)
	<-entered
	rc.send(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":7}}`)
	m := rc.response("7")
	if rawErrCode(m) != -32800 {
		t.Errorf("cancelled request: got %v, want RequestCancelled (-32800)", m)
	}
	// Other $/ notifications are ignored and the server still answers.
	rc.send(`{"jsonrpc":"2.0","method":"$/setTrace","params":{"value":"off"}}`)
	rc.send(`{"jsonrpc":"2.0","id":8,"method":"shutdown"}`)
	if m := rc.response("8"); m["error"] != nil {
		t.Errorf("shutdown: %v", m)
	}
}

func TestPanicInRequestIsRecovered(t *testing.T) {
	s := startSession(t, sessionOptions{opts: Options{hooks: &hooks{
		beforeCodeAction: func(context.Context) { panic("boom with secret-looking text") },
	}}})
	s.initialize(map[string]any{}, nil)
	s.open("file:///p/a.js", "javascript", 1, "let a = 1;\n")
	err := s.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": "file:///p/a.js"},
		"range":        rng(0, 0, 0, 1),
		"context":      map[string]any{"diagnostics": []any{}},
	}, nil)
	if errCode(err) != jsonrpc2.InternalError {
		t.Errorf("got %v, want InternalError", err)
	}
	s.sync() // still answering
}
