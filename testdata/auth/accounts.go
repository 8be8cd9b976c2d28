// Package accounts is the login and token code an assistant wrote for a Go
// API.
package accounts

import (
	"bytes"
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"os"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/crypto/pbkdf2"
	"golang.org/x/crypto/scrypt"
)

const hashCost = 10

// User is a stored account.
type User struct {
	Email        string
	PasswordHash string
	APIKey       string
}

// Claims are the token's claims.
type Claims struct {
	UserID string `json:"uid"`
	jwt.RegisteredClaims
}

// HashPassword hashes a new password.
func HashPassword(password string) ([]byte, error) {
	return bcrypt.GenerateFromPassword([]byte(password), hashCost) // want TL201
}

// HashDefault uses the library default, 10.
func HashDefault(password string) ([]byte, error) {
	return bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost) // want TL201
}

// HashStrong is fine.
func HashStrong(password string) ([]byte, error) {
	return bcrypt.GenerateFromPassword([]byte(password), 12)
}

// CheckPassword compares the way the assistant wrote it.
func CheckPassword(u *User, password string) bool {
	hash, _ := bcrypt.GenerateFromPassword([]byte(password), 12)
	return string(hash) == u.PasswordHash // want TL203
}

// CheckPasswordBytes compares a fresh hash with bytes.Equal.
func CheckPasswordBytes(stored []byte, password string) bool {
	fresh, err := bcrypt.GenerateFromPassword([]byte(password), 14)
	if err != nil {
		return false
	}
	return bytes.Equal(fresh, stored) // want TL203
}

// CheckPasswordRight is the library's compare.
func CheckPasswordRight(u *User, password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) == nil
}

// DeriveKey uses PBKDF2 with too few iterations.
func DeriveKey(password, salt []byte) []byte {
	return pbkdf2.Key(password, salt, 4096, 32, sha256.New) // want TL201
}

// DeriveScrypt uses the 2017 interactive parameters.
func DeriveScrypt(password, salt []byte) ([]byte, error) {
	return scrypt.Key(password, salt, 1<<15, 8, 1, 32) // want TL201
}

// DeriveArgon2 is within OWASP's figures.
func DeriveArgon2(password, salt []byte) []byte {
	return argon2.IDKey(password, salt, 1, 64*1024, 4, 32)
}

// DeriveArgon2i uses argon2i.
func DeriveArgon2i(password, salt []byte) []byte {
	return argon2.Key(password, salt, 3, 32*1024, 4, 32) // want TL201
}

// LegacyHash is what an old system stored.
func LegacyHash(password string) string {
	sum := md5.Sum([]byte(password)) // want TL204
	return hex.EncodeToString(sum[:])
}

// ContentHash hashes a document, not a password.
func ContentHash(body []byte) [32]byte {
	return sha256.Sum256(body)
}

// VerifyWebhook checks a signature the timing-unsafe way.
func VerifyWebhook(r *http.Request, body []byte) bool {
	mac := hmac.New(sha256.New, []byte(os.Getenv("WEBHOOK_SECRET")))
	mac.Write(body)
	expected := hex.EncodeToString(mac.Sum(nil))
	return r.Header.Get("X-Signature") == expected // want TL202
}

// RequireAPIKey compares an API key.
func RequireAPIKey(r *http.Request, u *User) error {
	if r.Header.Get("X-Api-Key") != u.APIKey { // want TL202
		return errors.New("unauthorized")
	}
	return nil
}

// VerifyRight uses hmac.Equal.
func VerifyRight(sig, body []byte) bool {
	mac := hmac.New(sha256.New, []byte(os.Getenv("WEBHOOK_SECRET")))
	mac.Write(body)
	return hmac.Equal(sig, mac.Sum(nil))
}

// KeyMatches is constant-time already.
func KeyMatches(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// Shapes are presence checks.
func Shapes(token, signature string, u *User) bool {
	if token == "" || len(signature) != 64 || u.APIKey == "" {
		return false
	}
	return u.Email == "admin@example.com"
}

// Issue signs a token with no expiry.
func Issue(userID string) (string, error) {
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": userID}) // want TL205
	return token.SignedString([]byte(os.Getenv("JWT_SECRET")))
}

// IssueClaims signs custom claims with no expiry.
func IssueClaims(userID string) (string, error) {
	claims := &Claims{UserID: userID}
	token := jwt.NewWithClaims(jwt.SigningMethodHS256, claims) // want TL205
	return token.SignedString([]byte(os.Getenv("JWT_SECRET")))
}

// IssueRight expires.
func IssueRight(userID string) (string, error) {
	claims := Claims{
		UserID: userID,
		RegisteredClaims: jwt.RegisteredClaims{
			ExpiresAt: jwt.NewNumericDate(time.Now().Add(15 * time.Minute)),
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(os.Getenv("JWT_SECRET")))
}

// Parse does not check the algorithm.
func Parse(tokenString string) (*jwt.Token, error) {
	return jwt.Parse(tokenString, func(t *jwt.Token) (interface{}, error) { // want TL206
		return []byte(os.Getenv("JWT_SECRET")), nil
	})
}

// ParseRight pins the method.
func ParseRight(tokenString string) (*jwt.Token, error) {
	return jwt.Parse(tokenString, func(t *jwt.Token) (interface{}, error) {
		if _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok {
			return nil, errors.New("unexpected signing method")
		}
		return []byte(os.Getenv("JWT_SECRET")), nil
	})
}

// ParseOptions pins the method with an option.
func ParseOptions(tokenString string) (*jwt.Token, error) {
	return jwt.Parse(tokenString, func(t *jwt.Token) (interface{}, error) {
		return []byte(os.Getenv("JWT_SECRET")), nil
	}, jwt.WithValidMethods([]string{"HS256"}))
}

// Peek reads claims without verifying.
func Peek(tokenString string) (jwt.MapClaims, error) {
	claims := jwt.MapClaims{}
	_, _, err := jwt.NewParser().ParseUnverified(tokenString, claims) // want TL206
	return claims, err
}
