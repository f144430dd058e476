package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// Our payments "AB12" (to S1) and "AB-12" (to S3), 700.00 each, wait. The
// statement shows the id "AB12" twice (the second a duplicate, or a
// second transfer of the id we sent S1): the first clears AB12, as sent;
// the second is "AB12" as written again, an id we sent that comes back as
// sent — it names AB12, taken, never S3's AB-12.
func TestHrev168ExactIdTakenDoesNotFallToNormalizedTwin(t *testing.T) {
	t.Parallel()
	// Was failing, fixed: two lines with end-to-end id "AB12", our payments "AB12" (S1) and "AB-12" (S3) of 700.00 waiting: expected the second line left unmatched (its id as written is AB12's, taken by the first); got it clearing S3's "AB-12" (reconcile/importrules.go endToEnd: byExact filtered of taken payments falls back to byRef)
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "S3", Name: "Partner S3"}))
		b1 := f.bill(t, "S1", d(3, 1), "700.00")
		b2 := f.bill(t, "S3", d(3, 2), "700.00")
		p1 := h165Pay(t, f, reconcile.Outbound, "S1", "BNP", d(3, 5), "700.00", "AB12", b1)
		p2 := h165Pay(t, f, reconcile.Outbound, "S3", "BNP", d(3, 5), "700.00", "AB-12", b2)
		l1 := reconcile.BankEntry{Ref: "B1", BookingDate: d(3, 10), Amount: e("-700.00"), Label: "VIR SEPA",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "AB12"}}}
		l2 := reconcile.BankEntry{Ref: "B2", BookingDate: d(3, 10), Amount: e("-700.00"), Label: "VIR SEPA",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "AB12"}}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151BNP, "BNP-03", "5000.00", d(3, 10), l1, l2))
		require.NoError(t, err)
		ps := h167Propose(t, f, "BNP")
		require.Len(t, ps, 2)
		require.True(t, ps[0].Matched, h151Desc(ps))
		assert.Contains(t, ps[0].Target.Payments, p1, h151Desc(ps))
		assert.NotContains(t, ps[1].Target.Payments, p2, "S3's AB-12 cleared by a second AB12: "+h151Desc(ps))
	})
}

// Pin: the same id normalized ("ab-12") with only AB-12 waiting names it.
func TestHrev168NormalizedIdStillNames(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "S3", Name: "Partner S3"}))
		b2 := f.bill(t, "S3", d(3, 2), "700.00")
		p2 := h165Pay(t, f, reconcile.Outbound, "S3", "BNP", d(3, 5), "700.00", "AB-12", b2)
		l := reconcile.BankEntry{Ref: "B1", BookingDate: d(3, 10), Amount: e("-700.00"), Label: "VIR SEPA",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "ab 12"}}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151BNP, "BNP-03", "5000.00", d(3, 10), l))
		require.NoError(t, err)
		ps := h167Propose(t, f, "BNP")
		require.Len(t, ps, 1)
		require.True(t, ps[0].Matched, h151Desc(ps))
		assert.Equal(t, ps[0].Target.Payments[0], p2)
	})
}

// Pin: a placeholder id written otherwise ("not-provided") names nothing,
// even a payment registered with that reference.
func TestHrev168PlaceholderWrittenOtherwise(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		h151Setup(t, f)
		require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "S3", Name: "Partner S3"}))
		b1 := f.bill(t, "S1", d(3, 1), "700.00")
		b2 := f.bill(t, "S3", d(3, 1), "700.00")
		p1 := h165Pay(t, f, reconcile.Outbound, "S1", "BNP", d(3, 5), "700.00", "NOTPROVIDED", b1)
		h165Pay(t, f, reconcile.Outbound, "S3", "BNP", d(3, 5), "700.00", "", b2)
		l := reconcile.BankEntry{Ref: "B1", BookingDate: d(3, 10), Amount: e("-700.00"), Label: "VIR SEPA",
			Transactions: []reconcile.BankTransaction{{EndToEndID: "not-provided"}}}
		_, err := f.rec.ImportStatement(ctx, h151Stmt(h151BNP, "BNP-03", "5000.00", d(3, 10), l))
		require.NoError(t, err)
		ps := h167Propose(t, f, "BNP")
		require.Len(t, ps, 1)
		assert.False(t, ps[0].Matched && len(ps[0].Target.Payments) == 1 && ps[0].Target.Payments[0] == p1 &&
			ps[0].Confidence == reconcile.ExactReference, h151Desc(ps))
	})
}
