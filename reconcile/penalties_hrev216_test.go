package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An invoice of 01/02 for 1 000,00 without a due date is due on 03/03,
// the 30th day after it (L441-10 I: 28 days of February, then 2 of
// March); paid on 15/04 it bears penalties from 04/03 to 15/04: 28 days
// of March and 15 of April, 43. 1 000 × 43 × 0,1215 / 365 = 14,3136… =
// 14,31, and the indemnity.
func TestHrev216PenaltiesWithoutDueDate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.post(t, journal.Entry{Journal: "VT", Date: d(2, 1), Type: journal.TypeInvoice, Ref: "FA-1", Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("1000.00")},
			{Account: "706000", Balance: e("-1000.00")},
		}})
		require.True(t, inv.Lines[0].DueDate.IsZero())
		f.receive(t, "BQD", "C1", d(4, 15), "1000.00", inv)
		pen := f.hrev200Query(t, d(4, 30))
		assert.Equal(t, "C1 FA-1 [1000.00×43] 14.31+40.00; total 54.31", hrev200Show(pen))
		require.Len(t, pen.Rows, 1)
		s := pen.Rows[0].Items[0].Slices[0]
		assert.Equal(t, d(3, 3), s.DueDate)
		assert.Equal(t, d(3, 3), s.From)
		assert.Equal(t, d(4, 15), s.To)
		// On its 30th day it is not late yet.
		assert.Equal(t, "total 0.00", hrev200Show(f.hrev200Query(t, d(3, 3))))
	})
}

// A consumer owes neither penalties nor the indemnity: not by itself, not
// in Dunning, and InvoicePenalties invoices it nothing; the professional
// beside it still owes them.
func TestHrev216PenaltiesNotOfConsumers(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		p, err := f.book.Partner(ctx, "C2")
		require.NoError(t, err)
		p.Consumer = true
		require.NoError(t, f.book.UpdatePartner(ctx, p))
		f.hrev200Inv(t, "C1", "FA-1", d(1, 31), "1000.00")
		f.hrev200Inv(t, "C2", "FA-2", d(1, 31), "1000.00")
		assert.Equal(t, "total 0.00", hrev200Show(f.hrev200Query(t, d(3, 31), "C2")))
		assert.Equal(t, "C1 FA-1 [1000.00×59] 19.64+40.00; total 59.64", hrev200Show(f.hrev200Query(t, d(3, 31))))

		dn, err := f.rec.Dunning(ctx, reconcile.DunningQuery{At: d(3, 31), PenaltyRate: hrev200Rate("12.15")})
		require.NoError(t, err)
		require.Len(t, dn.Rows, 2)
		for _, r := range dn.Rows {
			if r.Partner == "C2" { // a consumer: none claimed, none counted
				assert.True(t, r.Consumer)
				assert.False(t, r.Penalties.IsSet() || r.Indemnities.IsSet(), "%s %s", r.Penalties, r.Indemnities)
			} else {
				assert.Equal(t, "19.64 40.00", r.Penalties.Plain()+" "+r.Indemnities.Plain())
			}
		}

		res, err := f.rec.InvoicePenalties(ctx, reconcile.PenaltyInvoice{Query: reconcile.PenaltyQuery{At: d(3, 31), Rate: hrev200Rate("12.15")}})
		require.NoError(t, err)
		require.Len(t, res.Entries, 1)
		assert.Equal(t, "C1", res.Entries[0].Lines[0].Partner)
		f.check(t)
	})
}
