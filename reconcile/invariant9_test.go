package reconcile_test

import (
	"github.com/lettrage/lettrage/internal/booktx"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Check verifies invariant 9: once a cash-basis invoice is settled, the
// live cash-basis entries that name it have moved exactly its tax off the
// transition account; before, never more. A lettering layer that moved a
// cent too much, or lost a share, is named.
func TestCheckCashBasisInvariant(t *testing.T) {
	t.Parallel()
	vat := tax.Tax{ID: "V20E", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnPayment,
		FinalAccount: "445710", TransitionAccount: "445740"}
	snap := []tax.Tax{vat}
	onStores(t, func(t *testing.T, f *fixture) {
		inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
			Lines: []journal.InvoiceLine{{UnitPrice: e("1000.00"), Taxes: snap, Account: "706000"}}}
		x, err := inv.Entry()
		require.NoError(t, err)
		doc := f.post(t, x)
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(3, 10), Amount: e("600.00"), Method: reconcile.MethodTransfer, Invoices: []journal.ID{doc.ID}})
		require.NoError(t, err)
		require.NoError(t, f.book.Check(ctx))
		origin := res.Partials[0].ID

		// A share that moves more than the tax, on a half-paid invoice.
		err = f.book.Update(ctx, func(tx *ledger.Tx) error {
			_, _, err := booktx.Of(tx).PostGenerated(journal.Entry{Journal: "TVA", Date: d(3, 10), Type: journal.TypeCashBasis, Origin: origin, Document: doc.ID,
				Lines: []journal.Line{
					{Account: "445740", TaxRole: tax.RoleTax, Taxes: snap, Balance: e("150.00")},
					{Account: "445710", TaxRole: tax.RoleTax, Taxes: snap, Balance: e("-150.00")},
				}})
			return err
		})
		var ce *ledger.CheckError
		require.ErrorAs(t, err, &ce)
		assert.True(t, hasProblem(ce, 9, "too much"), "%v", ce)
	})
	onStores(t, func(t *testing.T, f *fixture) {
		inv := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
			Lines: []journal.InvoiceLine{{UnitPrice: e("1000.00"), Taxes: snap, Account: "706000"}}}
		x, err := inv.Entry()
		require.NoError(t, err)
		doc := f.post(t, x)
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(3, 10), Method: reconcile.MethodTransfer, Invoices: []journal.ID{doc.ID}})
		require.NoError(t, err)
		require.NoError(t, f.book.Check(ctx))
		// Its share cannot be reversed behind the lettering's back: it
		// goes with the partial that made it due.
		var cb journal.Entry
		for _, e := range res.Entries {
			if e.Type == journal.TypeCashBasis {
				cb = e
			}
		}
		require.Equal(t, journal.TypeCashBasis, cb.Type)
		_, err = f.book.Reverse(ctx, cb.ID, ledger.ReverseOptions{})
		require.ErrorIs(t, err, ledger.ErrLettered)
		// A share moved back on a settled invoice leaves tax on the
		// transition account.
		err = f.book.Update(ctx, func(tx *ledger.Tx) error {
			_, _, err := booktx.Of(tx).PostGenerated(journal.Entry{Journal: "TVA", Date: d(3, 10), Type: journal.TypeCashBasis, Origin: res.Partials[0].ID,
				Document: doc.ID, Lines: []journal.Line{
					{Account: "445740", TaxRole: tax.RoleTax, Taxes: snap, Balance: e("-200.00")},
					{Account: "445710", TaxRole: tax.RoleTax, Taxes: snap, Balance: e("200.00")},
				}})
			return err
		})
		var ce *ledger.CheckError
		require.ErrorAs(t, err, &ce)
		assert.True(t, hasProblem(ce, 9, "settled, it leaves 200.00"), "%v", ce)
	})
}

func hasProblem(ce *ledger.CheckError, inv int, what string) bool {
	for _, p := range ce.Problems {
		if p.Invariant == inv && contains(p.What, what) {
			return true
		}
	}
	return false
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
