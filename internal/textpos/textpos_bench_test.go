package textpos

import (
	"fmt"
	"strings"
	"testing"
)

// benchText is n lines of mostly ASCII code with a few non-ASCII strings,
// as editors send them.
func benchText(n int) []byte {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i%10 == 0 {
			fmt.Fprintf(&b, "  const label%d = \"Größe – 名前 %d\"; // ✓\n", i, i)
			continue
		}
		fmt.Fprintf(&b, "  const value%d = compute(items[%d], options.limit * %d);\n", i, i, i)
	}
	return []byte(b.String())
}

// BenchmarkNew measures indexing a 10,000-line text (done once per edit).
func BenchmarkNew(b *testing.B) {
	src := benchText(10000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		New(src)
	}
}

// BenchmarkPosition measures offset → line/column conversions.
func BenchmarkPosition(b *testing.B) {
	src := benchText(10000)
	ix := New(src)
	for _, enc := range []Encoding{UTF8, UTF16, UTF32} {
		b.Run(enc.String(), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				ix.Position((i*7919)%len(src), enc)
			}
		})
	}
}

// BenchmarkOffset measures line/column → offset conversions.
func BenchmarkOffset(b *testing.B) {
	src := benchText(10000)
	ix := New(src)
	for _, enc := range []Encoding{UTF8, UTF16, UTF32} {
		b.Run(enc.String(), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := ix.Offset(i%10000, 20, enc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
