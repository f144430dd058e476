package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: a USD invoice whose 411000 line gives a balance of 1 000,00 EUR and an amount of 0,00 USD (what the hledger import writes for a company-currency posting in a USD transaction) is posted owing 0,00 USD, settled from the start, where ErrDocumentAmount's doc says a partner line with a balance and no amount in the document's currency is refused.
func TestHrev129ForeignDocumentZeroCurrencyAmount(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			before := dump(t, st)
			_, err := b.Post(ctx, journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
				{Account: "411000", Partner: "C1", Balance: e("1000.00"), AmountCurrency: currency.Zero(usd)},
				{Account: "706000", AmountCurrency: u("-1200.00")},
			}})
			require.ErrorIs(t, err, ErrDocumentAmount, "a USD invoice owing 0,00 USD on its customer's line")
			assert.Equal(t, before, dump(t, st), "a refused entry writes nothing")
		})
	}
}
