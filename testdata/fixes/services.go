package services

import (
	"context"
	"fmt"
	"net/http"
)

const (
	timeoutSeconds = 30
	stripeKey      = "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" // want TL101
)

// Charge calls the payments API.
func Charge(ctx context.Context, amount int) (*http.Response, error) {
	slackToken := "xoxb-861040910084-591104947063-Z7Uw9xfogoEmvnEN5N1aE6Pw" // want TL101
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://api.stripe.com/v1/charges", nil)
	if err != nil {
		return nil, fmt.Errorf("charge: %w", err)
	}
	req.SetBasicAuth(stripeKey, "")
	req.Header.Set("X-Slack", slackToken)
	return http.DefaultClient.Do(req)
}
