package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHrev252AnotherWriterBetweenProposeAndApply: four customers, each an
// invoice and a payment naming it. Between the proposals being made and
// their application another writer lets C2's invoice be paid 10.00 and
// reverses C3's invoice: both proposals are refused (ErrStale, the
// residual for C2, the reversal for C3) and reported, C1's and C4's
// applied, Check clean, and the same call again replays them as they were
// without writing. Inside AutoLetter, one chunk a partner, the writer
// commits after the chunk's proposals were made (C2's and C3's on the
// other goroutine, while the chunk before was applied) and before the
// chunk is applied; through Apply, the caller holds the proposals.
// Not parallel: it sets the chunk size of the whole process.
func TestHrev252AnotherWriterBetweenProposeAndApply(t *testing.T) {
	reconcile.SetAutoChunk(t, 1)
	for _, mode := range []string{"autoletter", "apply"} {
		t.Run(mode, func(t *testing.T) {
			onStores(t, func(t *testing.T, f *fixture) {
				require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "C4", Name: "Partner C4"}))
				var invs, pays []journal.Entry
				for k, p := range []string{"C1", "C2", "C3", "C4"} {
					amount := []string{"100.00", "120.00", "130.00", "140.00"}[k]
					inv := f.invoice(t, p, d(3, 1+k), amount)
					invs = append(invs, inv)
					pays = append(pays, f.pay(t, p, d(3, 20+k), amount, inv.Name(), ""))
				}
				meddle := func(partner string) {
					switch partner {
					case "C2":
						f.receive(t, "BQ", "C2", d(3, 25), "10.00", invs[1])
					case "C3":
						_, err := f.book.Reverse(ctx, invs[2].ID, ledger.ReverseOptions{})
						require.NoError(t, err)
					}
				}
				op := journal.NewID()
				var stale []string // the refusals' messages, C2's then C3's
				var again func() (replay bool, applied, failed int)
				if mode == "autoletter" {
					chunks := 0
					reconcile.SetBeforeAutoApply(f.rec, func(n int) {
						chunks++
						meddle([]string{"C1", "C2", "C3", "C4", ""}[min(n, 4)])
					})
					sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: customers})
					require.NoError(t, err)
					require.GreaterOrEqual(t, chunks, 4, "one chunk a partner")
					assert.Equal(t, 4, sum.Proposals)
					assert.Equal(t, 2, sum.Applied)
					require.Equal(t, 2, sum.FailedCount)
					require.Len(t, sum.Failed, 2)
					assert.Equal(t, []journal.LineRef{line0(pays[1]), line0(invs[1])}, sum.Failed[0].Proposal.Lines)
					assert.Equal(t, []journal.LineRef{line0(pays[2]), line0(invs[2])}, sum.Failed[1].Proposal.Lines)
					stale = []string{sum.Failed[0].Err, sum.Failed[1].Err}
					reconcile.SetBeforeAutoApply(f.rec, func(n int) { t.Errorf("chunk %d applied again", n) })
					again = func() (bool, int, int) {
						s, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: customers})
						require.NoError(t, err)
						assert.Equal(t, []string{s.Failed[0].Err, s.Failed[1].Err}, stale)
						return s.Replay, s.Applied, s.FailedCount
					}
				} else {
					out := propose(t, f, customers, reconcile.Rules{})
					require.Len(t, out.Proposals, 4)
					meddle("C2")
					meddle("C3")
					applied, err := f.rec.Apply(ctx, op, out.Proposals)
					require.NoError(t, err)
					require.Len(t, applied.Outcomes, 4)
					assert.NoError(t, applied.Outcomes[0].Err)
					assert.NoError(t, applied.Outcomes[3].Err)
					for _, o := range applied.Outcomes[1:3] {
						require.ErrorIs(t, o.Err, reconcile.ErrStale)
						stale = append(stale, o.Err.Error())
					}
					again = func() (bool, int, int) {
						a, err := f.rec.Apply(ctx, op, out.Proposals)
						require.NoError(t, err)
						require.ErrorIs(t, a.Outcomes[1].Err, reconcile.ErrStale)
						require.ErrorIs(t, a.Outcomes[2].Err, reconcile.ErrStale)
						assert.Equal(t, []string{a.Outcomes[1].Err.Error(), a.Outcomes[2].Err.Error()}, stale)
						return a.Replay, len(a.Outcomes) - a.Failed(), a.Failed()
					}
				}
				assert.Contains(t, stale[0], reconcile.ErrStale.Error())
				assert.Contains(t, stale[0], invs[1].Name()+":0 has 110.00 EUR left, 120.00 EUR when proposed")
				assert.Contains(t, stale[1], reconcile.ErrStale.Error())
				assert.Contains(t, stale[1], invs[2].Name()+" was reversed since")
				for k, want := range []string{"0.00", "110.00", "130.00", "0.00"} {
					assert.Equal(t, want, f.residual(t, line0(invs[k])).Plain(), "invoice of C%d", k+1)
				}
				for k, want := range []string{"0.00", "-120.00", "-130.00", "0.00"} {
					assert.Equal(t, want, f.residual(t, line0(pays[k])).Plain(), "payment of C%d", k+1)
				}
				f.check(t)
				before := f.snapshot(t)
				replay, applied, failed := again()
				assert.True(t, replay)
				assert.Equal(t, 2, applied)
				assert.Equal(t, 2, failed)
				f.unchanged(t, before)
			})
		})
	}
}
