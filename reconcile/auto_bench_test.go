package reconcile_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/boltstore"
)

var (
	autoLines    = flag.Int("autolines", 30_000, "journal lines of BenchmarkAutoLetter's book (1000000 for the 1M-line figure)")
	agedPartners = flag.Int("agedpartners", 10_000, "partners of BenchmarkAged's book (100000 for the 100k figure)")
)

// autoBook is a built book file and what it holds.
type autoBook struct {
	path                      string
	lines, invoices, payments int
	partners                  int
	built                     time.Duration
}

var (
	autoBooks   = map[string]*autoBook{}
	autoBooksMu sync.Mutex
)

// autoBookDir keeps built books across the runs of one process.
var autoBookDir = sync.OnceValue(func() string {
	dir, err := os.MkdirTemp("", "lettrage-autobench-")
	if err != nil {
		panic(err)
	}
	return dir
})

// buildAutoBook builds (once per process) a book of about lines journal
// lines: two-line invoices over lines/100 partners, and per ten invoices of
// a partner five receipts naming one invoice each, one receipt naming
// three in its label, one of an invoice's exact amount without a
// reference; the tenth invoice stays unpaid.
func buildAutoBook(b *testing.B, lines int) *autoBook {
	key := fmt.Sprint("auto", lines)
	autoBooksMu.Lock()
	defer autoBooksMu.Unlock()
	if ab := autoBooks[key]; ab != nil {
		return ab
	}
	start := time.Now()
	path := filepath.Join(autoBookDir(), key+".db")
	st, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	partners := max(10, lines/100)
	perPartner := max(10, lines*10/34/partners) // 34 lines per 10 invoices
	invoices := partners * perPartner
	book, _ := benchSetup(b, st, partners)
	ctx := context.Background()
	amount := func(k int) currency.Amount { return currency.FromMinor(eur, 10000+int64(k*7919%100000)) }
	day := func(k int) journal.Date { return journal.MustDate(2026, 1, 1).AddDays(k % 300) }
	partnerOf := func(k int) string { return fmt.Sprintf("C%06d", k/perPartner) }
	postBatches(b, book, invoices, func(k int) journal.Entry {
		a := amount(k)
		return journal.Entry{Journal: "VT", Date: day(k), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: partnerOf(k), AmountCurrency: a, DueDate: day(k).AddDays(30)},
			{Account: "706000", AmountCurrency: a.Neg()}}}
	})
	number := func(k int) string { return journal.FormatNumber("VT", "2026", int64(k+1)) }
	var pays []journal.Entry
	pay := func(k int, a currency.Amount, ref, label string) {
		pays = append(pays, journal.Entry{Journal: "BQD", Date: day(k).AddDays(20), Type: journal.TypePayment, Ref: ref, Label: label,
			Lines: []journal.Line{
				{Account: "411000", Partner: partnerOf(k), AmountCurrency: a.Neg(), Label: label},
				{Account: "512000", AmountCurrency: a}}})
	}
	for k := 0; k < invoices; k++ {
		switch j := k % perPartner % 10; {
		case j < 5:
			pay(k, amount(k), number(k), "VIR "+partnerOf(k))
		case j == 5 && k+2 < invoices && partnerOf(k+2) == partnerOf(k):
			sum, _ := currency.Sum(eur, amount(k), amount(k+1), amount(k+2))
			pay(k+2, sum, "", fmt.Sprintf("Factures %s %s %s", number(k), number(k+1), number(k+2)))
		case j == 8:
			pay(k, amount(k), "", "VIREMENT")
		}
	}
	postBatches(b, book, len(pays), func(i int) journal.Entry { return pays[i] })
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	ab := &autoBook{path: path, lines: 2 * (invoices + len(pays)), invoices: invoices, payments: len(pays), partners: partners,
		built: time.Since(start)}
	autoBooks[key] = ab
	_ = ctx
	return ab
}

// copyFile copies a built book so that each run letters a fresh one.
func copyFile(b *testing.B, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}

// peakHeap samples the heap until stop is called and returns the largest
// in-use size seen.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

// BenchmarkAutoLetter auto-letters a durable bbolt book end to end
// (propose and apply, every commit fsynced) and reports lines lettered per
// second, bytes written per lettered line and the peak heap; "propose"
// only computes the proposals; "greedy-baseline" is a plain in-memory
// greedy pass matching the same payments to invoices by reference and
// amount (no book), the raw baseline of the same run. The 1M-line figure:
//
//	go test ./reconcile -run '^$' -bench AutoLetter -benchtime 1x -autolines 1000000 -timeout 60m
func BenchmarkAutoLetter(b *testing.B) {
	ab := buildAutoBook(b, *autoLines)
	b.Logf("book: %d lines, %d invoices, %d payments, %d partners, built in %s", ab.lines, ab.invoices, ab.payments,
		ab.partners, ab.built.Round(time.Second))
	ctx := context.Background()
	open := func(b *testing.B) (*boltstore.DB, *reconcile.Reconciler) {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "run.db")
		copyFile(b, ab.path, path)
		st, err := boltstore.Open(path, boltstore.Options{})
		if err != nil {
			b.Fatal(err)
		}
		book, err := ledger.Open(ctx, st, ledger.Options{Currency: eur})
		if err != nil {
			b.Fatal(err)
		}
		r, err := reconcile.New(ctx, book, reconcile.Config{})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		b.StartTimer()
		return st, r
	}
	scope := reconcile.Scope{Accounts: []string{"411000"}}
	b.Run(fmt.Sprintf("lines=%d/autoletter", ab.lines), func(b *testing.B) {
		var lettered int
		var written int64
		var peak uint64
		var elapsed time.Duration
		for i := 0; i < b.N; i++ {
			st, r := open(b)
			before := st.Bolt().Stats().TxStats
			stop := peakHeap()
			start := time.Now()
			sum, err := r.AutoLetter(ctx, reconcile.AutoRequest{Scope: scope})
			if err != nil {
				b.Fatal(err)
			}
			elapsed += time.Since(start)
			peak = max(peak, stop())
			b.StopTimer()
			after := st.Bolt().Stats().TxStats
			written += after.GetWrite() - before.GetWrite()
			lettered += sum.Lines
			if sum.Failed != nil {
				b.Fatalf("%d proposals failed: %s", len(sum.Failed), sum.Failed[0].Err)
			}
			if i == 0 {
				b.Logf("proposals %d, applied %d (%v), lines %d, unmatched %d", sum.Proposals, sum.Applied, sum.ByRule, sum.Lines, sum.UnmatchedCount)
			}
			st.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(lettered)/elapsed.Seconds(), "lines/s")
		b.ReportMetric(float64(written)/float64(b.N), "writes/op")
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	})
	b.Run(fmt.Sprintf("lines=%d/propose", ab.lines), func(b *testing.B) {
		st, r := open(b)
		defer st.Close()
		stop := peakHeap()
		var n int
		for i := 0; i < b.N; i++ {
			props, err := r.Propose(ctx, scope, reconcile.Rules{})
			if err != nil {
				b.Fatal(err)
			}
			n = len(props.Proposals)
		}
		b.ReportMetric(float64(n), "proposals")
		b.ReportMetric(float64(stop())/(1<<20), "peak-heap-MiB")
	})
	b.Run(fmt.Sprintf("lines=%d/greedy-baseline", ab.lines), func(b *testing.B) {
		items := greedyItems(ab)
		b.ResetTimer()
		var matched int
		for i := 0; i < b.N; i++ {
			matched = greedyPass(items)
		}
		b.ReportMetric(float64(matched), "lines")
	})
}

// greedyItem is an open item as a plain program would hold it.
type greedyItem struct {
	partner int
	cents   int64
	ref     string
	credit  bool
}

// greedyItems rebuilds the auto book's items in memory, invoices then
// payments, without a book.
func greedyItems(ab *autoBook) []greedyItem {
	perPartner := ab.invoices / ab.partners
	out := make([]greedyItem, 0, ab.lines/2)
	for k := 0; k < ab.invoices; k++ {
		out = append(out, greedyItem{partner: k / perPartner, cents: 10000 + int64(k*7919%100000), ref: journal.FormatNumber("VT", "2026", int64(k+1))})
	}
	for k := 0; k < ab.invoices; k++ {
		if j := k % perPartner % 10; j < 5 || j == 8 {
			ref := ""
			if j < 5 {
				ref = journal.FormatNumber("VT", "2026", int64(k+1))
			}
			out = append(out, greedyItem{partner: k / perPartner, cents: 10000 + int64(k*7919%100000), ref: ref, credit: true})
		}
	}
	return out
}

// greedyPass matches each payment to the invoice its reference names, or
// else to the first open invoice of the partner with its amount, and
// returns the lines matched.
func greedyPass(items []greedyItem) int {
	byRef := make(map[string]int, len(items))
	type key struct {
		partner int
		cents   int64
	}
	byAmount := make(map[key][]int, len(items))
	for i, it := range items {
		if !it.credit {
			byRef[it.ref] = i
			byAmount[key{it.partner, it.cents}] = append(byAmount[key{it.partner, it.cents}], i)
		}
	}
	taken := make([]bool, len(items))
	n := 0
	for i, it := range items {
		if !it.credit {
			continue
		}
		if j, ok := byRef[it.ref]; ok && it.ref != "" && !taken[j] {
			taken[j], n = true, n+2
			continue
		}
		for _, j := range byAmount[key{it.partner, it.cents}] {
			if !taken[j] {
				taken[j], n = true, n+2
				break
			}
		}
		_ = i
	}
	return n
}

// BenchmarkAged takes the aged balance of a book of three invoices and a
// part payment per partner (bbolt, warm).
//
//	go test ./reconcile -run '^$' -bench Aged -benchtime 3x -agedpartners 100000
func BenchmarkAged(b *testing.B) {
	partners := *agedPartners
	st, err := boltstore.Open(filepath.Join(b.TempDir(), "aged.db"), boltstore.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	book, r := benchSetup(b, st, partners)
	postInvoices(b, book, 3*partners, partners, false)
	postBatches(b, book, partners, func(k int) journal.Entry {
		a := currency.FromMinor(eur, 5000)
		return journal.Entry{Journal: "BQD", Date: journal.MustDate(2026, 6, 1), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "411000", Partner: fmt.Sprintf("C%06d", k), AmountCurrency: a.Neg()},
			{Account: "512000", AmountCurrency: a}}}
	})
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a, err := r.Aged(ctx, reconcile.AgedQuery{At: journal.MustDate(2026, 12, 31)})
		if err != nil {
			b.Fatal(err)
		}
		if len(a.Rows) != partners {
			b.Fatalf("%d rows for %d partners", len(a.Rows), partners)
		}
	}
	b.ReportMetric(float64(partners), "partners")
}
