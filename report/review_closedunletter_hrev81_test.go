package report_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store/storetest"
)

// Was failing, fixed (the FEC of a closed year shows its lettering as it
// stood at the closing): an invoice and its payment of 2026, lettered in 2026 (match
// dated 2026-12-20), are unlettered after the closing of 2026: the FEC
// of 2026, produced and filed at the closing, then comes out without
// their EcritureLet/DateLet (the match is no longer live), so the closed
// year's file changes after its closing, which this session's lettering
// rule was meant to prevent ("the closed year's files show its lettering
// as it stood at the end", reconcile/doc.go; afterClosing's doc "A closed
// year's books are definitive"). Expected: the 2026 FEC is the same
// before and after (the unlettering is refused for a match of a closed
// year, or it takes effect after the closing date); source: DESIGN §13
// ("closing a fiscal year is a definitive, irreversible lock"), PCG art.
// 911-4 (intangibility of closed records), TestHrev76LetteringAfterClosingLeavesClosedFECUnchanged.
func TestHrev81UnletteringAfterClosingLeavesClosedFECUnchanged(t *testing.T) {
	x := rv20Book(t, storetest.Backends[0])
	ctx := context.Background()
	inv := x.sale(t, "C1", fecDay(2026, 11, 10), "F26-92", "1000.00")
	res := x.receive(t, "C1", fecDay(2026, 12, 20), fecAmt("1000.00"), inv)
	require.Len(t, res.Matches, 1)
	before := hrev76FEC(t, x, "2026")
	require.Contains(t, before, "|"+res.Matches[0].Code+"|20261220|")
	_, _, err := x.b.CloseFiscalYear(ctx, "2026", "Expert")
	require.NoError(t, err)
	_, err = x.r.Unletter(ctx, journal.NoID, hrev76Line(t, inv))
	if err != nil {
		return // refused: the closed year's lettering stays as it was
	}
	assert.Equal(t, before, hrev76FEC(t, x, "2026"), "the closed year's FEC changed after its closing")
}
