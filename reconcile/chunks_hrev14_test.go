package reconcile_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
)

// hrev14Book posts, on f, pairs of invoices and payments of C1..C3, one
// payment of two invoices, and one payment short by 0.03 (a write-off).
func hrev14Book(t *testing.T, f *fixture) []journal.LineRef {
	var lines []journal.LineRef
	for _, p := range []string{"C1", "C2", "C3"} {
		for k := range 4 {
			amount := fmt.Sprintf("%d.00", 100+10*k)
			lines = append(lines, line0(f.invoice(t, p, d(1, 2+k), amount)), line0(f.pay(t, p, d(2, 2+k), amount, "", "")))
		}
	}
	lines = append(lines, line0(f.invoice(t, "C1", d(3, 2), "7.00")), line0(f.invoice(t, "C1", d(3, 3), "8.00")))
	lines = append(lines, line0(f.pay(t, "C1", d(3, 20), "15.00", "", "")))
	lines = append(lines, line0(f.invoice(t, "C2", d(4, 2), "55.55")), line0(f.pay(t, "C2", d(4, 20), "55.52", "", "")))
	return lines
}

// TestHrev14AutoLetterChunksLikeOne: AutoLetter in chunks of one proposal
// (each lent the last one's arrays) does and counts what one chunk does;
// called again with the same id it reads the same summary back.
// Expected and observed (a probe): equal summaries, every line lettered.
func TestHrev14AutoLetterChunksLikeOne(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			one, many := newFixture(t, s.Open(t)), newFixture(t, s.Open(t))
			hrev14Book(t, one)
			lines := hrev14Book(t, many)
			want, err := one.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers})
			require.NoError(t, err)

			reconcile.SetAutoChunk(t, 1)
			op := journal.NewID()
			got, err := many.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: customers})
			require.NoError(t, err)
			for _, g := range []reconcile.AutoSummary{want, got} {
				require.Equal(t, 14, g.Applied, "%+v", g)
			}
			require.Equal(t, want.Partials, got.Partials)
			require.Equal(t, want.Matches, got.Matches)
			require.Equal(t, want.Entries, got.Entries)
			require.Equal(t, want.Lines, got.Lines)
			require.Equal(t, want.ByRule, got.ByRule)
			for _, l := range lines {
				require.True(t, many.residual(t, l).IsZero(), "%s lettered", l)
			}
			many.check(t)

			again, err := many.rec.AutoLetter(ctx, reconcile.AutoRequest{Operation: op, Scope: customers})
			require.NoError(t, err)
			require.True(t, again.Replay)
			again.Replay = false
			require.Equal(t, got, again)
		})
	}
}

// TestHrev14AutoLetterStaleInALaterChunk: a pair lettered by hand after the
// first chunk (the next chunk was proposed ahead, with it) is refused alone;
// the counts stay those of the proposals applied.
// Expected and observed (a probe): Partials = Applied+1, Matches = Applied.
func TestHrev14AutoLetterStaleInALaterChunk(t *testing.T) {
	onStores(t, func(t *testing.T, f *fixture) {
		var lines []journal.LineRef
		for _, p := range []string{"C1", "C2", "C3"} {
			for k := range 4 {
				amount := fmt.Sprintf("%d.00", 100+10*k)
				lines = append(lines, line0(f.invoice(t, p, d(1, 2+k), amount)), line0(f.pay(t, p, d(2, 2+k), amount, "", "")))
			}
		}
		lines = append(lines, line0(f.invoice(t, "C3", d(3, 2), "7.00")), line0(f.invoice(t, "C3", d(3, 3), "8.00")))
		lines = append(lines, line0(f.pay(t, "C3", d(3, 20), "15.00", "", "")))
		reconcile.SetAutoChunk(t, 2)
		lettered := false
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: customers, Progress: func(reconcile.AutoSummary) {
			if lettered {
				return
			}
			lettered = true
			// C3's last pair: lines[22], lines[23].
			_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{lines[23], lines[22]}})
			require.NoError(t, err)
		}})
		require.NoError(t, err)
		t.Logf("applied %d failed %d partials %d matches %d", sum.Applied, sum.FailedCount, sum.Partials, sum.Matches)
		require.Equal(t, 12, sum.Applied, "%+v", sum)
		require.Equal(t, sum.Applied+1, sum.Partials, "%+v", sum)
		require.Equal(t, sum.Applied, sum.Matches, "%+v", sum)
		for _, l := range lines {
			require.True(t, f.residual(t, l).IsZero(), "%s lettered", l)
		}
		f.check(t)
	})
}

// TestHrev14UnletterBigGroupAndProvisionalCode: a payment of 40 invoices
// (a group past 32 lines and partials) unletters whole; a provisional
// group's code is its smallest partial's.
// Expected and observed (a probe): every invoice open again; codes equal.
func TestHrev14UnletterBigGroupAndProvisionalCode(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		var lines []journal.LineRef
		for k := range 40 {
			lines = append(lines, line0(f.invoice(t, "C1", d(1, 1+k%28), "1.00")))
		}
		pay := line0(f.pay(t, "C1", d(3, 1), "40.00", "", ""))
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: append([]journal.LineRef{pay}, lines...)})
		require.NoError(t, err)
		require.Len(t, res.Partials, 40)
		require.Len(t, res.Matches, 1)
		un, err := f.rec.Unletter(ctx, journal.NoID, lines[17])
		require.NoError(t, err)
		require.Len(t, un.UndonePartial, 40)
		for _, l := range append(lines, pay) {
			require.False(t, f.residual(t, l).IsZero(), "%s open again", l)
		}
		f.check(t)

		// Provisional: 3 invoices, a payment of part of them.
		var three []journal.LineRef
		for k := range 3 {
			three = append(three, line0(f.invoice(t, "C2", d(5, 1+k), "10.00")))
		}
		p2 := line0(f.pay(t, "C2", d(5, 20), "25.00", "", ""))
		res, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: append([]journal.LineRef{p2}, three...)})
		require.NoError(t, err)
		require.Len(t, res.Partials, 3)
		smallest := res.Partials[0].ID
		for _, p := range res.Partials {
			if p.ID.String() < smallest.String() {
				smallest = p.ID
			}
		}
		for _, l := range append(three, p2) {
			code, prov, err := f.rec.Code(ctx, l)
			require.NoError(t, err)
			require.True(t, prov)
			require.Equal(t, reconcile.ProvisionalCode(smallest), code)
		}
	})
}
