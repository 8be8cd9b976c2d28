// Package main limits every route by wrapping the whole mux, and limits a
// handler from inside with golang.org/x/time/rate.
package main

import (
	"log"
	"net/http"

	"github.com/didip/tollbooth/v7"
	"golang.org/x/time/rate"
)

var otpLimiter = rate.NewLimiter(rate.Limit(1), 5)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/login", login)
	mux.HandleFunc("/verify-otp", verifyOTP)
	lmt := tollbooth.NewLimiter(5, nil)
	log.Fatal(http.ListenAndServe(":8080", tollbooth.LimitHandler(lmt, mux)))
}

func login(w http.ResponseWriter, r *http.Request) {
	_ = r.FormValue("password")
}

func verifyOTP(w http.ResponseWriter, r *http.Request) {
	if !otpLimiter.Allow() {
		http.Error(w, "too many requests", http.StatusTooManyRequests)
		return
	}
	_ = r.FormValue("code")
}
