package reconcile_test

// Independent review of automatic lettering (DESIGN §11 and the issue's
// text: proposals, rules, apply, partner walk, aged balance). Each test
// below fails on the code as reviewed and says why.

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// proposalWith returns the proposal holding line l, nil when none does.
func proposalWith(out reconcile.Proposals, l journal.LineRef) *reconcile.Proposal {
	for i := range out.Proposals {
		for _, x := range out.Proposals[i].Lines {
			if x == l {
				return &out.Proposals[i]
			}
		}
	}
	return nil
}

// DESIGN §11 rule 1 runs "each rule only on what the previous left", and
// the reversal pass of rule 1 takes a cancelled invoice with its reversal
// first ("a cancelled invoice must not take a receipt"). An invoice
// cancelled and re-issued under the customer's same order reference
// (CMD-4711) is the common case; the customer pays the re-issued one
// quoting that reference. Expected: the receipt is proposed by reference
// with the re-issued invoice (the only OPEN document carrying
// CMD-4711). Observed: the cancelled invoice, already taken by the
// reversal proposal, is still in the reference index, so the receipt is
// reported "names 2 documents … ambiguous" and left open (a third invoice
// of the same amount makes the amount rule ambiguous too).
func TestReviewAutoCancelledInvoiceDoesNotMakeItsReferenceAmbiguous(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		cancelled := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Ref: "CMD-4711", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("120.00"), DueDate: d(3, 31)},
			{Account: "706000", Balance: e("-120.00")}}})
		_, err := f.book.Reverse(ctx, cancelled.ID, ledger.ReverseOptions{})
		require.NoError(t, err)
		reissued := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 2), Type: journal.TypeInvoice, Ref: "CMD-4711", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("100.00"), DueDate: d(4, 1)},
			{Account: "706000", Balance: e("-100.00")}}})
		f.invoice(t, "C1", d(3, 3), "100.00") // another invoice of the same amount
		pay := f.pay(t, "C1", d(3, 20), "100.00", "CMD-4711", "VIR")

		out := propose(t, f, customers, reconcile.Rules{})
		pr := proposalWith(out, line0(pay))
		require.NotNil(t, pr, "the receipt names the only open invoice carrying CMD-4711; unmatched reason: %q", unmatchedOf(out, line0(pay)))
		require.Equal(t, reconcile.RuleReference, pr.Rule)
		require.Equal(t, []journal.LineRef{line0(pay), line0(reissued)}, pr.Lines)
	})
}

// Rule precedence ("reference beats amount", DESIGN §11 rules 1–2):
// the receipt's reference names invoice X, in US dollars; rule 1 rightly
// does not letter across currencies and notes "letter it with the agreed
// rate". Expected: the receipt stays open with that reason — its own
// reference says which invoice it pays. Observed: rule 2 then letters it
// with invoice Y, another invoice of 100,00 € the receipt does not name,
// and the reason is lost: the amount rule overrides the reference.
func TestReviewAutoReferenceToAForeignInvoiceIsNotOverriddenByAmount(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
		x := f.post(t, journal.Entry{Journal: "VT", Date: d(2, 10), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", DueDate: d(3, 12), AmountCurrency: u("120.00"), Balance: e("100.00")},
			{Account: "706000", AmountCurrency: u("-120.00"), Balance: e("-100.00")}}})
		y := f.invoice(t, "C1", d(2, 11), "100.00")
		pay := f.pay(t, "C1", d(3, 1), "100.00", x.Name(), "")

		out := propose(t, f, customers, reconcile.Rules{})
		if pr := proposalWith(out, line0(pay)); pr != nil {
			require.NotContains(t, pr.Lines, line0(y), "the receipt names %s, not %s; proposed by %s: %s", x.Name(), y.Name(), pr.Rule, pr.Reason)
		}
		require.Contains(t, unmatchedOf(out, line0(pay)), x.Name())
	})
}

// Rule 5 with rule 2 switched off (each rule is switchable, issue text):
// a receipt of 100,00 €, invoice A of exactly 100,00 € and invoice B of
// 99,98 €. A is within the tolerance of the receipt (a difference of 0)
// and is the closer one. Expected: the receipt is not lettered with B
// (either A is proposed, or nothing because two documents are within the
// tolerance). Observed: the tolerance rule skips every document whose
// difference is 0 and letters the receipt with B, leaving 0,02 € of
// "overpayment" open on the receipt and A fully due.
func TestReviewAutoToleranceRulePrefersAnExactDocument(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "100.00")
		b := f.invoice(t, "C1", d(3, 2), "99.98")
		pay := f.pay(t, "C1", d(3, 20), "100.00", "", "VIR")
		out := propose(t, f, customers, reconcile.Rules{NoExactAmount: true})
		if pr := proposalWith(out, line0(pay)); pr != nil {
			require.NotContains(t, pr.Lines, line0(b), "A (%s) equals the receipt exactly; proposed: %s", a.Name(), pr.Reason)
		}
	})
}
