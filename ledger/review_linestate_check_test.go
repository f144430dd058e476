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
		{"residual moved to another partner", move(ixLine,
			func(f fixture) []byte { return residualKey(&f.inv, 0) },
			func(f fixture) []byte { return hrMoved(f.inv, 0, "411000", "C2", []byte{tagResidual}) }), 5, []string{"line-state index key", "stray"}},
		{"residual moved to another account", move(ixLine,
			func(f fixture) []byte { return residualKey(&f.inv, 0) },
			func(f fixture) []byte { return hrMoved(f.inv, 0, "401000", "C1", []byte{tagResidual}) }), 5, []string{"line-state index key", "stray"}},
		{"residual of a line past the entry's end", move(ixLine,
			func(f fixture) []byte { return residualKey(&f.inv, 0) },
			func(f fixture) []byte { return hrSeq(f.inv, 0, f.inv.Seq, 7, []byte{tagResidual}) }), 5, []string{"line-state index key", "stray"}},
		{"residual of a sequence past the log", move(ixLine,
			func(f fixture) []byte { return residualKey(&f.inv, 0) },
			func(f fixture) []byte { return hrSeq(f.inv, 0, 999, 0, []byte{tagResidual}) }), 5, []string{"line-state index key", "stray"}},
		{"live partial moved to another partner", move(ixLine,
			func(f fixture) []byte { return livePartialKey(&f.inv, 0, f.part1.ID) },
			func(f fixture) []byte {
				return hrMoved(f.inv, 0, "411000", "C2", append([]byte{tagLivePartial}, f.part1.ID[:]...))
			}), 5, []string{"line-state index key", "stray"}},
		{"live partial with no partner", move(ixLine,
			func(f fixture) []byte { return livePartialKey(&f.inv, 0, f.part1.ID) },
			func(f fixture) []byte {
				return hrMoved(f.inv, 0, "411000", "", append([]byte{tagLivePartial}, f.part1.ID[:]...))
			}), 5, []string{"line-state index key", "stray"}},
		{"live partial of a sequence past the log", move(ixLine,
			func(f fixture) []byte { return livePartialKey(&f.inv, 0, f.part1.ID) },
			func(f fixture) []byte {
				return hrSeq(f.inv, 0, 999, 0, append([]byte{tagLivePartial}, f.part1.ID[:]...))
			}), 5, []string{"line-state index key", "stray"}},
		{"live partial key cut short", move(ixLine,
			func(f fixture) []byte { return livePartialKey(&f.inv, 0, f.part1.ID) },
			func(f fixture) []byte { return livePartialPrefix(&f.inv, 0) }), 5, []string{"line-state index key", "stray"}},
		{"live partial key too long", move(ixLine,
			func(f fixture) []byte { return livePartialKey(&f.inv, 0, f.part1.ID) },
			func(f fixture) []byte { return append(livePartialKey(&f.inv, 0, f.part1.ID), 0) }), 5, []string{"line-state index key", "stray"}},
		{"matched moved to another partner", move(ixLine,
			func(f fixture) []byte { return matchedKey(&f.inv2, 0) },
			func(f fixture) []byte { return hrMoved(f.inv2, 0, "411000", "C1", []byte{tagMatched}) }), 7, []string{"line-state index key", "stray"}},
		{"matched on another line index", move(ixLine,
			func(f fixture) []byte { return matchedKey(&f.inv2, 0) },
			func(f fixture) []byte { return hrSeq(f.inv2, 0, f.inv2.Seq, 1, []byte{tagMatched}) }), 7, []string{"line-state index key", "stray"}},
		{"matched of a sequence past the log", move(ixLine,
			func(f fixture) []byte { return matchedKey(&f.inv2, 0) },
			func(f fixture) []byte { return hrSeq(f.inv2, 0, 999, 0, []byte{tagMatched}) }), 7, []string{"line-state index key", "stray"}},
		{"tiny keys", func(t *testing.T, f fixture) {
			for _, b := range [][]byte{ixLine} {
				f.put(t, b, []byte{1}, []byte{1})
				f.put(t, b, bytes.Repeat([]byte{0}, 14), nil)
				f.put(t, b, bytes.Repeat([]byte{0xff}, 30), bytes.Repeat([]byte{1}, 16))
			}
		}, 5, []string{"stray"}},
		{"wrong residual", func(t *testing.T, f fixture) {
			f.raw(t, func(tx store.Tx) error {
				return newTx(f.b, tx).putResidual(f.pay.LineRef(1), &f.pay, e("-1.00"), e("-1.00"))
			})
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
