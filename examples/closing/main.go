// Closing keeps a small company's books for a year on a bbolt file, then
// does what its accountant does at the year's end and in the new year:
// moves a doubtful customer's debt to 416000 and impairs it, prints the general ledger of the
// customers' account 411000 and the balances, writes the FEC (the file
// the tax administration asks for) and checks it with the validator,
// closes the year for good, letters in the new year an invoice of the
// closed one, and writes off the doubtful debt once it is lost, its
// impairment taken back. The FEC goes to a folder:
//
//	go run ./examples/closing [folder]
//
// Without an argument the folder is a temporary one, removed at the end.
package main

import (
	"bytes"
	"context"
	"errors"
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
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/lettrage/lettrage/store/boltstore"
)

func main() {
	dir := ""
	if len(os.Args) > 1 {
		dir = os.Args[1]
	} else {
		tmp, err := os.MkdirTemp("", "lettrage-closing")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	if err := run(context.Background(), dir, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

var eur = currency.MustLookup("EUR")

func amt(s string) currency.Amount { return currency.MustParse(eur, s) }

func day(y int, m time.Month, d int) journal.Date { return journal.MustDate(y, m, d) }

// siren is the company's SIREN: it names the FEC.
const siren = "732829320"

func run(ctx context.Context, dir string, out io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	st, err := boltstore.Open(filepath.Join(dir, "book.db"), boltstore.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	// The clock says when the book records what it is given; fixed here so
	// that the output is the same on every run: the books of 2026 are
	// entered in 2026, the closing done on 20 January 2027.
	now := time.Date(2026, 12, 31, 18, 0, 0, 0, time.UTC)
	book, err := ledger.Create(ctx, st, ledger.Options{Currency: eur, Clock: func() time.Time { return now }})
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
	for _, p := range []ledger.Partner{{Code: "MARTIN", Name: "Boulangerie Martin"}, {Code: "DUPONT", Name: "Dupont SARL"},
		{Code: "PAPIER", Name: "Papeterie Durand"}, {Code: "LEROY", Name: "Leroy Travaux"}} {
		if err := book.AddPartner(ctx, p); err != nil {
			return err
		}
	}
	rec, err := reconcile.New(ctx, book, reconcile.Config{})
	if err != nil {
		return err
	}
	late, doubtful, err := year2026(ctx, book, rec)
	if err != nil {
		return err
	}
	if err := impair(ctx, rec, doubtful, out); err != nil {
		return err
	}

	fmt.Fprintln(out, "== General ledger of 411000 and 416000, 2026")
	year := report.Period{From: day(2026, time.January, 1), To: day(2026, time.December, 31)}
	gl, err := report.ReadGeneralLedger(ctx, book, report.LedgerQuery{Period: year, Accounts: []string{"411000", "416000"}, ByPartner: true})
	if err != nil {
		return err
	}
	fmt.Fprint(out, gl)
	fmt.Fprintln(out, "\n== Balance générale, 2026")
	gb, err := report.ReadGeneralBalance(ctx, book, report.BalanceQuery{Period: year})
	if err != nil {
		return err
	}
	fmt.Fprint(out, gb)
	fmt.Fprintln(out, "\n== Balance auxiliaire, 2026")
	ab, err := report.ReadAuxiliaryBalance(ctx, book, report.BalanceQuery{Period: year})
	if err != nil {
		return err
	}
	fmt.Fprint(out, ab)

	now = time.Date(2027, 1, 20, 10, 0, 0, 0, time.UTC)
	if err := fecAndClose(ctx, book, rec, dir, out); err != nil {
		return err
	}
	return year2027(ctx, book, rec, late, doubtful, out)
}

// year2026 posts a year of activity: sales with VAT, their payments (one
// customer pays only part in 2026, another nothing: it went into
// receivership), a supplier's bill paid. It returns the invoice part paid
// and the one unpaid.
func year2026(ctx context.Context, book *ledger.Book, rec *reconcile.Reconciler) (late, doubtful journal.Entry, err error) {
	sales := []struct {
		partner, ref string
		on           journal.Date
		ht           string
	}{
		{"MARTIN", "FA-2026-001", day(2026, time.March, 2), "1000.00"},
		{"DUPONT", "FA-2026-002", day(2026, time.June, 15), "2500.00"},
		{"LEROY", "FA-2026-004", day(2026, time.September, 15), "1500.00"},
		{"MARTIN", "FA-2026-003", day(2026, time.November, 30), "800.00"},
	}
	for _, s := range sales {
		ht := amt(s.ht)
		vat, _ := currency.Divide(eur, ht.Decimal(), currency.MustParseRate("5").Decimal(), currency.HalfAwayFromZero)
		ttc, _ := ht.Add(vat)
		res, err := book.Post(ctx, journal.Entry{Journal: "VT", Date: s.on, Type: journal.TypeInvoice, Ref: s.ref, Label: "Facture " + s.ref,
			Lines: []journal.Line{{Account: "411000", Partner: s.partner, Balance: ttc, DueDate: s.on.AddDays(30)},
				{Account: "706000", Label: "Prestations", Balance: ht.Neg()}, {Account: "445710", Label: "TVA 20 %", Balance: vat.Neg()}}})
		if err != nil {
			return late, doubtful, err
		}
		if s.partner == "LEROY" { // in receivership since October: nothing paid
			doubtful = res.Entry
			continue
		}
		paid, on := ttc, s.on.AddDays(20)
		if s.ref == "FA-2026-003" {
			late, paid = res.Entry, amt("500.00") // 460.00 still owed at the year's end
		}
		if _, err := rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: s.partner, Journal: "BQD", Date: on,
			Amount: paid, Method: reconcile.MethodTransfer, Ref: "VIR " + s.ref, Invoices: []journal.ID{res.Entry.ID}}); err != nil {
			return late, doubtful, err
		}
		if s.ref == "FA-2026-001" { // the books are kept in date order: April's bill comes next
			if err := supplier(ctx, book, rec); err != nil {
				return late, doubtful, err
			}
		}
	}
	return late, doubtful, nil
}

// impair moves the debt of the customer in receivership to the doubtful
// customers' account (416000) on the day the procedure opened, as the
// French chart has it, then at the closing impairs it: the accountant
// expects to recover half of it, and impairs the other half of its
// amount net of VAT (the VAT of a debt lost is recovered).
func impair(ctx context.Context, rec *reconcile.Reconciler, doubtful journal.Entry, out io.Writer) error {
	moved, err := rec.MoveToDoubtful(ctx, reconcile.DoubtfulMove{Invoice: doubtful.ID, Date: day(2026, time.October, 12),
		Label: "Redressement judiciaire Leroy Travaux"})
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "== 12/10/2026: Leroy Travaux in receivership, its debt moved to the doubtful customers")
	printEntries(out, moved.Entries)
	res, err := rec.Impair(ctx, reconcile.Impairment{Date: day(2026, time.December, 31),
		Debts: []reconcile.DoubtfulDebt{{Partner: "LEROY", Amount: amt("750.00")}}})
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "== Closing 2026: Leroy Travaux in receivership, half its debt net of VAT impaired")
	printEntries(out, res.Entries)
	fmt.Fprintln(out)
	return nil
}

// printEntries prints entries, a line each of their lines.
func printEntries(out io.Writer, entries []journal.Entry) {
	for _, e := range entries {
		fmt.Fprintf(out, "   %s %s %s\n", e.Name(), e.Date.French(), e.Label)
		for _, l := range e.Lines {
			fmt.Fprintf(out, "      %s %-6s %12s\n", l.Account, l.Partner, l.Balance.French())
		}
	}
}

// supplier posts a supplier's bill and pays it.
func supplier(ctx context.Context, book *ledger.Book, rec *reconcile.Reconciler) error {
	bill, err := book.Post(ctx, journal.Entry{Journal: "AC", Date: day(2026, time.April, 3), Type: journal.TypeInvoice, Ref: "D-77", Label: "Fournitures",
		Lines: []journal.Line{{Account: "401000", Partner: "PAPIER", Balance: amt("-360.00")},
			{Account: "606400", Label: "Fournitures", Balance: amt("300.00")}, {Account: "445660", Label: "TVA 20 %", Balance: amt("60.00")}}})
	if err != nil {
		return err
	}
	_, err = rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "PAPIER", Journal: "BQD", Date: day(2026, time.May, 2),
		Amount: amt("360.00"), Method: reconcile.MethodTransfer, Ref: "VIR D-77", Invoices: []journal.ID{bill.Entry.ID}})
	return err
}

// fecAndClose writes the FEC of 2026, validates it and closes the year.
func fecAndClose(ctx context.Context, book *ledger.Book, rec *reconcile.Reconciler, dir string, out io.Writer) error {
	var buf bytes.Buffer
	sum, err := report.WriteFEC(ctx, book, "2026", &buf, report.FECOptions{})
	if err != nil {
		return err
	}
	name := fec.FileName(siren, sum.Year.End) + ".txt"
	if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
		return err
	}
	rep, err := fec.Validate(bytes.NewReader(buf.Bytes()), fec.Options{YearStart: sum.Year.Start, YearEnd: sum.Year.End})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\n== FEC %s: %d entries, %d lines, debit %s, credit %s; validator: %d errors, %d warnings\n",
		name, sum.Entries, sum.Lines, sum.Debit.French(), sum.Credit.French(), rep.Errors, rep.Warnings)
	for _, f := range rep.Findings {
		fmt.Fprintln(out, "   ", f)
	}
	if !rep.OK() {
		return fmt.Errorf("the FEC does not validate: %v", rep.Findings)
	}
	// Through the Reconciler, which also refuses the closing while imported
	// bank statement entries of the year are not posted.
	c, _, err := rec.CloseFiscalYear(ctx, "2026", "Marie Curie, expert-comptable")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "== 2026 closed by %s on %s\n", c.By, c.At.Format("02/01/2006"))
	_, err = book.Post(ctx, journal.Entry{Journal: "OD", Date: day(2026, time.December, 31),
		Lines: []journal.Line{{Account: "627000", Balance: amt("10.00")}, {Account: "512000", Balance: amt("-10.00")}}})
	if !errors.Is(err, ledger.ErrYearClosed) {
		return fmt.Errorf("a bank charge dated in the closed year: %v, where the closing refuses it", err)
	}
	fmt.Fprintln(out, "   a late bank charge dated 31/12/2026: refused, the year is closed")
	return nil
}

// year2027 letters, in the new year, the invoice the closed year left
// owed, writes off the doubtful debt once the customer's liquidation is
// closed for want of assets, takes its impairment back, and shows the
// balances at the end of January.
func year2027(ctx context.Context, book *ledger.Book, rec *reconcile.Reconciler, late, doubtful journal.Entry, out io.Writer) error {
	if _, err := rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "MARTIN", Journal: "BQD",
		Date: day(2027, time.January, 18), Amount: amt("460.00"), Method: reconcile.MethodTransfer, Ref: "VIR FA-2026-003 solde",
		Invoices: []journal.ID{late.ID}}); err != nil {
		return err
	}
	st, err := rec.State(ctx, late.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\n== 2027: %s paid on 18/01/2027: %s, %s still owed\n", late.Name(), st.State, st.Residual.French())
	lost, err := rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: doubtful.ID, Date: day(2027, time.January, 25),
		Label: "Liquidation Leroy Travaux clôturée pour insuffisance d'actif"})
	if err != nil {
		return err
	}
	back, err := rec.Impair(ctx, reconcile.Impairment{Date: day(2027, time.January, 25),
		Debts: []reconcile.DoubtfulDebt{{Partner: "LEROY", Amount: amt("0.00")}}})
	if err != nil {
		return err
	}
	if st, err = rec.State(ctx, doubtful.ID); err != nil {
		return err
	}
	fmt.Fprintf(out, "== 2027: %s lost on 25/01/2027 (%s): 654000, its VAT recovered, its impairment taken back\n", doubtful.Name(), st.State)
	printEntries(out, append(lost.Entries, back.Entries...))
	tb, err := book.TrialBalance(ctx, day(2027, time.January, 31))
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "== Trial balance at 31/01/2027: income restarts, the 2026 profit on 120000")
	for _, r := range tb.Rows {
		fmt.Fprintf(out, "   %-7s %-45s %12s\n", r.Account, r.Name, r.Balance.French())
	}
	return nil
}
