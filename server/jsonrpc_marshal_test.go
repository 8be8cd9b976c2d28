package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// TestMarshalMessage checks that marshalMessage writes what json.Marshal
// wrote for every kind of message: valid JSON, byte for byte.
func TestMarshalMessage(t *testing.T) {
	params := protocol.PublishDiagnosticsParams{
		URI: "file:///work/a.js", Version: 3,
		Diagnostics: []protocol.Diagnostic{{Message: "a \"quoted\" <secret> \u2028 message", Code: "TL101", Source: "trustlint"}},
	}
	note, err := jsonrpc2.NewNotification("textDocument/publishDiagnostics", params)
	if err != nil {
		t.Fatal(err)
	}
	call, err := jsonrpc2.NewCall(jsonrpc2.NewNumberID(7), "workspace/configuration", map[string]any{"items": []any{}})
	if err != nil {
		t.Fatal(err)
	}
	reply, err := jsonrpc2.NewResponse(jsonrpc2.NewStringID("x"), []int{1, 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	failed, err := jsonrpc2.NewResponse(jsonrpc2.NewNumberID(8), nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, "bad"))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := jsonrpc2.NewResponse(jsonrpc2.NewNumberID(9), nil, errors.New("plain"))
	if err != nil {
		t.Fatal(err)
	}
	for _, msg := range []jsonrpc2.Message{note, call, reply, failed, plain} {
		got, err := marshalMessage(msg)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(msg)
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(got) || !bytes.Equal(got, want) {
			t.Errorf("%T: marshalMessage\n %s\nwant\n %s", msg, got, want)
		}
	}
}
