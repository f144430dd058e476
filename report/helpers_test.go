package report_test

import (
	"context"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/lettrage/lettrage/store/storetest"
)

var (
	ctx = context.Background()
	eur = currency.MustLookup("EUR")
)

func e(s string) currency.Amount { return currency.MustParse(eur, s) }

func date(y int, m time.Month, d int) journal.Date { return journal.MustDate(y, m, d) }

// fixedClock ticks one second per call from a fixed instant.
func fixedClock() func() time.Time {
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	return func() time.Time { now = now.Add(time.Second); return now }
}

// must panics on an error: the example book is built from known-good
// input, and examples have no *testing.T.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func check(err error) {
	if err != nil {
		panic(err)
	}
}

// exampleBook builds, on st, a book with fiscal years 2025 and 2026, the
// French chart, customers C1 and C2 and supplier S1, and:
//
//	15/12/2025 VT invoice C1 1 200,00 (706000 1 000,00, 445710 200,00)
//	10/01/2026 VT invoice C1   600,00
//	15/01/2026 BQD receipt C1 1 200,00, lettering the 2025 invoice (AAA)
//	20/01/2026 VT invoice C2 2 400,00
//	05/02/2026 AC bill S1 360,00 (607000 300,00, 445660 60,00)
//	10/02/2026 BQD receipt C2 1 000,00, partly paying its invoice
//	20/02/2026 BQD payment S1 360,00, lettering the bill (AAA)
func exampleBook(st store.Store) *ledger.Book {
	book := must(ledger.Create(ctx, st, ledger.Options{Currency: eur, Clock: fixedClock()}))
	check(book.AddFiscalYear(ctx, ledger.CalendarYear(2025)))
	check(book.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	check(book.InstallFrenchChart(ctx))
	check(book.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Dupont SARL"}))
	check(book.AddPartner(ctx, ledger.Partner{Code: "C2", Name: "Martin SA"}))
	check(book.AddPartner(ctx, ledger.Partner{Code: "S1", Name: "Fournil"}))
	r := must(reconcile.New(ctx, book, reconcile.Config{}))
	sale := func(d journal.Date, p, ttc, ht, vat, label string) journal.Entry {
		return must(book.Post(ctx, journal.Entry{Journal: "VT", Date: d, Type: journal.TypeInvoice, Label: label, Lines: []journal.Line{
			{Account: "411000", Partner: p, DueDate: d.AddDays(30), Balance: e(ttc)},
			{Account: "706000", Balance: e(ht).Neg()},
			{Account: "445710", Balance: e(vat).Neg()},
		}})).Entry
	}
	pay := func(dir reconcile.Direction, d journal.Date, p, amount string, inv journal.Entry) {
		must(r.RegisterPayment(ctx, reconcile.Payment{Direction: dir, Partner: p, Journal: "BQD", Date: d,
			Amount: e(amount), Method: reconcile.MethodTransfer, Label: "Virement " + p, Invoices: []journal.ID{inv.ID}}))
	}
	old := sale(date(2025, 12, 15), "C1", "1200.00", "1000.00", "200.00", "Facture F25-31")
	sale(date(2026, 1, 10), "C1", "600.00", "500.00", "100.00", "Facture F26-01")
	pay(reconcile.Inbound, date(2026, 1, 15), "C1", "1200.00", old)
	c2 := sale(date(2026, 1, 20), "C2", "2400.00", "2000.00", "400.00", "Facture F26-02")
	bill := must(book.Post(ctx, journal.Entry{Journal: "AC", Date: date(2026, 2, 5), Type: journal.TypeInvoice, Label: "Farine", Lines: []journal.Line{
		{Account: "607000", Balance: e("300.00")},
		{Account: "445660", Balance: e("60.00")},
		{Account: "401000", Partner: "S1", DueDate: date(2026, 3, 5), Balance: e("-360.00")},
	}})).Entry
	pay(reconcile.Inbound, date(2026, 2, 10), "C2", "1000.00", c2)
	pay(reconcile.Outbound, date(2026, 2, 20), "S1", "360.00", bill)
	return book
}

// exampleMem is exampleBook on a fresh memstore.
func exampleMem() *ledger.Book { return exampleBook(memstore.New()) }

// eachStore runs fn on the example book on every backend.
func eachStore(t *testing.T, fn func(t *testing.T, book *ledger.Book)) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) { fn(t, exampleBook(s.Open(t))) })
	}
}
