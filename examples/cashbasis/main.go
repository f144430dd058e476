// Cashbasis walks through cash-basis VAT (TVA sur encaissements) on a
// bbolt book: services paid in three receipts (the third detached again),
// a cash-basis invoice paid early with a discount, and a supplier bill paid
// early with a discount; then it prints the VAT report and the payment data
// of the period.
//
//	go run ./examples/cashbasis [book.db]
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
	"github.com/lettrage/lettrage/tax"
)

func main() {
	path := ""
	if len(os.Args) > 1 {
		path = os.Args[1]
	} else {
		dir, err := os.MkdirTemp("", "lettrage-cashbasis")
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
	// Services: VAT due on payment, booked on 445740 until then.
	services = tax.Tax{ID: "FR-20-E", Name: "TVA 20 % encaissements", Rate: tax.MustParsePercent("20"),
		Exigibility: tax.OnPayment, FinalAccount: "445710", TransitionAccount: "445740"}
	// Purchases of goods: VAT deductible on the invoice.
	goods = tax.Tax{ID: "FR-20-D", Name: "TVA 20 % déductible", Rate: tax.MustParsePercent("20"),
		FinalAccount: "445660"}
)

func amt(s string) currency.Amount { return currency.MustParse(eur, s) }

func day(m time.Month, d int) journal.Date { return journal.MustDate(2026, m, d) }

func run(ctx context.Context, path string, out io.Writer) error {
	st, err := boltstore.Open(path, boltstore.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	clock := func() time.Time { return time.Date(2026, 6, 30, 18, 0, 0, 0, time.UTC) }
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
	for _, p := range []ledger.Partner{{Code: "C1", Name: "Cabinet Roux"}, {Code: "C2", Name: "Atelier Martin"},
		{Code: "S1", Name: "Grossiste Dupuis"}} {
		if err := book.AddPartner(ctx, p); err != nil {
			return err
		}
	}
	rec, err := reconcile.New(ctx, book, reconcile.Config{})
	if err != nil {
		return err
	}
	post := func(inv journal.Invoice) (journal.Entry, error) {
		e, err := inv.Entry()
		if err != nil {
			return journal.Entry{}, err
		}
		res, err := book.Post(ctx, e)
		return res.Entry, err
	}
	pay := func(p reconcile.Payment) (reconcile.Result, error) {
		p.Method = reconcile.MethodTransfer
		if p.Direction == 0 {
			p.Direction = reconcile.Inbound
		}
		res, err := rec.RegisterPayment(ctx, p)
		if err == nil {
			for _, e := range res.Entries[1:] {
				printEntry(out, e)
			}
		}
		return res, err
	}

	fmt.Fprintln(out, "1. 1 000.00 HT + 20 % on payment, three receipts of 400.00")
	inv, err := post(journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: day(3, 1), Partner: "C1",
		PartnerAccount: "411000", Label: "Audit", Lines: []journal.InvoiceLine{
			{Label: "Audit", UnitPrice: amt("1000.00"), Taxes: []tax.Tax{services}, Account: "706000"}}})
	if err != nil {
		return err
	}
	var receipts []journal.Entry
	for _, d := range []int{10, 20, 30} {
		res, err := pay(reconcile.Payment{Partner: "C1", Journal: "BQD", Date: day(3, d), Amount: amt("400.00"),
			Invoices: []journal.ID{inv.ID}})
		if err != nil {
			return err
		}
		receipts = append(receipts, res.Entries[0])
	}
	if err := showBalance(ctx, out, book, "445740"); err != nil {
		return err
	}
	fmt.Fprintln(out, "  detaching the third receipt:")
	res, err := rec.Detach(ctx, journal.NoID, receipts[2].LineRef(0))
	if err != nil {
		return err
	}
	for _, e := range res.Entries {
		printEntry(out, e)
	}
	if err := showBalance(ctx, out, book, "445740"); err != nil {
		return err
	}

	fmt.Fprintln(out, "2. 1 000.00 HT + 20 % on payment, paid 1 176.00 with a discount")
	inv10, err := post(journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: day(4, 1), Partner: "C2",
		PartnerAccount: "411000", Label: "Formation", Lines: []journal.InvoiceLine{
			{Label: "Formation", UnitPrice: amt("1000.00"), Taxes: []tax.Tax{services}, Account: "706000"}}})
	if err != nil {
		return err
	}
	if _, err := pay(reconcile.Payment{Partner: "C2", Journal: "BQD", Date: day(4, 8), Amount: amt("1176.00"),
		Invoices: []journal.ID{inv10.ID}, EarlyDiscount: true}); err != nil {
		return err
	}

	fmt.Fprintln(out, "3. A supplier bill of 1 200.00 TTC paid 1 176.00 with a discount")
	bill, err := post(journal.Invoice{Kind: journal.SupplierBill, Journal: "AC", Date: day(4, 2), Partner: "S1",
		PartnerAccount: "401000", Label: "Marchandises", Lines: []journal.InvoiceLine{
			{Label: "Marchandises", UnitPrice: amt("1000.00"), Taxes: []tax.Tax{goods}, Account: "607000"}}})
	if err != nil {
		return err
	}
	if _, err := pay(reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQD", Date: day(4, 9),
		Amount: amt("1176.00"), Invoices: []journal.ID{bill.ID}, EarlyDiscount: true}); err != nil {
		return err
	}
	for _, doc := range []journal.Entry{inv, inv10, bill} {
		st, err := rec.State(ctx, doc.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  %s %s, reste dû %s\n", doc.Name(), st.State, st.Residual.French())
	}
	fmt.Fprintln(out)

	rep, err := rec.VATReport(ctx, day(3, 1), day(4, 30))
	if err != nil {
		return err
	}
	fmt.Fprint(out, rep)
	rows, err := rec.CashBasisPayments(ctx, day(3, 1), day(4, 30))
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "Payment data (cash-basis VAT)")
	for _, r := range rows {
		fmt.Fprintf(out, "  %s %s %-14s encaissé %s  TVA exigible %s\n", r.Date.French(), r.Invoice, r.Payment,
			currency.PadLeft(r.Collected.French(), 12), currency.PadLeft(r.VAT.French(), 10))
	}
	return nil
}

func showBalance(ctx context.Context, out io.Writer, book *ledger.Book, account string) error {
	b, err := book.Balance(ctx, ledger.BalanceQuery{Account: account})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  → %s balance %s\n", account, b.Balance.French())
	return nil
}

// printEntry prints a generated entry: number, date, label and lines.
func printEntry(out io.Writer, e journal.Entry) {
	fmt.Fprintf(out, "  %-14s %s  %s\n", e.Name(), e.Date.French(), e.Label)
	for _, l := range e.Lines {
		fmt.Fprintf(out, "      %s %-3s %s\n", l.Account, l.Partner, currency.PadLeft(l.Balance.French(), 12))
	}
}
