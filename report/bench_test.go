package report_test

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/memstore"
)

var (
	glLines     = flag.Int("gllines", 100_000, "lines on the one account of BenchmarkGeneralLedger")
	auxPartners = flag.Int("auxpartners", 100_000, "partners of BenchmarkAuxiliaryBalance")
)

// benchBooks caches the books the benchmarks build, once per process:
// the benchmark function runs several times with growing b.N.
var (
	benchMu    sync.Mutex
	benchBooks = map[string]*ledger.Book{}
	benchDir   string
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

func benchStore(b *testing.B, backend string) store.Store {
	if backend == "memstore" {
		return memstore.New()
	}
	if benchDir == "" {
		d, err := os.MkdirTemp("", "report-bench")
		if err != nil {
			b.Fatal(err)
		}
		benchDir = d
	}
	st, err := boltstore.Open(filepath.Join(benchDir, fmt.Sprintf("book%d.db", len(benchBooks))), boltstore.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	return st
}

// benchBook returns a book with fiscal year 2026, the French chart and,
// for each of partners partners, lines/partners invoices on 411000, built
// once per (backend, lines, partners).
func benchBook(b *testing.B, backend string, lines, partners int) *ledger.Book {
	benchMu.Lock()
	defer benchMu.Unlock()
	key := fmt.Sprint(backend, lines, partners)
	if book, ok := benchBooks[key]; ok {
		return book
	}
	start := time.Now()
	book, err := ledger.Create(ctx, benchStore(b, backend), ledger.Options{Currency: eur})
	if err != nil {
		b.Fatal(err)
	}
	check(book.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	check(book.InstallFrenchChart(ctx))
	for p := range partners {
		check(book.AddPartner(ctx, ledger.Partner{Code: fmt.Sprintf("P%06d", p), Name: fmt.Sprintf("Client %d", p)}))
	}
	batch := make([]journal.Entry, 0, 10_000)
	flush := func() {
		res, err := book.PostBatch(ctx, batch, ledger.BatchOptions{AllOrNothing: true})
		check(err)
		check(res[0].Err)
		batch = batch[:0]
	}
	for i := range lines {
		amount := e(fmt.Sprintf("%d.%02d", 1+i%997, i%100))
		batch = append(batch, journal.Entry{Journal: "VT", Date: journal.MustDate(2026, time.Month(1+i*12/lines), 1+i%28),
			Type: journal.TypeInvoice, Label: "Facture", Lines: []journal.Line{
				{Account: "411000", Partner: fmt.Sprintf("P%06d", i%partners), Balance: amount},
				{Account: "706000", Balance: amount.Neg()},
			}})
		if len(batch) == cap(batch) {
			flush()
		}
	}
	if len(batch) > 0 {
		flush()
	}
	check(book.Index(ctx))
	b.Logf("%s: %d lines, %d partners built in %s", backend, lines, partners, time.Since(start).Round(time.Millisecond))
	benchBooks[key] = book
	return book
}

// peakLive runs fn once and returns the highest live heap seen while it
// ran, over the live heap before (which holds the cached books): every
// 10 ms it collects garbage and reads HeapAlloc, so the figure is what the
// report keeps, not the garbage the collector lets pile up. It slows fn:
// the benchmarks call it outside their timed loop.
func peakLive(fn func()) uint64 {
	var ms runtime.MemStats
	live := func() uint64 {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	base := live()
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				peak = max(peak, live())
			}
		}
	}()
	fn()
	close(done)
	wg.Wait()
	return peak - min(peak, base)
}

// BenchmarkGeneralLedger streams the general ledger of one account of
// -gllines lines to CSV.
func BenchmarkGeneralLedger(b *testing.B) {
	for _, backend := range []string{"memstore", "boltstore"} {
		b.Run(backend, func(b *testing.B) {
			book := benchBook(b, backend, *glLines, 1)
			q := report.LedgerQuery{Period: year2026, Accounts: []string{"411000"}}
			run := func() { check(report.WriteGeneralLedgerCSV(ctx, book, q, io.Discard, report.CSVOptions{})) }
			b.ReportAllocs()
			for b.Loop() {
				run()
			}
			b.StopTimer()
			b.ReportMetric(float64(peakLive(run))/(1<<20), "peak-live-MiB") // float ok: a memory size, not money
			b.ReportMetric(float64(*glLines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
		})
	}
}

// BenchmarkAuxiliaryBalance streams the balance auxiliaire of one account
// with -auxpartners partners, one invoice each, to CSV.
func BenchmarkAuxiliaryBalance(b *testing.B) {
	for _, backend := range []string{"memstore", "boltstore"} {
		b.Run(backend, func(b *testing.B) {
			book := benchBook(b, backend, *auxPartners, *auxPartners)
			q := report.BalanceQuery{Period: year2026, Accounts: []string{"411000"}}
			run := func() {
				t, err := report.AuxiliaryBalanceTable(ctx, book, q)
				check(err)
				check(report.WriteCSV(io.Discard, t, report.CSVOptions{}))
			}
			b.ReportAllocs()
			for b.Loop() {
				run()
			}
			b.StopTimer()
			b.ReportMetric(float64(peakLive(run))/(1<<20), "peak-live-MiB") // float ok: a memory size, not money
			b.ReportMetric(float64(*auxPartners)*float64(b.N)/b.Elapsed().Seconds(), "partners/s")
		})
	}
}

var fecLines = flag.Int("feclines", 100_000, "journal lines of BenchmarkFEC's year (1000000 for the 1M-line figure)")

// BenchmarkFEC writes the FEC of a year of -feclines lines (two-line
// invoices over one partner per 100 lines) on a bbolt book, and validates
// it, reporting lines per second and the peak live heap of the export.
func BenchmarkFEC(b *testing.B) {
	entries := *fecLines / 2
	book := benchBook(b, "boltstore", entries, max(1, entries/100))
	var size int64
	run := func() {
		var n countingWriter
		sum, err := report.WriteFEC(ctx, book, "2026", &n, report.FECOptions{})
		check(err)
		if sum.Lines != 2*entries {
			b.Fatalf("%d lines written, want %d", sum.Lines, 2*entries)
		}
		size = int64(n)
	}
	b.Run("write", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			run()
		}
		b.StopTimer()
		b.ReportMetric(float64(peakLive(run))/(1<<20), "peak-live-MiB") // float ok: a memory size, not money
		b.ReportMetric(float64(2*entries)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
		b.ReportMetric(float64(size)/(1<<20), "file-MiB") // float ok: a file size, not money
	})
	// The next year's file opens with every invoice of the first still
	// open: its opening carries them one by one (a row per open item, its
	// residual read at the year's end), with no entry of its own.
	b.Run("opening-items", func(b *testing.B) {
		if err := book.View(ctx, func(t *ledger.Tx) error { _, err := t.FiscalYearLabelled("2027"); return err }); err != nil {
			check(book.AddFiscalYear(ctx, ledger.CalendarYear(2027)))
		}
		b.ReportAllocs()
		var sum report.FECSummary
		for b.Loop() {
			var n countingWriter
			var err error
			sum, err = report.WriteFEC(ctx, book, "2027", &n, report.FECOptions{})
			check(err)
		}
		if sum.Lines < entries {
			b.Fatalf("%d lines written, want at least %d", sum.Lines, entries)
		}
		b.ReportMetric(float64(sum.Lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	})
	b.Run("validate", func(b *testing.B) {
		path := filepath.Join(b.TempDir(), "fec.txt")
		f, err := os.Create(path)
		check(err)
		_, err = report.WriteFEC(ctx, book, "2026", f, report.FECOptions{})
		check(err)
		check(f.Close())
		validate := func() {
			f, err := os.Open(path)
			check(err)
			defer f.Close()
			rep, err := fec.Validate(f, fec.Options{})
			check(err)
			if !rep.OK() {
				b.Fatalf("the FEC does not validate: %v", rep.Findings)
			}
		}
		b.ReportAllocs()
		for b.Loop() {
			validate()
		}
		b.StopTimer()
		b.ReportMetric(float64(peakLive(validate))/(1<<20), "peak-live-MiB") // float ok: a memory size, not money
		b.ReportMetric(float64(2*entries)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	})
}

// BenchmarkFECBesideHledger times, in the same run as BenchmarkFEC and on
// its book, the book's hledger export and hledger's own print and balance
// of it: what a user of hledger waits for the same year (seconds; skipped
// without hledger).
func BenchmarkFECBesideHledger(b *testing.B) {
	if _, err := exec.LookPath("hledger"); err != nil {
		b.Skip("hledger is not on PATH (.ci/run installs it)")
	}
	entries := *fecLines / 2
	book := benchBook(b, "boltstore", entries, max(1, entries/100))
	path := filepath.Join(b.TempDir(), "book.journal")
	f, err := os.Create(path)
	check(err)
	start := time.Now()
	_, err = hledger.Write(ctx, book, f, hledger.Options{})
	check(err)
	check(f.Close())
	export := time.Since(start)
	for b.Loop() {
		for _, c := range []struct {
			metric string
			args   []string
		}{{"hledger-print-s", []string{"print"}}, {"hledger-bal-s", []string{"balance", "-B", "--flat"}}} {
			cmd := exec.Command("hledger", append([]string{"-f", path}, c.args...)...)
			var stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = io.Discard, &stderr
			start := time.Now()
			if err := cmd.Run(); err != nil {
				b.Fatalf("hledger %v: %v\n%s", c.args, err, stderr.Bytes())
			}
			b.ReportMetric(time.Since(start).Seconds(), c.metric)
		}
	}
	b.ReportMetric(export.Seconds(), "our-export-s")
}

// countingWriter counts the bytes written to it.
type countingWriter int64

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}
