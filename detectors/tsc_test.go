package detectors

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// tsNodeModules returns TRUSTLINT_TS_NODE_MODULES, a node_modules folder
// holding typescript and @types/node (.ci/run installs one), or skips the
// test when it is not set.
func tsNodeModules(t *testing.T) string {
	t.Helper()
	modules := os.Getenv("TRUSTLINT_TS_NODE_MODULES")
	if modules == "" {
		t.Skip("TRUSTLINT_TS_NODE_MODULES not set: TypeScript type checks of fixes skipped")
	}
	if _, err := os.Stat(filepath.Join(modules, ".bin", "tsc")); err != nil {
		t.Fatalf("tsc not found in %s: %v", modules, err)
	}
	return modules
}

// typeCheckTS writes files (name → text; .ts, .tsx and .d.ts) to a
// temporary project and runs `tsc --strict --noEmit` over them with Node's
// types, failing the test on any error.
func typeCheckTS(t *testing.T, modules string, files map[string]string) {
	t.Helper()
	dir := t.TempDir()
	names := make([]string, 0, len(files))
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	sort.Strings(names)
	tsconfig := `{"compilerOptions": {"strict": true, "noEmit": true, "target": "es2022", "module": "es2022",
  "moduleResolution": "bundler", "jsx": "preserve", "types": ["node"], "typeRoots": [` +
		fmt.Sprintf("%q", filepath.Join(modules, "@types")) + `]},
  "files": ["` + strings.Join(names, `", "`) + `"]}`
	if err := os.WriteFile(filepath.Join(dir, "tsconfig.json"), []byte(tsconfig), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(filepath.Join(modules, ".bin", "tsc"), "-p", dir).CombinedOutput(); err != nil {
		t.Fatalf("tsc rejects the fixed files: %v\n%s", err, out)
	}
}
