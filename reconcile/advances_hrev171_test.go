package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev171Lines renders an entry's lines as "account partner balance".
func hrev171Lines(x journal.Entry) []string {
	var out []string
	for _, l := range x.Lines {
		out = append(out, l.Account+" "+l.Partner+" "+l.Balance.Plain())
	}
	return out
}

// hrev171Reversed reports whether an entry is reversed.
func hrev171Reversed(t *testing.T, f *fixture, id journal.ID) bool {
	t.Helper()
	var reversed bool
	require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
		var err error
		_, reversed, err = tx.ReversedBy(id)
		return err
	}))
	return reversed
}

// A customer's advance on 419100 used on its invoice: one transfer entry
// in the write-off journal, at the later date, Dr 419100 / Cr 411000,
// lettered with both; unlettering either side reverses it exactly.
func TestHrev171AdvanceTransferUndoneFromEitherSide(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		adv := hrev137Adv419(t, f, "600.00")
		inv := f.invoice(t, "C1", d(4, 15), "1000.00")
		for _, undoOn := range []journal.LineRef{line0(inv), line0(adv)} {
			res, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv)})
			require.NoError(t, err)
			require.Len(t, res.Entries, 1)
			tr := res.Entries[0]
			assert.Equal(t, "OD", tr.Journal)
			assert.Equal(t, d(4, 15), tr.Date, "the later of the advance's and the invoice's dates")
			assert.Equal(t, journal.TypeMisc, tr.Type)
			assert.Equal(t, []string{"419100 C1 600.00", "411000 C1 -600.00"}, hrev171Lines(tr))
			assert.True(t, f.residual(t, tr.LineRef(0)).IsZero())
			assert.True(t, f.residual(t, tr.LineRef(1)).IsZero())
			assert.Equal(t, "400.00", f.residual(t, line0(inv)).Plain())
			assert.Equal(t, "0.00", hrev68Bal(t, f, "419100", "C1", journal.Date{}))
			assert.Equal(t, reconcile.Partial, f.state(t, inv).State)
			f.check(t)

			_, err = f.rec.Unletter(ctx, journal.NoID, undoOn)
			require.NoError(t, err)
			assert.True(t, hrev171Reversed(t, f, tr.ID), "unlettering %v reverses the transfer", undoOn)
			assert.Equal(t, "1000.00", f.residual(t, line0(inv)).Plain())
			assert.Equal(t, "-600.00", f.residual(t, line0(adv)).Plain())
			assert.Equal(t, "-600.00", hrev68Bal(t, f, "419100", "C1", journal.Date{}))
			assert.Equal(t, "1000.00", hrev68Bal(t, f, "411000", "C1", journal.Date{}))
			assert.Empty(t, hrev71Open(t, f, "411000")[1:], "only the invoice is open on 411000")
			f.check(t)
		}
	})
}

// A supplier's advance on 409100 used for a chosen amount on its bill:
// Dr 401000 / Cr 409100 for 200.00, the rest left on 409100; detaching
// the bill reverses the transfer.
func TestHrev171SupplierAdvancePartlyUsedThenDetached(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		adv := f.post(t, journal.Entry{Journal: "BQD", Date: d(3, 2), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "409100", Partner: "S1", Balance: e("360.00")}, {Account: "512000", Balance: e("-360.00")}}})
		bill := f.bill(t, "S1", d(3, 5), "1200.00")
		credits, err := f.rec.OutstandingCredits(ctx, bill.ID)
		require.NoError(t, err)
		require.Len(t, credits, 1)
		assert.Equal(t, line0(adv), credits[0].Ref)
		res, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: bill.ID, Credit: line0(adv), Amount: e("200.00")})
		require.NoError(t, err)
		require.Len(t, res.Entries, 1)
		assert.Equal(t, []string{"409100 S1 -200.00", "401000 S1 200.00"}, hrev171Lines(res.Entries[0]))
		assert.Equal(t, "-1000.00", f.residual(t, line0(bill)).Plain())
		assert.Equal(t, "160.00", hrev68Bal(t, f, "409100", "S1", journal.Date{}))
		f.check(t)
		_, err = f.rec.Detach(ctx, journal.NoID, line0(bill))
		require.NoError(t, err)
		assert.True(t, hrev171Reversed(t, f, res.Entries[0].ID))
		assert.Equal(t, "-1200.00", f.residual(t, line0(bill)).Plain())
		assert.Equal(t, "360.00", f.residual(t, line0(adv)).Plain())
		f.check(t)
	})
}

// The transfer is dated at the first open date when the later date is
// locked; lettering is not blocked by the lock.
func TestHrev171AdvanceTransferMovedPastTheLock(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		adv := hrev137Adv419(t, f, "600.00")
		inv := f.invoice(t, "C1", d(3, 20), "500.00")
		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, d(3, 31), "march filed"))
		res, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv)})
		require.NoError(t, err)
		assert.Equal(t, d(4, 1), res.Entries[0].Date)
		assert.Equal(t, []string{"419100 C1 500.00", "411000 C1 -500.00"}, hrev171Lines(res.Entries[0]))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		assert.Equal(t, "-100.00", hrev68Bal(t, f, "419100", "C1", journal.Date{}))
		f.check(t)
	})
}

// Refused, writing nothing: an amount over the advance, an advance in
// another currency than the invoice (not listed either), and a deposit
// invoice's base on 419100, which the final invoice deducts.
func TestHrev171AdvanceRefusals(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		adv := hrev137Adv419(t, f, "600.00")
		dollars := f.post(t, journal.Entry{Journal: "BQD", Date: d(3, 11), Type: journal.TypePayment, Currency: usd, Lines: []journal.Line{
			{Account: "419100", Partner: "C1", Balance: e("-500.00"), AmountCurrency: currency.MustParse(usd, "-600.00")},
			{Account: "512000", Balance: e("500.00"), AmountCurrency: currency.MustParse(usd, "600.00")}}})
		dep := hrev68Doc(t, f, journal.CustomerInvoice, journal.DocNormal, "C1", d(3, 12), "300.00", "419100")
		inv := f.invoice(t, "C1", d(4, 15), "1000.00")
		credits, err := f.rec.OutstandingCredits(ctx, inv.ID)
		require.NoError(t, err)
		var listed []journal.LineRef
		for _, c := range credits {
			listed = append(listed, c.Ref)
		}
		assert.Equal(t, []journal.LineRef{line0(adv)}, listed[len(listed)-1:], "the euro advance, last")
		assert.NotContains(t, listed, line0(dollars))
		var depBase journal.LineRef
		for i, l := range dep.Lines {
			if l.Account == "419100" {
				depBase = dep.LineRef(i)
			}
		}
		assert.NotContains(t, listed, depBase)
		before := f.snapshot(t)
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv), Amount: e("700.00")})
		assert.ErrorIs(t, err, reconcile.ErrOverAllocation)
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(dollars)})
		assert.ErrorIs(t, err, reconcile.ErrAmount)
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: depBase})
		assert.ErrorIs(t, err, reconcile.ErrNotDocument)
		f.unchanged(t, before)
		f.check(t)
	})
}

// A supplier refunds the advance it was paid: money received naming it,
// Dr bank / Cr 409100, lettered with it; more than the advance is refused.
func TestHrev171SupplierAdvanceRefunded(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		adv := f.post(t, journal.Entry{Journal: "BQD", Date: d(3, 2), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "409100", Partner: "S1", Balance: e("360.00")}, {Account: "512000", Balance: e("-360.00")}}})
		before := f.snapshot(t)
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "S1", Journal: "BQD",
			Date: d(4, 2), Amount: e("400.00"), Invoices: []journal.ID{adv.ID}})
		assert.ErrorIs(t, err, reconcile.ErrOverAllocation)
		f.unchanged(t, before)
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "S1", Journal: "BQD",
			Date: d(4, 2), Invoices: []journal.ID{adv.ID}})
		require.NoError(t, err)
		assert.Equal(t, "409100 S1 -360.00", hrev171Lines(res.Entries[0])[0])
		assert.True(t, f.residual(t, line0(adv)).IsZero())
		assert.Equal(t, "0.00", hrev68Bal(t, f, "409100", "S1", journal.Date{}))
		f.check(t)
	})
}

// A payment run sets a supplier's advance off against two bills, oldest
// due first, names it and both bills, and pays the rest; unlettering the
// advance afterwards reverses its transfer and leaves the run's payment
// on the bills.
func TestHrev171RunUsesTheAdvanceOnTwoBills(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		adv := f.post(t, journal.Entry{Journal: "BQD", Date: d(3, 2), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "409100", Partner: "S2", Balance: e("360.00")}, {Account: "512000", Balance: e("-360.00")}}})
		b1 := rrBill(t, f, "S2", d(3, 5), d(3, 20), "200.00", "F-S2-1")
		b2 := rrBill(t, f, "S2", d(3, 6), d(3, 25), "500.00", "F-S2-2")
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 15), DueBy: d(3, 31)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		rp := run.Payments[0]
		assert.Equal(t, "340.00", rp.Amount.Plain())
		assert.Equal(t, []journal.ID{adv.ID}, rp.OnAccount)
		assert.ElementsMatch(t, []journal.ID{b1.ID, b2.ID}, rp.Bills)
		assert.True(t, f.residual(t, line0(b1)).IsZero())
		assert.True(t, f.residual(t, line0(b2)).IsZero())
		assert.Equal(t, "0.00", hrev68Bal(t, f, "409100", "S2", journal.Date{}))
		f.check(t)
		_, err = f.rec.Unletter(ctx, journal.NoID, line0(adv))
		require.NoError(t, err)
		assert.Equal(t, "360.00", f.residual(t, line0(adv)).Plain())
		assert.Equal(t, "-200.00", f.residual(t, line0(b1)).Plain())
		assert.Equal(t, "-160.00", f.residual(t, line0(b2)).Plain(), "the run's payment stays on the bill")
		f.check(t)
	})
}
