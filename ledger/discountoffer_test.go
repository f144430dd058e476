package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/require"
)

// offering is sale with an early-payment discount offer.
func offering(p string, date journal.Date, ttc, off string, days int) journal.Entry {
	x := sale(p, date, ttc)
	x.DiscountOffer = &journal.DiscountOffer{Amount: e(off), Until: date.AddDays(days)}
	return x
}

// An invoice's discount offer is kept with it: read back, in its open
// item, covered by its fingerprint (a retry with another offer is another
// request) and its hash, posted alone or in a batch, on every backend.
func TestDiscountOfferIsKept(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			x := offering("C1", d(3, 1), "1200.00", "24.00", 10)
			x.ID = journal.NewID()
			posted := mustPost(t, b, x)
			require.Equal(t, &journal.DiscountOffer{Amount: e("24.00"), Until: d(3, 11)}, posted.DiscountOffer)

			batch := []journal.Entry{offering("C2", d(3, 2), "600.00", "6.00", 0), sale("C2", d(3, 2), "50.00")}
			res, err := b.PostBatch(ctx, batch, BatchOptions{})
			require.NoError(t, err)
			for _, r := range res {
				require.NoError(t, r.Err)
			}
			for _, want := range []journal.Entry{posted, res[0].Entry, res[1].Entry} {
				got, err := b.Entry(ctx, want.ID)
				require.NoError(t, err)
				require.Equal(t, want.DiscountOffer, got.DiscountOffer)
			}
			require.Nil(t, res[1].Entry.DiscountOffer)
			items, err := b.OpenItems(ctx, "411000", "C1")
			require.NoError(t, err)
			require.Len(t, items, 1)
			require.Equal(t, posted.DiscountOffer, items[0].DiscountOffer)

			// A retry is a replay; the same id with another offer, or
			// without one, is another request.
			again, err := b.Post(ctx, x)
			require.NoError(t, err)
			require.True(t, again.Replay)
			require.Equal(t, posted.DiscountOffer, again.Entry.DiscountOffer)
			other := x.Clone()
			other.DiscountOffer.Amount = e("25.00")
			_, err = b.Post(ctx, other)
			require.ErrorIs(t, err, ErrIdempotencyConflict)
			other.DiscountOffer = nil
			_, err = b.Post(ctx, other)
			require.ErrorIs(t, err, ErrIdempotencyConflict)
			require.NoError(t, b.Check(ctx))
		})
	}
}

// A bad offer is refused with nothing written, alone or in a batch.
func TestDiscountOfferRefused(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			before := dump(t, st)
			bad := []journal.Entry{
				offering("C1", d(3, 1), "1200.00", "1200.00", 10),
				offering("C1", d(3, 1), "1200.00", "24.00", -1),
				func() journal.Entry {
					x := receipt("C1", d(3, 1), "100.00")
					x.DiscountOffer = &journal.DiscountOffer{Amount: e("1.00"), Until: d(3, 2)}
					return x
				}(),
			}
			for i, x := range bad {
				_, err := b.Post(ctx, x)
				require.ErrorIs(t, err, journal.ErrDiscountOffer, "entry %d", i)
				res, err := b.PostBatch(ctx, []journal.Entry{x}, BatchOptions{})
				if err == nil {
					err = res[0].Err
				}
				require.ErrorIs(t, err, journal.ErrDiscountOffer, "entry %d", i)
			}
			require.Equal(t, before, dump(t, st))
		})
	}
}
