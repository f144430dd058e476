package reconcile_test

// Review 21 — issue 14, "Bad input (typed error, nothing written)": empty
// scope on a book-wide call without an explicit "all" flag; combination
// size < 1 or > 12; negative tolerance.

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// Requirement: an empty scope without All is refused, whatever else the
// scope narrows (a currency or a date range alone is still the whole
// book). Expected: ErrScope from Propose and AutoLetter, nothing written;
// with All set the same narrowing is accepted.
func TestReview21AutoEmptyScopeNeedsAll(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i := f.invoice(t, "C1", d(1, 1), "100.00")
		f.pay(t, "C1", d(2, 1), "100.00", i.Name(), "")
		before := f.snapshot(t)
		for name, s := range map[string]reconcile.Scope{
			"zero":           {},
			"currency only":  {Currency: eur},
			"from only":      {From: d(1, 1)},
			"range only":     {From: d(1, 1), To: d(12, 31)},
			"empty partners": {Partners: []string{}},
			"empty accounts": {Accounts: []string{}},
		} {
			_, err := f.rec.Propose(ctx, s, reconcile.Rules{})
			require.ErrorIs(t, err, reconcile.ErrScope, name)
			_, err = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: journal.NewID(), Scope: s})
			require.ErrorIs(t, err, reconcile.ErrScope, name)
			s.All = true
			_, err = f.rec.Propose(ctx, s, reconcile.Rules{})
			require.NoError(t, err, name)
		}
		f.unchanged(t, before)
	})
}

// Requirement: "combination size < 1 or > 12" is bad input, and a
// negative tolerance. Expected: sizes -1 and 13 give ErrRules from
// Propose, AutoLetter and Partners, nothing written; 1 and 12 are
// accepted. Size 0 is Rules' zero value and means the default (6): the
// issue's "< 1" cannot be told from "not set" in Go, so 0 is accepted —
// this test documents that reading.
func TestReview21AutoBadRules(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i := f.invoice(t, "C1", d(1, 1), "100.00")
		f.pay(t, "C1", d(2, 1), "100.00", i.Name(), "")
		before := f.snapshot(t)
		for name, r := range map[string]reconcile.Rules{
			"size -1":             {CombinationSize: -1},
			"size 13":             {CombinationSize: 13},
			"size 1000":           {CombinationSize: 1000},
			"negative tolerance":  {Tolerance: []currency.Amount{e("-0.01")}},
			"two tolerances":      {Tolerance: []currency.Amount{e("0.01"), e("0.02")}},
			"tolerance over conf": {Tolerance: []currency.Amount{e("0.06")}},
		} {
			_, err := f.rec.Propose(ctx, customers, r)
			require.ErrorIs(t, err, reconcile.ErrRules, name)
			op := journal.NewID()
			_, err = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: customers, Rules: r})
			require.ErrorIs(t, err, reconcile.ErrRules, name)
			for _, err := range f.rec.Partners(ctx, "411000", reconcile.ByCode, r) {
				require.ErrorIs(t, err, reconcile.ErrRules, name)
				break
			}
			f.unchanged(t, before)
			// The id was not used up by the refused call.
			_, err = f.rec.Propose(ctx, customers, reconcile.Rules{})
			require.NoError(t, err)
		}
		for _, n := range []int{0, 1, 2, 12} {
			_, err := f.rec.Propose(ctx, customers, reconcile.Rules{CombinationSize: n})
			require.NoError(t, err, "size %d", n)
		}
		_, err := f.rec.Propose(ctx, customers, reconcile.Rules{Tolerance: []currency.Amount{e("0.00")}})
		require.NoError(t, err, "a zero tolerance turns write-offs off")
	})
}

// Requirement: a refused call writes nothing — its operation id included:
// the same id with a good request afterwards runs, it is no conflict.
func TestReview21AutoRefusedCallKeepsItsID(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i := f.invoice(t, "C1", d(1, 1), "100.00")
		f.pay(t, "C1", d(2, 1), "100.00", i.Name(), "")
		op := journal.NewID()
		_, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: customers, Rules: reconcile.Rules{CombinationSize: 13}})
		require.ErrorIs(t, err, reconcile.ErrRules)
		_, err = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: reconcile.Scope{}})
		require.ErrorIs(t, err, reconcile.ErrScope)
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: customers})
		require.NoError(t, err)
		require.False(t, sum.Replay)
		require.Equal(t, 1, sum.Applied)
	})
}

// Requirement: zero tolerance turns rule (5) off; combination size 1
// turns rule (3) off (a combination of one is rule 2's).
func TestReview21AutoZeroToleranceNoWriteOff(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(1, 1), "100.00")
		p := f.pay(t, "C1", d(2, 1), "99.98", "", "")
		out := propose(t, f, customers, reconcile.Rules{Tolerance: []currency.Amount{e("0.00")}})
		require.Empty(t, out.Proposals)
		require.NotEmpty(t, unmatchedOf(out, line0(p)))
		out = propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		require.Equal(t, reconcile.RuleTolerance, out.Proposals[0].Rule)
	})
}
