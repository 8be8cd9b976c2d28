package detectors

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/trustlint/trustlint/grammars"
)

// BenchmarkScanVsParse measures the engine against the floor of a scan on
// a real tree (TRUSTLINT_SCAN_TREE; skipped when unset): for every source
// file of up to 2 MiB, a parse that is closed at once and a full
// AnalyzeSource (every rule, fixes built), one after the other on one
// goroutine, in alternating order so that a change in the machine's speed
// weighs on both alike. It reports the seconds of each and their ratio,
// the design's "≥ 0.7× a parse-only pass":
//
//	TRUSTLINT_SCAN_TREE=/path/to/tree go test -run XXX -bench ScanVsParse -benchtime 1x ./detectors
func BenchmarkScanVsParse(b *testing.B) {
	root := os.Getenv("TRUSTLINT_SCAN_TREE")
	if root == "" {
		b.Skip("TRUSTLINT_SCAN_TREE not set")
	}
	type file struct {
		path string
		lang grammars.Lang
	}
	var files []file
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if l, ok := grammars.FromPath(path); ok {
			files = append(files, file{path, l})
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	var pool grammars.Pool
	defer pool.Close()
	ctx := context.Background()
	var parse, analyse time.Duration
	var bytes int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for fi, f := range files {
			src, err := os.ReadFile(f.path)
			if err != nil {
				b.Fatal(err)
			}
			if len(src) > 2<<20 {
				continue
			}
			bytes += int64(len(src))
			parseOnly := func() {
				t0 := time.Now()
				tree, err := pool.Parse(ctx, f.lang, nil, src)
				if err != nil {
					b.Fatal(err)
				}
				tree.Close()
				parse += time.Since(t0)
			}
			analyseAll := func() {
				t0 := time.Now()
				_, _ = AnalyzeSource(ctx, &pool, f.path, f.lang, src, Config{})
				analyse += time.Since(t0)
			}
			if fi%2 == 0 {
				parseOnly()
				analyseAll()
			} else {
				analyseAll()
				parseOnly()
			}
		}
	}
	b.ReportMetric(parse.Seconds()/float64(b.N), "parse-s/op")
	b.ReportMetric(analyse.Seconds()/float64(b.N), "analyse-s/op")
	b.ReportMetric(float64(bytes)/1e6/float64(b.N), "MB/op")
	b.ReportMetric(parse.Seconds()/analyse.Seconds(), "x-parse-only")
}
