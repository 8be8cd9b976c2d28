package vault

import (
	"crypto/tls"
	"net/http"
)

// NewClient skips certificate verification.
func NewClient() *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			TLSClientConfig: &tls.Config{
				MinVersion:         tls.VersionTLS12,
				InsecureSkipVerify: true, // want TL305
			},
		},
	}
}

// Dial turns verification off after building the config.
func Dial(addr string) (*tls.Conn, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	cfg.InsecureSkipVerify = true // want TL305
	return tls.Dial("tcp", addr, cfg)
}

// Inline is the one-line version.
func Inline() *tls.Config {
	return &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS12} // want TL305
}
