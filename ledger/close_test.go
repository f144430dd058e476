package ledger

import (
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func d27(m time.Month, day int) journal.Date { return journal.MustDate(2027, m, day) }

func od(date journal.Date, debit, credit, amount string) journal.Entry {
	return journal.Entry{Journal: "OD", Date: date, Lines: []journal.Line{
		{Account: debit, Balance: e(amount)},
		{Account: credit, Balance: e(amount).Neg()},
	}}
}

// A year closes once, in order, without suspense; after it nothing is
// dated in it, the lock dates cannot move back before it, and reversals
// of its entries land in the next year.
func TestCloseFiscalYear(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			in := sale("C1", d(3, 1), "1200.00")
			in.ID = journal.NewID()
			inv := mustPost(t, b, in)
			fee := mustPost(t, b, od(d(6, 1), "627000", "512000", "50.00"))
			mustPost(t, b, od(d(6, 2), "471000", "512000", "10.00"))

			refused := func(label, by string, want error) {
				t.Helper()
				before := dump(t, st)
				_, _, err := b.CloseFiscalYear(ctx, label, by)
				require.ErrorIs(t, err, want)
				assert.Equal(t, before, dump(t, st), "a refused closing writes nothing")
			}
			refused("2027", "alice", ErrEarlierYearOpen)
			refused("2030", "alice", ErrNoFiscalYear)
			refused("2026", "", ErrClosingBy)
			refused("2026", "alice", ErrYearNotEnded)
			b.clock = afterYears()
			refused("2026", "alice", ErrSuspense)
			mustPost(t, b, od(d(12, 15), "512000", "471000", "10.00"))

			c, replay, err := b.CloseFiscalYear(ctx, "2026", "alice")
			require.NoError(t, err)
			assert.False(t, replay)
			assert.Equal(t, "2026", c.Year.Label)
			assert.Equal(t, "alice", c.By)
			assert.False(t, c.At.IsZero())
			assert.Equal(t, uint64(4), c.Seq)

			before := dump(t, st)
			again, replay, err := b.CloseFiscalYear(ctx, "2026", "alice")
			require.NoError(t, err)
			assert.True(t, replay, "the same closer gets the stored closing")
			assert.Equal(t, c, again)
			assert.Equal(t, before, dump(t, st))
			refused("2026", "bob", ErrAlreadyClosed)

			closed, err := b.ClosedYears(ctx)
			require.NoError(t, err)
			assert.Equal(t, []Closing{c}, closed)
			locks, err := b.LockDates(ctx)
			require.NoError(t, err)
			assert.Equal(t, d(12, 31), locks.Closed)
			assert.True(t, locks.General.IsZero(), "closing moves no lock date")

			// Nothing is dated in the closed year any more.
			_, err = b.Post(ctx, od(d(12, 31), "627000", "512000", "1.00"))
			require.ErrorIs(t, err, ErrYearClosed)
			require.ErrorIs(t, err, ErrLocked, "a closed year is locked")
			res, err := b.PostBatch(ctx, []journal.Entry{od(d(1, 5), "627000", "512000", "1.00"), od(d27(1, 5), "627000", "512000", "1.00")}, BatchOptions{})
			require.NoError(t, err)
			require.ErrorIs(t, res[0].Err, ErrYearClosed)
			require.NoError(t, res[1].Err)
			// A replay of an entry posted before the closing is still one.
			replayed, err := b.Post(ctx, in)
			require.NoError(t, err)
			assert.True(t, replayed.Replay)

			// The lock dates cannot move back before the closed year's end.
			before = dump(t, st)
			require.ErrorIs(t, b.SetLockDate(ctx, LockGeneral, d(6, 30), "reopen"), ErrYearClosed)
			require.ErrorIs(t, b.SetLockDate(ctx, LockGeneral, journal.Date{}, "unlock"), ErrYearClosed)
			require.ErrorIs(t, b.SetLockDate(ctx, LockTax, d(11, 30), "VAT"), ErrYearClosed)
			assert.Equal(t, before, dump(t, st))
			require.NoError(t, b.SetLockDate(ctx, LockTax, d(12, 31), "VAT of December"))
			require.NoError(t, b.SetLockDate(ctx, LockGeneral, d27(1, 31), "January"))
			require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(12, 31), "January reopened"))

			// A reversal of an entry of the closed year at its default date
			// (the original's) moves to the first open date, as for a lock
			// date: the next year's first day. One asked for in the closed
			// year is refused, nothing written.
			before = dump(t, st)
			_, err = b.Reverse(ctx, fee.ID, ReverseOptions{Date: d(7, 1)})
			require.ErrorIs(t, err, ErrYearClosed)
			assert.Equal(t, before, dump(t, st))
			r1, err := b.Reverse(ctx, inv.ID, ReverseOptions{})
			require.NoError(t, err)
			assert.Equal(t, d27(1, 1), r1.Entry.Date)
			assert.Equal(t, "VT/2027/00001", r1.Entry.Name())
			r2, err := b.Reverse(ctx, fee.ID, ReverseOptions{Date: d27(1, 2)})
			require.NoError(t, err)
			assert.Equal(t, d27(1, 2), r2.Entry.Date)
			// Posting a reversal by hand into the closed year is refused.
			hand := fee.Reversal(journal.NewID(), d(7, 1))
			_, err = b.Post(ctx, hand)
			require.ErrorIs(t, err, ErrYearClosed)

			// The next year closes after this one.
			_, _, err = b.CloseFiscalYear(ctx, "2027", "alice")
			require.NoError(t, err)
			_, err = b.Post(ctx, od(d27(12, 31), "627000", "512000", "1.00"))
			require.ErrorIs(t, err, ErrYearClosed)
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}

// The result of each earlier year shows on 120000 (profit) or 129000
// (loss) until an entry of a later year allocates it; income and expense
// start again each year.
func TestTrialBalanceResultAccounts(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			b.clock = afterYears()
			require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2028)))
			// 106100 (réserve légale) and 119000 (report à nouveau
			// débiteur) are in the French chart.
			mustPost(t, b, od(d(3, 1), "512000", "706000", "1000.00"))
			mustPost(t, b, od(d(4, 1), "627000", "512000", "200.00"))
			_, _, err := b.CloseFiscalYear(ctx, "2026", "alice")
			require.NoError(t, err)

			rows := func(at journal.Date) map[string]string {
				t.Helper()
				tb, err := b.TrialBalance(ctx, at)
				require.NoError(t, err)
				require.True(t, tb.Total.Balance.IsZero(), "the trial balance sums to zero")
				out := map[string]string{}
				for _, r := range tb.Rows {
					out[r.Account] = r.Balance.Plain()
				}
				return out
			}
			assert.Equal(t, map[string]string{"512000": "800.00", "627000": "200.00", "706000": "-1000.00"}, rows(d(12, 31)))
			assert.Equal(t, map[string]string{"512000": "800.00", "120000": "-800.00"}, rows(d27(1, 1)),
				"the 2026 profit shows on 120000; the P&L starts again")

			// The allocation brings 120000 to zero.
			mustPost(t, b, od(d27(6, 30), "120000", "106100", "800.00"))
			mustPost(t, b, od(d27(9, 1), "627000", "512000", "300.00"))
			tb, err := b.TrialBalance(ctx, d27(12, 31))
			require.NoError(t, err)
			var r120 TrialRow
			for _, r := range tb.Rows {
				if r.Account == "120000" {
					r120 = r
				}
				assert.NotEqual(t, "", r.Account, "no row without an account")
			}
			assert.Equal(t, "800.00", r120.Debit.Plain())
			assert.Equal(t, "800.00", r120.Credit.Plain())
			assert.True(t, r120.Balance.IsZero())
			assert.Equal(t, map[string]string{"512000": "500.00", "120000": "0.00", "106100": "-800.00", "627000": "300.00"}, rows(d27(12, 31)))

			// A loss the next year shows on 129000, apart from the profit
			// allocated before it.
			assert.Equal(t, map[string]string{"512000": "500.00", "120000": "0.00", "106100": "-800.00", "129000": "300.00"},
				rows(journal.MustDate(2028, 1, 1)))
			mustPost(t, b, od(journal.MustDate(2028, 5, 1), "119000", "129000", "300.00"))
			assert.Equal(t, map[string]string{"512000": "500.00", "120000": "0.00", "106100": "-800.00", "129000": "0.00", "119000": "300.00"},
				rows(journal.MustDate(2028, 12, 31)))
			require.NoError(t, b.Check(ctx))
		})
	}
}

// A book without result accounts keeps the result of earlier years on a
// row of its own.
func TestTrialBalanceWithoutResultAccounts(t *testing.T) {
	b, err := Create(ctx, memstore.New(), Options{Currency: eur, Clock: afterYears(), Strict: true})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2026)))
	require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2027)))
	for _, a := range []Account{NewAccount("512000", "Banque", KindBank), NewAccount("706000", "Prestations", KindIncome)} {
		require.NoError(t, b.AddAccount(ctx, a))
	}
	require.NoError(t, b.AddJournal(ctx, Journal{Code: "OD", Name: "Divers", Kind: JournalGeneral}))
	mustPost(t, b, od(d(3, 1), "512000", "706000", "1000.00"))
	tb, err := b.TrialBalance(ctx, d27(3, 1))
	require.NoError(t, err)
	require.Len(t, tb.Rows, 2)
	assert.Equal(t, "", tb.Rows[1].Account)
	assert.Equal(t, EarlierResultName, tb.Rows[1].Name)
	assert.Equal(t, "-1000.00", tb.Rows[1].Balance.Plain())
	assert.Equal(t, "1000.00", tb.Rows[1].Credit.Plain())
	assert.True(t, tb.Total.Balance.IsZero())
}

// Closing records altered, deleted or added behind the book's back are
// found by Check and Verify; a deleted closing does not reopen its year.
func TestClosingTamper(t *testing.T) {
	for _, s := range stores {
		for _, tc := range []struct {
			name    string
			corrupt func(t *testing.T, f fixture)
			check   func(t *testing.T, f fixture, err error)
		}{
			{"altered", func(t *testing.T, f fixture) {
				edit(t, f, bClose, u64(nil, 1), func(r *closeRec) { r.By = "mallory" })
			}, func(t *testing.T, f fixture, err error) { mustFind(t, err, 3, "closing 1") }},
			{"closed before the entries", func(t *testing.T, f fixture) {
				edit(t, f, bClose, u64(nil, 1), func(r *closeRec) { r.Seq = 1 })
			}, func(t *testing.T, f fixture, err error) {
				mustFind(t, err, 3, "entry", "closed (at posting sequence 1) before it was posted")
			}},
			{"deleted", func(t *testing.T, f fixture) {
				f.del(t, bClose, u64(nil, 1))
				_, err := f.b.Post(ctx, sale("C1", d(3, 20), "10.00"))
				require.ErrorIs(t, err, ErrIntegrity, "a deleted closing does not reopen its year")
			}, func(t *testing.T, f fixture, err error) { mustFind(t, err, 3, "closings", "holds 0 closings") }},
			{"added", func(t *testing.T, f fixture) {
				f.put(t, bClose, u64(nil, 2), encode(closeRec{Start: CalendarYear(2027).Start.Key(), End: CalendarYear(2027).End.Key(),
					Label: "2027", By: "mallory"}))
			}, func(t *testing.T, f fixture, err error) { mustFind(t, err, 3, "closing 2") }},
		} {
			t.Run(s.Name+"/"+tc.name, func(t *testing.T) {
				f := newFixture(t, s)
				f.b.clock = afterYears()
				_, _, err := f.b.CloseFiscalYear(ctx, "2026", "alice")
				require.NoError(t, err)
				require.NoError(t, f.b.Check(ctx))
				require.NoError(t, f.b.Verify(ctx))
				tc.corrupt(t, f)
				err = f.b.Check(ctx)
				require.Error(t, err, "Check")
				tc.check(t, f, err)
				require.Error(t, f.b.Verify(ctx), "Verify")
			})
		}
	}
}

// afterYears is a clock past the test books' fiscal years, so that they
// can be closed.
func afterYears() func() time.Time {
	now := time.Date(2029, 1, 2, 9, 0, 0, 0, time.UTC)
	return func() time.Time { now = now.Add(time.Second); return now }
}
