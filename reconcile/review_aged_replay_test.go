package reconcile_test

// Failing tests of AutoLetter's operation ids (review-aged). Each says
// what is expected and what is observed.

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// rvaThreePairs posts, for C1, C2 and C3, an invoice and an unlettered
// receipt of the same amount: three exact-amount proposals, one per
// partner.
func rvaThreePairs(t *testing.T, f *fixture) {
	t.Helper()
	for i, p := range []string{"C1", "C2", "C3"} {
		amt := fmt.Sprintf("%d.00", 10*(i+1))
		f.invoice(t, p, d(2, 1), amt)
		f.pay(t, p, d(3, 1), amt, "", "")
	}
}

// FAILS. An operation id that is a partial's id is refused by every
// operation (freshOperation: "operation … is the id of a partial; give
// each operation a new id"), and AutoLetter documents that it "returns …
// ErrIdempotencyConflict … it writes nothing then" (DESIGN §7.10: a
// rejected operation writes nothing). AutoLetter checks the id only when it
// records the run, in the commit of its last chunk: with a run of several
// chunks (three proposals, SetAutoChunk 1 — with the default AutoChunk,
// any run of more than 5 000 proposals) the first chunks are committed
// before the refusal. Expected: ErrIdempotencyConflict and the store
// byte-identical. Observed: ErrIdempotencyConflict, but the three pairs
// are lettered (every chunk but the last, empty one, which carried the
// run's record, is committed under an operation that was refused and can
// never complete or be replayed: Propose then finds nothing left).
func TestReviewAgedAutoLetterPartialIDAsOperationWritesChunks(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		reconcile.SetAutoChunk(t, 1)
		inv := f.invoice(t, "C2", d(1, 2), "7.00")
		cn := f.creditNote(t, "C2", d(1, 3), "3.00")
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), cn.LineRef(0)}})
		require.NoError(t, err)
		require.Len(t, res.Partials, 1)
		rvaThreePairs(t, f)
		before := f.snapshot(t)
		_, err = f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: res.Partials[0].ID, Scope: customers,
			Rules: reconcile.Rules{NoCombination: true, NoTolerance: true}})
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		props := propose(t, f, customers, reconcile.Rules{NoCombination: true, NoTolerance: true})
		require.Len(t, props.Proposals, 3, "a refused AutoLetter lettered %d pairs", 3-len(props.Proposals))
		f.unchanged(t, before)
		f.check(t)
	})
}

// FAILS. An AutoLetter run interrupted after its first chunk keeps its
// operation id: "calling again with the same id and request after an
// interruption goes on from there … another request under it is
// refused" (AutoLetter's doc; DESIGN §10, idempotent operation ids). But
// the id is only recorded when the run completes, so meanwhile any other
// operation takes it: a Reconcile (or Apply) under the interrupted run's id
// is accepted and recorded. Expected: ErrIdempotencyConflict for the
// Reconcile, nothing written, and the AutoLetter run then finishes under
// its id. Observed: the Reconcile letters C3's lines under the id, and the
// interrupted run can never be finished: every later AutoLetter call with
// its id and request is refused with ErrIdempotencyConflict, leaving the
// first chunk's lettering without its run's record or summary.
func TestReviewAgedAutoLetterInterruptedIDTakenByAnotherOperation(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		reconcile.SetAutoChunk(t, 1)
		rvaThreePairs(t, f)
		inv := f.invoice(t, "C3", d(1, 5), "5.00")
		cn := f.creditNote(t, "C3", d(1, 6), "2.00")
		op := journal.NewID()
		req := reconcile.AutoRequest{Operation: op, Scope: reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C1", "C2"}}}
		c, cancel := context.WithCancel(ctx)
		r := req
		r.Progress = func(reconcile.AutoSummary) { cancel() }
		_, err := f.rec.AutoLetter(c, r)
		require.True(t, errors.Is(err, context.Canceled), "%v", err)

		before := f.snapshot(t)
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Operation: op, Lines: []journal.LineRef{inv.LineRef(0), cn.LineRef(0)}})
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict, "the id of an unfinished AutoLetter run was taken by a Reconcile")
		f.unchanged(t, before)

		sum, err := f.rec.AutoLetter(ctx, req)
		require.NoError(t, err, "the interrupted run cannot be finished under its id")
		require.Equal(t, 2, sum.Applied)
		f.check(t)
	})
}

// FAILS. Same as above with Apply: Apply's claim records the id of an
// interrupted AutoLetter run as its own. Expected ErrIdempotencyConflict
// and nothing written; observed: the proposals are applied under the id
// and the run can no longer be finished.
func TestReviewAgedAutoLetterInterruptedIDTakenByApply(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		reconcile.SetAutoChunk(t, 1)
		rvaThreePairs(t, f)
		op := journal.NewID()
		req := reconcile.AutoRequest{Operation: op, Scope: reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C1", "C2"}}}
		c, cancel := context.WithCancel(ctx)
		r := req
		r.Progress = func(reconcile.AutoSummary) { cancel() }
		_, err := f.rec.AutoLetter(c, r)
		require.True(t, errors.Is(err, context.Canceled), "%v", err)

		props := propose(t, f, reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C3"}}, reconcile.Rules{})
		require.Len(t, props.Proposals, 1)
		before := f.snapshot(t)
		_, err = f.rec.Apply(ctx, op, props.Proposals)
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict, "the id of an unfinished AutoLetter run was taken by Apply")
		f.unchanged(t, before)

		sum, err := f.rec.AutoLetter(ctx, req)
		require.NoError(t, err, "the interrupted run cannot be finished under its id")
		require.Equal(t, 2, sum.Applied)
		f.check(t)
	})
}

// FAILS. A retry of AutoLetter "with the same id and request returns the
// first summary (Replay)" (AutoRequest.Operation). The request's
// fingerprint is the JSON of Scope and Rules as given, so the same scope
// with its partners listed in another order — which AutoLetter treats as
// the same set (propose sorts and compacts Scope.Partners) — is taken for
// another request. A client that builds the partner list from a Go map (or
// a set in any language) and retries after a timeout gets a spurious
// ErrIdempotencyConflict for the very run it started, and cannot read its
// summary. Expected: Replay with the first summary, nothing written.
// Observed: ErrIdempotencyConflict.
func TestReviewAgedAutoLetterRetryWithPartnersReordered(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rvaThreePairs(t, f)
		op := journal.NewID()
		first, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op,
			Scope: reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C2", "C1"}}})
		require.NoError(t, err)
		require.Equal(t, 2, first.Applied)
		before := f.snapshot(t)
		again, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op,
			Scope: reconcile.Scope{Accounts: []string{"411000"}, Partners: []string{"C1", "C2"}}})
		require.NoError(t, err, "the same scope, partners in another order")
		require.True(t, again.Replay)
		f.unchanged(t, before)
	})
}
