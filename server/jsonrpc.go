package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
)

// codeRequestCancelled is LSP's RequestCancelled error code.
const codeRequestCancelled jsonrpc2.Code = -32800

// maxMessageBytes bounds one JSON-RPC message. Larger bodies are discarded
// with an error reply; documents this large are far above what detectors
// analyse anyway.
const maxMessageBytes = 256 << 20

// errorf returns a JSON-RPC error with the given code, so replies never go
// out with code 0.
func errorf(code jsonrpc2.Code, format string, args ...any) *jsonrpc2.Error {
	return jsonrpc2.Errorf(code, format, args...)
}

// toRPCError maps any error to a *jsonrpc2.Error with a meaningful code and
// message.
func toRPCError(err error) *jsonrpc2.Error {
	if err == nil {
		return nil
	}
	var rpcErr *jsonrpc2.Error
	if errors.As(err, &rpcErr) {
		if rpcErr.Message == err.Error() {
			return rpcErr
		}
		return &jsonrpc2.Error{Code: rpcErr.Code, Message: err.Error()}
	}
	switch {
	case errors.Is(err, context.Canceled):
		return errorf(codeRequestCancelled, "request cancelled")
	case errors.Is(err, context.DeadlineExceeded):
		return errorf(jsonrpc2.InternalError, "request timed out")
	}
	return &jsonrpc2.Error{Code: jsonrpc2.InternalError, Message: err.Error()}
}

// stream is a jsonrpc2.Stream with LSP base-protocol framing
// (Content-Length headers) that survives malformed input: a body that is not
// valid JSON-RPC gets an error reply and the stream goes on to the next
// message, where jsonrpc2's own stream would end the connection.
type stream struct {
	in     *bufio.Reader
	inC    io.Closer // in, when it can be closed
	out    io.Writer
	logger *zap.Logger

	writeMu sync.Mutex
	closeMu sync.Mutex
	closed  bool
}

func newStream(in io.Reader, out io.Writer, logger *zap.Logger) *stream {
	s := &stream{in: bufio.NewReaderSize(in, 64<<10), out: out, logger: logger}
	if c, ok := in.(io.Closer); ok {
		s.inC = c
	}
	return s
}

// Read returns the next well-formed message. Malformed messages are answered
// and skipped; only I/O errors (EOF included) are returned.
func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		body, n, err := s.readFrame()
		if err != nil {
			var fe *frameError
			if errors.As(err, &fe) {
				s.logger.Warn("malformed message framing", zap.String("problem", fe.msg))
				s.replyError(nil, errorf(jsonrpc2.ParseError, "malformed message: %s", fe.msg))
				continue
			}
			return nil, n, err
		}
		msg, derr := jsonrpc2.DecodeMessage(body)
		if derr == nil {
			return msg, n, nil
		}
		id, rpcErr := classifyBadMessage(body)
		s.logger.Warn("malformed JSON-RPC message", zap.Int("bytes", len(body)), zap.Int32("code", int32(rpcErr.Code)))
		s.replyError(id, rpcErr)
	}
}

// frameError is a recoverable framing problem: the stream is positioned at
// the start of the next message.
type frameError struct{ msg string }

func (e *frameError) Error() string { return e.msg }

// readFrame reads one header block and its body.
func (s *stream) readFrame() ([]byte, int64, error) {
	var total int64
	length := int64(-1)
	var problem string
	sawHeader := false
	for {
		line, err := s.in.ReadString('\n')
		total += int64(len(line))
		if err != nil {
			if err == io.EOF && total == 0 {
				return nil, total, io.EOF
			}
			return nil, total, fmt.Errorf("reading message header: %w", err)
		}
		line = strings.TrimSpace(line)
		if line == "" {
			if !sawHeader {
				continue // tolerate blank lines between messages
			}
			break
		}
		sawHeader = true
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			problem = "header line without a colon"
			continue
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			v, perr := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if perr != nil || v < 0 {
				problem = "invalid Content-Length"
				continue
			}
			length = v
		}
	}
	if length < 0 {
		if problem == "" {
			problem = "missing Content-Length"
		}
		return nil, total, &frameError{msg: problem}
	}
	if length > maxMessageBytes {
		if _, err := io.CopyN(io.Discard, s.in, length); err != nil {
			return nil, total, fmt.Errorf("discarding oversized message: %w", err)
		}
		return nil, total + length, &frameError{msg: fmt.Sprintf("message of %d bytes exceeds the %d-byte limit", length, maxMessageBytes)}
	}
	// The buffer grows with the bytes that arrive: a Content-Length that
	// promises more than is sent costs no memory up front.
	var buf bytes.Buffer
	buf.Grow(int(min(length, 1<<20)))
	if _, err := io.CopyN(&buf, s.in, length); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, total, fmt.Errorf("reading message body: %w", err)
	}
	body := buf.Bytes()
	total += length
	if problem != "" {
		s.logger.Debug("ignored bad header line", zap.String("problem", problem))
	}
	return body, total, nil
}

// classifyBadMessage decides how to answer a body jsonrpc2 could not
// decode: invalid JSON is a parse error with a null id; valid JSON that is
// not a request gets InvalidRequest, with the request's id when it has one.
func classifyBadMessage(body []byte) (json.RawMessage, *jsonrpc2.Error) {
	if !json.Valid(body) {
		return nil, errorf(jsonrpc2.ParseError, "parse error: the message body is not valid JSON")
	}
	var probe struct {
		ID json.RawMessage `json:"id"`
	}
	if err := json.Unmarshal(body, &probe); err != nil {
		return nil, errorf(jsonrpc2.InvalidRequest, "invalid request: not a JSON-RPC object")
	}
	id := bytes.TrimSpace(probe.ID)
	if len(id) == 0 || (id[0] != '"' && (id[0] < '0' || id[0] > '9') && id[0] != '-') {
		id = nil
	}
	return id, errorf(jsonrpc2.InvalidRequest, "invalid request: not a valid JSON-RPC 2.0 message")
}

// replyError writes an error response outside jsonrpc2's connection, for
// messages jsonrpc2 never saw.
func (s *stream) replyError(id json.RawMessage, e *jsonrpc2.Error) {
	if id == nil {
		id = json.RawMessage("null")
	}
	resp := struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   *jsonrpc2.Error `json:"error"`
	}{"2.0", id, e}
	data, err := json.Marshal(resp)
	if err != nil {
		s.logger.Error("marshal error reply", zap.Error(err))
		return
	}
	if _, err := s.writeFrame(data); err != nil {
		s.logger.Warn("write error reply", zap.Error(err))
	}
}

// Write sends a message. Writes are not dropped when ctx is done: replies to
// cancelled requests must still go out.
func (s *stream) Write(_ context.Context, msg jsonrpc2.Message) (int64, error) {
	data, err := marshalMessage(msg)
	if err != nil {
		return 0, fmt.Errorf("marshaling message: %w", err)
	}
	return s.writeFrame(data)
}

// marshalMessage encodes a message with its own MarshalJSON, which every
// jsonrpc2 message type has: json.Marshal would call it and then scan and
// compact its output again (a tenth of a keystroke's server time at
// 10,000 lines, where diagnostics run to tens of kilobytes).
func marshalMessage(msg jsonrpc2.Message) ([]byte, error) {
	if m, ok := msg.(json.Marshaler); ok {
		return m.MarshalJSON()
	}
	return json.Marshal(msg)
}

func (s *stream) writeFrame(data []byte) (int64, error) {
	s.closeMu.Lock()
	closed := s.closed
	s.closeMu.Unlock()
	if closed {
		return 0, errors.New("write to closed stream")
	}
	frame := make([]byte, 0, len(data)+32)
	frame = append(frame, "Content-Length: "...)
	frame = strconv.AppendInt(frame, int64(len(data)), 10)
	frame = append(frame, "\r\n\r\n"...)
	frame = append(frame, data...)
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	n, err := s.out.Write(frame)
	if err != nil {
		return int64(n), fmt.Errorf("writing message: %w", err)
	}
	return int64(n), nil
}

// Close stops further writes and closes the input when it is closable, which
// unblocks a pending read on pipes (not on os.Stdin).
func (s *stream) Close() error {
	s.closeMu.Lock()
	already := s.closed
	s.closed = true
	s.closeMu.Unlock()
	if already || s.inC == nil {
		return nil
	}
	if err := s.inC.Close(); err != nil {
		return fmt.Errorf("closing input: %w", err)
	}
	return nil
}

// inflight is one request being handled off the read loop.
type inflight struct {
	method string
	cancel context.CancelFunc
	once   sync.Once
	reply  jsonrpc2.Replier

	// For the trace: the session (nil: not traced), the request's id and
	// when it was read.
	srv     *server
	id      jsonrpc2.ID
	started time.Time
}

// send replies once; later replies (after a cancellation was answered) are
// dropped.
func (f *inflight) send(ctx context.Context, result any, err error) error {
	var sendErr error
	f.once.Do(func() {
		var rpcErr error
		if err != nil {
			rpcErr = toRPCError(err)
			result = nil
		}
		sendErr = f.reply(context.WithoutCancel(ctx), result, rpcErr)
		if f.srv != nil {
			f.srv.traceResponse(f, result, rpcErr)
		}
	})
	return sendErr
}

// handle is the jsonrpc2 handler. It runs on the connection's read loop, so
// notifications are applied in order; requests that can take time run in
// their own goroutine after taking what they need from the read loop.
func (s *server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	if s.stopped.Load() {
		return nil
	}
	s.traceReceived(req)
	method := req.Method()
	call, isCall := req.(*jsonrpc2.Call)
	if !isCall {
		s.safeNotification(ctx, method, req.Params())
		return nil
	}
	f := &inflight{method: method, reply: reply, srv: s, id: call.ID(), started: time.Now()}
	if err := s.lifecycleGate(method); err != nil {
		return f.send(ctx, nil, err)
	}
	h, ok := s.requestHandler(method)
	if !ok {
		s.logger.Debug("method not found", zap.String("method", methodLabel(method)))
		return f.send(ctx, nil, errorf(jsonrpc2.MethodNotFound, "method not found: %s", methodLabel(method)))
	}
	reqCtx, cancel := context.WithCancel(s.ctx)
	f.cancel = cancel
	s.inflightMu.Lock()
	s.inflight[call.ID()] = f
	s.inflightMu.Unlock()
	done := func() {
		s.inflightMu.Lock()
		if s.inflight[call.ID()] == f {
			delete(s.inflight, call.ID())
		}
		s.inflightMu.Unlock()
		cancel()
	}
	// The prepare step runs on the read loop (it sees the state every
	// earlier notification left); the rest runs in its own goroutine.
	work, err := s.safePrepare(reqCtx, method, h, req.Params())
	if err != nil || work == nil {
		done()
		return f.send(ctx, nil, err)
	}
	s.requests.Add(1)
	go func() {
		defer s.requests.Done()
		defer done()
		var result any
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					s.logger.Error("panic in request handler", zap.String("method", method), zap.String("panic", panicSummary(r)), zap.ByteString("stack", debug.Stack()))
					err = errorf(jsonrpc2.InternalError, "internal error handling %s", method)
				}
			}()
			result, err = work(reqCtx)
		}()
		if err == nil && reqCtx.Err() != nil {
			err = errorf(codeRequestCancelled, "request cancelled")
		}
		if sendErr := f.send(ctx, result, err); sendErr != nil {
			s.logger.Warn("reply failed", zap.String("method", method), zap.Error(sendErr))
		}
	}()
	return nil
}

// requestFunc prepares a request on the read loop and returns the work to
// run off it. A nil work with a nil error replies null.
type requestFunc func(ctx context.Context, params json.RawMessage) (work func(context.Context) (any, error), err error)

// immediate wraps a result computed on the read loop.
func immediate(result any) func(context.Context) (any, error) {
	return func(context.Context) (any, error) { return result, nil }
}

func (s *server) requestHandler(method string) (requestFunc, bool) {
	switch method {
	case "initialize":
		return s.initialize, true
	case "shutdown":
		return s.shutdown, true
	case "textDocument/codeAction":
		return s.codeAction, true
	}
	return nil, false
}

// safePrepare runs a request's read-loop step with panic recovery.
func (s *server) safePrepare(ctx context.Context, method string, h requestFunc, params json.RawMessage) (work func(context.Context) (any, error), err error) {
	defer func() {
		if r := recover(); r != nil {
			s.logger.Error("panic in request handler", zap.String("method", method), zap.String("panic", panicSummary(r)), zap.ByteString("stack", debug.Stack()))
			work, err = nil, errorf(jsonrpc2.InternalError, "internal error handling %s", method)
		}
	}()
	return h(ctx, params)
}

// lifecycleGate rejects requests the lifecycle state does not allow.
func (s *server) lifecycleGate(method string) error {
	switch s.state() {
	case stateNew:
		if method != "initialize" {
			return errorf(jsonrpc2.ServerNotInitialized, "server not initialized: %s before initialize", methodLabel(method))
		}
	case stateShutdown:
		return errorf(jsonrpc2.InvalidRequest, "invalid request: %s after shutdown", methodLabel(method))
	default:
		if method == "initialize" {
			return errorf(jsonrpc2.InvalidRequest, "invalid request: initialize sent twice")
		}
	}
	return nil
}

// safeNotification dispatches a notification with panic recovery.
func (s *server) safeNotification(ctx context.Context, method string, params json.RawMessage) {
	defer func() {
		if r := recover(); r != nil {
			s.logger.Error("panic in notification handler", zap.String("method", method), zap.String("panic", panicSummary(r)), zap.ByteString("stack", debug.Stack()))
		}
	}()
	if method == "exit" {
		s.exit()
		return
	}
	if method == "$/cancelRequest" {
		s.cancelRequest(params)
		return
	}
	switch s.state() {
	case stateNew:
		s.logger.Debug("notification before initialize dropped", zap.String("method", method))
		return
	case stateShutdown:
		s.logger.Debug("notification after shutdown dropped", zap.String("method", method))
		return
	}
	var err error
	switch method {
	case "initialized":
		s.logger.Debug("client initialized")
	case "textDocument/didOpen":
		err = s.didOpen(ctx, params)
	case "textDocument/didChange":
		err = s.didChange(ctx, params)
	case "textDocument/didClose":
		err = s.didClose(ctx, params)
	case "textDocument/didSave":
		err = s.didSave(ctx, params)
	case "workspace/didChangeConfiguration":
		err = s.didChangeConfiguration(ctx, params)
	case "workspace/didChangeWatchedFiles":
		err = s.didChangeWatchedFiles(ctx, params)
	case "$/setTrace":
		err = s.setTraceNotification(params)
	default:
		if !strings.HasPrefix(method, "$/") {
			s.logger.Debug("notification ignored", zap.String("method", methodLabel(method)))
		}
	}
	if err != nil {
		s.logger.Warn("notification failed", zap.String("method", method), zap.Error(err))
	}
}

// cancelRequest handles $/cancelRequest: the request's context is cancelled
// and it is answered with RequestCancelled right away.
func (s *server) cancelRequest(params json.RawMessage) {
	var p struct {
		ID *jsonrpc2.ID `json:"id"`
	}
	if err := json.Unmarshal(params, &p); err != nil || p.ID == nil {
		s.logger.Debug("malformed $/cancelRequest ignored")
		return
	}
	s.inflightMu.Lock()
	f := s.inflight[*p.ID]
	delete(s.inflight, *p.ID)
	s.inflightMu.Unlock()
	if f == nil {
		return // already answered
	}
	s.logger.Debug("request cancelled", zap.String("method", f.method))
	f.cancel()
	if err := f.send(s.ctx, nil, errorf(codeRequestCancelled, "request cancelled")); err != nil {
		s.logger.Warn("reply to cancelled request failed", zap.Error(err))
	}
}

// decodeParams decodes a request's or notification's params, mapping
// problems to InvalidParams.
func decodeParams(params json.RawMessage, v any) error {
	if len(bytes.TrimSpace(params)) == 0 || string(bytes.TrimSpace(params)) == "null" {
		return errorf(jsonrpc2.InvalidParams, "invalid params: missing")
	}
	if err := json.Unmarshal(params, v); err != nil {
		return errorf(jsonrpc2.InvalidParams, "invalid params: %v", err)
	}
	return nil
}

// panicSummary describes a recovered panic without its value, which might
// quote document text: runtime errors keep their message (it holds no
// data), anything else is reduced to its type.
func panicSummary(r any) string {
	if re, ok := r.(runtime.Error); ok {
		return re.Error()
	}
	return fmt.Sprintf("panic of type %T", r)
}

// failedRules extracts the rule IDs from a detectors error, which may quote
// a panic value, so only the IDs are logged.
func failedRules(err error) []string {
	if err == nil {
		return nil
	}
	return ruleIDPattern.FindAllString(err.Error(), -1)
}

var ruleIDPattern = regexp.MustCompile(`\bTL[0-9]{3}\b`)

// knownMethods are the LSP methods the server names in logs and errors.
// Any other method name comes from the client and may carry anything (a
// pasted secret, say): it is never echoed.
var knownMethods = map[string]bool{
	"initialize": true, "initialized": true, "shutdown": true, "exit": true,
	"textDocument/didOpen": true, "textDocument/didChange": true, "textDocument/didClose": true,
	"textDocument/didSave": true, "textDocument/willSave": true, "textDocument/willSaveWaitUntil": true,
	"textDocument/codeAction": true, "codeAction/resolve": true, "textDocument/hover": true,
	"textDocument/completion": true, "textDocument/definition": true, "textDocument/diagnostic": true,
	"textDocument/formatting": true, "workspace/didChangeConfiguration": true,
	"workspace/didChangeWatchedFiles": true, "workspace/didChangeWorkspaceFolders": true,
	"workspace/executeCommand": true, "workspace/symbol": true, "$/cancelRequest": true,
	"$/setTrace": true, "$/progress": true,
}

// methodLabel is method when it is a known LSP method, a placeholder
// otherwise.
func methodLabel(method string) string {
	if knownMethods[method] {
		return method
	}
	return "(unknown method)"
}
