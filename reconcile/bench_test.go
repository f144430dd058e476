package reconcile_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/lettrage/lettrage/store/pgstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/lettrage/lettrage/tax"
)

// Benchmarks (figures in BENCHMARKS.md):
//
//	go test ./reconcile -run '^$' -bench . -benchtime 2s

func benchSetup(b *testing.B, st store.Store, partners int) (*ledger.Book, *reconcile.Reconciler) {
	ctx := context.Background()
	book, err := ledger.Create(ctx, st, ledger.Options{Currency: eur})
	if err != nil {
		b.Fatal(err)
	}
	if err := book.AddFiscalYear(ctx, ledger.CalendarYear(2026)); err != nil {
		b.Fatal(err)
	}
	if err := book.InstallFrenchChart(ctx); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < partners; i++ {
		if err := book.AddPartner(ctx, ledger.Partner{Code: fmt.Sprintf("C%06d", i)}); err != nil {
			b.Fatal(err)
		}
	}
	r, err := reconcile.New(ctx, book, reconcile.Config{})
	if err != nil {
		b.Fatal(err)
	}
	return book, r
}

func benchInvoice(i int, partner string, fx bool) journal.Entry {
	date := journal.MustDate(2026, 1, 1).AddDays(i / 200 % 364)
	cur := eur
	if fx {
		cur = currency.MustLookup("USD")
	}
	a := currency.FromMinor(cur, 10000+int64(i%1000))
	e := journal.Entry{Journal: "VT", Date: date, Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: partner, AmountCurrency: a, DueDate: date.AddDays(30)},
		{Account: "706000", AmountCurrency: a.Neg()}}}
	if fx {
		e.Currency = cur
	}
	return e
}

// postInvoices posts n invoices spread over partners, in batches.
func postInvoices(b *testing.B, book *ledger.Book, n, partners int, fx bool) []journal.Entry {
	return postBatches(b, book, n, func(k int) journal.Entry { return benchInvoice(k, fmt.Sprintf("C%06d", k%partners), fx) })
}

// postBatches posts the n entries entry returns, a thousand per batch.
func postBatches(b *testing.B, book *ledger.Book, n int, entry func(k int) journal.Entry) []journal.Entry {
	var out []journal.Entry
	for i := 0; i < n; i += 1000 {
		batch := make([]journal.Entry, min(1000, n-i))
		for j := range batch {
			batch[j] = entry(i + j)
		}
		res, err := book.PostBatch(context.Background(), batch, ledger.BatchOptions{AllOrNothing: true})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res {
			out = append(out, r.Entry)
		}
	}
	return out
}

// postCashBasisInvoices posts n service invoices with VAT 20 % on payment,
// built with the invoice builder.
func postCashBasisInvoices(b *testing.B, book *ledger.Book, n, partners int, cur currency.Currency) []journal.Entry {
	vat := tax.Tax{ID: "E20", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnPayment,
		FinalAccount: "445710", TransitionAccount: "445740"}
	return postBatches(b, book, n, func(k int) journal.Entry {
		e, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: journal.MustDate(2026, 1, 1).AddDays(k / 200 % 364),
			Partner: fmt.Sprintf("C%06d", k%partners), PartnerAccount: "411000", Lines: []journal.InvoiceLine{
				{UnitPrice: currency.FromMinor(cur, 10000+int64(k%1000)), Taxes: []tax.Tax{vat}, Account: "706000"}}}.Entry()
		if err != nil {
			b.Fatal(err)
		}
		return e
	})
}

// BenchmarkRegisterAndLetter registers a payment against one invoice and
// letters it in full (one operation, one commit), durable on bbolt, on
// memstore for the CPU cost, and on PostgreSQL when LETTRAGE_PG_DSN is
// set; "fx" invoices in USD at 1.20 and pays at 1.25, so that every
// lettering posts an exchange entry too; "cash-basis" invoices services
// with VAT on payment, so that it posts a cash-basis entry; "fx-cash-basis"
// both, the VAT's final account valued at what the payment paid.
func BenchmarkRegisterAndLetter(b *testing.B) {
	usd := currency.MustLookup("USD")
	for _, s := range []struct {
		name string
		open func(b *testing.B) store.Store
	}{
		{"bbolt-durable", func(b *testing.B) store.Store {
			st, err := boltstore.Open(filepath.Join(b.TempDir(), "bench.db"), boltstore.Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { st.Close() })
			return st
		}},
		{"memstore", func(b *testing.B) store.Store { return memstore.New() }},
		// With LETTRAGE_PG_DSN set: a fresh schema on that server, durable
		// when the server fsyncs its commits.
		{"pgstore", func(b *testing.B) store.Store {
			if os.Getenv(storetest.PostgresDSNVar) == "" {
				b.Skip(storetest.PostgresSkip)
			}
			return storetest.OpenPostgres(b, pgstore.Options{})
		}},
	} {
		for _, kind := range []string{"plain", "fx", "cash-basis", "fx-cash-basis"} {
			fx := strings.HasPrefix(kind, "fx")
			b.Run(fmt.Sprintf("%s/%s", s.name, kind), func(b *testing.B) {
				book, r := benchSetup(b, s.open(b), 100)
				ctx := context.Background()
				var payDate journal.Date
				if fx {
					for _, rate := range []struct {
						day  int
						rate string
					}{{1, "1.20"}, {0, "1.25"}} {
						d := journal.MustDate(2026, 1, 1)
						if rate.day == 0 {
							d = journal.MustDate(2026, 12, 31)
						}
						if err := book.SetRate(ctx, usd, d, currency.MustParseRate(rate.rate)); err != nil {
							b.Fatal(err)
						}
					}
					payDate = journal.MustDate(2026, 12, 31)
				}
				var invoices []journal.Entry
				switch kind {
				case "cash-basis":
					invoices = postCashBasisInvoices(b, book, b.N, 100, eur)
				case "fx-cash-basis":
					invoices = postCashBasisInvoices(b, book, b.N, 100, usd)
				default:
					invoices = postInvoices(b, book, b.N, 100, fx)
				}
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					inv := invoices[i]
					date := inv.Date
					if fx {
						date = payDate
					}
					res, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: inv.Lines[0].Partner,
						Journal: "BQD", Date: date, Method: reconcile.MethodTransfer, Invoices: []journal.ID{inv.ID}})
					if err != nil {
						b.Fatal(err)
					}
					if want := map[string]int{"plain": 1, "fx": 2, "cash-basis": 2, "fx-cash-basis": 3}[kind]; len(res.Entries) != want {
						b.Fatalf("no %s entry: %d entries", kind, len(res.Entries))
					}
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
			})
		}
	}
}

// BenchmarkLetteringScale letters, detaches and lists outstanding items on
// books of 10k and 1M open items over 100k partners (bbolt, warm, built
// without fsync). A partner TEN has ten open invoices in both books so the
// queries return the same output at both sizes. The 1M book takes a few
// minutes to build.
func BenchmarkLetteringScale(b *testing.B) {
	const partners = 100_000
	for _, n := range []int{10_000, 1_000_000} {
		st, err := boltstore.Open(filepath.Join(b.TempDir(), "scale.db"), boltstore.Options{NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		start := time.Now()
		book, r := benchSetup(b, st, partners)
		postInvoices(b, book, n, partners, false)
		ctx := context.Background()
		if err := book.AddPartner(ctx, ledger.Partner{Code: "TEN"}); err != nil {
			b.Fatal(err)
		}
		var ten []journal.Entry
		for i := 0; i < 10; i++ {
			res, err := book.Post(ctx, benchInvoice(i, "TEN", false))
			if err != nil {
				b.Fatal(err)
			}
			ten = append(ten, res.Entry)
		}
		pay, err := r.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "TEN", Journal: "BQD",
			Date: journal.MustDate(2026, 6, 1), Amount: currency.FromMinor(eur, 5000), Method: reconcile.MethodTransfer})
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%d open items built in %s", n, time.Since(start).Round(time.Second))
		inv, payLine := ten[0].LineRef(0), pay.Entries[0].LineRef(0)
		b.Run(fmt.Sprintf("items=%d/letter+detach", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := r.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv, payLine}}); err != nil {
					b.Fatal(err)
				}
				if _, err := r.Detach(ctx, journal.NoID, payLine); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("items=%d/statement", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := r.Statement(ctx, "411000", "TEN"); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("items=%d/outstanding-credits", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := r.OutstandingCredits(ctx, ten[1].ID); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPairVsPost letters one invoice with one payment already posted
// (the payment's amount exactly, one Reconcile, one commit) and posts one
// two-line invoice, alternately, durable on bbolt: the two costs side by
// side in one run, whatever the disk does meanwhile. It reports each in
// ms and their ratio (pair/post); without fsync, the work each does. The
// post's indexes, which a single post leaves to a later transaction, are
// written between the two (index-ms), measured apart: one entry's
// indexes in a transaction of their own, where a run of posts indexes
// hundreds at once. post-pages and pair-pages are what each passed to
// pwrite, in 4 KiB pages, meta page included.
func BenchmarkPairVsPost(b *testing.B) {
	b.Run("bbolt-durable", func(b *testing.B) {
		st, err := boltstore.Open(filepath.Join(b.TempDir(), "pair.db"), boltstore.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		pairVsPost(b, st)
	})
	// The same work without waiting for the disk.
	b.Run("bbolt-nosync", func(b *testing.B) {
		st, err := boltstore.Open(filepath.Join(b.TempDir(), "pair.db"), boltstore.Options{NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		pairVsPost(b, st)
	})
}

func pairVsPost(b *testing.B, st store.Store) {
	book, r := benchSetup(b, st, 100)
	ctx := context.Background()
	invoices := postInvoices(b, book, b.N, 100, false)
	pays := postBatches(b, book, b.N, func(k int) journal.Entry {
		inv := invoices[k]
		return journal.Entry{Journal: "BQD", Date: inv.Date.AddDays(20), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "512000", Balance: inv.Lines[0].Balance},
			{Account: "411000", Partner: inv.Lines[0].Partner, Balance: inv.Lines[0].Balance.Neg()}}}
	})
	// Catch up what the batches left unindexed before measuring.
	if _, err := book.Balance(ctx, ledger.BalanceQuery{Account: "411000"}); err != nil {
		b.Fatal(err)
	}
	var post, index, pair time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	var postBytes, pairBytes int64 // what each passed to pwrite (/proc/self/io), read outside the timed parts
	for i := 0; i < b.N; i++ {
		w0 := wcharBytes()
		t0 := time.Now()
		if _, err := book.Post(ctx, benchInvoice(i, fmt.Sprintf("C%06d", i%100), false)); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		w1 := wcharBytes()
		// A post leaves its indexes to a later transaction (at most
		// IndexLagMax entries behind); index it here, apart, so that the
		// pair does not pay for the post.
		t2 := time.Now()
		if err := book.Index(ctx); err != nil {
			b.Fatal(err)
		}
		t3 := time.Now()
		w3 := wcharBytes()
		t4 := time.Now()
		res, err := r.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{invoices[i].LineRef(0), pays[i].LineRef(1)}})
		if err != nil {
			b.Fatal(err)
		}
		t5 := time.Now()
		if len(res.Matches) != 1 {
			b.Fatalf("pair %d: %d matches", i, len(res.Matches))
		}
		post, index, pair = post+t1.Sub(t0), index+t3.Sub(t2), pair+t5.Sub(t4)
		postBytes, pairBytes = postBytes+w1-w0, pairBytes+wcharBytes()-w3
	}
	b.ReportMetric(float64(postBytes)/4096/float64(b.N), "post-pages")
	b.ReportMetric(float64(pairBytes)/4096/float64(b.N), "pair-pages")
	b.ReportMetric(float64(post.Microseconds())/1000/float64(b.N), "post-ms")
	b.ReportMetric(float64(index.Microseconds())/1000/float64(b.N), "index-ms")
	b.ReportMetric(float64(pair.Microseconds())/1000/float64(b.N), "pair-ms")
	b.ReportMetric(float64(pair)/float64(post), "pair/post")
}
