package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tests of the final review of the integrity fixes (commit 8d05f2c and
// the one after). The ones named ...Defect fail on that commit and say
// why; the others pass and confirm a fix holds.

// vatOnPayment is a 20 % sales VAT due on payment (TVA sur encaissements).
var vatOnPayment = tax.Tax{ID: "E20", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnPayment,
	FinalAccount: "445710", TransitionAccount: "445740"}

// cashBasisInvoice posts a customer invoice (or credit note) of ht + 20 %
// VAT due on payment.
func (f *fixture) cashBasisInvoice(t testing.TB, kind journal.InvoiceKind, p string, date journal.Date, ht string) journal.Entry {
	t.Helper()
	x, err := journal.Invoice{Kind: kind, Journal: "VT", Date: date, Partner: p, PartnerAccount: "411000",
		Lines: []journal.InvoiceLine{{UnitPrice: e(ht), Taxes: []tax.Tax{vatOnPayment}, Account: "706000"}}}.Entry()
	require.NoError(t, err)
	return f.post(t, x)
}

// TestReviewFinalDiscountOnReversedInvoice proves that the new
// rule "a reversed document makes no cash-basis entry, and Check requires
// the live cash-basis moves of a reversed document to be zero" is only
// half applied: an early-payment discount (escompte) still takes its VAT
// share off the transition account of a reversed invoice. Three public
// calls — post an invoice whose VAT is due on payment, Reverse it,
// RegisterPayment with EarlyDiscount naming it — commit a state Check
// refuses (invariant 9: "reversed, its cash-basis entries still move
// 2.00 (2.00) of tax E20"), since cashBasisMoves counts discount entries
// too. Before the change the payment's cash-basis share plus the discount
// share made the whole tax and Check passed. (The fixture's book is
// strict, so RegisterPayment itself reports Check's problem after
// committing.) The discount must be refused on a reversed invoice, or take
// no VAT share off its transition account.
func TestReviewFinalDiscountOnReversedInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(4, 1), "500.00") // 600.00 TTC, 100.00 VAT
		_, err := f.book.Reverse(ctx, inv.ID, ledger.ReverseOptions{})
		require.NoError(t, err)
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(4, 5), Method: reconcile.MethodTransfer, Amount: e("588.00"), Invoices: []journal.ID{inv.ID}, EarlyDiscount: true})
		t.Logf("RegisterPayment with an early discount on the reversed invoice: %v", err)
		require.NoError(t, f.book.Check(ctx), "after an early discount on a reversed invoice (or refused: then nothing was written)")
	})
}

// TestReviewFinalClosingRateBeyondAnAmount proves that the fix's
// promise for Revalue — a closing rate at which the open items are worth
// more than an amount holds is ErrAmount, not a panic — holds only for
// the sums: the same bad input (a closing rate far too small) comes back
// as ErrAmount for two items that fit one by one, but as a bare
// currency.ErrTooLarge when one item alone does not fit (120.00 USD at
// 1 EUR = 10^-33 USD, from rate.ToCompany), and as journal's "invalid
// entry: amount over 999999999999999999 minor units" when the difference
// fits an amount but not an entry (120.00 USD at 1 EUR = 10^-15 USD). A
// caller cannot tell its closing rate from a bug or a bad entry of its
// own. Nothing is written in any case.
func TestReviewFinalClosingRateBeyondAnAmount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, rate string }{
		{"item beyond an amount", "0.000000000000000000000000000000001"},
		{"difference beyond an entry", "0.000000000000001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				usd := currency.MustLookup("USD")
				require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
				f.post(t, journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
					{Account: "411000", Partner: "C1", AmountCurrency: currency.MustParse(usd, "120.00")},
					{Account: "706000", AmountCurrency: currency.MustParse(usd, "-120.00")}}})
				rate, err := currency.ParseRate(tc.rate)
				require.NoError(t, err)
				before := f.snapshot(t)
				_, err = f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(6, 30), Rates: map[string]currency.Rate{"USD": rate}})
				require.Error(t, err)
				f.unchanged(t, before)
				assert.ErrorIs(t, err, reconcile.ErrAmount, "a closing rate at which one open item is worth more than the book can hold")
			})
		})
	}
}

// TestReviewFinalCreditNoteLetteredWithReversedInvoice: a credit note
// whose VAT is due on payment, lettered with a reversed invoice, makes
// its own cash-basis entry and none for the invoice; Check passes, and
// again after unlettering.
func TestReviewFinalCreditNoteLetteredWithReversedInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(4, 1), "500.00")
		_, err := f.book.Reverse(ctx, inv.ID, ledger.ReverseOptions{})
		require.NoError(t, err)
		cn := f.cashBasisInvoice(t, journal.CustomerCreditNote, "C1", d(4, 2), "500.00")
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), cn.LineRef(0)}})
		require.NoError(t, err)
		for _, x := range res.Entries {
			if x.Type == journal.TypeCashBasis {
				assert.Equal(t, cn.ID, x.Document, "only the credit note, not reversed, makes tax due")
			}
		}
		f.check(t)
		_, err = f.rec.Unletter(ctx, journal.NoID, inv.LineRef(0))
		require.NoError(t, err)
		f.check(t)
	})
}

// TestReviewFinalReversalLetteredElsewhere: an invoice's reversal,
// lettered with another invoice whose VAT is due on payment, pays part of
// it like a credit note (a cash-basis share for the other invoice); a
// payment completes it; the reversed invoice, paid by a receipt, makes no
// cash-basis entry. Check passes at each step and after unlettering.
func TestReviewFinalReversalLetteredElsewhere(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(4, 1), "500.00") // 600.00
		rev, err := f.book.Reverse(ctx, a.ID, ledger.ReverseOptions{})
		require.NoError(t, err)
		b := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(4, 2), "1000.00") // 1 200.00
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{b.LineRef(0), rev.Entry.LineRef(0)}})
		require.NoError(t, err)
		cb := 0
		for _, x := range res.Entries {
			if x.Type == journal.TypeCashBasis {
				cb++
				assert.Equal(t, b.ID, x.Document)
			}
		}
		assert.Equal(t, 1, cb, "half of the other invoice's VAT is due")
		f.check(t)
		f.receive(t, "BQD", "C1", d(4, 10), "600.00", b)
		f.check(t)
		pay := f.receive(t, "BQD", "C1", d(4, 11), "600.00", a)
		_ = pay
		f.check(t)
		_, err = f.rec.Unletter(ctx, journal.NoID, b.LineRef(0))
		require.NoError(t, err)
		_, err = f.rec.Unletter(ctx, journal.NoID, a.LineRef(0))
		require.NoError(t, err)
		f.check(t)
	})
}

// TestReviewFinalPartlyPaidThenReversedAfterUnlettering: an invoice
// partly paid (a cash-basis share live), unlettered (the share reversed),
// reversed, then lettered with the same payment again makes no new share;
// Check passes at each step.
func TestReviewFinalPartlyPaidThenReversedAfterUnlettering(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(4, 1), "500.00")
		pay := f.receive(t, "BQD", "C1", d(4, 5), "300.00", inv)
		f.check(t)
		_, err := f.rec.Unletter(ctx, journal.NoID, inv.LineRef(0))
		require.NoError(t, err)
		_, err = f.book.Reverse(ctx, inv.ID, ledger.ReverseOptions{})
		require.NoError(t, err)
		f.check(t)
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(0)}})
		require.NoError(t, err)
		for _, x := range res.Entries {
			assert.NotEqual(t, journal.TypeCashBasis, x.Type, "a cash-basis entry for a reversed invoice")
		}
		f.check(t)
	})
}

// TestReviewFinalOperationRetryStillReplays: freshOperation runs after
// the lookup of the operation record, so a retry of an operation that
// succeeded — whose id now names entries' Origin, and whose partials and
// match exist — replays with the same result; a retry with other content
// is a conflict; and an operation id that is an undone partial's is
// refused too.
func TestReviewFinalOperationRetryStillReplays(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(4, 1), "500.00")
		op := journal.NewID()
		p := reconcile.Payment{Operation: op, Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(4, 5),
			Method: reconcile.MethodTransfer, Amount: e("600.00"), Invoices: []journal.ID{inv.ID}}
		first, err := f.rec.RegisterPayment(ctx, p)
		require.NoError(t, err)
		require.NotEmpty(t, first.Matches)
		again, err := f.rec.RegisterPayment(ctx, p)
		require.NoError(t, err)
		assert.True(t, again.Replay)
		assert.Equal(t, first.Partials[0].ID, again.Partials[0].ID)
		uop := journal.NewID()
		u1, err := f.rec.Unletter(ctx, uop, inv.LineRef(0))
		require.NoError(t, err)
		u2, err := f.rec.Unletter(ctx, uop, inv.LineRef(0))
		require.NoError(t, err, "an unlettering retried")
		assert.True(t, u2.Replay)
		assert.Equal(t, len(u1.UndonePartial), len(u2.UndonePartial))
		p.Amount = e("1.00")
		_, err = f.rec.RegisterPayment(ctx, p)
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		_, err = f.rec.Unletter(ctx, first.Partials[0].ID, inv.LineRef(0))
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict, "the id of an undone partial")
		f.check(t)
	})
}
