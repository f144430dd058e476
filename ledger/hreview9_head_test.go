package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Review of book format 9 (damaged journal heads).

// TestReviewDamagedHeadLeavesTxAsItWas: Tx.Post documents that "every
// check runs before the first write, so an error leaves the transaction as
// it was". The head check of format 9 runs after the entry was numbered: a
// caller that goes on in the same transaction after the ErrFormat commits
// a posting sequence and a VT number that no entry holds.
func TestReviewDamagedHeadLeavesTxAsItWas(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			f.put(t, ixHead, []byte("VT"), []byte("short"))
			var next journal.Entry
			require.NoError(t, f.b.Update(ctx, func(tx *Tx) error {
				_, _, err := tx.Post(sale("C1", d(3, 9), "10.00"))
				require.ErrorIs(t, err, ErrFormat)
				next, _, err = tx.Post(receipt("C1", d(3, 9), "10.00"))
				return err
			}))
			assert.Equal(t, f.gen.Seq+1, next.Seq, "the refused post consumed a posting sequence")
			// Repair the head: the book is then sound again.
			f.put(t, ixHead, []byte("VT"), f.usdInv.Hash[:])
			require.NoError(t, f.b.Check(ctx))
			vt := mustPost(t, f.b, sale("C1", d(3, 10), "10.00"))
			assert.Equal(t, int64(5), vt.Number, "VT numbering has a gap")
		})
	}
}

// TestReviewMissingHeadRefused: a journal with entries whose head was
// deleted is a damaged head too. Posting chains the new entry to 32 zero
// bytes, as if it were the journal's first: the chain forks and Verify
// reports the entry the book itself just wrote as tampered, for good.
func TestReviewMissingHeadRefused(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			f.del(t, ixHead, []byte("VT"))
			_, err := f.b.Post(ctx, sale("C1", d(3, 9), "10.00"))
			if assert.Error(t, err, "posted onto a journal whose head is missing") {
				return
			}
			// What the post did to the book: its own entry no longer verifies.
			var ve *VerifyError
			require.ErrorAs(t, f.b.Verify(ctx), &ve)
			t.Logf("Verify after the post: %v", ve)
		})
	}
}

// A retry of an entry already posted writes nothing: it replays even when
// its journal's head was damaged since.
func TestReviewReplayOntoDamagedHead(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			x := sale("C1", d(3, 9), "10.00")
			x.ID = journal.NewID()
			first := mustPost(t, f.b, x)
			f.put(t, ixHead, []byte("VT"), []byte("short"))
			res, err := f.b.Post(ctx, x)
			require.NoError(t, err)
			assert.True(t, res.Replay)
			assert.Equal(t, first.Seq, res.Entry.Seq)
		})
	}
}
