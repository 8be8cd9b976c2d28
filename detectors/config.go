package detectors

// Config holds the user's rule settings. The zero Config runs every rule at
// its default severity.
type Config struct {
	// Disabled rule IDs are not run.
	Disabled map[string]bool
	// Only, when not empty, restricts analysis to these rule IDs.
	Only map[string]bool
	// Severity overrides a rule's default severity.
	Severity map[string]Severity
	// Options are the rules' tunable parameters.
	Options Options
}

// Options are per-rule parameters. The zero value of each field means the
// rule's documented default.
type Options struct {
	// MinBcryptCost is TL201's lowest accepted bcrypt cost (log2 of the
	// work factor). Zero means 12.
	MinBcryptCost int
	// MinPBKDF2Iterations is TL201's lowest accepted PBKDF2-HMAC-SHA256
	// iteration count; PBKDF2-HMAC-SHA1 needs 13/6 of it and
	// PBKDF2-HMAC-SHA512 7/20 of it (OWASP's ratios). Zero means 600000.
	MinPBKDF2Iterations int
	// MinScryptN is TL201's lowest accepted scrypt cost parameter N (with
	// r=8, p=1). Zero means 131072 (2^17).
	MinScryptN int
	// MinArgon2MemoryKiB and MinArgon2Iterations are TL201's lowest
	// accepted argon2id memory (KiB) and passes; OWASP's equivalent pairs
	// with more passes and less memory are accepted too. Zero means 19456
	// (19 MiB) and 2.
	MinArgon2MemoryKiB  int
	MinArgon2Iterations int
	// JWTExpiryMinutes is the lifetime TL205's fix gives a token that had
	// none. Zero means 15.
	JWTExpiryMinutes int
	// UploadMaxBytes is the file size limit TL502's fix writes into
	// multer and busboy options. Zero means 5 MiB.
	UploadMaxBytes int64
	// BodyLimitMaxBytes is the largest request body limit TL502 accepts in
	// express.json/bodyParser options. Zero means 10 MiB.
	BodyLimitMaxBytes int64
}

// Enabled reports whether the rule with the given ID should run.
func (c Config) Enabled(id string) bool {
	if c.Disabled[id] {
		return false
	}
	if len(c.Only) > 0 && !c.Only[id] {
		return false
	}
	return true
}
