package ledger

import (
	"bytes"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/require"
)

// hrMoved returns a copy of the line state key of line i of x, with its
// account and partner replaced (and suffix appended).
func hrMoved(x journal.Entry, i int, account, partner string, suffix []byte) []byte {
	x = x.Clone()
	x.Lines[i].Account, x.Lines[i].Partner = account, partner
	return append(lineStateKey(&x, i), suffix...)
}

func hrSeq(x journal.Entry, i int, seq uint64, idx int, suffix []byte) []byte {
	x = x.Clone()
	x.Seq = seq
	k := appendLinePos(openPrefixRoom(x.Lines[i].Account, x.Lines[i].Partner, lineStateTail), x.Seq, idx)
	return append(k, suffix...)
}

// Damage to the line-state keyed indexes is reported, never a panic.
func TestReviewCheckLineStateDamage(t *testing.T) {
	type damage struct {
		name    string
		corrupt func(t *testing.T, f fixture)
		inv     int
		words   []string
	}
	move := func(bucket []byte, key func(f fixture) []byte, moved func(f fixture) []byte) func(t *testing.T, f fixture) {
		return func(t *testing.T, f fixture) {
			var v []byte
			f.raw(t, func(tx store.Tx) error {
				got, err := tx.Get(bucket, key(f))
				v = bytes.Clone(got)
				return err
			})
			f.del(t, bucket, key(f))
			f.put(t, bucket, moved(f), v)
		}
	}
	tests := []damage{
		{"line state moved to another partner", move(ixLine,
			func(f fixture) []byte { return lineStateKey(&f.inv, 0) },
			func(f fixture) []byte { return hrMoved(f.inv, 0, "411000", "C2", nil) }), 5, []string{"line-state index key", "stray"}},
		{"line state moved to another account", move(ixLine,
			func(f fixture) []byte { return lineStateKey(&f.inv, 0) },
			func(f fixture) []byte { return hrMoved(f.inv, 0, "401000", "C1", nil) }), 5, []string{"line-state index key", "stray"}},
		{"line state with no partner", move(ixLine,
			func(f fixture) []byte { return lineStateKey(&f.inv, 0) },
			func(f fixture) []byte { return hrMoved(f.inv, 0, "411000", "", nil) }), 5, []string{"line-state index key", "stray"}},
		{"line state of a line past the entry's end", move(ixLine,
			func(f fixture) []byte { return lineStateKey(&f.inv, 0) },
			func(f fixture) []byte { return hrSeq(f.inv, 0, f.inv.Seq, 7, nil) }), 5, []string{"line-state index key", "stray"}},
		{"line state of a sequence past the log", move(ixLine,
			func(f fixture) []byte { return lineStateKey(&f.inv, 0) },
			func(f fixture) []byte { return hrSeq(f.inv, 0, 999, 0, nil) }), 5, []string{"line-state index key", "stray"}},
		{"line state key cut short", move(ixLine,
			func(f fixture) []byte { return lineStateKey(&f.inv, 0) },
			func(f fixture) []byte { k := lineStateKey(&f.inv, 0); return k[:len(k)-1] }), 5, []string{"line-state index key", "stray"}},
		{"line state key too long", move(ixLine,
			func(f fixture) []byte { return lineStateKey(&f.inv, 0) },
			func(f fixture) []byte { return append(lineStateKey(&f.inv, 0), 0) }), 5, []string{"line-state index key", "stray"}},
		{"matched line state moved to another partner", move(ixLine,
			func(f fixture) []byte { return lineStateKey(&f.inv2, 0) },
			func(f fixture) []byte { return hrMoved(f.inv2, 0, "411000", "C1", nil) }), 7, []string{"not indexed as matched"}},
		{"matched line state on another line index", move(ixLine,
			func(f fixture) []byte { return lineStateKey(&f.inv2, 0) },
			func(f fixture) []byte { return hrSeq(f.inv2, 0, f.inv2.Seq, 1, nil) }), 5, []string{"line-state index key", "stray"}},
		{"line state cut short", func(t *testing.T, f fixture) {
			f.raw(t, func(tx store.Tx) error {
				v, err := tx.Get(ixLine, lineStateKey(&f.inv, 0))
				if err != nil {
					return err
				}
				return tx.Put(ixLine, lineStateKey(&f.inv, 0), bytes.Clone(v[:len(v)-1]))
			})
		}, 5, []string{"does not decode"}},
		{"line state with unknown flags", func(t *testing.T, f fixture) {
			f.put(t, ixLine, lineStateKey(&f.inv, 0), []byte{0x80})
		}, 5, []string{"does not decode"}},
		{"line state with live partials out of order", func(t *testing.T, f fixture) {
			editState(t, f, &f.inv, 0, func(st *lineState) { st.live = append(st.live, journal.ID{}) })
		}, 5, []string{"does not decode"}},
		{"line state listing a partial twice", func(t *testing.T, f fixture) {
			editState(t, f, &f.inv, 0, func(st *lineState) { st.live = append(st.live, st.live[0]) })
		}, 5, []string{"does not decode"}},
		{"line state listing a partial that does not exist", func(t *testing.T, f fixture) {
			editState(t, f, &f.inv, 0, func(st *lineState) { st.live = append(st.live, journal.ID{0xff}) })
		}, 5, []string{"lists partial", "does not exist"}},
		{"line state listing a partial of other lines", func(t *testing.T, f fixture) {
			editState(t, f, &f.inv, 0, func(st *lineState) { st.live = []journal.ID{f.m2.Partials[0]} })
		}, 5, []string{"lists partial", "does not touch it"}},
		{"line state holding an undone match", func(t *testing.T, f fixture) {
			editState(t, f, &f.inv, 0, func(st *lineState) { st.match = f.m3.ID })
		}, 7, []string{"holds it in match", "undone"}},
		{"line state holding a match that does not exist", func(t *testing.T, f fixture) {
			editState(t, f, &f.inv, 0, func(st *lineState) { st.match = journal.ID{0xfe} })
		}, 7, []string{"holds it in match", "does not exist"}},
		{"tiny keys", func(t *testing.T, f fixture) {
			for _, b := range [][]byte{ixLine} {
				f.put(t, b, []byte{1}, []byte{1})
				f.put(t, b, bytes.Repeat([]byte{0}, 14), nil)
				f.put(t, b, bytes.Repeat([]byte{0xff}, 30), bytes.Repeat([]byte{1}, 16))
			}
		}, 5, []string{"stray"}},
		{"wrong residual", func(t *testing.T, f fixture) {
			putResidual(t, f, &f.pay, 1, e("-1.00"), e("-1.00"))
		}, 5, []string{"stored residual -1.00"}},
	}
	for _, s := range stores {
		for _, tt := range tests {
			t.Run(s.Name+"/"+tt.name, func(t *testing.T) {
				f := newFixture(t, s)
				tt.corrupt(t, f)
				err := f.b.Check(ctx)
				require.Error(t, err)
				mustFind(t, err, tt.inv, tt.words...)
			})
		}
	}
}
