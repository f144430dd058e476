package reconcile_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	bolt "go.etcd.io/bbolt"
)

var (
	autoLines    = flag.Int("autolines", 30_000, "journal lines of BenchmarkAutoLetter's book (1000000 for the 1M-line figure)")
	agedPartners = flag.Int("agedpartners", 10_000, "partners of BenchmarkAged's book (100000 for the 100k figure)")
	autoDump     = flag.String("autodump", "", "file BenchmarkAutoLetter's propose run writes its proposals and unmatched lines to, to compare two builds' output on one book")
	autoBookKeep = flag.String("autobookdir", "", "directory that keeps the auto-lettering benchmarks' built books across runs (each built there when missing: empty it when buildAutoBook changes); none means a fresh temporary one")
)

// autoBook is a built book file and what it holds.
type autoBook struct {
	path                      string
	lines, invoices, payments int
	partners                  int
	built                     time.Duration
}

// keptBook is what -autobookdir keeps of an autoBook beside its file.
type keptBook struct {
	Lines, Invoices, Payments, Partners int
	Built                               time.Duration
}

var (
	autoBooks   = map[string]*autoBook{}
	autoBooksMu sync.Mutex
)

// autoBookDir keeps built books across the runs of one process.
var autoBookDir = sync.OnceValue(func() string {
	if *autoBookKeep != "" {
		return *autoBookKeep
	}
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
	if kept, err := os.ReadFile(path + ".json"); err == nil { // built by an earlier run in -autobookdir
		var k keptBook
		if err := json.Unmarshal(kept, &k); err != nil {
			b.Fatal(err)
		}
		ab := &autoBook{path: path, lines: k.Lines, invoices: k.Invoices, payments: k.Payments, partners: k.Partners, built: k.Built}
		autoBooks[key] = ab
		return ab
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) { // a build cut short
		b.Fatal(err)
	}
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
	kept, err := json.Marshal(keptBook{ab.lines, ab.invoices, ab.payments, ab.partners, ab.built})
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(path+".json", kept, 0o600); err != nil {
		b.Fatal(err)
	}
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
// second, bbolt's write calls per run (TxStats.Write: a value on overflow
// pages is one), the bytes written per lettered line (/proc/self/io wchar:
// every page) and the peak heap; "propose"
// only computes the proposals; "greedy-baseline" is a plain in-memory
// greedy pass matching the same payments to invoices by reference and
// amount (no book), the raw baseline of the same run. The 1M-line figure:
//
//	go test ./reconcile -run '^$' -bench AutoLetter -benchtime 1x -autolines 1000000 -timeout 60m
func BenchmarkAutoLetter(b *testing.B) {
	if *benchChunk > 0 {
		reconcile.SetAutoChunk(b, *benchChunk)
	}
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
		var written, wrote int64
		var peak uint64
		var elapsed time.Duration
		for i := 0; i < b.N; i++ {
			st, r := open(b)
			before, w0 := st.Bolt().Stats().TxStats, wcharBytes()
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
			wrote += wcharBytes() - w0
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
		b.ReportMetric(float64(wrote)/float64(max(lettered, 1)), "B/line") // a value on overflow pages counts whole
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
			if i == 0 && *autoDump != "" {
				dumpProposals(b, *autoDump, props)
			}
		}
		b.ReportMetric(float64(n), "proposals")
		b.ReportMetric(float64(stop())/(1<<20), "peak-heap-MiB")
	})
	// One month of the book: the rules run over each partner's open
	// items all the same, and propose what lies within it.
	month := reconcile.Scope{Accounts: []string{"411000"}, From: journal.MustDate(2026, 4, 1), To: journal.MustDate(2026, 4, 30)}
	b.Run(fmt.Sprintf("lines=%d/propose-month", ab.lines), func(b *testing.B) {
		st, r := open(b)
		defer st.Close()
		stop := peakHeap()
		var n int
		for i := 0; i < b.N; i++ {
			props, err := r.Propose(ctx, month, reconcile.Rules{})
			if err != nil {
				b.Fatal(err)
			}
			n = len(props.Proposals)
		}
		b.ReportMetric(float64(n), "proposals")
		b.ReportMetric(float64(stop())/(1<<20), "peak-heap-MiB")
	})
	b.Run(fmt.Sprintf("lines=%d/raw-store-calls", ab.lines), func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			writes, wrote := rawStoreCalls(b, ab, false)
			b.ReportMetric(float64(writes), "bbolt-writes")
			b.ReportMetric(float64(wrote)/(1<<20), "MB-written") // float ok: a size, not money
		}
		b.ReportMetric(float64(ab.payments)*float64(b.N)/b.Elapsed().Seconds(), "proposals/s")
	})
	// The floor of a book format that stored a lettering in one record
	// (its partials and its match together) and a line's lettering state
	// with its open item: what no code around the store calls can go
	// below in such a format.
	b.Run(fmt.Sprintf("lines=%d/raw-store-calls-floor", ab.lines), func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			writes, wrote := rawStoreCalls(b, ab, true)
			b.ReportMetric(float64(writes), "bbolt-writes")
			b.ReportMetric(float64(wrote)/(1<<20), "MB-written") // float ok: a size, not money
		}
		b.ReportMetric(float64(ab.payments)*float64(b.N)/b.Elapsed().Seconds(), "proposals/s")
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

// rawChunk replaces ApplyChunk in rawStoreCalls: how many proposals a
// durable transaction of the raw loop holds.
var rawChunk = flag.Int("rawchunk", 0, "proposals per transaction of the raw-store-calls loops (0: reconcile.ApplyChunk)")

// rawStoreCalls is what bbolt alone costs for the store calls a
// whole-book AutoLetter makes, the raw baseline of its 1M-line figure.
// The calls are those a counting store saw on the 1M-line book (book
// format 12), spread over the same keys and in the same order as far as
// a raw loop can know them: the lettered lines are 480 000 of the book's
// open items, taken in key order (AutoLetter walks the partners in
// order), 16 lines to every 7 proposals. Per line: a get and a put of its
// state (its open-item key without the date, as lineStateKey builds it),
// a get of the reversal index, a delete of its open item; per proposal: a
// match, a letter code (a get and a put), 9 partials every 7 proposals;
// per partner, a counter read twice and written once; per chunk of
// ApplyChunk proposals, one durable transaction that also writes the
// chunk's lettering chain record and its operation record (786 KB and
// 307 KB). Values have the stored sizes. The entries the run posts (the
// write-offs, their 5 000 open items) are left out. No decoding, no
// lettering, no record built: the floor of the run as stored today.
//
// With floor, the calls are those of the leanest format that keeps what
// the book must answer: per lettered line, its open item deleted and its
// state written (no reads); per proposal, one record holding its
// partials and its match, and its letter code; per partner, its counter
// written once; the chunk's two records as above.
//
// It returns bbolt's write calls and the bytes the process wrote during
// the timed calls.
func rawStoreCalls(b *testing.B, ab *autoBook, floor bool) (writes, wrote int64) {
	b.StopTimer()
	path := filepath.Join(b.TempDir(), "raw.db")
	copyFile(b, ab.path, path)
	{ // the book's indexes, brought up as AutoLetter's first read does
		st, err := boltstore.Open(path, boltstore.Options{})
		if err != nil {
			b.Fatal(err)
		}
		book, err := ledger.Open(context.Background(), st, ledger.Options{Currency: eur})
		if err == nil {
			err = book.Index(context.Background())
		}
		if err := errors.Join(err, st.Close()); err != nil {
			b.Fatal(err)
		}
	}
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var open [][]byte // the book's open items, in key order
	if err := db.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket([]byte("ix.open"))
		if bk == nil {
			return errors.New("no open items")
		}
		return bk.ForEach(func(k, _ []byte) error {
			open = append(open, bytes.Clone(k))
			return nil
		})
	}); err != nil {
		b.Fatal(err)
	}
	const (
		lettered    = 480_000 // lines AutoLetter letters on this book
		dateSize    = 4       // an open-item key's date, between partner and position
		posSize     = 8       // a line's position at a key's end
		stateSize   = 36      // a line state's value
		partialSize = 115
		matchSize   = 151
	)
	if len(open) < lettered {
		b.Fatalf("%d open items, fewer than the %d lines to letter", len(open), lettered)
	}
	proposals := lettered * 7 / 16
	partner := func(k []byte) []byte { return k[:len(k)-dateSize-posSize] } // account, 0, partner, 0
	stateKey := func(k []byte) []byte {
		return append(bytes.Clone(partner(k)), k[len(k)-posSize:]...)
	}
	state, partial, match := make([]byte, stateSize), make([]byte, partialSize), make([]byte, matchSize)
	lettering := make([]byte, matchSize+3*partialSize) // a match and its partials, as one record
	chainRec, opRec := make([]byte, 786_000), make([]byte, 307_000)
	var id uint64 // partials and matches: new ids, in increasing order
	newID := func() []byte {
		id++
		return binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(make([]byte, 0, 16), 1<<62), id)
	}
	bucket := func(tx *bolt.Tx, name string) *bolt.Bucket {
		bk, err := tx.CreateBucketIfNotExists([]byte(name))
		if err != nil {
			b.Fatal(err)
		}
		return bk
	}
	var last []byte // the partner of the line lettered last
	var code, chunk uint64
	s0, w0 := db.Stats().TxStats, wcharBytes()
	defer func() {
		s1 := db.Stats().TxStats
		writes, wrote = s1.GetWrite()-s0.GetWrite(), wcharBytes()-w0
	}()
	b.StartTimer()
	chunkSize := reconcile.ApplyChunk
	if *rawChunk > 0 {
		chunkSize = *rawChunk
	}
	for p := 0; p < proposals; p += chunkSize {
		n := min(chunkSize, proposals-p)
		if err := db.Update(func(tx *bolt.Tx) error {
			lines, items, rev := bucket(tx, "ix.line"), bucket(tx, "ix.open"), bucket(tx, "rev")
			partials, matches, codes, ctr := bucket(tx, "partial"), bucket(tx, "match"), bucket(tx, "ix.code"), bucket(tx, "ctr")
			for i := p; i < p+n; i++ {
				from, to := i*lettered/proposals, (i+1)*lettered/proposals
				for j := from; j < to; j++ {
					k := open[j*len(open)/lettered]
					if pk := partner(k); !bytes.Equal(pk, last) {
						last = pk
						if !floor {
							ctr.Get(pk)
							ctr.Get(pk)
						}
						if err := ctr.Put(bytes.Clone(pk), state[:8]); err != nil {
							return err
						}
					}
					sk := stateKey(k)
					if !floor {
						lines.Get(sk)
						rev.Get(newID())
					}
					if err := lines.Put(sk, state); err != nil {
						return err
					}
					if err := items.Delete(k); err != nil {
						return err
					}
				}
				code++
				ck := binary.BigEndian.AppendUint32(bytes.Clone(last), uint32(code))
				if floor {
					np := (i+1)*9/7 - i*9/7
					if err := matches.Put(newID(), lettering[:matchSize+np*partialSize]); err != nil {
						return err
					}
					if err := codes.Put(ck, newID()); err != nil {
						return err
					}
					continue
				}
				for range (i+1)*9/7 - i*9/7 {
					if err := partials.Put(newID(), partial); err != nil {
						return err
					}
				}
				codes.Get(ck)
				if err := codes.Put(ck, newID()); err != nil {
					return err
				}
				if err := matches.Put(newID(), match); err != nil {
					return err
				}
			}
			chunk++
			if err := bucket(tx, "chain.let").Put(binary.BigEndian.AppendUint64(nil, chunk), chainRec); err != nil {
				return err
			}
			return bucket(tx, "op").Put(newID(), opRec)
		}); err != nil {
			b.Fatal(err)
		}
	}
	return // writes and wrote, set when the calls are done
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
	runtime.GC()
	stop := peakHeap()
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
	b.ReportMetric(float64(stop())/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(partners), "partners")
}

// benchChunk sets AutoLetter's proposals a commit for BenchmarkAutoLetter.
var benchChunk = flag.Int("autochunk", 0, "BenchmarkAutoLetter applies this many proposals a commit (0: reconcile.AutoChunk)")

var (
	letterPartners = flag.Int("letterpartners", 500, "partners BenchmarkLetterByPartner letters, one call each")
	writeBehind    = flag.Bool("writebehind", false, "BenchmarkLetterByPartner opens its books with boltstore's Options.WriteBehind (the log applied to the trees at the end is measured with the calls)")
	letterBefore   = flag.Int("letterbefore", 0, "BenchmarkLetterByPartner first auto-letters, in one run, the lines of the book's first this many days: a book with a lettering history")
)

// BenchmarkLetterByPartner letters a durable bbolt book the way an
// application letters as payments arrive, one operation per partner
// (-letterpartners of them spread over the book), each commit fsynced:
// "autoletter-partner" runs AutoLetter on 411000 with a scope of one
// partner; "pay-and-letter" registers a payment of a partner's unpaid
// invoice and letters the pair; "post" posts one two-line invoice per call
// (the lag it leaves indexed at the end), the single post lettering is
// compared with. With -letterbefore, each run first auto-letters part of
// the book in one call (chunks of AutoChunk proposals), as a book with a
// history has. It reports the bytes bbolt writes per call, as 4 KiB pages
// and per lettered line (pwrite bytes of the process, /proc/self/io wchar:
// a value on overflow pages counts whole, where bbolt's TxStats.Write
// counts it as one write), the most one call wrote, and calls per second.
// "raw-baseline" runs, in the same process, plain bbolt transactions with
// as many puts and deletes each as the autoletter calls' commits made on
// average, on random keys of a file of the book's size. The 1M-line
// figure:
//
//	go test ./reconcile -run '^$' -bench LetterByPartner -benchtime 1x -autolines 1000000 -timeout 60m
//
// (-autobookdir keeps the built book for the next run.)
func BenchmarkLetterByPartner(b *testing.B) {
	ab := buildAutoBook(b, *autoLines)
	fi, err := os.Stat(ab.path)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("book: %d lines, %d partners, %d MiB, built in %s", ab.lines, ab.partners, fi.Size()>>20, ab.built.Round(time.Second))
	n := min(*letterPartners, ab.partners)
	perPartner := ab.invoices / ab.partners
	partner := func(k int) int { return k * ab.partners / n }
	// The partner's tenth invoice is unpaid (buildAutoBook).
	unpaid := func(k int) int { return partner(k)*perPartner + 9 }
	var invoices []journal.ID
	calls := []struct {
		name  string
		setup func(b *testing.B, book *ledger.Book)
		call  func(b *testing.B, book *ledger.Book, r *reconcile.Reconciler, k int) (lines int)
	}{
		{"autoletter-partner", nil, func(b *testing.B, _ *ledger.Book, r *reconcile.Reconciler, k int) int {
			sum, err := r.AutoLetter(context.Background(), reconcile.AutoRequest{Scope: reconcile.Scope{Accounts: []string{"411000"},
				Partners: []string{fmt.Sprintf("C%06d", partner(k))}}})
			if err != nil {
				b.Fatal(err)
			}
			if sum.Failed != nil {
				b.Fatalf("%d proposals failed: %s", len(sum.Failed), sum.Failed[0].Err)
			}
			return sum.Lines
		}},
		{"pay-and-letter", func(b *testing.B, book *ledger.Book) {
			invoices = invoices[:0]
			for k := 0; k < n; k++ {
				e, err := book.EntryByNumber(context.Background(), journal.FormatNumber("VT", "2026", int64(unpaid(k)+1)))
				if err != nil {
					b.Fatal(err)
				}
				invoices = append(invoices, e.ID)
			}
		}, func(b *testing.B, _ *ledger.Book, r *reconcile.Reconciler, k int) int {
			res, err := r.RegisterPayment(context.Background(), reconcile.Payment{Direction: reconcile.Inbound,
				Partner: fmt.Sprintf("C%06d", partner(k)), Journal: "BQD", Date: journal.MustDate(2026, 12, 1),
				Method: reconcile.MethodTransfer, Invoices: []journal.ID{invoices[k]}})
			if err != nil {
				b.Fatal(err)
			}
			if len(res.Matches) != 1 {
				b.Fatalf("%d matches", len(res.Matches))
			}
			return 2
		}},
		{"post", nil, func(b *testing.B, book *ledger.Book, _ *reconcile.Reconciler, k int) int {
			a := currency.FromMinor(eur, 10000+int64(k))
			if _, err := book.Post(context.Background(), journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 12, 1),
				Type: journal.TypeInvoice, Lines: []journal.Line{
					{Account: "411000", Partner: fmt.Sprintf("C%06d", partner(k)), AmountCurrency: a},
					{Account: "706000", AmountCurrency: a.Neg()}}}); err != nil {
				b.Fatal(err)
			}
			if k == n-1 { // the lag left, indexed by the first read
				if err := book.View(context.Background(), func(*ledger.Tx) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
			return 0
		}},
	}
	var ops opCounts
	for _, c := range calls {
		b.Run(fmt.Sprintf("lines=%d/%s", ab.lines, c.name), func(b *testing.B) {
			var called, lettered int
			var written, writes, most int64
			var elapsed time.Duration
			ops.reset()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db, book, r := openLetterRun(b, ab, &ops)
				if c.setup != nil {
					c.setup(b, book)
				}
				s0 := db.Bolt().Stats()
				ops.reset()
				runtime.GC()
				w0, tx0 := wcharBytes(), db.Bolt().Stats().TxStats
				b.StartTimer()
				start := time.Now()
				for k := 0; k < n; k++ {
					cw := wcharBytes()
					lettered += c.call(b, book, r, k)
					most = max(most, wcharBytes()-cw)
				}
				if *writeBehind {
					// What the calls left in the log reaches the trees
					// within the measure.
					st := db.WriteBehindStats()
					cw := wcharBytes()
					if err := db.Compact(context.Background()); err != nil {
						b.Fatal(err)
					}
					b.Logf("write-behind: %d records of %.0f B on average, %d compactions of %d writes in the calls; the last, of %d writes, wrote %.1f pages",
						st.Records, float64(st.RecordBytes)/float64(max(st.Records, 1)), st.Compactions, st.Compacted, st.Overlay, float64(wcharBytes()-cw)/4096)
				}
				elapsed += time.Since(start)
				b.StopTimer()
				called += n
				written += wcharBytes() - w0
				s1 := db.Bolt().Stats()
				writes += s1.TxStats.GetWrite() - tx0.GetWrite()
				b.Logf("free pages %d+%d pending at the start, %d+%d after; %d commits, %.1f puts and %.1f deletes per commit; per call: %s",
					s0.FreePageN, s0.PendingPageN, s1.FreePageN, s1.PendingPageN, ops.commits.Load(),
					float64(ops.puts.Load())/float64(ops.commits.Load()), float64(ops.dels.Load())/float64(ops.commits.Load()), ops.perBucket(n))
				if err := book.Check(context.Background()); err != nil {
					b.Fatal(err)
				}
				db.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(written)/4096/float64(called), "pages/call")
			if lettered > 0 {
				b.ReportMetric(float64(written)/float64(lettered), "B/line")
			}
			b.ReportMetric(float64(most), "max-B/call")
			b.ReportMetric(float64(writes)/float64(called), "writes/call")
			b.ReportMetric(float64(lettered)/float64(called), "lines/call")
			b.ReportMetric(float64(called)/elapsed.Seconds(), "calls/s")
		})
		if c.name == "autoletter-partner" {
			commits := max(ops.commits.Load(), 1)
			puts, dels := int(ops.puts.Load()/commits), int(ops.dels.Load()/commits)
			perCall := int(commits) / n
			b.Run(fmt.Sprintf("lines=%d/raw-baseline", ab.lines), func(b *testing.B) {
				if perCall == 0 {
					b.Skip("the baseline repeats what autoletter-partner did: run both")
				}
				db := rawBoltOfSize(b, fi.Size())
				s0 := db.Stats()
				b.Logf("raw file: %d free pages; %d commits per call, %d puts and %d deletes per commit", s0.FreePageN, perCall, puts, dels)
				rng := rand.New(rand.NewPCG(1, 2))
				b.ResetTimer()
				w0 := wcharBytes()
				for i := 0; i < b.N; i++ {
					for c := 0; c < n*perCall; c++ {
						if err := rawCommit(db, rng, puts, dels); err != nil {
							b.Fatal(err)
						}
					}
				}
				b.StopTimer()
				b.ReportMetric(float64(wcharBytes()-w0)/4096/float64(b.N*n), "pages/call")
				b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "calls/s")
			})
		}
	}
}

// openLetterRun opens, durable, a fresh copy of the book for one run of
// BenchmarkLetterByPartner, counting its writes in ops, and letters the
// history -letterbefore asks for.
func openLetterRun(b *testing.B, ab *autoBook, ops *opCounts) (*boltstore.DB, *ledger.Book, *reconcile.Reconciler) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "run.db")
	copyFile(b, ab.path, path)
	db, err := boltstore.Open(path, boltstore.Options{WriteBehind: *writeBehind})
	if err != nil {
		b.Fatal(err)
	}
	book, err := ledger.Open(ctx, &countingBolt{DB: db, ops: ops}, ledger.Options{Currency: eur})
	if err != nil {
		b.Fatal(err)
	}
	r, err := reconcile.New(ctx, book, reconcile.Config{})
	if err != nil {
		b.Fatal(err)
	}
	if *letterBefore > 0 {
		sum, err := r.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{Accounts: []string{"411000"},
			To: journal.MustDate(2026, 1, 1).AddDays(*letterBefore)}})
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("lettered first: %d lines in %d proposals", sum.Lines, sum.Applied)
	}
	return db, book, r
}

// opCounts counts the commits of a store and the puts and deletes they
// made, in all and per bucket.
type opCounts struct {
	commits, puts, dels atomic.Int64
	mu                  sync.Mutex
	bucket              map[string]int
}

func (o *opCounts) reset() {
	o.commits.Store(0)
	o.puts.Store(0)
	o.dels.Store(0)
	o.mu.Lock()
	o.bucket = map[string]int{}
	o.mu.Unlock()
}

func (o *opCounts) count(bucket []byte, del bool) {
	if del {
		o.dels.Add(1)
	} else {
		o.puts.Add(1)
	}
	o.mu.Lock()
	if o.bucket == nil {
		o.bucket = map[string]int{}
	}
	o.bucket[string(bucket)]++
	o.mu.Unlock()
}

func (o *opCounts) perBucket(calls int) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	names := make([]string, 0, len(o.bucket))
	for k := range o.bucket {
		names = append(names, k)
	}
	slices.Sort(names)
	var s strings.Builder
	for _, k := range names {
		fmt.Fprintf(&s, "%q %.1f ", k, float64(o.bucket[k])/float64(calls))
	}
	return s.String()
}

// countingBolt counts what the transactions of a boltstore write; the
// store's optional abilities stay promoted from the embedded DB.
type countingBolt struct {
	*boltstore.DB
	ops *opCounts
}

func (c *countingBolt) Update(ctx context.Context, fn func(store.Tx) error) error {
	var tx *countingTx
	err := c.DB.Update(ctx, func(t store.Tx) error {
		tx = &countingTx{Tx: t}
		return fn(tx)
	})
	if err == nil && tx != nil {
		c.ops.commits.Add(1)
		for _, o := range tx.ops {
			c.ops.count([]byte(o.bucket), o.del)
		}
	}
	return err
}

type countingTx struct {
	store.Tx
	ops []struct {
		bucket string
		del    bool
	}
}

func (t *countingTx) Put(bucket, key, value []byte) error {
	t.ops = append(t.ops, struct {
		bucket string
		del    bool
	}{string(bucket), false})
	return t.Tx.Put(bucket, key, value)
}

func (t *countingTx) Delete(bucket, key []byte) error {
	t.ops = append(t.ops, struct {
		bucket string
		del    bool
	}{string(bucket), true})
	return t.Tx.Delete(bucket, key)
}

// wcharBytes returns the bytes this process has passed to write calls
// (/proc/self/io wchar), or 0 where that is not available.
func wcharBytes() int64 {
	data, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "wchar: "); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	return 0
}

var rawBolts sync.Map // size → path, built once per process

// rawBoltOfSize opens, durable, a copy of a plain bbolt file of at least
// size bytes holding random 16-byte keys with 100-byte values, built once
// per process without fsync.
func rawBoltOfSize(b *testing.B, size int64) *bolt.DB {
	p, ok := rawBolts.Load(size)
	if !ok {
		path := filepath.Join(autoBookDir(), fmt.Sprintf("raw%d.db", size))
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) { // an earlier process's
			b.Fatal(err)
		}
		db, err := bolt.Open(path, 0o600, &bolt.Options{NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(3, 4))
		for {
			if err := db.Update(func(tx *bolt.Tx) error {
				bk, err := tx.CreateBucketIfNotExists([]byte("raw"))
				if err != nil {
					return err
				}
				for i := 0; i < 50_000; i++ {
					if err := bk.Put(rawKey(rng), make([]byte, 100)); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				b.Fatal(err)
			}
			if fi, err := os.Stat(path); err != nil {
				b.Fatal(err)
			} else if fi.Size() >= size {
				break
			}
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		rawBolts.Store(size, path)
		p = path
	}
	path := filepath.Join(b.TempDir(), "raw.db")
	copyFile(b, p.(string), path)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

func rawKey(rng *rand.Rand) []byte {
	k := make([]byte, 16)
	for i := range k {
		k[i] = byte(rng.Uint32())
	}
	return k
}

// rawCommit is one baseline transaction: puts new random keys and deletes
// the keys next to random ones.
func rawCommit(db *bolt.DB, rng *rand.Rand, puts, dels int) error {
	return db.Update(func(tx *bolt.Tx) error {
		bk := tx.Bucket([]byte("raw"))
		for i := 0; i < puts; i++ {
			if err := bk.Put(rawKey(rng), make([]byte, 100)); err != nil {
				return err
			}
		}
		c := bk.Cursor()
		for i := 0; i < dels; i++ {
			if k, _ := c.Seek(rawKey(rng)); k != nil {
				if err := c.Delete(); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// dumpProposals writes everything Propose returned, one line a proposal or
// unmatched line, in its order: two builds proposing over copies of one
// book must write the same file.
func dumpProposals(b *testing.B, path string, props reconcile.Proposals) {
	var buf bytes.Buffer
	for _, p := range props.Proposals {
		fmt.Fprintf(&buf, "%s/%s %s %v %v lines %v seen %v partials", p.Account, p.Partner, p.Currency, p.Rule, p.Confidence, p.Lines, p.Seen)
		for _, pp := range p.Partials {
			fmt.Fprintf(&buf, " %s>%s:%s w%v d%v", pp.Debit, pp.Credit, pp.Amount.Plain(), pp.WriteOff, pp.Discount)
		}
		fmt.Fprintf(&buf, " wo %s disc %s: %s\n", p.WriteOff.Plain(), p.Discount.Plain(), p.Reason)
	}
	for _, u := range props.Unmatched {
		fmt.Fprintf(&buf, "unmatched %s/%s %s %s %s: %s\n", u.Account, u.Partner, u.Line, u.Number, u.Residual.Plain(), u.Reason)
	}
	fmt.Fprintf(&buf, "work limit reached %d\n", props.WorkLimitReached)
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		b.Fatal(err)
	}
}
