package reconcile_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev13Component is the reference model of a lettering group: the
// connected component of start through live partials, walked with maps
// over Tx.LivePartials (not groupOf's lists).
func hrev13Component(t testing.TB, f *fixture, start journal.LineRef) (lines []journal.LineRef, partials []journal.ID) {
	t.Helper()
	require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
		seen := map[journal.LineRef]bool{start: true}
		seenP := map[journal.ID]bool{}
		queue := []journal.LineRef{start}
		for len(queue) > 0 {
			ref := queue[0]
			queue = queue[1:]
			lines = append(lines, ref)
			ps, err := tx.LivePartials(ref)
			if err != nil {
				return err
			}
			for _, p := range ps {
				if seenP[p.ID] {
					continue
				}
				seenP[p.ID] = true
				partials = append(partials, p.ID)
				for _, o := range []journal.LineRef{p.Debit, p.Credit} {
					if !seen[o] {
						seen[o] = true
						queue = append(queue, o)
					}
				}
			}
		}
		return nil
	}))
	return hrev13SortRefs(lines), hrev13SortIDs(partials)
}

func hrev13SortRefs(refs []journal.LineRef) []journal.LineRef {
	out := slices.Clone(refs)
	sort.Slice(out, func(i, j int) bool { return fmt.Sprint(out[i]) < fmt.Sprint(out[j]) })
	return out
}

func hrev13SortIDs(ids []journal.ID) []journal.ID {
	out := slices.Clone(ids)
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// TestHrev13GroupAndOpenItemsModel runs random part payments, settling
// payments, write-offs (a payment 0.03 short), Detach and Unletter on two
// partners, with entries posted one by one and by PostBatch (indexes
// lagging), and after every step compares: every match's lines and
// partials with the reference component; every Unletter's undone
// partials with the component before it; the open items of each partner
// with the lines whose residual is nonzero; and Check. Groups grow past
// 32 lines (one payment letters many invoices, chains of part payments).
func TestHrev13GroupAndOpenItemsModel(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rng := rand.New(rand.NewPCG(13, 13))
		partners := []string{"C1", "C2"}
		known := map[journal.LineRef]string{} // 411000 lines → partner
		var invoices, payments map[string][]journal.LineRef = map[string][]journal.LineRef{}, map[string][]journal.LineRef{}
		learn := func(xs ...journal.Entry) {
			for _, x := range xs {
				for i, l := range x.Lines {
					if l.Account == "411000" {
						known[x.LineRef(i)] = l.Partner
					}
				}
			}
		}
		invoiceEntry := func(p string, cents int) journal.Entry {
			a := e(fmt.Sprintf("%d.%02d", cents/100, cents%100))
			return journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
				{Account: "411000", Partner: p, Balance: a, DueDate: d(4, 1)},
				{Account: "706000", Balance: a.Neg()},
			}}
		}
		paymentEntry := func(p string, cents int) journal.Entry {
			a := e(fmt.Sprintf("%d.%02d", cents/100, cents%100))
			return journal.Entry{Journal: "BQ", Date: d(3, 5), Type: journal.TypePayment, Lines: []journal.Line{
				{Account: "512000", Balance: a},
				{Account: "411000", Partner: p, Balance: a.Neg()},
			}}
		}
		postSome := func(xs []journal.Entry) []journal.Entry {
			if rng.IntN(2) == 0 {
				res, err := f.book.PostBatch(ctx, xs, ledger.BatchOptions{})
				require.NoError(t, err)
				out := make([]journal.Entry, len(res))
				for i, r := range res {
					require.NoError(t, r.Err)
					out[i] = r.Entry
				}
				return out
			}
			out := make([]journal.Entry, len(xs))
			for i, x := range xs {
				out[i] = f.post(t, x)
			}
			return out
		}
		openOf := func(refs []journal.LineRef) []journal.LineRef {
			var out []journal.LineRef
			for _, r := range refs {
				if !f.residual(t, r).IsZero() {
					out = append(out, r)
				}
			}
			return out
		}
		verify := func(step int, res reconcile.Result) {
			t.Helper()
			learn(res.Entries...)
			for _, m := range res.Matches {
				lines, partials := hrev13Component(t, f, m.Lines[0])
				assert.Equal(t, lines, hrev13SortRefs(m.Lines), "step %d: match %s lines", step, m.Code)
				assert.Equal(t, partials, hrev13SortIDs(m.Partials), "step %d: match %s partials", step, m.Code)
			}
			for _, p := range partners {
				items, err := f.book.OpenItems(ctx, "411000", p)
				require.NoError(t, err)
				var got []journal.LineRef
				for _, it := range items {
					got = append(got, it.Ref)
					assert.Equal(t, f.residual(t, it.Ref), it.Residual.Balance, "step %d: %s residual", step, it.Ref)
				}
				var want []journal.LineRef
				for ref, q := range known {
					if q == p && !f.residual(t, ref).IsZero() {
						want = append(want, ref)
					}
				}
				assert.Equal(t, hrev13SortRefs(want), hrev13SortRefs(got), "step %d: open items of %s", step, p)
			}
			if step%4 == 0 {
				f.check(t)
			}
		}
		for step := range 40 {
			p := partners[rng.IntN(len(partners))]
			switch op := rng.IntN(6); {
			case op <= 1: // post invoices and payments
				var xs []journal.Entry
				for range 1 + rng.IntN(5) {
					xs = append(xs, invoiceEntry(p, 1000+100*rng.IntN(20)))
				}
				for range 1 + rng.IntN(3) {
					xs = append(xs, paymentEntry(p, 500+100*rng.IntN(30)))
				}
				posted := postSome(xs)
				learn(posted...)
				for _, x := range posted {
					if x.Journal == "VT" {
						invoices[p] = append(invoices[p], x.LineRef(0))
					} else {
						payments[p] = append(payments[p], x.LineRef(1))
					}
				}
				verify(step, reconcile.Result{})
			case op <= 3: // letter some open invoices with some open payments
				inv, pay := openOf(invoices[p]), openOf(payments[p])
				if len(inv) == 0 || len(pay) == 0 {
					continue
				}
				rng.Shuffle(len(inv), func(i, j int) { inv[i], inv[j] = inv[j], inv[i] })
				rng.Shuffle(len(pay), func(i, j int) { pay[i], pay[j] = pay[j], pay[i] })
				lines := append(inv[:1+rng.IntN(min(len(inv), 4))], pay[:1+rng.IntN(min(len(pay), 2))]...)
				res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: lines, KeepOrder: rng.IntN(2) == 0})
				require.NoError(t, err, "step %d", step)
				verify(step, res)
			case op == 4: // a payment 0.03 short of an open invoice: written off
				inv := openOf(invoices[p])
				if len(inv) == 0 {
					continue
				}
				r := f.residual(t, inv[0])
				if c, _ := r.Cmp(e("1.00")); c < 0 {
					continue
				}
				short, err := r.Sub(e("0.03"))
				require.NoError(t, err)
				x := f.post(t, journal.Entry{Journal: "BQ", Date: d(3, 6), Type: journal.TypePayment, Lines: []journal.Line{
					{Account: "512000", Balance: short},
					{Account: "411000", Partner: p, Balance: short.Neg()},
				}})
				learn(x)
				payments[p] = append(payments[p], x.LineRef(1))
				res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv[0], x.LineRef(1)}})
				require.NoError(t, err, "step %d", step)
				verify(step, res)
			default: // undo: Detach or Unletter a lettered line
				var lettered []journal.LineRef
				for _, r := range append(slices.Clone(invoices[p]), payments[p]...) {
					if _, parts := hrev13Component(t, f, r); len(parts) > 0 {
						lettered = append(lettered, r)
					}
				}
				if len(lettered) == 0 {
					continue
				}
				r := lettered[rng.IntN(len(lettered))]
				_, before := hrev13Component(t, f, r)
				var res reconcile.Result
				var err error
				if rng.IntN(2) == 0 {
					res, err = f.rec.Detach(ctx, journal.NoID, r)
				} else {
					res, err = f.rec.Unletter(ctx, journal.NoID, r)
				}
				_ = before
				require.NoError(t, err, "step %d", step)
				verify(step, res)
			}
		}
		// A group past 32 lines: one payment for 40 open invoices of C1,
		// after part payments on some of them.
		var xs []journal.Entry
		for range 40 {
			xs = append(xs, invoiceEntry("C1", 1000))
		}
		posted := postSome(xs)
		learn(posted...)
		var inv []journal.LineRef
		for _, x := range posted {
			inv = append(inv, x.LineRef(0))
		}
		for k := 0; k < 40; k += 5 {
			x := f.post(t, paymentEntry("C1", 300))
			learn(x)
			res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv[k], x.LineRef(1)}})
			require.NoError(t, err)
			verify(1, res)
		}
		big := f.post(t, paymentEntry("C1", 40*1000-8*300))
		learn(big)
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: append(slices.Clone(inv), big.LineRef(1))})
		require.NoError(t, err)
		require.NotEmpty(t, res.Matches)
		verify(0, res)
		_, before := hrev13Component(t, f, inv[7])
		un, err := f.rec.Unletter(ctx, journal.NoID, inv[7])
		require.NoError(t, err)
		var undone []journal.ID
		for _, q := range un.UndonePartial {
			undone = append(undone, q.ID)
		}
		assert.Equal(t, before, hrev13SortIDs(undone), "Unletter undoes the whole group")
		verify(0, un)
		f.check(t)
	})
}
