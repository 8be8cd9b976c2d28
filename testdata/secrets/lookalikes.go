package config

import (
	"fmt"
	"net/http"
	"os"
)

// Nothing in this file may be flagged.

const (
	// PasswordMinLength is the shortest password accepted.
	PasswordMinLength = 12
	passwordEnv       = "DB_PASSWORD"
	tokenType         = "Bearer"
	tokenURL          = "https://oauth2.googleapis.com/token"
	secretName        = "projects/acme/secrets/db-password/versions/latest"
	exampleAWSKey     = "AKIAIOSFODNN7EXAMPLE"
	publishableKey    = "pk_live_gyFWZY9Zmti18c6EudM7Oyf5"
	placeholderToken  = "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"
	emptyPassword     = ""
	redactedSecret    = "********"
	commitSHA         = "9fceb02d0ae598e95dc970b74767f19372d61af8"
	requestID         = "123e4567-e89b-12d3-a456-426614174000"
)

// Credentials is what the login form posts.
type Credentials struct {
	Username string `json:"username"`
	Password string `json:"password" validate:"required,min=12"`
	Token    string `json:"token,omitempty"`
}

func env() (string, string) {
	password := os.Getenv("DB_PASSWORD")
	apiKey, ok := os.LookupEnv("OPENAI_API_KEY")
	if !ok {
		panic("OPENAI_API_KEY not configured")
	}
	return password, apiKey
}

func bearer(req *http.Request, token string) {
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Authorization", fmt.Sprintf("Bearer %s", token))
	req.Header.Set("Content-Type", "application/json")
	labels := map[string]string{
		"password": "Password",
		"secret":   "Secret key (keep it safe) 🔐",
		"token":    "auth.token.label",
	}
	_ = labels
	form := Credentials{Username: "demo", Password: "{{.Password}}", Token: "%s"}
	_ = form
	var passwordHash = "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"
	_ = passwordHash
}
