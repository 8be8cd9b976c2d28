//go:build !race

package server

// raceEnabled reports whether the tests run under the race detector,
// which slows the server several times: load tests send less.
const raceEnabled = false
