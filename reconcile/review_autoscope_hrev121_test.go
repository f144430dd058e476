package reconcile_test

import (
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

func hrev121Key(p reconcile.Proposal) string {
	return fmt.Sprint(p.Account, p.Partner, p.Lines, p.Rule, p.WriteOff)
}

func TestHrev121NarrowScopesAndPartnerViewsAgreeWithBook(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 3; seed++ {
		for _, rules := range []reconcile.Rules{{}, {OldestFirst: true}} {
			f := newFixture(t, stores[0].Open(t))
			hrev121Book(t, f, seed)
			whole := propose(t, f, reconcile.Scope{All: true}, rules)
			keys := map[string]bool{}
			for _, p := range whole.Proposals {
				keys[hrev121Key(p)] = true
			}
			for _, s := range []reconcile.Scope{
				{Accounts: []string{"411000"}, From: d(2, 1), To: d(4, 30)},
				{Accounts: []string{"411000"}, From: d(3, 1)},
				{Accounts: []string{"411000"}, To: d(3, 15)},
			} {
				out := propose(t, f, s, rules)
				for _, p := range out.Proposals {
					if !keys[hrev121Key(p)] {
						t.Errorf("seed %d rules %+v scope %v-%v: proposal not in whole book's: %s %s", seed, rules, s.From, s.To, p.Rule, p.Reason)
					}
				}
			}
			// partner scope = whole filtered
			for _, c := range []string{"C1", "C2", "C3"} {
				out := propose(t, f, reconcile.Scope{Partners: []string{c}}, rules)
				var want, got []string
				for _, p := range whole.Proposals {
					if p.Partner == c {
						want = append(want, hrev121Key(p))
					}
				}
				for _, p := range out.Proposals {
					got = append(got, hrev121Key(p))
				}
				require.Equal(t, want, got, "seed %d partner %s", seed, c)
				// the partner view
				for v, err := range f.rec.Partners(ctx, "411000", reconcile.ByCode, rules) {
					require.NoError(t, err)
					if v.Partner != c {
						continue
					}
					var pv []string
					for _, p := range v.Proposals {
						pv = append(pv, hrev121Key(p))
					}
					require.Equal(t, want, pv, "seed %d partner view %s", seed, c)
					require.Equal(t, len(v.Unmatched), len(out.Unmatched), "seed %d partner view unmatched %s", seed, c)
				}
			}
			// AutoLetter = propose + apply
			f2 := newFixture(t, stores[0].Open(t))
			hrev121Book(t, f2, seed)
			sum, err := f2.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{All: true}, Rules: rules})
			require.NoError(t, err)
			applied, err := f.rec.Apply(ctx, journal.NoID, whole.Proposals)
			require.NoError(t, err)
			require.Equal(t, len(whole.Proposals), sum.Proposals)
			require.Equal(t, len(whole.Proposals)-applied.Failed(), sum.Applied)
			a := propose(t, f, reconcile.Scope{All: true}, rules)
			b := propose(t, f2, reconcile.Scope{All: true}, rules)
			require.Equal(t, len(a.Proposals), len(b.Proposals))
			require.Equal(t, len(a.Unmatched), len(b.Unmatched))
		}
	}
}
