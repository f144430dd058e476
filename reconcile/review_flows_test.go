package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// TestReviewSamePrefixOpsAndFreshPartials: operations whose ids share
// their first six bytes (one millisecond) run Apply, AutoLetter and
// letterings with exchange differences (partials whose ids the book
// makes), then unletter and letter again: every replay replays, every op
// id stays its own, and the book passes Check and Verify after each step.
func TestReviewSamePrefixOpsAndFreshPartials(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		base := journal.NewID()
		op := func(k byte) journal.ID {
			x := base
			x[15] ^= k // same millisecond, same first six bytes
			return x
		}
		verify := func() {
			t.Helper()
			f.check(t)
			require.NoError(t, f.book.Verify(ctx))
		}
		usd := currency.MustLookup("USD")
		u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 1), currency.MustParseRate("1.20")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(3, 20), currency.MustParseRate("1.25")))
		var invs []journal.Entry
		for i := 0; i < 3; i++ {
			inv := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
				{Account: "411000", Partner: "C1", AmountCurrency: u("1200.00")},
				{Account: "706000", AmountCurrency: u("-1200.00")}}})
			invs = append(invs, inv)
		}
		pay := reconcile.Payment{Operation: op(1), Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(3, 20),
			Amount: u("1200.00"), Method: reconcile.MethodTransfer, Invoices: []journal.ID{invs[0].ID}}
		res, err := f.rec.RegisterPayment(ctx, pay)
		require.NoError(t, err)
		require.Len(t, res.Entries, 2, "payment and exchange difference")
		again, err := f.rec.RegisterPayment(ctx, pay)
		require.NoError(t, err)
		require.True(t, again.Replay)
		require.Equal(t, res.Partials, again.Partials)
		verify()

		// Unletter and letter again, twice, under same-prefix ids.
		for k := byte(2); k < 6; k += 2 {
			un, err := f.rec.Unletter(ctx, op(k), line0(invs[0]))
			require.NoError(t, err)
			require.NotEmpty(t, un.Partials)
			verify()
			re, err := f.rec.Reconcile(ctx, reconcile.Request{Operation: op(k + 1), Lines: []journal.LineRef{line0(invs[0]), line0(res.Entries[0])}})
			require.NoError(t, err)
			require.NotEmpty(t, re.Partials)
			re2, err := f.rec.Reconcile(ctx, reconcile.Request{Operation: op(k + 1), Lines: []journal.LineRef{line0(invs[0]), line0(res.Entries[0])}})
			require.NoError(t, err)
			require.True(t, re2.Replay)
			verify()
		}

		// Apply and AutoLetter under same-prefix ids: their parts' ids
		// share the prefix too.
		for i := 1; i < 3; i++ {
			_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(3, 20),
				Amount: u("1200.00"), Method: reconcile.MethodTransfer, Ref: invs[i].Name()})
			require.NoError(t, err)
		}
		i4 := f.invoice(t, "C2", d(1, 1), "100.00")
		f.pay(t, "C2", d(2, 1), "100.00", i4.Name(), "")
		out := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C2"}}, reconcile.Rules{})
		require.NotEmpty(t, out.Proposals)
		ap, err := f.rec.Apply(ctx, op(7), out.Proposals)
		require.NoError(t, err)
		require.Zero(t, ap.Failed())
		ap2, err := f.rec.Apply(ctx, op(7), out.Proposals)
		require.NoError(t, err)
		require.True(t, ap2.Replay)
		verify()
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op(8), Scope: reconcile.Scope{All: true}})
		require.NoError(t, err)
		require.Positive(t, sum.Applied, "%+v", sum)
		sum2, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op(8), Scope: reconcile.Scope{All: true}})
		require.NoError(t, err)
		require.True(t, sum2.Replay)
		require.Equal(t, sum.Applied, sum2.Applied)
		verify()
		// An op id reused for another kind of request is refused.
		_, err = f.rec.Apply(ctx, op(8), out.Proposals)
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		// A partial's id is refused as an operation id.
		_, err = f.rec.Unletter(ctx, res.Partials[0].ID, line0(invs[0]))
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		verify()
	})
}
