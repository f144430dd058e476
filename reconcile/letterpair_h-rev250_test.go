package reconcile_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/lettrage/lettrage/tax"
)

// hrev250Proposal makes a proposal of lines on account, with the residuals
// they have now.
func hrev250Proposal(t testing.TB, f *fixture, account string, lines ...journal.LineRef) reconcile.Proposal {
	t.Helper()
	p := reconcile.Proposal{Account: account, Currency: eur, Lines: lines}
	require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
		for _, l := range lines {
			r, err := tx.Residual(l)
			if err != nil {
				return err
			}
			p.Seen = append(p.Seen, r)
		}
		return nil
	}))
	return p
}

// hrev250Scenario builds a book and returns what it posted and a function
// making the proposals to apply, in batches applied one Apply each.
type hrev250Scenario func(t *testing.T, f *fixture) (posted []journal.Entry, batches []func() []reconcile.Proposal)

// hrev250Both applies a scenario's proposals with the pair fast path on
// and off, on backend s, and returns both renderings (outcomes, partials,
// residuals, matches and codes).
func hrev250Both(t *testing.T, s storetest.Backend, sc hrev250Scenario) (fast, general string) {
	op := journal.NewID()
	run := func(pairs bool) string {
		reconcile.SetLetterPairs(t, pairs)
		f := newFixture(t, s.Open(t))
		posted, batches := sc(t, f)
		var out string
		for k, b := range batches {
			id := op
			if k > 0 {
				id = journal.NewID()
			}
			applied, err := f.rec.Apply(ctx, id, b())
			require.NoError(t, err)
			for i, o := range applied.Outcomes {
				out += fmt.Sprintf("batch %d outcome %d err %v: %d entries %d partials %d matches\n", k, i, o.Err, len(o.Entries), len(o.Partials), len(o.Matches))
			}
		}
		f.check(t)
		require.NoError(t, f.book.Verify(ctx))
		return out + letteringOf(t, f, posted)
	}
	return run(true), run(false)
}

func hrev250Compare(t *testing.T, sc hrev250Scenario) string {
	fast, general := hrev250Both(t, storetest.Backends[0], sc)
	require.Equal(t, general, fast)
	return fast
}

// Pins: the fast path letters as letter does a pair whose payment is
// already in a group with another invoice (three lines, one match of all
// three), two payments of one invoice in two proposals of one Apply (the
// second seen after the first), a credit note smaller than its invoice, a
// supplier bill paid in two, an invoice and its reversal, and a payment
// whose other open line is not in the proposal.
func TestHrev250PairsInGroupsAsLetter(t *testing.T) {
	// Not parallel: SetLetterPairs.
	out := hrev250Compare(t, func(t *testing.T, f *fixture) ([]journal.Entry, []func() []reconcile.Proposal) {
		i1 := f.invoice(t, "C1", d(1, 5), "100.00")
		i2 := f.invoice(t, "C1", d(1, 6), "60.00")
		p := f.pay(t, "C1", d(2, 1), "160.00", "", "")
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(i1), line0(p)}})
		require.NoError(t, err)
		i3 := f.invoice(t, "C2", d(1, 5), "100.00")
		p1 := f.pay(t, "C2", d(2, 1), "30.00", "", "")
		p2 := f.pay(t, "C2", d(2, 2), "70.00", "", "")
		i4 := f.invoice(t, "C3", d(1, 5), "100.00")
		cn := f.creditNote(t, "C3", d(1, 6), "40.00")
		b1 := f.bill(t, "S1", d(1, 5), "90.00")
		s1 := f.post(t, journal.Entry{Journal: "BQ", Date: d(2, 3), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "401000", Partner: "S1", Balance: e("50.00")}, {Account: "512000", Balance: e("-50.00")}}})
		s2 := f.post(t, journal.Entry{Journal: "BQ", Date: d(2, 4), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "401000", Partner: "S1", Balance: e("40.00")}, {Account: "512000", Balance: e("-40.00")}}})
		i5 := f.invoice(t, "C1", d(1, 9), "25.00")
		rev, err := f.book.Reverse(ctx, i5.ID, ledger.ReverseOptions{Date: d(1, 10)})
		require.NoError(t, err)
		posted := []journal.Entry{i1, i2, p, i3, p1, p2, i4, cn, b1, s1, s2, i5, rev.Entry}
		return posted, []func() []reconcile.Proposal{func() []reconcile.Proposal {
			return []reconcile.Proposal{
				hrev250Proposal(t, f, "411000", line0(i2), line0(p)),
				hrev250Proposal(t, f, "411000", line0(p1), line0(i3)),
				hrev250Proposal(t, f, "411000", line0(i4), line0(cn)),
				hrev250Proposal(t, f, "401000", line0(b1), line0(s1)),
				hrev250Proposal(t, f, "411000", line0(i5), rev.Entry.LineRef(0)),
			}
		}, func() []reconcile.Proposal {
			return []reconcile.Proposal{
				hrev250Proposal(t, f, "411000", line0(i3), line0(p2)),
				hrev250Proposal(t, f, "401000", line0(s2), line0(b1)),
			}
		}}
	})
	require.Contains(t, out, "[0:0 1:0 2:0]") // one match of the three lines
}

// Pins: a cash-basis invoice paid in part then in full, by two proposals
// of one Apply (the second seen as the first leaves it), and an invoice
// offering an early-payment discount still valid paid whole without
// taking it, letter as letter does; both VAT moves are there.
func TestHrev250PairsCashBasisAndOfferAsLetter(t *testing.T) {
	out := hrev250Compare(t, func(t *testing.T, f *fixture) ([]journal.Entry, []func() []reconcile.Proposal) {
		v := cabaTax("V20E", "20")
		inv := f.post(t, journal.Entry{Journal: "VT", Date: d(1, 12), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("120.00")},
			{Account: "706000", Balance: e("-100.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{v}},
			{Account: "445740", Balance: e("-20.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{v}},
		}})
		p1 := f.pay(t, "C1", d(2, 1), "36.00", "", "")
		p2 := f.pay(t, "C1", d(2, 2), "84.00", "", "")
		offer := f.post(t, journal.Entry{Journal: "VT", Date: d(1, 12), Type: journal.TypeInvoice,
			DiscountOffer: &journal.DiscountOffer{Amount: e("2.00"), Until: d(3, 1)}, Lines: []journal.Line{
				{Account: "411000", Partner: "C2", Balance: e("100.00")},
				{Account: "706000", Balance: e("-100.00")},
			}})
		p3 := f.pay(t, "C2", d(2, 1), "100.00", "", "")
		posted := []journal.Entry{inv, p1, p2, offer, p3}
		var first reconcile.Proposal
		return posted, []func() []reconcile.Proposal{func() []reconcile.Proposal {
			first = hrev250Proposal(t, f, "411000", line0(inv), line0(p1))
			second := hrev250Proposal(t, f, "411000", line0(p2), line0(inv))
			second.Seen[1] = ledger.Residual{Balance: e("84.00"), AmountCurrency: e("84.00")}
			return []reconcile.Proposal{first, second, hrev250Proposal(t, f, "411000", line0(offer), line0(p3))}
		}}
	})
	require.Contains(t, out, "batch 0 outcome 1 err <nil>: 1 entries 1 partials 1 matches")
}
