// Package billing is Go code an assistant wrote for a payments backend: a
// Stripe key and a database password pasted as literals.
package billing

import (
	"errors"
	"os"
)

const stripeSecretKey = "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" // want TL101

var dbPassword = "Vq8!zR3#mT6pLw" // want TL102

// DatabasePassword is what the assistant's connection code called.
func DatabasePassword() string { return dbPassword }

// StripeKey returns the key the way it should be done: from the
// environment, failing loudly when it is missing.
func StripeKey() (string, error) {
	key := os.Getenv("STRIPE_SECRET_KEY")
	if key == "" {
		return "", errors.New("STRIPE_SECRET_KEY not configured")
	}
	return key, nil
}

// LegacyKey is what the rest of the assistant's code called.
func LegacyKey() string { return stripeSecretKey }
