package ledger

import (
	"bytes"
	"crypto/sha256"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/require"
)

// Partials and matches carry their chain pointer in their own record
// (inlinePointer). The chain index holds none for them; each record's
// pointer names the chain record that last wrote it and the hash of its
// value; damage to the pointer, or a pointer left in the index, is named by
// Check; a write over a record whose pointer is damaged is refused.
func TestInlinePointers(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			require.NoError(t, f.b.Check(ctx))
			f.raw(t, func(tx store.Tx) error {
				require.NoError(t, tx.Scan(ixChained, nil, nil, false, func(k, v []byte) error {
					bucket, _, err := splitChainedKey(k)
					require.NoError(t, err)
					require.False(t, inlinePointer(bucket), "ixChained holds a pointer of %s", bucket)
					return nil
				}))
				head, _, err := chainHead(tx, chainLetter)
				require.NoError(t, err)
				for _, b := range [][]byte{bPartial, bMatch} {
					n := 0
					require.NoError(t, tx.Scan(b, nil, nil, false, func(k, v []byte) error {
						n++
						ptr, value, ok := splitInline(v)
						require.True(t, ok)
						seq := u64From(ptr[:8])
						require.True(t, seq >= 1 && seq <= head, "%s %x points to record %d of %d", b, k, seq, head)
						h := sha256.Sum256(value)
						require.Equal(t, h[:], ptr[8:], "%s %x", b, k)
						return nil
					}))
					require.NotZero(t, n, "precondition: the fixture has %s records", b)
				}
				return nil
			})
		})
	}
}

func TestInlinePointerDamage(t *testing.T) {
	// rewrite replaces the stored record of key in bucket by what fn makes
	// of it.
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
		corrupt func(t *testing.T, f fixture)
		words   func(f fixture) []string
	}{
		{"pointer to another record", func(t *testing.T, f fixture) {
			rewrite(t, f, bPartial, f.part1.ID[:], func(v []byte) []byte {
				v[7]++ // the chain record's number, the hash left as it was
				return v
			})
		}, func(f fixture) []string { return []string{"partial " + f.part1.ID.String()} }},
		{"pointer past the chain's end", func(t *testing.T, f fixture) {
			rewrite(t, f, bMatch, f.m2.ID[:], func(v []byte) []byte {
				copy(v, seqKey(1<<40))
				return v
			})
		}, func(f fixture) []string { return []string{"match " + f.m2.ID.String(), "does not exist"} }},
		{"pointer's hash", func(t *testing.T, f fixture) {
			rewrite(t, f, bPartial, f.part2.ID[:], func(v []byte) []byte {
				v[20] ^= 1
				return v
			})
		}, func(f fixture) []string {
			return []string{"partial " + f.part2.ID.String(), "altered outside the chain"}
		}},
		{"record too short for a pointer", func(t *testing.T, f fixture) {
			rewrite(t, f, bMatch, f.m2.ID[:], func(v []byte) []byte { return v[:chainPtrSize-1] })
		}, func(f fixture) []string { return []string{"match " + f.m2.ID.String(), "written outside the chain"} }},
		{"record without its pointer", func(t *testing.T, f fixture) {
			rewrite(t, f, bPartial, f.part1.ID[:], func(v []byte) []byte { return v[chainPtrSize:] })
		}, func(f fixture) []string { return []string{"partial " + f.part1.ID.String()} }},
		{"pointer put in the chain index", func(t *testing.T, f fixture) {
			f.raw(t, func(tx store.Tx) error {
				v, err := tx.Get(bPartial, f.part1.ID[:])
				if err != nil {
					return err
				}
				return tx.Put(ixChained, chainedKey(bPartial, f.part1.ID[:]), bytes.Clone(v[:chainPtrSize]))
			})
		}, func(f fixture) []string { return []string{"partial " + f.part1.ID.String(), "hold their own pointer"} }},
	}
	for _, s := range stores {
		for _, tt := range tests {
			t.Run(s.Name+"/"+tt.name, func(t *testing.T) {
				f := newFixture(t, s)
				tt.corrupt(t, f)
				err := f.b.Check(ctx)
				require.Error(t, err)
				mustFind(t, err, 3, tt.words(f)...)
				var ve *VerifyError
				require.ErrorAs(t, f.b.Verify(ctx), &ve)
				want := ChainLettering
				if tt.name == "pointer put in the chain index" {
					want = "chain index"
				}
				require.Equal(t, want, ve.Chain)
			})
		}
	}
}

// A write over a partial or a match whose stored record does not match
// its pointer is refused, and nothing is written: the record's damage
// would otherwise be recorded anew as the book's own.
func TestInlinePointerRefusesWriteOverDamage(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			for _, tt := range []struct {
				name string
				fn   func(v []byte) []byte
				want string
			}{
				{"value altered", func(v []byte) []byte { v[len(v)-1] ^= 1; return v }, "altered outside its chain"},
				{"too short", func(v []byte) []byte { return v[:10] }, "holds no chain pointer"},
			} {
				t.Run(tt.name, func(t *testing.T) {
					f := newFixture(t, s)
					f.raw(t, func(tx store.Tx) error {
						v, err := tx.Get(bMatch, f.m2.ID[:])
						if err != nil {
							return err
						}
						return tx.Put(bMatch, bytes.Clone(f.m2.ID[:]), tt.fn(bytes.Clone(v)))
					})
					var before []byte
					f.raw(t, func(tx store.Tx) error {
						v, err := tx.Get(bMatch, f.m2.ID[:])
						before = bytes.Clone(v)
						return err
					})
					err := f.b.Update(ctx, func(tx *Tx) error {
						op := journal.NewID()
						if err := tx.recordOperation(op, []byte("undo"), nil); err != nil {
							return err
						}
						_, err := tx.undoMatch(f.m2.ID, op)
						return err
					})
					if tt.name == "too short" {
						// The record no longer decodes: the undo stops there.
						require.Error(t, err)
					} else {
						require.ErrorIs(t, err, ErrIntegrity)
						require.ErrorContains(t, err, tt.want)
					}
					f.raw(t, func(tx store.Tx) error {
						v, err := tx.Get(bMatch, f.m2.ID[:])
						require.Equal(t, before, v, "nothing written")
						return err
					})
				})
			}
		})
	}
}

// A transaction that finds the lettering chain moved under the records it
// pointed at its next record fails, and writes nothing.
func TestInlinePointerChainMovedUnderTheTransaction(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			var head uint64
			f.raw(t, func(tx store.Tx) error {
				var err error
				head, _, err = chainHead(tx, chainLetter)
				return err
			})
			err := f.b.Update(ctx, func(tx *Tx) error {
				p := allocation(f.inv3.LineRef(0), f.p3.LineRef(1), "1.00", d(3, 8), journal.NoID)
				if _, err := tx.putPartial(p); err != nil {
					return err
				}
				// Someone appends a record to the chain inside the transaction.
				return tx.ct.Tx.Put(bLetterChain, seqKey(head+1), chainValue(&chainRec{Seq: head + 1}))
			})
			require.ErrorIs(t, err, ErrIntegrity)
			require.ErrorContains(t, err, "lettering chain")
			f.raw(t, func(tx store.Tx) error {
				n, _, err := chainHead(tx, chainLetter)
				require.Equal(t, head, n, "nothing written")
				return err
			})
			require.NoError(t, f.b.Check(ctx))
		})
	}
}
