package api

import (
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"os"

	"github.com/sirupsen/logrus"
	"go.uber.org/zap"
)

type Config struct {
	APIKey     string
	DBPassword string
	Region     string
}

var githubToken = os.Getenv("GITHUB_TOKEN")

func Login(w http.ResponseWriter, r *http.Request, logger *zap.Logger) {
	email := r.FormValue("email")
	password := r.FormValue("password")
	log.Printf("login attempt %s with password %s", email, password) // want TL105
	fmt.Println("password:", r.FormValue("password"))                // want TL105
	auth := r.Header.Get("Authorization")
	slog.Info("request", "path", r.URL.Path, "auth", auth)        // want TL105
	logger.Info("login", zap.String("password", password))        // want TL105
	logrus.WithField("token", githubToken).Info("calling GitHub") // want TL105
	if password == "" {
		http.Error(w, "missing password", http.StatusBadRequest)
		return
	}
}

func Connect(cfg Config) error {
	log.Println("connecting with key " + cfg.APIKey) // want TL105
	tok := os.Getenv("SLACK_BOT_TOKEN")
	fmt.Printf("slack token=%s\n", tok) // want TL105
	if cfg.DBPassword == "" {
		return errors.New("db password not set")
	}
	return fmt.Errorf("connect failed for password %q", cfg.DBPassword) // want TL105
}

func Debug(r *http.Request, cfg struct{ ClientSecret string }) {
	log.Println(r.Header["Cookie"])                    // want TL105
	fmt.Printf("%v\n", cfg.ClientSecret)               // want TL105
	log.Println(os.Getenv("AWS_SECRET_ACCESS_KEY"))    // want TL105
	fmt.Fprintf(os.Stderr, "token: %s\n", githubToken) // want TL105
}

// --- silent ---

func Safe(cfg Config, token string, logger *zap.Logger, w http.ResponseWriter) {
	log.Printf("api key length: %d", len(cfg.APIKey))
	log.Printf("region %s", cfg.Region)
	slog.Info("config", "hasPassword", cfg.DBPassword != "")
	logger.Info("token", zap.Int("tokenLength", len(token)))
	fmt.Println("password reset sent")
	log.Printf("token suffix %s", token[len(token)-4:])
	tokenType := "Bearer"
	fmt.Println(tokenType)
	tok := scan()
	log.Println(tok)
	log.Printf("token=%s", maskToken(token))
	fmt.Fprintf(w, "token: %s", "ok")
	err := errors.New("invalid token")
	_ = err
}
