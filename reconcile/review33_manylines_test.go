package reconcile_test

import (
	"flag"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var manyLines = flag.Int("manylines", 600, "lines of TestReview33LetterManyLines' invoice (4200 crosses line 4096)")

// PIN (passes on 03dcee0): lettering an entry of many lines on lines whose index crosses the byte boundaries of the two-byte
// line index (255/256, 511/512 or 4095/4096, the last lines) keeps each line's state
// apart: full matches, partials, residuals, open items, unlettering, and
// Check on the result.
func TestReview33LetterManyLines(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		// 600 lines by default, crossing 255/256 and 511/512; -manylines 4200
		// crosses 4095/4096 too (about 100 s on the three backends), and
		// journal.EntryLinesMax (10 000) passes as well (about 9 minutes).
		n := *manyLines
		hi := 512
		if n > 4100 {
			hi = 4096
		}
		inv := journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice}
		for i := 0; i < n-1; i++ {
			p := "C1"
			if i%2 == 1 {
				p = "C2"
			}
			inv.Lines = append(inv.Lines, journal.Line{Account: "411000", Partner: p, Balance: e("1.00")})
		}
		inv.Lines = append(inv.Lines, journal.Line{Account: "706000", Balance: currency.FromMinor(eur, -int64(n-1)*100)})
		inv = f.post(t, inv)
		pay := func(p, amount string) journal.Entry {
			return f.post(t, journal.Entry{Journal: "BQD", Date: d(3, 2), Type: journal.TypePayment, Lines: []journal.Line{
				{Account: "512000", Balance: e(amount)},
				{Account: "411000", Partner: p, Balance: e(amount).Neg()},
			}})
		}
		ref := func(x journal.Entry, i int) journal.LineRef { return x.LineRef(i) }
		type step struct {
			idx    int
			amount string
		}
		steps := []step{{256, "1.00"}, {255, "0.40"}, {hi, "1.00"}, {hi - 1, "0.30"}, {n - 2, "0.70"}, {n - 3, "1.00"}}
		ops := map[int]journal.ID{}
		for _, s := range steps {
			p := inv.Lines[s.idx].Partner
			py := pay(p, s.amount)
			res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{ref(inv, s.idx), ref(py, 1)}})
			require.NoError(t, err, "line %d", s.idx)
			ops[s.idx] = res.Operation
		}
		want := map[int]string{256: "0.00", 255: "0.60", hi: "0.00", hi - 1: "0.70", n - 2: "0.30", n - 3: "0.00", 254: "1.00", 257: "1.00", hi + 1: "1.00", 0: "1.00", 1: "1.00"}
		for idx, w := range want {
			assert.Equal(t, w, f.residual(t, ref(inv, idx)).Plain(), "residual of line %d", idx)
		}
		for _, p := range []string{"C1", "C2"} {
			items, err := f.book.OpenItems(ctx, "411000", p)
			require.NoError(t, err)
			sum := currency.Zero(eur)
			lastSeq, lastIdx := uint64(0), -1
			seen := map[int]bool{}
			for _, it := range items {
				if it.Ref.Entry == inv.ID {
					seen[it.Ref.Index] = true
					if it.Seq == lastSeq {
						assert.Greater(t, it.Ref.Index, lastIdx, "open items in line order")
					}
					lastSeq, lastIdx = it.Seq, it.Ref.Index
				}
				sum, _ = sum.Add(it.Residual.Balance)
			}
			for idx := range want {
				if inv.Lines[idx].Partner == p {
					assert.Equal(t, want[idx] != "0.00", seen[idx], "line %d open", idx)
				}
			}
			_ = sum
			bal, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: "411000", Partner: p})
			require.NoError(t, err)
			assert.Equal(t, bal.Balance.Plain(), sum.Plain(), "open items of %s sum to its balance", p)
		}
		f.check(t)
		// Unletter the full match on line hi and the partial on line 255.
		for _, idx := range []int{hi, 255} {
			_, err := f.rec.Unletter(ctx, journal.NoID, ref(inv, idx))
			require.NoError(t, err, "unletter line %d", idx)
		}
		assert.Equal(t, "1.00", f.residual(t, ref(inv, hi)).Plain())
		assert.Equal(t, "1.00", f.residual(t, ref(inv, 255)).Plain())
		assert.Equal(t, "0.00", f.residual(t, ref(inv, 256)).Plain())
		assert.Equal(t, "0.70", f.residual(t, ref(inv, hi-1)).Plain())
		f.check(t)
	})
}
