package reconcile

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

// Review of the carried entries (Proposal.entries, booktx.KeepEntry): a
// proposal AutoLetter made, carrying its lines' entries, is applied by
// applyChunk (own) after the book changed under it — the invoice reversed,
// the lines lettered by another operation, a partial lowering the payment
// — and is refused as stale, as a proposal without entries is; one whose
// carried entries name other lines letters from the book.
func TestReviewCarriedEntriesStale(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eur := currency.MustLookup("EUR")
	amount := func(s string) currency.Amount { return currency.MustParse(eur, s) }
	day := func(m time.Month, d int) journal.Date { return journal.MustDate(2026, m, d) }
	setup := func(t *testing.T) (*ledger.Book, *Reconciler, journal.Entry, journal.Entry) {
		t.Helper()
		var st = storetest.Backends[0].Open(t)
		if t.Name()[len(t.Name())-len("boltstore"):] == "boltstore" {
			st = storetest.Backends[1].Open(t)
		}
		now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
		b, err := ledger.Create(ctx, st, ledger.Options{Currency: eur, Strict: true, Clock: func() time.Time { now = now.Add(time.Second); return now }})
		require.NoError(t, err)
		require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
		require.NoError(t, b.InstallFrenchChart(ctx))
		require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "C1"}))
		post := func(x journal.Entry) journal.Entry {
			res, err := b.Post(ctx, x)
			require.NoError(t, err)
			return res.Entry
		}
		inv := post(journal.Entry{Journal: "VT", Date: day(3, 1), Type: journal.TypeInvoice, Ref: "F-1", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: amount("120.00")},
			{Account: "706000", Balance: amount("-120.00")},
		}})
		pay := post(journal.Entry{Journal: "BQ", Date: day(3, 5), Type: journal.TypePayment, Ref: "F-1", Lines: []journal.Line{
			{Account: "512000", Balance: amount("120.00")},
			{Account: "411000", Partner: "C1", Balance: amount("-120.00")},
		}})
		r, err := New(ctx, b, Config{})
		require.NoError(t, err)
		return b, r, inv, pay
	}
	propose := func(t *testing.T, r *Reconciler) []Proposal {
		t.Helper()
		var props Proposals
		var next cursor
		require.NoError(t, r.propose(ctx, Scope{All: true}, Rules{}, cursor{}, AutoChunk, true, &props, &next))
		require.Len(t, props.Proposals, 1)
		require.Len(t, props.Proposals[0].entries, len(props.Proposals[0].Lines), "AutoLetter's proposals carry their entries")
		return props.Proposals
	}
	apply := func(t *testing.T, r *Reconciler, props []Proposal) []Outcome {
		t.Helper()
		op := journal.NewID()
		outs, _, _, err := r.applyChunk(ctx, op, []byte("review"), props, true, nil, nil, nil, nil)
		require.NoError(t, err)
		return outs
	}
	for _, name := range []string{"memstore", "boltstore"} {
		t.Run(name+"/reversed", func(t *testing.T) {
			b, r, inv, _ := setup(t)
			props := propose(t, r)
			_, err := b.Reverse(ctx, inv.ID, ledger.ReverseOptions{})
			require.NoError(t, err)
			outs := apply(t, r, props)
			require.ErrorIs(t, outs[0].Err, ErrStale)
			require.NoError(t, b.Check(ctx))
		})
		t.Run(name+"/lettered", func(t *testing.T) {
			b, r, _, _ := setup(t)
			props := propose(t, r)
			caller := append([]Proposal(nil), props...)
			caller[0].entries = nil
			done, err := r.Apply(ctx, journal.NewID(), caller)
			require.NoError(t, err)
			require.Len(t, done.Outcomes, 1)
			require.NoError(t, done.Outcomes[0].Err)
			outs := apply(t, r, props)
			require.Error(t, outs[0].Err)
			require.True(t, errors.Is(outs[0].Err, ErrStale) || errors.Is(outs[0].Err, ErrMatched), "%v", outs[0].Err)
			require.NoError(t, b.Check(ctx))
		})
		t.Run(name+"/other entries", func(t *testing.T) {
			b, r, inv, pay := setup(t)
			props := propose(t, r)
			// The carried entries swapped: each names the other line's entry.
			props[0].entries[0], props[0].entries[1] = props[0].entries[1], props[0].entries[0]
			outs := apply(t, r, props)
			require.NoError(t, outs[0].Err)
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.View(ctx, func(tx *ledger.Tx) error {
				for _, ref := range []journal.LineRef{inv.LineRef(0), pay.LineRef(1)} {
					res, err := tx.Residual(ref)
					require.NoError(t, err)
					require.True(t, res.IsZero(), "%s lettered", ref)
				}
				return nil
			}))
		})
	}
}
