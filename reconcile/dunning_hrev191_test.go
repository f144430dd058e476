package reconcile_test

import (
	"path/filepath"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/boltstore"
)

func hrev191Inv(t *testing.T, f *fixture, p string, date, due journal.Date, amount string) journal.Entry {
	t.Helper()
	return f.post(t, journal.Entry{Journal: "VT", Date: date, Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: p, Balance: e(amount), DueDate: due},
		{Account: "706000", Balance: e(amount).Neg()},
	}})
}

func hrev191Run(t *testing.T, f *fixture, q reconcile.DunningQuery) []reconcile.DunningRow {
	t.Helper()
	run, err := f.rec.Dunning(ctx, q)
	require.NoError(t, err)
	return run.Rows
}

// receivable is the ref of the 411000 line of an entry.
func hrev191Recv(t *testing.T, x journal.Entry) journal.LineRef {
	t.Helper()
	for i, l := range x.Lines {
		if l.Account == "411000" {
			return x.LineRef(i)
		}
	}
	t.Fatalf("no 411000 line in %s", x.Name())
	return journal.LineRef{}
}

// Exact day boundaries of the default ladder, an invoice without a due
// date, and the run's date itself.
func TestHrev191DunningLevelBoundaries(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		hrev191Inv(t, f, "C1", d(5, 1), d(5, 31), "100.00")
		f.post(t, journal.Entry{Journal: "VT", Date: d(6, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: "C2", Balance: e("40.00")},
			{Account: "706000", Balance: e("-40.00")},
		}})
		for _, c := range []struct {
			at          journal.Date
			days, level int
		}{
			{d(5, 31), 0, -1}, {d(6, 1), 1, 0}, {d(6, 14), 14, 0}, {d(6, 15), 15, 1}, {d(6, 29), 29, 1},
			{d(6, 30), 30, 2}, {d(7, 14), 44, 2}, {d(7, 15), 45, 3}, {d(12, 31), 214, 3},
		} {
			rows := hrev191Run(t, f, reconcile.DunningQuery{At: c.at, Partners: []string{"C1"}})
			if c.level < 0 {
				assert.Empty(t, rows, "%s: due that day, not overdue", c.at)
				continue
			}
			require.Len(t, rows, 1, c.at.String())
			require.Len(t, rows[0].Items, 1)
			assert.Equal(t, c.days, rows[0].Items[0].DaysOverdue, c.at.String())
			assert.Equal(t, c.level, rows[0].Items[0].Level, c.at.String())
			assert.Equal(t, c.level, rows[0].Next, c.at.String())
		}
		// No due date, a professional without terms: due 30 days after
		// its date (L441-10 I), 1 July, as penalties count it; 15 days on
		// 16 July.
		assert.Empty(t, hrev191Run(t, f, reconcile.DunningQuery{At: d(6, 16), Partners: []string{"C2"}}))
		rows := hrev191Run(t, f, reconcile.DunningQuery{At: d(7, 16), Partners: []string{"C2"}})
		require.Len(t, rows, 1)
		assert.Equal(t, 15, rows[0].Items[0].DaysOverdue)
		assert.Equal(t, 1, rows[0].Items[0].Level)
		assert.Equal(t, d(7, 1), rows[0].Items[0].DueDate)
		// A custom ladder: 1 and 8 days.
		rows = hrev191Run(t, f, reconcile.DunningQuery{At: d(6, 8), Partners: []string{"C1"},
			Levels: []reconcile.DunningLevel{{Days: 1, Name: "Rappel"}, {Days: 8, Name: "Relance"}}})
		require.Len(t, rows, 1)
		assert.Equal(t, 2, rows[0].Items[0].Level, "8 days: the second level")
	})
}

// Was failing, fixed: an instalment that was never reminded is not proposed because another instalment of its invoice was: expected the second instalment (19 days late, level 1, Reminded 0, Next 1), got Reminded 1 and Next 0
func TestHrev191InstalmentRemindedPerLine(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.post(t, journal.Entry{Journal: "VT", Date: d(4, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("100.00"), DueDate: d(5, 1)},
			{Account: "411000", Partner: "C1", Balance: e("200.00"), DueDate: d(6, 1)},
			{Account: "706000", Balance: e("-300.00")},
		}})
		// 20 May: only the first instalment is overdue.
		rows := hrev191Run(t, f, reconcile.DunningQuery{At: d(5, 20)})
		require.Len(t, rows, 1)
		require.Len(t, rows[0].Items, 1, "only the overdue instalment")
		assert.Equal(t, inv.LineRef(0), rows[0].Items[0].Ref)
		assert.Equal(t, e("100.00").String(), rows[0].Items[0].Residual.String())
		assert.Equal(t, e("100.00").String(), rows[0].Due.String())
		assert.Equal(t, 19, rows[0].Items[0].DaysOverdue)
		assert.Equal(t, 1, rows[0].Next)
		_, err := f.rec.RecordReminder(ctx, reconcile.Reminder{Partner: "C1", Date: d(5, 20), Level: 1, Documents: []journal.ID{inv.ID}})
		require.NoError(t, err)

		// The first instalment is paid on 25 May.
		pay := f.receive(t, "BQ", "C1", d(5, 25), "100.00")
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{hrev191Recv(t, pay), inv.LineRef(0)}})
		require.NoError(t, err)

		// 20 June: the second instalment, 19 days late, was never reminded.
		rows = hrev191Run(t, f, reconcile.DunningQuery{At: d(6, 20)})
		require.Len(t, rows, 1)
		require.Len(t, rows[0].Items, 1)
		it := rows[0].Items[0]
		assert.Equal(t, inv.LineRef(1), it.Ref)
		assert.Equal(t, 19, it.DaysOverdue)
		assert.Equal(t, 1, it.Level)
		assert.Equal(t, e("200.00").String(), it.Residual.String())
		assert.Equal(t, 0, it.Reminded, "the reminder of 20 May claimed the first instalment, not this one")
		assert.Equal(t, 1, rows[0].Next, "the second instalment is due its first reminder")
	})
}

// A payment dated before the run, lettered with the invoice afterwards,
// settled it at the run's date; before the payment, the invoice is due and
// no credit is listed. A receipt through the bank's outstanding account
// (in_payment) is not dunned, as in Odoo, whose residual is nil too.
func TestHrev191PaymentLetteredLater(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := hrev191Inv(t, f, "C1", d(4, 1), d(5, 1), "100.00")
		pay := f.receive(t, "BQ", "C1", d(6, 15), "100.00")
		// Before lettering: at 30 June the invoice is listed, the payment a credit.
		rows := hrev191Run(t, f, reconcile.DunningQuery{At: d(6, 30)})
		require.Len(t, rows, 1)
		assert.Equal(t, e("100.00").String(), rows[0].Due.String())
		assert.Equal(t, e("100.00").String(), rows[0].Unallocated.String())
		_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{hrev191Recv(t, pay), hrev191Recv(t, inv)}})
		require.NoError(t, err)
		assert.Equal(t, reconcile.InPayment, f.state(t, inv).State)
		rows = hrev191Run(t, f, reconcile.DunningQuery{At: d(6, 30)})
		assert.Empty(t, rows, "paid on 15 June: nothing overdue on 30 June")
		rows = hrev191Run(t, f, reconcile.DunningQuery{At: d(6, 10)})
		require.Len(t, rows, 1)
		require.Len(t, rows[0].Items, 1)
		assert.Equal(t, 40, rows[0].Items[0].DaysOverdue)
		assert.Equal(t, 2, rows[0].Items[0].Level)
		assert.Equal(t, e("100.00").String(), rows[0].Items[0].Residual.String())
		assert.Empty(t, rows[0].Credits, "the payment of 15 June is not yet received on 10 June")
		assert.Equal(t, e("0.00").String(), rows[0].Unallocated.String())
	})
}

// Was failing, fixed: a customer whose unapplied credits exceed its overdue debts is still proposed a reminder: expected Next 0 (due 100.00, credits 150.00, net -50.00: nothing to claim), got Next 3
func TestHrev191CreditsExceedDebts(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		hrev191Inv(t, f, "C1", d(4, 1), d(5, 1), "100.00")
		f.creditNote(t, "C1", d(5, 10), "150.00")
		rows := hrev191Run(t, f, reconcile.DunningQuery{At: d(6, 30)})
		require.Len(t, rows, 1)
		assert.Equal(t, e("100.00").String(), rows[0].Due.String())
		assert.Equal(t, e("150.00").String(), rows[0].Unallocated.String())
		assert.Equal(t, 3, rows[0].Level)
		assert.Equal(t, 0, rows[0].Next, "the customer owes nothing net: no letter, let alone a formal notice")
	})
}

// Foreign-currency invoice: residual in both currencies; a partial
// payment in USD.
func TestHrev191ForeignCurrency(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		f.post(t, journal.Entry{Journal: "VT", Date: d(4, 1), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("900.00"), AmountCurrency: currency.MustParse(usd, "1000.00"), DueDate: d(5, 1)},
			{Account: "706000", Balance: e("-900.00"), AmountCurrency: currency.MustParse(usd, "-1000.00")},
		}})
		rows := hrev191Run(t, f, reconcile.DunningQuery{At: d(6, 30)})
		require.Len(t, rows, 1)
		it := rows[0].Items[0]
		assert.Equal(t, e("900.00").String(), it.Amount.String())
		assert.Equal(t, e("900.00").String(), it.Residual.String())
		assert.Equal(t, currency.MustParse(usd, "1000.00").String(), it.AmountCurrency.String())
		assert.Equal(t, currency.MustParse(usd, "1000.00").String(), it.ResidualCurrency.String())
		assert.Equal(t, e("900.00").String(), rows[0].Due.String())
	})
}

// An invoice moved to 416000 (douteux) is out of the run on 411000 and in
// the run on 416000.
func TestHrev191Account416(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.post(t, journal.Entry{Journal: "VT", Date: d(4, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "416000", Partner: "C1", Balance: e("100.00"), DueDate: d(5, 1)},
			{Account: "706000", Balance: e("-100.00")},
		}})
		assert.Empty(t, hrev191Run(t, f, reconcile.DunningQuery{At: d(6, 30)}))
		rows := hrev191Run(t, f, reconcile.DunningQuery{At: d(6, 30), Account: "416000"})
		require.Len(t, rows, 1)
		assert.Equal(t, "416000", rows[0].Account)
		assert.Equal(t, 3, rows[0].Next)
	})
}

// Was failing, fixed: RecordReminder accepts a reminder on an invoice not yet due (due 15 July, reminder of 30 June at the formal notice level), which Dunning could not list; it then hides it: expected a refusal, got nil and, on 30 August (46 days late), Reminded 3, Next 0
func TestHrev191ReminderOnInvoiceNotDue(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := hrev191Inv(t, f, "C1", d(6, 15), d(7, 15), "70.00")
		before := f.snapshot(t)
		_, err := f.rec.RecordReminder(ctx, reconcile.Reminder{Partner: "C1", Date: d(6, 30), Level: 3, Documents: []journal.ID{inv.ID}})
		assert.Error(t, err, "an invoice not due cannot be reminded of")
		if err == nil {
			rows := hrev191Run(t, f, reconcile.DunningQuery{At: d(8, 30)})
			require.Len(t, rows, 1)
			assert.Equal(t, 46, rows[0].Items[0].DaysOverdue)
			assert.Equal(t, 0, rows[0].Items[0].Reminded, "never reminded while overdue")
			assert.Equal(t, 3, rows[0].Next)
			return
		}
		f.unchanged(t, before)
	})
}

// Reminded at level 2, then partly paid: the rest keeps the reminder and
// reaches the third level at 45 days; a conflicting request under the
// same operation id writes nothing; Check holds.
func TestHrev191RemindedThenPartlyPaid(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := hrev191Inv(t, f, "C1", d(4, 1), d(5, 1), "300.00")
		op := uuid.New()
		rm := reconcile.Reminder{Operation: op, Partner: "C1", Date: d(6, 1), Level: 2, Documents: []journal.ID{inv.ID}}
		_, err := f.rec.RecordReminder(ctx, rm)
		require.NoError(t, err)
		f.receive(t, "BQ", "C1", d(6, 5), "120.00", inv)
		rows := hrev191Run(t, f, reconcile.DunningQuery{At: d(6, 14)})
		require.Len(t, rows, 1)
		it := rows[0].Items[0]
		assert.Equal(t, e("180.00").String(), it.Residual.String())
		assert.Equal(t, e("300.00").String(), it.Amount.String())
		assert.Equal(t, 2, it.Reminded)
		assert.Equal(t, 0, rows[0].Next)
		rows = hrev191Run(t, f, reconcile.DunningQuery{At: d(6, 15)})
		require.Len(t, rows, 1)
		assert.Equal(t, 3, rows[0].Next)
		before := f.snapshot(t)
		other := rm
		other.Date = d(6, 2)
		_, err = f.rec.RecordReminder(ctx, other)
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		other = rm
		other.Documents = []journal.ID{inv.ID, inv.ID}
		_, err = f.rec.RecordReminder(ctx, reconcile.Reminder{Partner: "C1", Date: d(6, 2), Level: 1, Documents: []journal.ID{inv.ID, inv.ID}})
		assert.ErrorIs(t, err, reconcile.ErrDuplicateLine)
		f.unchanged(t, before)
		f.check(t)
	})
}

// Reminders survive closing and reopening a bbolt book.
func TestHrev191ReminderSurvivesReopen(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "book.db")
	st, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	f := newFixture(t, st)
	inv := hrev191Inv(t, f, "C1", d(4, 1), d(5, 1), "100.00")
	_, err = f.rec.RecordReminder(ctx, reconcile.Reminder{Partner: "C1", Date: d(5, 20), Level: 1, Documents: []journal.ID{inv.ID}})
	require.NoError(t, err)
	require.NoError(t, st.Close())
	st, err = boltstore.Open(path, boltstore.Options{NoSync: true})
	require.NoError(t, err)
	defer st.Close()
	b, err := ledger.Open(ctx, st, ledger.Options{})
	require.NoError(t, err)
	require.NoError(t, b.Check(ctx))
	r, err := reconcile.New(ctx, b, reconcile.Config{})
	require.NoError(t, err)
	run, err := r.Dunning(ctx, reconcile.DunningQuery{At: d(5, 25)})
	require.NoError(t, err)
	require.Len(t, run.Rows, 1)
	require.NotNil(t, run.Rows[0].Items[0].Last)
	assert.Equal(t, reconcile.ReminderSent{Level: 1, Name: "Première relance", Date: d(5, 20)}, *run.Rows[0].Items[0].Last)
	assert.Equal(t, 0, run.Rows[0].Next)
}
