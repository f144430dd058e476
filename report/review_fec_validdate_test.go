package report_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report/fec"
	"github.com/lettrage/lettrage/store/storetest"
)

// ValidDate is the UTC day of posting, not the French calendar day.
//
// Expected: an entry the book's clock records on 2 March 2026 at 00:30
// in Paris has ValidDate 20260302 (DESIGN.md §13 and the doc of
// WriteFEC: "ValidDate the day the book recorded it"; art. A47 A-1 LPF,
// BOI-CF-IOR-60-40-20: ValidDate is the date the entry was validated,
// i.e. became definitive, a civil date in France).
// Observed: 20260301, the day before: ledger stores PostedAt in UTC
// (post.go: t.b.clock().UTC()) and WriteFEC takes journal.DateOf of it,
// so every entry validated between midnight and 01:00 (02:00 in summer)
// in France shows the previous day, and an entry validated on 1 January
// shows 31 December of the year before. No option (FECOptions, ledger
// Options) names the time zone of the company.
func TestReviewFecValidDateIsFrenchDay(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	require.NoError(t, err)
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			clock := func() time.Time { return time.Date(2026, 3, 2, 0, 30, 0, 0, paris) }
			b, err := ledger.Create(ctx, s.Open(t), ledger.Options{Currency: eur, Clock: clock})
			require.NoError(t, err)
			require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
			require.NoError(t, b.InstallFrenchChart(ctx))
			reviewFecPost(t, b, journal.Entry{Journal: "OD", Date: date(2026, 3, 1), Label: "x", Lines: []journal.Line{
				{Account: "613200", Balance: e("10.00")}, {Account: "512000", Balance: e("-10.00")}}})
			out, _ := reviewFecWrite(t, b, "2026", fec.Pipe)
			assert.Contains(t, out, "|10,00|0,00|||20260302||\n", "ValidDate:\n%s", out)
		})
	}
}
