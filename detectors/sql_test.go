package detectors

import (
	"bytes"
	"context"
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/trustlint/trustlint/grammars"
)

// sqlFixAll applies every safe fix FixAll finds, TL501 only.
func sqlFixAll(t *testing.T, lang grammars.Lang, src string) string {
	t.Helper()
	var pool grammars.Pool
	defer pool.Close()
	cfg := Config{Only: map[string]bool{"TL501": true}}
	out, _, err := FixAll(context.Background(), &pool, "x", lang, []byte(src), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestSQLFixGoCompilesClean checks that Go SQL fixes are gofmt-clean,
// parse with go/parser and leave no unused import, alone and together.
func TestSQLFixGoCompilesClean(t *testing.T) {
	cases := []string{
		"package p\n\nimport (\n\t\"database/sql\"\n\t\"fmt\"\n\n\t_ \"github.com/lib/pq\"\n)\n\nfunc f(db *sql.DB, id string) {\n\tdb.Query(fmt.Sprintf(\"SELECT * FROM t WHERE id = '%s'\", id))\n}\n",
		"package p\n\nimport (\n\t\"database/sql\"\n\t\"fmt\"\n\n\t_ \"github.com/go-sql-driver/mysql\"\n)\n\nfunc f(db *sql.DB, a, b string) error {\n\t_, err := db.Exec(fmt.Sprintf(\"UPDATE t SET a = '%s' WHERE b = %s\", a, b))\n\treturn err\n}\n\nfunc g(db *sql.DB, a string) {\n\tq := fmt.Sprintf(\"DELETE FROM t WHERE a = %v\", a)\n\tdb.Exec(q)\n}\n",
		"package p\n\nimport \"fmt\"\nimport \"gorm.io/gorm\"\n\nfunc f(db *gorm.DB, name string) {\n\tdb.Where(fmt.Sprintf(\"name = '%s'\", name)).Find(nil)\n}\n",
	}
	for i, src := range cases {
		out := sqlFixAll(t, grammars.Go, src)
		if out == src {
			t.Errorf("case %d: no fix applied", i)
			continue
		}
		if f, err := format.Source([]byte(out)); err != nil || !bytes.Equal(f, []byte(out)) {
			t.Errorf("case %d: fixed text is not gofmt-clean (%v):\n%s", i, err, out)
		}
		if _, err := parser.ParseFile(token.NewFileSet(), "x.go", out, parser.AllErrors); err != nil {
			t.Errorf("case %d: fixed text does not parse: %v\n%s", i, err, out)
		}
		if n := goUnusedImports([]byte(out)); n != 0 {
			t.Errorf("case %d: %d unused import(s) after the fix:\n%s", i, n, out)
		}
		if strings.Contains(out, "Sprintf") {
			t.Errorf("case %d: Sprintf left:\n%s", i, out)
		}
	}
}

// TestSQLFixRefusals lists shapes the fix must not rewrite: values in
// identifier position, LIKE patterns, unknown drivers, IN lists.
func TestSQLFixRefusals(t *testing.T) {
	cases := []struct {
		lang grammars.Lang
		src  string
	}{
		{grammars.JavaScript, "const mysql = require('mysql2');\nfunction f(c, t) { return c.query(`SELECT * FROM ${t}`); }\n"},
		{grammars.JavaScript, "const mysql = require('mysql2');\nfunction f(c, q) { return c.query(`SELECT * FROM t WHERE a LIKE '%${q}%'`); }\n"},
		{grammars.JavaScript, "function f(c, id) { return c.query(`SELECT * FROM t WHERE id = ${id}`); }\n"},
		{grammars.JavaScript, "const { Pool } = require('pg');\nfunction f(c, ids) { return c.query(`SELECT * FROM t WHERE id IN (${ids})`); }\n"},
		{grammars.Python, "import sqlite3\ndef f(c, col):\n    c.execute(f\"SELECT * FROM t ORDER BY {col}\")\n"},
		{grammars.Python, "import sqlite3\ndef f(c, x):\n    c.execute(f\"SELECT * FROM t WHERE a = {x!r}\")\n"},
		{grammars.Go, "package p\n\nimport (\n\t\"database/sql\"\n\t\"fmt\"\n)\n\nfunc f(db *sql.DB, id string) {\n\tdb.Query(fmt.Sprintf(\"SELECT * FROM t WHERE id = '%s'\", id))\n}\n"},
	}
	for i, c := range cases {
		if out := sqlFixAll(t, c.lang, c.src); out != c.src {
			t.Errorf("case %d: unexpected rewrite:\n%s", i, out)
		}
	}
}

// TestSQLFixTypeChecks runs tsc over TypeScript SQL fixes (skipped without
// TRUSTLINT_TS_NODE_MODULES, like TestEnvFixTypeChecks).
func TestSQLFixTypeChecks(t *testing.T) {
	modules := tsNodeModules(t)
	decl := "declare module \"pg\" {\n  export class Pool {\n    constructor(o?: object);\n    query<R = unknown>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;\n  }\n}\n"
	cases := []string{
		"import { Pool } from \"pg\";\nconst pool = new Pool();\nexport async function f(id: string, status: string): Promise<unknown[]> {\n  const { rows } = await pool.query(`SELECT * FROM t WHERE id = '${id}' AND status = '${status}'`);\n  return rows;\n}\n",
		"import { Pool } from \"pg\";\nconst pool = new Pool();\nexport async function g(limit: number): Promise<number> {\n  const sql = \"SELECT * FROM t ORDER BY id LIMIT \" + limit;\n  const r = await pool.query<{ id: number }>(sql);\n  return r.rows.length;\n}\n",
	}
	files := map[string]string{"pg.d.ts": decl}
	for i, src := range cases {
		out := sqlFixAll(t, grammars.TypeScript, src)
		if out == src {
			t.Fatalf("case %d: no fix", i)
		}
		files[fmt.Sprintf("sql%d.ts", i)] = out
	}
	typeCheckTS(t, modules, files)
}
