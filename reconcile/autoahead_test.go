package reconcile_test

import (
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// TestAutoLetterSeesEntriesOfEarlierChunks: AutoLetter proposes the next
// chunk while it applies one; when a chunk posts an entry (here a
// write-off to a reconcilable suspense account), the next chunk is
// proposed again so that it sees the lines that entry added, as it would
// if the chunks ran one after the other.
// The next chunk's proposals are read while the chunk commits, so the
// race is run a few times.
func TestAutoLetterSeesEntriesOfEarlierChunks(t *testing.T) {
	for range 5 {
		autoLetterSeesEntriesOfEarlierChunks(t)
	}
}

func autoLetterSeesEntriesOfEarlierChunks(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		rec, err := reconcile.New(ctx, f.book, reconcile.Config{Tolerance: []currency.Amount{e("0.05")},
			WriteOffLoss: "471000", WriteOffGain: "471000"})
		require.NoError(t, err)
		// An open credit of 0.02 on the suspense account, that only the
		// write-off below can settle.
		waiting := f.post(t, journal.Entry{Journal: "BQ", Date: d(1, 2), Type: journal.TypePayment, Lines: []journal.Line{
			{Account: "512000", Balance: e("0.02")},
			{Account: "471000", Balance: e("-0.02")},
		}})
		f.invoice(t, "C1", d(1, 5), "100.00")
		f.pay(t, "C1", d(2, 1), "99.98", "", "") // 0.02 written off to 471000
		reconcile.SetAutoChunk(t, 1)
		sum, err := rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{All: true}})
		require.NoError(t, err)
		require.Equal(t, 2, sum.Applied, "C1 with its write-off, then the suspense account: %+v", sum)
		require.Equal(t, 1, sum.Entries)
		require.True(t, f.residual(t, journal.LineRef{Entry: waiting.ID, Index: 1}).IsZero(),
			"the suspense credit is lettered with the write-off")
		f.check(t)
	})
}

// TestAutoLetterChunksCountTheirOwn: chunks of two proposals, whose result
// arrays are lent from one chunk to the next, each count their own
// partials and matches: a payment of two invoices in a later chunk counts
// two partials, and the first chunks' counts are not read again.
func TestAutoLetterChunksCountTheirOwn(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		var lines []journal.LineRef
		for _, p := range []string{"C1", "C2", "C3"} {
			for k := range 3 {
				amount := fmt.Sprintf("%d.00", 100+10*k)
				lines = append(lines, line0(f.invoice(t, p, d(1, 2+k), amount)))
				lines = append(lines, line0(f.pay(t, p, d(2, 2+k), amount, "", "")))
			}
		}
		// Two invoices of C1 paid at once, in the last chunk.
		lines = append(lines, line0(f.invoice(t, "C1", d(3, 2), "7.00")), line0(f.invoice(t, "C1", d(3, 3), "8.00")))
		lines = append(lines, line0(f.pay(t, "C1", d(3, 20), "15.00", "", "")))
		reconcile.SetAutoChunk(t, 2)
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
		require.NoError(t, err)
		require.Equal(t, 10, sum.Applied, "%+v", sum)
		require.Equal(t, 11, sum.Partials, "%+v", sum)
		require.Equal(t, 10, sum.Matches, "%+v", sum)
		require.Equal(t, 21, sum.Lines, "%+v", sum)
		for _, l := range lines {
			require.True(t, f.residual(t, l).IsZero(), "%s lettered", l)
		}
		f.check(t)
	})
}
