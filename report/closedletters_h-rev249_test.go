package report_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/store/storetest"
)

// Pins: a month of a closed year (March 2026) shows, in the general
// ledger and the partner ledger alike, the letters of the closing: a
// match undone after the closing and lettered again under another code
// shows its old code; lines first lettered after the closing show none;
// the year's FEC agrees.
func TestHrev249ClosedYearMonthLedgersShowClosingLetters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	x := rv20Book(t, storetest.Backends[0])
	inv := x.sale(t, "C1", fecDay(2026, 3, 2), "F-1", "100.00")
	res := x.receive(t, "C1", fecDay(2026, 3, 20), fecAmt("100.00"), inv)
	require.Len(t, res.Matches, 1)
	old := res.Matches[0].Code
	late := x.sale(t, "C2", fecDay(2026, 3, 3), "F-2", "50.00")
	pay := x.post(t, journal.Entry{Journal: "BQD", Date: fecDay(2026, 3, 25), Type: journal.TypePayment, Lines: []journal.Line{
		{Account: "512000", Balance: fecAmt("50.00")}, {Account: "411000", Partner: "C2", Balance: fecAmt("-50.00")}}})
	_, _, err := x.b.CloseFiscalYear(ctx, "2026", "Expert")
	require.NoError(t, err)
	_, err = x.r.Unletter(ctx, journal.NoID, hrev76Line(t, inv))
	require.NoError(t, err)
	again := x.letter(t, hrev76Line(t, inv), hrev76Line(t, res.Entries[0]))
	require.Len(t, again.Matches, 1)
	require.NotEqual(t, old, again.Matches[0].Code)
	x.letter(t, hrev76Line(t, late), hrev76Line(t, pay))

	want := map[string]string{inv.Name(): old, res.Entries[0].Name(): old, late.Name(): "", pay.Name(): ""}
	march := report.Period{From: fecDay(2026, 3, 1), To: fecDay(2026, 3, 31)}
	g, err := report.ReadGeneralLedger(ctx, x.b, report.LedgerQuery{Period: march, Accounts: []string{"411000"}, ByPartner: true})
	require.NoError(t, err)
	p, err := report.ReadPartnerLedger(ctx, x.b, report.PartnerLedgerQuery{Period: march})
	require.NoError(t, err)
	for name, rows := range map[string][]report.LedgerRow{"general": g.Rows, "partner": p.Rows} {
		got := map[string]string{}
		for _, r := range rows {
			if r.Kind == report.RowDetail && r.Account == "411000" {
				got[r.Number] = r.Letter
			}
		}
		assert.Equal(t, want, got, "%s ledger of March 2026", name)
	}
	fecLetters := hrev246FECLetters(t, x, "2026")
	for n, code := range want {
		assert.Equal(t, code, fecLetters[n], "FEC %s", n)
	}
}
