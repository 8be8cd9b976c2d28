// Package vault is Go encryption code an assistant wrote for a backend.
package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/rc4"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
)

var fixedNonce = []byte("unique-nonce")

var aesKey = []byte("0123456789abcdef0123456789abcdef") // want TL303

// EncryptDES uses DES.
func EncryptDES(key, plaintext []byte) ([]byte, error) {
	block, err := des.NewCipher(key) // want TL301
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(plaintext))
	cipher.NewCBCEncrypter(block, []byte("12345678")).CryptBlocks(out, plaintext) // want TL302
	return out, nil
}

// EncryptTripleDES uses 3DES.
func EncryptTripleDES(key []byte) (cipher.Block, error) {
	return des.NewTripleDESCipher(key) // want TL301
}

// StreamRC4 uses RC4.
func StreamRC4(key, data []byte) ([]byte, error) {
	c, err := rc4.NewCipher(key) // want TL301
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(data))
	c.XORKeyStream(out, data)
	return out, nil
}

// EncryptECB encrypts block by block: ECB.
func EncryptECB(key, data []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, len(data))
	for i := 0; i+aes.BlockSize <= len(data); i += aes.BlockSize {
		block.Encrypt(out[i:i+aes.BlockSize], data[i:i+aes.BlockSize]) // want TL301
	}
	return out, nil
}

// SealStatic reuses a package-level nonce.
func SealStatic(plaintext []byte) ([]byte, error) {
	block, err := aes.NewCipher(aesKey)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return gcm.Seal(nil, fixedNonce, plaintext, nil), nil // want TL302
}

// SealZero never fills its nonce.
func SealZero(key, plaintext []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	return gcm.Seal(nonce, nonce, plaintext, nil), nil // want TL302
}

// Sign signs with a literal HMAC key.
func Sign(msg []byte) string {
	mac := hmac.New(sha256.New, []byte("hmac-signing-key-2024")) // want TL303
	mac.Write(msg)
	return hex.EncodeToString(mac.Sum(nil))
}

// LegacySignature hashes a secret and a payload with MD5.
func LegacySignature(secret, payload string) string {
	sum := md5.Sum([]byte(secret + payload)) // want TL306
	return hex.EncodeToString(sum[:])
}

// Seal is the right way: a random nonce per message, prepended.
func Seal(key, plaintext []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := io.ReadFull(rand.Reader, nonce); err != nil {
		return nil, err
	}
	return gcm.Seal(nonce, nonce, plaintext, nil), nil
}

// Open reads the nonce from the ciphertext.
func Open(key, data []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	if len(data) < gcm.NonceSize() {
		return nil, errors.New("short ciphertext")
	}
	return gcm.Open(nil, data[:gcm.NonceSize()], data[gcm.NonceSize():], nil)
}

// EncryptCBC uses a random IV at the front of the output.
func EncryptCBC(key, plaintext []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, aes.BlockSize+len(plaintext))
	iv := out[:aes.BlockSize]
	if _, err := io.ReadFull(rand.Reader, iv); err != nil {
		return nil, err
	}
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(out[aes.BlockSize:], plaintext)
	return out, nil
}

// KeyFromEnv reads the HMAC key from the environment.
func KeyFromEnv(msg []byte) []byte {
	mac := hmac.New(sha256.New, []byte(os.Getenv("HMAC_SECRET")))
	mac.Write(msg)
	return mac.Sum(nil)
}

// ETag is a cache validator, not a security use.
func ETag(body []byte) string {
	etag := sha1.Sum(body)
	return hex.EncodeToString(etag[:])
}

// EncryptBlock encrypts one block (key wrapping), not in a loop.
func EncryptBlock(block cipher.Block, dst, src []byte) {
	block.Encrypt(dst, src)
}
