// Package detectors is trustlint's engine: the rule catalog, the unit of
// analysis, findings and fixes, and the detectors themselves, one file per
// rule family.
//
// Everything here speaks byte offsets into Unit.Src. Nothing in this package
// knows about LSP or output formats; the server and the CLI convert offsets
// to positions.
package detectors
