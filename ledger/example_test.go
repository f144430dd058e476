package ledger_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/memstore"
)

// exampleBook is a book on memstore with the French chart, 2026 and a
// customer.
func exampleBook() *ledger.Book {
	ctx := context.Background()
	clock := func() time.Time { return time.Date(2026, 3, 31, 18, 0, 0, 0, time.UTC) }
	b, err := ledger.Create(ctx, memstore.New(), ledger.Options{Currency: currency.MustLookup("EUR"), Clock: clock})
	if err != nil {
		panic(err)
	}
	must(b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	must(b.InstallFrenchChart(ctx))
	must(b.AddPartner(ctx, ledger.Partner{Code: "C001", Name: "Boulangerie Martin"}))
	return b
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func eurAmount(s string) currency.Amount { return currency.MustParse(currency.MustLookup("EUR"), s) }

func ExampleBook_Post() {
	ctx := context.Background()
	b := exampleBook()
	invoice := journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 3, 2), Type: journal.TypeInvoice,
		Lines: []journal.Line{
			{Account: "411000", Partner: "C001", Balance: eurAmount("1200.00")},
			{Account: "706000", Balance: eurAmount("-1000.00")},
			{Account: "445710", Balance: eurAmount("-200.00")},
		}}
	res, err := b.Post(ctx, invoice)
	fmt.Println(res.Entry.Name(), res.Entry.Seq, err)

	// The same entry with an unbalanced line is refused, with the difference.
	invoice.Lines[2].Balance = eurAmount("-199.99")
	_, err = b.Post(ctx, invoice)
	var unbalanced *journal.UnbalancedError
	fmt.Println(errors.As(err, &unbalanced), unbalanced.Difference)

	bal, _ := b.Balance(ctx, ledger.BalanceQuery{Account: "411000", Partner: "C001"})
	fmt.Println("411000 C001:", bal.Balance.Plain())
	// Output:
	// VT/2026/00001 1 <nil>
	// true 0.01 EUR
	// 411000 C001: 1200.00
}

func ExampleBook_Reverse() {
	ctx := context.Background()
	b := exampleBook()
	wrong, _ := b.Post(ctx, journal.Entry{Journal: "BQD", Date: journal.MustDate(2026, 3, 20), Type: journal.TypePayment,
		Lines: []journal.Line{
			{Account: "512000", Balance: eurAmount("1020.00")},
			{Account: "411000", Partner: "C001", Balance: eurAmount("-1020.00")},
		}})
	rev, err := b.Reverse(ctx, wrong.Entry.ID, ledger.ReverseOptions{})
	fmt.Println(rev.Entry.Name(), rev.Entry.Label, rev.Entry.Date, err)
	_, err = b.Reverse(ctx, wrong.Entry.ID, ledger.ReverseOptions{})
	fmt.Println(err)
	bal, _ := b.Balance(ctx, ledger.BalanceQuery{Account: "512000"})
	fmt.Println("512000:", bal.Debit.Plain(), bal.Credit.Plain(), bal.Balance.Plain())
	// Output:
	// BQD/2026/00002 Extourne de BQD/2026/00001 2026-03-20 <nil>
	// ledger: entry is already reversed: BQD/2026/00001
	// 512000: 1020.00 1020.00 0.00
}

func ExampleBook_TrialBalance() {
	ctx := context.Background()
	b := exampleBook()
	must(b.AddFiscalYear(ctx, ledger.CalendarYear(2027)))
	post := func(date journal.Date, lines ...journal.Line) {
		_, err := b.Post(ctx, journal.Entry{Journal: "OD", Date: date, Lines: lines})
		must(err)
	}
	post(journal.MustDate(2026, 6, 1),
		journal.Line{Account: "512000", Balance: eurAmount("500.00")},
		journal.Line{Account: "706000", Balance: eurAmount("-500.00")})
	post(journal.MustDate(2027, 2, 1),
		journal.Line{Account: "627000", Balance: eurAmount("20.00")},
		journal.Line{Account: "512000", Balance: eurAmount("-20.00")})

	tb, _ := b.TrialBalance(ctx, journal.MustDate(2027, 12, 31))
	for _, r := range append(tb.Rows, tb.Total) {
		fmt.Printf("%-6s %-44s %8s\n", r.Account, r.Name, r.Balance.Plain())
	}
	// Output:
	// 120000 Résultat de l'exercice (bénéfice)             -500.00
	// 512000 Banque                                         480.00
	// 627000 Services bancaires                              20.00
	//        Total                                            0.00
}

// Closing a year: no entry is dated in it any more, and its result shows
// on 120000 in the next year until it is allocated.
func ExampleBook_CloseFiscalYear() {
	ctx := context.Background()
	// The year 2026 has ended: it is 15 February 2027.
	clock := func() time.Time { return time.Date(2027, 2, 15, 18, 0, 0, 0, time.UTC) }
	b, err := ledger.Create(ctx, memstore.New(), ledger.Options{Currency: currency.MustLookup("EUR"), Clock: clock})
	must(err)
	must(b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	must(b.AddFiscalYear(ctx, ledger.CalendarYear(2027)))
	must(b.InstallFrenchChart(ctx))
	sale := func(date journal.Date) journal.Entry {
		return journal.Entry{Journal: "OD", Date: date, Lines: []journal.Line{
			{Account: "512000", Balance: eurAmount("500.00")},
			{Account: "706000", Balance: eurAmount("-500.00")}}}
	}
	_, err = b.Post(ctx, sale(journal.MustDate(2026, 6, 1)))
	must(err)
	c, _, err := b.CloseFiscalYear(ctx, "2026", "Marie Curie, expert-comptable")
	must(err)
	fmt.Println("closed", c.Year.Label, "by", c.By)
	_, err = b.Post(ctx, sale(journal.MustDate(2026, 12, 31)))
	fmt.Println(errors.Is(err, ledger.ErrYearClosed))
	tb, _ := b.TrialBalance(ctx, journal.MustDate(2027, 1, 1))
	for _, r := range tb.Rows {
		fmt.Println(r.Account, r.Balance.Plain())
	}
	// Output:
	// closed 2026 by Marie Curie, expert-comptable
	// true
	// 120000 -500.00
	// 512000 500.00
}

// A book lives in its store: closed, then opened again from its file, it
// holds what was posted. Opening checks the company currency asked for.
func ExampleOpen() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "ledger-example")
	must(err)
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "book.db")

	// Create the book and post an invoice.
	st, err := boltstore.Open(path, boltstore.Options{})
	must(err)
	b, err := ledger.Create(ctx, st, ledger.Options{Currency: currency.MustLookup("EUR")})
	must(err)
	must(b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	must(b.InstallFrenchChart(ctx))
	must(b.AddPartner(ctx, ledger.Partner{Code: "C001", Name: "Boulangerie Martin"}))
	_, err = b.Post(ctx, journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 3, 2), Type: journal.TypeInvoice,
		Lines: []journal.Line{
			{Account: "411000", Partner: "C001", Balance: eurAmount("1200.00")},
			{Account: "706000", Balance: eurAmount("-1200.00")},
		}})
	must(err)
	must(st.Close()) // the Book does not close its store

	// Open it again; Options.Currency, when set, must be the book's.
	st, err = boltstore.Open(path, boltstore.Options{})
	must(err)
	defer st.Close()
	_, err = ledger.Open(ctx, st, ledger.Options{Currency: currency.MustLookup("USD")})
	fmt.Println(errors.Is(err, ledger.ErrBookMismatch))
	b, err = ledger.Open(ctx, st, ledger.Options{})
	must(err)
	bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: "411000", Partner: "C001"})
	must(err)
	fmt.Println("411000 C001:", bal.Balance.Plain())
	must(b.Check(ctx))
	// Output:
	// true
	// 411000 C001: 1200.00
}

// A partner's default payment terms, for an invoice that names none.
func ExamplePartner_Terms() {
	eur := currency.MustLookup("EUR")
	p := ledger.Partner{Code: "C1", Name: "Dupont SARL", PaymentTermDays: 45}
	inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: journal.MustDate(2026, 3, 10),
		Partner: p.Code, PartnerAccount: "411000", Terms: p.Terms(),
		Lines: []journal.InvoiceLine{{Account: "706000", Label: "Conseil", UnitPrice: currency.MustParse(eur, "500.00")}}}
	e, err := inv.Entry()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e.Lines[0].Partner, e.Lines[0].DueDate, e.Lines[0].AmountCurrency.French())
	// Output:
	// C1 2026-04-24 500,00 €
}
