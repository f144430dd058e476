package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Reverse cancels an invoice: its reversal is posted and lettered with it,
// so the invoice reads reversed and neither line stays among the
// customer's open items; a replay gives the same reversal.
func TestReverseInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 2), "1200.00")
		other := f.invoice(t, "C1", d(3, 5), "300.00")
		op := journal.NewID()
		res, err := f.rec.Reverse(ctx, reconcile.Reversal{Operation: op, Entry: inv.ID, Date: d(3, 10)})
		require.NoError(t, err)
		require.Len(t, res.Entries, 1)
		rev := res.Entries[0]
		assert.Equal(t, inv.ID, rev.ReversalOf)
		assert.Equal(t, d(3, 10), rev.Date)
		assert.Equal(t, reconcile.Reversed, f.state(t, inv).State)
		assert.Equal(t, "AAA", f.code(t, inv.LineRef(0)))
		assert.Equal(t, "AAA", f.code(t, rev.LineRef(0)))
		items, err := f.book.OpenItems(ctx, "411000", "C1")
		require.NoError(t, err)
		require.Len(t, items, 1, "only the other invoice is open")
		assert.Equal(t, other.ID, items[0].Ref.Entry)
		again, err := f.rec.Reverse(ctx, reconcile.Reversal{Operation: op, Entry: inv.ID, Date: d(3, 10)})
		require.NoError(t, err)
		assert.Equal(t, rev.ID, again.Entries[0].ID, "a replay")
		_, err = f.rec.Reverse(ctx, reconcile.Reversal{Entry: inv.ID})
		assert.ErrorIs(t, err, ledger.ErrAlreadyReversed)
		_, err = f.rec.Reverse(ctx, reconcile.Reversal{Entry: rev.ID})
		assert.ErrorIs(t, err, ledger.ErrReverseReversal)
		f.check(t)
	})
}

// A cash-basis invoice reversed before any payment: nothing of its VAT
// ever became due, 445740 goes back to zero and 445710 never moves.
func TestReverseCashBasisInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		res, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: inv.ID, Label: "Annulation FA"})
		require.NoError(t, err)
		require.Len(t, res.Entries, 1, "the reversal alone: no cash-basis entry")
		assert.Equal(t, "Annulation FA", res.Entries[0].Label)
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		assert.Equal(t, "0.00", f.balance(t, "445710"))
		assert.Equal(t, reconcile.Reversed, f.state(t, inv).State)
		f.check(t)
	})
}

// Bad input writes nothing: a paid invoice (detach its payment first), an
// exchange or write-off entry the lettering posted, an unknown entry, a
// date in a closed year, a label the book refuses, an operation id reused
// for another request.
func TestReverseRefuses(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 2), "100.00")
		f.receive(t, "BQD", "C1", d(3, 20), "99.98", inv)
		paid := f.invoice(t, "C1", d(3, 3), "50.00")
		f.receive(t, "BQD", "C1", d(3, 21), "50.00", paid)
		wo, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0)}, WriteOff: true})
		require.NoError(t, err)
		require.Len(t, wo.Entries, 1, "the 0.02 written off")
		_, err = f.rec.Reverse(ctx, reconcile.Reversal{Entry: wo.Entries[0].ID})
		assert.ErrorIs(t, err, reconcile.ErrNotDocument, "a write-off is undone by unlettering")
		open := f.invoice(t, "C1", d(3, 4), "70.00")
		before := f.snapshot(t)
		_, err = f.rec.Reverse(ctx, reconcile.Reversal{Entry: paid.ID})
		assert.ErrorIs(t, err, ledger.ErrLettered)
		_, err = f.rec.Reverse(ctx, reconcile.Reversal{Entry: journal.NewID()})
		assert.ErrorIs(t, err, reconcile.ErrNotPosted)
		_, err = f.rec.Reverse(ctx, reconcile.Reversal{Entry: open.ID, Label: "bad\x00label"})
		assert.Error(t, err)
		assert.Equal(t, before, f.snapshot(t), "nothing written")
		op := journal.NewID()
		_, err = f.rec.Reverse(ctx, reconcile.Reversal{Operation: op, Entry: open.ID, Date: d(3, 30)})
		require.NoError(t, err)
		_, err = f.rec.Reverse(ctx, reconcile.Reversal{Operation: op, Entry: open.ID})
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict, "the same operation, another date")
		f.check(t)
	})
}
