package vault

import (
	"math/rand"
	"strconv"
	"time"
)

const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// GenerateToken builds a session token.
func GenerateToken(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = letters[rand.Intn(len(letters))] // want TL304
	}
	return string(b)
}

// NewOTP returns a six-digit one-time code.
func NewOTP() string {
	otp := rand.Intn(900000) + 100000 // want TL304
	return strconv.Itoa(otp)
}

// Backoff sleeps with jitter before a retry.
func Backoff(attempt int) {
	jitter := time.Duration(rand.Intn(100)) * time.Millisecond
	time.Sleep(time.Duration(1<<attempt)*time.Second + jitter)
}

// Shuffle reorders a playlist.
func Shuffle(tracks []string) {
	rand.Shuffle(len(tracks), func(i, j int) { tracks[i], tracks[j] = tracks[j], tracks[i] })
}

// PickServer spreads load across servers.
func PickServer(servers []string) string {
	return servers[rand.Intn(len(servers))]
}
