// Loadbook fills a bbolt book the way a business fills it over two years,
// through the public API only, and prints how fast and how large it grows:
// 10 000 customers, sales invoices (receivable with its due date, revenue,
// 20 % VAT) and the customers' bank payments, some paying two invoices at
// once, some paying part of one, dated in order and posted with PostBatch.
//
//	go run ./internal/cmd/loadbook -lines 1000000 -file /tmp/book.db
//
// Every 100 000 entries and at the end it prints the entries and journal
// lines posted so far, the rate over the last 100 000 entries and overall,
// the time elapsed, the file's size, and the bytes per line of the file and
// of the pages in use (the high-water mark less the free pages, those the
// last commits freed included), then how long indexing what the last
// batches left took and how long the slowest batch took (one that indexed
// the lag). The workload depends on -seed only; -cpuprofile and
// -memprofile write runtime/pprof profiles of the posting.
//
// With -letter N it then auto-letters N customers spread over the book,
// one AutoLetter call each scoped to the customer's receivable, as a
// screen that letters customer by customer would, and prints the lines
// lettered, the bytes written per call and per lettered line (what the
// process passed to write, as the lettering benchmarks count it) and the
// calls per second.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/tax"
	bolt "go.etcd.io/bbolt"
)

// config is the command line.
type config struct {
	file       string
	lines      int    // journal lines to post, at least
	batch      int    // entries per PostBatch
	partners   int    // customers
	seed       uint64 // the workload's random source
	noSync     bool
	every      int // entries between progress lines
	cpuProfile string
	memProfile string
	letter     int // customers to auto-letter after the load, one call each
}

func main() {
	var c config
	flag.StringVar(&c.file, "file", "", "the book file to create (must not exist)")
	flag.IntVar(&c.lines, "lines", 1_000_000, "journal lines to post")
	flag.IntVar(&c.batch, "batch", 1000, "entries per PostBatch")
	flag.IntVar(&c.partners, "partners", 10_000, "customers")
	flag.Uint64Var(&c.seed, "seed", 1, "seed of the workload")
	flag.BoolVar(&c.noSync, "nosync", false, "skip fsync on commit (boltstore NoSync)")
	flag.IntVar(&c.every, "every", 100_000, "entries between progress lines")
	flag.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the posting to this file")
	flag.StringVar(&c.memProfile, "memprofile", "", "write an allocation profile of the posting to this file")
	flag.IntVar(&c.letter, "letter", 0, "after the load, auto-letter this many customers spread over the book, one call each")
	flag.Parse()
	if c.file == "" || flag.NArg() > 0 || c.lines < 1 || c.batch < 1 || c.batch > ledger.BatchEntriesMax || c.partners < 1 || c.every < 1 ||
		c.letter < 0 || c.letter > c.partners {
		flag.Usage()
		os.Exit(2)
	}
	if _, err := run(context.Background(), c, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// totals are what a run posted.
type totals struct {
	entries, lines      int
	invoices, payments  int
	pairs, partials     int             // payments of two invoices, payments of part of one
	invoiced, received  currency.Amount // TTC invoiced, paid by customers
	last                journal.Date    // the last entry's date
	setup, indexingTail time.Duration
	slowest             time.Duration // the longest PostBatch: one that indexed the lag
}

// run creates the book in c.file, posts the workload and prints the
// progress lines to out.
func run(ctx context.Context, c config, out io.Writer) (totals, error) {
	var tot totals
	if _, err := os.Stat(c.file); err == nil {
		return tot, fmt.Errorf("%s exists: loadbook creates a new book", c.file)
	} else if !errors.Is(err, os.ErrNotExist) {
		return tot, err
	}
	start := time.Now()
	st, err := boltstore.Open(c.file, boltstore.Options{NoSync: c.noSync})
	if err != nil {
		return tot, err
	}
	defer st.Close()
	book, err := setUp(ctx, st, c.partners)
	if err != nil {
		return tot, err
	}
	tot.setup = time.Since(start)
	setupPages, err := pagesInUse(st)
	if err != nil {
		return tot, err
	}
	fmt.Fprintf(out, "book %s: chart and %d partners set up in %s (%.1f MB of pages), durable=%v, batches of %d, seed %d\n",
		c.file, c.partners, tot.setup.Round(time.Millisecond), float64(setupPages)/(1<<20), !c.noSync, c.batch, c.seed) // float ok: a size in MB, printed

	stopProfile, err := startProfiles(c)
	if err != nil {
		return tot, err
	}
	l := loader{ctx: ctx, book: book, every: c.every, tot: &tot, batch: make([]journal.Entry, 0, c.batch),
		p: progress{out: out, st: st, start: time.Now()}}
	l.p.last = l.p.start
	l.p.header()
	g := newWorkload(c)
	for g.lines < c.lines {
		e, ok := g.next()
		if !ok {
			break // two years posted
		}
		if l.batch = append(l.batch, e); len(l.batch) == c.batch {
			if err := l.post(); err != nil {
				return tot, err
			}
		}
	}
	if err := l.post(); err != nil {
		return tot, err
	}
	// Batches leave their indexes up to ledger.BatchIndexLagMax entries
	// behind, for the next write or read: index what the last ones left
	// now, inside the timed run.
	t0 := time.Now()
	if err := book.Index(ctx); err != nil {
		return tot, err
	}
	tot.indexingTail = time.Since(t0)
	if err := stopProfile(); err != nil {
		return tot, err
	}
	if err := l.p.line(tot.entries, tot.lines, "end"); err != nil {
		return tot, err
	}
	g.fill(&tot)
	fmt.Fprintf(out, "%d invoices, %d payments (%d of two invoices, %d partial) up to %s; %s EUR invoiced, %s received, %s due; indexing what the last batches left took %s, the slowest batch %s\n",
		tot.invoices, tot.payments, tot.pairs, tot.partials, tot.last, tot.invoiced.Plain(), tot.received.Plain(),
		mustSub(tot.invoiced, tot.received).Plain(), tot.indexingTail.Round(time.Millisecond), tot.slowest.Round(time.Millisecond))
	if c.letter > 0 {
		if err := letterCustomers(ctx, book, c, out); err != nil {
			return tot, err
		}
	}
	return tot, nil
}

// letterCustomers auto-letters c.letter customers spread over the book, one
// AutoLetter call each, and prints what they lettered and wrote.
func letterCustomers(ctx context.Context, book *ledger.Book, c config, out io.Writer) error {
	r, err := reconcile.New(ctx, book, reconcile.Config{})
	if err != nil {
		return err
	}
	w0, start, lines := passedToWrite(), time.Now(), 0
	for k := 0; k < c.letter; k++ {
		customer := partnerCode(1 + k*c.partners/c.letter) // customers are numbered from 1
		sum, err := r.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{Accounts: []string{"411000"},
			Partners: []string{customer}}})
		if err != nil {
			return err
		}
		if len(sum.Failed) > 0 {
			return fmt.Errorf("auto-lettering %s: %d proposals failed: %s", customer, len(sum.Failed), sum.Failed[0].Err)
		}
		lines += sum.Lines
	}
	elapsed := time.Since(start)
	written := "-"
	if w := passedToWrite(); w >= 0 && w0 >= 0 && lines > 0 {
		written = fmt.Sprintf("%.1f pages a call, %.0f B per lettered line", float64(w-w0)/4096/float64(c.letter), float64(w-w0)/float64(lines)) // float ok: ratios, printed
	}
	fmt.Fprintf(out, "auto-lettered %d customers one call each: %d lines, %s, %.0f calls/s\n",
		c.letter, lines, written, float64(c.letter)/elapsed.Seconds()) // float ok: a rate, printed
	return nil
}

// loader posts the entries in batches and prints the progress lines.
type loader struct {
	ctx   context.Context
	book  *ledger.Book
	every int // entries between progress lines
	tot   *totals
	batch []journal.Entry // to post
	p     progress
}

// post posts the batch, all or nothing, and prints a progress line when
// it crossed a multiple of every entries.
func (l *loader) post() error {
	if len(l.batch) == 0 {
		return nil
	}
	t0 := time.Now()
	res, err := l.book.PostBatch(l.ctx, l.batch, ledger.BatchOptions{AllOrNothing: true})
	if err != nil {
		return err
	}
	l.tot.slowest = max(l.tot.slowest, time.Since(t0))
	for i := range res {
		if res[i].Err != nil {
			return fmt.Errorf("entry %s of %s: %w", l.batch[i].Ref, l.batch[i].Date, res[i].Err)
		}
	}
	before := l.tot.entries
	for i := range l.batch {
		l.tot.lines += len(l.batch[i].Lines)
	}
	l.tot.entries += len(l.batch)
	l.batch = l.batch[:0]
	if l.tot.entries/l.every > before/l.every {
		return l.p.line(l.tot.entries, l.tot.lines, "")
	}
	return nil
}

// setUp creates the book: company currency EUR, fiscal years 2026 and
// 2027, the French chart and its journals (VT sales, BQD bank), and the
// customers C00001… All of it is committed in few transactions but for the
// partners, one AddPartner each.
func setUp(ctx context.Context, st *boltstore.DB, partners int) (*ledger.Book, error) {
	book, err := ledger.Create(ctx, st, ledger.Options{Currency: eur})
	if err != nil {
		return nil, err
	}
	for _, y := range []int{2026, 2027} {
		if err := book.AddFiscalYear(ctx, ledger.CalendarYear(y)); err != nil {
			return nil, err
		}
	}
	if err := book.InstallFrenchChart(ctx); err != nil {
		return nil, err
	}
	for i := 1; i <= partners; i++ {
		if err := book.AddPartner(ctx, ledger.Partner{Code: partnerCode(i), Name: fmt.Sprintf("Client %d", i), PaymentTermDays: 30}); err != nil {
			return nil, err
		}
	}
	return book, nil
}

func partnerCode(i int) string { return fmt.Sprintf("C%05d", i) }

// startProfiles starts the CPU profile and returns the function that stops
// it and writes the allocation profile.
func startProfiles(c config) (stop func() error, err error) {
	var cpu *os.File
	if c.cpuProfile != "" {
		if cpu, err = os.Create(c.cpuProfile); err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			return nil, err
		}
	}
	return func() error {
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				return err
			}
		}
		if c.memProfile == "" {
			return nil
		}
		f, err := os.Create(c.memProfile)
		if err != nil {
			return err
		}
		runtime.GC() // up-to-date in-use figures
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}, nil
}

// progress prints the progress lines.
type progress struct {
	out         io.Writer
	st          *boltstore.DB
	start, last time.Time
	lastEntries int
}

func (p *progress) header() {
	fmt.Fprintf(p.out, "%9s %10s %10s %10s %9s %9s %11s %12s %14s\n",
		"entries", "lines", "entries/s", "overall/s", "elapsed", "file MB", "file B/line", "pages B/line", "written B/line")
}

// line prints where the run stands: the rate since the last line and
// overall, and the disk the book takes per journal line.
func (p *progress) line(entries, lines int, note string) error {
	now := time.Now()
	size, err := p.st.SizeOnDisk()
	if err != nil {
		return err
	}
	inUse, err := pagesInUse(p.st)
	if err != nil {
		return err
	}
	recent := float64(entries-p.lastEntries) / now.Sub(p.last).Seconds() // float ok: a rate
	overall := float64(entries) / now.Sub(p.start).Seconds()             // float ok: a rate
	written := "-"
	if w := writtenBytes(); w >= 0 {
		written = fmt.Sprintf("%.0f", float64(w)/float64(lines)) // float ok: a ratio, printed
	}
	fmt.Fprintf(p.out, "%9d %10d %10.0f %10.0f %9s %9.1f %11.1f %12.1f %14s %s\n",
		entries, lines, recent, overall, now.Sub(p.start).Round(100*time.Millisecond),
		float64(size)/(1<<20),                                                      // float ok: a size in MB, printed
		float64(size)/float64(lines), float64(inUse)/float64(lines), written, note) // float ok: ratios, printed
	p.last, p.lastEntries = now, entries
	return nil
}

// writtenBytes returns the bytes this process has had written to disk
// (Linux /proc/self/io write_bytes: pages, file system journal included),
// -1 where the system does not tell.
func writtenBytes() int64 {
	return procIO("write_bytes: ")
}

// procIO returns the figure of /proc/self/io named by prefix, -1 where the
// system does not tell.
func procIO(prefix string) int64 {
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, prefix); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return -1
			}
			return n
		}
	}
	return -1
}

// passedToWrite returns the bytes this process has passed to write calls
// (Linux /proc/self/io wchar), -1 where the system does not tell.
func passedToWrite() int64 {
	return procIO("wchar: ")
}

// pagesInUse returns the bytes of the pages st uses: the high-water mark
// less the free pages, those the last commits freed included (bbolt holds
// them "pending" until no reader can see them, then reuses them), as
// ledger's BenchmarkDiskPerLine counts them.
func pagesInUse(st *boltstore.DB) (int64, error) {
	var inUse int64
	db := st.Bolt()
	err := db.View(func(tx *bolt.Tx) error {
		s := db.Stats()
		inUse = tx.Size() - int64((s.FreePageN+s.PendingPageN)*db.Info().PageSize)
		return nil
	})
	return inUse, err
}

var (
	eur = currency.MustLookup("EUR")
	vat = tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnInvoice) // 20 % on 445710
)

func mustSub(a, b currency.Amount) currency.Amount {
	d, err := a.Sub(b)
	if err != nil {
		panic(err) // both are euros: Sub cannot fail
	}
	return d
}
