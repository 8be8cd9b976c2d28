// Package api is a gin API with a login route.
package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"golang.org/x/crypto/bcrypt"
)

type loginRequest struct {
	Email    string `json:"email" binding:"required"`
	Password string `json:"password" binding:"required"`
}

// Register adds the routes.
func Register(r *gin.Engine, store Store) {
	r.POST("/api/v1/auth/login", func(c *gin.Context) { // want TL207
		var req loginRequest
		if err := c.ShouldBindJSON(&req); err != nil {
			c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
			return
		}
		hash, err := store.PasswordHash(req.Email)
		if err != nil || bcrypt.CompareHashAndPassword(hash, []byte(req.Password)) != nil {
			c.JSON(http.StatusUnauthorized, gin.H{"error": "invalid credentials"})
			return
		}
		c.JSON(http.StatusOK, gin.H{"ok": true})
	})
	r.Handle("POST", "/api/v1/auth/2fa", verify2FA(store)) // want TL207
	r.POST("/api/v1/auth/2fa/setup", setup2FA(store))
	r.GET("/api/v1/auth/login", func(c *gin.Context) { c.HTML(http.StatusOK, "login.tmpl", nil) })
	r.POST("/api/v1/auth/register", func(c *gin.Context) { c.Status(http.StatusCreated) })

	limited := r.Group("/api/v2/auth", RateLimitMiddleware(5))
	limited.POST("/login", func(c *gin.Context) { c.Status(http.StatusOK) })
}

// Store reads users.
type Store interface {
	PasswordHash(email string) ([]byte, error)
}

func verify2FA(store Store) gin.HandlerFunc { return func(c *gin.Context) {} }

func setup2FA(store Store) gin.HandlerFunc { return func(c *gin.Context) {} }

// RateLimitMiddleware limits requests per client IP.
func RateLimitMiddleware(perMinute int) gin.HandlerFunc { return func(c *gin.Context) { c.Next() } }
