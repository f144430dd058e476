package reconcile_test

// h-rev40: the godoc of automatic lettering and the aged balance read as a
// contract (Propose, Apply, AutoLetter, Rules, Scope, Proposals, Aged,
// AgedRow.Scope, AgedBalance.Scope). Every test here failed on the code
// reviewed: each quotes the claim it holds the code to, and says how it
// was fixed (the code, or the documentation where the code was right).

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev40Due is the date Propose orders a payment by: its due date, else
// its entry's date.
func hrev40Due(t *testing.T, f *fixture, ref journal.LineRef) journal.Date {
	t.Helper()
	e, err := f.book.Entry(ctx, ref.Entry)
	require.NoError(t, err)
	if due := e.Lines[ref.Index].DueDate; !due.IsZero() {
		return due
	}
	return e.Date
}

// Was failing, fixed (the documentation): Propose said "The same book
// gives the same proposals in the same order: accounts in code order,
// partners in code order, then by rule and by the payment's due date,
// posting sequence and line." — within one partner and one rule
// (combination), the proposal whose payments are dated 20 and 21 January
// came after the one whose payment is dated 1 March: the reversed pass
// (several payments for one document) runs after the forward pass,
// whatever the payments' dates. That order is the order the rules made
// them in, each on what the earlier left (h-rev36's model replays it):
// the documentation now says so, and this test pins it.
func TestHrev40ProposalOrderByPaymentDueDate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(1, 5), "60.00")
		f.invoice(t, "C1", d(1, 6), "40.00")
		f.invoice(t, "C1", d(1, 7), "50.00")
		f.pay(t, "C1", d(3, 1), "100.00", "", "")
		f.pay(t, "C1", d(1, 20), "30.00", "", "")
		f.pay(t, "C1", d(1, 21), "20.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{NoTolerance: true})
		require.Len(t, out.Proposals, 2)
		for _, pr := range out.Proposals {
			require.Equal(t, reconcile.RuleCombination, pr.Rule, "%s", pr.Reason)
		}
		first := hrev40Due(t, f, out.Proposals[0].Lines[0])
		second := hrev40Due(t, f, out.Proposals[1].Lines[0])
		require.Equal(t, d(3, 1), first, "the payment for several documents first (%q)", out.Proposals[0].Reason)
		require.Equal(t, d(1, 20), second, "then the payments for one document (%q)", out.Proposals[1].Reason)
	})
}

// hrev40FortyInvoices posts TestAutoCombinationWorkLimit's forty invoices
// for C1, whose combination search for an odd payment a work limit of 500
// stops.
func hrev40FortyInvoices(t *testing.T, f *fixture) {
	t.Helper()
	for i := 0; i < 40; i++ {
		f.invoice(t, "C1", d(1, 1+i%28), fmt.Sprintf("%d.02", 10+i))
	}
}

// Was failing, fixed: Proposals.WorkLimitReached "counts the combination
// searches that stopped at Rules.WorkLimit before finding a combination;
// each is also named in Unmatched, on the payment searched for" — the
// search for the 99,03 € receipt stopped and was counted (1), then a
// later rule lettered the receipt (the tolerance rule with the 99,05 €
// invoice; the oldest-first policy), and nothing named the limit: the
// count named a search no line explained. The count is now of payments,
// each named where it ends: here in the reason of the later rule's
// proposal (the test asserted Unmatched; the documentation changed).
func TestHrev40WorkLimitCountedForAPaymentLettered(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		hrev40FortyInvoices(t, f)
		f.invoice(t, "C1", d(1, 30), "99.05")
		p := f.pay(t, "C1", d(2, 1), "99.03", "", "")
		for _, rules := range []reconcile.Rules{{WorkLimit: 500}, {WorkLimit: 500, NoTolerance: true, OldestFirst: true}} {
			out := propose(t, f, customers, rules)
			pr := proposalWith(out, line0(p))
			require.NotNil(t, pr, "the receipt is lettered by a later rule (%+v)", rules)
			named := 0
			for _, u := range out.Unmatched {
				if strings.Contains(u.Reason, "work limit") {
					named++
				}
			}
			if strings.Contains(pr.Reason, "work limit") {
				named++
			}
			assert.Equal(t, 1, out.WorkLimitReached, "rules %+v", rules)
			assert.Equal(t, named, out.WorkLimitReached,
				"rules %+v: WorkLimitReached %d, but %d payments name the work limit (%q)",
				rules, out.WorkLimitReached, named, pr.Reason)
		}
	})
}

// Was failing, fixed: Proposals.WorkLimitReached "counts the combination searches that
// stopped at Rules.WorkLimit …; each is also named in Unmatched, on the
// payment searched for"; Rules.WorkLimit "is how many candidate sets the
// combination search may explore per payment" — with the default rules
// one receipt's search is stopped twice (rule 3, then rule 5's search
// within the tolerance, each exploring WorkLimit sets): WorkLimitReached is
// 2 for one payment listed once, whose reason names only the first stop.
func TestHrev40WorkLimitCountsOnePaymentTwice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		hrev40FortyInvoices(t, f)
		p := f.pay(t, "C1", d(2, 1), "99.03", "", "")
		out := propose(t, f, customers, reconcile.Rules{WorkLimit: 500})
		require.Empty(t, out.Proposals)
		require.Len(t, out.Unmatched, 1)
		require.Equal(t, line0(p), out.Unmatched[0].Line)
		require.Contains(t, out.Unmatched[0].Reason, "work limit")
		require.Equal(t, 1, out.WorkLimitReached, "one payment, one line in Unmatched naming the limit")
	})
}

// hrev40Advance posts a line of bal on the customer advance account
// 419100 (lettered across partners) for partner p, against 471000.
func hrev40Advance(t *testing.T, f *fixture, p string, date journal.Date, bal string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "OD", Date: date, Lines: []journal.Line{
		{Account: "419100", Partner: p, Balance: e(bal)},
		{Account: "471000", Balance: e(bal).Neg()},
	}})
}

// Was failing, fixed (Scope.Partners now narrows every account): AgedRow.Scope: "Scope is the lettering scope of one row: its
// partner on its account." — on 419100 (an account lettered across
// partners) the row of C1 gives Scope{Accounts: 419100, Partners: C1},
// which Scope.Partners does not narrow there: Propose with it letters
// C2's advance and refund, lines of another partner than the row's.
func TestHrev40AgedRowScopeLettersAnotherPartner(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		hrev40Advance(t, f, "C1", d(1, 5), "-100.00")
		hrev40Advance(t, f, "C2", d(1, 5), "-50.00")
		hrev40Advance(t, f, "C2", d(1, 6), "50.00")
		ab, err := f.rec.Aged(ctx, reconcile.AgedQuery{Accounts: []string{"419100"}, At: d(2, 1)})
		require.NoError(t, err)
		var row *reconcile.AgedRow
		for i := range ab.Rows {
			if ab.Rows[i].Partner == "C1" {
				row = &ab.Rows[i]
			}
		}
		require.NotNil(t, row)
		out := propose(t, f, row.Scope(), reconcile.Rules{})
		for _, pr := range out.Proposals {
			for _, l := range pr.Lines {
				x, err := f.book.Entry(ctx, l.Entry)
				require.NoError(t, err)
				require.Equal(t, "C1", x.Lines[l.Index].Partner, "the scope of C1's row proposes %q", pr.Reason)
			}
		}
	})
}

// Was failing, fixed (Scope.Partners now narrows every account): AgedBalance.Scope: "Scope is the lettering scope of the balance's
// accounts and partners: batch-letter what it shows with AutoLetter." —
// the balance asked for partner C1 shows only C1's lines ("Partners …
// limits the balance to the lines of these partners, on every account"),
// but AutoLetter with its Scope letters C2's lines on 419100, which the
// balance does not show.
func TestHrev40AgedBalanceScopeLettersWhatItDoesNotShow(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		hrev40Advance(t, f, "C1", d(1, 5), "-100.00")
		c2a := hrev40Advance(t, f, "C2", d(1, 5), "-50.00")
		c2b := hrev40Advance(t, f, "C2", d(1, 6), "50.00")
		ab, err := f.rec.Aged(ctx, reconcile.AgedQuery{Accounts: []string{"419100"}, Partners: []string{"C1"}, At: d(2, 1)})
		require.NoError(t, err)
		for _, r := range ab.Rows {
			require.Equal(t, "C1", r.Partner)
		}
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: ab.Scope()})
		require.NoError(t, err)
		require.Zero(t, sum.Applied, "the balance of C1 lettered C2's lines")
		require.False(t, f.residual(t, line0(c2a)).IsZero())
		require.False(t, f.residual(t, line0(c2b)).IsZero())
	})
}

// Was failing, fixed: Apply: "calling Apply again with the same op and proposals
// replays what was committed and applies the rest; with other proposals
// it is refused … ErrIdempotencyConflict when op was used for other
// proposals or another operation." — Apply with no proposals under an id
// an AutoLetter run (or any operation) already holds returns no error, a
// fresh, non-replayed result under that id.
func TestHrev40ApplyNoProposalsUnderAUsedOperation(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(1, 5), "10.00")
		f.pay(t, "C1", d(2, 1), "10.00", inv.Name(), "")
		op := journal.NewID()
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: customers})
		require.NoError(t, err)
		require.Equal(t, 1, sum.Applied)
		_, err = f.rec.Apply(ctx, op, nil)
		require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict, "op was used for another operation (AutoLetter)")
	})
}

// Was failing, fixed: Proposal.Reason "says why, in a sentence a person can check
// against the documents" (and RuleExactAmount: "one payment and one
// document of the same residual, each the other's only candidate within
// the date window") — a 50,00 € receipt for an invoice of two 50,00 €
// instalments is proposed with the first, the reason saying "the only open
// item of that amount within 120 days" while the second instalment, an
// open item of 50,00 € within the window, is there for the person to see.
func TestHrev40ExactAmountReasonOnlyOpenItemOfInstalments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.instalments(t, "C1", d(1, 1), struct {
			due    journal.Date
			amount string
		}{d(2, 1), "50.00"}, struct {
			due    journal.Date
			amount string
		}{d(3, 1), "50.00"})
		p := f.pay(t, "C1", d(2, 1), "50.00", "", "")
		out := propose(t, f, customers, reconcile.Rules{})
		pr := proposalWith(out, line0(p))
		require.NotNil(t, pr)
		require.Equal(t, reconcile.RuleExactAmount, pr.Rule)
		require.Contains(t, pr.Reason, "the earliest due of its 2 open instalments of that amount (due 01/02/2026)")
		require.NotContains(t, pr.Reason, "the only open item of that amount",
			"two open items of 50,00 € (the invoice's instalments) are within the window: %q", pr.Reason)
	})
}

// An unknown account in a scope or an aged balance is ErrScope wrapping
// ledger.ErrUnknownAccount, as an unknown partner wraps
// ledger.ErrUnknownPartner (it was formatted in, not wrapped).
func TestHrev40UnknownAccountWrapped(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		_, err := f.rec.Propose(ctx, reconcile.Scope{Accounts: []string{"419999"}}, reconcile.Rules{})
		require.ErrorIs(t, err, reconcile.ErrScope)
		require.ErrorIs(t, err, ledger.ErrUnknownAccount)
		_, err = f.rec.Aged(ctx, reconcile.AgedQuery{Accounts: []string{"419999"}, At: d(2, 1)})
		require.ErrorIs(t, err, reconcile.ErrScope)
		require.ErrorIs(t, err, ledger.ErrUnknownAccount)
	})
}

// On an account lettered across partners, a scope naming a partner
// letters that partner's lines only: a lettering of C1's advance with a
// line of no partner is not proposed, and C1's line says why.
func TestHrev40PartnerScopeHoldsLinesOfNoPartner(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		adv := hrev40Advance(t, f, "C1", d(1, 5), "-100.00")
		f.post(t, journal.Entry{Journal: "OD", Date: d(1, 6), Lines: []journal.Line{
			{Account: "419100", Balance: e("100.00")},
			{Account: "471000", Balance: e("-100.00")},
		}})
		whole := propose(t, f, reconcile.Scope{Accounts: []string{"419100"}}, reconcile.Rules{})
		require.Len(t, whole.Proposals, 1, "the whole account letters the two")
		out := propose(t, f, reconcile.Scope{Accounts: []string{"419100"}, Partners: []string{"C1"}}, reconcile.Rules{})
		require.Empty(t, out.Proposals)
		// C1's advance, a credit, settles on 419100: it is listed, with
		// why.
		require.Len(t, out.Unmatched, 1)
		require.Equal(t, line0(adv), out.Unmatched[0].Line)
		require.Contains(t, out.Unmatched[0].Reason, "which the scope's partners leave out")
	})
}
