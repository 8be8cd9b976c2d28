package detectors

// secretCheckers returns the detectors of the secrets family (TL101, TL102).
func secretCheckers() []checker {
	return nil
}
