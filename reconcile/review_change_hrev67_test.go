package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Passes: the tolerance is each match's, and one match over it refuses the
// whole call: invoice A paid 0,03 short (within 0,05) and invoice B paid
// 0,07 short (beyond), their lines lettered with a write-off in one call,
// give ErrTolerance and write nothing — not A's write-off alone.
func TestHrev67ToleranceOneMatchOverRefusesTheCall(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "50.00")
		b := f.invoice(t, "C1", d(3, 2), "50.00")
		f.receive(t, "BQD", "C1", d(3, 10), "49.97", a)
		f.receive(t, "BQD", "C1", d(3, 11), "49.93", b)
		before := f.snapshot(t)
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(a), line0(b)}, WriteOff: true})
		require.ErrorIs(t, err, reconcile.ErrTolerance)
		f.unchanged(t, before)
		assert.Equal(t, "0.03", f.residual(t, line0(a)).Plain())
		assert.Equal(t, "0.07", f.residual(t, line0(b)).Plain())
		f.check(t)
	})
}

// Passes: PreviewPayment under an operation id another kind of operation
// used (a Reconcile) is refused as RegisterPayment would be
// (ErrIdempotencyConflict), and writes nothing.
func TestHrev67PreviewPaymentUnderAReconcilesID(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "100.00")
		cn := f.creditNote(t, "C1", d(3, 2), "40.00")
		op := journal.NewID()
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Operation: op, Lines: []journal.LineRef{line0(inv), line0(cn)}})
		require.NoError(t, err)
		before := f.snapshot(t)
		p := reconcile.Payment{Operation: op, Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(3, 10),
			Amount: e("60.00"), Invoices: []journal.ID{inv.ID}, Method: reconcile.MethodTransfer}
		_, err = f.rec.PreviewPayment(ctx, p)
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		_, err = f.rec.RegisterPayment(ctx, p)
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)
	})
}

// Passes: a preview under a fresh operation id writes nothing (the store
// byte for byte) and leaves the id free: RegisterPayment under it then
// posts (no replay) what the preview showed.
func TestHrev67PreviewLeavesTheOperationFree(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "100.00")
		p := reconcile.Payment{Operation: journal.NewID(), Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(3, 10),
			Amount: e("100.00"), Invoices: []journal.ID{inv.ID}, Method: reconcile.MethodTransfer}
		before := f.snapshot(t)
		pre, err := f.rec.PreviewPayment(ctx, p)
		require.NoError(t, err)
		assert.False(t, pre.Replay)
		f.unchanged(t, before)
		got, err := f.rec.RegisterPayment(ctx, p)
		require.NoError(t, err)
		assert.False(t, got.Replay, "the preview recorded no operation")
		require.Len(t, got.Entries, len(pre.Entries))
		for i := range got.Entries {
			assert.Equal(t, pre.Entries[i].Name(), got.Entries[i].Name())
		}
		again, err := f.rec.PreviewPayment(ctx, p)
		require.NoError(t, err)
		assert.True(t, again.Replay, "previewed once registered: the stored result")
		f.check(t)
	})
}

// Passes: CashBasisPayments keeps the sales and only them: a customer
// credit note (VAT on payment) refunded gives a negative row; its refund
// detached gives the opposite row; a supplier credit note refunded by the
// supplier (deductible VAT taken back) gives none.
func TestHrev67CashBasisPaymentsCreditNotes(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		sales := tax.MustFrenchVAT(tax.Standard, tax.Sales, tax.OnPayment)
		x, err := journal.Invoice{Kind: journal.CustomerCreditNote, Journal: "VT", Date: d(3, 2), Partner: "C1", PartnerAccount: "411000",
			Label: "Avoir", Lines: []journal.InvoiceLine{{Label: "Avoir", UnitPrice: e("100.00"), Taxes: []tax.Tax{sales}, Account: "706000"}}}.Entry()
		require.NoError(t, err)
		cn := f.post(t, x)
		refund, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "C1", Journal: "BQD",
			Date: d(3, 10), Invoices: []journal.ID{cn.ID}, Method: reconcile.MethodTransfer})
		require.NoError(t, err)

		scn := hrev65Doc(t, f, journal.SupplierCreditNote, d(3, 3), journal.Date{}, "S1", "50.00", hrev65Services, "622600")
		hrev65Pay(t, f, reconcile.Inbound, "BQD", d(3, 11), "", false, scn)

		rows, err := f.rec.CashBasisPayments(ctx, d(3, 1), d(3, 31))
		require.NoError(t, err)
		require.Len(t, rows, 1, "%+v", rows)
		assert.Equal(t, cn.Name(), rows[0].Invoice)
		assert.Equal(t, "-120.00", rows[0].Collected.Plain())
		assert.Equal(t, "-20.00", rows[0].VAT.Plain())

		_, err = f.rec.Unletter(ctx, journal.NoID, refund.Entries[0].LineRef(1))
		if err != nil {
			_, err = f.rec.Unletter(ctx, journal.NoID, refund.Entries[0].LineRef(0))
		}
		require.NoError(t, err)
		rows, err = f.rec.CashBasisPayments(ctx, d(3, 1), d(3, 31))
		require.NoError(t, err)
		require.Len(t, rows, 2, "%+v", rows)
		sum := currency.Zero(eur)
		for _, r := range rows {
			assert.Equal(t, cn.Name(), r.Invoice)
			sum, _ = sum.Add(r.VAT)
		}
		assert.Equal(t, "0.00", sum.Plain(), "the detached refund takes its VAT back")
		f.check(t)
	})
}
