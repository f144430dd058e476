package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// A cash-basis invoice (1 000.00 + 200.00 on 445740), receipts of 400.00
// and 400.00: shares 66.67 and 66.66 move to 445710. Cancelling the second
// receipt reverses its 66.66 only: 445740 -133.33, 445710 -66.67, reste
// dû 800.00, partial; the receipt is reversed at its own date and lettered
// with its reversal. Cancelling again, cancelling the invoice, an unknown
// id, a reused operation id with another payment: typed errors, nothing
// written; a replay is idempotent.
func TestHrev156CancelPaymentCashBasis(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		p1 := f.receive(t, "BQD", "C1", d(3, 5), "400.00", inv)
		p2 := f.receive(t, "BQD", "C1", d(3, 6), "400.00", inv)
		assert.Equal(t, "-66.67", f.balance(t, "445740"))
		assert.Equal(t, "-133.33", f.balance(t, "445710"))
		op := journal.NewID()
		res, err := f.rec.CancelPayment(ctx, op, p2.ID)
		require.NoError(t, err)
		assert.Equal(t, "-133.33", f.balance(t, "445740"))
		assert.Equal(t, "-66.67", f.balance(t, "445710"))
		assert.Equal(t, "800.00", f.residual(t, inv.LineRef(0)).Plain())
		assert.Equal(t, reconcile.Partial, f.state(t, inv).State)
		assert.Equal(t, "400.00", f.balance(t, "512000"))
		var rev *journal.Entry
		for i := range res.Entries {
			if res.Entries[i].ReversalOf == p2.ID {
				rev = &res.Entries[i]
			}
		}
		require.NotNil(t, rev)
		assert.Equal(t, d(3, 6), rev.Date)
		for _, x := range res.Entries {
			assert.Equal(t, d(3, 6), x.Date, "reversals at their originals' date: %s", x.Name())
		}
		assert.Equal(t, "0.00", f.residual(t, p2.LineRef(0)).Plain())
		f.check(t)

		again, err := f.rec.CancelPayment(ctx, op, p2.ID)
		require.NoError(t, err)
		assert.True(t, again.Replay)
		assert.Equal(t, "400.00", f.balance(t, "512000"))

		before := f.snapshot(t)
		_, err = f.rec.CancelPayment(ctx, op, p1.ID)
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		_, err = f.rec.CancelPayment(ctx, journal.NewID(), p2.ID)
		assert.ErrorIs(t, err, ledger.ErrAlreadyReversed)
		_, err = f.rec.CancelPayment(ctx, journal.NewID(), rev.ID)
		assert.ErrorIs(t, err, ledger.ErrReverseReversal)
		_, err = f.rec.CancelPayment(ctx, journal.NewID(), inv.ID)
		assert.ErrorIs(t, err, reconcile.ErrNotDocument)
		_, err = f.rec.CancelPayment(ctx, journal.NewID(), journal.NewID())
		assert.ErrorIs(t, err, reconcile.ErrNotPosted)
		f.unchanged(t, before)

		// Cancel the first too: all back to the invoice.
		_, err = f.rec.CancelPayment(ctx, journal.NewID(), p1.ID)
		require.NoError(t, err)
		assert.Equal(t, "-200.00", f.balance(t, "445740"))
		assert.Equal(t, "0.00", f.balance(t, "445710"))
		assert.Equal(t, "1200.00", f.residual(t, inv.LineRef(0)).Plain())
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		assert.Equal(t, "0.00", f.balance(t, "512000"))
		f.check(t)
	})
}

// Worked example 5 then cancelled: invoice 1 200.00 USD at 1.20 (1 000.00
// EUR), receipt 1 200.00 USD at 1.25 (960.00 EUR), FX Dr 656000 40.00.
// Cancelling the receipt reverses the FX entry: 656000 at 0.00, invoice
// residual 1 200.00 USD / 1 000.00 EUR, not paid; code retired.
func TestHrev156CancelPaymentFX(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 1), currency.MustParseRate("1.20")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 10), currency.MustParseRate("1.25")))
		inv := f.foreignSale(t, "C1", d(3, 1), usd, "1200.00")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(3, 10),
			Amount: currency.MustParse(usd, "1200.00"), Invoices: []journal.ID{inv.ID}})
		require.NoError(t, err)
		pay := res.Entries[0]
		assert.Equal(t, "-960.00", pay.Lines[0].Balance.Plain())
		assert.Equal(t, "40.00", f.balance(t, "656000"))
		assert.Equal(t, "AAA", f.code(t, inv.LineRef(0)))
		_, err = f.rec.CancelPayment(ctx, journal.NewID(), pay.ID)
		require.NoError(t, err)
		assert.Equal(t, "0.00", f.balance(t, "656000"))
		assert.Equal(t, "0.00", f.balance(t, "756000"))
		assert.Equal(t, "1000.00", f.residual(t, inv.LineRef(0)).Plain())
		st := f.state(t, inv)
		assert.Equal(t, "1200.00", st.ResidualCurrency.Plain())
		assert.Equal(t, reconcile.NotPaid, st.State)
		assert.Equal(t, "", f.code(t, inv.LineRef(0)))
		f.check(t)
	})
}

// A receipt of 300.00 through BQ (outstanding receipts 512100) cleared by
// a statement line: the invoice is paid. Cancelling the receipt undoes its
// lettering with the invoice and with the statement line: the invoice is
// not paid, 300.00 due; the statement line's counterpart is open again
// (300.00 on 512100, the money is in the bank), and can be posted to
// another payment later.
func TestHrev156CancelClearedPayment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "300.00")
		pay := f.receive(t, "BQ", "C1", d(3, 5), "300.00", inv)
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		sl, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQ", Date: d(3, 7), Amount: e("300.00"), Ref: "VIR"})
		require.NoError(t, err)
		_, err = f.rec.Clear(ctx, reconcile.Clearing{Statement: sl.Entries[0].ID, Payments: []journal.ID{pay.ID}})
		require.NoError(t, err)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		assert.Equal(t, "0.00", f.balance(t, "512100"))
		_, err = f.rec.CancelPayment(ctx, journal.NewID(), pay.ID)
		require.NoError(t, err)
		st := f.state(t, inv)
		assert.Equal(t, reconcile.NotPaid, st.State)
		assert.Equal(t, "300.00", st.ResidualCurrency.Plain())
		assert.Equal(t, "-300.00", f.balance(t, "512100"))
		assert.Equal(t, "300.00", f.balance(t, "512000"))
		stl := sl.Entries[0]
		for i, l := range stl.Lines {
			if l.Account == "512100" {
				assert.Equal(t, "-300.00", f.residual(t, stl.LineRef(i)).Plain())
			}
		}
		f.check(t)
		// A new receipt through BQ can be cleared by that statement line.
		pay2 := f.receive(t, "BQ", "C1", d(3, 8), "300.00", inv)
		_, err = f.rec.Clear(ctx, reconcile.Clearing{Statement: stl.ID, Payments: []journal.ID{pay2.ID}})
		require.NoError(t, err)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		assert.Equal(t, "0.00", f.balance(t, "512100"))
		f.check(t)
	})
}

// PreviewPayment writes nothing and agrees with RegisterPayment: an
// escompte on a cash-basis invoice (worked example 10): receipt 1 176.00,
// cash-basis 196.00 to 445710, discount Dr 665000 20.00 / Dr 445740 4.00
// / Cr 411000 24.00; same entries, same amounts, same numbers.
func TestHrev156PreviewAgreesWithRegister(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		p := reconcile.Payment{Operation: journal.NewID(), Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(3, 5),
			Amount: e("1176.00"), Invoices: []journal.ID{inv.ID}, EarlyDiscount: true, Method: reconcile.MethodTransfer}
		before := f.snapshot(t)
		pre, err := f.rec.PreviewPayment(ctx, p)
		require.NoError(t, err)
		f.unchanged(t, before)
		assert.Equal(t, "0.00", f.balance(t, "512000"))
		assert.Equal(t, "1200.00", f.residual(t, inv.LineRef(0)).Plain())
		assert.False(t, pre.Replay)
		// Preview a second time: same.
		pre2, err := f.rec.PreviewPayment(ctx, p)
		require.NoError(t, err)
		f.unchanged(t, before)
		require.Equal(t, len(pre.Entries), len(pre2.Entries))

		reg, err := f.rec.RegisterPayment(ctx, p)
		require.NoError(t, err)
		require.Equal(t, len(pre.Entries), len(reg.Entries))
		for i := range reg.Entries {
			a, b := pre.Entries[i], reg.Entries[i]
			assert.Equal(t, b.Name(), a.Name(), "entry %d number", i)
			assert.Equal(t, b.Type, a.Type)
			assert.Equal(t, b.Date, a.Date)
			require.Equal(t, len(b.Lines), len(a.Lines))
			for k := range b.Lines {
				assert.Equal(t, b.Lines[k].Account, a.Lines[k].Account)
				assert.Equal(t, b.Lines[k].Balance.Plain(), a.Lines[k].Balance.Plain())
			}
		}
		assert.Equal(t, len(pre.Partials), len(reg.Partials))
		assert.Equal(t, len(pre.Matches), len(reg.Matches))
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		assert.Equal(t, "-196.00", f.balance(t, "445710"))
		assert.Equal(t, "20.00", f.balance(t, "665000"))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		f.check(t)

		// A preview under the used id with the same payment is a replay;
		// with another content a conflict; nothing written.
		before = f.snapshot(t)
		rp, err := f.rec.PreviewPayment(ctx, p)
		require.NoError(t, err)
		assert.True(t, rp.Replay)
		p2 := p
		p2.Amount = e("1100.00")
		_, err = f.rec.PreviewPayment(ctx, p2)
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		// Bad input previews to the same errors.
		_, err = f.rec.PreviewPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(3, 5),
			Amount: e("-5.00")})
		assert.ErrorIs(t, err, reconcile.ErrAmount)
		f.unchanged(t, before)
	})
}
