package fec_test

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/report/fec"
)

var fecLines = flag.Int("feclines", 100_000, "lines of BenchmarkValidate's generated FEC (1000000 for the full-year figure)")

// writeBenchFEC writes a FEC of about n lines through the Writer: sales
// entries of three lines, numbered per journal, spread over the year.
func writeBenchFEC(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), fec.FileName("123456782", journal.MustDate(2026, time.December, 31))+".txt")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	w := fec.NewWriter(f, fec.Tab)
	start := journal.MustDate(2026, time.January, 1)
	for i := 0; i*3 < n; i++ {
		d := start.AddDays(i * 365 / (n/3 + 1))
		base := fec.Row{JournalCode: "VT", JournalLib: "Ventes", EcritureNum: fmt.Sprintf("VT/2026/%07d", i+1),
			EcritureDate: d, PieceRef: fmt.Sprintf("F%d", i+1), PieceDate: d, EcritureLib: "Facture client", ValidDate: d}
		ht := currency.FromMinor(eur, int64(1000+i%50_000))
		tva := currency.FromMinor(eur, int64(1000+i%50_000)/5)
		ttc, _ := ht.Add(tva)
		c, s, v := base, base, base
		c.CompteNum, c.CompteLib, c.CompAuxNum, c.CompAuxLib, c.Debit = "411000", "Clients", "C001", "Dupont SA", ttc
		s.CompteNum, s.CompteLib, s.Credit = "706000", "Prestations", ht
		v.CompteNum, v.CompteLib, v.Credit = "445710", "TVA collectée", tva
		for _, r := range []fec.Row{c, s, v} {
			if err := w.Write(r); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkValidate validates a generated FEC of -feclines lines read from
// a file, reporting lines per second.
func BenchmarkValidate(b *testing.B) {
	path := writeBenchFEC(b, *fecLines)
	b.ReportAllocs()
	b.ResetTimer()
	var lines int
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := fec.Validate(bufio.NewReaderSize(f, 1<<16), fec.Options{})
		f.Close()
		if err != nil || !rep.OK() {
			b.Fatalf("%v %v", err, rep.Findings)
		}
		lines += rep.Lines
	}
	b.ReportMetric(float64(lines)/b.Elapsed().Seconds(), "lines/s") // float ok: a rate, not money
}
