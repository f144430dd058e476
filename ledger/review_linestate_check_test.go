package ledger

import (
	"bytes"
	"fmt"
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
	k := u32(u64(openPrefixRoom(x.Lines[i].Account, x.Lines[i].Partner, 12), x.Seq), uint32(idx))
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
		{"residual moved to another partner", move(ixResidual,
			func(f fixture) []byte { return lineStateKey(&f.inv, 0) },
			func(f fixture) []byte { return hrMoved(f.inv, 0, "411000", "C2", nil) }), 5, []string{"residual index key", "stray"}},
		{"residual moved to another account", move(ixResidual,
			func(f fixture) []byte { return lineStateKey(&f.inv, 0) },
			func(f fixture) []byte { return hrMoved(f.inv, 0, "401000", "C1", nil) }), 5, []string{"residual index key", "stray"}},
		{"residual of a line past the entry's end", move(ixResidual,
			func(f fixture) []byte { return lineStateKey(&f.inv, 0) },
			func(f fixture) []byte { return hrSeq(f.inv, 0, f.inv.Seq, 7, nil) }), 5, []string{"residual index key", "stray"}},
		{"residual of a sequence past the log", move(ixResidual,
			func(f fixture) []byte { return lineStateKey(&f.inv, 0) },
			func(f fixture) []byte { return hrSeq(f.inv, 0, 999, 0, nil) }), 5, []string{"residual index key", "stray"}},
		{"live partial moved to another partner", move(ixLivePart,
			func(f fixture) []byte { return livePartialKey(&f.inv, 0, f.part1.ID) },
			func(f fixture) []byte { return hrMoved(f.inv, 0, "411000", "C2", f.part1.ID[:]) }), 5, []string{"live-partial index key", "stray"}},
		{"live partial with no partner", move(ixLivePart,
			func(f fixture) []byte { return livePartialKey(&f.inv, 0, f.part1.ID) },
			func(f fixture) []byte { return hrMoved(f.inv, 0, "411000", "", f.part1.ID[:]) }), 5, []string{"live-partial index key", "stray"}},
		{"live partial of a sequence past the log", move(ixLivePart,
			func(f fixture) []byte { return livePartialKey(&f.inv, 0, f.part1.ID) },
			func(f fixture) []byte { return hrSeq(f.inv, 0, 999, 0, f.part1.ID[:]) }), 5, []string{"live-partial index key", "stray"}},
		{"live partial key cut short", move(ixLivePart,
			func(f fixture) []byte { return livePartialKey(&f.inv, 0, f.part1.ID) },
			func(f fixture) []byte { return lineStateKey(&f.inv, 0) }), 5, []string{"live-partial index key", "stray"}},
		{"live partial key too long", move(ixLivePart,
			func(f fixture) []byte { return livePartialKey(&f.inv, 0, f.part1.ID) },
			func(f fixture) []byte { return append(livePartialKey(&f.inv, 0, f.part1.ID), 0) }), 5, []string{"live-partial index key", "stray"}},
		{"matched moved to another partner", move(ixMatched,
			func(f fixture) []byte { return lineStateKey(&f.inv2, 0) },
			func(f fixture) []byte { return hrMoved(f.inv2, 0, "411000", "C1", nil) }), 7, []string{"matched-lines index key", "stray"}},
		{"matched on another line index", move(ixMatched,
			func(f fixture) []byte { return lineStateKey(&f.inv2, 0) },
			func(f fixture) []byte { return hrSeq(f.inv2, 0, f.inv2.Seq, 1, nil) }), 7, []string{"matched-lines index key", "stray"}},
		{"matched of a sequence past the log", move(ixMatched,
			func(f fixture) []byte { return lineStateKey(&f.inv2, 0) },
			func(f fixture) []byte { return hrSeq(f.inv2, 0, 999, 0, nil) }), 7, []string{"matched-lines index key", "stray"}},
		{"tiny keys", func(t *testing.T, f fixture) {
			for _, b := range [][]byte{ixResidual, ixLivePart, ixMatched} {
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
				fmt.Println(tt.name, "->", err)
				mustFind(t, err, tt.inv, tt.words...)
			})
		}
	}
}
