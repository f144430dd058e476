package print_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/print"
)

func hrev194USD(t *testing.T, b *ledger.Book, on, due journal.Date, usd, eur string) {
	t.Helper()
	c := currency.MustLookup("USD")
	typ := journal.TypeInvoice
	if e(eur).Sign() < 0 {
		typ = journal.TypeCreditNote
	}
	_, err := b.Post(t.Context(), journal.Entry{Journal: "VT", Date: on, Type: typ, Currency: c, Lines: []journal.Line{
		{Account: "411000", Partner: "C1", DueDate: due, AmountCurrency: currency.MustParse(c, usd), Balance: e(eur)},
		{Account: "706000", AmountCurrency: currency.MustParse(c, usd).Neg(), Balance: e(eur).Neg()},
	}})
	require.NoError(t, err)
}

// Dollars and euros: a total per currency, the net's equivalent in euros,
// and the letter claims each currency's net.
func TestHrev194ReminderLetterMixedCurrencies(t *testing.T) {
	row, at := hrev191Row(t, "Dupont SARL", func(b *ledger.Book) {
		hrev194USD(t, b, journal.MustDate(2026, 4, 1), journal.MustDate(2026, 5, 1), "1000.00", "900.00")
		hrev106Invoice(t, t.Context(), b, "C1", journal.MustDate(2026, 4, 1), journal.MustDate(2026, 5, 1), e("200.00"))
		hrev106Invoice(t, t.Context(), b, "C1", journal.MustDate(2026, 5, 10), journal.Date{}, e("-50.00"))
	})
	require.Len(t, row.Totals, 2)
	var buf bytes.Buffer
	require.NoError(t, print.ReminderLetter(&buf, "Atelier", row, 1, at))
	got := text(t, buf.Bytes())
	assert.Regexp(t, `Total dû en EUR +200,00 €`, got)
	assert.Regexp(t, `À déduire en EUR +50,00 €`, got)
	assert.Regexp(t, `Net en EUR +150,00 €`, got)
	assert.Regexp(t, `Total dû en USD +1 000,00 \$US`, got)
	assert.Regexp(t, `Net en USD +1 000,00 \$US`, got)
	assert.Regexp(t, `Net à régler +1 050,00 € \(contre-valeur\)`, got)
	assert.Contains(t, got, "soit 150,00 € et 1 000,00 $US")
}

// Dollar credits exceeding the dollar debts, a euro debt exceeding both:
// the letter claims the net's equivalent in euros.
func TestHrev194ReminderLetterMixedCreditInOneCurrency(t *testing.T) {
	row, at := hrev191Row(t, "Dupont SARL", func(b *ledger.Book) {
		hrev194USD(t, b, journal.MustDate(2026, 4, 1), journal.MustDate(2026, 5, 1), "100.00", "90.00")
		hrev194USD(t, b, journal.MustDate(2026, 5, 2), journal.Date{}, "-300.00", "-270.00")
		hrev106Invoice(t, t.Context(), b, "C1", journal.MustDate(2026, 4, 1), journal.MustDate(2026, 5, 1), e("500.00"))
	})
	var buf bytes.Buffer
	require.NoError(t, print.ReminderLetter(&buf, "Atelier", row, 3, at))
	got := text(t, buf.Bytes())
	assert.Regexp(t, `Net en USD +-200,00 \$US`, got)
	assert.Contains(t, strings.Join(strings.Fields(got), " "), "la somme de 320,00 € (contre-valeur de l'ensemble, avoirs déduits)")
}

// A net of exactly zero is refused like a negative one; a small positive
// net is claimed.
func TestHrev194ReminderLetterNetZeroAndSmall(t *testing.T) {
	for _, c := range []struct {
		credit string
		ok     bool
	}{{"-100.00", false}, {"-99.99", true}} {
		row, at := hrev191Row(t, "Dupont SARL", func(b *ledger.Book) {
			hrev106Invoice(t, t.Context(), b, "C1", journal.MustDate(2026, 4, 1), journal.MustDate(2026, 5, 1), e("100.00"))
			hrev106Invoice(t, t.Context(), b, "C1", journal.MustDate(2026, 5, 10), journal.Date{}, e(c.credit))
		})
		var buf bytes.Buffer
		err := print.ReminderLetter(&buf, "Atelier", row, 1, at)
		if !c.ok {
			assert.ErrorIs(t, err, print.ErrDocument, c.credit)
			assert.Zero(t, buf.Len())
			continue
		}
		require.NoError(t, err, c.credit)
		assert.Regexp(t, `Net à régler +0,01 €`, text(t, buf.Bytes()))
	}
}
