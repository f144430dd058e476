package reconcile_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// A lettering group is walked through its lines' live partials, looked up
// in lists while the group is small and in sets past 32 lines or
// partials: a payment for 40 invoices, and a chain of 40 invoices and 40
// payments each paying half of two invoices (80 lines joined end to end),
// both settle as one match with every line and partial, unletter whole
// from any line, and leave the book as it was.
func TestGroupWalkLargeGroups(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		const n = 40
		// One payment, n invoices.
		var lines []journal.LineRef
		for range n {
			x := f.invoice(t, "C1", d(3, 1), "10.00")
			lines = append(lines, x.LineRef(0))
		}
		pay := f.post(t, journal.Entry{Journal: "BQ", Date: d(3, 5), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "512000", Balance: e(fmt.Sprintf("%d.00", 10*n))},
			{Account: "411000", Partner: "C1", Balance: e(fmt.Sprintf("%d.00", 10*n)).Neg()},
		}})
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: append(lines, pay.LineRef(1))})
		require.NoError(t, err)
		require.Len(t, res.Partials, n)
		require.Len(t, res.Matches, 1)
		assert.Len(t, res.Matches[0].Lines, n+1)
		assert.Len(t, res.Matches[0].Partials, n)
		f.check(t)
		un, err := f.rec.Unletter(ctx, journal.NoID, lines[n/2])
		require.NoError(t, err)
		assert.Len(t, un.UndonePartial, n, "every partial of the group undone")
		for _, ref := range append(lines, pay.LineRef(1)) {
			code, _, err := f.rec.Code(ctx, ref)
			require.NoError(t, err)
			assert.Empty(t, code)
		}
		f.check(t)
		for _, ref := range lines {
			assert.Equal(t, "10.00", f.residual(t, ref).Plain())
		}

		// A chain: a payment of 5 pays the first half of invoice 0,
		// payment k (10) the second half of invoice k and the first half
		// of invoice k+1, a last payment of 5 the second half of the last
		// invoice: every line joins the next, 2n+1 lines, 2n partials.
		var inv, pays []journal.Entry
		for range n {
			inv = append(inv, f.invoice(t, "C2", d(4, 1), "10.00"))
		}
		for k := range n + 1 {
			amount := "10.00"
			if k == 0 || k == n {
				amount = "5.00"
			}
			pays = append(pays, f.post(t, journal.Entry{Journal: "BQ", Date: d(4, 2), Type: journal.TypePayment, Lines: []journal.Line{
				{Account: "512000", Balance: e(amount)},
				{Account: "411000", Partner: "C2", Balance: e(amount).Neg()},
			}}))
		}
		letter := func(lines ...journal.LineRef) reconcile.Result {
			t.Helper()
			res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: lines, KeepOrder: true})
			require.NoError(t, err)
			return res
		}
		require.Empty(t, letter(inv[0].LineRef(0), pays[0].LineRef(1)).Matches, "half of the first invoice is open")
		for k := range n - 1 {
			require.Empty(t, letter(inv[k].LineRef(0), inv[k+1].LineRef(0), pays[k+1].LineRef(1)).Matches,
				"payment %d: the chain's last invoice is still half open", k+1)
		}
		last := letter(inv[n-1].LineRef(0), pays[n].LineRef(1))
		require.Len(t, last.Matches, 1)
		assert.Len(t, last.Matches[0].Lines, 2*n+1, "the whole chain in one match")
		assert.Len(t, last.Matches[0].Partials, 2*n)
		f.check(t)
		code := f.code(t, pays[n/2].LineRef(1))
		for _, x := range inv {
			assert.Equal(t, code, f.code(t, x.LineRef(0)), "%s", x.Name())
		}
		for _, x := range pays {
			assert.Equal(t, code, f.code(t, x.LineRef(1)), "%s", x.Name())
		}
		un, err = f.rec.Unletter(ctx, journal.NoID, inv[n-1].LineRef(0))
		require.NoError(t, err)
		assert.Len(t, un.UndonePartial, 2*n)
		for _, x := range inv {
			assert.Equal(t, "10.00", f.residual(t, x.LineRef(0)).Plain())
		}
		f.check(t)
	})
}

// A partial that leaves both lines open files nothing again in the open
// items: the invoice part paid and the payment not yet used up stay
// listed, with their residuals, through part payments, a payment taken
// off that leaves the invoice still part paid, and the payment that
// settles it;
// Check agrees at each step.
func TestPartPaymentsKeepOpenItems(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "100.00")
		pay := func(amount string) journal.Entry {
			return f.post(t, journal.Entry{Journal: "BQ", Date: d(3, 5), Type: journal.TypePayment, Lines: []journal.Line{
				{Account: "512000", Balance: e(amount)},
				{Account: "411000", Partner: "C1", Balance: e(amount).Neg()},
			}})
		}
		open := func() map[journal.LineRef]string {
			items, err := f.book.OpenItems(ctx, "411000", "C1")
			require.NoError(t, err)
			out := map[journal.LineRef]string{}
			for _, it := range items {
				out[it.Ref] = it.Residual.Balance.Plain()
			}
			return out
		}
		p1, p2 := pay("30.00"), pay("20.00")
		r1, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), p1.LineRef(1)}})
		require.NoError(t, err)
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), p2.LineRef(1)}})
		require.NoError(t, err)
		assert.Equal(t, map[journal.LineRef]string{inv.LineRef(0): "50.00"}, open())
		f.check(t)
		// Take the first payment off: the invoice goes from 50 to 80 open,
		// filed as it was.
		det, err := f.rec.Detach(ctx, journal.NoID, p1.LineRef(1))
		require.NoError(t, err)
		require.Len(t, r1.Partials, 1)
		require.Len(t, det.UndonePartial, 1)
		assert.Equal(t, r1.Partials[0].ID, det.UndonePartial[0].ID)
		assert.Equal(t, map[journal.LineRef]string{inv.LineRef(0): "80.00", p1.LineRef(1): "-30.00"}, open())
		f.check(t)
		// A payment larger than what is left: the invoice settles, the
		// payment stays open for the rest.
		p3 := pay("90.00")
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), p3.LineRef(1)}})
		require.NoError(t, err)
		assert.Equal(t, map[journal.LineRef]string{p1.LineRef(1): "-30.00", p3.LineRef(1): "-10.00"}, open())
		f.check(t)
	})
}
