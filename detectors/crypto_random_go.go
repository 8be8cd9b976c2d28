package detectors

// goMathRandFix offers no rewrite yet. crypto/rand has no Intn, and
// replacing math/rand means swapping the import for every use in the file
// at once (a fix per call would leave an unused import when applied alone
// or merged); TL304's message and doc page give the crypto/rand calls.
func goMathRandFix(_ *Unit, _ cryptoCall) (Fix, bool) { return Fix{}, false }
