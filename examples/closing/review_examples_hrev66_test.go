package main

import (
	"bytes"
	"context"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: Expected: the supplier bill of the year, office supplies
// ("Fournitures", label and lines) from a stationer ("Papeterie Durand"),
// is charged to 606400 "Fournitures administratives", the account the PCG
// has for them and that InstallFrenchChart installs; the balance and the
// FEC show it there. Observed: the example books it on 607000 "Achats de
// marchandises" (goods bought for resale), and the printed "Balance
// générale" and the FEC written by the example show 300,00 of
// "Achats de marchandises" for a company that sells services only
// (706000): an example a reader copies teaches the wrong account.
func TestHrev66ClosingSuppliesOnFournituresAdministratives(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), t.TempDir(), &out))
	var charges []string
	for _, m := range regexp.MustCompile(`(?m)^(6\d{5}) `).FindAllStringSubmatch(out.String(), -1) {
		charges = append(charges, m[1])
	}
	// The charges of the balance générale: stationery on 606400, never on
	// 607000 (goods for resale); the example's closing also impairs a
	// doubtful customer (681740), which this test's first version, written
	// before it did, could not expect.
	assert.Equal(t, []string{"606400", "681740"}, charges,
		"the charge accounts of the balance générale: stationery is not goods for resale")
}
