package ledger

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/require"
)

// rawGet reads the stored record of key in bucket, behind the book's back.
func rawGetHrev11(t *testing.T, f fixture, bucket, key []byte) ([]byte, bool) {
	t.Helper()
	var v []byte
	found := false
	f.raw(t, func(tx store.Tx) error {
		got, err := tx.Get(bucket, key)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		v, found = bytes.Clone(got), err == nil
		return err
	})
	return v, found
}

// A partial deleted outside the book, then written again under its id (a
// caller-given id: PutPartial with p.ID set), must be refused as a write
// over a damaged record, with nothing written: the chain still holds the
// partial's last write. Before format 12 ixChained kept the pointer of the
// deleted record and intact refused the write ("deleted outside its
// chain").
func TestHrev11RewriteOfDeletedPartialRefused(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			f.del(t, bPartial, f.part1.ID[:])
			err := f.b.Update(ctx, func(tx *Tx) error {
				p := allocation(f.inv.LineRef(0), f.p3.LineRef(1), "10.00", d(3, 8), journal.NoID)
				p.ID = f.part1.ID
				_, err := tx.putPartial(p)
				return err
			})
			require.ErrorIs(t, err, ErrIntegrity, "a partial deleted outside the chain was written again")
			_, found := rawGetHrev11(t, f, bPartial, f.part1.ID[:])
			require.False(t, found, "nothing written")
		})
	}
}

// Same, a match deleted outside the book and written again under its id.
func TestHrev11RewriteOfDeletedMatchRefused(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			f.del(t, bMatch, f.m3.ID[:]) // the undone match: its lines are free again
			err := f.b.Update(ctx, func(tx *Tx) error {
				if _, err := tx.putPartial(allocation(f.inv3.LineRef(0), f.p3.LineRef(1), "60.00", d(3, 8), journal.NoID)); err != nil {
					return err
				}
				_, err := putMatchCounted(tx, journal.Match{ID: f.m3.ID, Code: "AAC", Account: "411000", Partner: "C1",
					Lines: []journal.LineRef{f.inv3.LineRef(0), f.p3.LineRef(1)}, Date: d(3, 8)})
				return err
			})
			require.ErrorIs(t, err, ErrIntegrity, "a match deleted outside the chain was written again")
			_, found := rawGetHrev11(t, f, bMatch, f.m3.ID[:])
			require.False(t, found, "nothing written")
		})
	}
}

// When the write over the deleted record goes through, Check and Verify
// must still name the record whose deletion it covered.
func TestHrev11DeletedPartialRewrittenIsNamed(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			f.del(t, bPartial, f.part1.ID[:])
			err := f.b.Update(ctx, func(tx *Tx) error {
				p := allocation(f.inv.LineRef(0), f.p3.LineRef(1), "10.00", d(3, 8), journal.NoID)
				p.ID = f.part1.ID
				_, err := tx.putPartial(p)
				return err
			})
			if err != nil {
				t.Skip("the write was refused")
			}
			err = f.b.Check(ctx)
			require.Error(t, err)
			mustFind(t, err, 3, "partial "+f.part1.ID.String())
			var ve *VerifyError
			require.ErrorAs(t, f.b.Verify(ctx), &ve)
			require.Equal(t, "partial "+f.part1.ID.String(), ve.Key, "Verify: %v", ve)
		})
	}
}

// Tampering with partial and match records, each found by Check (naming
// the record in invariant 3) and by Verify (naming it as the first broken
// link's key).
func TestHrev11InlineTamperingNamed(t *testing.T) {
	rewrite := func(t *testing.T, f fixture, bucket, key []byte, fn func(v []byte) []byte) {
		t.Helper()
		f.raw(t, func(tx store.Tx) error {
			v, err := tx.Get(bucket, key)
			if err != nil {
				return err
			}
			return tx.Put(bucket, bytes.Clone(key), fn(bytes.Clone(v)))
		})
	}
	tests := []struct {
		name    string
		corrupt func(t *testing.T, f fixture) string // the record to be named
	}{
		{"value altered and rehashed, pointer kept", func(t *testing.T, f fixture) string {
			rewrite(t, f, bPartial, f.part1.ID[:], func(v []byte) []byte {
				v[len(v)-1] ^= 1
				h := sha256Of(v[chainPtrSize:])
				copy(v[8:chainPtrSize], h)
				return v
			})
			return "partial " + f.part1.ID.String()
		}},
		{"match value altered and rehashed", func(t *testing.T, f fixture) string {
			rewrite(t, f, bMatch, f.m2.ID[:], func(v []byte) []byte {
				v[len(v)-1] ^= 1
				copy(v[8:chainPtrSize], sha256Of(v[chainPtrSize:]))
				return v
			})
			return "match " + f.m2.ID.String()
		}},
		{"pointer seq to a later record that did not write it", func(t *testing.T, f fixture) string {
			rewrite(t, f, bMatch, f.m2.ID[:], func(v []byte) []byte {
				require.Equal(t, uint64(1), u64From(v[:8]), "precondition")
				copy(v, seqKey(2))
				return v
			})
			return "match " + f.m2.ID.String()
		}},
		{"pointer seq to the earlier record that wrote it, hash kept", func(t *testing.T, f fixture) string {
			rewrite(t, f, bMatch, f.m3.ID[:], func(v []byte) []byte {
				require.Equal(t, uint64(2), u64From(v[:8]), "precondition")
				copy(v, seqKey(1))
				return v
			})
			return "match " + f.m3.ID.String()
		}},
		{"pointer seq zero", func(t *testing.T, f fixture) string {
			rewrite(t, f, bPartial, f.part2.ID[:], func(v []byte) []byte { copy(v, seqKey(0)); return v })
			return "partial " + f.part2.ID.String()
		}},
		{"pointer seq to the head + 1", func(t *testing.T, f fixture) string {
			var head uint64
			f.raw(t, func(tx store.Tx) error { var err error; head, _, err = chainHead(tx, chainLetter); return err })
			rewrite(t, f, bPartial, f.part2.ID[:], func(v []byte) []byte { copy(v, seqKey(head+1)); return v })
			return "partial " + f.part2.ID.String()
		}},
		{"match deleted", func(t *testing.T, f fixture) string {
			f.del(t, bMatch, f.m3.ID[:])
			return "match " + f.m3.ID.String()
		}},
		{"partial copied under another id", func(t *testing.T, f fixture) string {
			other := journal.NewID()
			v, _ := rawGetHrev11(t, f, bPartial, f.part1.ID[:])
			f.raw(t, func(tx store.Tx) error { return tx.Put(bPartial, bytes.Clone(other[:]), v) })
			return "partial " + other.String()
		}},
		{"match copied under another id", func(t *testing.T, f fixture) string {
			other := journal.NewID()
			v, _ := rawGetHrev11(t, f, bMatch, f.m2.ID[:])
			f.raw(t, func(tx store.Tx) error { return tx.Put(bMatch, bytes.Clone(other[:]), v) })
			return "match " + other.String()
		}},
		{"match rolled back to its live value with its older pointer", func(t *testing.T, f fixture) string {
			// m3 was made live, then undone in a later record: write the
			// live value back with the pointer of the record that made it.
			var made uint64
			var hash []byte
			live := f.m3
			live.UndoneBy, live.UndoneAt = journal.NoID, time.Time{}
			want := sha256Of(appendMatchValue(nil, &live))
			f.raw(t, func(tx store.Tx) error {
				_, err := walkRecordChain(ctx, tx, chainLetter, false, nil, func(n uint64, w chainWrite) error {
					if bytes.Equal(w.Bucket, bMatch) && bytes.Equal(w.Key, f.m3.ID[:]) && bytes.Equal(w.Hash, want) {
						made, hash = n, bytes.Clone(w.Hash)
					}
					return nil
				})
				return err
			})
			require.NotZero(t, made)
			f.raw(t, func(tx store.Tx) error {
				return tx.Put(bMatch, bytes.Clone(f.m3.ID[:]), appendMatchValue(append(seqKey(made), hash...), &live))
			})
			return "match " + f.m3.ID.String()
		}},
		{"match pointer in the chain index too", func(t *testing.T, f fixture) string {
			v, _ := rawGetHrev11(t, f, bMatch, f.m2.ID[:])
			f.raw(t, func(tx store.Tx) error {
				return tx.Put(ixChained, chainedKey(bMatch, f.m2.ID[:]), bytes.Clone(v[:chainPtrSize]))
			})
			return "match " + f.m2.ID.String()
		}},
		{"record of 40 bytes: pointer only", func(t *testing.T, f fixture) string {
			rewrite(t, f, bPartial, f.part1.ID[:], func(v []byte) []byte { return v[:chainPtrSize] })
			return "partial " + f.part1.ID.String()
		}},
		{"empty record", func(t *testing.T, f fixture) string {
			rewrite(t, f, bMatch, f.m2.ID[:], func(v []byte) []byte { return []byte{} })
			return "match " + f.m2.ID.String()
		}},
	}
	for _, s := range stores {
		for _, tt := range tests {
			t.Run(s.Name+"/"+tt.name, func(t *testing.T) {
				f := newFixture(t, s)
				what := tt.corrupt(t, f)
				err := f.b.Check(ctx)
				require.Error(t, err)
				mustFind(t, err, 3, what)
				var ve *VerifyError
				require.ErrorAs(t, f.b.Verify(ctx), &ve)
				require.Equal(t, what, ve.Key, "Verify: %v", ve)
			})
		}
	}
}

func sha256Of(b []byte) []byte { h := sha256.Sum256(b); return h[:] }

// A write over a partial whose pointer names another chain record than
// the one that last wrote it (value and hash untouched) is a write over a
// damaged record: refused, nothing written.
func TestHrev11WriteOverMovedPointerRefused(t *testing.T) {
	for _, s := range stores {
		for _, seq := range []uint64{2, 1 << 40} {
			t.Run(s.Name+"/"+fmt.Sprint(seq), func(t *testing.T) {
				f := newFixture(t, s)
				f.raw(t, func(tx store.Tx) error {
					v, err := tx.Get(bPartial, f.part1.ID[:])
					if err != nil {
						return err
					}
					v = bytes.Clone(v)
					require.Equal(t, uint64(1), u64From(v[:8]), "precondition")
					copy(v, seqKey(seq))
					return tx.Put(bPartial, bytes.Clone(f.part1.ID[:]), v)
				})
				before, _ := rawGetHrev11(t, f, bPartial, f.part1.ID[:])
				err := f.b.Update(ctx, func(tx *Tx) error {
					op := journal.NewID()
					if err := tx.recordOperation(op, []byte("undo"), nil); err != nil {
						return err
					}
					_, err := tx.undoPartial(f.part1.ID, op)
					return err
				})
				after, _ := rawGetHrev11(t, f, bPartial, f.part1.ID[:])
				require.ErrorIs(t, err, ErrIntegrity, "the undo wrote over a partial whose pointer was moved")
				require.Equal(t, before, after, "nothing written")
			})
		}
	}
}

// Lettering sequences that must leave Check and Verify green: a partial
// made and undone in one transaction, a match made and undone in one
// transaction, a failed transaction then a good one, and everything
// lettered then unlettered.
func TestHrev11InlineSequencesStayGreen(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			green := func(what string) {
				t.Helper()
				require.NoError(t, f.b.Check(ctx), what)
				require.NoError(t, f.b.Verify(ctx), what)
			}
			// Made and undone at once.
			require.NoError(t, f.b.Update(ctx, func(tx *Tx) error {
				op := journal.NewID()
				p, err := tx.putPartial(allocation(f.inv3.LineRef(0), f.p3.LineRef(1), "60.00", d(3, 8), op))
				if err != nil {
					return err
				}
				m, err := putMatchCounted(tx, journal.Match{Code: "AAC", Account: "411000", Partner: "C1", Operation: op,
					Lines: []journal.LineRef{f.inv3.LineRef(0), f.p3.LineRef(1)}, Partials: []journal.ID{p.ID}, Date: d(3, 8)})
				if err != nil {
					return err
				}
				if _, err := tx.undoMatch(m.ID, op); err != nil {
					return err
				}
				if _, err := tx.undoPartial(p.ID, op); err != nil {
					return err
				}
				return tx.recordOperation(op, []byte("made and undone"), nil)
			}))
			green("made and undone in one transaction")
			// A failed transaction that wrote partials, then a good one.
			boom := errors.New("boom")
			err := f.b.Update(ctx, func(tx *Tx) error {
				if _, err := tx.putPartial(allocation(f.inv3.LineRef(0), f.p3.LineRef(1), "10.00", d(3, 8), journal.NoID)); err != nil {
					return err
				}
				return boom
			})
			require.ErrorIs(t, err, boom)
			green("after a failed transaction")
			var p journal.Partial
			require.NoError(t, f.b.Update(ctx, func(tx *Tx) error {
				var err error
				p, err = tx.putPartial(allocation(f.inv3.LineRef(0), f.p3.LineRef(1), "10.00", d(3, 8), journal.NoID))
				return err
			}))
			green("a good transaction after a failed one")
			// Everything unlettered.
			require.NoError(t, f.b.Update(ctx, func(tx *Tx) error {
				op := journal.NewID()
				if _, err := tx.undoMatch(f.m2.ID, op); err != nil {
					return err
				}
				for _, id := range []journal.ID{f.part1.ID, f.part2.ID, p.ID} {
					if _, err := tx.undoPartial(id, op); err != nil {
						return err
					}
				}
				return tx.recordOperation(op, []byte("unletter all"), nil)
			}))
			green("everything unlettered")
			// And lettered again, undone in the next transaction, several times.
			for i := 0; i < 3; i++ {
				var ids []journal.ID
				require.NoError(t, f.b.Update(ctx, func(tx *Tx) error {
					ids = ids[:0] // the function may run twice (storetest.Twice)
					for _, pair := range [][2]journal.LineRef{{f.inv.LineRef(0), f.pay.LineRef(1)}, {f.inv3.LineRef(0), f.p3.LineRef(1)}} {
						p, err := tx.putPartial(allocation(pair[0], pair[1], "5.00", d(3, 9), journal.NoID))
						if err != nil {
							return err
						}
						ids = append(ids, p.ID)
					}
					return nil
				}))
				require.NoError(t, f.b.Update(ctx, func(tx *Tx) error {
					op := journal.NewID()
					for _, id := range ids {
						if _, err := tx.undoPartial(id, op); err != nil {
							return err
						}
					}
					return tx.recordOperation(op, []byte("undo"), nil)
				}))
			}
			green("lettered and unlettered again")
		})
	}
}
