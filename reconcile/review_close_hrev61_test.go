package reconcile_test

// Review h-rev61: the year end read as a French accountant does it; this
// test held, every figure computed by hand.

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hr61Book holds the entries of hr61Year a test goes on with.
type hr61Book struct {
	c2inv, s1bill, acc418, acc408 journal.Entry
}

// hr61Year posts a small 2026:
//
//	capital 1 000.00 (512000 / 101000) on 02/01;
//	C1 invoice 1 200.00 on 10/03, paid 20/03;
//	C2 invoice 600.00 on 01/12, 200.00 received 15/12;
//	S1 bill 360.00 on 05/12, unpaid;
//	accruals on 31/12: 418100 250.00 (706000), 408100 90.00 (607000).
//
// Result 2026: 706000 2 050.00 − 607000 450.00 = profit 1 600.00.
func hr61Year(t *testing.T, f *fixture) hr61Book {
	t.Helper()
	var b hr61Book
	f.post(t, journal.Entry{Journal: "OD", Date: d(1, 2), Label: "Capital", Lines: []journal.Line{
		{Account: "512000", Balance: e("1000.00")}, {Account: "101000", Balance: e("-1000.00")}}})
	c1 := f.invoice(t, "C1", d(3, 10), "1200.00")
	f.receive(t, "BQD", "C1", d(3, 20), "1200.00", c1)
	b.c2inv = f.invoice(t, "C2", d(12, 1), "600.00")
	f.receive(t, "BQD", "C2", d(12, 15), "200.00", b.c2inv)
	b.s1bill = f.bill(t, "S1", d(12, 5), "360.00")
	b.acc418 = f.post(t, journal.Entry{Journal: "OD", Date: d(12, 31), Label: "FAE", Lines: []journal.Line{
		{Account: "418100", Balance: e("250.00")}, {Account: "706000", Balance: e("-250.00")}}})
	b.acc408 = f.post(t, journal.Entry{Journal: "OD", Date: d(12, 31), Label: "FNP", Lines: []journal.Line{
		{Account: "607000", Balance: e("90.00")}, {Account: "408100", Balance: e("-90.00")}}})
	f.check(t)
	return b
}

// Passes: the whole year end of hr61Year, to the cent. Accruals reversed
// on 01/01/2027 and lettered with their reversal; 2026 closed on
// 20/01/2027; C2 pays its 400.00 on 25/01/2027; the 1 600.00 profit is
// allocated on 30/06/2027 (106100 80.00, 110000 20.00, 101000 1 500.00).
// Opening 2027: 101000 −1 000.00, 120000 −1 600.00, 401000 S1 −360.00,
// 408100 −90.00, 411000 C2 400.00, 418100 250.00, 512000 2 400.00 (sum 0);
// P&L restart at zero; the balance générale 2027 opens 120000 at −1 600.00
// and closes it at 0.00; the balance auxiliaire opens C2 at 400.00 and S1
// at −360.00; the 2027 FEC opens with AN, the C2 invoice carried at
// 400.00 lettered AAA on 25/01/2027 with its receipt, the accruals
// lettered AAA on 01/01/2027 with their reversals; the 2026 FEC carries
// no letter on C2.
func TestHrev61YearEndAgrees(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := hr61Year(t, f)
		for _, x := range []journal.Entry{b.acc418, b.acc408} {
			_, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: x.ID, Date: d27(1, 1)})
			require.NoError(t, err)
		}
		*f.now = time.Date(2027, time.January, 20, 10, 0, 0, 0, time.UTC)
		_, _, err := f.rec.CloseFiscalYear(ctx, "2026", "alice")
		require.NoError(t, err)
		f.receive(t, "BQD", "C2", d27(1, 25), "400.00", b.c2inv)
		f.post(t, journal.Entry{Journal: "OD", Date: d27(6, 30), Label: "Affectation", Lines: []journal.Line{
			{Account: "120000", Balance: e("1600.00")}, {Account: "106100", Balance: e("-80.00")},
			{Account: "110000", Balance: e("-20.00")}, {Account: "101000", Balance: e("-1500.00")}}})
		f.check(t)
		_, err = f.book.Post(ctx, journal.Entry{Journal: "OD", Date: d(12, 31), Lines: []journal.Line{
			{Account: "627000", Balance: e("1.00")}, {Account: "512000", Balance: e("-1.00")}}})
		assert.ErrorIs(t, err, ledger.ErrYearClosed)

		op, err := f.book.Opening(ctx, "2027")
		require.NoError(t, err)
		var got []string
		for _, r := range op {
			got = append(got, fmt.Sprintf("%s %s %s", r.Account, r.Partner, r.Balance.Plain()))
		}
		assert.Equal(t, []string{"101000  -1000.00", "120000  -1600.00", "401000 S1 -360.00", "408100  -90.00",
			"411000 C2 400.00", "418100  250.00", "512000  2400.00"}, got)

		p := report.Period{From: d27(1, 1), To: d27(12, 31)}
		gb, err := report.ReadGeneralBalance(ctx, f.book, report.BalanceQuery{Period: p})
		require.NoError(t, err)
		rows := map[string]report.BalanceRow{}
		for _, r := range gb.Rows {
			rows[r.Account] = r
		}
		assert.Equal(t, "-1600.00 0.00", rows["120000"].Opening.Plain()+" "+rows["120000"].Closing.Plain())
		assert.Equal(t, "0.00 250.00", rows["706000"].Opening.Plain()+" "+rows["706000"].Closing.Plain())
		assert.Equal(t, "0.00 -90.00", rows["607000"].Opening.Plain()+" "+rows["607000"].Closing.Plain())
		assert.Equal(t, "2400.00 2800.00", rows["512000"].Opening.Plain()+" "+rows["512000"].Closing.Plain())
		assert.True(t, gb.Total.Opening.IsZero() && gb.Total.Closing.IsZero())
		ab, err := report.ReadAuxiliaryBalance(ctx, f.book, report.BalanceQuery{Period: p})
		require.NoError(t, err)
		var aux []string
		for _, r := range ab.Rows {
			if r.Kind == report.RowDetail {
				aux = append(aux, r.Partner+" "+r.Opening.Plain()+" "+r.Closing.Plain())
			}
		}
		assert.Equal(t, []string{"S1 -360.00 -360.00", "C2 400.00 0.00"}, aux)

		fec27 := hr61Dump(t, f, "2027")
		lines := strings.Split(fec27, "\n")
		assert.True(t, strings.HasPrefix(lines[1], "AN|"), "opening first")
		assert.Contains(t, fec27, "AN|A nouveaux|AN/2027/00001|20270101|411000|Clients|C2|Partner C2|VT/2026/00002|20261201|VT/2026/00002|400,00|0,00|AAA|20270125|")
		assert.Contains(t, fec27, "AN|A nouveaux|AN/2027/00001|20270101|418100|Clients - factures à établir|||OD/2026/00002|20261231|FAE|250,00|0,00|AAA|20270101|")
		assert.Contains(t, fec27, "|418100|Clients - factures à établir|||OD/2027/00001|20270101|Extourne de OD/2026/00002|0,00|250,00|AAA|20270101|")
		assert.Contains(t, fec27, "AN|A nouveaux|AN/2027/00001|20270101|120000|Résultat de l'exercice (bénéfice)|||AN/2027/00001|20270101|A nouveaux|0,00|1600,00|")
		fec26 := hr61Dump(t, f, "2026")
		assert.Contains(t, fec26, "|411000|Clients|C2|Partner C2|VT/2026/00002|20261201|VT/2026/00002|600,00|0,00|||")
		assert.NotContains(t, fec26, "|AN|")
	})
}

func hr61Dump(t *testing.T, f *fixture, label string) string {
	t.Helper()
	var buf bytes.Buffer
	_, err := report.WriteFEC(ctx, f.book, label, &buf, report.FECOptions{Separator: '|'})
	require.NoError(t, err)
	return buf.String()
}
