package ledger_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/boltstore"
	bolt "go.etcd.io/bbolt"
)

// BenchmarkDiskPerLine builds books on bbolt and reports the disk they take
// per posted line: the file's size (bbolt grows it in steps of up to
// 16 MiB ahead of need) and the pages in use (the high-water mark less the
// free pages, those the last commit freed included), under two page
// layouts: every bucket packed full when its pages split (layout=full,
// boltstore's former default) and the fill chosen per bucket from the
// ledger's append hints (layout=per-bucket, the default). Workloads:
// batches of 1 000 invoices for 100 partners, dated in order; single posts
// dated in order and scattered over the year; invoices for 1 000 partners,
// a third of them paid and lettered one by one. Each iteration builds a
// book; run it once:
//
//	go test ./ledger -run '^$' -bench DiskPerLine -benchtime 1x
func BenchmarkDiskPerLine(b *testing.B) {
	for _, layout := range []struct {
		name string
		fill float64 // float ok: a page fill ratio
	}{{"full", 1.0}, {"per-bucket", 0}} {
		for _, w := range []struct {
			name  string
			build func(b *testing.B, bk *ledger.Book) (lines int)
		}{{"batch", diskBatches}, {"single", diskSingle(benchEntry)}, {"scattered", diskSingle(scatteredEntry)}, {"lettering", diskLettering}} {
			b.Run(fmt.Sprintf("layout=%s/%s", layout.name, w.name), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					st, err := boltstore.Open(filepath.Join(b.TempDir(), fmt.Sprintf("disk%d.db", i)), boltstore.Options{NoSync: true, FillPercent: layout.fill})
					if err != nil {
						b.Fatal(err)
					}
					bk := benchBook(b, st)
					lines := w.build(b, bk)
					indexAll(b, bk)
					b.StopTimer()
					size, err := st.SizeOnDisk()
					if err != nil {
						b.Fatal(err)
					}
					var inUse int64
					if err := st.Bolt().View(func(tx *bolt.Tx) error {
						// Pages the last commits freed are "pending" until
						// no reader can see them, then reused: not in use.
						s := st.Bolt().Stats()
						inUse = tx.Size() - int64((s.FreePageN+s.PendingPageN)*st.Bolt().Info().PageSize)
						return nil
					}); err != nil {
						b.Fatal(err)
					}
					b.ReportMetric(float64(size)/float64(lines), "file-B/line")
					b.ReportMetric(float64(inUse)/float64(lines), "pages-B/line")
					if err := st.Close(); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
			})
		}
	}
}

func diskBatches(b *testing.B, bk *ledger.Book) int {
	addPartners(b, bk, 100)
	for i := 0; i < 20; i++ {
		batch := make([]journal.Entry, 1000)
		for j := range batch {
			batch[j] = benchEntry(i*1000+j, fmt.Sprintf("C%06d", j%100))
		}
		if _, err := bk.PostBatch(context.Background(), batch, ledger.BatchOptions{AllOrNothing: true}); err != nil {
			b.Fatal(err)
		}
	}
	return 3 * 20_000
}

func diskSingle(entry func(int, string) journal.Entry) func(*testing.B, *ledger.Book) int {
	return func(b *testing.B, bk *ledger.Book) int {
		addPartners(b, bk, 1)
		for i := 0; i < 3000; i++ {
			if _, err := bk.Post(context.Background(), entry(i, "C000000")); err != nil {
				b.Fatal(err)
			}
		}
		return 3 * 3000
	}
}

// diskLettering posts 4 000 invoices for 1 000 partners in batches, then
// registers 2 000 payments one by one, each dated 20 days after its
// invoice and lettered with it.
func diskLettering(b *testing.B, bk *ledger.Book) int {
	ctx := context.Background()
	addPartners(b, bk, 1000)
	r, err := reconcile.New(ctx, bk, reconcile.Config{})
	if err != nil {
		b.Fatal(err)
	}
	var invoices []journal.Entry
	for i := 0; i < 4; i++ {
		batch := make([]journal.Entry, 1000)
		for j := range batch {
			batch[j] = benchEntry(i*1000+j, fmt.Sprintf("C%06d", (i*1000+j)*7%1000))
		}
		res, err := bk.PostBatch(ctx, batch, ledger.BatchOptions{AllOrNothing: true})
		if err != nil {
			b.Fatal(err)
		}
		for _, x := range res {
			invoices = append(invoices, x.Entry)
		}
	}
	for k := 0; k < 2000; k++ {
		inv := invoices[k*7919%len(invoices)]
		if _, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: inv.Lines[0].Partner,
			Journal: "BQD", Date: inv.Date.AddDays(20), Method: reconcile.MethodTransfer, Invoices: []journal.ID{inv.ID}}); err != nil {
			b.Fatal(err)
		}
	}
	return 3*4000 + 2*2000
}

// BenchmarkLayoutDurable alternates the same durable posts on two books on
// the same disk, one packed full (layout=full, the former default) and one
// with the fill chosen per bucket (the default), and reports each rate and
// their ratio: this disk drifts by ±15 % or more over minutes, and
// alternating (each book first every other time) cancels the drift out of
// the ratio. "single" posts one
// three-line entry per operation (indexing included at the end), "batch"
// 1 000 per PostBatch for 100 partners.
//
//	go test ./ledger -run '^$' -bench LayoutDurable -benchtime 2s
func BenchmarkLayoutDurable(b *testing.B) {
	for _, batch := range []int{1, 1000} {
		name := "single"
		if batch > 1 {
			name = "batch"
		}
		b.Run(name, func(b *testing.B) {
			books := []*ledger.Book{benchBook(b, durable(b, 1.0)), benchBook(b, durable(b, 0))}
			for _, bk := range books {
				addPartners(b, bk, 100)
			}
			ctx := context.Background()
			var took [2]time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for n := range books {
					k := (n + i) % 2 // each goes first every other time
					bk := books[k]
					t0 := time.Now()
					if batch == 1 {
						if _, err := bk.Post(ctx, benchEntry(i, "C000000")); err != nil {
							b.Fatal(err)
						}
					} else {
						entries := make([]journal.Entry, batch)
						for j := range entries {
							entries[j] = benchEntry(i*batch+j, fmt.Sprintf("C%06d", j%100))
						}
						if _, err := bk.PostBatch(ctx, entries, ledger.BatchOptions{AllOrNothing: true}); err != nil {
							b.Fatal(err)
						}
					}
					took[k] += time.Since(t0)
				}
			}
			for k, bk := range books {
				t0 := time.Now()
				indexAll(b, bk)
				took[k] += time.Since(t0)
			}
			b.ReportMetric(float64(b.N*batch)/took[0].Seconds(), "full-entries/s")
			b.ReportMetric(float64(b.N*batch)/took[1].Seconds(), "per-bucket-entries/s")
			b.ReportMetric(took[0].Seconds()/took[1].Seconds(), "x-full")
		})
	}
}

// BenchmarkVerifyStructure measures boltstore's structure check, which
// Check runs first, against Check itself, on a book of 100 000 three-line
// entries for 1 000 partners (bbolt, warm, built without fsync).
//
//	go test ./ledger -run '^$' -bench VerifyStructure -benchtime 5x
func BenchmarkVerifyStructure(b *testing.B) {
	st, err := boltstore.Open(filepath.Join(b.TempDir(), "verify.db"), boltstore.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	bk := benchBook(b, st)
	addPartners(b, bk, 1000)
	ctx := context.Background()
	const entries = 100_000
	for i := 0; i < entries; i += 1000 {
		batch := make([]journal.Entry, 1000)
		for j := range batch {
			batch[j] = benchEntry(i+j, fmt.Sprintf("C%06d", (i+j)%1000))
		}
		if _, err := bk.PostBatch(ctx, batch, ledger.BatchOptions{AllOrNothing: true}); err != nil {
			b.Fatal(err)
		}
	}
	indexAll(b, bk)
	size, _ := st.SizeOnDisk()
	b.Run("structure", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if err := st.VerifyStructure(ctx); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(size)/b.Elapsed().Seconds()*float64(b.N)/(1<<20), "MiB/s")
	})
	b.Run("check", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if err := bk.Check(ctx); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(entries*b.N)/b.Elapsed().Seconds(), "entries/s")
	})
	// Opening the file verifies it unless told not to: the cost of the
	// default against the bare open. A backup's last commit stored no
	// freelist, as a file whose process ended without Close: open and
	// close it once and Close stores the list ("open"); restored before
	// each open, bbolt rebuilds the list by walking the file
	// ("after-crash"), which Open verifies first.
	path := filepath.Join(b.TempDir(), "verify.db")
	crashed := filepath.Join(b.TempDir(), "crashed.db")
	var copyOf bytes.Buffer
	if _, err := st.Backup(ctx, &copyOf); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(path, copyOf.Bytes(), 0o600); err != nil {
		b.Fatal(err)
	}
	db, err := boltstore.Open(path, boltstore.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	for _, o := range []struct {
		name  string
		opts  boltstore.Options
		crash bool
	}{{"open", boltstore.Options{}, false}, {"open-noverify", boltstore.Options{NoVerify: true}, false},
		{"open-after-crash", boltstore.Options{}, true}, {"open-after-crash-noverify", boltstore.Options{NoVerify: true}, true}} {
		b.Run(o.name, func(b *testing.B) {
			file := path
			if o.crash {
				file = crashed
			}
			for i := 0; i < b.N; i++ {
				if o.crash {
					b.StopTimer()
					if err := os.WriteFile(crashed, copyOf.Bytes(), 0o600); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				db, err := boltstore.Open(file, o.opts)
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer() // Close stores the list the crash left out
				db.Close()
				b.StartTimer()
			}
		})
	}
}
