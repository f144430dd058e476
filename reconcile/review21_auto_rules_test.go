package reconcile_test

// Review 21 — issue 14, rules (2)–(5) and their order: precedence, ties
// reported "ambiguous", the combination size and its work limit (reported,
// never silent, never exponential), a line in at most one proposal.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// Requirement: "rule precedence (a reference match wins over an amount
// match)". Invoice A of 100,00 € is the payment's unique exact-amount
// candidate; the payment names invoice B of 120,00 €. Expected: the
// reference proposal (payment with B, 20,00 € staying due), A left open.
func TestReview21AutoReferenceBeatsAUniqueExactAmount(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "100.00")
		b := f.invoice(t, "C1", d(3, 2), "120.00")
		p := f.pay(t, "C1", d(3, 20), "100.00", "", "Règlement facture "+b.Name())
		out := propose(t, f, customers, reconcile.Rules{})
		require.Len(t, out.Proposals, 1)
		pr := out.Proposals[0]
		require.Equal(t, reconcile.RuleReference, pr.Rule)
		require.Equal(t, []journal.LineRef{line0(p), line0(b)}, pr.Lines)
		require.Contains(t, pr.Reason, "20,00\u00a0€ stays due")
		_ = a
	})
}

// Requirement: rule (2) "exact amount, one-to-one, unique candidate", and
// the test "ties (two invoices of the same amount: no exact-amount
// proposal, the reason says "ambiguous")", with rules (3) and (5) on.
// Expected: two invoices of 100,00 € and a receipt of 100,00 €: no
// proposal at all (no combination, no write-off hides the tie), the
// receipt Unmatched with "ambiguous"; through AutoLetter too, the summary
// lists it with that reason and nothing is lettered.
func TestReview21AutoTieIsAmbiguousEverywhere(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(3, 1), "100.00")
		f.invoice(t, "C1", d(3, 2), "100.00")
		f.invoice(t, "C1", d(3, 3), "60.00")
		f.invoice(t, "C1", d(3, 4), "40.00") // 60 + 40 would sum to it too
		p := f.pay(t, "C1", d(3, 20), "100.00", "", "VIR")
		out := propose(t, f, customers, reconcile.Rules{})
		require.Empty(t, out.Proposals)
		require.Contains(t, unmatchedOf(out, line0(p)), "ambiguous")
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
		require.NoError(t, err)
		require.Zero(t, sum.Applied)
		require.Equal(t, 1, sum.UnmatchedCount)
		require.Contains(t, sum.Unmatched[0].Reason, "ambiguous")
	})
}

// Requirement: rule (3) "a combination of up to N open items (default
// 6)". Expected: a payment equal to six invoices is proposed by default;
// one equal to seven is not (size 6), but is with CombinationSize 7; size
// 12 (the largest allowed) finds twelve.
func TestReview21AutoCombinationSizes(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		// C1: six invoices of 1, 2, 4, ... 32 (sum 63) and a payment of 63.
		for i := 0; i < 6; i++ {
			f.invoice(t, "C1", d(2, 1+i), fmt.Sprintf("%d.00", 1<<i))
		}
		f.pay(t, "C1", d(3, 1), "63.00", "", "")
		// C2: seven invoices of 1..64 (sum 127) and a payment of 127.
		for i := 0; i < 7; i++ {
			f.invoice(t, "C2", d(2, 1+i), fmt.Sprintf("%d.00", 1<<i))
		}
		f.pay(t, "C2", d(3, 1), "127.00", "", "")
		// C3: twelve invoices of 1..2048 (sum 4095) and a payment of 4095.
		for i := 0; i < 12; i++ {
			f.invoice(t, "C3", d(2, 1+i), fmt.Sprintf("%d.00", 1<<i))
		}
		f.pay(t, "C3", d(3, 1), "4095.00", "", "")
		byPartner := func(r reconcile.Rules) map[string]int {
			r.NoTolerance = true
			out := propose(t, f, customers, r)
			got := map[string]int{}
			for _, pr := range out.Proposals {
				require.Equal(t, reconcile.RuleCombination, pr.Rule)
				got[pr.Partner] = len(pr.Lines) - 1
			}
			return got
		}
		require.Equal(t, map[string]int{"C1": 6}, byPartner(reconcile.Rules{}))
		require.Equal(t, map[string]int{"C1": 6}, byPartner(reconcile.Rules{CombinationSize: 0}))
		require.Equal(t, map[string]int{"C1": 6, "C2": 7}, byPartner(reconcile.Rules{CombinationSize: 7}))
		require.Equal(t, map[string]int{"C1": 6, "C2": 7, "C3": 12}, byPartner(reconcile.Rules{CombinationSize: 12}))
	})
}

// Requirement: "a bounded search (a work limit, never exponential
// blow-up; the limit reached is reported, not silent)", through the
// one-call AutoLetter. Expected: AutoSummary.WorkLimitReached counts the
// stopped search and the payment is listed Unmatched saying so.
func TestReview21AutoWorkLimitReportedByAutoLetter(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		for i := 0; i < 40; i++ {
			f.invoice(t, "C1", d(1, 1+i%28), fmt.Sprintf("%d.02", 10+i))
		}
		p := f.pay(t, "C1", d(2, 1), "99.03", "", "")
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers, Rules: reconcile.Rules{WorkLimit: 500, NoTolerance: true}})
		require.NoError(t, err)
		require.Zero(t, sum.Applied)
		require.Equal(t, 1, sum.WorkLimitReached)
		require.Equal(t, 1, sum.UnmatchedCount)
		require.Equal(t, line0(p), sum.Unmatched[0].Line)
		require.Contains(t, sum.Unmatched[0].Reason, "work limit")
	})
}

// Requirement: "never exponential blow-up". Sixty invoices of even cents,
// payments of odd cents (no combination exists), size 12, the default
// work limit: the search must stop at the limit for each payment, report
// it, and finish quickly (well under a few seconds), within the tolerance
// rule's combination search too.
func TestReview21AutoCombinationSearchIsBounded(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		for i := 0; i < 60; i++ {
			f.invoice(t, "C1", d(1, 1+i%28), fmt.Sprintf("%d.02", 10+i))
		}
		for i := 0; i < 5; i++ {
			f.pay(t, "C1", d(2, 1+i), fmt.Sprintf("%d.01", 300+i), "", "")
		}
		start := time.Now()
		out := propose(t, f, customers, reconcile.Rules{CombinationSize: 12, Tolerance: nil})
		took := time.Since(start)
		require.Less(t, took, 5*time.Second)
		require.GreaterOrEqual(t, out.WorkLimitReached, 5)
		for _, u := range out.Unmatched {
			require.Contains(t, u.Reason, "work limit")
		}
	})
}

// Requirement: "A line appears in at most one proposal", across rules:
// a payment naming invoice A, a second payment equal to A + B (a
// combination that would reuse A), a third equal to B alone, a credit
// note reversal, all in one partner. Expected: every line in at most one
// proposal, for every rule set.
func TestReview21AutoNoLineInTwoProposals(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(1, 1), "100.00")
		f.invoice(t, "C1", d(1, 2), "50.00")
		f.invoice(t, "C1", d(1, 3), "70.00")
		f.invoice(t, "C1", d(1, 4), "80.00")
		f.pay(t, "C1", d(2, 1), "100.00", a.Name(), "")
		f.pay(t, "C1", d(2, 2), "150.00", "", "")
		f.pay(t, "C1", d(2, 3), "50.00", "", "")
		f.pay(t, "C1", d(2, 4), "149.98", "", "")
		f.pay(t, "C1", d(2, 5), "120.00", "", "Factures "+a.Name())
		f.creditNote(t, "C1", d(2, 6), "30.00")
		for _, r := range []reconcile.Rules{{}, {OldestFirst: true}, {NoReference: true}, {NoExactAmount: true},
			{CombinationSize: 2}, {WriteOffOverpayment: true, OldestFirst: true}} {
			out := propose(t, f, customers, r)
			seen := map[journal.LineRef]int{}
			for i, pr := range out.Proposals {
				for _, l := range pr.Lines {
					if j, ok := seen[l]; ok {
						t.Fatalf("rules %+v: line %s in proposals %d and %d", r, l, j, i)
					}
					seen[l] = i
				}
			}
			for _, u := range out.Unmatched {
				_, ok := seen[u.Line]
				require.False(t, ok, "line %s both proposed and unmatched", u.Line)
			}
			var why []string
			for _, pr := range out.Proposals {
				why = append(why, pr.Reason)
			}
			t.Logf("%+v: %s", r, strings.Join(why, " | "))
		}
	})
}
