package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// impairLines renders an impairment run's entries: date, then each line's
// account, partner and balance.
func impairLines(res reconcile.Result) []string {
	var out []string
	for _, x := range res.Entries {
		s := x.Date.String()
		for _, l := range x.Lines {
			s += " " + l.Account
			if l.Partner != "" {
				s += "/" + l.Partner
			}
			s += " " + l.Balance.Plain()
		}
		out = append(out, s)
	}
	return out
}

func (f *fixture) impair(t *testing.T, date journal.Date, debts ...reconcile.DoubtfulDebt) reconcile.Result {
	t.Helper()
	res, err := f.rec.Impair(ctx, reconcile.Impairment{Date: date, Debts: debts})
	require.NoError(t, err)
	return res
}

func (f *fixture) impaired(t *testing.T, date journal.Date) []string {
	t.Helper()
	list, err := f.rec.Impaired(ctx, date)
	require.NoError(t, err)
	var out []string
	for _, x := range list {
		out = append(out, x.Partner+" "+x.Impaired.Plain()+" of "+x.Owed.Plain())
	}
	return out
}

// A customer owes 2 400,00 (two invoices of 1 000,00 HT + 200,00 VAT) at
// the closing of 2026: impaired by 1 000,00 (half of what it owes, net of
// VAT), then, at a second run for the same closing, by 1 500,00 — the
// year's charge is one figure, so the first entry is reversed. At the
// closing of 2027 it owes the same and is estimated at 600,00: 900,00 of
// 2026's impairment is taken back as income of 2027 (781740), never a
// negative charge.
func TestImpairChargeAndReprise(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(9, 1), "1200.00")
		f.invoice(t, "C1", d(10, 1), "1200.00")

		res := f.impair(t, d(12, 31), reconcile.DoubtfulDebt{Partner: "C1", Amount: e("1000.00")})
		assert.Equal(t, []string{"2026-12-31 681740 1000.00 491000/C1 -1000.00"}, impairLines(res))
		x := res.Entries[0]
		assert.Equal(t, journal.TypeMisc, x.Type)
		assert.Equal(t, "OD", x.Journal)
		assert.Equal(t, "Dépréciation créance douteuse Partner C1", x.Label)
		assert.Equal(t, []string{"C1 1000.00 of 2400.00"}, f.impaired(t, d(12, 31)))
		assert.Empty(t, f.impaired(t, d(12, 30)), "nothing held the day before")
		f.check(t)

		// The same estimate again: nothing.
		res = f.impair(t, d(12, 31), reconcile.DoubtfulDebt{Partner: "C1", Amount: e("1000.00")})
		assert.Empty(t, res.Entries)

		// A second estimate for the same closing: 2026's charge becomes
		// 1 500,00, one entry, the first reversed.
		res = f.impair(t, d(12, 31), reconcile.DoubtfulDebt{Partner: "C1", Amount: e("1500.00")})
		assert.Equal(t, []string{
			"2026-12-31 681740 -1000.00 491000/C1 1000.00",
			"2026-12-31 681740 1500.00 491000/C1 -1500.00",
		}, impairLines(res))
		assert.Equal(t, []string{"C1 1500.00 of 2400.00"}, f.impaired(t, d(12, 31)))
		charge, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: "681740", At: d(12, 31)})
		require.NoError(t, err)
		assert.Equal(t, "1500.00", charge.Balance.Plain())

		// Closing of 2027: 600,00 needed, 1 500,00 held from 2026.
		res = f.impair(t, journal.MustDate(2027, 12, 31), reconcile.DoubtfulDebt{Partner: "C1", Amount: e("600.00")})
		assert.Equal(t, []string{"2027-12-31 491000/C1 900.00 781740 -900.00"}, impairLines(res))
		assert.Equal(t, "Reprise de dépréciation créance Partner C1", res.Entries[0].Label)
		assert.Equal(t, []string{"C1 600.00 of 2400.00"}, f.impaired(t, journal.MustDate(2027, 12, 31)))

		// Then 700,00 for the same 2027 closing: the reprise of 2027 is
		// reversed and 800,00 taken back instead.
		res = f.impair(t, journal.MustDate(2027, 12, 31), reconcile.DoubtfulDebt{Partner: "C1", Amount: e("700.00")})
		assert.Equal(t, []string{
			"2027-12-31 491000/C1 -900.00 781740 900.00",
			"2027-12-31 491000/C1 800.00 781740 -800.00",
		}, impairLines(res))
		f.check(t)
	})
}

// An estimate above the 2026 impairment in 2027 is a further charge of
// 2027; zero takes everything back; one posted by hand counts as held.
func TestImpairFurtherChargeZeroAndByHand(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(9, 1), "1200.00")
		f.invoice(t, "C2", d(9, 1), "600.00")
		// An accountant's own impairment of C2, posted by hand in 2026.
		f.post(t, journal.Entry{Journal: "OD", Date: d(12, 31), Lines: []journal.Line{
			{Account: "681740", Balance: e("100.00")},
			{Account: "491000", Partner: "C2", Balance: e("-100.00")},
		}})
		f.impair(t, d(12, 31), reconcile.DoubtfulDebt{Partner: "C1", Amount: e("400.00")})

		res := f.impair(t, journal.MustDate(2027, 12, 31),
			reconcile.DoubtfulDebt{Partner: "C1", Amount: e("1000.00")},
			reconcile.DoubtfulDebt{Partner: "C2", Amount: e("100.00")})
		assert.Equal(t, []string{"2027-12-31 681740 600.00 491000/C1 -600.00"}, impairLines(res),
			"C2's impairment posted by hand is what it holds already")

		// The same closing: C2's is taken back whole even though posted by
		// hand in 2026 (it is not this year's own to reverse).
		res = f.impair(t, journal.MustDate(2027, 12, 31), reconcile.DoubtfulDebt{Partner: "C2", Amount: e("0.00")})
		assert.Equal(t, []string{"2027-12-31 491000/C2 100.00 781740 -100.00"}, impairLines(res))
		assert.Equal(t, []string{"C1 1000.00 of 1200.00"}, f.impaired(t, journal.MustDate(2027, 12, 31)))
		f.check(t)
	})
}

// A customer's impairment is bounded by what it owes on the receivable
// accounts at the date, VAT included, net of its payments and credit
// notes.
func TestImpairBoundedByWhatIsOwed(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(9, 1), "1200.00")
		f.receive(t, "BQ", "C1", d(10, 1), "480.00", inv)
		f.invoice(t, "C1", journal.MustDate(2027, 1, 5), "5000.00") // after the closing

		before := f.snapshot(t)
		_, err := f.rec.Impair(ctx, reconcile.Impairment{Date: d(12, 31),
			Debts: []reconcile.DoubtfulDebt{{Partner: "C1", Amount: e("720.01")}}})
		require.ErrorIs(t, err, reconcile.ErrAmount)
		assert.Contains(t, err.Error(), "720,00")
		f.unchanged(t, before)

		res := f.impair(t, d(12, 31), reconcile.DoubtfulDebt{Partner: "C1", Amount: e("720.00")})
		assert.Len(t, res.Entries, 1)
	})
}

func TestImpairRefusals(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(9, 1), "1200.00")
		require.NoError(t, f.book.SetLockDates(ctx, ledger.LockChange{Kind: ledger.LockGeneral, Date: d(6, 30)}))
		before := f.snapshot(t)
		cases := []struct {
			name string
			im   reconcile.Impairment
			want error
		}{
			{"no date", reconcile.Impairment{Debts: []reconcile.DoubtfulDebt{{Partner: "C1", Amount: e("10.00")}}}, journal.ErrNoDate},
			{"no debts", reconcile.Impairment{Date: d(12, 31)}, reconcile.ErrAmount},
			{"negative", reconcile.Impairment{Date: d(12, 31), Debts: []reconcile.DoubtfulDebt{{Partner: "C1", Amount: e("-10.00")}}}, reconcile.ErrAmount},
			{"unset", reconcile.Impairment{Date: d(12, 31), Debts: []reconcile.DoubtfulDebt{{Partner: "C1"}}}, reconcile.ErrAmount},
			{"dollars", reconcile.Impairment{Date: d(12, 31), Debts: []reconcile.DoubtfulDebt{{Partner: "C1", Amount: currency.MustParse(usd, "10.00")}}}, reconcile.ErrAmount},
			{"twice", reconcile.Impairment{Date: d(12, 31), Debts: []reconcile.DoubtfulDebt{{Partner: "C1", Amount: e("10.00")}, {Partner: "C1", Amount: e("20.00")}}}, reconcile.ErrAmount},
			{"unknown customer", reconcile.Impairment{Date: d(12, 31), Debts: []reconcile.DoubtfulDebt{{Partner: "ZZ", Amount: e("10.00")}}}, ledger.ErrUnknownPartner},
			{"owes nothing", reconcile.Impairment{Date: d(12, 31), Debts: []reconcile.DoubtfulDebt{{Partner: "C2", Amount: e("0.01")}}}, reconcile.ErrAmount},
			{"locked", reconcile.Impairment{Date: d(6, 30), Debts: []reconcile.DoubtfulDebt{{Partner: "C1", Amount: e("10.00")}}}, ledger.ErrLocked},
			{"no fiscal year", reconcile.Impairment{Date: journal.MustDate(2030, 12, 31), Debts: []reconcile.DoubtfulDebt{{Partner: "C1", Amount: e("10.00")}}}, ledger.ErrNoFiscalYear},
			{"unknown journal", reconcile.Impairment{Date: d(12, 31), Journal: "XX", Debts: []reconcile.DoubtfulDebt{{Partner: "C1", Amount: e("10.00")}}}, ledger.ErrUnknownJournal},
		}
		for _, c := range cases {
			_, err := f.rec.Impair(ctx, c.im)
			assert.ErrorIs(t, err, c.want, c.name)
		}
		f.unchanged(t, before)

		// A chart without 491000: ErrConfig, when Impair runs only.
		rec, err := reconcile.New(ctx, f.book, reconcile.Config{Impairment: "491999"})
		require.NoError(t, err)
		_, err = rec.Impair(ctx, reconcile.Impairment{Date: d(12, 31), Debts: []reconcile.DoubtfulDebt{{Partner: "C1", Amount: e("10.00")}}})
		assert.ErrorIs(t, err, reconcile.ErrConfig)
		f.unchanged(t, before)
	})
}

// An operation id replays its first outcome; another request under it is
// a conflict. An impairment entry cannot be reversed by hand: running
// Impair again corrects it.
func TestImpairReplayAndReverse(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.invoice(t, "C1", d(9, 1), "1200.00")
		op := journal.NewID()
		im := reconcile.Impairment{Operation: op, Date: d(12, 31), Debts: []reconcile.DoubtfulDebt{{Partner: "C1", Amount: e("300.00")}}}
		first, err := f.rec.Impair(ctx, im)
		require.NoError(t, err)
		again, err := f.rec.Impair(ctx, im)
		require.NoError(t, err)
		assert.True(t, again.Replay)
		assert.Equal(t, first.Entries[0].ID, again.Entries[0].ID)
		im.Debts[0].Amount = e("301.00")
		_, err = f.rec.Impair(ctx, im)
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)

		_, err = f.rec.Reverse(ctx, reconcile.Reversal{Entry: first.Entries[0].ID})
		require.ErrorIs(t, err, reconcile.ErrNotDocument)
		assert.Contains(t, err.Error(), "run the impairment again")
		assert.Equal(t, []string{"C1 300.00 of 1200.00"}, f.impaired(t, d(12, 31)))
		f.check(t)
	})
}
