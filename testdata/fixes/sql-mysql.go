// Package shop is a go-sql-driver/mysql data layer; the fix uses ?
// placeholders and keeps fmt, which the file still needs.
package shop

import (
	"database/sql"
	"fmt"

	_ "github.com/go-sql-driver/mysql"
)

// ProductName looks a product up.
func ProductName(db *sql.DB, sku string) (string, error) {
	var name string
	if err := db.QueryRow(fmt.Sprintf("SELECT name FROM products WHERE sku = '%s'", sku)).Scan(&name); err != nil { // want TL501
		return "", fmt.Errorf("product %s: %w", sku, err)
	}
	return name, nil
}

// Restock adds stock.
func Restock(db *sql.DB, sku string, qty int) error {
	_, err := db.Exec(fmt.Sprintf("UPDATE products SET stock = stock + %d WHERE sku = '%s'", qty, sku)) // want TL501
	return err
}
