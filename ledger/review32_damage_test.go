// Review 32 (3ac546c): these tests PASS on 3ac546c; they pin properties of
// book format 10 worth keeping (no failing case was found in the time given).

package ledger

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/require"
)

// Targeted damage to the id index runs: Check reports each, never panics
// and never passes.
func TestReview32RunDamage(t *testing.T) {
	type run struct{ k, v []byte }
	cases := map[string]func(tx store.Tx, runs []run) error{
		"truncated": func(tx store.Tx, r []run) error {
			return tx.Put(bEntryRun, r[0].k, bytes.Clone(r[0].v[:len(r[0].v)-1]))
		},
		"empty value": func(tx store.Tx, r []run) error { return tx.Put(bEntryRun, r[0].k, []byte{}) },
		"first seq changed": func(tx store.Tx, r []run) error {
			s, w := binary.Uvarint(r[0].v)
			v := binary.AppendUvarint(nil, s+1)
			return tx.Put(bEntryRun, r[0].k, append(v, r[0].v[w:]...))
		},
		"last step changed": func(tx store.Tx, r []run) error {
			v := bytes.Clone(r[0].v)
			v[len(v)-1] ^= 0x02
			return tx.Put(bEntryRun, r[0].k, v)
		},
		"shared byte raised": func(tx store.Tx, r []run) error {
			v := bytes.Clone(r[0].v)
			_, w := binary.Uvarint(v)
			v[w] = 15
			return tx.Put(bEntryRun, r[0].k, v)
		},
		"run dropped": func(tx store.Tx, r []run) error { return tx.Delete(bEntryRun, r[1].k) },
		"run key moved down": func(tx store.Tx, r []run) error {
			k := bytes.Clone(r[1].k)
			k[15]--
			if err := tx.Delete(bEntryRun, r[1].k); err != nil {
				return err
			}
			return tx.Put(bEntryRun, k, bytes.Clone(r[1].v))
		},
		"run key of wrong length": func(tx store.Tx, r []run) error {
			return tx.Put(bEntryRun, append(bytes.Clone(r[1].k), 0), bytes.Clone(r[1].v))
		},
		"id also alone with another seq": func(tx store.Tx, r []run) error {
			return tx.Put(bEntry, bytes.Clone(r[1].k), seqKey(1))
		},
		"copy of a run under its first id's predecessor": func(tx store.Tx, r []run) error {
			k := bytes.Clone(r[1].k)
			k[15]--
			return tx.Put(bEntryRun, k, bytes.Clone(r[0].v))
		},
		"run overlapping the next (last id of one beyond next first)": func(tx store.Tx, r []run) error {
			// Append to run 0 the first id of run 1 with run 1's sequence:
			// the id is indexed twice.
			var lastID []byte
			var lastSeq uint64
			if err := expandEntryRun(r[0].k, r[0].v, func(id []byte, s uint64) error {
				lastID, lastSeq = bytes.Clone(id), s
				return nil
			}); err != nil {
				return err
			}
			s1, _ := binary.Uvarint(r[1].v)
			v := appendRunID(bytes.Clone(r[0].v), lastID, r[1].k, lastSeq, s1)
			return tx.Put(bEntryRun, r[0].k, v)
		},
	}
	for name, damage := range cases {
		for _, s := range stores {
			t.Run(fmt.Sprintf("%s/%s", name, s.Name), func(t *testing.T) {
				st := s.Open(t)
				b := testBook(t, st)
				var xs []journal.Entry
				for i := 0; i < 100; i++ {
					xs = append(xs, sale("C1", d(1, 1+i%28), fmt.Sprintf("%d.00", 5+i)))
				}
				res, err := b.PostBatch(ctx, xs, BatchOptions{})
				require.NoError(t, err)
				for _, r := range res {
					require.NoError(t, r.Err)
				}
				require.NoError(t, b.Index(ctx))
				require.NoError(t, b.Check(ctx))
				require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
					var runs []run
					if err := tx.Scan(bEntryRun, nil, nil, false, func(k, v []byte) error {
						runs = append(runs, run{bytes.Clone(k), bytes.Clone(v)})
						return nil
					}); err != nil {
						return err
					}
					require.GreaterOrEqual(t, len(runs), 2)
					return damage(tx, runs)
				}))
				b2, err := Open(ctx, st, Options{Clock: fixedClock()})
				require.NoError(t, err)
				err = func() (err error) {
					defer func() {
						if r := recover(); r != nil {
							err = fmt.Errorf("panic: %v", r)
						}
					}()
					return b2.Check(ctx)
				}()
				require.Error(t, err, "Check must report the damage")
				require.NotContains(t, err.Error(), "panic:")
			})
		}
	}
}
