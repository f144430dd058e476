package report_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store/storetest"
)

// A closed year's opening items are what the lines owed at its closing:
// an invoice of 2026 part-paid in 2026 (no match, a partial) carried into
// the closed 2027 at 600,00 stays at 600,00 in 2027's FEC after that
// partial is undone, and so does one paid in full in 2026 (not carried)
// whose match is undone. The open year 2028 carries what they owe today.
func TestClosedFECOpeningAsAtItsClosing(t *testing.T) {
	for _, be := range storetest.Backends {
		t.Run(be.Name, func(t *testing.T) {
			x := rv20Book(t, be)
			ctx := context.Background()
			part := x.sale(t, "C1", fecDay(2026, 11, 10), "F26-95", "1000.00")
			p := x.receive(t, "C1", fecDay(2026, 11, 20), fecAmt("400.00"), part)
			require.Empty(t, p.Matches)
			full := x.sale(t, "C2", fecDay(2026, 11, 12), "F26-96", "300.00")
			x.receive(t, "C2", fecDay(2026, 12, 2), fecAmt("300.00"), full)
			x.sale(t, "C1", fecDay(2027, 6, 1), "F27-02", "200.00")
			for _, y := range []string{"2026", "2027"} {
				_, _, err := x.b.CloseFiscalYear(ctx, y, "Expert")
				require.NoError(t, err)
			}
			before27 := hrev76FEC(t, x, "2027")
			require.Contains(t, before27, "600,00")
			for _, doc := range []journal.Entry{part, full} {
				_, err := x.r.Unletter(ctx, journal.NoID, hrev76Line(t, doc))
				require.NoError(t, err)
			}
			assert.Equal(t, before27, hrev76FEC(t, x, "2027"), "the closed 2027 FEC changed after its closing")
			open28 := hrev76FEC(t, x, "2028")
			assert.Contains(t, open28, "1000,00", "the open year carries what the invoice owes today")
		})
	}
}
