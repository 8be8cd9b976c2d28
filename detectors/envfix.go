package detectors

// envFix builds the "Read NAME from the environment" fix for a secret at
// span secret inside the string literal lit: the secret becomes an
// environment lookup (process.env.NAME, os.Getenv("NAME"),
// os.environ["NAME"]), the imports it needs are added and, where a
// statement can hold it, a check that fails loudly when the variable is
// unset. It returns false when no correct fix can be built.
func envFix(u *Unit, lit StringLit, secret Span, name string) (Fix, bool) {
	// Being written: see the fixes work in progress.
	return Fix{}, false
}
