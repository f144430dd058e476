// Autolettering letters a few hundred customer invoices and receipts
// automatically on a bbolt book: receipts that name their invoice (its
// number, or an ISO 11649 creditor reference), receipts of an invoice's
// exact amount, one receipt for three invoices, one a few cents short, one
// paid early that takes the invoice's early-payment discount, one that
// pays an invoice less a credit note and names both, two that pay two
// invoices between them (the four sum to zero), and one nobody can
// identify. It prints the aged balance, the proposals with
// their reasons, applies them, and prints the aged balance again.
//
//	go run ./examples/autolettering [book.db]
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
	"strings"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
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
		dir, err := os.MkdirTemp("", "lettrage-autolettering")
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
	const customers = 12
	for i := 1; i <= customers+1; i++ { // CLI13 is a customer of June only
		if err := book.AddPartner(ctx, ledger.Partner{Code: fmt.Sprintf("CLI%02d", i)}); err != nil {
			return err
		}
	}
	// Cents written off without asking: up to 0.05 EUR.
	rec, err := reconcile.New(ctx, book, reconcile.Config{Tolerance: []currency.Amount{currency.MustParse(eur, "0.05")}})
	if err != nil {
		return err
	}

	// 240 invoices over five months, in one batch.
	var invoices []journal.Entry
	var batch []journal.Entry
	for k := 0; k < 240; k++ {
		date := day(time.Month(1+k/48), 1+k%28)
		amount := currency.FromMinor(eur, 5000+int64(k*7919%200000))
		batch = append(batch, journal.Entry{Journal: "VT", Date: date, Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: fmt.Sprintf("CLI%02d", 1+k%customers), Balance: amount, DueDate: date.AddDays(30)},
			{Account: "706000", Balance: amount.Neg()},
		}})
	}
	res, err := book.PostBatch(ctx, batch, ledger.BatchOptions{AllOrNothing: true})
	if err != nil {
		return err
	}
	for _, r := range res {
		invoices = append(invoices, r.Entry)
	}

	// The bank brings the receipts.
	receive := func(partner string, date journal.Date, amount currency.Amount, ref, label string) error {
		_, err := rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: partner, Journal: "BQD",
			Date: date, Method: reconcile.MethodTransfer, Amount: amount, Ref: ref, Label: label})
		return err
	}
	for k, inv := range invoices {
		if inv.Date.After(day(4, 30)) {
			break // May's invoices are not due yet
		}
		partner, amount, paid := inv.Lines[0].Partner, inv.Lines[0].Balance, inv.Date.AddDays(25)
		switch k % 8 {
		case 0, 1, 2: // the invoice number as the reference
			err = receive(partner, paid, amount, inv.Name(), "VIR "+partner)
		case 3: // the number in the transfer's text
			err = receive(partner, paid, amount, "", "Reglement facture "+inv.Name())
		case 4: // a creditor reference, as printed on the invoice
			rf, _ := ident.CreditorReference(inv.Name())
			err = receive(partner, paid, amount, rf, "")
		case 5: // the amount, nothing else
			err = receive(partner, paid, amount, "", "VIREMENT")
		}
		if err != nil {
			return err
		}
	}
	// One receipt for three May invoices of CLI01, without a word.
	var three currency.Amount = currency.Zero(eur)
	for _, k := range []int{192, 204, 216} {
		three, _ = three.Add(invoices[k].Lines[0].Balance)
	}
	if err := receive("CLI01", day(6, 10), three, "", "VIREMENT CLI01"); err != nil {
		return err
	}
	// A receipt three cents short of an invoice, without a word.
	cents, _ := invoices[225].Lines[0].Balance.Sub(currency.MustParse(eur, "0.03"))
	if err := receive(invoices[225].Lines[0].Partner, day(6, 11), cents, "", "VIREMENT"); err != nil {
		return err
	}
	// A receipt two cents short naming its invoice, and one nobody can place.
	short, _ := invoices[230].Lines[0].Balance.Sub(currency.MustParse(eur, "0.02"))
	if err := receive(invoices[230].Lines[0].Partner, day(6, 12), short, invoices[230].Name(), ""); err != nil {
		return err
	}
	if err := receive("CLI07", day(6, 15), currency.MustParse(eur, "137.42"), "VIR SEPA 0099-XK", ""); err != nil {
		return err
	}
	// An invoice offering 2 % off when paid within ten days (1 200.00, or
	// 1 176.00 until 11 June), paid early with its number.
	vat := tax.Tax{ID: "V20", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), FinalAccount: "445710"}
	offer := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: day(6, 1), Partner: "CLI03", PartnerAccount: "411000",
		Lines: []journal.InvoiceLine{{Label: "Audit", UnitPrice: currency.MustParse(eur, "1000.00"), Taxes: []tax.Tax{vat}, Account: "706000"}},
		Terms: journal.PaymentTerms{Due: journal.DueRule{Kind: journal.NetDays, Days: 30},
			Discount: &journal.EarlyDiscount{Percent: tax.MustParsePercent("2"), Days: 10}}}
	x, err := offer.Entry()
	if err != nil {
		return err
	}
	posted, err := book.Post(ctx, x)
	if err != nil {
		return err
	}
	invoices = append(invoices, posted.Entry)
	if err := receive("CLI03", day(6, 9), currency.MustParse(eur, "1176.00"), posted.Entry.Name(), "VIR CLI03"); err != nil {
		return err
	}

	// A credit note of 150.00 on a May invoice of CLI05; the customer pays
	// the invoice less the credit note, and names both.
	credited := currency.MustParse(eur, "150.00")
	note, err := book.Post(ctx, journal.Entry{Journal: "VT", Date: day(6, 5), Type: journal.TypeCreditNote, Lines: []journal.Line{
		{Account: "411000", Partner: "CLI05", Balance: credited.Neg()},
		{Account: "706000", Balance: credited},
	}})
	if err != nil {
		return err
	}
	net, _ := invoices[196].Lines[0].Balance.Sub(credited)
	if err := receive("CLI05", day(6, 20), net, "", "Facture "+invoices[196].Name()+" moins avoir "+note.Entry.Name()); err != nil {
		return err
	}

	// CLI13's two June invoices, 100.00 and 50.00, paid by two transfers
	// of 80.00 and 70.00 that say nothing: no receipt pays an invoice, but
	// the four sum to zero.
	for i, amount := range []string{"100.00", "50.00"} {
		a := currency.MustParse(eur, amount)
		if _, err := book.Post(ctx, journal.Entry{Journal: "VT", Date: day(6, 2+i), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: "CLI13", Balance: a, DueDate: day(7, 2+i)},
			{Account: "706000", Balance: a.Neg()},
		}}); err != nil {
			return err
		}
	}
	for i, amount := range []string{"80.00", "70.00"} {
		if err := receive("CLI13", day(6, 16+i), currency.MustParse(eur, amount), "", "VIREMENT"); err != nil {
			return err
		}
	}

	at := day(6, 30)
	aged := func(title string) error {
		a, err := rec.Aged(ctx, reconcile.AgedQuery{At: at})
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "\n== %s ==\n%s", title, a)
		return nil
	}
	if err := aged("before"); err != nil {
		return err
	}

	props, err := rec.Propose(ctx, reconcile.Scope{Accounts: []string{"411000"}}, reconcile.Rules{})
	if err != nil {
		return err
	}
	byRule := map[reconcile.Rule]int{}
	for _, p := range props.Proposals {
		byRule[p.Rule]++
	}
	fmt.Fprintf(out, "\n== %d proposals ==\n", len(props.Proposals))
	for r := reconcile.RuleReference; r <= reconcile.RuleTolerance; r++ {
		fmt.Fprintf(out, "%-13s %3d\n", r, byRule[r])
	}
	// The first two of each rule and confidence.
	type kind struct {
		r reconcile.Rule
		c reconcile.Confidence
	}
	shown := map[kind]int{}
	for _, p := range props.Proposals {
		if k := (kind{p.Rule, p.Confidence}); shown[k] < 2 {
			shown[k]++
			fmt.Fprintf(out, "- %s %s (%s): %s\n", p.Partner, p.Rule, p.Confidence, p.Reason)
		}
	}
	for _, p := range props.Proposals {
		if p.Discount.IsSet() {
			fmt.Fprintf(out, "- %s %s (%s), discount %s: %s\n", p.Partner, p.Rule, p.Confidence, p.Discount.French(), p.Reason)
		}
		if p.Rule == reconcile.RuleReference && strings.Contains(p.Reason, "credited") {
			fmt.Fprintf(out, "- %s %s (%s), a credit note set off: %s\n", p.Partner, p.Rule, p.Confidence, p.Reason)
		}
	}
	fmt.Fprintf(out, "\n== unmatched ==\n")
	for _, u := range props.Unmatched {
		fmt.Fprintf(out, "- %s %s %s: %s\n", u.Partner, u.Number, u.Residual.French(), u.Reason)
	}

	applied, err := rec.Apply(ctx, journal.NoID, props.Proposals)
	if err != nil {
		return err
	}
	matches, entries := 0, 0
	for _, o := range applied.Outcomes {
		matches += len(o.Matches)
		entries += len(o.Entries)
	}
	fmt.Fprintf(out, "\n== applied ==\n%d proposals applied, %d failed, %d matches, %d write-off and discount entries\n",
		len(applied.Outcomes)-applied.Failed(), applied.Failed(), matches, entries)
	if err := aged("after"); err != nil {
		return err
	}
	for _, k := range []int{0, 192, 196, 225, 230, len(invoices) - 1} {
		st, err := rec.State(ctx, invoices[k].ID)
		if err != nil {
			return err
		}
		code, _, err := rec.Code(ctx, invoices[k].LineRef(0))
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s %s: %s, letter %s\n", invoices[k].Name(), invoices[k].Lines[0].Partner, st.State, code)
	}
	return book.Check(ctx)
}
