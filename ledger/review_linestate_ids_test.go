package ledger

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/require"
)

// tagByteIDs are caller-chosen partial and match ids whose bytes sit on the
// tag values at every position lineStateTag and the prefix scans look at.
func tagByteIDs() []journal.ID {
	var ids []journal.ID
	for _, b := range []byte{1, 2, 3} {
		var all, first, last journal.ID
		for i := range all {
			all[i] = b
			first[i] = 0xee
			last[i] = 0x11
		}
		first[0], last[15] = b, b
		ids = append(ids, all, first, last)
	}
	var ff, lo journal.ID
	for i := range ff {
		ff[i] = 0xff
	}
	lo[15] = 1 // 00…01
	ids = append(ids, ff, lo)
	lo[15] = 2
	ids = append(ids, lo)
	lo[15] = 3
	ids = append(ids, lo)
	return ids
}

// requireSound checks a sound book in both modes: digest mode with no fallback,
// lookup mode with no problem, and every line-state key explained as what
// it is (as a stray scan in lookup mode would).
func requireSound(t *testing.T, b *Book, where string) {
	t.Helper()
	runs := checkLookupRuns.Load()
	require.NoError(t, b.Check(ctx), where)
	require.Equal(t, runs, checkLookupRuns.Load(), "%s: a sound book fell back to key-by-key lookups", where)
	require.NoError(t, b.view(ctx, func(tx *Tx) error {
		c, err := runCheck(ctx, tx, true)
		if err != nil {
			return err
		}
		require.Empty(t, c.problems, "%s: lookup mode", where)
		var n uint64
		err = tx.st.Scan(ixLine, nil, nil, false, func(k, v []byte) error {
			n++
			why, err := c.explainLineState(k, v)
			require.Empty(t, why, "%s: sound key %x", where, k)
			return err
		})
		require.Equal(t, n, c.tally(ixLine).expected, "%s: keys counted in lookup mode", where)
		return err
	}), where)
}

// Lettering with caller-chosen partial and match ids whose bytes are the
// tag values (1, 2, 3) at the first, last and every position: Check passes
// in digest and lookup mode, never falls back, and explains every key as
// its own kind; LivePartials and MatchOf read back exactly what was written.
func TestReviewCallerIDsOnTagBytes(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			ids := tagByteIDs()
			type pair struct{ inv, pay journal.Entry }
			var pairs []pair
			for i := range ids {
				p := []string{"C1", "C2", "S1"}[i%3]
				acc := "411000"
				inv := mustPost(t, b, sale(p, d(3, 1+i%20), "100.00"))
				pay := mustPost(t, b, receipt(p, d(3, 2+i%20), "100.00"))
				_ = acc
				pairs = append(pairs, pair{inv, pay})
			}
			// Half partials: residual + live partial on each line.
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				op := journal.NewID()
				for i, id := range ids {
					pa := allocation(pairs[i].inv.LineRef(0), pairs[i].pay.LineRef(1), "40.00", d(4, 1), op)
					pa.ID = id
					tx.claimID(id) // an id of the caller's: the book writes a record only under ids it made
					if _, err := tx.putPartial(pa); err != nil {
						return fmt.Errorf("partial %x: %w", id, err)
					}
				}
				return tx.recordOperation(op, []byte("partials"), nil)
			}))
			requireSound(t, b, "after partials with tag-byte ids")
			// Second partial (fresh id) and a match with a tag-byte id.
			second := map[int]journal.Partial{}
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				op := journal.NewID()
				defer func() { _ = tx.recordOperation(op, []byte("matches"), nil) }()
				for i, id := range ids {
					pa := allocation(pairs[i].inv.LineRef(0), pairs[i].pay.LineRef(1), "60.00", d(4, 2), op)
					got, err := tx.putPartial(pa)
					if err != nil {
						return err
					}
					second[i] = got
					p := pairs[i].inv.Lines[0].Partner
					if _, err := tx.nextCounter("code 411000 " + p); err != nil {
						return err
					}
					mid := id
					mid[7] ^= 0x40 // another id, same tag bytes at the ends
					tx.claimID(mid)
					if _, err := putMatchCounted(tx, journal.Match{ID: mid, Code: fmt.Sprintf("Z%02d", i), Account: "411000", Partner: p,
						Operation: pa.Operation, Lines: []journal.LineRef{pairs[i].inv.LineRef(0), pairs[i].pay.LineRef(1)},
						Partials: []journal.ID{id, got.ID}, Date: d(4, 2)}); err != nil {
						return fmt.Errorf("match %x: %w", mid, err)
					}
				}
				return nil
			}))
			requireSound(t, b, "after matches")
			require.NoError(t, b.View(ctx, func(tx *Tx) error {
				for i, id := range ids {
					for _, ref := range []journal.LineRef{pairs[i].inv.LineRef(0), pairs[i].pay.LineRef(1)} {
						ps, err := tx.LivePartials(ref)
						require.NoError(t, err)
						got := []journal.ID{}
						for _, p := range ps {
							got = append(got, p.ID)
						}
						require.ElementsMatch(t, []journal.ID{id, second[i].ID}, got, "line %s", ref)
						m, ok, err := tx.MatchOf(ref)
						require.NoError(t, err)
						require.True(t, ok)
						require.Equal(t, id[15], m.ID[15])
					}
				}
				return nil
			}))
			// Undo every match and the tag-byte partials: residual stays,
			// live partial keys go.
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				op := journal.NewID()
				defer func() { _ = tx.recordOperation(op, []byte("undo"), nil) }()
				for i, id := range ids {
					m, _, err := tx.MatchOf(pairs[i].inv.LineRef(0))
					if err != nil {
						return err
					}
					if _, err := tx.undoMatch(m.ID, op); err != nil {
						return err
					}
					if _, err := tx.undoPartial(id, op); err != nil {
						return err
					}
					if i%2 == 0 {
						if _, err := tx.undoPartial(second[i].ID, op); err != nil {
							return err
						}
					}
				}
				return nil
			}))
			requireSound(t, b, "after undoing")
			require.NoError(t, b.View(ctx, func(tx *Tx) error {
				for i := range ids {
					ps, err := tx.LivePartials(pairs[i].pay.LineRef(1))
					require.NoError(t, err)
					require.Len(t, ps, i%2, "line %d", i)
					has, err := tx.hasLivePartials(&pairs[i].inv)
					require.NoError(t, err)
					require.Equal(t, i%2 == 1, has)
				}
				return nil
			}))
		})
	}
}

// Damage to each kind of line-state key, on lines lettered with tag-byte
// ids, is reported under its invariant, and the rest of the keys are not
// named.
func TestReviewDamageTagByteIDs(t *testing.T) {
	for _, s := range stores {
		for _, id := range tagByteIDs()[:9] {
			t.Run(fmt.Sprintf("%s/%x", s.Name, id[:2]), func(t *testing.T) {
				b := testBook(t, s.Open(t))
				b.strict = false
				st := b.st
				inv := mustPost(t, b, sale("C1", d(3, 1), "100.00"))
				pay := mustPost(t, b, receipt("C1", d(3, 2), "100.00"))
				inv2 := mustPost(t, b, sale("C2", d(3, 1), "100.00"))
				pay2 := mustPost(t, b, receipt("C2", d(3, 2), "100.00"))
				mid := id
				mid[8] ^= 0x40
				require.NoError(t, b.Update(ctx, func(tx *Tx) error {
					op := journal.NewID()
					if err := tx.recordOperation(op, []byte("op"), nil); err != nil {
						return err
					}
					pa := allocation(inv.LineRef(0), pay.LineRef(1), "40.00", d(4, 1), op)
					pa.ID = id
					tx.claimID(id) // an id of the caller's: the book writes a record only under ids it made
					if _, err := tx.putPartial(pa); err != nil {
						return err
					}
					pb := allocation(inv2.LineRef(0), pay2.LineRef(1), "100.00", d(4, 1), op)
					pb.ID = mid
					pb.ID[9] ^= 0x20
					tx.claimID(pb.ID)
					got, err := tx.putPartial(pb)
					if err != nil {
						return err
					}
					if _, err := tx.nextCounter("code 411000 C2"); err != nil {
						return err
					}
					tx.claimID(mid)
					_, err = putMatchCounted(tx, journal.Match{ID: mid, Code: "AAA", Account: "411000", Partner: "C2", Operation: pb.Operation,
						Lines: []journal.LineRef{inv2.LineRef(0), pay2.LineRef(1)}, Partials: []journal.ID{got.ID}, Date: d(4, 1)})
					return err
				}))
				requireSound(t, b, "sound")
				snapshot := map[string][]byte{}
				require.NoError(t, st.View(ctx, func(tx store.Tx) error {
					return tx.Scan(ixLine, nil, nil, false, func(k, v []byte) error {
						snapshot[string(k)] = bytes.Clone(v)
						return nil
					})
				}))
				restore := func() {
					require.NoError(t, st.Update(ctx, func(tx store.Tx) error {
						if err := tx.Scan(ixLine, nil, nil, false, func(k, v []byte) error { return nil }); err != nil {
							return err
						}
						var keys [][]byte
						if err := tx.Scan(ixLine, nil, nil, false, func(k, v []byte) error {
							keys = append(keys, bytes.Clone(k))
							return nil
						}); err != nil {
							return err
						}
						for _, k := range keys {
							if err := tx.Delete(ixLine, k); err != nil {
								return err
							}
						}
						for k, v := range snapshot {
							if err := tx.Put(ixLine, []byte(k), bytes.Clone(v)); err != nil {
								return err
							}
						}
						return nil
					}))
				}
				type dmg struct {
					name string
					do   func(tx store.Tx) error
					inv  int
				}
				rk, mk, pk := lineStateKey(&inv, 0), lineStateKey(&inv2, 0), lineStateKey(&pay2, 1)
				eur := e("1.00").Currency()
				// edit rewrites the state stored under k as fn changes it.
				edit := func(k []byte, fn func(st *lineState)) func(tx store.Tx) error {
					return func(tx store.Tx) error {
						st, err := readLineState(snapshot[string(k)], eur, eur)
						if err != nil {
							return err
						}
						fn(&st)
						return tx.Put(ixLine, k, appendLineState(nil, &st))
					}
				}
				other := id
				other[15] ^= 0x80
				for _, dm := range []dmg{
					{"delete residual", func(tx store.Tx) error { return tx.Delete(ixLine, rk) }, 5},
					{"delete live partial", edit(rk, func(st *lineState) { st.live = nil }), 5},
					{"delete matched", edit(mk, func(st *lineState) { st.match = journal.NoID }), 7},
					{"alter residual", edit(rk, func(st *lineState) { st.residual = Residual{Balance: e("1.00"), AmountCurrency: e("1.00")} }), 5},
					{"alter matched", edit(mk, func(st *lineState) { st.match = other }), 7},
					{"add live partial", edit(pk, func(st *lineState) {
						st.live = append(st.live, other)
						slices.SortFunc(st.live, compareIDs)
					}), 5},
					{"add matched", edit(rk, func(st *lineState) { st.match = mid }), 7},
					{"add residual on a non-reconcilable line", func(tx store.Tx) error {
						return tx.Put(ixLine, lineStateKey(&inv, 1), snapshot[string(rk)])
					}, 5},
				} {
					require.NoError(t, st.Update(ctx, dm.do), dm.name)
					err := b.Check(ctx)
					require.Error(t, err, dm.name)
					var ce *CheckError
					require.ErrorAs(t, err, &ce, dm.name)
					found := false
					for _, p := range ce.Problems {
						found = found || p.Invariant == dm.inv
					}
					require.True(t, found, "%s: %v", dm.name, ce.Problems)
					restore()
					require.NoError(t, b.Check(ctx), "restored after %s", dm.name)
				}
			})
		}
	}
}
