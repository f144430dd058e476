package reconcile_test

// Review of c787286 (automatic lettering under narrowed scopes): failing
// tests. Each compares a run narrowed by Scope.From with the run on the
// whole book: the commit's own rule is that "a narrower run must not
// letter what a whole one would not" (groupRun.outPayers).

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rfRefund posts a refund to C1 (a debit on 411000 paid from the bank)
// whose reference names a credit note.
func rfRefund(t *testing.T, f *fixture, date journal.Date, amount, ref string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "BQ", Date: date, Type: journal.TypePayment, Ref: ref, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e(amount)},
		{Account: "512000", Balance: e(amount).Neg()},
	}})
}

var feb = reconcile.Scope{Accounts: []string{"411000"}, From: d(2, 1)}

// The reversed direction of rule 1 (a refund naming the credit note it
// pays back). C1's credit note AV/1 of 50,00 € (5 January), a refund of
// 50,00 € (10 June) whose reference is AV/1's number, and another credit
// note AV/2 of 50,00 € (15 June; AV/1 is more than 120 days from the
// refund, so no rival of AV/2 for rule 2). On the whole book rule 1 letters
// the refund with AV/1, the credit note it names. With Scope.From = 1
// February, AV/1 is left out by the scope's dates; the commit makes "a
// payment whose reference names a document the scope leaves out ...
// lettered by no rule", but in the reversed pass noteNamed only notes the
// refund (reversed: no g.named restriction), so rule 2 letters it with
// AV/2.
//
// Expected: the refund is not lettered with AV/2 in the narrowed run (it
// names AV/1; the whole-book run letters it with AV/1), left open with a
// reason naming AV/1. Observed: proposed by exact amount with AV/2, "the
// only open item of that amount"; applied, AV/2 reads refunded while the
// customer was refunded AV/1.
func TestReviewFixesScopeRefundNamingACreditNoteLeftOut(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		av1 := f.creditNote(t, "C1", d(1, 5), "50.00")
		refund := rfRefund(t, f, d(6, 10), "50.00", av1.Name())
		av2 := f.creditNote(t, "C1", d(6, 15), "50.00")

		whole := proposalWith(propose(t, f, customers, reconcile.Rules{}), line0(refund))
		require.NotNil(t, whole, "on the whole book the refund pays back the credit note it names")
		require.Contains(t, whole.Lines, line0(av1))
		require.NotContains(t, whole.Lines, line0(av2))

		out := propose(t, f, feb, reconcile.Rules{})
		if pr := proposalWith(out, line0(refund)); pr != nil {
			assert.NotContains(t, pr.Lines, line0(av2), "the refund names %s, proposed with %s by %s: %s",
				av1.Name(), av2.Name(), pr.Rule, pr.Reason)
		}
	})
}

// The reversed combination (the payments that together pay one
// document) does not see an out-of-scope payment of exactly the
// document's amount. C1's invoice of 300,00 € (3 February), receipts of
// 100,00 € and 200,00 € (5 and 6 February), and a receipt of 300,00 € (25
// January). On the whole book rule 2 letters the invoice with the 300,00 €
// receipt (each the other's only item of that amount) and the two small
// receipts stay open. With Scope.From = 1 February the 300,00 € receipt
// is left out, and rule 3 letters the invoice with 100,00 + 200,00, with
// the default rules. The commit made out-of-scope items rivals for rule 2
// and made rule 3 leave "a payment having a document of exactly its
// amount" alone (exactOf), but only in the forward direction and only
// among in-scope items.
//
// Expected: the narrowed run does not letter the invoice with the two
// receipts (the receipt of its exact amount, which the whole-book run
// letters with it, is open). Observed: proposed by the combination rule.
func TestReviewFixesScopeCombinationOfPaymentsIgnoresAnExactPaymentLeftOut(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		p300 := f.pay(t, "C1", d(1, 25), "300.00", "", "")
		inv := f.invoice(t, "C1", d(2, 3), "300.00")
		p100 := f.pay(t, "C1", d(2, 5), "100.00", "", "")
		f.pay(t, "C1", d(2, 6), "200.00", "", "")

		whole := proposalWith(propose(t, f, customers, reconcile.Rules{}), line0(inv))
		require.NotNil(t, whole)
		require.Contains(t, whole.Lines, line0(p300), "on the whole book the invoice takes the receipt of its amount")

		out := propose(t, f, feb, reconcile.Rules{})
		if pr := proposalWith(out, line0(inv)); pr != nil {
			assert.NotContains(t, pr.Lines, line0(p100), "proposed by %s: %s", pr.Rule, pr.Reason)
		}
	})
}

// The forward combination with the exact-amount rule off. C1's receipt
// of 300,00 € (10 February), invoices of 100,00 € and 200,00 € (3 and 4
// February), and an invoice of 300,00 € (25 January). Rules{NoExactAmount}:
// on the whole book the combination rule leaves the receipt alone, "1
// document of exactly its amount (...): the exact-amount rule's to letter,
// not the combination's" (the commit's exactOf). With Scope.From = 1
// February the 300,00 € invoice is left out, exactOf sees only in-scope
// candidates, and rule 3 letters the receipt with 100,00 + 200,00.
//
// Expected: left open in the narrowed run as in the whole one (a document
// of exactly its amount is open, a likelier match). Observed: proposed by
// the combination rule.
func TestReviewFixesScopeCombinationIgnoresAnExactDocumentLeftOut(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(1, 25), "300.00")
		f.invoice(t, "C1", d(2, 3), "100.00")
		f.invoice(t, "C1", d(2, 4), "200.00")
		p := f.pay(t, "C1", d(2, 10), "300.00", "", "")
		rules := reconcile.Rules{NoExactAmount: true}

		wholeOut := propose(t, f, customers, rules)
		require.Nil(t, proposalWith(wholeOut, line0(p)), "on the whole book the receipt is left to the exact-amount rule")
		require.Contains(t, unmatchedOf(wholeOut, line0(p)), "exactly its amount")

		out := propose(t, f, feb, rules)
		if pr := proposalWith(out, line0(p)); pr != nil {
			assert.Fail(t, "a narrowed run letters what the whole one leaves open", "proposed by %s: %s", pr.Rule, pr.Reason)
		}
	})
}

// The tolerance rule's new rival check reads in-scope payments only.
// C1's invoice of 100,00 € (3 February), a receipt of 99,98 € (10
// February) and a receipt of 100,03 € (28 January); tolerance 0,05 €. On
// the whole book the invoice is within the tolerance of both receipts and
// the commit leaves it open ("ambiguous: 1 payment within 0,05 of invoice
// … too"). With Scope.From = 1 February the January receipt is left out,
// and the February receipt is proposed with the invoice, 0,02 € written
// off.
//
// Expected: left open in the narrowed run as in the whole one ("which
// settles it, and what is written off, is a person's choice" — CHANGELOG).
// Observed: proposed with a write-off.
func TestReviewFixesScopeToleranceIgnoresARivalPaymentLeftOut(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.pay(t, "C1", d(1, 28), "100.03", "", "")
		inv := f.invoice(t, "C1", d(2, 3), "100.00")
		p := f.pay(t, "C1", d(2, 10), "99.98", "", "")

		wholeOut := propose(t, f, customers, reconcile.Rules{})
		require.Nil(t, proposalWith(wholeOut, line0(inv)), "on the whole book the invoice is within the tolerance of two receipts")

		out := propose(t, f, feb, reconcile.Rules{})
		if pr := proposalWith(out, line0(p)); pr != nil {
			assert.Fail(t, "a narrowed run letters what the whole one leaves open", "proposed by %s: %s", pr.Rule, pr.Reason)
		}
	})
}

// The tolerance rule's best candidate reads in-scope documents only. C1's
// receipt of 100,00 € (10 February), invoices of 100,02 € (3 February)
// and 99,98 € (28 January). On the whole book both are 0,02 € from the
// receipt ("ambiguous: 2 open items within 0,02 of it"). With Scope.From
// = 1 February the January invoice is left out and the receipt is
// proposed with the February one, 0,02 € written off.
//
// Expected: left open. Observed: proposed with a write-off.
func TestReviewFixesScopeToleranceIgnoresARivalDocumentLeftOut(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(1, 28), "99.98")
		f.invoice(t, "C1", d(2, 3), "100.02")
		p := f.pay(t, "C1", d(2, 10), "100.00", "", "")

		wholeOut := propose(t, f, customers, reconcile.Rules{})
		require.Nil(t, proposalWith(wholeOut, line0(p)), "on the whole book two invoices are 0,02 from the receipt")

		out := propose(t, f, feb, reconcile.Rules{})
		if pr := proposalWith(out, line0(p)); pr != nil {
			assert.Fail(t, "a narrowed run letters what the whole one leaves open", "proposed by %s: %s", pr.Rule, pr.Reason)
		}
	})
}

// A cancelled invoice and its reversal, both left out by the scope's
// dates, make a payment's reference ambiguous. C1's invoice VT/1 of
// 120,00 € (10 January) with reference "CMD-4417", reversed (cancelled)
// on 12 January, and the invoice VT/3 issued in its place (3 February)
// with the same reference; a receipt of 120,00 € (10 February) whose
// reference is "CMD-4417". On the whole book rule 1 letters the
// cancelled invoice with its reversal, then the receipt with VT/3 (a
// taken line "names nothing and is named by nothing"). With Scope.From =
// 1 February the commit adds the left-out VT/1 to the reference index
// (taken && outside is not skipped), the reference names two documents,
// and the receipt is left open as ambiguous. Before the commit the
// narrowed run lettered it with VT/3, as the whole one does.
//
// Expected: proposed with VT/3. Observed: left open, "names 2 documents
// (…): ambiguous", naming the cancelled invoice.
func TestReviewFixesScopeCancelledInvoiceLeftOutMakesAReferenceAmbiguous(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		x := f.post(t, journal.Entry{Journal: "VT", Date: d(1, 10), Type: journal.TypeInvoice, Ref: "CMD-4417", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("120.00"), DueDate: d(2, 10)},
			{Account: "706000", Balance: e("-120.00")},
		}})
		_, err := f.book.Reverse(ctx, x.ID, ledger.ReverseOptions{Date: d(1, 12)})
		require.NoError(t, err)
		y := f.post(t, journal.Entry{Journal: "VT", Date: d(2, 3), Type: journal.TypeInvoice, Ref: "CMD-4417", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("120.00"), DueDate: d(3, 3)},
			{Account: "706000", Balance: e("-120.00")},
		}})
		p := f.pay(t, "C1", d(2, 10), "120.00", "CMD-4417", "")

		whole := proposalWith(propose(t, f, customers, reconcile.Rules{}), line0(p))
		require.NotNil(t, whole)
		require.Contains(t, whole.Lines, line0(y))

		out := propose(t, f, feb, reconcile.Rules{})
		pr := proposalWith(out, line0(p))
		if assert.NotNil(t, pr, "left open: %s", unmatchedOf(out, line0(p))) {
			assert.Contains(t, pr.Lines, line0(y))
		}
	})
}
