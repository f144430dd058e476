package reconcile_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

func hrev121Book(t *testing.T, f *fixture, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 121))
	var invs []journal.Entry
	for i := 0; i < 80; i++ {
		p := fmt.Sprintf("C%d", 1+r.IntN(3))
		day := d(time.Month(1+r.IntN(6)), 1+r.IntN(27))
		amt := fmt.Sprintf("%d.%02d", 10+r.IntN(20)*5, []int{0, 0, 50, 99}[r.IntN(4)])
		switch k := r.IntN(12); {
		case k < 6:
			invs = append(invs, f.invoice(t, p, day, amt))
		case k == 6:
			f.creditNote(t, p, day, amt)
		case k == 7 && len(invs) > 0:
			inv := invs[r.IntN(len(invs))]
			f.pay(t, inv.Lines[0].Partner, day.AddDays(40), inv.Lines[0].Balance.Plain(), inv.Name(), "")
		case k == 8 && len(invs) > 0:
			inv := invs[r.IntN(len(invs))]
			a := inv.Lines[0].Balance
			a, _ = a.Sub(e("0.03"))
			f.pay(t, inv.Lines[0].Partner, day.AddDays(20), a.Plain(), "", "")
		default:
			f.pay(t, p, day.AddDays(30), amt, "", "VIR "+p)
		}
	}
}

func TestHrev121PlannedPartialsAreWhatApplyRecords(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 3; seed++ {
		for _, rules := range []reconcile.Rules{{}, {OldestFirst: true}, {WriteOffOverpayment: true, OldestFirst: true}} {
			f := newFixture(t, stores[0].Open(t))
			hrev121Book(t, f, seed)
			out := propose(t, f, reconcile.Scope{All: true}, rules)
			seen := map[journal.LineRef]bool{}
			for _, p := range out.Proposals {
				for _, l := range p.Lines {
					require.False(t, seen[l], "line in two proposals")
					seen[l] = true
				}
			}
			applied, err := f.rec.Apply(ctx, journal.NoID, out.Proposals)
			require.NoError(t, err)
			for i, o := range applied.Outcomes {
				p := out.Proposals[i]
				if o.Err != nil {
					t.Errorf("seed %d rules %+v: proposal %d (%s) failed: %v", seed, rules, i, p.Reason, o.Err)
					continue
				}
				var plan, got []string
				for _, pp := range p.Partials {
					if pp.WriteOff || pp.Discount {
						continue
					}
					plan = append(plan, fmt.Sprintf("%v/%v=%s", pp.Debit, pp.Credit, pp.Amount.Plain()))
				}
				for _, pp := range o.Partials {
					if pp.Kind == journal.KindWriteOff {
						continue
					}
					got = append(got, fmt.Sprintf("%v/%v=%s", pp.Debit, pp.Credit, pp.DebitAmountCurrency.Plain()))
				}
				if fmt.Sprint(plan) != fmt.Sprint(got) {
					t.Errorf("seed %d rules %+v: proposal %d %s %s: planned %v got %v", seed, rules, i, p.Rule, p.Reason, plan, got)
				}
			}
			again, err := f.rec.Apply(ctx, applied.Operation, out.Proposals)
			require.NoError(t, err)
			require.True(t, again.Replay)
			f.check(t)
		}
	}
}
