package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// An LCR on a cash-basis invoice (1 000.00 + 200.00 on 445740) collected
// at maturity (200.00 due); the collecting statement line is then
// cancelled (the bank takes it back): its cash-basis entry is reversed,
// 445740 back at -200.00, 445710 at 0.00, the bill open again and the
// invoice waiting on it (in_payment).
func TestHrev156CancelBillCollection(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		bill := f.drawLCR(t, "LCR-C", inv)
		assert.Equal(t, "-200.00", f.balance(t, "445740"))
		res := f.collect(t, bill, d(4, 30), "1200.00")
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		assert.Equal(t, "-200.00", f.balance(t, "445710"))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		_, err := f.rec.CancelPayment(ctx, journal.NewID(), res.Entries[0].ID)
		require.NoError(t, err)
		assert.Equal(t, "-200.00", f.balance(t, "445740"))
		assert.Equal(t, "0.00", f.balance(t, "445710"))
		assert.Equal(t, "1200.00", f.residual(t, bill.LineRef(1)).Plain())
		assert.Equal(t, "0.00", f.balance(t, "512000"))
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		f.check(t)
		// Collected again on 5 May.
		f.collect(t, bill, d(5, 5), "1200.00")
		assert.Equal(t, "0.00", f.balance(t, "445740"))
		assert.Equal(t, "-200.00", f.balance(t, "445710"))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		f.check(t)
	})
}

// The bill itself cancelled after it was collected: its lettering with
// the invoice and with the collection is undone, the cash-basis entry the
// collection made due on the invoice is reversed (445740 -200.00, 445710
// 0.00), the invoice owes 1 200.00 again (not paid), and the collection's
// 413000 line is left open (-1 200.00).
func TestHrev156CancelCollectedBill(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		bill := f.drawLCR(t, "LCR-D", inv)
		res := f.collect(t, bill, d(4, 30), "1200.00")
		_, err := f.rec.CancelPayment(ctx, journal.NewID(), bill.ID)
		require.NoError(t, err)
		assert.Equal(t, "-200.00", f.balance(t, "445740"))
		assert.Equal(t, "0.00", f.balance(t, "445710"))
		assert.Equal(t, "1200.00", f.residual(t, inv.LineRef(0)).Plain())
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		assert.Equal(t, "-1200.00", f.balance(t, "413000"))
		sl := res.Entries[0]
		for i, l := range sl.Lines {
			if l.Account == "413000" {
				assert.Equal(t, "-1200.00", f.residual(t, sl.LineRef(i)).Plain())
			}
		}
		f.check(t)
	})
}
