package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A credit note on 411000 cannot settle a debt moved to 416000: UseCredit
// refuses it, writing nothing, and says to post it on 416000; one posted
// there settles the moved invoice, no VAT due.
func TestHrev221UseCreditOnMovedInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		f.hrev215Move(t, inv, d(6, 1))
		cn411 := f.creditNote(t, "C1", d(7, 1), "120.00")
		n := f.hrev182Count(t)
		_, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: cn411.LineRef(0)})
		require.ErrorIs(t, err, reconcile.ErrSettled)
		assert.Contains(t, err.Error(), "post the credit note on 416000")
		assert.Equal(t, n, f.hrev182Count(t))
		assert.Equal(t, "-120.00", f.residual(t, cn411.LineRef(0)).Plain())

		x, err := journal.Invoice{Kind: journal.CustomerCreditNote, Journal: "VT", Date: d(7, 1), Partner: "C1", PartnerAccount: "416000",
			Lines: []journal.InvoiceLine{{UnitPrice: e("100.00"), Taxes: []tax.Tax{vatOnPayment}, Account: "706000"}}}.Entry()
		require.NoError(t, err)
		cn := f.post(t, x)
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: hrev219Line(t, cn, "416000")})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "416000 1080.00, 445740 -180.00, 445710 0.00", f.hrev190Bal(t, "416000", "445740", "445710"))
		st := f.state(t, inv)
		assert.Equal(t, reconcile.Partial, st.State)
		assert.Equal(t, "1080.00", st.Residual.Plain())
	})
}

// A transfer of the debt from 411000 to 416000 posted by hand (or imported
// as written), naming the invoice, is no payment: automatic lettering
// leaves it open, says why, and makes no VAT on receipts due.
func TestHrev221AutoLetterLeavesATransferTo416(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		tr := f.post(t, journal.Entry{Journal: "OD", Date: d(6, 1), Type: journal.TypeMisc, Ref: inv.Name(), Label: "Créance douteuse " + inv.Name(),
			Lines: []journal.Line{
				{Account: "416000", Partner: "C1", Balance: e("1200.00"), Label: inv.Name()},
				{Account: "411000", Partner: "C1", Balance: e("-1200.00"), Label: inv.Name()},
			}})
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{All: true}})
		require.NoError(t, err)
		assert.Equal(t, 0, sum.Applied)
		assert.Equal(t, 0, sum.Entries)
		f.check(t)
		require.Len(t, sum.Unmatched, 1)
		assert.Equal(t, tr.LineRef(1), sum.Unmatched[0].Line)
		assert.Contains(t, sum.Unmatched[0].Reason, "not a payment")
		assert.Equal(t, "-1200.00", f.residual(t, tr.LineRef(1)).Plain())
		assert.Equal(t, "445740 -200.00, 445710 0.00", f.hrev190Bal(t, "445740", "445710"))
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
	})
}

// A Doubtful step of PostAndLetter moves the debt as MoveToDoubtful does,
// its entry under the id asked, whose 416000 line a later step letters
// with a receipt there: VAT on receipts due on it alone. The same id
// again is refused, writing nothing.
func TestHrev221PostAndLetterDoubtfulStep(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		id, rid := journal.NewID(), journal.NewID()
		receipt := journal.Entry{ID: rid, Journal: "BQD", Date: d(7, 10), Type: journal.TypePayment, Ref: inv.Name(), Lines: []journal.Line{
			{Account: "416000", Partner: "C1", Balance: e("-240.00")},
			{Account: "512000", Balance: e("240.00")},
		}}
		out, err := f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Doubtful: &reconcile.DoubtfulMove{Invoice: inv.ID, Date: d(6, 1)}, DoubtfulEntry: id},
			{Entry: &receipt},
			{Letter: []journal.LineRef{{Entry: id, Index: 0}, {Entry: rid, Index: 0}}},
		}})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, out.Entries, 2)
		assert.Equal(t, id, out.Entries[0].ID)
		assert.Equal(t, []int{0, 2}, out.EntrySteps)
		assert.Equal(t, "411000 0.00, 416000 960.00, 445740 -160.00, 445710 -40.00", f.hrev190Bal(t, "411000", "416000", "445740", "445710"))
		st := f.state(t, inv)
		assert.Equal(t, reconcile.Partial, st.State)
		assert.Equal(t, "960.00", st.Residual.Plain())

		_, err = f.rec.Unletter(ctx, journal.NoID, inv.LineRef(0))
		require.NoError(t, err)
		n := f.hrev182Count(t)
		_, err = f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Doubtful: &reconcile.DoubtfulMove{Invoice: inv.ID, Date: d(8, 1)}, DoubtfulEntry: id},
		}})
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		assert.Equal(t, n, f.hrev182Count(t))
		_, err = f.rec.PostAndLetter(ctx, reconcile.PostLetterRequest{Steps: []reconcile.PostLetterStep{
			{Entry: &receipt, DoubtfulEntry: id},
		}})
		assert.ErrorIs(t, err, reconcile.ErrStep)
	})
}

// A reconciler configured with another doubtful customers' account than
// the one a move was made with reads the moved invoice as it is: not
// paid, its debt on 416000, where a payment naming it goes.
func TestHrev221OtherDoubtfulAccountConfigured(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		f.hrev215Move(t, inv, d(6, 1))
		other, err := reconcile.New(ctx, f.book, reconcile.Config{DoubtfulReceivable: "416100"})
		require.NoError(t, err)
		st, err := other.State(ctx, inv.ID)
		require.NoError(t, err)
		assert.Equal(t, reconcile.NotPaid, st.State)
		assert.Equal(t, "1200.00", st.Residual.Plain())
		res, err := other.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(7, 10),
			Method: reconcile.MethodTransfer, Amount: e("240.00"), Invoices: []journal.ID{inv.ID}})
		require.NoError(t, err)
		f.check(t)
		assert.Contains(t, hrev182Lines(res.Entries[0]), "416000 -240.00")
		assert.Equal(t, "411000 0.00, 416000 960.00, 445740 -160.00, 445710 -40.00", f.hrev190Bal(t, "411000", "416000", "445740", "445710"))
		st, err = other.State(ctx, inv.ID)
		require.NoError(t, err)
		assert.Equal(t, "960.00", st.Residual.Plain())
	})
}
