package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
)

// A bill's debt moves before money pays it: discounted (escompte d'effets),
// returned unpaid, renewed. None of those moves is a collection (CGI art.
// 269-2-c: the VAT on services is due when the price is collected; for a
// discounted bill, at its maturity, BOI-TVA-BASE-20-20-10); the money that
// finally pays the debt, wherever it went, is.

// discountAccounts adds the bills-discounted account (5114, lettered, no
// partner); the bank's short-term credit (519000) is in the chart.
func (f *fixture) discountAccounts(t *testing.T) {
	t.Helper()
	a := ledger.NewAccount("511400", "Effets à l'escompte", ledger.KindOther)
	a.Reconcilable = true
	require.NoError(t, f.book.AddAccount(ctx, a))
}

// discount posts the LCR handed to the bank for discount on 15 March (Dr
// 511400 / Cr 413000, lettered with the bill) and the bank's advance (Dr
// 512000 / Cr 519000, lettered with nothing).
func (f *fixture) discount(t *testing.T, bill journal.Entry) journal.Entry {
	t.Helper()
	disc := f.post(t, journal.Entry{Journal: "OD", Date: d(3, 15), Label: "Remise à l'escompte", Lines: []journal.Line{
		{Account: "511400", Balance: e("1200.00")},
		{Account: "413000", Partner: "C1", Balance: e("-1200.00")},
	}})
	res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{bill.LineRef(1), disc.LineRef(1)}})
	require.NoError(t, err)
	assert.Empty(t, cashBasisEntries(res.Entries), "discounting is no collection")
	f.post(t, journal.Entry{Journal: "OD", Date: d(3, 15), Label: "Crédit d'escompte", Lines: []journal.Line{
		{Account: "512000", Balance: e("1200.00")},
		{Account: "519000", Balance: e("-1200.00")},
	}})
	return disc
}

// An LCR discounted on 15 March: the VAT waits until maturity; the bank's
// confirmation at maturity (Dr 519000 / Cr 511400, the bill was not
// returned) collects it, and the VAT is due on 30 April.
func TestCashBasisBillDiscountedDueAtMaturity(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.discountAccounts(t)
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		bill := f.drawLCR(t, "LCR-ESC1", inv)
		disc := f.discount(t, bill)
		assert.Equal(t, "-200.00", f.balance(t, "445740"), "discounted, not collected")
		assert.Equal(t, "0.00", f.balance(t, "445710"))
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		f.check(t)

		confirm := f.post(t, journal.Entry{Journal: "OD", Date: d(4, 30), Label: "Échéance LCR escomptée", Lines: []journal.Line{
			{Account: "519000", Balance: e("1200.00")},
			{Account: "511400", Balance: e("-1200.00")},
		}})
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{disc.LineRef(0), confirm.LineRef(1)}})
		require.NoError(t, err)
		cbs := cashBasisEntries(res.Entries)
		require.Len(t, cbs, 1, "the maturity collects the bill")
		assert.Equal(t, d(4, 30), cbs[0].Date)
		assert.Equal(t, inv.ID, cbs[0].Document)
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		assert.Equal(t, "-200.00", f.balance(t, "445710"))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		f.check(t)
		march, err := f.rec.VATReport(ctx, d(3, 1), d(3, 31))
		require.NoError(t, err)
		assert.Equal(t, "0.00", march.Collected.Plain(), "nothing due when discounted")
		rows, err := f.rec.CashBasisPayments(ctx, d(3, 1), d(4, 30))
		require.NoError(t, err)
		require.Len(t, rows, 1)
		assert.Equal(t, "1200.00", rows[0].Collected.Plain())
		assert.Equal(t, "200.00", rows[0].VAT.Plain())
		assert.Equal(t, confirm.Name(), rows[0].Payment)

		// Taking the confirmation off takes the VAT back at its date.
		undone, err := f.rec.Detach(ctx, journal.NoID, confirm.LineRef(1))
		require.NoError(t, err)
		n := 0
		for _, x := range undone.Entries {
			if x.ReversalOf == cbs[0].ID {
				n++
				assert.Equal(t, d(4, 30), x.Date)
			}
		}
		assert.Equal(t, 1, n)
		assert.Equal(t, "-200.00", f.balance(t, "445740"))
		f.check(t)
	})
}

// A discounted LCR returned unpaid at maturity (Dr 411000 / Cr 511400):
// nothing collected; the customer's transfer paying the debt put back
// makes the VAT due.
func TestCashBasisBillDiscountedReturnedThenPaid(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.discountAccounts(t)
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		bill := f.drawLCR(t, "LCR-ESC2", inv)
		disc := f.discount(t, bill)
		back := f.post(t, journal.Entry{Journal: "OD", Date: d(5, 2), Label: "LCR escomptée impayée", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("1200.00")},
			{Account: "511400", Balance: e("-1200.00")},
		}})
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{disc.LineRef(0), back.LineRef(1)}})
		require.NoError(t, err)
		assert.Empty(t, cashBasisEntries(res.Entries), "returned unpaid: nothing collected")
		assert.Equal(t, "-200.00", f.balance(t, "445740"))
		assert.NotEqual(t, reconcile.Paid, f.state(t, inv).State)
		f.check(t)
		paid, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(5, 20),
			Amount: e("1200.00"), Method: reconcile.MethodTransfer, Invoices: []journal.ID{back.ID}})
		require.NoError(t, err)
		cbs := cashBasisEntries(paid.Entries)
		require.Len(t, cbs, 1)
		assert.Equal(t, d(5, 20), cbs[0].Date)
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		f.check(t)
	})
}

// An LCR renewed before maturity by a new LCR drawn on it (the old bill's
// 413000 line lettered with the new bill's): no collection; collecting
// the new bill makes the VAT due, at its date.
func TestCashBasisBillRenewed(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		old := f.drawLCR(t, "LCR-REN1", inv)
		renewed, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: d(4, 25),
			DueDate: d(5, 31), Invoices: []journal.ID{old.ID}, Ref: "LCR-REN2"})
		require.NoError(t, err)
		assert.Empty(t, cashBasisEntries(renewed.Entries), "a renewal is no collection")
		assert.Equal(t, "0.00", f.residual(t, old.LineRef(1)).Plain(), "the new bill took the old one over")
		assert.Equal(t, "-200.00", f.balance(t, "445740"))
		assert.Equal(t, "0.00", f.balance(t, "445710"))
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		f.check(t)
		paid := f.collect(t, renewed.Entries[0], d(5, 31), "1200.00")
		cbs := cashBasisEntries(paid.Entries)
		require.Len(t, cbs, 1)
		assert.Equal(t, d(5, 31), cbs[0].Date)
		assert.Equal(t, inv.ID, cbs[0].Document)
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		assert.Equal(t, "-200.00", f.balance(t, "445710"))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		f.check(t)
	})
}

// A bill returned unpaid, its debt paid on 411000, then the return taken
// off the bill: the debt no longer reaches that payment, so the
// collection goes (the payment is open again) and its VAT is taken back.
func TestCashBasisBillReturnUnletteredAfterPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		bill := f.drawLCR(t, "LCR-RU1", inv)
		back := f.post(t, journal.Entry{Journal: "OD", Date: d(5, 2), Label: "LCR impayée", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("1200.00")},
			{Account: "413000", Partner: "C1", Balance: e("-1200.00")},
		}})
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{bill.LineRef(1), back.LineRef(1)}})
		require.NoError(t, err)
		paid, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(5, 20),
			Amount: e("1200.00"), Method: reconcile.MethodTransfer, Invoices: []journal.ID{back.ID}})
		require.NoError(t, err)
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		_, err = f.rec.Detach(ctx, journal.NoID, back.LineRef(1))
		require.NoError(t, err)
		assert.Equal(t, "-200.00", f.balance(t, "445740"))
		assert.Equal(t, "0.00", f.balance(t, "445710"))
		assert.Equal(t, "-1200.00", f.residual(t, paid.Entries[0].LineRef(0)).Plain(), "the payment is open again")
		f.check(t)
	})
}

// Check bounds what moved of an unsettled invoice's tax by what was paid:
// a bill collected for half (100.00 due of 200.00) or a receipt of half,
// and 50.00 more moved by hand, is named; the cumulative shares of three
// receipts, one of them then detached, stay within their rounding.
func TestCheckCashBasisShareBeyondPaid(t *testing.T) {
	t.Parallel()
	snap := []tax.Tax{billSalesVAT}
	tamper := func(t *testing.T, f *fixture, origin, doc journal.ID) {
		t.Helper()
		err := f.book.Update(ctx, func(tx *ledger.Tx) error {
			_, _, err := booktx.Of(tx).PostGenerated(journal.Entry{Journal: "TVA", Date: d(4, 30), Type: journal.TypeCashBasis, Origin: origin,
				Document: doc, Lines: []journal.Line{
					{Account: "445740", TaxRole: tax.RoleTax, Taxes: snap, Balance: e("50.00")},
					{Account: "445710", TaxRole: tax.RoleTax, Taxes: snap, Balance: e("-50.00")},
				}})
			return err
		})
		var ce *ledger.CheckError
		require.ErrorAs(t, err, &ce)
		assert.True(t, hasProblem(ce, 9, "more than"), "%v", ce)
	}
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		bill := f.drawLCR(t, "LCR-CK2", inv)
		paid := f.collect(t, bill, d(4, 30), "600.00")
		assert.Equal(t, "-100.00", f.balance(t, "445710"))
		f.check(t)
		tamper(t, f, paid.Partials[0].ID, inv.ID)
	})
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		pay := f.receive(t, "BQD", "C1", d(4, 30), "600.00", inv)
		f.check(t)
		tamper(t, f, pay.ID, inv.ID)
	})
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		f.receive(t, "BQD", "C1", d(4, 1), "400.00", inv)
		second := f.receive(t, "BQD", "C1", d(4, 2), "400.00", inv)
		f.receive(t, "BQD", "C1", d(4, 3), "350.00", inv)
		_, err := f.rec.Detach(ctx, journal.NoID, second.LineRef(0))
		require.NoError(t, err)
		f.check(t)
	})
}

// A bill returned unpaid whose debt is then paid by a receipt through BQ
// (outstanding receipts, 512100): the VAT is due at the receipt, and the
// invoice stays in_payment until the bank statement clears the receipt.
func TestCashBasisBillReturnedPaidThroughOutstanding(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		bill := f.drawLCR(t, "LCR-RO1", inv)
		back := f.post(t, journal.Entry{Journal: "OD", Date: d(5, 2), Label: "LCR impayée", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("1200.00")},
			{Account: "413000", Partner: "C1", Balance: e("-1200.00")},
		}})
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{bill.LineRef(1), back.LineRef(1)}})
		require.NoError(t, err)
		pay := f.receive(t, "BQ", "C1", d(5, 20), "1200.00", back)
		assert.Equal(t, "0.00", f.balance(t, "445740"), "the receipt collected the debt")
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State, "the receipt waits on 512100")
		res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(5, 22), Amount: e("1200.00")})
		require.NoError(t, err)
		_, err = f.rec.Clear(ctx, reconcile.Clearing{Statement: res.Entries[0].ID, Payments: []journal.ID{pay.ID}})
		require.NoError(t, err)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		f.check(t)
	})
}

// One discount slip for two customers' LCRs (Dr 511400 2 400.00 / Cr
// 413000 C1 1 200.00 / Cr 413000 C2 1 200.00): the bank's confirmation of
// the whole slip at maturity collects both bills, and each invoice's VAT
// is due.
func TestCashBasisBillDiscountSlipTwoCustomers(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.discountAccounts(t)
		a := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		b := f.cashBasisDoc(t, journal.CustomerInvoice, "C2", d(3, 1), "1000.00")
		billA := f.drawLCR(t, "LCR-SA", a)
		drawn, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C2", Journal: "OD", Date: d(3, 10),
			DueDate: d(4, 30), Invoices: []journal.ID{b.ID}, Ref: "LCR-SB"})
		require.NoError(t, err)
		billB := drawn.Entries[0]
		slip := f.post(t, journal.Entry{Journal: "OD", Date: d(3, 15), Label: "Bordereau d'escompte", Lines: []journal.Line{
			{Account: "511400", Balance: e("2400.00")},
			{Account: "413000", Partner: "C1", Balance: e("-1200.00")},
			{Account: "413000", Partner: "C2", Balance: e("-1200.00")},
		}})
		for _, x := range [][2]journal.LineRef{{billA.LineRef(1), slip.LineRef(1)}, {billB.LineRef(1), slip.LineRef(2)}} {
			res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: x[:]})
			require.NoError(t, err)
			assert.Empty(t, cashBasisEntries(res.Entries))
		}
		assert.Equal(t, "-400.00", f.balance(t, "445740"))
		f.check(t)
		confirm := f.post(t, journal.Entry{Journal: "OD", Date: d(4, 30), Label: "Échéance bordereau", Lines: []journal.Line{
			{Account: "519000", Balance: e("2400.00")},
			{Account: "511400", Balance: e("-2400.00")},
		}})
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{slip.LineRef(0), confirm.LineRef(1)}})
		require.NoError(t, err)
		assert.Len(t, cashBasisEntries(res.Entries), 2, "one per invoice")
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		assert.Equal(t, "-400.00", f.balance(t, "445710"))
		f.check(t)
	})
}

// A bill returned unpaid, its debt put back on 411000 drawn again on a
// new LCR: no VAT until the new bill is collected.
func TestCashBasisBillReturnedThenDrawnAgain(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		bill := f.drawLCR(t, "LCR-RD1", inv)
		back := f.post(t, journal.Entry{Journal: "OD", Date: d(5, 2), Label: "LCR impayée", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("1200.00")},
			{Account: "413000", Partner: "C1", Balance: e("-1200.00")},
		}})
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{bill.LineRef(1), back.LineRef(1)}})
		require.NoError(t, err)
		again, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: d(5, 3),
			DueDate: d(6, 15), Invoices: []journal.ID{back.ID}, Ref: "LCR-RD2"})
		require.NoError(t, err)
		assert.Empty(t, cashBasisEntries(again.Entries))
		assert.Equal(t, "-200.00", f.balance(t, "445740"))
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		f.check(t)
		paid := f.collect(t, again.Entries[0], d(6, 15), "1200.00")
		cbs := cashBasisEntries(paid.Entries)
		require.Len(t, cbs, 1)
		assert.Equal(t, d(6, 15), cbs[0].Date)
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		f.check(t)
	})
}
