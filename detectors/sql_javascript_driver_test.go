package detectors

import (
	"math/rand"
	"regexp"
	"strings"
	"testing"

	"github.com/trustlint/trustlint/grammars"
)

// jsDriverReference is the regular expression jsDriverStyle's scan
// replaces: the test holds the scan to it.
var jsDriverReference = regexp.MustCompile(`(?:require\(\s*|from\s+|import\s+)['"](pg|pg-pool|mysql|mysql2|mysql2/promise|sqlite3|better-sqlite3|sqlite|knex|@prisma/client)['"]`)

func jsDriverStyleReference(src string) sqlStyle {
	style := styleUnknown
	for _, m := range jsDriverReference.FindAllStringSubmatch(src, -1) {
		st := jsDriverStyles[m[1]]
		if st == styleUnknown {
			continue
		}
		if style != styleUnknown && style != st {
			return styleUnknown
		}
		style = st
	}
	return style
}

// TestJSDriverStyleMatchesReference compares the scan with the regular
// expression on every JS/TS fixture and on generated snippets mixing
// loaders, quotes, white space and driver names.
func TestJSDriverStyleMatchesReference(t *testing.T) {
	var srcs []string
	for _, f := range corpusFiles(t, false, 0) {
		if f.lang.Family() == grammars.FamilyJS {
			srcs = append(srcs, string(f.src))
		}
	}
	loaders := []string{"require(", "require( ", "require(\n\t", "from ", "from\n", "from", "import ", "import", "xfrom ", "requires(", "imports "}
	names := []string{"pg", "pg-pool", "mysql", "mysql2", "mysql2/promise", "sqlite3", "better-sqlite3", "sqlite", "knex", "@prisma/client", "pgx", "mysql3", "jpg", ""}
	quotes := []string{"'", "\"", "`", ""}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 5000; i++ {
		var b strings.Builder
		for k := rng.Intn(4); k >= 0; k-- {
			b.WriteString(loaders[rng.Intn(len(loaders))])
			b.WriteString(quotes[rng.Intn(len(quotes))])
			b.WriteString(names[rng.Intn(len(names))])
			b.WriteString(quotes[rng.Intn(len(quotes))])
			b.WriteString([]string{")\n", ";", " ", ""}[rng.Intn(4)])
		}
		srcs = append(srcs, b.String())
	}
	for _, src := range srcs {
		u := &Unit{Src: []byte(src)}
		if got, want := jsDriverStyle(u), jsDriverStyleReference(src); got != want {
			t.Errorf("style %v, the regular expression says %v, for %q", got, want, src[:min(len(src), 200)])
		}
	}
}
