// Review 32 (3ac546c): these tests PASS on 3ac546c; they pin properties of
// book format 10 worth keeping (no failing case was found in the time given).

package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/require"
)

var errReview32Rollback = errors.New("review32: roll back")

// review32Sale is a sale with a caller's id.
func review32Sale(id journal.ID, i int) journal.Entry {
	x := sale([]string{"C1", "C2"}[i%2], d(time.Month(1+i%12), 1+i%28), fmt.Sprintf("%d.00", 10+i))
	x.ID = id
	return x
}

// review32Verify looks every entry up by id, posts it again (a Replay),
// and runs Check, on b and on a second handle on the same store.
func review32Verify(t *testing.T, b *Book, st store.Store, posted map[journal.ID]journal.Entry) {
	t.Helper()
	b2, err := Open(ctx, st, Options{Clock: fixedClock(), Strict: true})
	require.NoError(t, err)
	for _, h := range []*Book{b, b2} {
		for id, want := range posted {
			got, err := h.Entry(ctx, id)
			require.NoErrorf(t, err, "Entry %s", id)
			require.Equal(t, want.Number, got.Number, "entry %s", id)
		}
		require.NoError(t, h.Check(ctx))
	}
	n := 0
	for id, want := range posted {
		res, err := b2.Post(ctx, review32Submitted[id])
		require.NoErrorf(t, err, "re-post %s", id)
		require.Truef(t, res.Replay, "re-post of %s (%s) must be a replay, got %s", id, want.Number, res.Entry.Number)
		if n++; n > 40 {
			break
		}
	}
	require.NoError(t, b2.Check(ctx))
}

// review32Submitted is what the caller first sent for each id.
var review32Submitted = map[journal.ID]journal.Entry{}

func review32IDs(rng *rand.Rand, n int) []journal.ID {
	ids := make([]journal.ID, n)
	for i := range ids {
		rng.Read(ids[i][:])
		ids[i][6] = ids[i][6]&0x0f | 0x40
		ids[i][8] = ids[i][8]&0x3f | 0x80
	}
	return ids
}

func TestReview32CallerIDs(t *testing.T) {
	t.Parallel()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			rng := rand.New(rand.NewSource(7))
			posted := map[journal.ID]journal.Entry{}
			i := 0
			post := func(ids []journal.ID) {
				xs := make([]journal.Entry, len(ids))
				for k, id := range ids {
					xs[k] = review32Sale(id, i)
					review32Submitted[id] = xs[k]
					i++
				}
				if len(xs) == 1 {
					p := mustPost(t, b, xs[0])
					posted[p.ID] = p
					return
				}
				res, err := b.PostBatch(ctx, xs, BatchOptions{})
				require.NoError(t, err)
				for _, r := range res {
					require.NoError(t, r.Err)
					posted[r.Entry.ID] = r.Entry
				}
			}
			// Ascending ids in a batch: runs.
			asc := review32IDs(rng, 150)
			slices.SortFunc(asc, func(a, b journal.ID) int { return bytes.Compare(a[:], b[:]) })
			post(asc)
			// Neighbours of the runs' first ids, ±1 in the last byte.
			var near []journal.ID
			for _, id := range []journal.ID{asc[0], asc[64], asc[128], asc[149]} {
				for _, dlt := range []int{-1, 1} {
					x := id
					x[15] = byte(int(x[15]) + dlt)
					if _, ok := posted[x]; !ok && !slices.Contains(near, x) {
						near = append(near, x)
					}
				}
			}
			for _, x := range near {
				post([]journal.ID{x})
			}
			// Descending ids, singly and in a batch.
			desc := review32IDs(rng, 80)
			slices.SortFunc(desc, func(a, b journal.ID) int { return bytes.Compare(b[:], a[:]) })
			for _, x := range desc[:20] {
				post([]journal.ID{x})
			}
			post(desc[20:])
			// A transaction that posts ids above every id, then rolls back.
			high := review32IDs(rng, 5)
			for k := range high {
				high[k][0] = 0xff
			}
			err := b.Update(ctx, func(tx *Tx) error {
				for k, x := range high {
					if _, _, err := tx.Post(review32Sale(x, 1000+k)); err != nil {
						return err
					}
				}
				return errReview32Rollback
			})
			require.ErrorIs(t, err, errReview32Rollback)
			// Random ids, mixed sizes.
			for len(posted) < 600 {
				n := 1 + rng.Intn(3)
				if rng.Intn(4) == 0 {
					n = IndexLagMax + rng.Intn(40)
				}
				post(review32IDs(rng, n))
			}
			review32Verify(t, b, st, posted)
		})
	}
}
