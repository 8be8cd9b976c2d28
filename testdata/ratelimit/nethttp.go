// Package auth wires login endpoints the way an assistant writes them with
// net/http and chi.
package auth

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/httprate"
	"golang.org/x/crypto/bcrypt"
)

type credentials struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// Routes registers the auth endpoints.
func Routes(mux *http.ServeMux, s *Server) {
	mux.HandleFunc("/login", s.handleLogin)                     // want TL207
	mux.HandleFunc("POST /api/password/reset", s.resetPassword) // want TL207
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("/logout", s.handleLogout)
	mux.HandleFunc("/login-page", s.loginPage)
	mux.HandleFunc("/signin", s.signinForm)
	mux.HandleFunc("POST /api/orders", s.createOrder)
}

// Server holds the handlers' dependencies.
type Server struct {
	users map[string][]byte
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	var c credentials
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if bcrypt.CompareHashAndPassword(s.users[c.Email], []byte(c.Password)) != nil {
		http.Error(w, "invalid credentials", http.StatusUnauthorized)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	w.WriteHeader(http.StatusAccepted)
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	_, _ = w.Write([]byte("<form method=post action=/login>...</form>"))
}

// signinForm only renders the page: it reads nothing from the request.
func (s *Server) signinForm(w http.ResponseWriter, r *http.Request) {
	_, _ = w.Write([]byte("<form method=post>...</form>"))
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: "session", MaxAge: -1})
}

func (s *Server) createOrder(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusCreated)
}

// ChiRoutes mixes limited and unlimited chi routes.
func ChiRoutes(s *Server) http.Handler {
	r := chi.NewRouter()
	r.Post("/auth/verify-otp", s.verifyOTP) // want TL207
	r.With(httprate.LimitByIP(5, time.Minute)).Post("/auth/login", s.handleLogin)
	r.Group(func(r chi.Router) {
		r.Use(httprate.LimitByIP(10, time.Minute))
		r.Post("/auth/forgot-password", s.resetPassword)
	})
	r.Get("/auth/login", s.loginPage)
	return r
}

func (s *Server) verifyOTP(w http.ResponseWriter, r *http.Request) {
	code := r.FormValue("code")
	_ = code
}
