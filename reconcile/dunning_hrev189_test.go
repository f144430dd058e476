package reconcile_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// hrev189Book is a customer C1 at 30 June 2026 with invoices 50, 25, 20
// and 10 days overdue (the 20-day one paid 50,00 of 200,00, the 25-day
// one paid in full on 5 July), one paid in full before, one not due yet,
// and a credit note of 30,00 not lettered; C2 owes an invoice not due;
// S1 is owed a bill.
type hrev189Book struct {
	f                                  *fixture
	inv50, invLate, inv20, inv10, paid journal.Entry
	notDue, credit, c2, bill, pay      journal.Entry
	at                                 journal.Date
}

func hrev189Invoice(t *testing.T, f *fixture, p string, date, due journal.Date, amount string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "VT", Date: date, Type: journal.TypeInvoice, Ref: "FA-" + amount, Lines: []journal.Line{
		{Account: "411000", Partner: p, Balance: e(amount), DueDate: due},
		{Account: "706000", Balance: e(amount).Neg()},
	}})
}

func newHrev189Book(t *testing.T, f *fixture) *hrev189Book {
	b := &hrev189Book{f: f, at: d(6, 30)}
	b.inv50 = hrev189Invoice(t, f, "C1", d(4, 11), d(5, 11), "500.00")
	b.invLate = hrev189Invoice(t, f, "C1", d(5, 6), d(6, 5), "80.00")
	b.inv20 = hrev189Invoice(t, f, "C1", d(5, 11), d(6, 10), "200.00")
	b.inv10 = hrev189Invoice(t, f, "C1", d(5, 21), d(6, 20), "100.00")
	b.paid = hrev189Invoice(t, f, "C1", d(4, 1), d(5, 1), "60.00")
	b.notDue = hrev189Invoice(t, f, "C1", d(6, 15), d(7, 15), "70.00")
	b.credit = f.creditNote(t, "C1", d(6, 1), "30.00")
	b.c2 = hrev189Invoice(t, f, "C2", d(6, 1), d(7, 31), "90.00")
	b.bill = f.bill(t, "S1", d(4, 1), "40.00")
	f.receive(t, "BQ", "C1", d(5, 20), "60.00", b.paid)
	b.pay = f.receive(t, "BQ", "C1", d(6, 15), "50.00", b.inv20)
	f.receive(t, "BQ", "C1", d(7, 5), "80.00", b.invLate) // after the run's date
	return b
}

// dunning runs Dunning on the default ladder at at and returns its rows.
func (b *hrev189Book) dunning(t *testing.T, at journal.Date) []reconcile.DunningRow {
	t.Helper()
	run, err := b.f.rec.Dunning(ctx, reconcile.DunningQuery{At: at})
	require.NoError(t, err)
	require.Equal(t, reconcile.DunningLevelsDefault, run.Levels)
	return run.Rows
}

type hrev189Want struct {
	number              string
	days, level, remind int
	residual            string
}

func hrev189Items(t *testing.T, row reconcile.DunningRow, want []hrev189Want) {
	t.Helper()
	require.Len(t, row.Items, len(want), "%+v", row.Items)
	for i, w := range want {
		it := row.Items[i]
		assert.Equal(t, w.number, it.Number, "item %d", i)
		assert.Equal(t, w.days, it.DaysOverdue, "%s days", it.Number)
		assert.Equal(t, w.level, it.Level, "%s level", it.Number)
		assert.Equal(t, w.remind, it.Reminded, "%s reminded", it.Number)
		assert.Equal(t, e(w.residual).String(), it.Residual.String(), "%s residual", it.Number)
		assert.Equal(t, e(w.residual).String(), it.ResidualCurrency.String(), "%s residual in its currency", it.Number)
	}
}

func TestHrev189DunningRun(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newHrev189Book(t, f)
		rows := b.dunning(t, b.at)
		require.Len(t, rows, 1, "C2 owes nothing overdue: not listed")
		row := rows[0]
		assert.Equal(t, "C1", row.Partner)
		assert.Equal(t, "Partner C1", row.Name)
		assert.Equal(t, "411000", row.Account)
		// The paid invoice and the one not due yet are absent; the one
		// paid on 5 July was overdue on 30 June.
		hrev189Items(t, row, []hrev189Want{
			{b.inv50.Name(), 50, 3, 0, "500.00"},
			{b.invLate.Name(), 25, 1, 0, "80.00"},
			{b.inv20.Name(), 20, 1, 0, "150.00"},
			{b.inv10.Name(), 10, 0, 0, "100.00"},
		})
		assert.Equal(t, "FA-500.00", row.Items[0].Reference)
		assert.Equal(t, d(5, 11), row.Items[0].DueDate)
		assert.Equal(t, e("200.00").String(), row.Items[2].Amount.String())
		assert.Equal(t, 3, row.Level)
		assert.Equal(t, 3, row.Next)
		assert.Equal(t, e("830.00").String(), row.Due.String())
		require.Len(t, row.Credits, 1)
		assert.Equal(t, b.credit.Name(), row.Credits[0].Number)
		assert.Equal(t, e("30.00").String(), row.Unallocated.String())
		for _, it := range row.Items {
			assert.Nil(t, it.Last)
			assert.Equal(t, it.Level > 0, it.Proposed(), it.Number)
		}

		// On 10 July the invoice paid on the 5th is no longer due.
		rows = b.dunning(t, d(7, 10))
		require.Len(t, rows, 1)
		for _, it := range rows[0].Items {
			assert.NotEqual(t, b.invLate.Name(), it.Number)
		}

		// A disputed invoice is left out when excluded.
		run, err := f.rec.Dunning(ctx, reconcile.DunningQuery{At: b.at, Exclude: []journal.ID{b.inv50.ID}})
		require.NoError(t, err)
		require.Len(t, run.Rows, 1)
		assert.Len(t, run.Rows[0].Items, 3)
		assert.Equal(t, 1, run.Rows[0].Level)
		assert.Equal(t, e("330.00").String(), run.Rows[0].Due.String())

		// A named customer alone; another ladder.
		run, err = f.rec.Dunning(ctx, reconcile.DunningQuery{At: b.at, Partners: []string{"C2"}})
		require.NoError(t, err)
		assert.Empty(t, run.Rows)
		run, err = f.rec.Dunning(ctx, reconcile.DunningQuery{At: b.at, Partners: []string{"C1"},
			Levels: []reconcile.DunningLevel{{Days: 1, Name: "Rappel"}, {Days: 60, Name: "Mise en demeure"}}})
		require.NoError(t, err)
		require.Len(t, run.Rows, 1)
		assert.Equal(t, 1, run.Rows[0].Level)
		assert.Equal(t, 1, run.Rows[0].Items[3].Level, "10 days: the first level at 1 day")
	})
}

func TestHrev189DunningBadQueries(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	at := d(6, 30)
	for name, q := range map[string]reconcile.DunningQuery{
		"unknown partner":    {At: at, Partners: []string{"NOPE"}},
		"empty partner":      {At: at, Partners: []string{""}},
		"payable account":    {At: at, Account: "401000"},
		"unknown account":    {At: at, Account: "411999"},
		"unlettered account": {At: at, Account: "706000"},
	} {
		_, err := f.rec.Dunning(ctx, q)
		assert.ErrorIs(t, err, reconcile.ErrScope, name)
	}
	_, err := f.rec.Dunning(ctx, reconcile.DunningQuery{At: at, Partners: []string{"NOPE"}})
	assert.ErrorIs(t, err, ledger.ErrUnknownPartner)
	for name, levels := range map[string][]reconcile.DunningLevel{
		"zero days":  {{Days: 0, Name: "x"}},
		"descending": {{Days: 30, Name: "a"}, {Days: 15, Name: "b"}},
		"same days":  {{Days: 15, Name: "a"}, {Days: 15, Name: "b"}},
		"no name":    {{Days: 15}},
	} {
		_, err := f.rec.Dunning(ctx, reconcile.DunningQuery{At: at, Levels: levels})
		assert.ErrorIs(t, err, reconcile.ErrDunningLevels, name)
	}
	_, err = f.rec.Dunning(ctx, reconcile.DunningQuery{})
	assert.ErrorIs(t, err, journal.ErrNoDate)
}

func TestHrev189RecordReminder(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newHrev189Book(t, f)
		// The letter of 30 June: a first reminder for the 20- and 25-day
		// invoices, the formal notice for the 50-day one.
		first := reconcile.Reminder{Operation: uuid.New(), Partner: "C1", Date: b.at, Level: 1, Documents: []journal.ID{b.invLate.ID, b.inv20.ID}}
		res, err := f.rec.RecordReminder(ctx, first)
		require.NoError(t, err)
		assert.False(t, res.Replay)
		_, err = f.rec.RecordReminder(ctx, reconcile.Reminder{Partner: "C1", Date: b.at, Level: 3, Documents: []journal.ID{b.inv50.ID}})
		require.NoError(t, err)
		f.check(t)

		// The same day again: nothing new.
		rows := b.dunning(t, b.at)
		require.Len(t, rows, 1)
		assert.Equal(t, 3, rows[0].Level)
		assert.Equal(t, 0, rows[0].Next, "a second run the same day proposes nothing")
		hrev189Items(t, rows[0], []hrev189Want{
			{b.inv50.Name(), 50, 3, 3, "500.00"},
			{b.invLate.Name(), 25, 1, 1, "80.00"},
			{b.inv20.Name(), 20, 1, 1, "150.00"},
			{b.inv10.Name(), 10, 0, 0, "100.00"},
		})
		require.NotNil(t, rows[0].Items[2].Last)
		assert.Equal(t, reconcile.ReminderSent{Level: 1, Name: "Première relance", Date: b.at}, *rows[0].Items[2].Last)
		for _, it := range rows[0].Items {
			assert.False(t, it.Proposed(), it.Number)
		}
		// The day before, the reminders were not sent yet.
		rows = b.dunning(t, b.at.AddDays(-1))
		require.Len(t, rows, 1)
		assert.Nil(t, rows[0].Items[0].Last)
		assert.Equal(t, 3, rows[0].Next)

		// Fifteen days later: the 20-day invoice reaches the second level,
		// the 10-day one the first; the formal notice is not sent again.
		rows = b.dunning(t, b.at.AddDays(15))
		require.Len(t, rows, 1)
		hrev189Items(t, rows[0], []hrev189Want{
			{b.inv50.Name(), 65, 3, 3, "500.00"},
			{b.inv20.Name(), 35, 2, 1, "150.00"},
			{b.inv10.Name(), 25, 1, 0, "100.00"},
		})
		// The letter is at the customer's level, the formal notice the
		// 65-day invoice was sent (h-rev194: the letter lists it too).
		assert.Equal(t, 3, rows[0].Next)
		assert.False(t, rows[0].Items[0].Proposed())
		assert.True(t, rows[0].Items[1].Proposed())
		assert.True(t, rows[0].Items[2].Proposed())

		// Replay: the same id and request write nothing more.
		before := f.snapshot(t)
		res, err = f.rec.RecordReminder(ctx, first)
		require.NoError(t, err)
		assert.True(t, res.Replay)
		f.unchanged(t, before)
		require.NoError(t, f.book.View(ctx, func(tx *ledger.Tx) error {
			evs, err := tx.Events(b.inv20.ID)
			require.Len(t, evs, 1, "one reminder event, not two")
			return err
		}))
		other := first
		other.Level = 2
		_, err = f.rec.RecordReminder(ctx, other)
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		f.unchanged(t, before)
	})
}

func TestHrev189RecordReminderRefusals(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newHrev189Book(t, f)
		ok := reconcile.Reminder{Partner: "C1", Date: b.at, Level: 1, Documents: []journal.ID{b.inv20.ID}}
		with := func(change func(*reconcile.Reminder)) reconcile.Reminder {
			r := ok
			r.Documents = append([]journal.ID(nil), ok.Documents...)
			change(&r)
			return r
		}
		before := f.snapshot(t)
		for name, c := range map[string]struct {
			r    reconcile.Reminder
			want error
		}{
			"paid invoice":        {with(func(r *reconcile.Reminder) { r.Documents = append(r.Documents, b.paid.ID) }), reconcile.ErrSettled},
			"paid after, on then": {with(func(r *reconcile.Reminder) { r.Date = d(7, 6); r.Documents = []journal.ID{b.invLate.ID} }), reconcile.ErrSettled},
			"another's invoice":   {with(func(r *reconcile.Reminder) { r.Documents = append(r.Documents, b.c2.ID) }), reconcile.ErrPartner},
			"supplier bill":       {with(func(r *reconcile.Reminder) { r.Partner = "S1"; r.Documents = []journal.ID{b.bill.ID} }), reconcile.ErrNotDocument},
			"credit note":         {with(func(r *reconcile.Reminder) { r.Documents = []journal.ID{b.credit.ID} }), reconcile.ErrNotDocument},
			"a payment":           {with(func(r *reconcile.Reminder) { r.Documents = []journal.ID{b.pay.ID} }), reconcile.ErrNotDocument},
			"unknown level":       {with(func(r *reconcile.Reminder) { r.Level = 4 }), reconcile.ErrDunningLevels},
			"level zero":          {with(func(r *reconcile.Reminder) { r.Level = 0 }), reconcile.ErrDunningLevels},
			"bad ladder":          {with(func(r *reconcile.Reminder) { r.Levels = []reconcile.DunningLevel{{Days: -1, Name: "x"}} }), reconcile.ErrDunningLevels},
			"before the document": {with(func(r *reconcile.Reminder) { r.Date = d(5, 10) }), reconcile.ErrReminderDate},
			"no date":             {with(func(r *reconcile.Reminder) { r.Date = journal.Date{} }), journal.ErrNoDate},
			"no document":         {with(func(r *reconcile.Reminder) { r.Documents = nil }), reconcile.ErrNotDocument},
			"twice":               {with(func(r *reconcile.Reminder) { r.Documents = append(r.Documents, b.inv20.ID) }), reconcile.ErrDuplicateLine},
			"unknown entry":       {with(func(r *reconcile.Reminder) { r.Documents = append(r.Documents, uuid.New()) }), reconcile.ErrNotPosted},
			"unknown partner":     {with(func(r *reconcile.Reminder) { r.Partner = "NOPE" }), ledger.ErrUnknownPartner},
			"no partner":          {with(func(r *reconcile.Reminder) { r.Partner = "" }), reconcile.ErrPartner},
		} {
			_, err := f.rec.RecordReminder(ctx, c.r)
			assert.ErrorIs(t, err, c.want, name)
		}
		f.unchanged(t, before)
		rows := b.dunning(t, b.at)
		require.Len(t, rows, 1)
		for _, it := range rows[0].Items {
			assert.Nil(t, it.Last, "%s: nothing recorded", it.Number)
		}
		// A level of a longer ladder, given with it, is in it.
		_, err := f.rec.RecordReminder(ctx, with(func(r *reconcile.Reminder) {
			r.Level = 4
			r.Levels = append(append([]reconcile.DunningLevel(nil), reconcile.DunningLevelsDefault...), reconcile.DunningLevel{Days: 60, Name: "Dernier avis"})
		}))
		require.NoError(t, err)
	})
}
