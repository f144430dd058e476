package reconcile_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// TestRandomizedScopeLettersNoMore proposes on random books (those of
// TestRandomizedAutoLettering) with the whole book in scope, then with
// narrower scopes — a date range, some partners, one account — and the
// same rules, and asserts what a scope promises: a narrower run letters
// nothing the whole book's would not. Each of its proposals is one of the
// whole run's, the same lines, partials, write-off and discount: those of
// the whole run that lie within the scope, and only those.
func TestRandomizedScopeLettersNoMore(t *testing.T) {
	t.Parallel()
	seed := testSeed(t)
	rounds := max(1, *modelSteps/25)
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 31))
			narrowed, kept := 0, 0
			defer func() { t.Logf("%d narrowed runs, %d of their proposals found in the whole run's", narrowed, kept) }()
			for round := 0; round < rounds; round++ {
				f := newFixture(t, s.Open(t))
				randomAutoBook(t, f, r)
				rules := reconcile.Rules{OldestFirst: r.IntN(3) == 0, CombinationSize: r.IntN(7), WorkLimit: []int{0, 5000}[r.IntN(2)],
					NoReference: r.IntN(6) == 0, NoExactAmount: r.IntN(6) == 0, NoTolerance: r.IntN(4) == 0, DateWindow: []int{0, 15, 400}[r.IntN(3)]}
				whole, err := f.rec.Propose(ctx, reconcile.Scope{All: true}, rules)
				if err != nil {
					t.Fatalf("round %d: propose: %v", round, err)
				}
				made := map[string]bool{}
				for _, p := range whole.Proposals {
					made[proposalKey(p)] = true
				}
				for k := 0; k < 3; k++ {
					scope := randomScope(r)
					out, err := f.rec.Propose(ctx, scope, rules)
					if err != nil {
						t.Fatalf("round %d: propose %+v: %v", round, scope, err)
					}
					narrowed++
					got := map[string]bool{}
					for _, p := range out.Proposals {
						if !made[proposalKey(p)] {
							t.Fatalf("round %d, rules %+v, scope %+v: a proposal the whole run does not make: %s (%s)\nwhole run:\n%s",
								round, rules, scope, proposalKey(p), p.Reason, describeProposals(whole.Proposals))
						}
						got[proposalKey(p)] = true
						kept++
					}
					// And every one of the whole run's that lies within it.
					for _, p := range whole.Proposals {
						if inScope(t, f, scope, p) && !got[proposalKey(p)] {
							t.Fatalf("round %d, rules %+v, scope %+v: the whole run's %s (%s) lies within the scope and is not proposed",
								round, rules, scope, proposalKey(p), p.Reason)
						}
					}
				}
			}
		})
	}
}

// inScope reports whether every line of p lies within scope s: its
// account, its partner, its date.
func inScope(t *testing.T, f *fixture, s reconcile.Scope, p reconcile.Proposal) bool {
	t.Helper()
	if len(s.Accounts) > 0 && !slices.Contains(s.Accounts, p.Account) ||
		len(s.Partners) > 0 && p.Partner != "" && !slices.Contains(s.Partners, p.Partner) {
		return false
	}
	in := true
	require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
		for _, l := range p.Lines {
			x, err := tx.Entry(l.Entry)
			if err != nil {
				return err
			}
			if !s.From.IsZero() && x.Date.Before(s.From) || !s.To.IsZero() && x.Date.After(s.To) {
				in = false
			}
		}
		return nil
	}))
	return in
}

// randomScope is a narrower scope: a date range, maybe partners, maybe
// one account.
func randomScope(r *rand.Rand) reconcile.Scope {
	s := reconcile.Scope{All: true}
	switch r.IntN(4) {
	case 0:
		s.From = d(time.Month(1+r.IntN(6)), 1+r.IntN(28))
	case 1:
		s.To = d(time.Month(1+r.IntN(6)), 1+r.IntN(28))
	case 2:
		s.From = d(time.Month(1+r.IntN(3)), 1+r.IntN(28))
		s.To = s.From.AddDays(20 + r.IntN(90))
	}
	if r.IntN(3) == 0 {
		s.Partners = []string{[]string{"C1", "C2", "C3"}[r.IntN(3)]}
		s.Accounts, s.All = []string{"411000"}, false
	}
	if r.IntN(4) == 0 {
		s.Accounts, s.All = []string{[]string{"411000", "401000"}[r.IntN(2)]}, false
	}
	return s
}

// proposalKey says what a proposal letters: its lines, its partials and
// what it writes off or discounts.
func proposalKey(p reconcile.Proposal) string {
	var b strings.Builder
	lines := slices.Clone(p.Lines)
	slices.SortFunc(lines, func(a, b journal.LineRef) int { return strings.Compare(a.String(), b.String()) })
	fmt.Fprintf(&b, "%s/%s %v;", p.Account, p.Partner, lines)
	var parts []string
	for _, pp := range p.Partials {
		parts = append(parts, partialKey(pp))
	}
	slices.Sort(parts)
	fmt.Fprintf(&b, " %v; wo %s; disc %s", parts, p.WriteOff.Plain(), p.Discount.Plain())
	return b.String()
}

func partialKey(pp reconcile.PlannedPartial) string {
	return fmt.Sprintf("%s>%s:%s w%v d%v", pp.Debit, pp.Credit, pp.Amount.Plain(), pp.WriteOff, pp.Discount)
}

func describeProposals(ps []reconcile.Proposal) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "  %s (%s)\n", proposalKey(p), p.Reason)
	}
	return b.String()
}
