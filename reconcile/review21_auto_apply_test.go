package reconcile_test

// Review 21 — issue 14, Apply: "each proposal is its own atomic lettering
// inside a batch (one failure — a line lettered meanwhile — does not stop
// the others, and is reported); replay-safe like every operation", and
// the bad input "applying a proposal whose lines changed since it was
// computed (stale: refused per proposal, the rest applies)".

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// entryCount counts the entries of the book.
func entryCount(t *testing.T, f *fixture) int {
	t.Helper()
	n := 0
	for _, err := range f.book.Entries(ctx, ledger.EntryFilter{}) {
		require.NoError(t, err)
		n++
	}
	return n
}

// Requirement: stale proposals are refused one by one while the rest
// applies, and a refused proposal writes nothing — not even its write-off.
// Four proposals: reference (C1), within tolerance with a write-off (C2),
// combination (C3), exact amount (S1 on payables, first: 401000 sorts
// before 411000). C2's invoice and C3's first invoice get a partial
// payment meanwhile. Expected: S1 and C1 applied, C2 and C3 ErrStale with
// no partials, no entries; no entry posted (no write-off for the stale C2
// proposal), the book checks.
func TestReview21AutoStaleRefusedPerProposalRestApplies(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 1), "100.00")
		f.pay(t, "C1", d(2, 1), "100.00", i1.Name(), "")
		i2 := f.invoice(t, "C2", d(1, 1), "200.00")
		f.pay(t, "C2", d(2, 1), "199.98", "", "")
		i3 := f.invoice(t, "C3", d(1, 1), "30.00")
		f.invoice(t, "C3", d(1, 2), "70.00")
		f.pay(t, "C3", d(2, 1), "100.00", "", "")
		b := f.bill(t, "S1", d(1, 3), "480.00")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BQ",
			Date: d(2, 1), Method: reconcile.MethodTransfer, Amount: e("480.00")})
		require.NoError(t, err)
		out := propose(t, f, reconcile.Scope{All: true}, reconcile.Rules{})
		require.Len(t, out.Proposals, 4)
		rules := []reconcile.Rule{out.Proposals[0].Rule, out.Proposals[1].Rule, out.Proposals[2].Rule, out.Proposals[3].Rule}
		// Accounts in code order: 401000 (S1) first.
		require.Equal(t, []reconcile.Rule{reconcile.RuleExactAmount, reconcile.RuleReference, reconcile.RuleTolerance, reconcile.RuleCombination}, rules)

		// Meanwhile: 10,00 € received on C2's invoice and on C3's first.
		f.receive(t, "BQ", "C2", d(2, 2), "10.00", i2)
		f.receive(t, "BQ", "C3", d(2, 2), "10.00", i3)
		before := entryCount(t, f)

		applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.Len(t, applied.Outcomes, 4)
		require.NoError(t, applied.Outcomes[0].Err)
		require.NoError(t, applied.Outcomes[1].Err)
		require.ErrorIs(t, applied.Outcomes[2].Err, reconcile.ErrStale)
		require.ErrorIs(t, applied.Outcomes[3].Err, reconcile.ErrStale)
		require.Equal(t, 2, applied.Failed())
		for _, k := range []int{2, 3} {
			require.Empty(t, applied.Outcomes[k].Partials)
			require.Empty(t, applied.Outcomes[k].Entries)
			require.Empty(t, applied.Outcomes[k].Matches)
		}
		require.Equal(t, before, entryCount(t, f), "a stale write-off proposal posted its write-off")
		require.Equal(t, reconcile.InPayment, f.state(t, i1).State)
		require.Equal(t, reconcile.InPayment, f.state(t, b).State)
		require.True(t, f.residual(t, line0(i2)).Equal(e("190.00")))
		require.True(t, f.residual(t, line0(i3)).Equal(e("20.00")))
		f.check(t)

		// Proposed again, the C2 and C3 lines give fresh proposals.
		again := propose(t, f, reconcile.Scope{All: true}, reconcile.Rules{})
		for _, pr := range again.Proposals {
			require.NotEqual(t, "C1", pr.Partner)
		}
	})
}

// Requirement: stale — a proposal the caller altered (a residual it says
// it saw that the line never had) is refused, the rest applies.
func TestReview21AutoAlteredSeenIsStale(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 1), "100.00")
		f.pay(t, "C1", d(2, 1), "100.00", i1.Name(), "")
		i2 := f.invoice(t, "C2", d(1, 1), "200.00")
		f.pay(t, "C2", d(2, 1), "200.00", i2.Name(), "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 2)
		pr := out.Proposals[0]
		pr.Seen = append([]ledger.Residual(nil), pr.Seen...)
		pr.Seen[1].Balance = e("99.00")
		pr.Seen[1].AmountCurrency = e("99.00")
		applied, err := f.rec.Apply(ctx, journal.NoID, []reconcile.Proposal{pr, out.Proposals[1]})
		require.NoError(t, err)
		require.ErrorIs(t, applied.Outcomes[0].Err, reconcile.ErrStale)
		require.NoError(t, applied.Outcomes[1].Err)
		require.Equal(t, reconcile.NotPaid, f.state(t, i1).State)
		require.Equal(t, reconcile.InPayment, f.state(t, i2).State)
	})
}

// Requirement: "replay-safe like every operation". Applying the same
// proposals under the same operation id after the letterings were undone
// must replay the first outcome and write nothing: the lines stay
// unlettered. The same for AutoLetter.
func TestReview21AutoReplayAfterUnletterWritesNothing(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 1), "100.00")
		p1 := f.pay(t, "C1", d(2, 1), "100.00", i1.Name(), "")
		i2 := f.invoice(t, "C2", d(1, 1), "250.00")
		f.pay(t, "C2", d(2, 1), "250.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 2)
		op := journal.NewID()
		first, err := f.rec.Apply(ctx, op, out.Proposals)
		require.NoError(t, err)
		require.Zero(t, first.Failed())
		_, err = f.rec.Unletter(ctx, journal.NoID, line0(p1))
		require.NoError(t, err)
		_, err = f.rec.Unletter(ctx, journal.NoID, line0(i2))
		require.NoError(t, err)
		before := f.snapshot(t)
		again, err := f.rec.Apply(ctx, op, out.Proposals)
		require.NoError(t, err)
		require.True(t, again.Replay)
		f.unchanged(t, before)
		require.Equal(t, reconcile.NotPaid, f.state(t, i1).State)
		require.Equal(t, reconcile.NotPaid, f.state(t, i2).State)

		// AutoLetter: the same id after the book was unlettered replays.
		aop := journal.NewID()
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: aop, Scope: customers})
		require.NoError(t, err)
		require.Equal(t, 2, sum.Applied)
		_, err = f.rec.Unletter(ctx, journal.NoID, line0(p1))
		require.NoError(t, err)
		before = f.snapshot(t)
		resum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: aop, Scope: customers})
		require.NoError(t, err)
		require.True(t, resum.Replay)
		require.Equal(t, 2, resum.Applied)
		f.unchanged(t, before)
		require.Equal(t, reconcile.NotPaid, f.state(t, i1).State)

		// An id used by Apply is not AutoLetter's, and the other way round.
		_, err = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: customers})
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		_, err = f.rec.Apply(ctx, aop, out.Proposals)
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.check(t)
	})
}

// Requirement: "A one-call AutoLetter(scope, rules) = propose + apply":
// what AutoLetter letters is what Propose proposed, rule for rule, and
// its summary counts them. Expected: ByRule equals the proposals' rules,
// Lines the proposals' lines, and a write-off proposal posts one entry.
func TestReview21AutoLetterIsProposePlusApply(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 1), "100.00")
		f.pay(t, "C1", d(2, 1), "100.00", i1.Name(), "")
		f.invoice(t, "C2", d(1, 1), "200.00")
		f.pay(t, "C2", d(2, 1), "199.97", "", "")
		f.invoice(t, "C3", d(1, 1), "30.00")
		f.invoice(t, "C3", d(1, 2), "70.00")
		f.pay(t, "C3", d(2, 1), "100.00", "", "")
		f.pay(t, "C3", d(2, 2), "5.55", "", "???")
		out := propose(t, f, customers, reconcile.Rules{})
		byRule := map[reconcile.Rule]int{}
		lines := 0
		for _, pr := range out.Proposals {
			byRule[pr.Rule]++
			lines += len(pr.Lines)
		}
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
		require.NoError(t, err)
		require.Equal(t, len(out.Proposals), sum.Proposals)
		require.Equal(t, len(out.Proposals), sum.Applied)
		require.Equal(t, byRule, sum.ByRule)
		require.Equal(t, lines, sum.Lines)
		require.Equal(t, 1, sum.Entries)
		require.Equal(t, len(out.Unmatched), sum.UnmatchedCount)
		require.Empty(t, propose(t, f, customers, reconcile.Rules{}).Proposals)
		_ = currency.Amount{}
		f.check(t)
	})
}
