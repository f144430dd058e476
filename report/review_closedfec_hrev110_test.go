package report_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store/storetest"
)

// An invoice of 1 000,00 of 2026 part-paid in 2026 by a receipt of
// 400,00 (a partial, no match), carried into the closed 2027 at 600,00.
// After both closings the partial is undone and the same two lines are
// lettered again (a new partial, dated 20/11/2026 as the first, recorded
// after the closing).
// The closed 2027 FEC stays byte-identical (closedLetters' godoc: "so
// that the file filed does not change"; DESIGN §13 Year end).
func TestHrev110ClosedFECUndoThenLetterAgain(t *testing.T) {
	x := rv20Book(t, storetest.Backends[0])
	ctx := context.Background()
	inv := x.sale(t, "C1", fecDay(2026, 11, 10), "F26-95", "1000.00")
	rec := x.receive(t, "C1", fecDay(2026, 11, 20), fecAmt("400.00"), inv)
	x.sale(t, "C2", fecDay(2027, 6, 1), "F27-02", "200.00")
	hrev97Close(t, x, "2026", "2027")
	b26, b27 := hrev76FEC(t, x, "2026"), hrev76FEC(t, x, "2027")
	require.Contains(t, b27, "|F26-95|20261110|Facture F26-95|600,00|")
	_, err := x.r.Unletter(ctx, journal.NoID, hrev76Line(t, inv))
	require.NoError(t, err)
	require.Equal(t, b27, hrev76FEC(t, x, "2027"))
	x.letter(t, hrev76Line(t, inv), hrev76Line(t, rec.Entries[0]))
	assert.Equal(t, b26, hrev76FEC(t, x, "2026"))
	assert.Equal(t, b27, hrev76FEC(t, x, "2027"), "the closed 2027 FEC changed after its closing")
	x.fecOf(t, "2028")
}

// An invoice of 1 000,00 and a receipt on account of 400,00, both of
// 2026, left unlettered at both closings: the closed 2027 opening carries
// them one by one (1 000,00 and 400,00). They are lettered after the
// closings (a partial dated 20/11/2026, recorded after them).
// The closed 2027 FEC stays as filed.
func TestHrev110ClosedFECLetteredAfterClosing(t *testing.T) {
	x := rv20Book(t, storetest.Backends[0])
	inv := x.sale(t, "C1", fecDay(2026, 11, 10), "F26-95", "1000.00")
	rec := x.receive(t, "C1", fecDay(2026, 11, 20), fecAmt("400.00"))
	x.sale(t, "C2", fecDay(2027, 6, 1), "F27-02", "200.00")
	hrev97Close(t, x, "2026", "2027")
	b26, b27 := hrev76FEC(t, x, "2026"), hrev76FEC(t, x, "2027")
	require.Contains(t, b27, "|F26-95|20261110|Facture F26-95|1000,00|")
	x.letter(t, hrev76Line(t, inv), hrev76Line(t, rec.Entries[0]))
	assert.Equal(t, b26, hrev76FEC(t, x, "2026"))
	assert.Equal(t, b27, hrev76FEC(t, x, "2027"), "the closed 2027 FEC changed after its closing")
	x.fecOf(t, "2028")
}
