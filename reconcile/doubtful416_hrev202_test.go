package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// French practice moves a doubtful customer's debt from 411000 to 416000
// (Dr 416 / Cr 411, lettered on 411), impairs it (491000, which Impair
// bounds by 411 and 416 together) and writes it off from 416000 when it
// proves lost. MoveToDoubtful moves it; WriteOffBadDebt of the invoice
// writes it off from there.
func TestHrev202BadDebtOfADebtMovedTo416(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev182Goods(t, "C1", d(3, 1), "1000.00", hrev182VAT20)
		move, err := f.rec.MoveToDoubtful(ctx, reconcile.DoubtfulMove{Invoice: inv.ID, Date: d(9, 30)})
		require.NoError(t, err)
		f.impair(t, d(12, 31), reconcile.DoubtfulDebt{Partner: "C1", Amount: e("500.00")})
		assert.Equal(t, []string{"C1 500.00 of 1200.00"}, f.impaired(t, d(12, 31)))

		_, errInv := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: hrev202Y27(3, 15)})
		_, errMove := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: move.Entries[0].ID, Date: hrev202Y27(3, 15)})
		require.NoError(t, errInv)
		assert.ErrorIs(t, errMove, reconcile.ErrNotDocument, "the invoice is written off, not the entry that moved it")
		assert.Equal(t, "416000 0.00, 654000 1000.00, 445710 0.00", f.hrev190Bal(t, "416000", "654000", "445710"))
		f.check(t)
	})
}

// A transfer to 416000 posted by hand and lettered with the invoice is not
// recognised: the lettering took it as a payment of the invoice, and its
// reference is free text. WriteOffBadDebt refuses the invoice, as settled,
// naming the transfer, and writes nothing; unlettered and reversed, the
// debt moves with MoveToDoubtful.
func TestHrev202BadDebtOfADebtMovedTo416ByHand(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev182Goods(t, "C1", d(3, 1), "1000.00", hrev182VAT20)
		move := f.post(t, journal.Entry{Journal: "OD", Date: d(9, 30), Type: journal.TypeMisc, Ref: inv.Name(), Lines: []journal.Line{
			{Account: "416000", Partner: "C1", Balance: e("1200.00")},
			{Account: "411000", Partner: "C1", Balance: e("-1200.00")},
		}})
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), move.LineRef(1)}})
		require.NoError(t, err)
		n, snap := f.hrev182Count(t), f.snapshot(t)
		_, errInv := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: hrev202Y27(3, 15)})
		_, errMove := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: move.ID, Date: hrev202Y27(3, 15)})
		assert.ErrorIs(t, errInv, reconcile.ErrSettled)
		assert.ErrorContains(t, errInv, move.Name()+" moved its debt to 416000 by hand")
		assert.ErrorIs(t, errMove, reconcile.ErrNotDocument)
		assert.Equal(t, n, f.hrev182Count(t))
		f.unchanged(t, snap)

		_, err = f.rec.Unletter(ctx, journal.NoID, inv.LineRef(0))
		require.NoError(t, err)
		_, err = f.book.Reverse(ctx, move.ID, ledger.ReverseOptions{Date: d(10, 1)})
		require.NoError(t, err)
		_, err = f.rec.MoveToDoubtful(ctx, reconcile.DoubtfulMove{Invoice: inv.ID, Date: d(10, 1)})
		require.NoError(t, err)
		_, err = f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: hrev202Y27(3, 15)})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "411000 0.00, 416000 0.00, 654000 1000.00, 445710 0.00", f.hrev190Bal(t, "411000", "416000", "654000", "445710"))
	})
}
