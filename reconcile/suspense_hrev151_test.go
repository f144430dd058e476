package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// A receipt of 450.00 from an unknown account: unmatched; posting it to the
// bank account itself is refused and writes nothing; posted to 471000, it
// is later found to be C1's payment of its invoice: an OD moves it from
// 471000 to 411000 C1, 471000 is lettered across (AAA, 0.00) and the
// invoice is paid (AAA for C1).
func TestHrev151SuspenseThenPartner(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		inv := f.invoice(t, "C1", d(3, 1), "450.00")
		x := reconcile.BankEntry{Ref: "X1", BookingDate: d(3, 9), Amount: e("450.00"), Label: "VIR RECU",
			Transactions: []reconcile.BankTransaction{{CounterpartyIBAN: "DE89370400440532013000", Remittance: "REGLEMENT MARS"}}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151BNP, "S1", "0.00", d(3, 9), x))
		require.NoError(t, err)
		props, err := f.rec.ProposeImported(ctx, "BNP", reconcile.Rules{})
		require.NoError(t, err)
		require.Len(t, props, 1)
		assert.False(t, props[0].Matched, h151Desc(props))

		before := f.snapshot(t)
		_, err = f.rec.PostImported(ctx, journal.NoID, "BNP", "S1", "X1", reconcile.ImportedTarget{Account: "512000"})
		assert.ErrorIs(t, err, reconcile.ErrAccount)
		_, err = f.rec.PostImported(ctx, journal.NoID, "BNP", "S1", "X1", reconcile.ImportedTarget{Account: "471000", Partner: "C1"})
		assert.ErrorIs(t, err, reconcile.ErrAccount)
		f.unchanged(t, before)
		f.check(t)

		res, err := f.rec.PostImported(ctx, journal.NoID, "BNP", "S1", "X1", reconcile.ImportedTarget{Account: "471000"})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "-450.00", h151Bal(t, f, "471000", ""))
		assert.Equal(t, "450.00", h151Bal(t, f, "512000", ""))
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		_, err = f.rec.PostImported(ctx, journal.NoID, "BNP", "S1", "X1", reconcile.ImportedTarget{Account: "471000"})
		assert.ErrorIs(t, err, reconcile.ErrPosted)

		od := f.post(t, journal.Entry{Journal: "OD", Date: d(3, 15), Lines: []journal.Line{
			{Account: "471000", Balance: e("450.00")}, {Account: "411000", Partner: "C1", Balance: e("-450.00")}}})
		r1, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{res.Entries[0].LineRef(0), od.LineRef(0)}})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, r1.Matches, 1)
		assert.Equal(t, "AAA", r1.Matches[0].Code)
		assert.Equal(t, d(3, 15), r1.Partials[0].Date)
		r2, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), od.LineRef(1)}})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, r2.Matches, 1)
		assert.Equal(t, "AAA", r2.Matches[0].Code)
		assert.Equal(t, "0.00", h151Bal(t, f, "471000", ""))
		assert.Equal(t, "0.00", h151Bal(t, f, "411000", "C1"))
		st := f.state(t, inv)
		assert.Equal(t, reconcile.Paid, st.State)
		assert.Equal(t, "0.00", st.Residual.Plain())
	})
}

// A supplier payment of 800.00 through BNP waits on 512200: the bill is
// in_payment; the bank line of -800.00 clears it (paid); detaching the
// payment from the clearing puts the bill back in_payment and the
// statement line open for 800.00 on 512200.
func TestHrev151OutstandingPaymentsClearedAndDetached(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		bill := f.bill(t, "S1", d(3, 1), "800.00")
		pr, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BNP", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Amount: e("800.00"), Invoices: []journal.ID{bill.ID}})
		require.NoError(t, err)
		pay := pr.Entries[0]
		assert.Equal(t, reconcile.InPayment, f.state(t, bill).State)
		assert.Equal(t, "-800.00", h151Bal(t, f, "512200", ""))
		x := reconcile.BankEntry{Ref: "P1", BookingDate: d(3, 6), Amount: e("-800.00"), Label: "VIR EMIS S1"}
		_, err = f.rec.ImportStatement(ctx, h151Stmt(h151BNP, "S1", "1000.00", d(3, 6), x))
		require.NoError(t, err)
		props, err := f.rec.ProposeImported(ctx, "BNP", reconcile.Rules{})
		require.NoError(t, err)
		require.True(t, props[0].Matched, h151Desc(props))
		assert.Equal(t, []journal.ID{pay.ID}, props[0].Target.Payments)
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		require.NoError(t, outs[0].Err)
		f.check(t)
		assert.Equal(t, reconcile.Paid, f.state(t, bill).State)
		assert.Equal(t, "0.00", h151Bal(t, f, "512200", ""))
		assert.Equal(t, "-800.00", h151Bal(t, f, "512000", ""))
		var payLine journal.LineRef
		for i, l := range pay.Lines {
			if l.Account == "512200" {
				payLine = pay.LineRef(i)
			}
		}
		_, err = f.rec.Detach(ctx, journal.NoID, payLine)
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, reconcile.InPayment, f.state(t, bill).State)
		assert.Equal(t, "-800.00", f.residual(t, payLine).Plain())
		assert.Equal(t, "0.00", h151Bal(t, f, "512200", ""))
		assert.Equal(t, "0.00", h151Bal(t, f, "401000", "S1"))
	})
}
