package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A receipt naming an invoice another receipt has paid is a second
// payment of it, or a mistake: it is left for the accountant with why,
// never lettered with another invoice that happens to have its amount.
func TestHrev173AutoPaymentNamingPaidInvoiceIsLeft(t *testing.T) {
	t.Parallel()
	for _, where := range []string{"ref", "label"} {
		t.Run(where, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				paid := f.invoice(t, "C1", d(3, 1), "100.00")
				other := f.invoice(t, "C1", d(3, 2), "100.00")
				f.receive(t, "BQ", "C1", d(3, 10), "100.00", paid)
				require.Equal(t, reconcile.InPayment, f.state(t, paid).State)
				ref, label := paid.Name(), "VIR CLIENT"
				if where == "label" {
					ref, label = "", "VIR FACTURE "+paid.Name()
				}
				p := f.pay(t, "C1", d(3, 20), "100.00", ref, label)

				for _, rules := range []reconcile.Rules{{}, {OldestFirst: true}} {
					out := propose(t, f, customers, rules)
					assert.True(t, proposalWith(out, line0(p)) == nil, "rules %+v", rules)
					assert.True(t, proposalWith(out, line0(other)) == nil, "rules %+v", rules)
					why := unmatchedOf(out, line0(p))
					assert.Contains(t, why, paid.Name()+", already paid")
				}
				sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
				require.NoError(t, err)
				require.Zero(t, sum.Applied)
				require.Equal(t, "100.00 EUR", f.residual(t, line0(other)).String())
				f.check(t)
			})
		})
	}
}

// A receipt naming an invoice partly paid still pays it, though another
// invoice has the receipt's amount.
func TestHrev173AutoPaymentNamingPartlyPaidInvoiceLetters(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		partly := f.invoice(t, "C1", d(3, 1), "160.00")
		f.invoice(t, "C1", d(3, 2), "100.00")
		f.receive(t, "BQ", "C1", d(3, 10), "60.00", partly)
		p := f.pay(t, "C1", d(3, 20), "100.00", partly.Name(), "")

		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "unmatched: %+v", out.Unmatched)
		pr := out.Proposals[0]
		assert.Equal(t, reconcile.RuleReference, pr.Rule)
		assert.Equal(t, []journal.LineRef{line0(p), line0(partly)}, pr.Lines)
	})
}

// A receipt naming a cancelled invoice names nothing owed, as one naming a
// paid invoice: left with why, whether the cancellation is lettered
// already (Reconciler.Reverse) or only posted (Book.Reverse, lettered by
// the same run).
func TestHrev173AutoPaymentNamingCancelledInvoiceIsLeft(t *testing.T) {
	t.Parallel()
	for _, how := range []string{"lettered", "posted"} {
		t.Run(how, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				x := f.invoice(t, "C1", d(3, 1), "100.00")
				other := f.invoice(t, "C1", d(3, 2), "100.00")
				if how == "lettered" {
					_, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: x.ID, Date: d(3, 5)})
					require.NoError(t, err)
				} else {
					_, err := f.book.Reverse(ctx, x.ID, ledger.ReverseOptions{Date: d(3, 5)})
					require.NoError(t, err)
				}
				p := f.pay(t, "C1", d(3, 20), "100.00", x.Name(), "")

				out := propose(t, f, customers, reconcile.Rules{})
				assert.True(t, proposalWith(out, line0(p)) == nil)
				assert.True(t, proposalWith(out, line0(other)) == nil)
				assert.Contains(t, unmatchedOf(out, line0(p)), x.Name()+", cancelled")
				if how == "posted" {
					require.NotNil(t, proposalWith(out, line0(x)), "the invoice still goes with its reversal")
				}
			})
		})
	}
}

// A receipt naming a paid invoice and an open one pays the open one: what
// it names open decides.
func TestHrev173AutoPaymentNamingPaidAndOpenInvoices(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		paid := f.invoice(t, "C1", d(3, 1), "100.00")
		open := f.invoice(t, "C1", d(3, 2), "100.00")
		f.receive(t, "BQ", "C1", d(3, 10), "100.00", paid)
		p := f.pay(t, "C1", d(3, 20), "100.00", "", "FACT "+paid.Name()+" "+open.Name())

		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "unmatched: %+v", out.Unmatched)
		assert.Equal(t, reconcile.RuleReference, out.Proposals[0].Rule)
		assert.Equal(t, []journal.LineRef{line0(p), line0(open)}, out.Proposals[0].Lines)
	})
}

// A receipt naming the invoice it paid itself, more than owed, is no
// second payment: what is left of it goes to the other rules.
func TestHrev173AutoOverpaymentNamingItsOwnInvoiceLetters(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "100.00")
		p := f.pay(t, "C1", d(3, 10), "150.00", inv.Name(), "")
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(p), line0(inv)}})
		require.NoError(t, err)
		next := f.invoice(t, "C1", d(3, 12), "50.00")

		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "unmatched: %+v", out.Unmatched)
		assert.Equal(t, []journal.LineRef{line0(p), line0(next)}, out.Proposals[0].Lines)
	})
}
