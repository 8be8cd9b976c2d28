// Command trustlint-bench measures the language server as an editor sees
// it: it starts the real `trustlint lsp` binary, opens generated realistic
// files (internal/benchgen) of several sizes in JavaScript, TypeScript, Go
// and Python with the debounce set to 0, replays typing (single
// characters), line inserts and 50-line pastes, and reports the latency
// from each didChange to the publishDiagnostics of that version as
// p50/p99/max. It also measures start-up (process start → initialize
// answered) and memory (100 open 1,000-line buffers, then RSS across many
// edits).
//
//	go run ./cmd/trustlint-bench                      # everything, default sizes
//	go run ./cmd/trustlint-bench -sizes 1000 -langs go -memory=false -startup 0
//	go run ./cmd/trustlint-bench -bin ./trustlint     # a prebuilt binary
//
// Without -bin it builds ./cmd/trustlint into a temporary directory first.
package main

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/trustlint/trustlint/internal/benchgen"
)

func main() {
	bin := flag.String("bin", "", "trustlint binary to run (default: build ./cmd/trustlint into a temporary directory)")
	sizesFlag := flag.String("sizes", "1000,10000,50000", "file sizes in lines, comma-separated")
	langsFlag := flag.String("langs", "javascript,typescript,go,python", "languages, comma-separated")
	chars := flag.Int("chars", 90, "single-character edits per file")
	lines := flag.Int("lines", 30, "line inserts per file")
	pastes := flag.Int("pastes", 10, "50-line pastes per file")
	startups := flag.Int("startup", 10, "start-up measurements (0: skip)")
	memory := flag.Bool("memory", true, "measure RSS with 100 open 1,000-line buffers and across -memedits edits")
	memEdits := flag.Int("memedits", 10000, "edits for the memory measurement")
	seed := flag.Int64("seed", 1, "random seed for edit positions")
	logPath := flag.String("serverlog", "", "append the servers' stderr to this file (default: discard)")
	flag.DurationVar(&thinkTime, "think", 0, "pause before each edit (a typist's pause: above the server's 300 ms confirmation delay a whole-file analysis runs between edits)")
	flag.StringVar(&analysisMode, "analysis", "window", "the servers' --analysis: window (the default), region or whole, to measure what windows and region analysis save")
	syncFlag := flag.String("sync", "incremental", "how edits are sent: incremental (ranged changes) or full (the whole text with every change, as a client without incremental sync sends them)")
	debounceFlag := flag.String("debounce", "0", "the debounceMs setting sent to the servers, or auto to send none (the server's automatic debounce)")
	filesFlag := flag.String("files", "", "also replay the edits on these files (comma-separated paths of .js, .ts, .tsx, .go or .py files): code the generator did not write")
	flag.Parse()
	if *debounceFlag == "auto" {
		delete(settings, "debounceMs")
	} else if ms, err := strconv.ParseFloat(*debounceFlag, 64); err == nil && ms >= 0 {
		settings["debounceMs"] = ms
	} else {
		fatal(fmt.Errorf("-debounce must be auto or a number of milliseconds, not %q", *debounceFlag))
	}
	switch *syncFlag {
	case "incremental":
	case "full":
		fullSync = true
	default:
		fatal(fmt.Errorf("-sync must be incremental or full, not %q", *syncFlag))
	}
	if *logPath != "" {
		f, err := os.OpenFile(*logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			fatal(err)
		}
		defer f.Close()
		serverLog = f
	}

	if *bin == "" {
		dir, err := os.MkdirTemp("", "trustlint-bench-")
		if err != nil {
			fatal(err)
		}
		defer os.RemoveAll(dir)
		*bin = filepath.Join(dir, "trustlint")
		build := exec.Command("go", "build", "-o", *bin, "./cmd/trustlint")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fatal(fmt.Errorf("building trustlint: %w", err))
		}
	}
	printMachine(*bin)
	if *startups > 0 {
		if err := benchStartup(*bin, *startups); err != nil {
			fatal(err)
		}
	}
	var langs []benchgen.Lang
	for _, l := range strings.Split(*langsFlag, ",") {
		langs = append(langs, benchgen.Lang(strings.TrimSpace(l)))
	}
	var sizes []int
	for _, s := range strings.Split(*sizesFlag, ",") {
		if strings.TrimSpace(s) == "" {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			fatal(fmt.Errorf("bad size %q", s))
		}
		sizes = append(sizes, n)
	}
	var files []string
	for _, f := range strings.Split(*filesFlag, ",") {
		if f = strings.TrimSpace(f); f != "" {
			files = append(files, f)
		}
	}
	if len(sizes) > 0 || len(files) > 0 {
		rng := rand.New(rand.NewSource(*seed))
		if err := benchLatency(*bin, langs, sizes, files, *chars, *lines, *pastes, rng); err != nil {
			fatal(err)
		}
	}
	if *memory {
		if err := benchMemory(*bin, *memEdits); err != nil {
			fatal(err)
		}
	}
	fmt.Printf("\nload average at the end: %s\n", loadAvg())
}

// syncName names the -sync mode in use.
// debounceName describes the debounce setting the servers get.
func debounceName() string {
	if ms, ok := settings["debounceMs"]; ok {
		return fmt.Sprintf("debounceMs %v", ms)
	}
	return "automatic debounce (no debounceMs)"
}

func syncName() string {
	if fullSync {
		return "full"
	}
	return "incremental"
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "trustlint-bench:", err)
	os.Exit(1)
}

func printMachine(bin string) {
	cpu := "unknown"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	fmt.Printf("machine: %s, %d CPUs (GOMAXPROCS %d), %s %s/%s\n", cpu, runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Printf("binary: %s\nload average at the start: %s\n", bin, loadAvg())
}

func loadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// benchStartup measures process start → initialize answered.
func benchStartup(bin string, n int) error {
	var samples []time.Duration
	for i := 0; i < n; i++ {
		c, started, err := start(bin, "lsp", "--analysis", analysisMode)
		if err != nil {
			return err
		}
		if err := c.initialize(); err != nil {
			c.shutdown()
			return fmt.Errorf("startup: %w", err)
		}
		samples = append(samples, time.Since(started))
		c.shutdown()
	}
	fmt.Printf("\nstart-up (process start → initialize answered), %d runs: p50 %s, max %s (load %s)\n",
		n, ms(percentile(samples, 50)), ms(percentile(samples, 100)), loadAvg())
	return nil
}

// benchLatency runs the typing scenarios on each language and size, one
// server per file.
func benchLatency(bin string, langs []benchgen.Lang, sizes []int, files []string, chars, lines, pastes int, rng *rand.Rand) error {
	fmt.Printf("\nlatency didChange → publishDiagnostics (ms), %s, --analysis %s, %s sync, pause before each edit %v\n", debounceName(), analysisMode, syncName(), thinkTime)
	fmt.Printf("| language | lines | open | edit | n | p50 | p99 | max | load |\n|---|---:|---:|---|---:|---:|---:|---:|---|\n")
	for _, size := range sizes {
		for _, l := range langs {
			src := benchgen.Generate(l, size)
			uri := fmt.Sprintf("file:///bench/src/orders_%d%s", size, l.Ext())
			if err := benchFile(bin, l, string(l), uri, src, chars, lines, pastes, rng); err != nil {
				return fmt.Errorf("%s %d lines: %w", l, size, err)
			}
		}
	}
	for _, path := range files {
		l, id, ok := fileLang(path)
		if !ok {
			return fmt.Errorf("%s: not a .js, .ts, .tsx, .go or .py file", path)
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			return err
		}
		if err := benchFile(bin, l, id, "file://"+filepath.ToSlash(abs), src, chars, lines, pastes, rng); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	return nil
}

// fileLang returns the generator language whose statements and pastes fit
// a file, and the file's LSP language id.
func fileLang(path string) (benchgen.Lang, string, bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".js", ".mjs", ".cjs", ".jsx":
		return benchgen.JavaScript, "javascript", true
	case ".ts", ".mts", ".cts":
		return benchgen.TypeScript, "typescript", true
	case ".tsx":
		return benchgen.TypeScript, "typescriptreact", true
	case ".go":
		return benchgen.Go, "go", true
	case ".py":
		return benchgen.Python, "python", true
	}
	return "", "", false
}

func benchFile(bin string, l benchgen.Lang, languageID, uri string, src []byte, chars, lines, pastes int, rng *rand.Rand) error {
	c, _, err := start(bin, "lsp", "--analysis", analysisMode)
	if err != nil {
		return err
	}
	defer c.shutdown()
	if err := c.initialize(); err != nil {
		return err
	}
	d := newDoc(c, l, languageID, uri, src)
	size := len(d.lines)
	open, err := d.open()
	if err != nil {
		return err
	}
	type scenario struct {
		name string
		run  func() ([]time.Duration, error)
	}
	for _, sc := range []scenario{
		{"char", func() ([]time.Duration, error) { return d.typeChars(rng, chars) }},
		{"line", func() ([]time.Duration, error) { return d.insertLines(rng, lines) }},
		{"paste50", func() ([]time.Duration, error) { return d.paste(rng, pastes) }},
	} {
		samples, err := sc.run()
		if err != nil {
			return fmt.Errorf("%s: %w", sc.name, err)
		}
		fmt.Printf("| %s | %d | %s | %s | %d | %s | %s | %s | %s |\n", l, size, ms(open), sc.name, len(samples),
			ms(percentile(samples, 50)), ms(percentile(samples, 99)), ms(percentile(samples, 100)), loadAvg())
	}
	return nil
}

// benchMemory opens 100 buffers of 1,000 lines (25 per language), reports
// RSS, then replays edits (a character typed, then deleted) across them
// and reports RSS as it goes.
func benchMemory(bin string, edits int) error {
	c, _, err := start(bin, "lsp", "--analysis", analysisMode)
	if err != nil {
		return err
	}
	defer c.shutdown()
	if err := c.initialize(); err != nil {
		return err
	}
	base, err := c.rssKiB()
	if err != nil {
		return err
	}
	var docs []*doc
	for i := 0; i < 100; i++ {
		l := benchgen.Langs()[i%4]
		d := newDoc(c, l, string(l), fmt.Sprintf("file:///bench/mem/file%03d%s", i, l.Ext()), benchgen.Generate(l, 1000))
		if _, err := d.open(); err != nil {
			return err
		}
		docs = append(docs, d)
	}
	opened, err := c.rssKiB()
	if err != nil {
		return err
	}
	fmt.Printf("\nmemory: RSS after initialize %.1f MB; with 100 open 1,000-line buffers %.1f MB (load %s)\n", mb(base), mb(opened), loadAvg())
	fmt.Printf("| edits | RSS MB |\n|---:|---:|\n| 0 | %.1f |\n", mb(opened))
	rng := rand.New(rand.NewSource(2))
	step := edits / 5
	if step == 0 {
		step = 1
	}
	var last *doc
	lastLine, lastCol := 0, 0
	for i := 1; i <= edits; i++ {
		var err error
		if last == nil {
			// Type a character at the end of a line in a function body...
			last = docs[rng.Intn(len(docs))]
			lastLine = last.bodyLine(rng)
			lastCol = len(last.lines[lastLine]) - 1
			_, err = last.edit(lastLine, lastCol, lastLine, lastCol, "x")
		} else {
			// ...and delete it, so the text does not grow.
			_, err = last.edit(lastLine, lastCol, lastLine, lastCol+1, "")
			last = nil
		}
		if err != nil {
			return err
		}
		if i%step == 0 {
			rss, err := c.rssKiB()
			if err != nil {
				return err
			}
			fmt.Printf("| %d | %.1f |\n", i, mb(rss))
		}
	}
	return nil
}

func mb(kib int) float64 { return float64(kib) / 1024 }

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d.Microseconds())/1000) }

// percentile returns the p-th percentile (nearest rank) of samples.
func percentile(samples []time.Duration, p int) time.Duration {
	if len(samples) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), samples...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	rank := (p*len(s) + 99) / 100
	if rank < 1 {
		rank = 1
	}
	return s[rank-1]
}
