// Package store is a Go data layer an assistant wrote on database/sql and
// lib/pq, with values formatted into the SQL text.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	_ "github.com/lib/pq"
)

const userColumns = "id, name, email"

// Store wraps the database handle.
type Store struct {
	db *sql.DB
}

// User is one row of users.
type User struct {
	ID    int
	Name  string
	Email string
}

// UserByEmail looks a user up by email.
func (s *Store) UserByEmail(email string) (*User, error) {
	var u User
	row := s.db.QueryRow(fmt.Sprintf("SELECT %s FROM users WHERE email = '%s'", userColumns, email)) // want TL501
	if err := row.Scan(&u.ID, &u.Name, &u.Email); err != nil {
		return nil, fmt.Errorf("user by email: %w", err)
	}
	return &u, nil
}

// DeleteOrder removes an order.
func (s *Store) DeleteOrder(ctx context.Context, id string) error {
	_, err := s.db.ExecContext(ctx, "DELETE FROM orders WHERE id = "+id) // want TL501
	return err
}

// Search finds products by name.
func (s *Store) Search(ctx context.Context, term, sort string) (*sql.Rows, error) {
	query := "SELECT id, title FROM products WHERE title ILIKE '%" + term + "%'"
	query += " ORDER BY " + sort
	return s.db.QueryContext(ctx, query) // want TL501
}

// Rename updates a user's name.
func (s *Store) Rename(id int, name string) error {
	q := fmt.Sprintf(`UPDATE users SET name = '%s' WHERE id = %d`, name, id)
	_, err := s.db.Exec(q) // want TL501
	return err
}

// Look-alikes that must stay silent.

// UserByID uses a placeholder.
func (s *Store) UserByID(ctx context.Context, id int) (*User, error) {
	var u User
	err := s.db.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE id = $1", id).Scan(&u.ID, &u.Name, &u.Email)
	if err != nil {
		return nil, fmt.Errorf("user %d: %w", id, err)
	}
	return &u, nil
}

// ByIDs expands one placeholder per id.
func (s *Store) ByIDs(ids []int) (*sql.Rows, error) {
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i] = "$" + strconv.Itoa(i+1)
		args[i] = id
	}
	query := fmt.Sprintf("SELECT %s FROM users WHERE id IN (%s)", userColumns, strings.Join(marks, ", "))
	return s.db.Query(query, args...)
}

// Filter builds its WHERE clause from constant conditions.
func (s *Store) Filter(status string, minTotal int) (*sql.Rows, error) {
	var conds []string
	var args []any
	if status != "" {
		args = append(args, status)
		conds = append(conds, "status = $"+strconv.Itoa(len(args)))
	}
	if minTotal > 0 {
		args = append(args, minTotal)
		conds = append(conds, "total >= $2")
	}
	q := "SELECT id FROM orders"
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	return s.db.Query(q, args...)
}

// Sorted orders by an allowlisted column.
func (s *Store) Sorted(column string) (*sql.Rows, error) {
	allowed := map[string]bool{"name": true, "email": true}
	if !allowed[column] {
		column = "id"
	}
	switch column {
	case "name", "email":
	default:
		return nil, fmt.Errorf("unknown column %q", column)
	}
	return s.db.Query("SELECT id FROM users ORDER BY " + column)
}

// Describe returns SQL for logs, never run.
func Describe(table string, id int) string {
	return fmt.Sprintf("SELECT * FROM %s WHERE id = %d", table, id)
}

// CacheKey formats a key for a cache that happens to have a Get method.
func CacheKey(c interface{ Get(string) string }, id string) string {
	return c.Get(fmt.Sprintf("user:%s", id))
}
