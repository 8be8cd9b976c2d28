package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
)

var aesKey = []byte("0123456789abcdef0123456789abcdef") // want TL303

// NewAEAD builds the AEAD from the package key.
func NewAEAD() (cipher.AEAD, error) {
	block, err := aes.NewCipher(aesKey)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// Sign signs with a literal HMAC key.
func Sign(msg []byte) []byte {
	mac := hmac.New(sha256.New, []byte("hmac-signing-key-2024")) // want TL303
	mac.Write(msg)
	return mac.Sum(nil)
}
