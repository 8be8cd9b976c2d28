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
