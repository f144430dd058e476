package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
)

// Cash-basis VAT of an invoice paid by a bill of exchange (CGI art.
// 269-2-c, BOI-TVA-BASE-20-20-10): handing over a bill is no payment; the
// VAT becomes due when the bill is collected at maturity, the day the
// bank credits (or, for a BOR, debits) its amount.

var (
	billSalesVAT = tax.Tax{ID: "V20E", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnPayment,
		FinalAccount: "445710", TransitionAccount: "445740"}
	billPurchaseVAT = tax.Tax{ID: "D20E", Name: "TVA déductible 20 %", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnPayment,
		FinalAccount: "445660", TransitionAccount: "445640"}
)

// cashBasisDoc posts a 1 000.00 HT + 200.00 VAT (on payment) invoice of
// kind k for partner p.
func (f *fixture) cashBasisDoc(t *testing.T, k journal.InvoiceKind, p string, date journal.Date, ht string) journal.Entry {
	t.Helper()
	inv := journal.Invoice{Kind: k, Journal: "VT", Date: date, Partner: p, PartnerAccount: "411000",
		Lines: []journal.InvoiceLine{{UnitPrice: e(ht), Taxes: []tax.Tax{billSalesVAT}, Account: "706000"}}}
	if k == journal.SupplierBill {
		inv.Journal, inv.PartnerAccount = "AC", "401000"
		inv.Lines[0].Taxes, inv.Lines[0].Account = []tax.Tax{billPurchaseVAT}, "607000"
	}
	x, err := inv.Entry()
	require.NoError(t, err)
	return f.post(t, x)
}

func cashBasisEntries(es []journal.Entry) []journal.Entry {
	var out []journal.Entry
	for _, x := range es {
		if x.Type == journal.TypeCashBasis {
			out = append(out, x)
		}
	}
	return out
}

// finalMove is what a cash-basis entry moved onto the final account.
func finalMove(x journal.Entry, account string) string {
	sum := currency.Zero(eur)
	for _, l := range x.Lines {
		if l.Account == account && l.TaxRole == tax.RoleTax {
			sum, _ = sum.Add(l.Balance)
		}
	}
	return sum.Plain()
}

// An LCR drawn on 10 March, due 30 April, collected on 30 April: no VAT
// due on 10 March, 200.00 due on 30 April; detaching the bank line takes
// it back at its own date.
func TestCashBasisLCRDueAtCollection(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		drawn, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: d(3, 10),
			DueDate: d(4, 30), Invoices: []journal.ID{inv.ID}, Ref: "LCR-1"})
		require.NoError(t, err)
		assert.Empty(t, cashBasisEntries(drawn.Entries), "handing over a bill is no payment")
		assert.Equal(t, "-200.00", f.balance(t, "445740"), "the VAT waits on the transition account")
		assert.Equal(t, "0.00", f.balance(t, "445710"))
		assert.Equal(t, "0.00", f.residual(t, inv.LineRef(0)).Plain(), "the bill took over the invoice")
		f.check(t)

		bill := drawn.Entries[0]
		paid, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: d(4, 30), Amount: e("1200.00"),
			Partner: "C1", Invoices: []journal.ID{bill.ID}, Ref: "REMISE LCR"})
		require.NoError(t, err)
		cbs := cashBasisEntries(paid.Entries)
		require.Len(t, cbs, 1, "collecting the bill makes the VAT due")
		assert.Equal(t, d(4, 30), cbs[0].Date)
		assert.Equal(t, inv.ID, cbs[0].Document)
		assert.Equal(t, "-200.00", finalMove(cbs[0], "445710"))
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		assert.Equal(t, "-200.00", f.balance(t, "445710"))
		f.check(t)

		march, err := f.rec.VATReport(ctx, d(3, 1), d(3, 31))
		require.NoError(t, err)
		assert.Equal(t, "0.00", march.Collected.Plain(), "nothing due in March")
		april, err := f.rec.VATReport(ctx, d(4, 1), d(4, 30))
		require.NoError(t, err)
		assert.Equal(t, "200.00", april.Collected.Plain())
		require.Len(t, april.Lines, 1)
		assert.Equal(t, "1000.00", april.Lines[0].Base.Plain())
		rows, err := f.rec.CashBasisPayments(ctx, d(3, 1), d(4, 30))
		require.NoError(t, err)
		require.Len(t, rows, 1)
		assert.Equal(t, inv.Name(), rows[0].Invoice)
		assert.Equal(t, paid.Entries[0].Name(), rows[0].Payment, "the bank line collected it")
		assert.Equal(t, d(4, 30), rows[0].Date)
		assert.Equal(t, "1200.00", rows[0].Collected.Plain())
		assert.Equal(t, "200.00", rows[0].VAT.Plain())

		// Taking the bank line off the bill takes the VAT back, at the
		// date it became due.
		undone, err := f.rec.Detach(ctx, journal.NoID, paid.Entries[0].LineRef(0))
		require.NoError(t, err)
		var rev []journal.Entry
		for _, x := range undone.Entries {
			if x.ReversalOf == cbs[0].ID {
				rev = append(rev, x)
			}
		}
		require.Len(t, rev, 1, "the cash-basis entry is reversed")
		assert.Equal(t, d(4, 30), rev[0].Date)
		assert.Equal(t, "-200.00", f.balance(t, "445740"))
		assert.Equal(t, "0.00", f.balance(t, "445710"))
		f.check(t)

		// Lettered again, it is due again.
		again, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{paid.Entries[0].LineRef(0), bill.LineRef(1)}})
		require.NoError(t, err)
		require.Len(t, cashBasisEntries(again.Entries), 1)
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		f.check(t)
	})
}

// A bill that comes back unpaid (its 413000 line cleared by a misc entry
// putting the debt back on 411000) made nothing due.
func TestCashBasisLCRReturnedUnpaid(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		drawn, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: d(3, 10),
			DueDate: d(4, 30), Invoices: []journal.ID{inv.ID}, Ref: "LCR-2"})
		require.NoError(t, err)
		back := f.post(t, journal.Entry{Journal: "OD", Date: d(5, 2), Label: "LCR impayée", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("1200.00")},
			{Account: "413000", Partner: "C1", Balance: e("-1200.00")},
		}})
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{drawn.Entries[0].LineRef(1), back.LineRef(1)}})
		require.NoError(t, err)
		assert.Empty(t, cashBasisEntries(res.Entries), "an unpaid bill pays nothing")
		assert.Equal(t, "-200.00", f.balance(t, "445740"))
		assert.Equal(t, "0.00", f.balance(t, "445710"))
		f.check(t)
	})
}

// A BOR: the supplier's VAT is deductible when the bank pays the bill.
func TestCashBasisBORDeductibleAtPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.SupplierBill, "S1", d(3, 1), "1000.00")
		drawn, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Outbound, Partner: "S1", Journal: "OD", Date: d(3, 10),
			DueDate: d(4, 15), Invoices: []journal.ID{inv.ID}, Ref: "BOR-1", Bank: "BQD"})
		require.NoError(t, err)
		assert.Empty(t, cashBasisEntries(drawn.Entries))
		assert.Equal(t, "200.00", f.balance(t, "445640"))
		f.check(t)
		paid, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: d(4, 15), Amount: e("-1200.00"),
			Partner: "S1", Invoices: []journal.ID{drawn.Entries[0].ID}})
		require.NoError(t, err)
		cbs := cashBasisEntries(paid.Entries)
		require.Len(t, cbs, 1)
		assert.Equal(t, d(4, 15), cbs[0].Date)
		assert.Equal(t, "200.00", finalMove(cbs[0], "445660"))
		assert.Equal(t, "0.00", f.balance(t, "445640"))
		f.check(t)
	})
}

// One bill for two invoices, collected in two bank lines: each line makes
// due its share of each invoice, cumulatively, and the transition account
// ends at zero.
func TestCashBasisBillTwoInvoicesTwoCollections(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		b := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 2), "333.33")
		drawn, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: d(3, 10),
			DueDate: d(4, 30), Invoices: []journal.ID{a.ID, b.ID}, Ref: "LCR-3"})
		require.NoError(t, err)
		assert.Empty(t, cashBasisEntries(drawn.Entries))
		assert.Equal(t, "-266.67", f.balance(t, "445740"))
		first, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: d(4, 30), Amount: e("600.00"),
			Partner: "C1", Invoices: []journal.ID{drawn.Entries[0].ID}})
		require.NoError(t, err)
		require.Len(t, cashBasisEntries(first.Entries), 2, "one entry per invoice")
		// 600 of 1 600 collected: 3/8 of each invoice is paid, 75.00 of
		// 200.00 and 25.00 of 66.67.
		assert.Equal(t, "-100.00", f.balance(t, "445710"))
		f.check(t)
		second, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: d(5, 2), Amount: e("1000.00"),
			Partner: "C1", Invoices: []journal.ID{drawn.Entries[0].ID}})
		require.NoError(t, err)
		for _, x := range cashBasisEntries(second.Entries) {
			assert.Equal(t, d(5, 2), x.Date)
		}
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		assert.Equal(t, "-266.67", f.balance(t, "445710"))
		f.check(t)
	})
}

// Taking a collected bill off its invoice takes back the VAT its
// collection made due on it: the invoice is open again, nothing paid it.
// The collection goes too (a generated entry goes with the partial that
// made it): the bank line is left open, to letter again.
func TestCashBasisBillDetachedFromInvoiceAfterCollection(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		drawn, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: d(3, 10),
			DueDate: d(4, 30), Invoices: []journal.ID{inv.ID}, Ref: "LCR-4"})
		require.NoError(t, err)
		paid, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: d(4, 30), Amount: e("1200.00"),
			Partner: "C1", Invoices: []journal.ID{drawn.Entries[0].ID}})
		require.NoError(t, err)
		cbs := cashBasisEntries(paid.Entries)
		require.Len(t, cbs, 1)
		undone, err := f.rec.Detach(ctx, journal.NoID, inv.LineRef(0))
		require.NoError(t, err)
		reversed := false
		for _, x := range undone.Entries {
			if x.ReversalOf == cbs[0].ID {
				reversed = true
				assert.Equal(t, d(4, 30), x.Date)
			}
		}
		assert.True(t, reversed, "the collection's share on the invoice is reversed")
		assert.Equal(t, "-200.00", f.balance(t, "445740"))
		assert.Equal(t, "1200.00", f.residual(t, inv.LineRef(0)).Plain())
		assert.Equal(t, "-1200.00", f.residual(t, paid.Entries[0].LineRef(0)).Plain(), "the bank line is open again")
		f.check(t)

		// The bill lettered again with the invoice and collected again:
		// the VAT is due again, at the collection.
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), drawn.Entries[0].LineRef(0)}})
		require.NoError(t, err)
		assert.Equal(t, "-200.00", f.balance(t, "445740"))
		again, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{paid.Entries[0].LineRef(0), drawn.Entries[0].LineRef(1)}})
		require.NoError(t, err)
		cbs = cashBasisEntries(again.Entries)
		require.Len(t, cbs, 1)
		assert.Equal(t, d(4, 30), cbs[0].Date)
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		f.check(t)
	})
}

// Check (invariant 9) passes while the bill waits and once it is
// collected, and still names a cash-basis entry tampered with in either
// state.
func TestCheckCashBasisBill(t *testing.T) {
	t.Parallel()
	snap := []tax.Tax{billSalesVAT}
	tamper := func(t *testing.T, f *fixture, origin, doc journal.ID, amount string, what string) {
		t.Helper()
		err := f.book.Update(ctx, func(tx *ledger.Tx) error {
			_, _, err := booktx.Of(tx).PostGenerated(journal.Entry{Journal: "TVA", Date: d(4, 30), Type: journal.TypeCashBasis, Origin: origin,
				Document: doc, Lines: []journal.Line{
					{Account: "445740", TaxRole: tax.RoleTax, Taxes: snap, Balance: e(amount)},
					{Account: "445710", TaxRole: tax.RoleTax, Taxes: snap, Balance: e(amount).Neg()},
				}})
			return err
		})
		var ce *ledger.CheckError
		require.ErrorAs(t, err, &ce)
		assert.True(t, hasProblem(ce, 9, what), "%v", ce)
	}
	draw := func(t *testing.T, f *fixture) (journal.Entry, reconcile.Result) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		drawn, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: d(3, 10),
			DueDate: d(4, 30), Invoices: []journal.ID{inv.ID}, Ref: "LCR-5"})
		require.NoError(t, err)
		f.check(t) // settled by the bill, its tax still waiting
		return inv, drawn
	}
	collect := func(t *testing.T, f *fixture, drawn reconcile.Result) reconcile.Result {
		paid, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: d(4, 30), Amount: e("1200.00"),
			Partner: "C1", Invoices: []journal.ID{drawn.Entries[0].ID}})
		require.NoError(t, err)
		f.check(t) // collected, its tax due in full
		return paid
	}
	onStores(t, func(t *testing.T, f *fixture) {
		// Waiting, more than its tax moved.
		inv, drawn := draw(t, f)
		tamper(t, f, drawn.Partials[0].ID, inv.ID, "250.00", "too much")
	})
	onStores(t, func(t *testing.T, f *fixture) {
		// Collected, part of its share moved back.
		inv, drawn := draw(t, f)
		paid := collect(t, f, drawn)
		tamper(t, f, paid.Partials[0].ID, inv.ID, "-10.00", "settled, it leaves")
	})
	onStores(t, func(t *testing.T, f *fixture) {
		// Collected, its whole share moved back.
		inv, drawn := draw(t, f)
		paid := collect(t, f, drawn)
		tamper(t, f, paid.Partials[0].ID, inv.ID, "-200.00", "settled, it leaves")
	})
}

// A bill collected while off its invoice, lettered with it afterwards:
// the VAT is due at once, dated at the collection, not at the drawing.
func TestCashBasisBillLetteredAfterCollection(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		drawn, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: d(3, 10),
			DueDate: d(4, 30), Invoices: []journal.ID{inv.ID}, Ref: "LCR-7"})
		require.NoError(t, err)
		_, err = f.rec.Detach(ctx, journal.NoID, inv.LineRef(0))
		require.NoError(t, err)
		paid, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: d(4, 30), Amount: e("1200.00"),
			Partner: "C1", Invoices: []journal.ID{drawn.Entries[0].ID}})
		require.NoError(t, err)
		assert.Empty(t, cashBasisEntries(paid.Entries), "the bill pays no invoice now")
		again, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), drawn.Entries[0].LineRef(0)}})
		require.NoError(t, err)
		cbs := cashBasisEntries(again.Entries)
		require.Len(t, cbs, 1)
		assert.Equal(t, d(4, 30), cbs[0].Date)
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		f.check(t)
	})
}
