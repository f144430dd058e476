package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
)

// A USD cash-basis invoice, 1 000.00 USD + 200.00 USD VAT on payment at
// 1.20 (833.33 + 166.67 = 1 000.00 EUR), paid 1 200.00 USD at 1.25
// (960.00 EUR): FX 40.00 on the receivable, 445740 cleared at 166.67,
// 445710 takes 160.00 at the payment's rate. Cancelling the receipt puts
// everything back: 445740 -166.67, 445710, 656000, 756000 at 0.00.
func TestHrev156CancelForeignCashBasis(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 1), currency.MustParseRate("1.20")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 10), currency.MustParseRate("1.25")))
		x, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
			Lines: []journal.InvoiceLine{{UnitPrice: currency.MustParse(usd, "1000.00"), Taxes: []tax.Tax{billSalesVAT}, Account: "706000"}}}.Entry()
		require.NoError(t, err)
		inv := f.post(t, x)
		assert.Equal(t, "1000.00", f.residual(t, inv.LineRef(0)).Plain())
		assert.Equal(t, "-166.67", f.balance(t, "445740"))
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(3, 10),
			Amount: currency.MustParse(usd, "1200.00"), Invoices: []journal.ID{inv.ID}})
		require.NoError(t, err)
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		assert.Equal(t, "-160.00", f.balance(t, "445710"))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		f.check(t)
		_, err = f.rec.CancelPayment(ctx, journal.NewID(), res.Entries[0].ID)
		require.NoError(t, err)
		assert.Equal(t, "-166.67", f.balance(t, "445740"))
		assert.Equal(t, "0.00", f.balance(t, "445710"))
		assert.Equal(t, "0.00", f.balance(t, "656000"))
		assert.Equal(t, "0.00", f.balance(t, "756000"))
		assert.Equal(t, "0.00", f.balance(t, "666000"))
		assert.Equal(t, "0.00", f.balance(t, "766000"))
		assert.Equal(t, "0.00", f.balance(t, "512000"))
		assert.Equal(t, "1000.00", f.residual(t, inv.LineRef(0)).Plain())
		st := f.state(t, inv)
		assert.Equal(t, reconcile.NotPaid, st.State)
		assert.Equal(t, "1200.00", st.ResidualCurrency.Plain())
		f.check(t)
	})
}

// An LCR on what a partly paid invoice still owes: invoice 1 000.00,
// receipt 400.00, bill 600.00. The aged balance on 15 May shows the bill's
// 600.00 on 413000 15 days past due (1-30); the invoice is in_payment;
// collected at 600.00 it is paid.
func TestHrev156BillOnPartlyPaidInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "1000.00")
		f.receive(t, "BQD", "C1", d(3, 5), "400.00", inv)
		bill := f.drawLCR(t, "LCR-P", inv)
		assert.Equal(t, "600.00", hrev156Line(t, bill, "413000").Balance.Plain())
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		aged, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(5, 15), Partners: []string{"C1"}})
		require.NoError(t, err)
		assert.Equal(t, "600.00", aged.CompanyTotal.Plain())
		for _, row := range aged.Rows {
			if row.Account == "413000" {
				for i, b := range aged.Buckets {
					if b.Label == "1-30" {
						assert.Equal(t, "600.00", row.Company[i].Plain())
					}
				}
			} else {
				assert.Equal(t, "0.00", row.Total.Plain(), "nothing left on %s", row.Account)
			}
		}
		f.collect(t, bill, d(4, 30), "600.00")
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		assert.Equal(t, "1000.00", f.balance(t, "512000"))
		f.check(t)
	})
}

// Renewing an LCR: a new bill naming the old one takes its 1 200.00 over
// (Cr 413000 old / Dr 413000 new, due 31 May); the invoice stays
// in_payment; collecting the old bill is refused; collecting the new one
// pays the invoice.
func TestHrev156RenewBill(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "1200.00")
		old := f.drawLCR(t, "LCR-A", inv)
		res, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: d(4, 25),
			DueDate: d(5, 31), Invoices: []journal.ID{old.ID}, Ref: "LCR-B"})
		require.NoError(t, err)
		nb := res.Entries[0]
		assert.Equal(t, "0.00", f.residual(t, old.LineRef(1)).Plain())
		assert.Equal(t, "1200.00", f.residual(t, nb.LineRef(1)).Plain())
		assert.Equal(t, d(5, 31), nb.Lines[1].DueDate)
		assert.Equal(t, "1200.00", f.balance(t, "413000"))
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		f.check(t)
		before := f.snapshot(t)
		_, err = f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: d(4, 30), Amount: e("1200.00"),
			Partner: "C1", Invoices: []journal.ID{old.ID}})
		assert.ErrorIs(t, err, reconcile.ErrMatched)
		f.unchanged(t, before)
		f.collect(t, nb, d(5, 31), "1200.00")
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		assert.Equal(t, "0.00", f.balance(t, "413000"))
		f.check(t)
	})
}

// A bill on a USD invoice is refused (bills are drawn in the company
// currency), nothing written.
func TestHrev156BillForeignRefused(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 1), currency.MustParseRate("1.20")))
		inv := f.foreignSale(t, "C1", d(3, 1), usd, "1200.00")
		before := f.snapshot(t)
		_, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: d(3, 10),
			DueDate: d(4, 30), Invoices: []journal.ID{inv.ID}, Ref: "LCR-USD"})
		assert.ErrorIs(t, err, reconcile.ErrAmount)
		f.unchanged(t, before)
	})
}

// A cheque number scheduled then cancelled is free again; while scheduled
// it is refused to another payment.
func TestHrev156ScheduledChequeFreedOnCancel(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		id := journal.NewID()
		p := reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(4, 15), Amount: e("50.00"),
			Method: reconcile.MethodCheque, Cheque: &reconcile.Cheque{Number: "1234567", Bank: "LCL"}}
		require.NoError(t, f.rec.Schedule(ctx, id, p))
		q := p
		q.Date = d(3, 1)
		before := f.snapshot(t)
		_, err := f.rec.RegisterPayment(ctx, q)
		assert.ErrorIs(t, err, reconcile.ErrDuplicateCheque)
		f.unchanged(t, before)
		require.NoError(t, f.rec.CancelScheduled(ctx, id))
		_, err = f.rec.RegisterPayment(ctx, q)
		require.NoError(t, err)
		f.check(t)
	})
}

// UseCredit naming a line index the entry does not have, or a line on a
// non-reconcilable account, is refused with a typed error, nothing
// written.
func TestHrev156UseCreditBadLine(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		pay := f.receive(t, "BQD", "C1", d(3, 1), "500.00")
		inv := f.invoice(t, "C1", d(3, 5), "300.00")
		before := f.snapshot(t)
		_, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: journal.LineRef{Entry: pay.ID, Index: 7}})
		assert.ErrorIs(t, err, reconcile.ErrNotPosted)
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: inv.LineRef(1)})
		assert.Error(t, err)
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: inv.LineRef(0)})
		assert.Error(t, err)
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: pay.LineRef(0), Amount: currency.MustParse(currency.MustLookup("USD"), "10.00")})
		assert.ErrorIs(t, err, reconcile.ErrAmount)
		f.unchanged(t, before)
	})
}
