package ledger

import (
	"testing"

	"github.com/google/uuid"
	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/require"
)

// TestReplayWhateverTheIDOrder: a post repeating an entry's id replays it,
// whether the ids ascend (UUIDv7, looked up against the entry index's
// greatest key only) or not (random ids, below it), whether the first
// post is indexed, lagging, or indexed earlier in the same transaction by
// its catch-up; and a new id is posted. On every backend.
func TestReplayWhateverTheIDOrder(t *testing.T) {
	for _, be := range stores {
		for _, order := range []string{"ascending", "random"} {
			t.Run(be.Name+"/"+order, func(t *testing.T) { replayInOrder(t, testBook(t, be.Open(t)), order == "random") })
		}
	}
}

func replayInOrder(t *testing.T, b *Book, random bool) {
	var posted []journal.Entry
	for i := range 12 {
		x := sale("C1", d(1, 2+i), "120.00")
		if random {
			x.ID = journal.ID(uuid.Must(uuid.NewRandom())) // mostly below the greatest id
		} else {
			x.ID = journal.NewID()
		}
		posted = append(posted, mustPost(t, b, x))
		if i == 5 {
			require.NoError(t, b.Index(ctx)) // the first six indexed, the rest lagging
		}
	}
	// Each id again, by single post: a replay, the entry first posted.
	for _, x := range posted {
		again := sale("C1", x.Date, "120.00")
		again.ID = x.ID
		r, err := b.Post(ctx, again)
		require.NoError(t, err)
		require.True(t, r.Replay, "%s posted twice", x.Name())
		require.Equal(t, x.Number, r.Entry.Number)
	}
	// Inside one transaction, after its catch-up indexed the lag:
	// the ids it indexed replay too.
	fresh := mustPost(t, b, sale("C1", d(3, 1), "120.00"))
	require.NoError(t, b.Update(ctx, func(tx *Tx) error {
		for _, x := range append(posted, fresh) {
			again := sale("C1", x.Date, "120.00")
			again.ID = x.ID
			e, replay, err := tx.Post(again)
			if err != nil {
				return err
			}
			require.True(t, replay, "%s posted twice in one transaction", x.Name())
			require.Equal(t, x.Number, e.Number)
		}
		_, replay, err := tx.Post(sale("C2", d(3, 2), "11.00"))
		require.False(t, replay)
		return err
	}))
	require.NoError(t, b.Check(ctx))
}
