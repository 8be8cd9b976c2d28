// Package grammars maps LSP language identifiers and file extensions to
// tree-sitter languages, and hands out parsers that are safe to use from one
// goroutine at a time.
package grammars

import (
	"path/filepath"
	"strings"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/golang"
	"github.com/smacker/go-tree-sitter/javascript"
	"github.com/smacker/go-tree-sitter/python"
	"github.com/smacker/go-tree-sitter/typescript/tsx"
	"github.com/smacker/go-tree-sitter/typescript/typescript"
)

// Lang identifies one grammar trustlint parses with. The detector families
// group them further with Family.
type Lang string

// The grammars trustlint knows.
const (
	JavaScript Lang = "javascript"
	TypeScript Lang = "typescript"
	TSX        Lang = "tsx"
	Go         Lang = "go"
	Python     Lang = "python"
)

// Family is the language family a rule is written for: JS covers
// JavaScript, TypeScript and TSX.
type Family string

// The families detectors target.
const (
	FamilyJS     Family = "js"
	FamilyGo     Family = "go"
	FamilyPython Family = "python"
)

// Family returns the family of l.
func (l Lang) Family() Family {
	switch l {
	case Go:
		return FamilyGo
	case Python:
		return FamilyPython
	default:
		return FamilyJS
	}
}

// Valid reports whether l is one of the known grammars.
func (l Lang) Valid() bool {
	switch l {
	case JavaScript, TypeScript, TSX, Go, Python:
		return true
	}
	return false
}

// IsTypeScript reports whether l is TypeScript or TSX.
func (l Lang) IsTypeScript() bool { return l == TypeScript || l == TSX }

// All lists every grammar, in a stable order.
func All() []Lang { return []Lang{JavaScript, TypeScript, TSX, Go, Python} }

// Sitter returns the tree-sitter language for l, or nil for an unknown l.
func (l Lang) Sitter() *sitter.Language {
	switch l {
	case JavaScript:
		return javascript.GetLanguage()
	case TypeScript:
		return typescript.GetLanguage()
	case TSX:
		return tsx.GetLanguage()
	case Go:
		return golang.GetLanguage()
	case Python:
		return python.GetLanguage()
	}
	return nil
}

// FromLanguageID maps an LSP languageId to a grammar. The second result is
// false for languages trustlint does not analyse.
func FromLanguageID(id string) (Lang, bool) {
	switch strings.ToLower(id) {
	case "javascript", "javascriptreact", "js", "jsx":
		// JSX parses with the JavaScript grammar, which includes JSX.
		return JavaScript, true
	case "typescript", "ts":
		return TypeScript, true
	case "typescriptreact", "tsx":
		return TSX, true
	case "go", "golang":
		return Go, true
	case "python", "py":
		return Python, true
	}
	return "", false
}

// FromPath maps a file name to a grammar by its extension.
func FromPath(path string) (Lang, bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".js", ".mjs", ".cjs", ".jsx":
		return JavaScript, true
	case ".ts", ".mts", ".cts":
		return TypeScript, true
	case ".tsx":
		return TSX, true
	case ".go":
		return Go, true
	case ".py", ".pyi":
		return Python, true
	}
	return "", false
}

// Resolve picks the grammar for a document: the LSP languageId when it is
// one trustlint knows, otherwise the path's extension. A .tsx path opened as
// "typescript" still parses as TSX, since the TypeScript grammar rejects JSX.
func Resolve(languageID, path string) (Lang, bool) {
	byPath, okPath := FromPath(path)
	if okPath && byPath == TSX {
		return TSX, true
	}
	if l, ok := FromLanguageID(languageID); ok {
		return l, true
	}
	return byPath, okPath
}
