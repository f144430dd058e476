package report_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/store/storetest"
)

// Pins the mirror of TestHrev89UnletteringEarlierYearChangesLaterClosedFEC:
// an invoice and an unallocated receipt of 2026, open through the closings
// of 2026 and 2027, lettered together afterwards. The closed 2026 and 2027
// FECs stay byte for byte as filed (the partial moves to the first open
// date, 2028-01-01, so the 2027 opening still carries both items), and the
// 2028 opening carries them with the letter and that date (fecexport.go
// letter's doc: "so that the file filed does not change"; DESIGN §13).
func TestHrev94LetteringEarlierYearAfterClosingChangesLaterClosedFEC(t *testing.T) {
	x := rv20Book(t, storetest.Backends[0])
	ctx := context.Background()
	inv := x.sale(t, "C1", fecDay(2026, 11, 10), "F26-95", "1000.00")
	rec := x.receive(t, "C1", fecDay(2026, 12, 20), fecAmt("1000.00")) // on account, nothing named
	require.Empty(t, rec.Matches)
	x.sale(t, "C2", fecDay(2027, 6, 1), "F27-02", "200.00") // a 2027 entry
	_, _, err := x.b.CloseFiscalYear(ctx, "2026", "Expert")
	require.NoError(t, err)
	_, _, err = x.b.CloseFiscalYear(ctx, "2027", "Expert")
	require.NoError(t, err)
	before26, before27 := hrev76FEC(t, x, "2026"), hrev76FEC(t, x, "2027")
	require.Contains(t, before27, "|F26-95|20261110|")
	res := x.letter(t, hrev76Line(t, inv), hrev76Line(t, rec.Entries[0]))
	require.Len(t, res.Matches, 1)
	assert.Equal(t, before26, hrev76FEC(t, x, "2026"), "the closed 2026 FEC changed after its closing")
	assert.Equal(t, before27, hrev76FEC(t, x, "2027"), "the closed 2027 FEC changed after its closing")
	assert.Contains(t, hrev76FEC(t, x, "2028"), "|F26-95|20261110|Facture F26-95|1000,00|0,00|AAA|20280101|")
}
