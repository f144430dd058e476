package reconcile_test

// Review h-rev74 of 52a98d2: base pairs lettered as ordinary partials,
// scheduled cheques refused at registration.

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev74Deposit posts a deposit invoice of 300.00 HT on 419100 to C1 and
// registers a receipt of 180.00 on it: one cash-basis entry, whose base
// pair on 419100 is lettered. It returns the invoice, the cash-basis entry
// and the index of its 419100 base line.
func hrev74Deposit(t *testing.T, f *fixture) (journal.Entry, journal.Entry, int) {
	t.Helper()
	dep := hrev68Doc(t, f, journal.CustomerInvoice, journal.DocNormal, "C1", d(2, 1), "300.00", "419100")
	res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
		Date: d(2, 10), Amount: e("180.00"), Method: reconcile.MethodTransfer, Invoices: []journal.ID{dep.ID}})
	require.NoError(t, err)
	cb := cashBasisEntries(res.Entries)
	require.Len(t, cb, 1)
	for i, l := range cb[0].Lines {
		if l.Account == "419100" && l.TaxRole == tax.RoleBase {
			return dep, cb[0], i
		}
	}
	t.Fatal("no base line on 419100")
	return journal.Entry{}, journal.Entry{}, 0
}

// Was failing, fixed (the pair is a reversal pair again, and the list
// reads an entry without a customer's line by its own line): Expected: the lettering list of 419100 (a lettered account whose
// list worked before: a deposit lettered with a credit note gives its
// row) still reads once a deposit invoice is partly paid; the base pair
// of the cash-basis entry is no settlement of a document and gives no
// row (or a row the list can build). Observed: LetteringList returns
// ErrNotDocument "TVA/2026/00001 has no receivable or payable line": the
// pair's partial is now an ordinary KindPayment partial between two lines
// of the cash-basis entry, so the list reads the cash-basis entry as the
// document of that "payment" and fails: no lettering list of 419100 can
// be printed once any deposit is paid.
func TestHrev74LetteringListWithABasePair(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		x := hrev68Doc(t, f, journal.CustomerInvoice, journal.DocNormal, "C1", d(1, 10), "100.00", "419100")
		cn := hrev68Doc(t, f, journal.CustomerCreditNote, journal.DocNormal, "C1", d(1, 20), "100.00", "419100")
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{x.LineRef(1), cn.LineRef(1)}})
		require.NoError(t, err)
		rows, err := f.rec.LetteringList(ctx, reconcile.LetteringFilter{Account: "419100"})
		require.NoError(t, err)
		require.Len(t, rows, 1)
		hrev74Deposit(t, f)
		after, err := f.rec.LetteringList(ctx, reconcile.LetteringFilter{Account: "419100"})
		require.NoError(t, err)
		// Changed: the list gives a row per live partial, the pair's as
		// a reversal row of its own; the document rows are unchanged.
		var docs []reconcile.LetteringRow
		for _, r := range after {
			if r.Kind != journal.KindReversal {
				docs = append(docs, r)
			}
		}
		assert.Equal(t, rows, docs, "the base pair settles no document")
	})
}

// Was failing, fixed (see TestHrev74LetteringListWithABasePair): Expected: the
// lettering list of 419100 reads after a deposit invoice is paid in two
// receipts (two cash-basis entries, each pair lettered) and after the
// first receipt is unlettered (its entry reversed, pair and reversal
// lettered); Check passes at each step. Observed: ErrNotDocument at the
// first list.
func TestHrev74BasePairsOfPartialPayments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		dep, _, _ := hrev74Deposit(t, f)
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(2, 20), Method: reconcile.MethodTransfer, Invoices: []journal.ID{dep.ID}})
		require.NoError(t, err)
		assert.Equal(t, reconcile.Paid, f.state(t, dep).State)
		assert.Equal(t, []string{dep.Name() + " -300.00"}, hrev71Open(t, f, "419100"))
		assert.Equal(t, [2]string{"0.00", "-60.00"}, hrev68VAT(t, f))
		f.check(t)
		_, err = f.rec.LetteringList(ctx, reconcile.LetteringFilter{Account: "419100"})
		assert.NoError(t, err)
		_, err = f.rec.Unletter(ctx, journal.NoID, dep.LineRef(0))
		require.NoError(t, err)
		assert.Equal(t, []string{dep.Name() + " -300.00"}, hrev71Open(t, f, "419100"))
		assert.Equal(t, [2]string{"-60.00", "0.00"}, hrev68VAT(t, f))
		f.check(t)
		_, err = f.rec.LetteringList(ctx, reconcile.LetteringFilter{Account: "419100"})
		assert.NoError(t, err)
	})
}

// Was failing, fixed (it undoes what generated the pair, as Detach does): Expected: unlettering the 419100 base line of the cash-basis
// entry (a user's Unletter on 419100) does what Detach of that generated
// line does, "undoing the partial that generated it" (Unletter: "with the
// same reversals as Detach"), or is refused writing nothing: the lines the
// lettering generated to cancel out do not stay open on 419100.
// Observed: Unletter succeeds and undoes only the pair's partial, now an
// ordinary one: 419100 shows "TVA/2026/00001 150.00" and "-150.00" open
// beside the deposit while the receipt stays lettered and its VAT due;
// Propose then offers to letter the two generated lines by the reference
// rule, as if they were a payment and a document.
func TestHrev74UnletterTheBasePairLine(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		dep, cb, base := hrev74Deposit(t, f)
		_, err := f.rec.Unletter(ctx, journal.NoID, cb.LineRef(base))
		if err == nil {
			assert.Equal(t, []string{dep.Name() + " -300.00"}, hrev71Open(t, f, "419100"), "no generated line open")
		}
		f.check(t)
		pr, err := f.rec.Propose(ctx, reconcile.Scope{Accounts: []string{"419100"}}, reconcile.Rules{})
		require.NoError(t, err)
		assert.Empty(t, pr.Proposals)
	})
}

// Passes (its second supplier changed to C3, a partner of the fixture): a
// cheque number of a cancelled scheduling is free; a scheduled
// cheque executed twice runs once; several scheduled cheques execute.
func TestHrev74ScheduledChequesCancelledAndTwice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := journal.NewID()
		require.NoError(t, f.rec.Schedule(ctx, a, hrev71Cheque(reconcile.Outbound, "S1", "7100001", "")))
		require.NoError(t, f.rec.CancelScheduled(ctx, a))
		_, err := f.rec.RegisterPayment(ctx, hrev71Cheque(reconcile.Outbound, "S1", "7100001", ""))
		require.NoError(t, err, "a cancelled scheduling holds no number")
		b, c := journal.NewID(), journal.NewID()
		require.NoError(t, f.rec.Schedule(ctx, b, hrev71Cheque(reconcile.Outbound, "S1", "7100002", "")))
		require.NoError(t, f.rec.Schedule(ctx, c, hrev71Cheque(reconcile.Outbound, "C3", "7100003", "")))
		r1, err := f.rec.ExecuteScheduled(ctx, b, d(4, 2))
		require.NoError(t, err)
		before := f.snapshot(t)
		r2, err := f.rec.ExecuteScheduled(ctx, b, d(4, 2))
		require.NoError(t, err)
		f.unchanged(t, before)
		assert.Equal(t, len(r1.Entries), len(r2.Entries))
		_, err = f.rec.ExecuteScheduled(ctx, c, d(4, 2))
		require.NoError(t, err)
		f.check(t)
	})
}
