package detectors

import (
	"math/rand"
	"regexp"
	"strings"
	"testing"

	"github.com/trustlint/trustlint/grammars"
)

// pyDriverReference is the regular expression pyDriverStyle's scan
// replaces: the test holds the scan to it.
var pyDriverReference = regexp.MustCompile(`(?m)^\s*(?:import|from)\s+(sqlite3|aiosqlite|psycopg2|psycopg|pymysql|MySQLdb|mysql\.connector|mysql|asyncpg|django\.db)\b`)

func pyDriverStyleReference(src string) sqlStyle {
	style := styleUnknown
	for _, m := range pyDriverReference.FindAllStringSubmatch(src, -1) {
		st := pyDriverStyleOf(m[1])
		if style != styleUnknown && style != st {
			return styleUnknown
		}
		style = st
	}
	return style
}

// TestPyDriverStyleMatchesReference compares the scan with the regular
// expression on every Python fixture and on generated snippets.
func TestPyDriverStyleMatchesReference(t *testing.T) {
	var srcs []string
	for _, f := range corpusFiles(t, false, 0) {
		if f.lang.Family() == grammars.FamilyPython {
			srcs = append(srcs, string(f.src))
		}
	}
	prefixes := []string{"", "\n", "  ", "\t", "x ", "\n\n  ", "\r\n", "# ", "\f"}
	kws := []string{"import", "from", "imports", "xfrom", "import\t", ""}
	seps := []string{" ", "  ", "\n", "", "\t"}
	names := []string{"sqlite3", "aiosqlite", "psycopg2", "psycopg", "pymysql", "MySQLdb", "mysql.connector", "mysql", "asyncpg", "django.db", "django.db.models", "sqlite3_x", "mysqlx", "psycopg2.extras", "os"}
	tails := []string{"\n", " as db\n", "", ".x", "é", " import connect\n"}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 5000; i++ {
		var b strings.Builder
		for k := rng.Intn(4); k >= 0; k-- {
			b.WriteString(prefixes[rng.Intn(len(prefixes))])
			b.WriteString(kws[rng.Intn(len(kws))])
			b.WriteString(seps[rng.Intn(len(seps))])
			b.WriteString(names[rng.Intn(len(names))])
			b.WriteString(tails[rng.Intn(len(tails))])
		}
		srcs = append(srcs, b.String())
	}
	for _, src := range srcs {
		u := &Unit{Src: []byte(src)}
		if got, want := pyDriverStyle(u), pyDriverStyleReference(src); got != want {
			t.Errorf("style %v, the regular expression says %v, for %q", got, want, src[:min(len(src), 200)])
		}
	}
}
