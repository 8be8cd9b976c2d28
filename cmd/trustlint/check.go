package main

import (
	"context"

	"github.com/trustlint/trustlint/detectors"
)

// runCheck implements `trustlint check`, the first name of `trustlint
// scan`: the same flags and output, except that any finding (down to hint)
// fails by default, as check always did.
func runCheck(ctx context.Context, e env, args []string) int {
	return runScanCommand(ctx, e, "check", args, detectors.SeverityHint)
}
