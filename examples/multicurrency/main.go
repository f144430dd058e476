// Multicurrency walks through a dollar invoice paid in two receipts on a bbolt book: a
// 1 200.00 USD invoice (1 EUR = 1.20 USD) paid 600.00 USD at 1.25 and
// 600.00 USD at 1.15, the exchange entries each receipt implies, the
// second receipt detached again (only its exchange entry is reversed),
// and a year-end revaluation of what is still open.
//
//	go run ./examples/multicurrency [book.db]
//
// Without an argument the book lives in a temporary directory.
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/boltstore"
)

func main() {
	path := ""
	if len(os.Args) > 1 {
		path = os.Args[1]
	} else {
		dir, err := os.MkdirTemp("", "lettrage-multicurrency")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "book.db")
	}
	if err := run(context.Background(), path, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

var (
	eur = currency.MustLookup("EUR")
	usd = currency.MustLookup("USD")
)

func day(m time.Month, d int) journal.Date { return journal.MustDate(2026, m, d) }

func run(ctx context.Context, path string, out io.Writer) error {
	st, err := boltstore.Open(path, boltstore.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	clock := func() time.Time { return time.Date(2026, 12, 31, 18, 0, 0, 0, time.UTC) }
	book, err := ledger.Create(ctx, st, ledger.Options{Currency: eur, Clock: clock})
	if err != nil {
		return err
	}
	for _, y := range []int{2026, 2027} {
		if err := book.AddFiscalYear(ctx, ledger.CalendarYear(y)); err != nil {
			return err
		}
	}
	if err := book.InstallFrenchChart(ctx); err != nil {
		return err
	}
	if err := book.AddPartner(ctx, ledger.Partner{Code: "US01", Name: "Acme Inc."}); err != nil {
		return err
	}
	for _, r := range []struct {
		date journal.Date
		rate string
	}{{day(3, 1), "1.20"}, {day(3, 10), "1.25"}, {day(3, 20), "1.15"}} {
		if err := book.SetRate(ctx, usd, r.date, currency.MustParseRate(r.rate)); err != nil {
			return err
		}
	}
	rec, err := reconcile.New(ctx, book, reconcile.Config{})
	if err != nil {
		return err
	}

	// The invoice: 1 200.00 USD, converted by the book at 1.20.
	inv, err := book.Post(ctx, journal.Entry{Journal: "VT", Date: day(3, 1), Type: journal.TypeInvoice, Currency: usd,
		Label: "Consulting", Lines: []journal.Line{
			{Account: "411000", Partner: "US01", AmountCurrency: currency.MustParse(usd, "1200.00")},
			{Account: "706000", AmountCurrency: currency.MustParse(usd, "-1200.00")},
		}})
	if err != nil {
		return err
	}
	printEntry(out, inv.Entry)
	show := func(what string) error {
		st, err := rec.State(ctx, inv.Entry.ID)
		if err != nil {
			return err
		}
		var res ledger.Residual
		err = book.View(ctx, func(t *ledger.Tx) error {
			res, err = t.Residual(inv.Entry.LineRef(0))
			return err
		})
		fmt.Fprintf(out, "  → %s: %s, reste dû %s (%s)\n\n", what, st.State, res.AmountCurrency.French(), res.Balance.French())
		return err
	}

	var receipts []journal.Entry
	for _, date := range []journal.Date{day(3, 10), day(3, 20)} {
		res, err := rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "US01", Journal: "BQD",
			Date: date, Amount: currency.MustParse(usd, "600.00"), Method: reconcile.MethodTransfer,
			Invoices: []journal.ID{inv.Entry.ID}})
		if err != nil {
			return err
		}
		rate, _, err := book.Rate(ctx, usd, date) // the rate the receipt was booked at
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "Receipt of 600.00 USD at %s\n", rate)
		for _, e := range res.Entries {
			printEntry(out, e)
		}
		receipts = append(receipts, res.Entries[0])
		if err := show("invoice"); err != nil {
			return err
		}
	}

	fmt.Fprintln(out, "Detaching the second receipt")
	res, err := rec.Detach(ctx, journal.NoID, receipts[1].LineRef(0))
	if err != nil {
		return err
	}
	for _, e := range res.Entries {
		printEntry(out, e)
	}
	if err := show("invoice"); err != nil {
		return err
	}

	const closingRate = "1.10"
	closing := currency.MustParseRate(closingRate)
	fmt.Fprintf(out, "Year-end revaluation at 1 EUR = %s USD\n", closingRate)
	res, err = rec.Revalue(ctx, reconcile.Revaluation{Date: day(12, 31), Provision: true,
		Rates: map[string]currency.Rate{"USD": closing}})
	if err != nil {
		return err
	}
	for _, e := range res.Entries {
		printEntry(out, e)
	}
	items, err := rec.Revalued(ctx, day(12, 31))
	if err != nil {
		return err
	}
	for _, it := range items {
		fmt.Fprintf(out, "  revalued: %s %s %s %s against %s\n", it.Account, it.Partner, it.Currency.Code(),
			currency.PadLeft(it.Difference.French(), 12), it.Against)
	}
	return nil
}

// printEntry prints an entry's number, date and lines with both columns.
func printEntry(out io.Writer, e journal.Entry) {
	fmt.Fprintf(out, "  %-14s %s  %s\n", e.Name(), e.Date.French(), e.Label)
	for _, l := range e.Lines {
		fmt.Fprintf(out, "      %s %-5s %s %s\n", l.Account, l.Partner, currency.PadLeft(l.Balance.French(), 12),
			currency.PadLeft(l.AmountCurrency.French(), 14))
	}
}
