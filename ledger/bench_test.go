package ledger_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/memstore"
	bolt "go.etcd.io/bbolt"
)

// Benchmarks. Durable ones fsync every commit on the benchmark's temp dir;
// the raw bbolt loops are the baseline, measured in the same run.
//
//	go test ./ledger -run '^$' -bench . -benchtime 2s

func benchBook(b testing.TB, st store.Store) *ledger.Book {
	ctx := context.Background()
	bk, err := ledger.Create(ctx, st, ledger.Options{Currency: currency.MustLookup("EUR")})
	if err != nil {
		b.Fatal(err)
	}
	if err := bk.AddFiscalYear(ctx, ledger.CalendarYear(2026)); err != nil {
		b.Fatal(err)
	}
	if err := bk.InstallFrenchChart(ctx); err != nil {
		b.Fatal(err)
	}
	return bk
}

func addPartners(b testing.TB, bk *ledger.Book, n int) {
	for i := 0; i < n; i++ {
		if err := bk.AddPartner(context.Background(), ledger.Partner{Code: fmt.Sprintf("C%06d", i)}); err != nil {
			b.Fatal(err)
		}
	}
}

var benchEUR = currency.MustLookup("EUR")

// benchEntry is the i-th three-line sales invoice for partner p. Entries
// are dated in posting order, entriesPerDay to a day, as a book fills up in
// real life (the year wraps around after 365 days).
func benchEntry(i int, p string) journal.Entry {
	return benchEntryOn(journal.MustDate(2026, 1, 1).AddDays(i/entriesPerDay%365), i, p)
}

// entriesPerDay is how many benchmark entries share an accounting date.
const entriesPerDay = 200

// scatteredEntry is the i-th invoice dated all over the year (month i%12,
// day i%28): the worst case for the date-ordered indexes, each entry
// landing on other pages than the one before.
func scatteredEntry(i int, p string) journal.Entry {
	return benchEntryOn(journal.MustDate(2026, time.Month(1+i%12), 1+i%28), i, p)
}

func benchEntryOn(d journal.Date, i int, p string) journal.Entry {
	return journal.Entry{Journal: "VT", Date: d, Type: journal.TypeInvoice,
		Lines: []journal.Line{
			{Account: "411000", Partner: p, Balance: currency.FromMinor(benchEUR, 12000+int64(i%100))},
			{Account: "706000", Balance: currency.FromMinor(benchEUR, -10000)},
			{Account: "445710", Balance: currency.FromMinor(benchEUR, -2000-int64(i%100))},
		}}
}

func durable(b testing.TB, fill float64) *boltstore.DB { // float ok: page fill ratio
	st, err := boltstore.Open(filepath.Join(b.TempDir(), "bench.db"), boltstore.Options{FillPercent: fill})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

func BenchmarkRawBoltOnePutPerTx(b *testing.B) {
	db := durable(b, 0).Bolt()
	val := make([]byte, 200)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := rawPut(db, i, val); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
}

// rawPut is the baseline's transaction: one put of val under key i.
func rawPut(db *bolt.DB, i int, val []byte) error {
	return db.Update(func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucketIfNotExists([]byte("raw"))
		if err != nil {
			return err
		}
		return bk.Put(binary.BigEndian.AppendUint64(nil, uint64(i)), val)
	})
}

func BenchmarkRawBolt1000PutsPerTx(b *testing.B) {
	for _, fill := range []float64{0.5, 1.0} {
		b.Run(fmt.Sprintf("fill=%.1f", fill), func(b *testing.B) {
			db := durable(b, 0).Bolt()
			val := make([]byte, 200)
			w0, cpu0 := writtenBytes(), cpuTime()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := db.Update(func(tx *bolt.Tx) error {
					bk, err := tx.CreateBucketIfNotExists([]byte("raw"))
					if err != nil {
						return err
					}
					bk.FillPercent = fill
					for j := 0; j < 1000; j++ {
						if err := bk.Put(binary.BigEndian.AppendUint64(nil, uint64(i*1000+j)), val); err != nil {
							return err
						}
					}
					return nil
				}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "puts/s")
			reportCPU(b, cpu0, b.N*1000, "cpu-ns/put")
			reportPagesWritten(b, w0, b.N, "pages/tx")
		})
	}
}

func BenchmarkPostDurable(b *testing.B) {
	for _, dates := range []struct {
		name  string
		entry func(int, string) journal.Entry
	}{{"in-order", benchEntry}, {"scattered", scatteredEntry}} {
		b.Run("dates="+dates.name, func(b *testing.B) {
			st := durable(b, 0)
			bk := benchBook(b, st)
			addPartners(b, bk, 1)
			ctx := context.Background()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := bk.Post(ctx, dates.entry(i, "C000000")); err != nil {
					b.Fatal(err)
				}
			}
			indexAll(b, bk)
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "entries/s")
			b.StopTimer()
			reportStorage(b, st, b.N)
		})
	}
}

// BenchmarkPostVsRaw alternates one raw bbolt one-put transaction and one
// durable post, on two files of the same disk, and reports each rate and
// their ratio: this disk's speed drifts by ±15 % over minutes, and
// interleaving cancels the drift out of the ratio. The posts' time includes
// indexing whatever they left behind the log at the end.
func BenchmarkPostVsRaw(b *testing.B) {
	raw := durable(b, 0).Bolt()
	bk := benchBook(b, durable(b, 0))
	addPartners(b, bk, 1)
	ctx := context.Background()
	val := make([]byte, 200)
	var rawTime, postTime time.Duration
	var rawBytes, postBytes int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0, w0 := time.Now(), writtenBytes()
		if err := rawPut(raw, i, val); err != nil {
			b.Fatal(err)
		}
		t1, w1 := time.Now(), writtenBytes()
		if _, err := bk.Post(ctx, benchEntry(i, "C000000")); err != nil {
			b.Fatal(err)
		}
		rawTime, postTime = rawTime+t1.Sub(t0), postTime+time.Since(t1)
		rawBytes, postBytes = rawBytes+w1-w0, postBytes+writtenBytes()-w1
	}
	t0, w0 := time.Now(), writtenBytes()
	indexAll(b, bk)
	postTime, postBytes = postTime+time.Since(t0), postBytes+writtenBytes()-w0
	b.ReportMetric(float64(b.N)/rawTime.Seconds(), "raw-tx/s")
	b.ReportMetric(float64(b.N)/postTime.Seconds(), "posts/s")
	b.ReportMetric(rawTime.Seconds()/postTime.Seconds(), "x-raw")
	if writtenBytes() >= 0 {
		b.ReportMetric(float64(rawBytes)/4096/float64(b.N), "raw-pages/tx")
		b.ReportMetric(float64(postBytes)/4096/float64(b.N), "post-pages/op")
	}
}

// writtenBytes is what this process has made the kernel write to storage
// (Linux /proc/self/io write_bytes, filesystem journal included), or -1
// where that is not available.
func writtenBytes() int64 {
	data, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "write_bytes: "); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return -1
			}
			return n
		}
	}
	return -1
}

// reportStorage reports state records per entry and bytes on disk per line.
func reportStorage(b *testing.B, st *boltstore.DB, entries int) {
	keys := 0
	_ = st.Bolt().View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, bk *bolt.Bucket) error {
			keys += bk.Stats().KeyN
			return nil
		})
	})
	size, _ := st.SizeOnDisk()
	b.ReportMetric(float64(keys)/float64(entries), "records/entry")
	b.ReportMetric(float64(size)/float64(3*entries), "bytes/line")
}

func BenchmarkPostBatchDurable(b *testing.B) { benchPostBatch(b, false) }

// BenchmarkPostBatchNoSync is BenchmarkPostBatchDurable without fsync
// (bbolt NoSync): what the batch path costs in CPU, the disk left out.
func BenchmarkPostBatchNoSync(b *testing.B) { benchPostBatch(b, true) }

// benchPostBatch posts batches of 1 000 entries over 100 partners, each
// commit fsynced unless noSync.
func benchPostBatch(b *testing.B, noSync bool) {
	st := durable(b, 0)
	st.Bolt().NoSync = noSync
	bk := benchBook(b, st)
	addPartners(b, bk, 100)
	ctx := context.Background()
	w0, cpu0 := writtenBytes(), cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		batch := make([]journal.Entry, 1000)
		for j := range batch {
			batch[j] = benchEntry(i*1000+j, fmt.Sprintf("C%06d", j%100))
		}
		res, err := bk.PostBatch(ctx, batch, ledger.BatchOptions{})
		if err != nil || res[0].Err != nil {
			b.Fatal(err, res[0].Err)
		}
	}
	indexAll(b, bk)
	b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "entries/s")
	b.StopTimer()
	reportCPU(b, cpu0, b.N*1000, "cpu-ns/entry")
	reportPagesWritten(b, w0, b.N, "pages/batch")
	reportStorage(b, st, b.N*1000)
}

// reportCPU reports the CPU time (user and system, every thread: the
// encoder's core and the garbage collector's too) the process used since
// cpu0 per unit, when the platform tells. Unlike the wall time it hardly
// moves when other processes share the machine.
func reportCPU(b *testing.B, cpu0 time.Duration, units int, unit string) {
	if cpu1 := cpuTime(); cpu0 >= 0 && cpu1 >= 0 {
		b.ReportMetric(float64(cpu1-cpu0)/float64(units), unit)
	}
}

// reportPagesWritten reports the 4 KiB pages the kernel wrote since w0 per
// commit, when /proc/self/io tells.
func reportPagesWritten(b *testing.B, w0 int64, commits int, unit string) {
	if w1 := writtenBytes(); w0 >= 0 && w1 >= 0 {
		b.ReportMetric(float64(w1-w0)/4096/float64(commits), unit)
	}
}

func BenchmarkGroupCommit(b *testing.B) {
	for _, writers := range []int{1, 2, 8, 64} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			st := &countingStore{Store: durable(b, 0)}
			bk := benchBook(b, st)
			addPartners(b, bk, 1)
			ctx := context.Background()
			commits0 := st.updates.Load()
			var next atomic.Int64
			var wg sync.WaitGroup
			b.ResetTimer()
			for w := 0; w < writers; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						i := next.Add(1)
						if i > int64(b.N) {
							return
						}
						if _, err := bk.Post(ctx, benchEntry(int(i), "C000000")); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			indexAll(b, bk)
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "entries/s")
			b.ReportMetric(float64(b.N)/float64(st.updates.Load()-commits0), "entries/commit")
		})
	}
}

// countingStore counts the write transactions of the store it wraps.
type countingStore struct {
	store.Store
	updates atomic.Int64
}

func (c *countingStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	c.updates.Add(1)
	return c.Store.Update(ctx, fn)
}

// HintAppend passes the book's hints on, so that the store lays out its
// pages as it would unwrapped.
func (c *countingStore) HintAppend(buckets ...[]byte) {
	if h, ok := c.Store.(store.AppendHinter); ok {
		h.HintAppend(buckets...)
	}
}

// BenchmarkPostMemstore posts single entries on memstore: the CPU of a
// post, and the keys it reads (reads/op: Gets and Scans, a round trip
// each on PostgreSQL).
func BenchmarkPostMemstore(b *testing.B) {
	st := &readCountingStore{Store: memstore.New()}
	bk := benchBook(b, st)
	addPartners(b, bk, 1)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	st.reads.Store(0)
	for i := 0; i < b.N; i++ {
		if _, err := bk.Post(ctx, benchEntry(i, "C000000")); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(st.reads.Load())/float64(b.N), "reads/op")
	indexAll(b, bk)
}

// readCountingStore counts the Gets and Scans of its write transactions.
type readCountingStore struct {
	store.Store
	reads atomic.Int64
}

func (c *readCountingStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	return c.Store.Update(ctx, func(tx store.Tx) error { return fn(&readCountingTx{tx, &c.reads}) })
}

type readCountingTx struct {
	store.Tx
	reads *atomic.Int64
}

func (t *readCountingTx) Get(bucket, key []byte) ([]byte, error) {
	t.reads.Add(1)
	return t.Tx.Get(bucket, key)
}

func (t *readCountingTx) Scan(bucket, from, to []byte, reverse bool, fn func(k, v []byte) error) error {
	t.reads.Add(1)
	return t.Tx.Scan(bucket, from, to, reverse, fn)
}

// indexAll indexes what the benchmark's posts left behind the log, inside
// the timed run: posting figures include the whole cost of the indexes.
func indexAll(b *testing.B, bk *ledger.Book) {
	if err := bk.Index(context.Background()); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkQueries measures balance, trial balance and open items on books
// of about 10k and 1M lines (three-line entries, 10 000 partners, one
// fiscal year) in a bbolt file, warm: the file is built without fsync, then
// queried. The 1M book takes about a minute to build.
func BenchmarkQueries(b *testing.B) {
	const partners = 10_000
	for _, n := range []int{3_334, 333_334} {
		st, err := boltstore.Open(filepath.Join(b.TempDir(), "q.db"), boltstore.Options{NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		bk := benchBook(b, st)
		addPartners(b, bk, partners)
		ctx := context.Background()
		for i := 0; i < n; i += 1000 {
			batch := make([]journal.Entry, min(1000, n-i))
			for j := range batch {
				batch[j] = benchEntry(i+j, fmt.Sprintf("C%06d", (i+j)%partners))
			}
			if _, err := bk.PostBatch(ctx, batch, ledger.BatchOptions{}); err != nil {
				b.Fatal(err)
			}
		}
		// One more partner has exactly ten open invoices in both books, so
		// that open items compare the same output at both sizes.
		if err := bk.AddPartner(ctx, ledger.Partner{Code: "TEN"}); err != nil {
			b.Fatal(err)
		}
		for i := 0; i < 10; i++ {
			if _, err := bk.Post(ctx, benchEntry(n+i, "TEN")); err != nil {
				b.Fatal(err)
			}
		}
		at := journal.MustDate(2026, 12, 31)
		b.Run(fmt.Sprintf("lines=%d/balance", 3*n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := bk.Balance(ctx, ledger.BalanceQuery{Account: "411000", At: at}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("lines=%d/balance-partner", 3*n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := bk.Balance(ctx, ledger.BalanceQuery{Account: "411000", Partner: "C000007", At: at}); err != nil {
					b.Fatal(err)
				}
			}
		})
		// In the middle of a month a partner's balance reads the partner's
		// lines of the month's first days (no day aggregate per partner).
		mid := journal.MustDate(2026, 1, 10)
		b.Run(fmt.Sprintf("lines=%d/balance-partner-mid-month", 3*n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := bk.Balance(ctx, ledger.BalanceQuery{Account: "411000", Partner: "C000007", At: mid}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("lines=%d/trial-balance", 3*n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := bk.TrialBalance(ctx, at); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("lines=%d/open-items-ten", 3*n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := bk.OpenItems(ctx, "411000", "TEN"); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("lines=%d/open-items-partner", 3*n), func(b *testing.B) {
			b.ReportAllocs()
			var items int
			for i := 0; i < b.N; i++ {
				open, err := bk.OpenItems(ctx, "411000", "C000007")
				if err != nil {
					b.Fatal(err)
				}
				items = len(open)
			}
			b.ReportMetric(float64(items), "items")
		})
	}
}

// BenchmarkCatchUpFullLag measures what the first read after a run of
// batches pays: batches of 1 000 invoices for 1 000 partners leave
// BatchIndexLagMax − 1 000 entries lagging on a durable book, then
// Book.Index indexes them in one commit (the timed part).
//
//	go test ./ledger -run '^$' -bench CatchUpFullLag -benchtime 3x
func BenchmarkCatchUpFullLag(b *testing.B) {
	ctx := context.Background()
	const lag = ledger.BatchIndexLagMax - 1000
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := durable(b, 0)
		bk := benchBook(b, st)
		addPartners(b, bk, 1000)
		for n := 0; n < lag/1000; n++ {
			batch := make([]journal.Entry, 1000)
			for j := range batch {
				batch[j] = benchEntry(n*1000+j, fmt.Sprintf("C%06d", (n*7+j*13)%1000))
			}
			if _, err := bk.PostBatch(ctx, batch, ledger.BatchOptions{}); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		if err := bk.Index(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(lag/1000*1000), "entries-indexed") // float ok: a count
}

// BenchmarkPostBatchSupplierBills is BenchmarkPostBatchNoSync with supplier
// bills, each under its own reference, over 100 suppliers: the cost of
// the duplicate supplier reference check (check=off is the same batches
// posted with BatchOptions.AllowDuplicateRef, the check skipped).
func BenchmarkPostBatchSupplierBills(b *testing.B) {
	for _, check := range []bool{true, false} {
		b.Run(map[bool]string{true: "check=on", false: "check=off"}[check], func(b *testing.B) {
			st := durable(b, 0)
			st.Bolt().NoSync = true
			bk := benchBook(b, st)
			addPartners(b, bk, 100)
			ctx := context.Background()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				batch := make([]journal.Entry, 1000)
				for j := range batch {
					n := i*1000 + j
					batch[j] = benchBill(n, fmt.Sprintf("C%06d", j%100))
				}
				res, err := bk.PostBatch(ctx, batch, ledger.BatchOptions{AllowDuplicateRef: !check})
				if err != nil || res[0].Err != nil {
					b.Fatal(err, res[0].Err)
				}
			}
			indexAll(b, bk)
			b.ReportMetric(float64(b.N*1000)/b.Elapsed().Seconds(), "entries/s")
		})
	}
}

// benchBill is benchEntry as a supplier bill under its own reference.
func benchBill(n int, p string) journal.Entry {
	e := benchEntry(n, p)
	e.Journal, e.Ref = "AC", fmt.Sprintf("FA-%08d", n)
	for k := range e.Lines {
		e.Lines[k].Balance = e.Lines[k].Balance.Neg()
	}
	e.Lines[0].Account, e.Lines[1].Account, e.Lines[2].Account = "401000", "607000", "445660"
	return e
}

// BenchmarkPostDurableBill alternates one durable post of a sales invoice
// and one of a supplier bill under its own reference, on two books of the
// same disk over 100 partners, and reports each rate and their ratio (the
// cost of the duplicate reference check on a single post; interleaving
// cancels the disk's drift out of the ratio).
func BenchmarkPostDurableBill(b *testing.B) {
	sales, bills := benchBook(b, durable(b, 0)), benchBook(b, durable(b, 0))
	addPartners(b, sales, 100)
	addPartners(b, bills, 100)
	ctx := context.Background()
	var saleTime, billTime time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := fmt.Sprintf("C%06d", i%100)
		t0 := time.Now()
		if _, err := sales.Post(ctx, benchEntry(i, p)); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := bills.Post(ctx, benchBill(i, p)); err != nil {
			b.Fatal(err)
		}
		saleTime, billTime = saleTime+t1.Sub(t0), billTime+time.Since(t1)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/saleTime.Seconds(), "sales/s")
	b.ReportMetric(float64(b.N)/billTime.Seconds(), "bills/s")
	b.ReportMetric(billTime.Seconds()/saleTime.Seconds(), "bill/sale")
}
