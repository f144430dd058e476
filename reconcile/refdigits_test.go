package reconcile_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// A payment's word naming no document as written names the one document
// whose number or reference has its digits: a customer who writes
// "Facture 2026-00002" for VT/2026/00002.

// digitsOf writes a document's number as customers do: without its
// journal's prefix, a dash for a slash ("VT/2026/00002" → "2026-00002").
func digitsOf(x journal.Entry) string {
	_, rest, _ := strings.Cut(x.Name(), "/")
	return strings.ReplaceAll(rest, "/", "-")
}

func TestAutoReferenceByDigits(t *testing.T) {
	t.Parallel()
	for _, label := range []func(journal.Entry) string{
		func(x journal.Entry) string { return "Facture " + digitsOf(x) },
		func(x journal.Entry) string {
			return "VIR SEPA F" + strings.ReplaceAll(digitsOf(x), "-", "") + " CLIENT"
		},
		func(x journal.Entry) string { return "Règlement n°" + strings.ReplaceAll(digitsOf(x), "-", "/") },
	} {
		onStores(t, func(t *testing.T, f *fixture) {
			// Two invoices of one amount: the amount alone says nothing.
			f.invoice(t, "C1", d(3, 1), "500.00")
			i2 := f.invoice(t, "C1", d(3, 2), "500.00")
			p := f.pay(t, "C1", d(3, 20), "500.00", "", label(i2))

			off := propose(t, f, customers, reconcile.Rules{NoReferenceDigits: true})
			require.Empty(t, off.Proposals, "digits turned off: two invoices of the amount")
			require.Contains(t, unmatchedOf(off, line0(p)), "ambiguous")

			out := propose(t, f, customers, reconcile.Rules{})
			require.Len(t, out.Proposals, 1, "unmatched: %v", out.Unmatched)
			pr := out.Proposals[0]
			require.Equal(t, reconcile.RuleReference, pr.Rule)
			require.Equal(t, reconcile.ExactReference, pr.Confidence)
			require.Equal(t, []journal.LineRef{line0(p), line0(i2)}, pr.Lines)
			require.Contains(t, pr.Reason, "= invoice number "+i2.Name()+" by its digits; amount 500,00\u00a0€ equal")
			applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
			require.NoError(t, err)
			require.NoError(t, applied.Outcomes[0].Err)
			require.True(t, f.residual(t, line0(i2)).IsZero())
			f.check(t)
		})
	}
}

// A payment naming an invoice by its digits in part pays it in part, as
// one naming it as written does.
func TestAutoReferenceByDigitsInPart(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(3, 1), "1200.00")
		p := f.pay(t, "C1", d(3, 20), "400.00", "", "ACOMPTE FACT "+digitsOf(i1))
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "unmatched: %v", out.Unmatched)
		require.Equal(t, []journal.LineRef{line0(p), line0(i1)}, out.Proposals[0].Lines)
		require.Contains(t, out.Proposals[0].Reason, "by its digits; 400,00\u00a0€ paid of 1\u202f200,00\u00a0€, 800,00\u00a0€ stays due")
	})
}

// Digits two documents share name neither, and say nothing of it: the
// word was not a number as written, and the amount rules decide.
func TestAutoReferenceDigitsSharedNameNeither(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(3, 1), "500.00")
		// Another invoice whose reference (the customer's order) has the
		// digits of the first's number.
		i2 := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 2), Type: journal.TypeInvoice, Ref: "CMD " + strings.ReplaceAll(digitsOf(i1), "-", ""),
			Lines: []journal.Line{
				{Account: "411000", Partner: "C1", Balance: e("700.00"), DueDate: d(4, 2)},
				{Account: "706000", Balance: e("-700.00")}}})
		p := f.pay(t, "C1", d(3, 20), "700.00", "", "Facture "+digitsOf(i1))
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "unmatched: %v", out.Unmatched)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleExactAmount, pr.Rule, pr.Reason)
		require.Equal(t, []journal.LineRef{line0(p), line0(i2)}, pr.Lines)
	})
}

// Words of fewer than DigitsMin digits name nothing by their digits: a
// year, a card's last four digits, a day and month. Nor does an amount.
func TestAutoReferenceDigitsTooFew(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Ref: "CMD-4521",
			Lines: []journal.Line{
				{Account: "411000", Partner: "C1", Balance: e("500.00"), DueDate: d(4, 1)},
				{Account: "706000", Balance: e("-500.00")}}})
		i2 := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 2), Type: journal.TypeInvoice, Ref: "PO 50000",
			Lines: []journal.Line{
				{Account: "411000", Partner: "C1", Balance: e("500.00"), DueDate: d(4, 2)},
				{Account: "706000", Balance: e("-500.00")}}})
		p := f.pay(t, "C1", d(3, 20), "500.00", "", "PAIEMENT CB 4521 MONTANT 500,00 EUR 2026")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Empty(t, out.Proposals, "%v", out.Proposals)
		require.Contains(t, unmatchedOf(out, line0(p)), "ambiguous")
		_, _ = i1, i2
	})
}

// A supplier's own invoice number, kept as the bill's reference, named by
// its digits in the transfer's label.
func TestAutoReferenceDigitsOfASupplierReference(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.bill(t, "S1", d(3, 1), "300.00")
		b := f.post(t, journal.Entry{Journal: "AC", Date: d(3, 2), Type: journal.TypeInvoice, Ref: "FF-2026-0815",
			Lines: []journal.Line{
				{Account: "401000", Partner: "S1", Balance: e("-300.00")},
				{Account: "607000", Balance: e("300.00")}}})
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
			Date: d(3, 20), Method: reconcile.MethodTransfer, Amount: e("300.00"), Label: "Votre facture 2026-0815"})
		require.NoError(t, err)
		out := propose(t, f, reconcile.Scope{Partners: []string{"S1"}}, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "unmatched: %v", out.Unmatched)
		pr := out.Proposals[0]
		require.Equal(t, []journal.LineRef{line0(res.Entries[0]), line0(b)}, pr.Lines)
		require.Contains(t, pr.Reason, "= invoice "+b.Name()+" reference ")
		require.Contains(t, pr.Reason, " by its digits")
	})
}

// A bank statement entry naming an invoice by its digits is proposed with
// it; the reason says so.
func TestProposeImportedByDigits(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		f.invoice(t, "K1", d(3, 1), "500.00")
		i2 := f.invoice(t, "K1", d(3, 2), "500.00")
		// Supplier bills numbered alike (AC/2026/00002 has i2's digits): a
		// receipt does not settle them.
		f.bill(t, "S1", d(3, 1), "500.00")
		bill := f.bill(t, "S1", d(3, 2), "500.00")
		require.Equal(t, digitsOf(i2), digitsOf(bill))
		rem := "FACTURE " + strings.ReplaceAll(digitsOf(i2), "-", "/")
		props := b.imports(t, d(3, 20), reconcile.Rules{NoReferenceDigits: true}, rvEntry{amount: "500.00", remittance: rem})
		require.Len(t, props, 1)
		require.NotContains(t, props[0].Reason, i2.Name(), "digits turned off")

		props = b.propose(t, reconcile.Rules{})
		require.Len(t, props, 1)
		require.Contains(t, props[0].Reason, "names "+i2.Name()+" of K1 ("+i2.Name()+" by its digits)")
		require.Equal(t, []journal.ID{i2.ID}, props[0].Target.Invoices)
		_, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		require.True(t, f.residual(t, line0(i2)).IsZero())
		f.check(t)
	})
}

// The partner-by-partner tool proposes what Propose does for a payment
// naming an invoice by its digits (it reads the journals' numbering in
// its own transaction).
func TestPartnersByDigits(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(3, 1), "500.00")
		i2 := f.invoice(t, "C1", d(3, 2), "500.00")
		p := f.pay(t, "C1", d(3, 20), "500.00", "", "Facture "+digitsOf(i2))
		var views []reconcile.PartnerView
		for v, err := range f.rec.Partners(ctx, "411000", reconcile.ByCode, reconcile.Rules{}) {
			require.NoError(t, err)
			views = append(views, v)
		}
		require.Len(t, views, 1)
		require.Len(t, views[0].Proposals, 1, "%v", views[0].Unmatched)
		require.Equal(t, []journal.LineRef{line0(p), line0(i2)}, views[0].Proposals[0].Lines)
		require.Contains(t, views[0].Proposals[0].Reason, "by its digits")
	})
}
