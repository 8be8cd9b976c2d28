package detectors

// goMathRandFix rewrites math/rand with crypto/rand; see below.
func goMathRandFix(u *Unit, c cryptoCall) (Fix, bool) { return Fix{}, false }
