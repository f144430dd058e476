package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev126SupplierNote posts a supplier credit note (avoir fournisseur) of ttc.
func hrev126SupplierNote(t *testing.T, f *fixture, p string, date journal.Date, ttc, ref string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "AC", Date: date, Type: journal.TypeCreditNote, Ref: ref, Lines: []journal.Line{
		{Account: "401000", Partner: p, Balance: e(ttc)},
		{Account: "607000", Balance: e(ttc).Neg()},
	}})
}

// Was failing, fixed: a supplier credit note AV-1 (50,00) cancelled by Book.Reverse (both open) is still set off by RunPayments against bill F-1 (200,00), so the run pays 150,00 though the supplier is owed 200,00 (F-1 200,00 − AV-1 50,00 + its reversal 50,00); the cancelled note must go with its reversal, not with a bill, and the run pay 200,00.
func TestHrev126RunSetsOffCancelledCreditNote(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	newRvBank(t, f)
	rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
	rrBill(t, f, "S2", d(3, 1), d(3, 20), "200.00", "F-1")
	note := hrev126SupplierNote(t, f, "S2", d(3, 2), "50.00", "AV-1")
	rev, err := f.book.Reverse(ctx, note.ID, ledger.ReverseOptions{})
	require.NoError(t, err)
	run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BNP", Date: d(3, 25), DueBy: d(3, 31)})
	require.NoError(t, err)
	require.Len(t, run.Payments, 1)
	assert.Equal(t, "200.00", run.Payments[0].Amount.Plain(), "the supplier is owed 200,00")
	assert.Empty(t, run.Payments[0].CreditNotes, "a cancelled credit note is not set off")
	assert.Equal(t, "50.00", f.residual(t, note.LineRef(0)).Plain(), "AV-1 stays with its reversal")
	assert.Equal(t, "-50.00", f.residual(t, rev.Entry.LineRef(0)).Plain())
	f.check(t)
}

// Was failing, fixed: Apply letters a proposal computed while invoice VT/1 (100,00) was settled, pairing its reversal with invoice VT/2 (100,00), after VT/1 was unlettered and is open again: VT/2 is closed by VT/1's cancellation and VT/1 reads due 100,00 again; the proposal is stale (the reversal is again its own invoice's, as namedDocuments and the proposer hold) and must be refused with ErrStale, VT/2 left 100,00.
func TestHrev126ApplyStaleProposalOfReversal(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	inv1 := f.invoice(t, "C1", d(3, 1), "100.00")
	inv2 := f.invoice(t, "C1", d(3, 2), "100.00")
	pay := f.receive(t, "BQ", "C1", d(3, 3), "100.00")
	rev, err := f.book.Reverse(ctx, inv1.ID, ledger.ReverseOptions{})
	require.NoError(t, err)
	var payLine journal.LineRef
	for i, l := range pay.Lines {
		if l.Account == "411000" {
			payLine = pay.LineRef(i)
		}
	}
	_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv1.LineRef(0), payLine}})
	require.NoError(t, err)
	require.True(t, f.residual(t, inv1.LineRef(0)).IsZero())
	props, err := f.rec.Propose(ctx, reconcile.Scope{All: true}, reconcile.Rules{})
	require.NoError(t, err)
	var stale []reconcile.Proposal
	for _, p := range props.Proposals {
		for _, l := range p.Lines {
			if l.Entry == rev.Entry.ID {
				stale = append(stale, p)
			}
		}
	}
	require.Len(t, stale, 1, "the reversal, free while VT/1 is settled, goes with VT/2: %+v", props.Proposals)
	_, err = f.rec.Unletter(ctx, journal.NoID, inv1.LineRef(0))
	require.NoError(t, err)
	require.Equal(t, "100.00", f.residual(t, inv1.LineRef(0)).Plain())
	applied, err := f.rec.Apply(ctx, journal.NoID, stale)
	require.NoError(t, err)
	require.Len(t, applied.Outcomes, 1)
	assert.ErrorIs(t, applied.Outcomes[0].Err, reconcile.ErrStale)
	assert.Equal(t, "100.00", f.residual(t, inv2.LineRef(0)).Plain(), "VT/2 not closed by VT/1's cancellation")
	assert.Equal(t, "-100.00", f.residual(t, rev.Entry.LineRef(0)).Plain())
	f.check(t)
}

// Pin: a receipt of 100,00 naming the cancelled invoice VT/1 (100,00) and
// its open reversal together is refused (the two leave nothing to pay),
// nothing lettered.
func TestHrev126NamingInvoiceAndReversalFullAmount(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	inv := f.invoice(t, "C1", d(3, 1), "100.00")
	rev, err := f.book.Reverse(ctx, inv.ID, ledger.ReverseOptions{})
	require.NoError(t, err)
	_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ",
		Date: d(3, 10), Method: reconcile.MethodTransfer, Amount: e("100.00"), Invoices: []journal.ID{inv.ID, rev.Entry.ID}})
	require.Error(t, err)
	assert.Equal(t, "100.00", f.residual(t, inv.LineRef(0)).Plain())
	assert.Equal(t, "-100.00", f.residual(t, rev.Entry.LineRef(0)).Plain())
}
