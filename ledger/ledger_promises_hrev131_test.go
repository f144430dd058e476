package ledger

import (
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: a company-currency entry re-posted under its id with Currency set to EUR (the company currency, which "zero" means) is the same input, yet Post returns ErrIdempotencyConflict instead of replaying VT/2026/00001 (120.00 EUR to C1); DESIGN §4 compares the caller's canonical input.
func TestHrev131RetryWithCompanyCurrencySpelledOutReplays(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			x := sale("C1", d(3, 1), "120.00")
			x.ID = journal.NewID()
			first := mustPost(t, b, x)

			retry := x
			retry.Currency = eur // the company currency, spelled out
			before := dump(t, st)
			res, err := b.Post(ctx, retry)
			require.NoError(t, err, "same entry, same id: a replay")
			assert.True(t, res.Replay)
			assert.Equal(t, first.Name(), res.Entry.Name())
			assert.Equal(t, before, dump(t, st))
		})
	}
}

// Was failing, fixed: a company-currency entry re-posted under its id with each line's AmountCurrency given equal to its Balance (as journal.Line says it "equals Balance and may be left unset") — which is exactly the entry Post returned — gets ErrIdempotencyConflict instead of a replay of VT/2026/00001 (411000 120.00 / 706000 -100.00 / 445710 -20.00).
func TestHrev131RetryOfReturnedEntryReplays(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			x := sale("C1", d(3, 1), "120.00")
			x.ID = journal.NewID()
			first := mustPost(t, b, x)

			retry := x
			retry.Lines = append([]journal.Line(nil), x.Lines...)
			for i := range retry.Lines {
				retry.Lines[i].AmountCurrency = retry.Lines[i].Balance
			}
			before := dump(t, st)
			res, err := b.Post(ctx, retry)
			require.NoError(t, err, "same entry, same id: a replay")
			assert.True(t, res.Replay)
			assert.Equal(t, first.Name(), res.Entry.Name())
			assert.Equal(t, before, dump(t, st))
			require.NoError(t, b.Check(ctx))
		})
	}
}

// Was failing, fixed: Reverse with a Date (2027-02-01) before its original's (2027-02-10) is refused with ErrReversalDate when the period is open, but once the general lock date is 2027-02-28 the same request is silently accepted and dated 2027-03-01; the godoc of Reverse and ReverseOptions promises ErrReversalDate for a Date before the original's.
func TestHrev131ReversalDateBeforeOriginalRefusedUnderLock(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			x := mustPost(t, b, od(d27(2, 10), "627000", "512000", "7.00"))
			_, err := b.Reverse(ctx, x.ID, ReverseOptions{Date: d27(2, 1)})
			require.ErrorIs(t, err, ErrReversalDate, "open period: refused")

			require.NoError(t, b.SetLockDate(ctx, LockGeneral, d27(2, 28), "février clos"))
			before := dump(t, st)
			res, err := b.Reverse(ctx, x.ID, ReverseOptions{Date: d27(2, 1)})
			require.ErrorIs(t, err, ErrReversalDate, "a Date before the original's is refused, locked or not; got %s dated %s", res.Entry.Name(), res.Entry.Date)
			assert.Equal(t, before, dump(t, st), "a refused reversal writes nothing")
		})
	}
}

// Pin: the rounding difference of a converted entry goes to its last
// receivable line, or to its largest line when it has none (DESIGN §2).
func TestHrev131ConversionRoundingGoesWhereDesignSays(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b := testBook(t, s.Open(t)) // 1 EUR = 1.20 USD
			balances := func(x journal.Entry) []string {
				var out []string
				for _, l := range mustPost(t, b, x).Lines {
					out = append(out, l.Balance.String())
				}
				return out
			}
			// 10 USD = 8.33 EUR, 20 USD = 16.67 EUR: 0.01 to absorb.
			assert.Equal(t, []string{"8.33 EUR", "8.34 EUR", "-16.67 EUR"}, balances(journal.Entry{
				Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
					{Account: "411000", Partner: "C1", AmountCurrency: u("10.00"), DueDate: d(4, 1)},
					{Account: "411000", Partner: "C1", AmountCurrency: u("10.00"), DueDate: d(5, 1)},
					{Account: "706000", AmountCurrency: u("-20.00")},
				}}), "to the last receivable line")
			assert.Equal(t, []string{"8.33 EUR", "8.33 EUR", "-16.66 EUR"}, balances(journal.Entry{
				Journal: "OD", Date: d(3, 1), Currency: usd, Lines: []journal.Line{
					{Account: "627000", AmountCurrency: u("10.00")},
					{Account: "627000", AmountCurrency: u("10.00")},
					{Account: "512000", AmountCurrency: u("-20.00")},
				}}), "to the largest line")
			require.NoError(t, b.Check(ctx))
		})
	}
}

// Pin: a retry after the rate changed replays (the fingerprint holds no
// rate), and a changed label or date conflicts without writing.
func TestHrev131IdempotencyRateAndFields(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			x := journal.Entry{ID: journal.NewID(), Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
				{Account: "411000", Partner: "C1", AmountCurrency: u("120.00")},
				{Account: "706000", AmountCurrency: u("-120.00")},
			}}
			first := mustPost(t, b, x)
			assert.Equal(t, "100.00 EUR", first.Lines[0].Balance.String())
			require.NoError(t, b.SetRate(ctx, usd, d(3, 1), currency.MustParseRate("1.50")))
			res, err := b.Post(ctx, x)
			require.NoError(t, err)
			assert.True(t, res.Replay)
			assert.Equal(t, "100.00 EUR", res.Entry.Lines[0].Balance.String())
			before := dump(t, st)
			for _, change := range []func(*journal.Entry){
				func(y *journal.Entry) { y.Label = "autre" },
				func(y *journal.Entry) { y.Date = d(3, 2) },
				func(y *journal.Entry) { y.Ref = "F-1" },
			} {
				y := x
				change(&y)
				_, err := b.Post(ctx, y)
				require.ErrorIs(t, err, ErrIdempotencyConflict)
			}
			assert.Equal(t, before, dump(t, st))
		})
	}
}

// Pin: lock-date edges. On the lock date refused, the day after taken; a
// tax entry on the tax lock date refused; after a closing nothing is dated
// in the year, the reversal of its entry lands on the first open day, and no
// lock moves before the year's end.
func TestHrev131LockAndClosingEdges(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			now := time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC)
			b.clock = func() time.Time { return now }
			fee := mustPost(t, b, od(d(6, 1), "627000", "512000", "50.00"))
			mustPost(t, b, sale("C1", d(12, 31), "120.00"))
			require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(1, 31), "janvier"))
			require.NoError(t, b.SetLockDate(ctx, LockTax, d(2, 28), "TVA février"))
			_, err := b.Post(ctx, od(d(1, 31), "627000", "512000", "1.00"))
			require.ErrorIs(t, err, ErrLocked)
			mustPost(t, b, od(d(2, 1), "627000", "512000", "1.00"))
			_, err = b.Post(ctx, sale("C1", d(2, 28), "12.00"))
			require.ErrorIs(t, err, ErrLocked)
			mustPost(t, b, sale("C1", d(3, 1), "12.00"))

			_, _, err = b.CloseFiscalYear(ctx, "2026", "alice")
			require.ErrorIs(t, err, ErrYearNotEnded)
			now = time.Date(2027, 1, 1, 0, 0, 1, 0, time.UTC)
			_, _, err = b.CloseFiscalYear(ctx, "2026", "alice")
			require.NoError(t, err)
			before := dump(t, st)
			_, err = b.Post(ctx, od(d(12, 31), "627000", "512000", "1.00"))
			require.ErrorIs(t, err, ErrYearClosed)
			require.ErrorIs(t, b.SetLockDate(ctx, LockGeneral, journal.Date{}, "rouvrir"), ErrYearClosed)
			require.ErrorIs(t, b.SetLockDate(ctx, LockTax, d(12, 30), "rouvrir"), ErrYearClosed)
			_, err = b.Reverse(ctx, fee.ID, ReverseOptions{Date: d(12, 31)})
			require.ErrorIs(t, err, ErrYearClosed)
			assert.Equal(t, before, dump(t, st))
			rv, err := b.Reverse(ctx, fee.ID, ReverseOptions{})
			require.NoError(t, err)
			assert.Equal(t, d27(1, 1), rv.Entry.Date)
			tb, err := b.TrialBalance(ctx, d27(1, 31))
			require.NoError(t, err)
			got := map[string]string{}
			for _, r := range tb.Rows {
				got[r.Account] = r.Balance.String()
			}
			// 2026: income 100 + 10, expense 50 + 1 → profit 59 on 120000.
			assert.Equal(t, "-59.00 EUR", got["120000"])
			assert.Equal(t, "-50.00 EUR", got["627000"])
			assert.Equal(t, "0.00 EUR", tb.Total.Balance.String())
			require.NoError(t, b.Check(ctx))
		})
	}
}

// Pin: an 18-month first year numbers its entries "VT/2025-2026/…",
// keeps income year-to-date over its whole span, and the next year opens
// with its result on 120000.
func TestHrev131EighteenMonthYear(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b, err := Create(ctx, s.Open(t), Options{Currency: eur, Clock: fixedClock(), Strict: true})
			require.NoError(t, err)
			y := FiscalYearFrom(journal.MustDate(2025, 7, 1), 18)
			require.Equal(t, "2025-2026", y.Label)
			require.ErrorIs(t, b.AddFiscalYears(ctx, y, FiscalYearFrom(journal.MustDate(2027, 1, 1), 25)), ErrFiscalYear)
			years, err := b.FiscalYears(ctx)
			require.NoError(t, err)
			require.Empty(t, years, "all or none")
			require.NoError(t, b.AddFiscalYears(ctx, y, CalendarYear(2027)))
			require.NoError(t, b.InstallFrenchChart(ctx))
			require.NoError(t, b.AddPartner(ctx, Partner{Code: "C1", Name: "c"}))
			dt := journal.MustDate
			first := mustPost(t, b, sale("C1", dt(2025, 7, 1), "120.00"))
			assert.Equal(t, "VT/2025-2026/00001", first.Name())
			last := mustPost(t, b, sale("C1", dt(2026, 12, 31), "480.00"))
			assert.Equal(t, "VT/2025-2026/00002", last.Name())
			mustPost(t, b, sale("C1", dt(2027, 1, 1), "600.00"))
			tb, err := b.TrialBalance(ctx, dt(2026, 12, 31))
			require.NoError(t, err)
			for _, r := range tb.Rows {
				if r.Account == "706000" {
					assert.Equal(t, "-500.00 EUR", r.Balance.String())
				}
			}
			bal, err := b.Balance(ctx, BalanceQuery{Account: "411000", Partner: "C1", At: dt(2025, 6, 30)})
			require.NoError(t, err)
			assert.Equal(t, "0.00 EUR", bal.Balance.String())
			bal, err = b.Balance(ctx, BalanceQuery{Account: "411000", Partner: "C1", At: dt(2040, 1, 1)})
			require.NoError(t, err)
			assert.Equal(t, "1200.00 EUR", bal.Balance.String())
			op, err := b.Opening(ctx, "2027")
			require.NoError(t, err)
			assert.Equal(t, []OpeningRow{
				{Account: "120000", Balance: e("-500.00")},
				{Account: "411000", Partner: "C1", Balance: e("600.00")},
				{Account: "445710", Balance: e("-100.00")},
			}, op)
		})
	}
}
