package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A USD advance of 1 500.00 at 1.25 (1 200.00 EUR) applied to a USD
// invoice of 1 200.00 at 1.20 (1 000.00 EUR): the invoice keeps 40.00 →
// loss 40.00; the advance keeps 300.00 USD worth 240.00 EUR at its own
// rate. Refunded on 5/2 at 1.10 (272.73 EUR): the advance closes with a
// loss of 32.73 EUR; 411000 C1 ends at 0.00.
func TestHrev137ForeignAdvanceLargerRefundedAtAnotherRate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.25")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(4, 1), currency.MustParseRate("1.20")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(5, 1), currency.MustParseRate("1.10")))
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(3, 10), Amount: u("1500.00"), Method: reconcile.MethodTransfer})
		require.NoError(t, err)
		adv := res.Entries[0]
		inv := f.foreignSale(t, "C1", d(4, 15), usd, "1200.00")
		_, err = f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv)})
		require.NoError(t, err)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		assert.Equal(t, "-240.00", f.residual(t, line0(adv)).Plain())
		assert.Equal(t, "40.00", hrev68Bal(t, f, "656000", "", journal.Date{}))
		st, err := f.rec.Statement(ctx, "411000", "C1")
		require.NoError(t, err)
		require.Len(t, st.Credits, 1)
		assert.Equal(t, "-300.00", st.Credits[0].ResidualCurrency.Plain())
		assert.Equal(t, "240.00", st.Unallocated.Plain())

		ref, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "C1", Journal: "BQD",
			Date: d(5, 2), Method: reconcile.MethodTransfer, Invoices: []journal.ID{adv.ID}})
		require.NoError(t, err)
		assert.Equal(t, "300.00", ref.Entries[0].Lines[0].AmountCurrency.Plain())
		assert.Equal(t, "272.73", ref.Entries[0].Lines[0].Balance.Plain())
		assert.True(t, f.residual(t, line0(adv)).IsZero())
		assert.Equal(t, "0.00", hrev68Bal(t, f, "411000", "C1", journal.Date{}))
		loss, _ := currency.MustParse(eur, hrev68Bal(t, f, "656000", "", journal.Date{})).Add(currency.MustParse(eur, hrev68Bal(t, f, "756000", "", journal.Date{})))
		assert.Equal(t, "72.73", loss.Plain())
		f.check(t)
	})
}

// A refund larger than what is left of the advance is refused and
// writes nothing.
func TestHrev137RefundMoreThanTheAdvanceRefused(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		adv := f.receive(t, "BQD", "C1", d(3, 10), "600.00")
		inv := f.invoice(t, "C1", d(4, 15), "300.00")
		_, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv)})
		require.NoError(t, err)
		before := f.snapshot(t)
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "C1", Journal: "BQD",
			Date: d(5, 2), Amount: e("400.00"), Method: reconcile.MethodTransfer, Invoices: []journal.ID{adv.ID}})
		require.Error(t, err)
		f.unchanged(t, before)
	})
}

// StatementAt and Aged while the advance waits: on 31/03 C1 has 600.00
// to use and owes nothing; on 20/04, after the advance is applied to the
// 1 000.00 invoice of 15/04, C1 owes 400.00 and has nothing to use; on
// 14/04 (invoice not issued) still 600.00 to use.
func TestHrev137StatementAndAgedAroundTheApplication(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		adv := f.receive(t, "BQD", "C1", d(3, 10), "600.00")
		inv := f.invoice(t, "C1", d(4, 15), "1000.00")
		_, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: line0(adv)})
		require.NoError(t, err)
		for _, c := range []struct {
			at         journal.Date
			due, unall string
		}{{d(3, 31), "0.00", "600.00"}, {d(4, 14), "0.00", "600.00"}, {d(4, 20), "400.00", "0.00"}} {
			st, err := f.rec.StatementAt(ctx, "411000", "C1", c.at)
			require.NoError(t, err)
			assert.Equal(t, c.due+" "+c.unall, st.Due.Plain()+" "+st.Unallocated.Plain(), c.at.String())
			ag, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: c.at, Accounts: []string{"411000"}})
			require.NoError(t, err)
			want := hrev68Bal(t, f, "411000", "C1", c.at)
			require.Len(t, ag.Rows, 1, c.at.String())
			assert.Equal(t, want, ag.Rows[0].CompanyTotal.Plain(), c.at.String())
		}
	})
}

// Supplier advance paid on account, then a bill with VAT deductible on
// payment (services, 1 000.00 + 200.00): the run pays 840.00 net; the VAT
// becomes deductible in full, 200.00, once both are lettered.
func TestHrev137SupplierAdvanceCashBasisBill(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		rrSupplier(t, f, "S2", "Fournisseur S2", "", ledger.Address{})
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQO",
			Date: d(3, 2), Amount: e("360.00"), Method: reconcile.MethodTransfer})
		require.NoError(t, err)
		bill := hrev137Inv(t, f, journal.SupplierBill, "S2", d(3, 5), "F-1", hrev137Line("604000", e("1000.00"), billPurchaseVAT, "Prestation"))
		assert.Equal(t, "-1200.00", bill.Lines[0].Balance.Plain())
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(4, 15), DueBy: d(4, 30)})
		require.NoError(t, err)
		require.Len(t, run.Payments, 1)
		assert.Equal(t, "840.00", run.Payments[0].Amount.Plain())
		assert.Equal(t, "0.00", hrev68Bal(t, f, "445640", "", journal.Date{}))
		assert.Equal(t, "200.00", hrev68Bal(t, f, "445660", "", journal.Date{}))
		assert.Equal(t, "0.00", hrev68Bal(t, f, "401000", "S2", journal.Date{}))
		f.check(t)
	})
}
