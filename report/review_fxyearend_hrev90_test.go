package report_test

// Review h-rev90: what the trial balance and the FEC show for each year
// of a dollar receivable revalued at the closing (PCG art. 420-5: 476000
// écart de conversion actif, reversed at the opening; art. 420-6:
// provision 151500 / 681500, reprise 781500 — DESIGN §5) and settled the
// next year (realised loss on 656000, DESIGN §5).

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/store/storetest"
)

// hr90Balance returns the balance générale rows of a year by account as
// "opening debit credit closing".
func hr90Balance(t *testing.T, x *rv20, year int) map[string]string {
	t.Helper()
	rep, err := report.ReadGeneralBalance(context.Background(), x.b, report.BalanceQuery{
		Period: report.Period{From: fecDay(year, 1, 1), To: fecDay(year, 12, 31)}})
	require.NoError(t, err)
	out := map[string]string{}
	for _, r := range rep.Rows {
		out[r.Account] = r.Opening.Plain() + " " + r.Debit.Plain() + " " + r.Credit.Plain() + " " + r.Closing.Plain()
	}
	assert.True(t, rep.Total.Closing.IsZero(), "%d: the balance sums to zero", year)
	return out
}

// 1 000 USD invoiced on 1/6/2026 at 1.25 (800.00); closing at 1.60
// (625.00): Dr 476000 / Cr 411000 175.00 and a provision of 175.00; the
// 2026 balance shows 411000 at 625.00, 476000 at 175.00 and the
// dotation; 2026 is closed; the receipt of 10/3/2027 at 1.60 (625.00)
// realises 175.00 on 656000 and the 2027 closing takes the provision back
// (781500). Both FEC files validate and their letters tie.
func TestHrev90BalanceAndFECAcrossYears(t *testing.T) {
	ctx := context.Background()
	x := rv20Book(t, storetest.Backends[0])
	inv := x.post(t, journal.Entry{Journal: "VT", Date: fecDay(2026, 6, 1), Type: journal.TypeInvoice, Ref: "FA-U", Label: "Invoice FA-U",
		Currency: x.usd, Lines: []journal.Line{{Account: "411000", Partner: "U1", AmountCurrency: currency.MustParse(x.usd, "1000.00")},
			{Account: "706000", AmountCurrency: currency.MustParse(x.usd, "-1000.00")}}})
	_, err := x.r.Revalue(ctx, reconcile.Revaluation{Date: fecDay(2026, 12, 31), Provision: true,
		Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.60")}})
	require.NoError(t, err)
	_, _, err = x.r.CloseFiscalYear(ctx, "2026", "alice")
	require.NoError(t, err)
	x.receive(t, "U1", fecDay(2027, 3, 10), currency.MustParse(x.usd, "1000.00"), inv)
	_, err = x.r.Revalue(ctx, reconcile.Revaluation{Date: fecDay(2027, 12, 31), Provision: true})
	require.NoError(t, err)

	b26 := hr90Balance(t, x, 2026)
	assert.Equal(t, "0.00 800.00 175.00 625.00", b26["411000"])
	assert.Equal(t, "0.00 175.00 0.00 175.00", b26["476000"])
	assert.Equal(t, "0.00 0.00 175.00 -175.00", b26["151500"])
	assert.Equal(t, "0.00 175.00 0.00 175.00", b26["681500"])
	assert.Empty(t, b26["656000"])
	b27 := hr90Balance(t, x, 2027)
	assert.Equal(t, "625.00 175.00 800.00 0.00", b27["411000"])
	assert.Equal(t, "175.00 0.00 175.00 0.00", b27["476000"])
	assert.Equal(t, "-175.00 175.00 0.00 0.00", b27["151500"])
	assert.Equal(t, "0.00 175.00 0.00 175.00", b27["656000"])
	assert.Equal(t, "0.00 0.00 175.00 -175.00", b27["781500"])
	assert.Empty(t, b27["681500"], "no dotation in 2027")

	x.fecOf(t, "2026")
	rows := x.fecOf(t, "2027")
	var an476 currency.Amount = fecAmt("0.00")
	for _, r := range rows {
		if r[0] == "AN" && r[4] == "476000" {
			an476, _ = an476.Add(r.amount(t))
		}
		if r[4] == "681500" {
			assert.Fail(t, "a 2027 line on 681500", "%v", r)
		}
	}
	assert.Equal(t, "175.00", an476.Plain(), "476000 opens 2027 at 175.00")
}
