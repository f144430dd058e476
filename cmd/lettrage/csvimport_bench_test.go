package main_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkImportLetteredCSV moves a lettered book by CSV: a book of
// 10 000 entries (6 000 invoices, 4 000 payments of them) is lettered by
// `auto`, exported with `export csv`, and each run imports that file into
// a fresh book with `import entries`, which posts the entries and letters
// each code again (the command, on a durable bbolt book); "plain" imports
// the same entries without their codes, the baseline. Figures in
// BENCHMARKS.md:
//
//	go test ./cmd/lettrage -run '^$' -bench ImportLetteredCSV -benchtime 3x
func BenchmarkImportLetteredCSV(b *testing.B) {
	dir := b.TempDir()
	cli := func(args ...string) string {
		b.Helper()
		cmd := exec.Command(binary, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "LETTRAGE_NOW=2026-12-31T18:00:00Z")
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("lettrage %s: %v: %s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	csv, n := entriesCSV(6000, 4000)
	src := filepath.Join(dir, "src.db")
	if err := os.WriteFile(filepath.Join(dir, "entries.csv"), []byte(csv), 0o644); err != nil {
		b.Fatal(err)
	}
	fresh := func(book string) {
		cli("init", "--year", "2026,2027", "--book", book)
		args := []string{"partner", "add", "--book", book}
		for i := 1; i <= partners; i++ {
			args = append(args, fmt.Sprintf("C%02d", i))
		}
		cli(args...)
	}
	fresh(src)
	cli("import", "entries", filepath.Join(dir, "entries.csv"), "--book", src)
	cli("auto", "--all", "--book", src)
	file := filepath.Join(dir, "lettered.csv")
	cli("export", "csv", "--book", src, "-o", file)
	if data, err := os.ReadFile(file); err != nil || !strings.Contains(string(data), ";AAA;") {
		b.Fatalf("the export carries no letter code (%v)", err)
	}
	made := 0 // books made: a sub-benchmark runs more than once
	for _, c := range []struct{ name, file string }{
		{"plain", filepath.Join(dir, "entries.csv")}, // the same entries, without codes: the baseline
		{"lettered", file},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				made++
				book := filepath.Join(dir, fmt.Sprintf("b%d.db", made))
				fresh(book)
				b.StartTimer()
				cli("import", "entries", c.file, "--book", book)
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "entries/s")
		})
	}
}
