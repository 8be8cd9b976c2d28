package config

import "testing"

func TestLogin(t *testing.T) {
	password := "hunter2"
	apiKey := "fake-key-for-tests"
	creds := Credentials{Username: "alice", Password: "correcthorse"}
	token := "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" // want TL101
	if creds.Password == password || apiKey == "" || token == "" {
		t.Fatal("unexpected")
	}
}
