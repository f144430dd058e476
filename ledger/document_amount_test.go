package ledger

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A foreign-currency invoice or credit note whose customer's or supplier's
// line gives a balance and no amount in the document's currency would owe
// nothing in that currency: settled from the day it is posted. It is
// refused with ErrDocumentAmount, and nothing is written. The same lines
// with their currency amounts post; so does a balance alone elsewhere (an
// exchange difference on 411000, a revenue line the book converts).
func TestForeignDocumentNeedsItsCurrencyAmount(t *testing.T) {
	doc := func(typ journal.EntryType, partnerLine journal.Line, other journal.Line) journal.Entry {
		return journal.Entry{Journal: "VT", Date: d(3, 1), Type: typ, Currency: usd, Lines: []journal.Line{partnerLine, other}}
	}
	cases := []struct {
		name  string
		entry journal.Entry
		ok    bool
	}{
		{"invoice, balance alone on 411000",
			doc(journal.TypeInvoice, journal.Line{Account: "411000", Partner: "C1", Balance: e("1000.00")}, journal.Line{Account: "706000", AmountCurrency: u("-1200.00")}), false},
		{"supplier bill, balance alone on 401000",
			doc(journal.TypeInvoice, journal.Line{Account: "401000", Partner: "S1", Balance: e("-1000.00")}, journal.Line{Account: "607000", AmountCurrency: u("1200.00")}), false},
		{"credit note, balance alone on 411000",
			doc(journal.TypeCreditNote, journal.Line{Account: "411000", Partner: "C1", Balance: e("-100.00")}, journal.Line{Account: "706000", Balance: e("100.00")}), false},
		{"invoice with its USD amount",
			doc(journal.TypeInvoice, journal.Line{Account: "411000", Partner: "C1", AmountCurrency: u("1200.00")}, journal.Line{Account: "706000", AmountCurrency: u("-1200.00")}), true},
		{"invoice with both amounts",
			doc(journal.TypeInvoice, journal.Line{Account: "411000", Partner: "C1", Balance: e("1000.00"), AmountCurrency: u("1200.00")}, journal.Line{Account: "706000", Balance: e("-1000.00")}), true},
		{"exchange difference, balance alone on 411000",
			doc(journal.TypeExchangeDifference, journal.Line{Account: "411000", Partner: "C1", Balance: e("10.00")}, journal.Line{Account: "766000", Balance: e("-10.00")}), true},
	}
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			for _, c := range cases {
				before := dump(t, st)
				r, err := b.Post(ctx, c.entry)
				if c.ok {
					require.NoError(t, err, c.name)
					assert.False(t, r.Entry.Lines[0].AmountCurrency.IsZero() && c.entry.Type != journal.TypeExchangeDifference, c.name)
					continue
				}
				require.ErrorIs(t, err, ErrDocumentAmount, c.name)
				var ve *journal.ValidationError
				require.ErrorAs(t, err, &ve, c.name)
				assert.Contains(t, err.Error(), "and no USD", c.name)
				assert.Equal(t, before, dump(t, st), "%s: a refused entry writes nothing", c.name)
			}
		})
	}
}
