package ledger

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/require"
)

// hrev162Entries are n entries of varied shapes: invoices to C1/C2 with
// due dates, labels of every length, USD invoices, and receipts.
func hrev162Entries(n, from int) []journal.Entry {
	out := make([]journal.Entry, 0, n)
	for i := from; i < from+n; i++ {
		day := d(1+time0(i%11), 1+i%27)
		p := []string{"C1", "C2"}[i%2]
		label := fmt.Sprintf("facture %d %s", i, string(make([]byte, 0)))
		for range i % 7 {
			label += " x"
		}
		switch i % 4 {
		case 0, 1:
			x := sale(p, day, fmt.Sprintf("%d.%02d", 100+i, i%100))
			x.Ref, x.Label = fmt.Sprintf("REF-%05d", i), label
			x.Lines[0].DueDate = day.AddDays(30 + i%5)
			x.Lines[0].Label = fmt.Sprintf("ligne %d", i)
			out = append(out, x)
		case 2:
			amt := fmt.Sprintf("%d.%02d", 10+i, i%100)
			out = append(out, journal.Entry{Journal: "VT", Date: day, Type: journal.TypeInvoice, Currency: usd, Label: label,
				Lines: []journal.Line{
					{Account: "411000", Partner: p, Balance: e(amt), AmountCurrency: u(amt), DueDate: day.AddDays(10)},
					{Account: "706000", Balance: e(amt).Neg(), AmountCurrency: u(amt).Neg()},
				}})
		default:
			x := receipt(p, day, fmt.Sprintf("%d.00", 1+i%50))
			x.Label = label
			out = append(out, x)
		}
	}
	return out
}

func time0(i int) time.Month { return time.Month(i) }

// hrev162Same compares an entry read with the one posted.
func hrev162Same(t *testing.T, want, got journal.Entry, where string) {
	t.Helper()
	require.Equal(t, want.ID, got.ID, where)
	require.Equal(t, want.Hash, got.Hash, where)
	require.Equal(t, want.Seq, got.Seq, where)
	require.Equal(t, want.Name(), got.Name(), where)
	require.Equal(t, want.Label, got.Label, where)
	require.Equal(t, want.Ref, got.Ref, where)
	require.Equal(t, want.Date, got.Date, where)
	require.Equal(t, want.Currency, got.Currency, where)
	require.Len(t, got.Lines, len(want.Lines), where)
	for i := range want.Lines {
		w, g := want.Lines[i], got.Lines[i]
		require.Equal(t, w.Account, g.Account, where)
		require.Equal(t, w.Partner, g.Partner, where)
		require.Equal(t, w.Label, g.Label, where)
		require.Equal(t, w.DueDate, g.DueDate, where)
		require.Equal(t, w.Balance.String(), g.Balance.String(), where)
		require.Equal(t, w.AmountCurrency.String(), g.AmountCurrency.String(), where)
	}
}

// hrev162Verify reads every posted entry in one transaction through
// Entry, OpenItems, EachOpenGroup, OpenItemsAt and Residual, keeps all
// it read, and compares it at the end with what was posted.
func hrev162Verify(t *testing.T, b *Book, posted map[journal.ID]journal.Entry, order []journal.ID, write bool) {
	t.Helper()
	body := func(tx *Tx) error {
		read := make([]journal.Entry, 0, len(order))
		for _, id := range order {
			x, err := tx.Entry(id)
			require.NoError(t, err)
			read = append(read, x)
		}
		var items []OpenItem
		for _, p := range []string{"C1", "C2"} {
			its, err := tx.OpenItems("411000", p)
			require.NoError(t, err)
			items = append(items, its...)
			at, err := tx.OpenItemsAt("411000", p, journal.MustDate(2026, 12, 31))
			require.NoError(t, err)
			require.Equal(t, len(its), len(at))
			for i := range its {
				require.Equal(t, its[i].Ref, at[i].Ref)
				require.Equal(t, its[i].Label, at[i].Label)
				require.Equal(t, its[i].EntryLabel, at[i].EntryLabel)
			}
		}
		var grouped []OpenItem
		require.NoError(t, tx.EachOpenGroup("411000", "", func(partner string, its []OpenItem) (bool, error) {
			grouped = append(grouped, its...)
			return true, nil
		}))
		require.Equal(t, len(items), len(grouped))
		if write {
			x := sale("C1", d(6, 1), "12.00")
			_, _, err := tx.Post(x)
			require.NoError(t, err)
		}
		for i, id := range order {
			w := posted[id]
			hrev162Same(t, w, read[i], "Entry "+w.Name())
		}
		for _, it := range append(items, grouped...) {
			w, ok := posted[it.Ref.Entry]
			if !ok {
				continue // the entry posted by this transaction
			}
			l := w.Lines[it.Ref.Index]
			where := "open item " + w.Name()
			require.Equal(t, w.Name(), it.Number, where)
			require.Equal(t, w.Label, it.EntryLabel, where)
			require.Equal(t, w.Ref, it.EntryRef, where)
			require.Equal(t, l.Label, it.Label, where)
			require.Equal(t, l.Partner, it.Partner, where)
			require.Equal(t, l.DueDate, it.DueDate, where)
			require.Equal(t, l.Balance.String(), it.Balance.String(), where)
			require.Equal(t, l.Balance.String(), it.Residual.Balance.String(), where)
			if it.entry != nil {
				hrev162Same(t, w, *it.entry, "open item's entry "+w.Name())
			}
			r, err := tx.Residual(it.Ref)
			require.NoError(t, err)
			require.Equal(t, l.Balance.String(), r.Balance.String(), where)
		}
		return nil
	}
	if write {
		require.NoError(t, b.Update(ctx, body))
	} else {
		require.NoError(t, b.View(ctx, body))
	}
}

func hrev162Build(t *testing.T, st store.Store) (map[journal.ID]journal.Entry, []journal.ID) {
	b := testBook(t, st)
	posted := map[journal.ID]journal.Entry{}
	var order []journal.ID
	for k := range 3 {
		res, err := b.PostBatch(ctx, hrev162Entries(700, k*700), BatchOptions{AllOrNothing: true})
		require.NoError(t, err)
		for _, r := range res {
			require.NoError(t, r.Err)
			posted[r.Entry.ID] = r.Entry
			order = append(order, r.Entry.ID)
		}
	}
	for i := range 30 { // single posts too, after the dictionary
		res, err := b.Post(ctx, hrev162Entries(1, 5000+i)[0])
		require.NoError(t, err)
		posted[res.Entry.ID] = res.Entry
		order = append(order, res.Entry.ID)
	}
	hrev162Verify(t, b, posted, order, false)
	hrev162Verify(t, b, posted, order, true)
	require.NoError(t, b.Check(ctx))
	return posted, order
}

func TestHrev162ManyEntriesReadBack(t *testing.T) {
	t.Parallel()
	t.Run("memstore", func(t *testing.T) {
		st := memstore.New()
		posted, order := hrev162Build(t, st)
		b, err := Open(ctx, st, Options{Clock: fixedClock()})
		require.NoError(t, err)
		hrev162Verify(t, b, posted, order, false)
		require.NoError(t, b.Check(ctx))
	})
	for _, o := range []struct {
		name string
		opts boltstore.Options
	}{{"boltstore", boltstore.Options{NoSync: true}}, {"boltstore-wb", boltstore.Options{NoSync: true, WriteBehind: true, WriteBehindMax: 64}}} {
		t.Run(o.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "b.db")
			st, err := boltstore.Open(path, o.opts)
			require.NoError(t, err)
			posted, order := hrev162Build(t, st)
			require.NoError(t, st.Close())
			st, err = boltstore.Open(path, o.opts)
			require.NoError(t, err)
			defer st.Close()
			b, err := Open(ctx, st, Options{Clock: fixedClock()})
			require.NoError(t, err)
			hrev162Verify(t, b, posted, order, false)
			hrev162Verify(t, b, posted, order, true)
			require.NoError(t, b.Check(ctx))
		})
	}
}

var _ = currency.Zero
