package reconcile_test

// Review of 3268b40 and c787286: probes that pass (kept as regression
// tests).

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// rfpBook posts, per partner C1..C3, a pair (invoice and receipt of one
// amount) and, on C1 and C2, n unmatched receipts each (one entry of n
// lines), so that Unmatched passes its cap across chunks when n > 500.
func rfpBook(t *testing.T, f *fixture, n int) {
	t.Helper()
	rvaThreePairs(t, f)
	for _, p := range []string{"C1", "C2"} {
		if n == 0 {
			continue
		}
		x := journal.Entry{Journal: "BQ", Date: d(3, 2), Type: journal.TypePayment}
		total := currency.Zero(eur)
		for i := 0; i < n; i++ {
			amt := e(fmt.Sprintf("%d.%02d", 7000+i, i%100))
			x.Lines = append(x.Lines, journal.Line{Account: "411000", Partner: p, Balance: amt.Neg()})
			total, _ = total.Add(amt)
		}
		x.Lines = append(x.Lines, journal.Line{Account: "512000", Balance: total})
		f.post(t, x)
	}
}

// replayed asserts that again is first read back: Replay set, all else equal.
func replayed(t *testing.T, first, again reconcile.AutoSummary) {
	t.Helper()
	require.True(t, again.Replay, "the replay is not flagged")
	again.Replay = first.Replay
	require.Equal(t, first, again)
}

var rfpReq = reconcile.Scope{Accounts: []string{"411000"}}

func TestReviewFixesProbeReplayAfterACompleteRun(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		reconcile.SetAutoChunk(t, 1)
		rfpBook(t, f, 520)
		op := journal.NewID()
		first, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: rfpReq})
		require.NoError(t, err)
		require.False(t, first.Replay)
		require.Equal(t, 3, first.Applied)
		require.Equal(t, 1040, first.UnmatchedCount)
		require.Len(t, first.Unmatched, reconcile.UnmatchedKept)
		before := f.snapshot(t)
		again, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: rfpReq})
		require.NoError(t, err)
		replayed(t, first, again)
		f.unchanged(t, before)
		f.check(t)
	})
}

func TestReviewFixesProbeReplayAfterAnInterruptedRun(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		reconcile.SetAutoChunk(t, 1)
		rfpBook(t, f, 3)
		op := journal.NewID()
		c, cancel := context.WithCancel(ctx)
		_, err := f.rec.AutoLetter(c, reconcile.AutoRequest{Operation: op, Scope: rfpReq,
			Progress: func(reconcile.AutoSummary) { cancel() }})
		require.ErrorIs(t, err, context.Canceled)
		second, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: rfpReq})
		require.NoError(t, err)
		require.False(t, second.Replay, "the second call applied chunks")
		require.Equal(t, 3, second.Applied)
		require.Equal(t, 6, second.UnmatchedCount)
		require.Equal(t, map[reconcile.Rule]int{reconcile.RuleExactAmount: 3}, second.ByRule)
		before := f.snapshot(t)
		third, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: rfpReq})
		require.NoError(t, err)
		replayed(t, second, third)
		f.unchanged(t, before)
		f.check(t)
	})
}

func TestReviewFixesProbeConcurrentRunsWithOneID(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		reconcile.SetAutoChunk(t, 1)
		rfpBook(t, f, 2)
		op := journal.NewID()
		var wg sync.WaitGroup
		sums := make([]reconcile.AutoSummary, 4)
		errs := make([]error, 4)
		for i := range sums {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sums[i], errs[i] = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: rfpReq})
			}()
		}
		wg.Wait()
		for i := range sums {
			require.NoError(t, errs[i])
			require.Equal(t, 3, sums[i].Applied, "run %d", i)
			require.Equal(t, 4, sums[i].UnmatchedCount, "run %d", i)
		}
		again, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: rfpReq})
		require.NoError(t, err)
		again.Replay = false
		for i := range sums {
			s := sums[i]
			s.Replay = false
			require.Equal(t, again, s, "run %d", i)
		}
		require.Empty(t, propose(t, f, rfpReq, reconcile.Rules{}).Proposals)
		f.check(t)
	})
}

// A run that posts a write-off (a tolerance proposal) replays with its
// Entries count. (A proposal refused after it wrote could not be built
// from outside: an inactive write-off account still takes generated
// entries.)
func TestReviewFixesProbeReplayWithAWriteOff(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		reconcile.SetAutoChunk(t, 1)
		rvaThreePairs(t, f)
		f.invoice(t, "C2", d(2, 2), "100.00")
		f.pay(t, "C2", d(3, 2), "99.98", "", "")
		op := journal.NewID()
		first, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: rfpReq})
		require.NoError(t, err)
		require.Equal(t, 4, first.Applied)
		require.Equal(t, 1, first.Entries)
		require.Equal(t, 1, first.ByRule[reconcile.RuleTolerance])
		before := f.snapshot(t)
		again, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: rfpReq})
		require.NoError(t, err)
		replayed(t, first, again)
		f.unchanged(t, before)
		f.check(t)
	})
}

func TestReviewFixesProbeZeroProposals(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		p := f.pay(t, "C1", d(3, 2), "12.00", "", "")
		op := journal.NewID()
		first, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: rfpReq})
		require.NoError(t, err)
		require.False(t, first.Replay)
		require.Equal(t, 0, first.Proposals)
		require.Len(t, first.Unmatched, 1)
		require.Equal(t, line0(p), first.Unmatched[0].Line)
		before := f.snapshot(t)
		again, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: rfpReq})
		require.NoError(t, err)
		replayed(t, first, again)
		f.unchanged(t, before)
		// Another request under the id is refused.
		_, err = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: reconcile.Scope{Partners: []string{"C1"}}})
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)
		f.check(t)
	})
}

// An id used before by another operation is refused, nothing written.
func TestReviewFixesProbeIDOfAnotherOperation(t *testing.T) {
	ids := map[string]func(t *testing.T, f *fixture) journal.ID{
		"Apply": func(t *testing.T, f *fixture) journal.ID {
			inv := f.invoice(t, "C3", d(1, 5), "5.00")
			f.pay(t, "C3", d(1, 6), "5.00", inv.Name(), "")
			props := propose(t, f, reconcile.Scope{Partners: []string{"C3"}}, reconcile.Rules{})
			res, err := f.rec.Apply(ctx, journal.NoID, props.Proposals)
			require.NoError(t, err)
			require.Zero(t, res.Failed())
			return res.Operation
		},
		"Reconcile": func(t *testing.T, f *fixture) journal.ID {
			inv := f.invoice(t, "C3", d(1, 5), "5.00")
			cn := f.creditNote(t, "C3", d(1, 6), "2.00")
			res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), cn.LineRef(0)}})
			require.NoError(t, err)
			return res.Operation
		},
		"RegisterPayment": func(t *testing.T, f *fixture) journal.ID {
			res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C3", Journal: "BQ",
				Date: d(1, 6), Method: reconcile.MethodTransfer, Amount: e("4.00")})
			require.NoError(t, err)
			return res.Operation
		},
		"partial": func(t *testing.T, f *fixture) journal.ID {
			inv := f.invoice(t, "C3", d(1, 5), "5.00")
			cn := f.creditNote(t, "C3", d(1, 6), "2.00")
			res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), cn.LineRef(0)}})
			require.NoError(t, err)
			return res.Partials[0].ID
		},
		"match": func(t *testing.T, f *fixture) journal.ID {
			inv := f.invoice(t, "C3", d(1, 5), "5.00")
			cn := f.creditNote(t, "C3", d(1, 6), "5.00")
			res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), cn.LineRef(0)}})
			require.NoError(t, err)
			require.Len(t, res.Matches, 1)
			return res.Matches[0].ID
		},
	}
	for name, mk := range ids {
		t.Run(name, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				reconcile.SetAutoChunk(t, 1)
				op := mk(t, f)
				rvaThreePairs(t, f)
				before := f.snapshot(t)
				_, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: reconcile.Scope{Partners: []string{"C1", "C2"}}})
				require.True(t, errors.Is(err, reconcile.ErrIdempotencyConflict), "%v", err)
				f.unchanged(t, before)
				require.Len(t, propose(t, f, reconcile.Scope{Partners: []string{"C1", "C2"}}, reconcile.Rules{}).Proposals, 2)
				f.check(t)
			})
		})
	}
}

// A retry naming partners in another order, or twice, is the same
// request.
func TestReviewFixesProbeScopeAsASet(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rvaThreePairs(t, f)
		op := journal.NewID()
		first, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op,
			Scope: reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C3", "C1", "C3"}}})
		require.NoError(t, err)
		require.Equal(t, 2, first.Applied)
		again, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op,
			Scope: reconcile.Scope{Accounts: []string{"411000", "411000"}, Partners: []string{"C1", "C3"}}})
		require.NoError(t, err)
		replayed(t, first, again)
		f.check(t)
	})
}

// rfpMixed is a book where the scope From = 1 February leaves items out on
// both sides, with references, amounts, tolerance and combinations.
func rfpMixed(t *testing.T, f *fixture) {
	t.Helper()
	a := f.invoice(t, "C1", d(1, 20), "100.00")
	f.invoice(t, "C1", d(2, 3), "100.00")
	f.pay(t, "C1", d(2, 10), "100.00", a.Name(), "")
	f.invoice(t, "C1", d(2, 4), "40.00")
	f.invoice(t, "C1", d(2, 5), "60.00")
	f.pay(t, "C1", d(2, 20), "100.00", "", "")
	f.invoice(t, "C2", d(1, 10), "70.00")
	f.invoice(t, "C2", d(2, 3), "70.00")
	f.pay(t, "C2", d(2, 10), "70.00", "", "")
	f.invoice(t, "C2", d(2, 6), "33.00")
	f.pay(t, "C2", d(2, 12), "32.98", "", "")
	f.pay(t, "C3", d(1, 12), "15.00", "", "")
	f.invoice(t, "C3", d(2, 8), "15.00")
	f.pay(t, "C3", d(2, 9), "5.00", "", "")
	f.pay(t, "C3", d(2, 9), "10.00", "", "")
}

// Same proposals twice; a line in at most one proposal; no out-of-scope
// line proposed; what Apply makes of them keeps the book sound.
func TestReviewFixesProbeScopeDeterministicAndDisjoint(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rfpMixed(t, f)
		for _, rules := range []reconcile.Rules{{}, {NoExactAmount: true}, {OldestFirst: true}, {NoReference: true}, {NoTolerance: true}} {
			one := propose(t, f, feb, rules)
			two := propose(t, f, feb, rules)
			require.Equal(t, one, two, "%+v", rules)
			seen := map[journal.LineRef]bool{}
			for _, pr := range one.Proposals {
				for _, l := range pr.Lines {
					require.False(t, seen[l], "a line in two proposals (%+v)", rules)
					seen[l] = true
				}
			}
		}
		out := propose(t, f, feb, reconcile.Rules{})
		res, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
		require.NoError(t, err)
		require.Zero(t, res.Failed())
		f.check(t)
	})
}

// Scope.Currency: a USD pair is lettered in a USD run; EUR items of the
// same figure are no rivals (another currency is never a candidate).
func TestReviewFixesProbeScopeCurrency(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		u := func(s string) currency.Amount { return currency.MustParse(usd, s) }
		x := f.post(t, journal.Entry{Journal: "VT", Date: d(2, 10), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", DueDate: d(3, 12), AmountCurrency: u("120.00"), Balance: e("100.00")},
			{Account: "706000", AmountCurrency: u("-120.00"), Balance: e("-100.00")}}})
		p := f.post(t, journal.Entry{Journal: "BQ", Date: d(2, 20), Type: journal.TypePayment, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", AmountCurrency: u("-120.00"), Balance: e("-101.00")},
			{Account: "512000", AmountCurrency: u("120.00"), Balance: e("101.00")}}})
		f.invoice(t, "C1", d(2, 11), "120.00")
		out := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, Currency: usd}, reconcile.Rules{})
		pr := proposalWith(out, line0(p))
		require.NotNil(t, pr, "%v", out.Unmatched)
		require.Equal(t, []journal.LineRef{line0(p), line0(x)}, pr.Lines)
	})
}

// On an account lettered across partners (419100), another partner's
// out-of-scope item of the same amount is no rival.
func TestReviewFixesProbeScopeAcrossPartners(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.post(t, journal.Entry{Journal: "OD", Date: d(1, 10), Type: journal.TypeMisc, Lines: []journal.Line{
			{Account: "419100", Partner: "C3", Balance: e("500.00")},
			{Account: "411000", Partner: "C3", Balance: e("-500.00")}}})
		adv := f.post(t, journal.Entry{Journal: "BQ", Date: d(2, 5), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "512000", Balance: e("500.00")},
			{Account: "419100", Partner: "C2", Balance: e("-500.00")}}})
		use := f.post(t, journal.Entry{Journal: "OD", Date: d(2, 25), Type: journal.TypeMisc, Lines: []journal.Line{
			{Account: "419100", Partner: "C2", Balance: e("500.00")},
			{Account: "411000", Partner: "C2", Balance: e("-500.00")}}})
		s := reconcile.Scope{Accounts: []string{"419100"}, From: d(2, 1)}
		out := propose(t, f, s, reconcile.Rules{})
		pr := proposalWith(out, adv.LineRef(1))
		require.NotNil(t, pr, "%v", out.Unmatched)
		require.Contains(t, pr.Lines, use.LineRef(0))
		whole := proposalWith(propose(t, f, reconcile.Scope{Accounts: []string{"419100"}}, reconcile.Rules{}), adv.LineRef(1))
		require.NotNil(t, whole)
		require.Equal(t, whole.Lines, pr.Lines)
	})
}

// Instalments of one invoice (all lines share the entry's date, so a date
// scope keeps or leaves the whole invoice): two receipts of one instalment
// each, the invoice in scope, an older invoice of the same instalment
// amount left out: ambiguous, as on the whole book.
func TestReviewFixesProbeScopeInstalments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		type part = struct {
			due    journal.Date
			amount string
		}
		f.instalments(t, "C1", d(2, 2), part{d(3, 2), "50.00"}, part{d(4, 2), "50.00"})
		p := f.pay(t, "C1", d(3, 1), "50.00", "", "")
		out := propose(t, f, feb, reconcile.Rules{})
		require.NotNil(t, proposalWith(out, line0(p)), "instalments alone: %v", out.Unmatched)
		f.invoice(t, "C1", d(1, 20), "50.00")
		whole := propose(t, f, customers, reconcile.Rules{})
		out = propose(t, f, feb, reconcile.Rules{})
		require.Equal(t, proposalWith(whole, line0(p)) == nil, proposalWith(out, line0(p)) == nil)
		require.Contains(t, unmatchedOf(out, line0(p)), "50,00")
	})
}
