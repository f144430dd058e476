package reconcile_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// A scope naming the partner "" is not an explicit partner: it must not
// become a book-wide run without All, nor letter across partners on a
// receivable account.
func TestReview14EmptyPartnerCodeLettersAcrossPartners(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(1, 1), "100.00")
		f.pay(t, "C2", d(2, 1), "100.00", "", "")
		out, err := f.rec.Propose(ctx, reconcile.Scope{Partners: []string{""}}, reconcile.Rules{})
		if err != nil {
			require.ErrorIs(t, err, reconcile.ErrScope)
			return
		}
		for _, p := range out.Proposals {
			require.NotEqual(t, "411000", p.Account, "proposal across partners C1/C2 on 411000: %+v", p.Reason)
		}
	})
}

// Apply is one operation: the same id with other proposals is
// ErrIdempotencyConflict, also when the proposals differ only after the
// first ApplyChunk.
func TestReview14ApplySameIDOtherProposalsAfterFirstChunk(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 1), "100.00")
		f.pay(t, "C1", d(2, 1), "100.00", i1.Name(), "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		// A first chunk of proposals refused without writing anything.
		junk := make([]reconcile.Proposal, reconcile.ApplyChunk)
		op := journal.NewID()
		_, err := f.rec.Apply(ctx, op, junk)
		require.NoError(t, err)
		before := f.snapshot(t)
		// The same id, other proposals: one more, a real one.
		_, err = f.rec.Apply(ctx, op, append(junk, out.Proposals[0]))
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)
		require.Equal(t, reconcile.NotPaid, f.state(t, i1).State)
	})
}

// autoInterrupted runs AutoLetter one proposal a chunk and cancels it once
// its first chunk is committed, before the run's own record is written
// (with the last chunk's commit).
func autoInterrupted(t *testing.T, f *fixture, op journal.ID, req reconcile.AutoRequest) {
	t.Helper()
	reconcile.SetAutoChunk(t, 1)
	c, cancel := context.WithCancel(ctx)
	defer cancel()
	req.Operation = op
	req.Progress = func(reconcile.AutoSummary) { cancel() }
	_, err := f.rec.AutoLetter(c, req)
	require.ErrorIs(t, err, context.Canceled)
}

// An interrupted AutoLetter resumed under the same id with another
// request is not a retry: ErrIdempotencyConflict, nothing written.
func TestReview14AutoLetterResumedWithOtherRequest(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 1), "100.00")
		f.pay(t, "C1", d(2, 1), "100.00", i1.Name(), "")
		i3 := f.invoice(t, "C1", d(1, 2), "70.00")
		f.pay(t, "C1", d(2, 2), "70.00", i3.Name(), "")
		i2 := f.invoice(t, "C2", d(1, 1), "40.00")
		f.pay(t, "C2", d(2, 1), "40.00", "", "")
		op := journal.NewID()
		autoInterrupted(t, f, op, reconcile.AutoRequest{Scope: reconcile.Scope{Partners: []string{"C1"}}})
		require.Equal(t, reconcile.InPayment, f.state(t, i1).State)
		before := f.snapshot(t)
		_, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: reconcile.Scope{Partners: []string{"C2"}}})
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)
		require.Equal(t, reconcile.NotPaid, f.state(t, i2).State)
	})
}

// The summary an interrupted AutoLetter records once resumed counts what
// the operation lettered before the interruption too.
func TestReview14AutoLetterResumedSummaryForgetsFirstRun(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 1), "100.00")
		f.pay(t, "C1", d(2, 1), "100.00", i1.Name(), "")
		i2 := f.invoice(t, "C2", d(1, 1), "40.00")
		f.pay(t, "C2", d(2, 1), "40.00", i2.Name(), "")
		op := journal.NewID()
		req := reconcile.AutoRequest{Scope: reconcile.Scope{All: true}}
		autoInterrupted(t, f, op, req)
		require.Equal(t, reconcile.InPayment, f.state(t, i1).State)
		require.Equal(t, reconcile.NotPaid, f.state(t, i2).State)
		req.Operation = op
		sum, err := f.rec.AutoLetter(ctx, req)
		require.NoError(t, err)
		require.Equal(t, reconcile.InPayment, f.state(t, i2).State)
		again, err := f.rec.AutoLetter(ctx, req)
		require.NoError(t, err)
		require.True(t, again.Replay)
		require.Equal(t, 2, sum.Applied, "operation %s lettered two proposals, its summary says %d", op, sum.Applied)
		require.Equal(t, 2, again.Applied)
	})
}

// A partner named twice is one partner: the aged balance still sums to
// the account's balance.
func TestReview14AgedDuplicatePartnerCountsTwice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(1, 1), "100.00")
		a, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(3, 31), Partners: []string{"C1", "C1"}})
		require.NoError(t, err)
		require.True(t, a.CompanyTotal.Equal(e("100.00")), "aged total %s for one invoice of 100.00", a.CompanyTotal)
		require.Len(t, a.Rows, 1)
	})
}

// The combination search of payments for one document stops at the work
// limit: counted in WorkLimitReached, and — as its documentation says —
// named in Unmatched. WorkLimitReached counts payments (h-rev40: it
// counted searches, one here, while forty lines named the limit).
func TestReview14WorkLimitOfPaymentsForADocumentIsNotNamed(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(1, 1), "999.03")
		for i := 0; i < 40; i++ {
			f.pay(t, "C1", d(1, 2+i%28), fmt.Sprintf("%d.02", 10+i), "", "")
		}
		out := propose(t, f, customers, reconcile.Rules{WorkLimit: 500, NoTolerance: true})
		require.Empty(t, out.Proposals)
		require.Equal(t, 40, out.WorkLimitReached)
		named := 0
		for _, u := range out.Unmatched {
			if strings.Contains(u.Reason, "work limit") {
				named++
			}
		}
		// The search was for the payments of one document: each payment
		// searched says so.
		require.Equal(t, 40, named, "a search stopped at the work limit, no unmatched line says so")
	})
}

// AutoLetter's recorded summary replays in a book keeping amounts in a
// unit of account: a failed proposal in that unit is part of it.
func TestReview14AutoLetterReplayWithAUnitOfAccount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		gold, err := currency.NewUnit("GOLD", 3)
		require.NoError(t, err)
		require.NoError(t, f.book.AddUnit(ctx, gold))
		g := func(s string) currency.Amount { return currency.MustParse(gold, s) }
		dec := journal.MustDate(2027, 12, 1)
		inv := f.post(t, journal.Entry{Journal: "VT", Date: dec, Type: journal.TypeInvoice, Currency: gold, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", AmountCurrency: g("100.000"), Balance: e("100.00")},
			{Account: "706000", AmountCurrency: g("-100.000"), Balance: e("-100.00")}}})
		f.post(t, journal.Entry{Journal: "BQ", Date: dec.AddDays(19), Type: journal.TypePayment, Currency: gold, Ref: inv.Name(), Lines: []journal.Line{
			{Account: "512000", AmountCurrency: g("100.000"), Balance: e("90.00")},
			{Account: "411000", Partner: "C1", AmountCurrency: g("-100.000"), Balance: e("-90.00")}}})
		// The exchange difference would fall after the last fiscal year:
		// the proposal fails, and the summary says so.
		require.NoError(t, f.book.SetLockDate(ctx, ledger.LockGeneral, journal.MustDate(2027, 12, 31), "closing"))
		op := journal.NewID()
		req := reconcile.AutoRequest{Operation: op, Scope: reconcile.Scope{All: true}}
		sum, err := f.rec.AutoLetter(ctx, req)
		require.NoError(t, err)
		require.Len(t, sum.Failed, 1, "%+v", sum)
		t.Log(sum.Failed[0].Err)
		again, err := f.rec.AutoLetter(ctx, req)
		require.NoError(t, err)
		require.True(t, again.Replay)
	})
}

// A payment naming ten invoices of the largest amount a line holds pays
// part of them: the proposal must say so, not that the payment overpays.
func TestReview14ReferenceSumsOverflow(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		var names []string
		for i := 0; i < 10; i++ {
			inv := f.invoice(t, "C1", d(1, 1+i), "9999999999999999.99")
			names = append(names, inv.Name())
		}
		f.pay(t, "C1", d(2, 1), "100.00", "", strings.Join(names, " "))
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.Len(t, pr.Lines, 11)
		require.Contains(t, pr.Reason, "stays due", pr.Reason)
	})
}

// A payment naming an invoice paid in instalments names one document: the
// reference rule letters it with the instalments, earliest due first.
func TestReview14ReferenceToAnInvoiceWithInstalments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.instalments(t, "C1", d(1, 1),
			struct {
				due    journal.Date
				amount string
			}{d(2, 1), "100.00"},
			struct {
				due    journal.Date
				amount string
			}{d(3, 1), "100.00"})
		p := f.pay(t, "C1", d(2, 1), "100.00", inv.Name(), "")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1, "unmatched: %+v", out.Unmatched)
		require.Equal(t, reconcile.RuleReference, out.Proposals[0].Rule)
		require.Equal(t, []journal.LineRef{line0(p), inv.LineRef(0)}, out.Proposals[0].Lines[:2])
	})
}

// The amount a bank copies into a transfer's label ("450,00") is not a
// reference: split at its decimal comma it must not name an invoice whose
// reference is a short number, over the invoice of that exact amount.
func TestReview14AmountInLabelReadAsAShortReference(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.post(t, journal.Entry{Journal: "VT", Date: d(1, 5), Type: journal.TypeInvoice, Ref: "450", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("1000.00"), DueDate: d(2, 5)},
			{Account: "706000", Balance: e("-1000.00")}}})
		i2 := f.invoice(t, "C1", d(1, 10), "450.00")
		p := f.pay(t, "C1", d(2, 1), "450.00", "", "VIR SEPA 450,00 EUR")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		require.Equal(t, []journal.LineRef{line0(p), line0(i2)}, out.Proposals[0].Lines, out.Proposals[0].Reason)
	})
}

// An AutoLetter of one chunk records itself in that chunk's commit: once
// the chunk is committed the call is complete (a cancel then changes
// nothing), and a retry replays it.
func TestAutoLetterRecordedWithItsLastChunk(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1 := f.invoice(t, "C1", d(1, 1), "100.00")
		f.pay(t, "C1", d(2, 1), "100.00", i1.Name(), "")
		op := journal.NewID()
		c, cancel := context.WithCancel(ctx)
		defer cancel()
		sum, err := f.rec.AutoLetter(c, reconcile.AutoRequest{Operation: op, Scope: reconcile.Scope{All: true},
			Progress: func(reconcile.AutoSummary) { cancel() }})
		require.NoError(t, err)
		require.Equal(t, 1, sum.Applied)
		again, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: reconcile.Scope{All: true}})
		require.NoError(t, err)
		require.True(t, again.Replay)
		require.Equal(t, sum.Applied, again.Applied)
		require.Equal(t, sum.Lines, again.Lines)
		require.Equal(t, reconcile.InPayment, f.state(t, i1).State)
	})
}
