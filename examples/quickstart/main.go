// Quickstart creates a book on a bbolt file, installs the French chart,
// posts a sales invoice (HT + VAT 20 %), reverses a mistaken receipt,
// registers the right one through package reconcile, which letters it with
// the invoice, and prints the letter code, the invoice's payment state, the
// journal and the trial balance.
//
//	go run ./examples/quickstart [book.db]
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
		dir, err := os.MkdirTemp("", "lettrage-quickstart")
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

var eur = currency.MustLookup("EUR")

func amt(s string) currency.Amount { return currency.MustParse(eur, s) }

func run(ctx context.Context, path string, out io.Writer) error {
	st, err := boltstore.Open(path, boltstore.Options{})
	if err != nil {
		return err
	}
	defer st.Close()

	// A fixed clock keeps the output identical from run to run.
	clock := func() time.Time { return time.Date(2026, 3, 31, 18, 0, 0, 0, time.UTC) }
	book, err := ledger.Create(ctx, st, ledger.Options{Currency: eur, Clock: clock})
	if err != nil {
		return err
	}
	if err := book.AddFiscalYear(ctx, ledger.CalendarYear(2026)); err != nil {
		return err
	}
	if err := book.InstallFrenchChart(ctx); err != nil {
		return err
	}
	if err := book.AddPartner(ctx, ledger.Partner{Code: "C001", Name: "Boulangerie Martin"}); err != nil {
		return err
	}

	// A sales invoice: 1 000.00 HT of services + 20 % VAT = 1 200.00 TTC.
	invoice, err := book.Post(ctx, journal.Entry{
		Journal: "VT", Date: journal.MustDate(2026, 3, 2), Type: journal.TypeInvoice,
		Ref: "FA-2026-001", Label: "Maintenance mars",
		Lines: []journal.Line{
			{Account: "411000", Partner: "C001", Label: "Boulangerie Martin", Balance: amt("1200.00"),
				DueDate: journal.MustDate(2026, 4, 1)},
			{Account: "706000", Label: "Maintenance", Balance: amt("-1000.00")},
			{Account: "445710", Label: "TVA 20 %", Balance: amt("-200.00")},
		},
	})
	if err != nil {
		return err
	}

	// A mistaken receipt typed as 1 020.00 and posted by hand, reversed
	// (extourne) and lettered with its reversal: posted entries are never
	// edited, and neither line stays open on the customer's account.
	wrong, err := book.Post(ctx, journal.Entry{
		Journal: "BQD", Date: journal.MustDate(2026, 3, 20), Type: journal.TypePayment,
		Ref: "CHQ 0001234", Label: "Chèque Boulangerie Martin",
		Lines: []journal.Line{
			{Account: "512000", Balance: amt("1020.00")},
			{Account: "411000", Partner: "C001", Balance: amt("-1020.00")},
		},
	})
	if err != nil {
		return err
	}
	rec, err := reconcile.New(ctx, book, reconcile.Config{})
	if err != nil {
		return err
	}
	if _, err := rec.Reverse(ctx, reconcile.Reversal{Entry: wrong.Entry.ID}); err != nil {
		return err
	}

	// The right receipt, registered through the lettering layer: it posts
	// the payment and letters it with the invoice it names.
	paid, err := rec.RegisterPayment(ctx, reconcile.Payment{
		Direction: reconcile.Inbound, Partner: "C001", Journal: "BQD",
		Date: journal.MustDate(2026, 3, 20), Amount: amt("1200.00"),
		Method: reconcile.MethodCheque, Ref: "CHQ 0001234",
		Invoices: []journal.ID{invoice.Entry.ID},
	})
	if err != nil {
		return err
	}
	code, _, err := rec.Code(ctx, invoice.Entry.LineRef(0))
	if err != nil {
		return err
	}
	state, err := rec.State(ctx, invoice.Entry.ID)
	if err != nil {
		return err
	}

	fmt.Fprintf(out, "Invoice %s posted; mistaken receipt %s reversed.\n", invoice.Entry.Name(), wrong.Entry.Name())
	fmt.Fprintf(out, "Receipt %s lettered with %s under letter %s; invoice %s, reste dû %s.\n\n",
		paid.Entries[0].Name(), invoice.Entry.Name(), code, state.State, state.Residual.French())
	if err := printJournal(ctx, book, out); err != nil {
		return err
	}
	fmt.Fprintln(out)
	if err := printTrialBalance(ctx, book, journal.MustDate(2026, 3, 31), out); err != nil {
		return err
	}
	if err := book.Verify(ctx); err != nil {
		return err
	}
	if err := book.Check(ctx); err != nil {
		return err
	}
	fmt.Fprintln(out, "\nHash chains verified; every invariant holds.")
	return nil
}

func printJournal(ctx context.Context, book *ledger.Book, out io.Writer) error {
	fmt.Fprintln(out, "Journal")
	fmt.Fprintf(out, "%-16s %-10s %-7s %-8s %12s %12s\n", "Number", "Date", "Account", "Partner", "Debit", "Credit")
	accounts, err := book.Accounts(ctx)
	if err != nil {
		return err
	}
	type row struct {
		seq  uint64
		line string
	}
	var rows []row
	for _, a := range accounts {
		for item, err := range book.Lines(ctx, ledger.LineFilter{Account: a.Code}) {
			if err != nil {
				return err
			}
			l := item.Line
			rows = append(rows, row{item.Seq*1000 + uint64(item.Ref.Index), fmt.Sprintf("%-16s %-10s %-7s %-8s %s %s",
				item.Number, item.Date.French(), l.Account, l.Partner,
				currency.PadLeft(blankZero(l.Debit()), 12), currency.PadLeft(blankZero(l.Credit()), 12))})
		}
	}
	for i := 1; i < len(rows); i++ { // few rows: insertion sort by posting order
		for j := i; j > 0 && rows[j].seq < rows[j-1].seq; j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
		}
	}
	for _, r := range rows {
		fmt.Fprintln(out, r.line)
	}
	return nil
}

func printTrialBalance(ctx context.Context, book *ledger.Book, at journal.Date, out io.Writer) error {
	tb, err := book.TrialBalance(ctx, at)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Trial balance at %s (fiscal year %s)\n", at.French(), tb.FiscalYear.Label)
	fmt.Fprintf(out, "%-7s %-46s %14s %14s %14s\n", "Account", "Name", "Debit", "Credit", "Balance")
	for _, r := range append(tb.Rows, tb.Total) {
		fmt.Fprintf(out, "%-7s %s %s %s %s\n", r.Account, currency.PadRight(r.Name, 46),
			currency.PadLeft(r.Debit.French(), 14), currency.PadLeft(r.Credit.French(), 14), currency.PadLeft(r.Balance.French(), 14))
	}
	return nil
}

func blankZero(a currency.Amount) string {
	if a.IsZero() {
		return ""
	}
	return currency.FrenchNumber(a)
}
