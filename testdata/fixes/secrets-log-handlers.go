package api

import (
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"os"

	"go.uber.org/zap"
)

var githubToken = os.Getenv("GITHUB_TOKEN")

func Login(w http.ResponseWriter, r *http.Request, logger *zap.Logger) error {
	email := r.FormValue("email")
	password := r.FormValue("password")
	if password == "" {
		return fmt.Errorf("missing password for %s", email)
	}
	log.Printf("login attempt %s with password %s", email, password)                   // want TL105
	slog.Info("login", "email", email, "authorization", r.Header.Get("Authorization")) // want TL105
	logger.Debug("login", zap.String("password", password))                            // want TL105
	fmt.Println("using token " + githubToken)                                          // want TL105
	if err := check(email, password); err != nil {
		return fmt.Errorf("login failed for %s (password %q): %w", email, password, err) // want TL105
	}
	return nil
}

// Audit logs a token that only the log reads: the fix would leave it
// unused, so it is reported without an automatic fix.
func Audit() {
	token := os.Getenv("AUDIT_TOKEN")
	log.Println("audit token", token) // want TL105
}

func check(email, password string) error { return nil }
