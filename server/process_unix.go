//go:build unix

package server

import (
	"errors"
	"syscall"
)

// processAlive reports whether process pid exists: kill(pid, 0) succeeds, or
// fails only because we may not signal it.
func processAlive(pid int) bool {
	if pid <= 0 {
		return true
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
