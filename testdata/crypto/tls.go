package vault

import (
	"crypto/tls"
	"net/http"
)

// NewClient skips certificate verification "for the self-signed staging cert".
func NewClient() *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			TLSClientConfig: &tls.Config{
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

// InlineConfig is the one-line version.
func InlineConfig() *tls.Config {
	return &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS12} // want TL305
}

// SecureClient keeps verification on.
func SecureClient() *http.Client {
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: false}}}
}
