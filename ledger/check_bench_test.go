package ledger_test

import (
	"context"
	"flag"
	"fmt"
	"github.com/lettrage/lettrage/internal/booktx"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/boltstore"
	bolt "go.etcd.io/bbolt"
)

var checkLarge = flag.Bool("check.large", false,
	"BenchmarkCheck also runs on a book of 1 000 000 entries (several minutes to build)")

// BenchmarkCheck measures Check on bbolt books of 100 000 entries (and
// 1 000 000 with -check.large): entries/s by the wall clock and per second
// of CPU time (the process's, garbage collector included), the peak of the
// Go heap in use above what it was before the run (sampled every 2 ms), and
// the bytes allocated per entry. raw-scan is the baseline, in the same run: a bare
// bbolt cursor over every key of every bucket of the same file.
//
//	go test ./ledger -run '^$' -bench 'Check' -benchtime 1x [-check.large]
func BenchmarkCheck(b *testing.B) {
	sizes := []int{100_000}
	if *checkLarge {
		sizes = append(sizes, 1_000_000)
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			st, bk := checkBenchBook(b, n)
			ctx := context.Background()
			b.Run("check", func(b *testing.B) {
				peak := measureHeap(b, n, func() {
					if err := bk.Check(ctx); err != nil {
						b.Fatal(err)
					}
				})
				b.ReportMetric(peak, "peak-heap-MiB")
			})
			b.Run("raw-scan", func(b *testing.B) {
				keys := 0
				measureHeap(b, n, func() {
					keys = 0
					err := st.Bolt().View(func(tx *bolt.Tx) error {
						return tx.ForEach(func(name []byte, bk *bolt.Bucket) error {
							c := bk.Cursor()
							for k, _ := c.First(); k != nil; k, _ = c.Next() {
								keys++
							}
							return nil
						})
					})
					if err != nil {
						b.Fatal(err)
					}
				})
				b.ReportMetric(float64(keys), "keys")
			})
		})
	}
}

// measureHeap runs fn b.N times and reports entries/s and allocated bytes
// per entry; it returns the peak heap in use above the level before the
// first run, in MiB.
func measureHeap(b *testing.B, entries int, fn func()) float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base, alloc0 := ms.HeapInuse, ms.TotalAlloc
	var peak uint64
	var mu sync.Mutex
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				runtime.ReadMemStats(&m)
				mu.Lock()
				peak = max(peak, m.HeapInuse)
				mu.Unlock()
			}
		}
	}()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		fn()
	}
	cpu := cpuTime() - cpu0
	b.StopTimer()
	if cpu0 >= 0 {
		// The machine may be shared: CPU time tells the cost when the
		// wall clock also counts other processes' turns.
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
		b.ReportMetric(float64(entries)*float64(b.N)/cpu.Seconds(), "entries/cpu-s")
	}
	close(stop)
	<-done
	runtime.ReadMemStats(&ms)
	peak = max(peak, ms.HeapInuse)
	b.ReportMetric(float64(entries)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
	b.ReportMetric(float64(ms.TotalAlloc-alloc0)/float64(entries)/float64(b.N), "alloc-B/entry")
	if peak < base {
		return 0
	}
	return float64(peak-base) / (1 << 20)
}

// checkBenchBook builds, without fsync, a book of n entries over 1 000
// partners: nine three-line invoices out of ten, and for each tenth a
// receipt that pays the invoice nine entries before it in full, lettered
// by a partial and a match, with an operation record.
func checkBenchBook(b *testing.B, n int) (*boltstore.DB, *ledger.Book) {
	b.Helper()
	st, err := boltstore.Open(filepath.Join(b.TempDir(), "check.db"), boltstore.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	bk := benchBook(b, st)
	const partners = 1000
	addPartners(b, bk, partners)
	ctx := context.Background()
	for i := 0; i < n; i += 1000 {
		batch := make([]journal.Entry, min(1000, n-i))
		for j := range batch {
			k := i + j
			p := fmt.Sprintf("C%06d", (k/10)%partners)
			if k%10 == 9 {
				inv := benchEntry(k-9, p)
				batch[j] = journal.Entry{Journal: "BQ", Date: inv.Date, Type: journal.TypePayment, Lines: []journal.Line{
					{Account: "512000", Balance: inv.Lines[0].Balance},
					{Account: "411000", Partner: p, Balance: inv.Lines[0].Balance.Neg()},
				}}
			} else {
				batch[j] = benchEntry(k, p)
			}
		}
		res, err := bk.PostBatch(ctx, batch, ledger.BatchOptions{AllOrNothing: true})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
		}
		if err := bk.Update(ctx, func(t *ledger.Tx) error { return letterBench(t, res) }); err != nil {
			b.Fatal(err)
		}
	}
	return st, bk
}

// letterBench letters each receipt of a posted batch with its invoice.
func letterBench(tx *ledger.Tx, res []ledger.PostResult) error {
	t := booktx.Of(tx)
	for j := 9; j < len(res); j += 10 {
		inv, pay := res[j-9].Entry, res[j].Entry
		op := journal.NewID()
		amount := inv.Lines[0].Balance
		p, err := t.PutPartial(journal.Partial{Debit: inv.LineRef(0), Credit: pay.LineRef(1), Amount: amount,
			DebitAmountCurrency: amount, CreditAmountCurrency: amount, Date: pay.Date,
			Kind: journal.KindPayment, Operation: op})
		if err != nil {
			return err
		}
		partner := inv.Lines[0].Partner
		n, err := t.NextCounter("code\x00411000\x00" + partner)
		if err != nil {
			return err
		}
		if _, err := t.PutMatch(journal.Match{Code: fmt.Sprintf("L%d", n), Account: "411000", Partner: partner,
			Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, Partials: []journal.ID{p.ID},
			Date: pay.Date, Operation: op}); err != nil {
			return err
		}
		if err := t.RecordOperation(op, []byte("bench"), nil); err != nil {
			return err
		}
	}
	return nil
}
