package accounts

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"os"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"
)

const cost = 10

// User is a stored account.
type User struct {
	PasswordHash string
	APIKey       string
}

// Claims are a token's claims.
type Claims struct {
	UserID string
	jwt.RegisteredClaims
}

// Hash hashes a new password.
func Hash(password string) ([]byte, error) {
	return bcrypt.GenerateFromPassword([]byte(password), cost) // want TL201
}

// Check is the assistant's comparison.
func Check(u *User, password string) bool {
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost) // want TL201
	if err != nil {
		return false
	}
	return string(hash) == u.PasswordHash // want TL203
}

// Webhook compares a signature.
func Webhook(r *http.Request, body []byte) bool {
	mac := hmac.New(sha256.New, []byte(os.Getenv("WEBHOOK_SECRET")))
	mac.Write(body)
	expected := hex.EncodeToString(mac.Sum(nil))
	return r.Header.Get("X-Signature") == expected // want TL202
}

// APIKey compares a key.
func APIKey(r *http.Request, u *User) bool {
	return r.Header.Get("X-Api-Key") != u.APIKey // want TL202
}

// Issue signs a token.
func Issue(userID string) (string, error) {
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{ // want TL205
		"sub": userID,
	})
	return token.SignedString([]byte(os.Getenv("JWT_SECRET")))
}

// IssueClaims signs custom claims.
func IssueClaims(userID string) (string, error) {
	return jwt.NewWithClaims(jwt.SigningMethodHS256, &Claims{UserID: userID}).SignedString([]byte(os.Getenv("JWT_SECRET"))) // want TL205
}
