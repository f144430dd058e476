package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// Probe: a payment lettered with two invoices; a line naming one of them,
// then (re-proposed) a line naming both, clears it; applied, the book
// passes Check, both invoices are paid, 512100 is clear, proposals are
// the same on every run.
func TestReviewStmtProbePaymentOfTwoInvoices(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		v1 := f.invoice(t, "K1", d(3, 1), "100.00")
		v2 := f.invoice(t, "K1", d(3, 2), "50.00")
		p := b.receiveRef(t, "K1", d(3, 10), "150.00", "", v1, v2)
		props := b.imports(t, d(3, 12), reconcile.Rules{}, rvEntry{amount: "150.00", remittance: "Factures " + v1.Name() + " " + v2.Name()})
		require.Len(t, props, 1)
		assert.Equal(t, reconcile.ImportedTarget{Payments: []journal.ID{p.ID}}, props[0].Target, rvDescribe(props[0]))
		again := b.propose(t, reconcile.Rules{})
		assert.Equal(t, props, again, "deterministic")
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		require.NoError(t, outs[0].Err)
		f.check(t)
		assert.Equal(t, reconcile.Paid, f.state(t, v1).State)
		assert.Equal(t, reconcile.Paid, f.state(t, v2).State)
		assert.True(t, f.residual(t, p.LineRef(0)).IsZero() || f.residual(t, p.LineRef(1)).IsZero())

		// One of them named only.
		v3 := f.invoice(t, "K2", d(3, 1), "30.00")
		v4 := f.invoice(t, "K2", d(3, 2), "20.00")
		p2 := b.receiveRef(t, "K2", d(3, 10), "50.00", "", v3, v4)
		props = b.imports(t, d(3, 13), reconcile.Rules{}, rvEntry{amount: "50.00", remittance: v4.Name()})
		require.Len(t, props, 1)
		assert.Equal(t, reconcile.ImportedTarget{Payments: []journal.ID{p2.ID}}, props[0].Target, rvDescribe(props[0]))
	})
}

// Probe: a payment bigger than its invoice (50 € left on 411000) is
// cleared by a line naming the invoice; a line naming an invoice in
// payment of ANOTHER amount does not clear its payment.
func TestReviewStmtProbeOverpaymentAndOtherAmount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		v1 := f.invoice(t, "K1", d(3, 1), "100.00")
		p := b.receiveRef(t, "K1", d(3, 10), "150.00", "", v1)
		v2 := f.invoice(t, "C1", d(3, 1), "80.00")
		p2 := b.receiveRef(t, "C1", d(3, 10), "80.00", "", v2)
		props := b.imports(t, d(3, 12), reconcile.Rules{}, rvEntry{amount: "150.00", remittance: v1.Name()}, rvEntry{amount: "79.00", remittance: v2.Name()})
		require.Len(t, props, 2)
		assert.Equal(t, reconcile.ImportedTarget{Payments: []journal.ID{p.ID}}, props[0].Target, rvDescribe(props[0]))
		assert.NotContains(t, props[1].Target.Payments, p2.ID, rvDescribe(props[1]))
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props[:1])
		require.NoError(t, err)
		require.NoError(t, outs[0].Err)
		f.check(t)
		assert.Equal(t, reconcile.Paid, f.state(t, v1).State)
	})
}

// Probe: a supplier payment (outgoing, payables) in payment of a bill is
// cleared by a line naming the bill's number.
func TestReviewStmtProbeSupplierByNumber(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		bill := f.bill(t, "S1", d(3, 1), "250.00")
		other := f.bill(t, "S1", d(3, 2), "250.00")
		var pays []journal.Entry
		for _, x := range []journal.Entry{bill, other} {
			res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BNP", Date: d(3, 10),
				Method: reconcile.MethodTransfer, Amount: e("250.00"), Invoices: []journal.ID{x.ID}})
			require.NoError(t, err)
			pays = append(pays, res.Entries[0])
		}
		props := b.imports(t, d(3, 12), reconcile.Rules{}, rvEntry{amount: "-250.00", remittance: other.Name()})
		require.Len(t, props, 1)
		assert.Equal(t, reconcile.ImportedTarget{Payments: []journal.ID{pays[1].ID}}, props[0].Target, rvDescribe(props[0]))
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		require.NoError(t, outs[0].Err)
		f.check(t)
		assert.Equal(t, reconcile.Paid, f.state(t, other).State)
		assert.Equal(t, reconcile.InPayment, f.state(t, bill).State)
	})
}

// Probe: a payment whose invoice was unlettered since is not cleared by
// a line naming that invoice through paidBy (the partial is dead). Since
// the twentieth session the line clears it all the same, as the
// partner's payment on account waiting of the amount: paying the invoice
// with the money would count it twice and leave the payment waiting.
func TestReviewStmtProbeUnletteredSince(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		v1 := f.invoice(t, "K1", d(3, 1), "100.00")
		p := b.receiveRef(t, "K1", d(3, 10), "100.00", "", v1)
		_, err := f.rec.Unletter(ctx, journal.NoID, v1.LineRef(0))
		require.NoError(t, err)
		props := b.imports(t, d(3, 12), reconcile.Rules{}, rvEntry{amount: "100.00", remittance: v1.Name()})
		require.Len(t, props, 1)
		t.Logf("%s", rvDescribe(props[0]))
		assert.Equal(t, []journal.ID{p.ID}, props[0].Target.Payments, rvDescribe(props[0]))
		assert.Contains(t, props[0].Reason, "whose payment "+p.Name()+" waits of 100,00")
		assert.NotContains(t, props[0].Reason, "lettered with payment")
	})
}

// Probe: two lines of one statement with the same Ref are refused at
// import (so Statement+Ref identifies a line; the identity check of
// toleranceRival is not wrong, only redundant).
func TestReviewStmtProbeDuplicateRefsRefused(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		s := b.statement(d(3, 12), rvEntry{amount: "10.00"}, rvEntry{amount: "10.00"})
		s.Entries[1].Ref = s.Entries[0].Ref
		_, err := f.rec.ImportStatement(ctx, s)
		require.Error(t, err)
	})
}

// Probe: two lines of the same partner in different statements both
// within tolerance of one invoice: neither is written off; a rival line
// of another partner's IBAN does not block.
func TestReviewStmtProbeToleranceAcrossStatements(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		v1 := f.invoice(t, "K1", d(3, 1), "200.00")
		_, err := f.rec.ImportStatement(ctx, b.statement(d(3, 12), rvEntry{amount: "199.97", iban: rvK1IBAN}))
		require.NoError(t, err)
		b.bal = e("199.97")
		props := b.imports(t, d(3, 13), reconcile.Rules{}, rvEntry{amount: "199.98", iban: rvK1IBAN})
		require.Len(t, props, 2)
		for _, p := range props {
			assert.NotContains(t, p.Target.Invoices, v1.ID, rvDescribe(p))
		}
		v2 := f.invoice(t, "K2", d(3, 1), "300.00")
		props = b.imports(t, d(3, 14), reconcile.Rules{}, rvEntry{amount: "299.98", iban: rvK2IBAN}, rvEntry{amount: "299.99", iban: rvK1IBAN})
		require.Len(t, props, 4)
		assert.Equal(t, []journal.ID{v2.ID}, props[2].Target.Invoices, rvDescribe(props[2]))
	})
}
