package store

import (
	"database/sql"
	"fmt"
	"os"

	"github.com/redis/go-redis/v9"
)

const dsn = "postgres://billing:Vb7nM2qX9wLk@billing-db.acme-prod.com:5432/billing?sslmode=require" // want TL104

func Open() (*sql.DB, error) {
	db, err := sql.Open("mysql", "api:Qz4xW8vN2mPk@tcp(mysql.acme-prod.com:3306)/api?parseTime=true") // want TL104
	if err != nil {
		return nil, err
	}
	return db, nil
}

func Cache() *redis.Client {
	opt, _ := redis.ParseURL("redis://default:Gh5jK9lP3oIu@redis.acme-prod.com:6379/0") // want TL104
	return redis.NewClient(opt)
}

// --- silent ---

func FromEnv() (*sql.DB, error) {
	return sql.Open("postgres", os.Getenv("DATABASE_URL"))
}

func Built(user, pass, host string) string {
	return fmt.Sprintf("postgres://%s:%s@%s:5432/app", user, pass, host)
}

var localDSN = "root:root@tcp(127.0.0.1:3306)/test"
var composeDSN = "postgres://postgres:postgres@postgres:5432/app?sslmode=disable"
var docDSN = "user:password@tcp(localhost:3306)/dbname"
var exampleURL = "https://user:Vb7nM2qX9wLk@example.com/path"
