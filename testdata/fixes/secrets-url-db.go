package store

import (
	"database/sql"
)

const dsn = "postgres://billing:Vb7nM2qX9wLk@billing-db.acme-prod.com:5432/billing?sslmode=require" // want TL104

func Open() (*sql.DB, error) {
	return sql.Open("postgres", dsn)
}

func OpenMySQL() (*sql.DB, error) {
	db, err := sql.Open("mysql", "api:Qz4xW8vN2mPk@tcp(mysql.acme-prod.com:3306)/api?parseTime=true") // want TL104
	if err != nil {
		return nil, err
	}
	return db, nil
}
