package config

import (
	"database/sql"
	"net/http"
	"os"
)

// Keys the assistant "temporarily" inlined. ⚠️ 本番用
const stripeSecretKey = "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" // want TL101

const (
	githubToken = `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` // want TL101
	region      = "us-east-1"
	dbPassword  = "Sup3rS3cret!" // want TL102
)

var (
	awsKeyID, awsSecretAccessKey = "AKIABZNFD24IS7DIK62V", "uCZz8xBfZuXTptFyfePpX6N1NF2XV54wca/7E56w"              // want TL101 TL102
	slackToken                   = "xoxp-253287046557-210141561836-5461073587355-f0d7c1c1e21862ab8a18a8902073fec8" // want TL101
)

// Config holds the service settings.
type Config struct {
	Host     string
	User     string
	Password string
	APIKey   string
}

func Load() (*Config, error) {
	cfg := &Config{
		Host:     "db.internal",
		User:     "app",
		Password: "pa55w0rd-prod", // want TL102
		APIKey:   os.Getenv("API_KEY"),
	}
	apiSecret := "b1946ac92492d2347c62" // want TL102
	cfg.APIKey = "f3a9d1c7e5b2" + apiSecret
	var jwtSecret string
	jwtSecret = "my-jwt-signing-s3cret" // want TL102
	_ = jwtSecret
	return cfg, nil
}

var jwtKey = []byte("my_secret_key") // want TL102

func Open() (*sql.DB, error) {
	secrets := map[string]string{
		"password":   "r00tPassw0rd",                     // want TL102
		"api_key":    "7d793037a0760186574b0282f2f435e7", // want TL102
		"passwordId": "42",
	}
	os.Setenv("DB_PASSWORD", "hunter2hunter2") // want TL102
	return sql.Open("postgres", "host=db user=app dbname=shop sslmode=disable "+secrets["password"])
}

func Call(req *http.Request) {
	req.Header.Set("Authorization", "Bearer sk-test-1234") // want TL102
	req.Header.Add("X-API-Key", "0f9e8d7c6b5a4f3e2d1c")    // want TL102
	req.SetBasicAuth("admin", os.Getenv("ADMIN_PASSWORD"))
}
