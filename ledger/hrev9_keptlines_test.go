package ledger

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/require"
)

// hrev9Group is an invoice of 120.00 and two receipts, 70.00 and 50.00,
// of one partner: three reconcilable lines.
type hrev9Group struct {
	lines   [3]journal.LineRef
	p1, p2  journal.ID
	matchID journal.ID
	code    string
}

// hrev9State renders what tx reads of the groups' lines: residual, live
// partials with their amounts, match.
func hrev9State(t *testing.T, tx *Tx, groups []hrev9Group) string {
	t.Helper()
	var b strings.Builder
	for _, g := range groups {
		for _, ref := range g.lines {
			r, err := tx.Residual(ref)
			require.NoError(t, err)
			ps, err := tx.LivePartials(ref)
			require.NoError(t, err)
			m, in, err := tx.MatchOf(ref)
			require.NoError(t, err)
			fmt.Fprintf(&b, "%s %s/%s", ref, r.Balance.Plain(), r.AmountCurrency.Plain())
			for _, p := range ps {
				fmt.Fprintf(&b, " p%s:%s", p.ID, p.Amount.Plain())
			}
			if in {
				fmt.Fprintf(&b, " m%s", m.Code)
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// hrev9Expected renders what hrev9State must read of groups lettered in
// full (their two partials and their match), or untouched.
func hrev9Expected(groups []hrev9Group, lettered func(i int) bool) string {
	var b strings.Builder
	for i, g := range groups {
		if !lettered(i) {
			fmt.Fprintf(&b, "%s 120.00/120.00\n%s -70.00/-70.00\n%s -50.00/-50.00\n", g.lines[0], g.lines[1], g.lines[2])
			continue
		}
		ps := []string{fmt.Sprintf(" p%s:70.00", g.p1), fmt.Sprintf(" p%s:50.00", g.p2)}
		if g.p2.String() < g.p1.String() {
			ps[0], ps[1] = ps[1], ps[0]
		}
		fmt.Fprintf(&b, "%s 0.00/0.00%s%s m%s\n", g.lines[0], ps[0], ps[1], g.code)
		fmt.Fprintf(&b, "%s 0.00/0.00 p%s:70.00 m%s\n", g.lines[1], g.p1, g.code)
		fmt.Fprintf(&b, "%s 0.00/0.00 p%s:50.00 m%s\n", g.lines[2], g.p2, g.code)
	}
	return b.String()
}

// hrev9Same reports the first lines where got differs from want, and how
// many do.
func hrev9Same(t *testing.T, want, got, what string) {
	t.Helper()
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	if len(w) != len(g) {
		t.Errorf("%s: %d lines, want %d", what, len(g), len(w))
		return
	}
	bad := 0
	for i := range w {
		if w[i] != g[i] {
			if bad < 5 {
				t.Errorf("%s: line %d\n got  %s\n want %s", what, i, g[i], w[i])
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d lines differ", what, bad, len(w))
	}
}

// One transaction letters more lines than it keeps (keptLinesMax): every
// group gets its first partial, then, long after its kept state was
// dropped, its second partial and its match; the first groups are then
// unlettered and lettered again, and one is unlettered, lettered with
// its partials the other way round and matched. A transaction that did
// all of it and failed comes first. What the transaction
// reads with its kept lines is what it reads without them, what it
// commits is what it lettered, the next transaction (lent the cleared
// caches) reads the same, and the book passes Check.
func TestHrev9KeptLinesDroppedMidLettering(t *testing.T) {
	t.Parallel()
	n := keptLinesMax/3 + 200 // 3 lines a group: past keptLinesMax
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t))
			in := make([]journal.Entry, 0, 3*n)
			for i := 0; i < n; i++ {
				in = append(in, sale("C1", d(3, 10), "120.00"), receipt("C1", d(3, 12), "70.00"), receipt("C1", d(3, 13), "50.00"))
			}
			res, err := b.PostBatch(ctx, in, BatchOptions{AllOrNothing: true})
			require.NoError(t, err)
			groups := make([]hrev9Group, n)
			for i := range groups {
				for j := range 3 {
					require.NoError(t, res[3*i+j].Err)
				}
				groups[i].lines = [3]journal.LineRef{res[3*i].Entry.LineRef(0), res[3*i+1].Entry.LineRef(1), res[3*i+2].Entry.LineRef(1)}
			}
			partial := func(tx *Tx, deb, cred journal.LineRef, amount string) journal.ID {
				t.Helper()
				p, err := tx.putPartial(journal.Partial{Debit: deb, Credit: cred, Amount: e(amount),
					DebitAmountCurrency: e(amount), CreditAmountCurrency: e(amount), Date: d(3, 13), Kind: journal.KindPayment})
				require.NoError(t, err)
				return p.ID
			}
			match := func(tx *Tx, g *hrev9Group, code string) {
				t.Helper()
				m, err := putMatchCounted(tx, journal.Match{Code: code, Account: "411000", Partner: "C1", Lines: g.lines[:],
					Partials: []journal.ID{g.p1, g.p2}, Date: d(3, 13)})
				require.NoError(t, err)
				g.matchID, g.code = m.ID, code
			}
			unletter := func(tx *Tx, g *hrev9Group) {
				t.Helper()
				op := journal.NewID()
				require.NoError(t, tx.recordOperation(op, []byte("undo"), nil))
				_, err := tx.undoMatch(g.matchID, op)
				require.NoError(t, err)
				for _, id := range []journal.ID{g.p1, g.p2} {
					_, err := tx.undoPartial(id, op)
					require.NoError(t, err)
				}
			}
			// A transaction that letters them all, then fails: the next
			// one, lent its caches, reads none of it.
			failed := errors.New("hrev9: failed on purpose")
			require.ErrorIs(t, b.Update(ctx, func(tx *Tx) error {
				for i := range groups {
					g := &groups[i]
					g.p1 = partial(tx, g.lines[0], g.lines[1], "70.00")
					g.p2 = partial(tx, g.lines[0], g.lines[2], "50.00")
					match(tx, g, fmt.Sprintf("F%05d", i))
				}
				return failed
			}), failed)
			untouched := hrev9Expected(groups, func(int) bool { return false })
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				hrev9Same(t, untouched, hrev9State(t, tx, groups), "after a failed transaction")
				return nil
			}))
			var want string
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				for i := range groups {
					groups[i].p1 = partial(tx, groups[i].lines[0], groups[i].lines[1], "70.00")
				}
				// The first groups' kept states were dropped: their
				// residuals come from the states written.
				for i := range groups {
					g := &groups[i]
					r, err := tx.Residual(g.lines[0])
					require.NoError(t, err)
					require.Equal(t, "50.00", r.Balance.Plain(), "group %d after its first partial", i)
					g.p2 = partial(tx, g.lines[0], g.lines[2], "50.00")
					match(tx, g, fmt.Sprintf("A%05d", i))
				}
				for i := 0; i < 50; i++ {
					g := &groups[i]
					unletter(tx, g)
					g.p1 = partial(tx, g.lines[0], g.lines[1], "70.00")
					g.p2 = partial(tx, g.lines[0], g.lines[2], "50.00")
					match(tx, g, fmt.Sprintf("B%05d", i))
				}
				g := &groups[50]
				unletter(tx, g)
				g.p2 = partial(tx, g.lines[0], g.lines[2], "50.00")
				g.p1 = partial(tx, g.lines[0], g.lines[1], "70.00")
				match(tx, g, "C00050")
				want = hrev9Expected(groups, func(int) bool { return true })
				hrev9Same(t, want, hrev9State(t, tx, groups), "read with the kept lines")
				tx.decoded, tx.partials = nil, keptPartials{}
				tx.kept.forget() // the states written wait there for flush
				hrev9Same(t, want, hrev9State(t, tx, groups), "read without them")
				return nil
			}))
			require.NoError(t, b.View(ctx, func(tx *Tx) error {
				hrev9Same(t, want, hrev9State(t, tx, groups), "committed")
				return nil
			}))
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				hrev9Same(t, want, hrev9State(t, tx, groups), "the next writing transaction")
				return nil
			}))
			require.NoError(t, b.Check(ctx))
		})
	}
}
