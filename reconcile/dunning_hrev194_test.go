package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// Reminders by line: an instalment named alone; the refusals of lines;
// a document named claims only its lines overdue at the date.
func TestHrev194ReminderLines(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.post(t, journal.Entry{Journal: "VT", Date: d(4, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("100.00"), DueDate: d(5, 1)},
			{Account: "411000", Partner: "C1", Balance: e("200.00"), DueDate: d(5, 10)},
			{Account: "411000", Partner: "C1", Balance: e("50.00"), DueDate: d(7, 1)},
			{Account: "706000", Balance: e("-350.00")},
		}})
		other := hrev191Inv(t, f, "C2", d(4, 1), d(5, 1), "10.00")
		before := f.snapshot(t)
		for name, c := range map[string]struct {
			lines []journal.LineRef
			docs  []journal.ID
			want  error
		}{
			"not due yet":          {lines: []journal.LineRef{inv.LineRef(2)}, want: reconcile.ErrNotOverdue},
			"a sales line":         {lines: []journal.LineRef{inv.LineRef(3)}, want: reconcile.ErrNotDocument},
			"no such line":         {lines: []journal.LineRef{inv.LineRef(9)}, want: reconcile.ErrNotPosted},
			"negative index":       {lines: []journal.LineRef{{Entry: inv.ID, Index: -1}}, want: reconcile.ErrNotPosted},
			"another's line":       {lines: []journal.LineRef{other.LineRef(0)}, want: reconcile.ErrPartner},
			"line twice":           {lines: []journal.LineRef{inv.LineRef(0), inv.LineRef(0)}, want: reconcile.ErrDuplicateLine},
			"line and document":    {docs: []journal.ID{inv.ID}, lines: []journal.LineRef{inv.LineRef(1)}, want: reconcile.ErrDuplicateLine},
			"one line not overdue": {lines: []journal.LineRef{inv.LineRef(0), inv.LineRef(2)}, want: reconcile.ErrNotOverdue},
		} {
			_, err := f.rec.RecordReminder(ctx, reconcile.Reminder{Partner: "C1", Date: d(5, 20), Level: 1, Documents: c.docs, Lines: c.lines})
			assert.ErrorIs(t, err, c.want, name)
		}
		f.unchanged(t, before)

		// The second instalment alone at level 1 on 20 May.
		_, err := f.rec.RecordReminder(ctx, reconcile.Reminder{Partner: "C1", Date: d(5, 20), Level: 1, Lines: []journal.LineRef{inv.LineRef(1)}})
		require.NoError(t, err)
		rows := hrev191Run(t, f, reconcile.DunningQuery{At: d(5, 20), Partners: []string{"C1"}})
		require.Len(t, rows, 1)
		require.Len(t, rows[0].Items, 2)
		assert.Equal(t, []int{0, 1}, []int{rows[0].Items[0].Reminded, rows[0].Items[1].Reminded})
		assert.Nil(t, rows[0].Items[0].Last)
		assert.Equal(t, 1, rows[0].Next, "the first instalment is due its reminder")

		// The document on 20 July: its three instalments, all overdue then.
		_, err = f.rec.RecordReminder(ctx, reconcile.Reminder{Partner: "C1", Date: d(7, 20), Level: 2, Documents: []journal.ID{inv.ID}})
		require.NoError(t, err)
		rows = hrev191Run(t, f, reconcile.DunningQuery{At: d(7, 20), Partners: []string{"C1"}})
		require.Len(t, rows[0].Items, 3)
		for _, it := range rows[0].Items {
			assert.Equal(t, 2, it.Reminded, "line %d", it.Ref.Index)
		}
		f.check(t)
	})
}

// An invoice due the reminder's day is not overdue; any level may be
// recorded on an overdue one, as Odoo lets a follow-up be sent by hand at
// any level.
func TestHrev194ReminderDueThatDayAndAnyLevel(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := hrev191Inv(t, f, "C1", d(5, 1), d(6, 10), "70.00")
		before := f.snapshot(t)
		_, err := f.rec.RecordReminder(ctx, reconcile.Reminder{Partner: "C1", Date: d(6, 10), Level: 1, Documents: []journal.ID{inv.ID}})
		assert.ErrorIs(t, err, reconcile.ErrNotOverdue)
		f.unchanged(t, before)
		_, err = f.rec.RecordReminder(ctx, reconcile.Reminder{Partner: "C1", Date: d(6, 11), Level: 3, Documents: []journal.ID{inv.ID}})
		require.NoError(t, err, "one day late, a formal notice by hand")
		rows := hrev191Run(t, f, reconcile.DunningQuery{At: d(7, 30)})
		require.Len(t, rows, 1)
		assert.Equal(t, 3, rows[0].Items[0].Reminded)
		assert.Equal(t, 0, rows[0].Next)
	})
}

// Credits that leave a small positive net: the letter is still due; equal
// to the debts: none. Net and Totals say so.
func TestHrev194CreditsNet(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		hrev191Inv(t, f, "C1", d(4, 1), d(5, 1), "100.00")
		f.creditNote(t, "C1", d(5, 10), "99.99")
		hrev191Inv(t, f, "C2", d(4, 1), d(5, 1), "100.00")
		f.creditNote(t, "C2", d(5, 10), "100.00")
		rows := hrev191Run(t, f, reconcile.DunningQuery{At: d(6, 30)})
		require.Len(t, rows, 2)
		assert.Equal(t, e("0.01").String(), rows[0].Net.String())
		assert.Equal(t, 3, rows[0].Next, "a small net is still claimed")
		require.Len(t, rows[0].Totals, 1)
		assert.Equal(t, "EUR", rows[0].Totals[0].Currency.Code())
		assert.Equal(t, e("0.01").String(), rows[0].Totals[0].Net.String())
		assert.Equal(t, e("0.00").String(), rows[1].Net.String())
		assert.Equal(t, 0, rows[1].Next, "credits equal to the debts: nothing to claim")
	})
}

// The letter is at the customer's level: a new invoice reaching the first
// level of a customer sent a formal notice brings a formal notice; once
// every item is reminded, nothing.
func TestHrev194NextIsCustomersLevel(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		old := hrev191Inv(t, f, "C1", d(3, 1), d(4, 1), "100.00")
		_, err := f.rec.RecordReminder(ctx, reconcile.Reminder{Partner: "C1", Date: d(5, 20), Level: 3, Documents: []journal.ID{old.ID}})
		require.NoError(t, err)
		hrev191Inv(t, f, "C1", d(5, 1), d(6, 1), "40.00")
		rows := hrev191Run(t, f, reconcile.DunningQuery{At: d(6, 10)})
		require.Len(t, rows, 1)
		assert.Equal(t, 3, rows[0].Level)
		assert.Equal(t, 0, rows[0].Next, "the new invoice, 9 days late, reached no level")
		rows = hrev191Run(t, f, reconcile.DunningQuery{At: d(6, 16)})
		assert.Equal(t, 1, rows[0].Items[1].Level)
		assert.True(t, rows[0].Items[1].Proposed())
		assert.Equal(t, 3, rows[0].Next, "the formal notice's level, the customer's")
	})
}

// Dollars and euros: a total per currency, by code.
func TestHrev194TotalsPerCurrency(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		f.post(t, journal.Entry{Journal: "VT", Date: d(4, 1), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("900.00"), AmountCurrency: currency.MustParse(usd, "1000.00"), DueDate: d(5, 1)},
			{Account: "706000", Balance: e("-900.00"), AmountCurrency: currency.MustParse(usd, "-1000.00")},
		}})
		hrev191Inv(t, f, "C1", d(4, 1), d(5, 1), "100.00")
		f.creditNote(t, "C1", d(5, 10), "150.00")
		rows := hrev191Run(t, f, reconcile.DunningQuery{At: d(6, 30)})
		require.Len(t, rows, 1)
		tt := rows[0].Totals
		require.Len(t, tt, 2)
		assert.Equal(t, []string{"EUR", "USD"}, []string{tt[0].Currency.Code(), tt[1].Currency.Code()})
		assert.Equal(t, e("-50.00").String(), tt[0].Net.String())
		assert.Equal(t, currency.MustParse(usd, "1000.00").String(), tt[1].Due.String())
		assert.Equal(t, currency.MustParse(usd, "1000.00").String(), tt[1].Net.String())
		assert.Equal(t, e("850.00").String(), rows[0].Net.String())
		assert.Equal(t, 3, rows[0].Next)
	})
}
