// Package repo is a lib/pq repository with values formatted into the SQL;
// the fix passes them as $1, $2 parameters and drops the unused fmt import.
package repo

import (
	"context"
	"database/sql"
	"fmt"

	_ "github.com/lib/pq"
)

// Repo wraps the database handle.
type Repo struct {
	db *sql.DB
}

// Email returns a user's email.
func (r *Repo) Email(ctx context.Context, name string) (string, error) {
	var email string
	err := r.db.QueryRowContext(ctx, fmt.Sprintf("SELECT email FROM users WHERE name = '%s'", name)).Scan(&email) // want TL501
	return email, err
}

// Deactivate switches a user off.
func (r *Repo) Deactivate(id int, reason string) error {
	_, err := r.db.Exec("UPDATE users SET active = false, reason = '" + reason + "' WHERE id = " + fmt.Sprint(id)) // want TL501
	return err
}

// Count counts one tenant's rows.
func (r *Repo) Count(tenant string) (int, error) {
	var n int
	query := fmt.Sprintf("SELECT COUNT(*) FROM events WHERE tenant = '%s' AND kind <> 'debug'", tenant)
	err := r.db.QueryRow(query).Scan(&n) // want TL501
	return n, err
}
