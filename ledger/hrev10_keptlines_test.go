package ledger

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/require"
)

// hrev10Pair is an invoice line and a receipt line of 120.00 of C1.
type hrev10Pair struct {
	inv, pay journal.LineRef
}

// hrev10Read renders what tx reads of pairs: each line's residual, live
// partials (amounts), match code; and the open items of 411000 C1 among
// them, read without keeping (readResidual, keep false).
func hrev10Read(t *testing.T, tx *Tx, pairs []hrev10Pair) string {
	t.Helper()
	var b strings.Builder
	mine := map[journal.LineRef]bool{}
	for _, p := range pairs {
		for _, ref := range []journal.LineRef{p.inv, p.pay} {
			mine[ref] = true
			r, err := tx.Residual(ref)
			require.NoError(t, err)
			ps, err := tx.LivePartials(ref)
			require.NoError(t, err)
			m, in, err := tx.MatchOf(ref)
			require.NoError(t, err)
			at, err := tx.ResidualAt(ref, d(12, 31))
			require.NoError(t, err)
			require.Equal(t, r.Balance.Plain(), at.Balance.Plain(), "ResidualAt %s", ref)
			fmt.Fprintf(&b, "%s %s", ref, r.Balance.Plain())
			for _, p := range ps {
				fmt.Fprintf(&b, " p%s", p.Amount.Plain())
			}
			if in {
				fmt.Fprintf(&b, " m%s", m.Code)
			}
			b.WriteByte('\n')
		}
	}
	items, err := tx.OpenItems("411000", "C1")
	require.NoError(t, err)
	for _, it := range items {
		if mine[it.Ref] {
			fmt.Fprintf(&b, "open %s %s\n", it.Ref, it.Residual.Balance.Plain())
		}
	}
	return b.String()
}

// One transaction posts a pair and letters it, letters a stored pair in
// two partials and matches it, then reads the match and live partials of
// more lines than it keeps (keptLinesMax: through MatchOf and
// LivePartials, not Residual), so that what it only read is dropped;
// reads the lettered pairs back, unletters one and letters it again
// another way, all in the same transaction. A failed transaction that
// lettered the same pairs and read the same lines comes first. What the
// transaction reads with its kept lines, without them, after the commit
// and in the next writing transaction is the same, and the book passes
// Check.
func TestHrev10WrittenLinesSurviveReadsPastKept(t *testing.T) {
	t.Parallel()
	n := keptLinesMax/2 + 150 // two lines a pair: past keptLinesMax
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			in := make([]journal.Entry, 0, 2*n)
			for i := 0; i < n; i++ {
				in = append(in, sale("C1", d(3, 10), "120.00"), receipt("C1", d(3, 12), "120.00"))
			}
			res, err := b.PostBatch(ctx, in, BatchOptions{AllOrNothing: true})
			require.NoError(t, err)
			pairs := make([]hrev10Pair, n)
			for i := range pairs {
				require.NoError(t, res[2*i].Err)
				require.NoError(t, res[2*i+1].Err)
				pairs[i] = hrev10Pair{res[2*i].Entry.LineRef(0), res[2*i+1].Entry.LineRef(1)}
			}
			partial := func(tx *Tx, p hrev10Pair, amount string) journal.ID {
				t.Helper()
				x, err := tx.putPartial(journal.Partial{Debit: p.inv, Credit: p.pay, Amount: e(amount),
					DebitAmountCurrency: e(amount), CreditAmountCurrency: e(amount), Date: d(3, 13), Kind: journal.KindPayment})
				require.NoError(t, err)
				return x.ID
			}
			match := func(tx *Tx, p hrev10Pair, code string, partials ...journal.ID) journal.ID {
				t.Helper()
				m, err := putMatchCounted(tx, journal.Match{Code: code, Account: "411000", Partner: "C1",
					Lines: []journal.LineRef{p.inv, p.pay}, Partials: partials, Date: d(3, 13)})
				require.NoError(t, err)
				return m.ID
			}
			readAll := func(tx *Tx) {
				t.Helper()
				for _, p := range pairs {
					_, _, err := tx.MatchOf(p.inv)
					require.NoError(t, err)
					_, err = tx.LivePartials(p.pay)
					require.NoError(t, err)
				}
			}
			post := func(tx *Tx) hrev10Pair {
				t.Helper()
				x, _, err := tx.Post(sale("C1", d(3, 20), "120.00"))
				require.NoError(t, err)
				y, _, err := tx.Post(receipt("C1", d(3, 21), "120.00"))
				require.NoError(t, err)
				return hrev10Pair{x.LineRef(0), y.LineRef(1)}
			}

			failed := errors.New("hrev10: failed on purpose")
			require.ErrorIs(t, b.Update(ctx, func(tx *Tx) error {
				fresh := post(tx)
				match(tx, fresh, "F0", partial(tx, fresh, "120.00"))
				for i := 0; i < 3; i++ {
					match(tx, pairs[i], fmt.Sprintf("F%d", i+1), partial(tx, pairs[i], "70.00"), partial(tx, pairs[i], "50.00"))
				}
				readAll(tx)
				return failed
			}), failed)
			var before string
			require.NoError(t, b.View(ctx, func(tx *Tx) error {
				before = hrev10Read(t, tx, pairs[:3])
				return nil
			}))
			require.Contains(t, before, "open ", "precondition: untouched pairs are open")

			var want string
			var fresh hrev10Pair
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				hrev9Same(t, before, hrev10Read(t, tx, pairs[:3]), "after a failed transaction")
				fresh = post(tx)
				fm := match(tx, fresh, "N0", partial(tx, fresh, "120.00"))
				p1, p2 := partial(tx, pairs[0], "70.00"), partial(tx, pairs[0], "50.00")
				m0 := match(tx, pairs[0], "A0", p1, p2)
				q := partial(tx, pairs[1], "20.00") // left partly lettered
				readAll(tx)
				require.Less(t, len(tx.kept.lines), 2*n, "precondition: the lines only read were dropped")
				require.Equal(t, 6, tx.kept.written, "precondition: the written lines wait for flush")
				// Read back after the drop.
				got := hrev10Read(t, tx, []hrev10Pair{fresh, pairs[0], pairs[1]})
				require.Contains(t, got, fmt.Sprintf("%s 0.00 p120.00 mN0\n", fresh.inv))
				require.Contains(t, got, fmt.Sprintf("%s 100.00 p20.00\n", pairs[1].inv))
				require.Contains(t, got, fmt.Sprintf("%s -100.00 p20.00\n", pairs[1].pay))
				require.Contains(t, got, fmt.Sprintf("open %s 100.00\n", pairs[1].inv))
				require.NotContains(t, got, fmt.Sprintf("open %s ", pairs[0].inv))
				// Unlettered and lettered again, another way, past the drop.
				op := journal.NewID()
				require.NoError(t, tx.recordOperation(op, []byte("undo"), nil))
				_, err := tx.undoMatch(m0, op)
				require.NoError(t, err)
				readAll(tx)
				for _, id := range []journal.ID{p2, p1} {
					_, err := tx.undoPartial(id, op)
					require.NoError(t, err)
					readAll(tx)
				}
				got = hrev10Read(t, tx, pairs[:1])
				require.Equal(t, fmt.Sprintf("%s 120.00\n%s -120.00\nopen %s 120.00\nopen %s -120.00\n", pairs[0].inv, pairs[0].pay, pairs[0].inv, pairs[0].pay), got, "unlettered in the transaction")
				match(tx, pairs[0], "B0", partial(tx, pairs[0], "120.00"))
				_, err = tx.undoMatch(fm, op)
				require.NoError(t, err)
				readAll(tx)
				match(tx, pairs[1], "B1", q, partial(tx, pairs[1], "100.00"))
				want = hrev10Read(t, tx, append([]hrev10Pair{fresh}, pairs[:3]...))
				tx.decoded, tx.partials = nil, keptPartials{}
				tx.kept.forget()
				hrev9Same(t, want, hrev10Read(t, tx, append([]hrev10Pair{fresh}, pairs[:3]...)), "read without the kept lines")
				return nil
			}))
			require.Contains(t, want, fmt.Sprintf("%s 0.00 p120.00 mB0\n", pairs[0].inv))
			require.Contains(t, want, fmt.Sprintf("%s 0.00 p120.00\n", fresh.inv), "unmatched, its partial live")
			require.NoError(t, b.View(ctx, func(tx *Tx) error {
				hrev9Same(t, want, hrev10Read(t, tx, append([]hrev10Pair{fresh}, pairs[:3]...)), "committed")
				return nil
			}))
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				hrev9Same(t, want, hrev10Read(t, tx, append([]hrev10Pair{fresh}, pairs[:3]...)), "the next writing transaction")
				return nil
			}))
			require.NoError(t, b.Check(ctx))
		})
	}
}
