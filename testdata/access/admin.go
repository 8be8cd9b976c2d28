// Package admin holds HTTP handlers an assistant wrote for an admin area.
package admin

import (
	"database/sql"
	"encoding/json"
	"net/http"
)

// User is the authenticated user the session middleware stores.
type User struct {
	ID      int64
	Role    string
	IsAdmin bool
	OrgID   int64
}

// Order is one row of orders.
type Order struct {
	ID    int64
	Total int64
}

// Handler serves the admin endpoints.
type Handler struct {
	DB *sql.DB
}

func currentUser(r *http.Request) User {
	u, _ := r.Context().Value(userKey{}).(User)
	return u
}

type userKey struct{}

// Orders lists orders.
func (h *Handler) Orders(w http.ResponseWriter, r *http.Request) {
	user := currentUser(r)
	if user.Role == "admin" { // want TL401
		rows, err := h.DB.Query("SELECT id, total FROM orders")
		if err != nil {
			http.Error(w, "query failed", http.StatusInternalServerError)
			return
		}
		defer rows.Close()
		json.NewEncoder(w).Encode(scanOrders(rows))
		return
	}
	http.Error(w, "forbidden", http.StatusForbidden)
}

// Export exports everything for an admin named in the query string.
func (h *Handler) Export(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("role") == "admin" { // want TL401
		rows, _ := h.DB.Query("SELECT id, total FROM orders WHERE archived = false")
		defer rows.Close()
		json.NewEncoder(w).Encode(scanOrders(rows))
	}
}

// Look-alikes that must stay silent.

// OrgOrders lists the admin's organisation's orders.
func (h *Handler) OrgOrders(w http.ResponseWriter, r *http.Request) {
	user := currentUser(r)
	if user.IsAdmin {
		rows, err := h.DB.Query("SELECT id, total FROM orders WHERE org_id = $1", user.OrgID)
		if err != nil {
			http.Error(w, "query failed", http.StatusInternalServerError)
			return
		}
		defer rows.Close()
		json.NewEncoder(w).Encode(scanOrders(rows))
	}
}

// RequireAdmin rejects non-admins.
func RequireAdmin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if currentUser(r).Role != "admin" {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func scanOrders(rows *sql.Rows) []Order {
	var out []Order
	for rows.Next() {
		var o Order
		if rows.Scan(&o.ID, &o.Total) == nil {
			out = append(out, o)
		}
	}
	return out
}
