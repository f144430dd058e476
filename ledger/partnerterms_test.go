package ledger_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// A partner's default payment terms, for the invoices that name none.
func TestPartnerTerms(t *testing.T) {
	total := currency.MustParse(currency.MustLookup("EUR"), "120.00")
	day := journal.MustDate(2026, 1, 31)
	for _, tt := range []struct {
		days int
		due  journal.Date
	}{{0, day}, {30, journal.MustDate(2026, 3, 2)}, {60, journal.MustDate(2026, 4, 1)}} {
		dates, parts, err := ledger.Partner{PaymentTermDays: tt.days}.Terms().Split(total, day, 0)
		require.NoError(t, err)
		assert.Equal(t, []journal.Date{tt.due}, dates, "%d days", tt.days)
		assert.Equal(t, []currency.Amount{total}, parts)
	}
}
