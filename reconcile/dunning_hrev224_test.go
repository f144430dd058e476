package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev224NoDue posts an invoice of p dated date whose receivable line
// names no due date.
func (f *fixture) hrev224NoDue(t *testing.T, p string, date journal.Date, amount string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "VT", Date: date, Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: p, Balance: e(amount)},
		{Account: "706000", Balance: e(amount).Neg()},
	}})
}

// hrev224Partners gives C1 terms of 45 days, leaves C2 a professional
// without terms, makes C3 a consumer without terms and adds C4, a
// consumer with terms of 10 days.
func (f *fixture) hrev224Partners(t *testing.T) {
	t.Helper()
	p, err := f.book.Partner(ctx, "C1")
	require.NoError(t, err)
	p.PaymentTermDays = 45
	require.NoError(t, f.book.UpdatePartner(ctx, p))
	p, err = f.book.Partner(ctx, "C3")
	require.NoError(t, err)
	p.Consumer = true
	require.NoError(t, f.book.UpdatePartner(ctx, p))
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "C4", Name: "Partner C4", Consumer: true, PaymentTermDays: 10}))
}

// An invoice line without a due date is overdue, in Dunning, from the day
// LatePenalties counts it due: on the customer's terms, else 30 days after
// its date for a professional, and on its date for a consumer, whose debt
// with no term agreed is due at once.
func TestHrev224DunningDueWithoutDate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.hrev224Partners(t)
		for _, p := range []string{"C1", "C2", "C3", "C4"} {
			f.hrev224NoDue(t, p, d(3, 1), "100.00")
		}
		for _, c := range []struct {
			partner string
			due     journal.Date
			at      journal.Date
			days    int // 0: not overdue, not listed
			level   int
		}{
			{"C1", d(4, 15), d(3, 11), 0, 0}, // terms of 45 days
			{"C1", d(4, 15), d(4, 1), 0, 0},
			{"C1", d(4, 15), d(4, 15), 0, 0},
			{"C1", d(4, 15), d(4, 16), 1, 0},
			{"C1", d(4, 15), d(4, 30), 15, 1},
			{"C2", d(3, 31), d(3, 11), 0, 0}, // no terms: 30 days (L441-10 I)
			{"C2", d(3, 31), d(3, 31), 0, 0},
			{"C2", d(3, 31), d(4, 1), 1, 0},
			{"C2", d(3, 31), d(4, 15), 15, 1},
			{"C2", d(3, 31), d(5, 15), 45, 3},
			{"C3", d(3, 1), d(3, 1), 0, 0}, // a consumer without terms: at once
			{"C3", d(3, 1), d(3, 11), 10, 0},
			{"C3", d(3, 1), d(3, 16), 15, 1},
			{"C4", d(3, 11), d(3, 11), 0, 0}, // a consumer with terms: its terms
			{"C4", d(3, 11), d(3, 26), 15, 1},
		} {
			what := c.partner + " at " + c.at.String()
			rows := hrev191Run(t, f, reconcile.DunningQuery{At: c.at, Partners: []string{c.partner}})
			if c.days == 0 {
				assert.Empty(t, rows, "%s: not overdue yet", what)
				continue
			}
			require.Len(t, rows, 1, what)
			require.Len(t, rows[0].Items, 1, what)
			it := rows[0].Items[0]
			assert.Equal(t, c.due, it.DueDate, what)
			assert.Equal(t, c.days, it.DaysOverdue, what)
			assert.Equal(t, c.level, it.Level, what)
			assert.Equal(t, c.level, rows[0].Next, what)
		}
		// The professionals' penalties run from the same day.
		pen := f.hrev200Query(t, d(4, 30))
		require.Len(t, pen.Rows, 2, "C1 and C2; the consumers owe none")
		for _, r := range pen.Rows {
			dn := hrev191Run(t, f, reconcile.DunningQuery{At: d(4, 30), Partners: []string{r.Partner}})
			require.Len(t, dn, 1)
			assert.Equal(t, dn[0].Items[0].DueDate, r.Items[0].Slices[0].DueDate, r.Partner)
			assert.Equal(t, dn[0].Items[0].DaysOverdue, r.Items[0].Slices[0].Days, r.Partner)
		}
	})
}

// Items come by the due date Dunning counts: an invoice of 1 March
// without one (due 31 March) after one of 5 March due 20 March. A line
// carrying a debt forward without a due date (an opening balance) is due
// on its own date: the invoice's date, from which the terms would run, is
// not known.
func TestHrev224DunningOrderAndOpening(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		open := f.post(t, journal.Entry{Journal: "OD", Date: d(1, 1), Type: journal.TypeOpening, Lines: []journal.Line{
			{Account: "411000", Partner: "C2", Balance: e("50.00")}, {Account: "511200", Balance: e("-50.00")}}})
		a := f.hrev224NoDue(t, "C2", d(3, 1), "100.00")
		b := hrev191Inv(t, f, "C2", d(3, 5), d(3, 20), "200.00")
		rows := hrev191Run(t, f, reconcile.DunningQuery{At: d(4, 30)})
		require.Len(t, rows, 1)
		var got []journal.ID
		var due []journal.Date
		for _, it := range rows[0].Items {
			got, due = append(got, it.Ref.Entry), append(due, it.DueDate)
		}
		assert.Equal(t, []journal.ID{open.ID, b.ID, a.ID}, got)
		assert.Equal(t, []journal.Date{d(1, 1), d(3, 20), d(3, 31)}, due)
		assert.Equal(t, 119, rows[0].Items[0].DaysOverdue)
		assert.Equal(t, 30, rows[0].Items[2].DaysOverdue)
	})
}

// A reminder may claim an invoice line without a due date only once
// Dunning counts it overdue; refused before, it writes nothing.
func TestHrev224RecordReminderWithoutDueDate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev224NoDue(t, "C2", d(3, 1), "100.00")
		before := f.snapshot(t)
		_, err := f.rec.RecordReminder(ctx, reconcile.Reminder{Partner: "C2", Date: d(3, 20), Level: 1, Documents: []journal.ID{inv.ID}})
		require.ErrorIs(t, err, reconcile.ErrNotOverdue)
		assert.Contains(t, err.Error(), "due 2026-03-31")
		f.unchanged(t, before)
		_, err = f.rec.RecordReminder(ctx, reconcile.Reminder{Partner: "C2", Date: d(3, 31), Level: 1, Lines: []journal.LineRef{inv.LineRef(0)}})
		require.ErrorIs(t, err, reconcile.ErrNotOverdue, "due that day")
		f.unchanged(t, before)

		_, err = f.rec.RecordReminder(ctx, reconcile.Reminder{Partner: "C2", Date: d(4, 15), Level: 1, Documents: []journal.ID{inv.ID}})
		require.NoError(t, err)
		rows := hrev191Run(t, f, reconcile.DunningQuery{At: d(4, 15)})
		require.Len(t, rows, 1)
		assert.Equal(t, 1, rows[0].Items[0].Reminded)
		assert.Equal(t, 0, rows[0].Next)
	})
}
