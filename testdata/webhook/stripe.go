// Package payments receives Stripe webhooks.
package payments

import (
	"encoding/json"
	"io"
	"net/http"
	"os"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"
)

// Routes registers the handlers.
func Routes(mux *http.ServeMux) {
	mux.HandleFunc("/stripe/webhook", handleStripe) // want TL601
	mux.HandleFunc("/stripe/webhook-verified", handleVerified)
	mux.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
}

func handleStripe(w http.ResponseWriter, r *http.Request) {
	var event stripe.Event
	if err := json.NewDecoder(r.Body).Decode(&event); err != nil {
		http.Error(w, "bad payload", http.StatusBadRequest)
		return
	}
	if event.Type == "checkout.session.completed" {
		markPaid(event.Data.Object["id"])
	}
	w.WriteHeader(http.StatusOK)
}

func handleVerified(w http.ResponseWriter, r *http.Request) {
	payload, err := io.ReadAll(io.LimitReader(r.Body, 65536))
	if err != nil {
		http.Error(w, "read error", http.StatusServiceUnavailable)
		return
	}
	event, err := webhook.ConstructEvent(payload, r.Header.Get("Stripe-Signature"), os.Getenv("STRIPE_WEBHOOK_SECRET"))
	if err != nil {
		http.Error(w, "bad signature", http.StatusBadRequest)
		return
	}
	if event.Type == "checkout.session.completed" {
		markPaid(event.Data.Object["id"])
	}
}

// PaddleWebhook handles Paddle's notifications.
func PaddleWebhook(w http.ResponseWriter, r *http.Request) { // want TL601
	body, _ := io.ReadAll(r.Body)
	var n map[string]any
	_ = json.Unmarshal(body, &n)
	w.WriteHeader(http.StatusOK)
}

// WebhookURL builds the URL to register (not a handler).
func WebhookURL(base string) string {
	return base + "/stripe/webhook"
}

func markPaid(id any) {}
