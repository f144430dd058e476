package hledger_test

import (
	"context"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report/hledger"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: an hledger USD invoice whose receivable posting is in EUR ("411000:C1 1000.00 EUR", the sale "-1250.00 USD @@ 1000.00 EUR") is imported as a USD invoice owing 0,00 USD (the reader sets the line's currency amount to zero, which slips past ErrDocumentAmount), settled from the start, where the import should refuse it with ErrDocumentAmount (or read the 411 line as 1 250,00 USD).
func TestHrev129ImportForeignInvoiceCompanyReceivable(t *testing.T) {
	ctx := context.Background()
	dst := newBook(t, storetest.Backends[0])
	require.NoError(t, dst.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Boulangerie Martin"}))
	const in = "2026-03-02 Facture USD\n    ; type: invoice\n    411000:C1  1000.00 EUR\n    706000  -1250.00 USD @@ 1000.00 EUR\n\n"
	_, err := hledger.Read(ctx, strings.NewReader(in), dst, hledger.ReadOptions{})
	if err == nil {
		items, err := dst.OpenItems(ctx, "411000", "C1")
		require.NoError(t, err)
		owed := "nothing"
		for _, it := range items {
			owed = it.Residual.AmountCurrency.String()
		}
		assert.Fail(t, "a USD invoice imported owing no USD", "open on 411000 C1: %s", owed)
		return
	}
	assert.ErrorIs(t, err, ledger.ErrDocumentAmount)
}
