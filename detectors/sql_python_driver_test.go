package detectors

import (
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// pyDriverReference is the regular expression pyDriverStyle's scan
// replaces: the test holds the scan to it.
var pyDriverReference = regexp.MustCompile(`(?m)^\s*(?:import|from)\s+(sqlite3|aiosqlite|psycopg2|psycopg|pymysql|MySQLdb|mysql\.connector|mysql|asyncpg|django\.db)\b`)

func pyDriverStyleReference(src string) sqlStyle {
	style := styleUnknown
	for _, m := range pyDriverReference.FindAllStringSubmatch(src, -1) {
		var st sqlStyle
		switch m[1] {
		case "sqlite3", "aiosqlite":
			st = styleQuestion
		case "asyncpg":
			st = styleDollar
		default:
			st = styleFormat
		}
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
	_ = filepath.Walk("../testdata", func(path string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && strings.HasSuffix(path, ".py") {
			if b, err := os.ReadFile(path); err == nil {
				srcs = append(srcs, string(b))
			}
		}
		return nil
	})
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
