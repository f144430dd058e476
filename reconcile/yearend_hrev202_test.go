package reconcile_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func hrev202Y27(m time.Month, day int) journal.Date { return journal.MustDate(2027, m, day) }

func hrev202Bal(t *testing.T, f *fixture, account, partner string, at journal.Date) string {
	t.Helper()
	b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: account, Partner: partner, At: at})
	require.NoError(t, err)
	return b.Balance.Plain()
}

func hrev202Lines(res reconcile.Result) string {
	var out []string
	for _, x := range res.Entries {
		var ls []string
		for _, l := range x.Lines {
			s := l.Account
			if l.Partner != "" {
				s += "/" + l.Partner
			}
			ls = append(ls, s+" "+l.Balance.Plain())
		}
		out = append(out, x.Date.String()+" "+strings.Join(ls, ", "))
	}
	return strings.Join(out, "; ")
}

// 1 000,00 HT + 200,00 VAT impaired by 500,00 (half net of VAT) at the
// 2026 closing; the customer pays half (600,00) in February 2027. The
// impairment stands until the next closing; there, 250,00 (half of what
// remains HT) takes 250,00 back as income of 2027; the same run again
// posts nothing; the same 500,00 estimate after the payment posts
// nothing.
func TestHrev202ImpairPaidHalfNextYear(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev182Goods(t, "C1", d(10, 1), "1000.00", hrev182VAT20)
		res := f.impair(t, d(12, 31), reconcile.DoubtfulDebt{Partner: "C1", Amount: e("500.00")})
		assert.Equal(t, "2026-12-31 681740 500.00, 491000/C1 -500.00", hrev202Lines(res))
		f.receive(t, "BQ", "C1", hrev202Y27(2, 10), "600.00", inv)
		assert.Equal(t, []string{"C1 500.00 of 600.00"}, f.impaired(t, hrev202Y27(2, 28)), "not taken back before the closing")

		// The same estimate after the payment: nothing.
		res = f.impair(t, hrev202Y27(12, 31), reconcile.DoubtfulDebt{Partner: "C1", Amount: e("500.00")})
		assert.Empty(t, res.Entries)

		res = f.impair(t, hrev202Y27(12, 31), reconcile.DoubtfulDebt{Partner: "C1", Amount: e("250.00")})
		assert.Equal(t, "2027-12-31 491000/C1 250.00, 781740 -250.00", hrev202Lines(res))
		res = f.impair(t, hrev202Y27(12, 31), reconcile.DoubtfulDebt{Partner: "C1", Amount: e("250.00")})
		assert.Empty(t, res.Entries)
		assert.Equal(t, "-250.00", hrev202Bal(t, f, "781740", "", hrev202Y27(12, 31)))
		assert.Equal(t, "500.00", hrev202Bal(t, f, "681740", "", hrev202Y27(12, 31)), "2026's charge alone, none in 2027")
		// Above what it owes: refused, nothing written.
		before := f.snapshot(t)
		_, err := f.rec.Impair(ctx, reconcile.Impairment{Date: hrev202Y27(12, 31), Debts: []reconcile.DoubtfulDebt{{Partner: "C1", Amount: e("600.01")}}})
		require.ErrorIs(t, err, reconcile.ErrAmount)
		f.unchanged(t, before)
		f.check(t)
	})
}

// An impaired customer's debt proves lost in 2027: the bad debt posts 654
// HT and 445710 VAT, the impairment estimated at zero is taken back on
// 781740 (PCG: 654 + 445710 / 411, 491 / 7817).
func TestHrev202BadDebtOfImpairedCustomer(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev182Goods(t, "C1", d(10, 1), "1000.00", hrev182VAT20)
		f.impair(t, d(12, 31), reconcile.DoubtfulDebt{Partner: "C1", Amount: e("500.00")})
		*f.now = time.Date(2027, time.February, 15, 9, 0, 0, 0, time.UTC)
		_, _, err := f.rec.CloseFiscalYear(ctx, "2026", "alice")
		require.NoError(t, err)

		// Impair in the closed year: refused, nothing written.
		before := f.snapshot(t)
		_, err = f.rec.Impair(ctx, reconcile.Impairment{Date: d(12, 31), Debts: []reconcile.DoubtfulDebt{{Partner: "C1", Amount: e("0.00")}}})
		require.ErrorIs(t, err, ledger.ErrYearClosed)
		f.unchanged(t, before)

		// The opening of 2027 carries 491000 (one row: not a partner account).
		rows, err := f.book.Opening(ctx, "2027")
		require.NoError(t, err)
		var got []string
		for _, r := range rows {
			got = append(got, r.Account+"/"+r.Partner+" "+r.Balance.Plain())
		}
		assert.Contains(t, got, "491000/ -500.00")
		assert.Contains(t, got, "411000/C1 1200.00")

		op := journal.NewID()
		bd := reconcile.BadDebt{Operation: op, Invoice: inv.ID, Date: hrev202Y27(3, 15)}
		res, err := f.rec.WriteOffBadDebt(ctx, bd)
		require.NoError(t, err)
		assert.Equal(t, "2027-03-15 411000/C1 -1200.00, 654000 1000.00, 445710 200.00", hrev202Lines(res))
		n := f.hrev182Count(t)
		again, err := f.rec.WriteOffBadDebt(ctx, bd)
		require.NoError(t, err)
		assert.True(t, again.Replay)
		assert.Equal(t, n, f.hrev182Count(t))

		assert.Equal(t, []string{"C1 500.00 of 0.00"}, f.impaired(t, hrev202Y27(3, 15)))
		res = f.impair(t, hrev202Y27(3, 15), reconcile.DoubtfulDebt{Partner: "C1", Amount: e("0.00")})
		assert.Equal(t, "2027-03-15 491000/C1 500.00, 781740 -500.00", hrev202Lines(res))
		assert.Empty(t, f.impaired(t, hrev202Y27(3, 15)))
		res = f.impair(t, hrev202Y27(12, 31), reconcile.DoubtfulDebt{Partner: "C1", Amount: e("0.00")})
		assert.Empty(t, res.Entries)
		assert.Equal(t, "0.00", hrev202Bal(t, f, "491000", "", hrev202Y27(12, 31)))
		assert.Equal(t, "1000.00", hrev202Bal(t, f, "654000", "", hrev202Y27(12, 31)))
		assert.Equal(t, "-500.00", hrev202Bal(t, f, "781740", "", hrev202Y27(12, 31)))
		// The VAT report of March 2027 lowers the collected VAT by 200,00.
		assert.Equal(t, "445710 D20 -1000.00 -200.00; collected -200.00 deductible 0.00", f.hrev182VAT(t, hrev202Y27(3, 1), hrev202Y27(3, 31)))
		f.check(t)
	})
}

// The aged balance at the closing with an impairment held: 491000 is not
// a receivable; the customer still owes the whole invoice.
func TestHrev202AgedWithImpairment(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.hrev182Goods(t, "C1", d(10, 1), "1000.00", hrev182VAT20)
		f.impair(t, d(12, 31), reconcile.DoubtfulDebt{Partner: "C1", Amount: e("500.00")})
		aged, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(12, 31)})
		require.NoError(t, err)
		require.Len(t, aged.Rows, 1)
		assert.Equal(t, "1200.00", aged.Rows[0].Total.Plain())
		dn, err := f.rec.Dunning(ctx, reconcile.DunningQuery{At: d(12, 31)})
		require.NoError(t, err)
		require.Len(t, dn.Rows, 1)
		assert.Equal(t, "1200.00", dn.Rows[0].Due.Plain())
		assert.Empty(t, dn.Rows[0].Credits)
	})
}

// A bad debt then its unlettering: the invoice is dunned again for what it
// owes, and the bad-debt entry and its reversal are neither dunned nor
// counted as credits.
func TestHrev202DunningAfterBadDebtUndone(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.hrev182Goods(t, "C1", d(3, 1), "1000.00", hrev182VAT20)
		f.receive(t, "BQ", "C1", d(4, 10), "200.00", inv)
		_, err := f.rec.RecordReminder(ctx, reconcile.Reminder{Partner: "C1", Date: d(4, 20), Level: 1, Documents: []journal.ID{inv.ID}})
		require.NoError(t, err)
		_, err = f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(6, 15)})
		require.NoError(t, err)
		dn, err := f.rec.Dunning(ctx, reconcile.DunningQuery{At: d(7, 31)})
		require.NoError(t, err)
		assert.Empty(t, dn.Rows, "a bad debt is not dunned")
		before := f.snapshot(t)
		_, err = f.rec.RecordReminder(ctx, reconcile.Reminder{Partner: "C1", Date: d(7, 31), Level: 2, Documents: []journal.ID{inv.ID}})
		require.ErrorIs(t, err, reconcile.ErrSettled)
		f.unchanged(t, before)

		_, err = f.rec.Unletter(ctx, journal.NoID, inv.LineRef(0))
		require.NoError(t, err)
		f.check(t)
		dn, err = f.rec.Dunning(ctx, reconcile.DunningQuery{At: d(7, 31)})
		require.NoError(t, err)
		require.Len(t, dn.Rows, 1)
		row := dn.Rows[0]
		var items []string
		for _, it := range row.Items {
			items = append(items, fmt.Sprintf("%s %s L%d R%d", it.Number, it.Residual.Plain(), it.Level, it.Reminded))
		}
		var credits []string
		for _, c := range row.Credits {
			credits = append(credits, c.Number+" "+c.Residual.Plain())
		}
		assert.Equal(t, []string{inv.Name() + " 1200.00 L3 R1"}, items, "the payment was unlettered too")
		assert.Equal(t, []string{"BQ/2026/00001 -200.00"}, credits)
		assert.Equal(t, "1000.00", row.Net.Plain())
	})
}

// Several customers in one run: one refused (an estimate above its debt)
// writes nothing for the others; a replay of the run that went through
// writes nothing more.
func TestHrev202ImpairAllOrNothingAndReplay(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		f.hrev182Goods(t, "C1", d(10, 1), "1000.00", hrev182VAT20)
		f.hrev182Goods(t, "C2", d(10, 1), "500.00", hrev182VAT20)
		before := f.snapshot(t)
		n := f.hrev182Count(t)
		_, err := f.rec.Impair(ctx, reconcile.Impairment{Date: d(12, 31), Debts: []reconcile.DoubtfulDebt{
			{Partner: "C1", Amount: e("500.00")}, {Partner: "C2", Amount: e("600.01")}}})
		require.ErrorIs(t, err, reconcile.ErrAmount)
		_, err = f.rec.Impair(ctx, reconcile.Impairment{Date: d(12, 31), Debts: []reconcile.DoubtfulDebt{
			{Partner: "C1", Amount: e("500.00")}, {Partner: "C9", Amount: e("1.00")}}})
		require.ErrorIs(t, err, ledger.ErrUnknownPartner)
		f.unchanged(t, before)
		assert.Equal(t, n, f.hrev182Count(t))
		im := reconcile.Impairment{Operation: journal.NewID(), Date: d(12, 31), Debts: []reconcile.DoubtfulDebt{
			{Partner: "C1", Amount: e("500.00")}, {Partner: "C2", Amount: e("250.00")}}}
		res, err := f.rec.Impair(ctx, im)
		require.NoError(t, err)
		assert.Equal(t, "2026-12-31 681740 500.00, 491000/C1 -500.00; 2026-12-31 681740 250.00, 491000/C2 -250.00", hrev202Lines(res))
		n = f.hrev182Count(t)
		again, err := f.rec.Impair(ctx, im)
		require.NoError(t, err)
		assert.True(t, again.Replay)
		assert.Equal(t, n, f.hrev182Count(t))
		assert.Equal(t, []string{"C1 500.00 of 1200.00", "C2 250.00 of 600.00"}, f.impaired(t, d(12, 31)))
		f.check(t)
	})
}
