package ledger_test

import (
	"context"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/require"
)

// A SIRET of SIREN 303265045 and a French VAT number of SIREN 732829320
// cannot both be one partner's, SIREN given or not.
func TestReviewPartnerSIRETAndVATOfDifferentCompanies(t *testing.T) {
	ctx := context.Background()
	b, err := ledger.Create(ctx, memstore.New(), ledger.Options{Currency: currency.MustLookup("EUR")})
	require.NoError(t, err)
	err = b.AddPartner(ctx, ledger.Partner{Code: "P1", Name: "x", SIREN: "303265045", SIRET: "73282932000074"})
	require.ErrorIs(t, err, ledger.ErrPartnerData)
	err = b.AddPartner(ctx, ledger.Partner{Code: "P2", Name: "x", SIRET: "73282932000074", VAT: "FR40303265045"})
	require.ErrorIs(t, err, ledger.ErrPartnerData, "the SIRET's SIREN is 732829320, the VAT number's 303265045")
}
