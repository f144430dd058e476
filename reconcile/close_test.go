package reconcile_test

import (
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Invoices of a closed year are still lettered in the next one: what the
// lettering generates for a date in the closed year (here a write-off
// dated at the payment's date) moves to the next year's first day, and a
// payment of the next year settles an invoice of the closed one.
func TestLetteringAfterClosing(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(12, 1), "100.00")
		pay := f.receive(t, "BQD", "C1", d(12, 20), "99.98")
		inv2 := f.invoice(t, "C2", d(11, 1), "300.00")
		*f.now = time.Date(2027, time.February, 15, 9, 0, 0, 0, time.UTC) // the year has ended
		_, _, err := f.book.CloseFiscalYear(ctx, "2026", "alice")
		require.NoError(t, err)
		next := journal.MustDate(2027, time.January, 1)

		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), pay.LineRef(0)}, WriteOff: true})
		require.NoError(t, err)
		require.Len(t, res.Entries, 1)
		wo := res.Entries[0]
		assert.Equal(t, journal.TypeWriteOff, wo.Type)
		assert.Equal(t, next, wo.Date, "the write-off moves out of the closed year")
		assert.Equal(t, "2027", wo.FiscalYear)
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)

		// Unlettering reverses the write-off in the open year too.
		res, err = f.rec.Detach(ctx, journal.NoID, pay.LineRef(0))
		require.NoError(t, err)
		require.Len(t, res.Entries, 1)
		assert.Equal(t, next, res.Entries[0].Date)
		assert.Equal(t, "100.00", f.residual(t, inv.LineRef(0)).Plain())

		paid := f.receive(t, "BQD", "C2", journal.MustDate(2027, time.February, 10), "300.00", inv2)
		assert.Equal(t, "2027", paid.FiscalYear)
		assert.Equal(t, reconcile.Paid, f.state(t, inv2).State)

		tb, err := f.book.TrialBalance(ctx, journal.MustDate(2027, time.December, 31))
		require.NoError(t, err)
		got := map[string]string{}
		for _, r := range tb.Rows {
			got[r.Account] = r.Balance.Plain()
		}
		assert.Equal(t, "-400.00", got["120000"], "the 2026 sales, as the 2026 result")
		_, ok := got["706000"]
		assert.False(t, ok, "income starts again in 2027")
		f.check(t)
		require.NoError(t, f.book.Verify(ctx))
		_, err = f.book.Post(ctx, journal.Entry{Journal: "OD", Date: d(12, 31), Lines: []journal.Line{
			{Account: "627000", Balance: e("1.00")}, {Account: "512000", Balance: e("-1.00")}}})
		require.ErrorIs(t, err, ledger.ErrYearClosed)
	})
}

// Closing a year through the Reconciler is refused while an imported
// statement entry booked in the year is not posted (the entry of the next
// year does not count), naming how many and the earliest, and writes
// nothing; once they are posted the year closes, and a retry replays.
func TestCloseFiscalYearUnpostedStatements(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		const iban = "FR7630006000011234567890189"
		require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "BNP", Name: "BNP Paribas", Kind: ledger.JournalBank,
			BankAccount: "512000", IBAN: iban}))
		inv := f.invoice(t, "C1", d(12, 1), "100.00")
		entry := func(ref string, date journal.Date, amount string) reconcile.BankEntry {
			return reconcile.BankEntry{Ref: ref, BookingDate: date, Amount: e(amount), Label: ref}
		}
		_, err := f.rec.ImportStatement(ctx, reconcile.BankStatement{Account: iban, ID: "S1", Currency: eur,
			Opening: e("0.00"), Closing: e("106.00"), OpeningDate: d(12, 1), ClosingDate: journal.MustDate(2027, time.January, 5),
			Entries: []reconcile.BankEntry{entry("E2", d(12, 28), "5.00"), entry("E1", d(12, 20), "100.00"),
				entry("E3", journal.MustDate(2027, time.January, 5), "1.00")}})
		require.NoError(t, err)
		*f.now = time.Date(2027, time.February, 15, 9, 0, 0, 0, time.UTC) // the year has ended

		before := f.snapshot(t)
		// 2027 cannot close before 2026: the ledger says so, not E3.
		_, _, err = f.rec.CloseFiscalYear(ctx, "2027", "alice")
		require.ErrorIs(t, err, ledger.ErrEarlierYearOpen)
		_, _, err = f.rec.CloseFiscalYear(ctx, "2026", "alice")
		require.ErrorIs(t, err, reconcile.ErrUnpostedStatements)
		var ue *reconcile.UnpostedStatementsError
		require.ErrorAs(t, err, &ue)
		assert.Equal(t, "2026", ue.Year)
		assert.Equal(t, 2, ue.Count, "E3 is booked in 2027")
		assert.Equal(t, "E1", ue.First.Ref, "the earliest booked")
		assert.Equal(t, "BNP", ue.First.Journal)
		assert.Equal(t, "S1", ue.First.Statement)
		assert.Contains(t, err.Error(), "fiscal year 2026: 2 not posted, the first E1 of statement S1 on journal BNP, booked on 2026-12-20")
		f.unchanged(t, before)
		closed, err := f.book.ClosedYears(ctx)
		require.NoError(t, err)
		assert.Empty(t, closed)

		_, err = f.rec.PostImported(ctx, journal.NoID, "BNP", "S1", "E1", reconcile.ImportedTarget{Partner: "C1", Invoices: []journal.ID{inv.ID}})
		require.NoError(t, err)
		_, _, err = f.rec.CloseFiscalYear(ctx, "2026", "alice")
		require.ErrorAs(t, err, &ue)
		assert.Equal(t, 1, ue.Count)
		assert.Equal(t, "E2", ue.First.Ref)

		_, err = f.rec.PostImported(ctx, journal.NoID, "BNP", "S1", "E2", reconcile.ImportedTarget{Account: "758000"})
		require.NoError(t, err)
		c, replay, err := f.rec.CloseFiscalYear(ctx, "2026", "alice")
		require.NoError(t, err)
		assert.False(t, replay)
		assert.Equal(t, "2026", c.Year.Label)
		again, replay, err := f.rec.CloseFiscalYear(ctx, "2026", "alice")
		require.NoError(t, err)
		assert.True(t, replay, "a retry returns the stored closing")
		assert.Equal(t, c, again)
		_, _, err = f.rec.CloseFiscalYear(ctx, "2026", "bob")
		require.ErrorIs(t, err, ledger.ErrAlreadyClosed)
		_, _, err = f.rec.CloseFiscalYear(ctx, "1999", "alice")
		require.ErrorIs(t, err, ledger.ErrNoFiscalYear)

		// After the close: the same statement again is still nothing new;
		// a new one with an entry booked in the closed year is refused,
		// writing nothing, since that entry could never be posted.
		again1, err := f.rec.ImportStatement(ctx, reconcile.BankStatement{Account: iban, ID: "S1", Currency: eur,
			Opening: e("0.00"), Closing: e("106.00"), OpeningDate: d(12, 1), ClosingDate: journal.MustDate(2027, time.January, 5),
			Entries: []reconcile.BankEntry{entry("E2", d(12, 28), "5.00"), entry("E1", d(12, 20), "100.00"),
				entry("E3", journal.MustDate(2027, time.January, 5), "1.00")}})
		require.NoError(t, err)
		assert.False(t, again1.New)
		before = f.snapshot(t)
		_, err = f.rec.ImportStatement(ctx, reconcile.BankStatement{Account: iban, ID: "S2", Currency: eur,
			Opening: e("106.00"), Closing: e("108.00"), OpeningDate: journal.MustDate(2027, time.January, 6), ClosingDate: journal.MustDate(2027, time.January, 31),
			Entries: []reconcile.BankEntry{entry("L1", journal.MustDate(2027, time.January, 10), "1.00"), entry("L2", d(12, 31), "1.00")}})
		require.ErrorIs(t, err, ledger.ErrYearClosed)
		assert.Contains(t, err.Error(), "entry L2 booked on 2026-12-31")
		f.unchanged(t, before)
		f.check(t)
	})
}
