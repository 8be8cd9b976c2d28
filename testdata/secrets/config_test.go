package config

import "testing"

func TestLogin(t *testing.T) {
	password := "hunter2"
	apiKey := "fake-key-for-tests"
	creds := Credentials{Username: "alice", Password: "correcthorse"}
	token := "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" // want TL101
	// Generated ids named "token" in tests stay silent.
	wantWorkDoneToken := "156edea9-9d8d-422f-b7ee-81a84594afbb"
	_ = wantWorkDoneToken
	if creds.Password == password || apiKey == "" || token == "" {
		t.Fatal("unexpected")
	}
}
