package reconcile_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/boltstore"
)

// BenchmarkRunCollections registers a direct debit run on a durable bbolt
// book of 1 000 customers, each with a recurrent mandate, two invoices
// due and, one in ten, a credit note set off against them: one run
// collects all of them (1 000 receipts, each lettered with its
// documents). Each run has a book of its own, built outside the timer.
//
//	go test ./reconcile -run '^$' -bench RunCollections -benchtime 3x -benchmem
func BenchmarkRunCollections(b *testing.B) {
	const customers = 1000
	ctx := context.Background()
	build := func(b *testing.B) *reconcile.Reconciler {
		st, err := boltstore.Open(filepath.Join(b.TempDir(), "run.db"), boltstore.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		book, r := benchSetup(b, st, 0)
		if err := book.AddJournal(ctx, ledger.Journal{Code: "BQO", Name: "Banque", Kind: ledger.JournalBank, BankAccount: "512000",
			UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200", IBAN: "FR7630006000011234567890189"}); err != nil {
			b.Fatal(err)
		}
		var entries []journal.Entry
		for i := 0; i < customers; i++ {
			code := fmt.Sprintf("C%06d", i)
			if err := book.AddPartner(ctx, ledger.Partner{Code: code, Name: "Client " + code, BankAccounts: []ledger.BankAccount{{
				IBAN:    ident.IBAN("DE89370400440532013000"),
				Mandate: ledger.Mandate{Reference: "RUM-" + code, Signed: journal.MustDate(2026, 1, 10)},
			}}}); err != nil {
				b.Fatal(err)
			}
			for k := 0; k < 2; k++ {
				date := journal.MustDate(2026, 3, 1+k)
				a := currency.FromMinor(eur, int64(10000+i%500+k*100))
				entries = append(entries, journal.Entry{Journal: "VT", Date: date, Type: journal.TypeInvoice, Ref: fmt.Sprintf("FA-%d-%d", i, k),
					Lines: []journal.Line{{Account: "411000", Partner: code, Balance: a, DueDate: date.AddDays(20)}, {Account: "706000", Balance: a.Neg()}}})
			}
			if i%10 == 0 {
				a := currency.FromMinor(eur, 2500)
				entries = append(entries, journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 3, 3), Type: journal.TypeCreditNote,
					Lines: []journal.Line{{Account: "411000", Partner: code, Balance: a.Neg()}, {Account: "706000", Balance: a}}})
			}
		}
		res, err := book.PostBatch(ctx, entries, ledger.BatchOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for _, x := range res {
			if x.Err != nil {
				b.Fatal(x.Err)
			}
		}
		return r
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		r := build(b)
		b.StartTimer()
		run, err := r.RunCollections(ctx, reconcile.CollectionRequest{Journal: "BQO", Date: journal.MustDate(2026, 3, 25),
			DueBy: journal.MustDate(2026, 3, 31), Creditor: "Atelier", CreditorID: "FR72ZZZ123456"})
		if err != nil {
			b.Fatal(err)
		}
		if len(run.Collections) != customers || len(run.LeftOut) != 0 {
			b.Fatalf("%d collections, %d left out", len(run.Collections), len(run.LeftOut))
		}
	}
	b.ReportMetric(float64(customers*b.N)/b.Elapsed().Seconds(), "collections/s")
}
