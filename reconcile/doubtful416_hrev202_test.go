package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Known gap (skipped): a debt moved to 416000 (clients douteux, PCG practice before the loss) cannot be written off as lost: WriteOffBadDebt of the invoice says ErrSettled ("owes nothing"), of the transfer ErrNotDocument; expected 416000 to 0.00, 654000 1000.00 and 445710 back to 0.00, got 416000 1200.00, 654000 0.00, 445710 -200.00
//
// French practice moves a doubtful customer's debt from 411000 to 416000
// (Dr 416 / Cr 411, lettered on 411), impairs it (491000, which Impair
// bounds by 411 and 416 together) and writes it off from 416000 when it
// proves lost. Impair sees the debt on 416000; WriteOffBadDebt does not.
func TestHrev202BadDebtOfADebtMovedTo416(t *testing.T) {
	t.Parallel()
	t.Skip("not done: a debt moved by hand to 416000 is not a document WriteOffBadDebt can write off; write off the invoice before moving it, or letter the 416000 lines with a hand-posted loss")
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev182Goods(t, "C1", d(3, 1), "1000.00", hrev182VAT20)
		move := f.post(t, journal.Entry{Journal: "OD", Date: d(9, 30), Type: journal.TypeMisc, Ref: inv.Name(), Lines: []journal.Line{
			{Account: "416000", Partner: "C1", Balance: e("1200.00")},
			{Account: "411000", Partner: "C1", Balance: e("-1200.00")},
		}})
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), move.LineRef(1)}})
		require.NoError(t, err)
		f.impair(t, d(12, 31), reconcile.DoubtfulDebt{Partner: "C1", Amount: e("500.00")})
		assert.Equal(t, []string{"C1 500.00 of 1200.00"}, f.impaired(t, d(12, 31)))

		_, errInv := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: hrev202Y27(3, 15)})
		_, errMove := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: move.ID, Date: hrev202Y27(3, 15)})
		t.Logf("invoice: %v; transfer: %v", errInv, errMove)
		assert.True(t, errInv == nil || errMove == nil, "one of the two writes the 416000 debt off")
		assert.Equal(t, "416000 0.00, 654000 1000.00, 445710 0.00", f.hrev190Bal(t, "416000", "654000", "445710"))
	})
}
