package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An invoice typed by hand, its VAT lines without their tax: the 445710
// share of the lost part is recovered on 445710 all the same, and a share
// waiting on 445740 leaves it, since no cash-basis entry would move it;
// only the rest is a loss. Unlettering takes it all back.
func TestBadDebtOfVATLinesWithoutTheirTax(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("2400.00")},
			{Account: "706000", Balance: e("-1000.00")},
			{Account: "445710", Balance: e("-200.00")},
			{Account: "707000", Balance: e("-1000.00")},
			{Account: "445740", Balance: e("-200.00")},
		}})
		f.receive(t, "BQ", "C1", d(4, 1), "600.00", inv)
		res, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(9, 30)})
		require.NoError(t, err)
		require.Len(t, res.Entries, 1)
		var got []string
		for _, l := range res.Entries[0].Lines {
			got = append(got, l.Account+" "+l.Balance.Plain())
		}
		// 1 800,00 lost of 2 400,00: three quarters of each line.
		assert.Equal(t, []string{"411000 -1800.00", "654000 1500.00", "445710 150.00", "445740 150.00"}, got)
		// Nothing remains due; the receipt waits on the bank's outstanding account.
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		assert.Equal(t, "-50.00", f.balance(t, "445710"))
		assert.Equal(t, "-50.00", f.balance(t, "445740"))
		f.check(t)

		_, err = f.rec.Unletter(ctx, journal.NoID, inv.LineRef(0))
		require.NoError(t, err)
		assert.Equal(t, "-200.00", f.balance(t, "445710"))
		assert.Equal(t, "0.00", f.balance(t, "654000"))
		f.check(t)
	})
}
