package server

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// This file implements LSP protocol tracing: the trace value the client
// sets (initialize's trace, then $/setTrace) and the $/logTrace
// notifications the server sends about its own events when it is not off.
//
// A trace message carries method names the server knows, numeric request
// ids, document URIs and versions, byte counts, durations, error codes,
// diagnostic counts and rule IDs — never document text, diagnostic
// messages, a client's string ids or unknown method names, any of which
// may quote a secret.

// traceLevel is the client's trace value.
type traceLevel int32

const (
	traceOff traceLevel = iota
	traceMessages
	traceVerbose
)

func (l traceLevel) String() string {
	switch l {
	case traceMessages:
		return "messages"
	case traceVerbose:
		return "verbose"
	}
	return "off"
}

// parseTrace reads a TraceValue. "message" (protocol v0.12.0's spelling)
// and "compact" (VS Code's) are taken as "messages".
func parseTrace(v string) (traceLevel, bool) {
	switch v {
	case "off":
		return traceOff, true
	case "messages", "message", "compact":
		return traceMessages, true
	case "verbose":
		return traceVerbose, true
	}
	return traceOff, false
}

// traceQueueSize bounds the trace messages waiting to be written. The
// read loop never waits for the client to read a trace: when the queue is
// full, messages are dropped and the next one says how many.
const traceQueueSize = 4096

// logTraceParams is LogTraceParams with a string verbose field (protocol
// v0.12.0 types it as a TraceValue).
type logTraceParams struct {
	Message string `json:"message"`
	Verbose string `json:"verbose,omitempty"`
}

// tracer holds the session's trace value and its queue of messages.
type tracer struct {
	level   atomic.Int32
	queue   chan logTraceParams
	dropped atomic.Int64
}

func newTracer() *tracer {
	return &tracer{queue: make(chan logTraceParams, traceQueueSize)}
}

// get returns the current trace value.
func (t *tracer) get() traceLevel { return traceLevel(t.level.Load()) }

// setTrace stores a new trace value.
func (s *server) setTrace(l traceLevel) {
	old := traceLevel(s.trace.level.Swap(int32(l)))
	if old != l {
		s.logger.Debug("trace value set", zap.String("value", l.String()))
		s.tracef(nil, "Trace set to %s.", l)
	}
}

// setTraceNotification handles $/setTrace. An unknown value leaves the
// trace as it is.
func (s *server) setTraceNotification(raw json.RawMessage) error {
	var p struct {
		Value string `json:"value"`
	}
	if err := decodeParams(raw, &p); err != nil {
		return fmt.Errorf("$/setTrace: %w", err)
	}
	l, ok := parseTrace(p.Value)
	if !ok {
		return fmt.Errorf("$/setTrace: unknown trace value (%d bytes)", len(p.Value))
	}
	s.setTrace(l)
	return nil
}

// tracing reports whether trace messages are wanted; verbose computes the
// verbose part only when they are.
func (s *server) tracing() bool { return s.trace.get() != traceOff }

// tracef queues a $/logTrace notification when tracing is on. verbose is
// called only at the verbose level.
func (s *server) tracef(verbose func() string, format string, args ...any) {
	l := s.trace.get()
	if l == traceOff || s.stopped.Load() {
		return
	}
	p := logTraceParams{Message: fmt.Sprintf(format, args...)}
	if l == traceVerbose && verbose != nil {
		p.Verbose = verbose()
	}
	select {
	case s.trace.queue <- p:
	default:
		s.trace.dropped.Add(1)
	}
}

// traceLoop writes queued trace messages until the session ends.
func (s *server) traceLoop() {
	for {
		select {
		case <-s.ctx.Done():
			return
		case p := <-s.trace.queue:
			if s.stopped.Load() {
				continue
			}
			if n := s.trace.dropped.Swap(0); n > 0 {
				p.Message = fmt.Sprintf("(%d trace messages dropped: the client did not read them fast enough) %s", n, p.Message)
			}
			if err := s.conn.Notify(s.ctx, "$/logTrace", p); err != nil {
				s.logger.Debug("$/logTrace not sent", zap.Error(err))
			}
		}
	}
}

// idLabel renders a request id for a trace: numbers as they are, a
// client's string ids (which could hold anything) by length only.
func idLabel(id jsonrpc2.ID) string {
	b, err := json.Marshal(&id)
	if err != nil || len(b) == 0 {
		return "?"
	}
	if b[0] == '"' {
		return fmt.Sprintf("string id of %d bytes", len(b)-2)
	}
	return string(b)
}

// traceReceived traces an incoming message.
func (s *server) traceReceived(req jsonrpc2.Request) {
	if !s.tracing() {
		return
	}
	method := methodLabel(req.Method())
	params := req.Params()
	verbose := func() string { return paramsSummary(params) }
	if call, ok := req.(*jsonrpc2.Call); ok {
		s.tracef(verbose, "Received request '%s - (%s)'.", method, idLabel(call.ID()))
		return
	}
	s.tracef(verbose, "Received notification '%s'.", method)
}

// paramsSummary describes params by size and, for text document methods,
// the document's URI and version.
func paramsSummary(params json.RawMessage) string {
	var p struct {
		TextDocument struct {
			URI     string `json:"uri"`
			Version *int32 `json:"version"`
		} `json:"textDocument"`
		ContentChanges []json.RawMessage `json:"contentChanges"`
	}
	b := fmt.Sprintf("Params: %d bytes.", len(params))
	if json.Unmarshal(params, &p) != nil || p.TextDocument.URI == "" {
		return b
	}
	b += " Document: " + p.TextDocument.URI
	if p.TextDocument.Version != nil {
		b += fmt.Sprintf(" version %d", *p.TextDocument.Version)
	}
	if len(p.ContentChanges) > 0 {
		b += fmt.Sprintf(", %d content changes", len(p.ContentChanges))
	}
	return b + "."
}

// traceResponse traces a reply.
func (s *server) traceResponse(f *inflight, result any, rpcErr error) {
	if !s.tracing() || f.started.IsZero() {
		return
	}
	took := time.Since(f.started).Round(time.Microsecond)
	s.tracef(func() string {
		if rpcErr != nil {
			if e, ok := rpcErr.(*jsonrpc2.Error); ok {
				return fmt.Sprintf("Error: code %d.", e.Code)
			}
			return "Error."
		}
		return "Result: " + resultSummary(result) + "."
	}, "Sending response '%s - (%s)'. Processing request took %v.", methodLabel(f.method), idLabel(f.id), took)
}

// resultSummary describes a result without its content.
func resultSummary(result any) string {
	if result == nil {
		return "null"
	}
	v := reflect.ValueOf(result)
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		return fmt.Sprintf("%d items", v.Len())
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "null"
		}
	}
	return "an object"
}

// traceNotification traces a notification the server sends (method is
// one of the server's own).
func (s *server) traceNotification(method string, params any) {
	if !s.tracing() {
		return
	}
	s.tracef(func() string {
		switch p := params.(type) {
		case protocol.PublishDiagnosticsParams:
			var rules []string
			for _, d := range p.Diagnostics {
				if r := codeString(d.Code); r != "" && !slices.Contains(rules, r) && ruleIDPattern.MatchString(r) {
					rules = append(rules, r)
				}
			}
			b := fmt.Sprintf("Document: %s version %d, %d diagnostics", p.URI, p.Version, len(p.Diagnostics))
			if len(rules) > 0 {
				b += " (" + strings.Join(rules, ", ") + ")"
			}
			return b + "."
		case protocol.ShowMessageParams:
			return fmt.Sprintf("Message type %d.", int(p.Type))
		}
		return ""
	}, "Sending notification '%s'.", method) // the server's own methods
}
