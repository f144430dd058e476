package ledger

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/require"
)

// rawPartialHrev12 replaces the stored record of a partial or match
// (pointer included) behind the book's back.
func rawPutHrev12(t *testing.T, f fixture, bucket, key, v []byte) {
	t.Helper()
	f.raw(t, func(tx store.Tx) error { return tx.Put(bucket, bytes.Clone(key), bytes.Clone(v)) })
}

// A match is written only under an id the book made in this transaction:
// putMatch under the id of a match already stored (made by an earlier
// transaction, not claimed by this one) must be refused, not write over
// it. putPartial refuses the same for a partial ("partial exists").
func TestHrev12PutMatchOverStoredMatchRefused(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			before, _ := rawGetHrev11(t, f, bMatch, f.m2.ID[:])
			err := f.b.Update(ctx, func(tx *Tx) error {
				op := journal.NewID()
				p, err := tx.putPartial(allocation(f.inv3.LineRef(0), f.p3.LineRef(1), "60.00", d(3, 8), op))
				if err != nil {
					return err
				}
				// f.m2 is live, on inv2 and p2: this writes a match of other
				// lines under its id.
				if _, err := putMatchCounted(tx, journal.Match{ID: f.m2.ID, Code: "AAC", Account: "411000", Partner: "C1", Operation: op,
					Lines: []journal.LineRef{f.inv3.LineRef(0), f.p3.LineRef(1)}, Partials: []journal.ID{p.ID}, Date: d(3, 8)}); err != nil {
					return err
				}
				return tx.recordOperation(op, []byte("over m2"), nil)
			})
			after, _ := rawGetHrev11(t, f, bMatch, f.m2.ID[:])
			if err == nil {
				t.Logf("Check after the write over m2: %v", f.b.Check(ctx))
			}
			require.Error(t, err, "putMatch wrote over the stored match %s under its id", f.m2.ID)
			require.Equal(t, before, after, "nothing written")
		})
	}
}

// An id claimed serves once: a second putMatch under a claimed id in the
// same transaction must be refused, as a second putPartial is.
func TestHrev12ClaimedMatchIDUsedTwiceRefused(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			err := f.b.Update(ctx, func(tx *Tx) error {
				op := journal.NewID()
				id := tx.newLetterID()
				p1, err := tx.putPartial(allocation(f.inv3.LineRef(0), f.p3.LineRef(1), "60.00", d(3, 8), op))
				if err != nil {
					return err
				}
				if _, err := putMatchCounted(tx, journal.Match{ID: id, Code: "AAC", Account: "411000", Partner: "C1", Operation: op,
					Lines: []journal.LineRef{f.inv3.LineRef(0), f.p3.LineRef(1)}, Partials: []journal.ID{p1.ID}, Date: d(3, 8)}); err != nil {
					return err
				}
				// inv (1200) and pay (600) have 600 lettered: letter inv
				// with p... use a new pair of lines instead.
				inv := mustPostTx(t, tx, sale("C1", d(3, 9), "30.00"))
				pay := mustPostTx(t, tx, receipt("C1", d(3, 9), "30.00"))
				p2, err := tx.putPartial(allocation(inv.LineRef(0), pay.LineRef(1), "30.00", d(3, 9), op))
				if err != nil {
					return err
				}
				_, err = putMatchCounted(tx, journal.Match{ID: id, Code: "AAD", Account: "411000", Partner: "C1", Operation: op,
					Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(1)}, Partials: []journal.ID{p2.ID}, Date: d(3, 9)})
				if err == nil {
					return errors.New("second putMatch under one claimed id accepted: the first match's record was written over")
				}
				return nil
			})
			require.NoError(t, err)
		})
	}
}

func mustPostTx(t *testing.T, tx *Tx, x journal.Entry) journal.Entry {
	t.Helper()
	got, _, err := tx.Post(x)
	require.NoError(t, err)
	return got
}

// A claimed id whose first put was refused before anything was written
// (an amount the line cannot take) was never used: the put that follows
// under it, valid, must go through as a new partial. unclaim takes the
// id before the put is validated, so the second put is taken as a write
// over a record deleted outside its chain (ErrIntegrity, "run Check") on
// a sound book.
func TestHrev12RefusedPutKeepsClaim(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			err := f.b.Update(ctx, func(tx *Tx) error {
				op := journal.NewID()
				id := tx.newLetterID()
				p := allocation(f.inv3.LineRef(0), f.p3.LineRef(1), "999.00", d(3, 8), op)
				p.ID = id
				_, err := tx.putPartial(p)
				require.ErrorIs(t, err, ErrPartial, "precondition: too much for the lines")
				p = allocation(f.inv3.LineRef(0), f.p3.LineRef(1), "60.00", d(3, 8), op)
				p.ID = id
				if _, err := tx.putPartial(p); err != nil {
					return err
				}
				return tx.recordOperation(op, []byte("second try"), nil)
			})
			require.NoError(t, err, "a valid put under a claimed id refused after a refused one")
			require.NoError(t, f.b.Check(ctx))
		})
	}
}

// A claimed id used for one partial cannot be used for a second one.
func TestHrev12ClaimedPartialIDUsedTwiceRefused(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			var second error
			require.NoError(t, f.b.Update(ctx, func(tx *Tx) error {
				op := journal.NewID()
				id := tx.newLetterID()
				p := allocation(f.inv3.LineRef(0), f.p3.LineRef(1), "20.00", d(3, 8), op)
				p.ID = id
				if _, err := tx.putPartial(p); err != nil {
					return err
				}
				_, second = tx.putPartial(p)
				// An id claimed and never used changes nothing.
				tx.newLetterID()
				return tx.recordOperation(op, []byte("twice"), nil)
			}))
			require.ErrorIs(t, second, ErrPartial)
			require.NoError(t, f.b.Check(ctx))
			require.NoError(t, f.b.Verify(ctx))
		})
	}
}

// Rewrites refused at write time: the record's pointer names a real
// earlier chain record that wrote the key with another hash, or that
// wrote another key with this hash.
func TestHrev12RewriteOverForeignPointerRefused(t *testing.T) {
	tests := []struct {
		name    string
		corrupt func(t *testing.T, f fixture)
		undo    func(tx *Tx, f fixture, op journal.ID) error
		key     func(f fixture) ([]byte, []byte)
	}{
		{"partial altered, rehashed, pointing to the record that wrote its older value", func(t *testing.T, f fixture) {
			v, _ := rawGetHrev11(t, f, bPartial, f.part1.ID[:])
			require.Equal(t, uint64(1), u64From(v[:8]), "precondition")
			v[len(v)-1] ^= 1
			copy(v[8:chainPtrSize], sha256Of(v[chainPtrSize:]))
			rawPutHrev12(t, f, bPartial, f.part1.ID[:], v)
		}, func(tx *Tx, f fixture, op journal.ID) error {
			_, err := tx.undoPartial(f.part1.ID, op)
			return err
		}, func(f fixture) ([]byte, []byte) { return bPartial, f.part1.ID[:] }},
		{"partial holding another partial's value and pointer, of the same record", func(t *testing.T, f fixture) {
			v, _ := rawGetHrev11(t, f, bPartial, f.part2.ID[:])
			rawPutHrev12(t, f, bPartial, f.part1.ID[:], v)
		}, func(tx *Tx, f fixture, op journal.ID) error {
			_, err := tx.undoPartial(f.part1.ID, op)
			return err
		}, func(f fixture) ([]byte, []byte) { return bPartial, f.part1.ID[:] }},
		{"match with its undone value, pointing to the record that made it live", func(t *testing.T, f fixture) {
			// m3 undone in record 2: point at record 1, keep value and hash.
			v, _ := rawGetHrev11(t, f, bMatch, f.m3.ID[:])
			require.Equal(t, uint64(2), u64From(v[:8]), "precondition")
			copy(v, seqKey(1))
			rawPutHrev12(t, f, bMatch, f.m3.ID[:], v)
			// and m2 (live, record 1) made to look undone is not needed:
			// the rewrite below is of m3 itself.
		}, func(tx *Tx, f fixture, op journal.ID) error {
			// m3 is undone: rewrite it by writing over its lines' match.
			// The only book write of an undone match is none; write it
			// through the chained Put as undoMatch would.
			m, err := tx.Match(f.m3.ID)
			if err != nil {
				return err
			}
			m.UndoneAt = m.UndoneAt.Add(time.Second)
			return tx.st.Put(bMatch, m.ID[:], appendMatchValue(nil, &m))
		}, func(f fixture) ([]byte, []byte) { return bMatch, f.m3.ID[:] }},
	}
	for _, s := range stores {
		for _, tt := range tests {
			t.Run(s.Name+"/"+tt.name, func(t *testing.T) {
				f := newFixture(t, s)
				tt.corrupt(t, f)
				b, k := tt.key(f)
				before, _ := rawGetHrev11(t, f, b, k)
				err := f.b.Update(ctx, func(tx *Tx) error {
					op := journal.NewID()
					if err := tt.undo(tx, f, op); err != nil {
						return err
					}
					return tx.recordOperation(op, []byte("undo"), nil)
				})
				require.ErrorIs(t, err, ErrIntegrity)
				after, _ := rawGetHrev11(t, f, b, k)
				require.Equal(t, before, after, "nothing written")
			})
		}
	}
}

// A match rolled back to its live value with the pointer of the record
// that made it live cannot be told at write time from a live match (the
// record that undid it is found only by walking the chain on from the
// one named). Its undo goes through; Check and Verify must then still
// find that the chain's last write of the match was not the one the
// rewrite superseded.
func TestHrev12RolledBackMatchUndoneStillFound(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			live := f.m3
			live.UndoneBy, live.UndoneAt = journal.NoID, time.Time{}
			v := appendMatchValue(nil, &live)
			// Record 1 made m3 live with this value.
			rawPutHrev12(t, f, bMatch, f.m3.ID[:], append(append(seqKey(1), sha256Of(v)...), v...))
			// Its lines' states still say no match: set them back too, as
			// a rollback of the whole lettering would.
			for _, x := range []struct {
				e journal.Entry
				i int
			}{{f.inv3, 0}, {f.p3, 1}} {
				editState(t, f, &x.e, x.i, func(st *lineState) { st.match = f.m3.ID })
			}
			err := f.b.Update(ctx, func(tx *Tx) error {
				op := journal.NewID()
				if _, err := tx.undoMatch(f.m3.ID, op); err != nil {
					return err
				}
				return tx.recordOperation(op, []byte("undo rolled back"), nil)
			})
			if err != nil {
				t.Logf("refused at write time: %v", err)
				return
			}
			err = f.b.Check(ctx)
			require.Error(t, err, "Check green after the rollback was written over")
			var ve *VerifyError
			require.ErrorAs(t, f.b.Verify(ctx), &ve)
		})
	}
}
