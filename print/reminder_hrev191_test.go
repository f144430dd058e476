package print_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/print"
	"github.com/lettrage/lettrage/reconcile"
)

func hrev191Row(t *testing.T, name string, setup func(b *ledger.Book)) (reconcile.DunningRow, journal.Date) {
	t.Helper()
	ctx, b, r := hrev106Book(t)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: name}))
	setup(b)
	at := journal.MustDate(2026, 6, 30)
	run, err := r.Dunning(ctx, reconcile.DunningQuery{At: at})
	require.NoError(t, err)
	require.Len(t, run.Rows, 1)
	return run.Rows[0], at
}

// 70 overdue invoices run over pages: each printed once, the totals and
// the formal notice's closing after them.
func TestHrev191ReminderLetterManyInvoices(t *testing.T) {
	row, at := hrev191Row(t, "Dupont SARL", func(b *ledger.Book) {
		for i := 0; i < 70; i++ {
			hrev106Invoice(t, t.Context(), b, "C1", journal.MustDate(2026, 3, 1).AddDays(i), journal.MustDate(2026, 4, 1).AddDays(i%20), e("1234.56"))
		}
	})
	require.Len(t, row.Items, 70)
	var buf bytes.Buffer
	require.NoError(t, print.ReminderLetter(&buf, "Atelier", row, 3, at))
	got := text(t, buf.Bytes())
	for i := 1; i <= 70; i++ {
		assert.Len(t, regexpAll(fmt.Sprintf(`VT/2026/%05d `, i), got), 1, "invoice %d printed once", i)
	}
	assert.Regexp(t, `Total dû +86 419,20 €`, got)
	assert.Regexp(t, `Net à régler +86 419,20 €`, got)
	assert.Contains(t, got, "mettons en demeure de nous régler la somme de 86 419,20 €")
	assert.Contains(t, got, "40 € par facture")
	assert.GreaterOrEqual(t, strings.Count(got, "\f"), 2, "more than one page")
}

// A long customer name is printed whole.
func TestHrev191ReminderLetterLongName(t *testing.T) {
	name := "Société Coopérative Ouvrière de Production des Établissements Lévêque-Dupont-Martin et Associés Réunis du Grand Est"
	row, at := hrev191Row(t, name, func(b *ledger.Book) {
		hrev106Invoice(t, t.Context(), b, "C1", journal.MustDate(2026, 4, 1), journal.MustDate(2026, 5, 1), e("100.00"))
	})
	var buf bytes.Buffer
	require.NoError(t, print.ReminderLetter(&buf, "Atelier", row, 1, at))
	got := strings.Join(strings.Fields(text(t, buf.Bytes())), " ")
	assert.Contains(t, got, "Établissements Lévêque-Dupont-Martin")
	assert.Contains(t, got, "du Grand Est (C1)")
}

// A foreign-currency invoice: its line in dollars, and (h-rev194) the
// totals too: the customer owes 1 000 $US, not their 900,00 € book value.
func TestHrev191ReminderLetterForeign(t *testing.T) {
	usd := currency.MustLookup("USD")
	row, at := hrev191Row(t, "Dupont SARL", func(b *ledger.Book) {
		_, err := b.Post(t.Context(), journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 4, 1), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", DueDate: journal.MustDate(2026, 5, 1), AmountCurrency: currency.MustParse(usd, "1000.00"), Balance: e("900.00")},
			{Account: "706000", AmountCurrency: currency.MustParse(usd, "-1000.00"), Balance: e("-900.00")},
		}})
		require.NoError(t, err)
	})
	var buf bytes.Buffer
	require.NoError(t, print.ReminderLetter(&buf, "Atelier", row, 1, at))
	got := text(t, buf.Bytes())
	assert.Regexp(t, `01/05/2026 +60 +1 000,00 \$US +1 000,00 \$US`, got)
	assert.Regexp(t, `Total dû +1 000,00 \$US`, got)
	assert.Regexp(t, `Net à régler +1 000,00 \$US`, got)
	assert.Contains(t, got, "soit 1 000,00 $US")
	assert.NotContains(t, got, "900,00 €")
}

// Was failing, fixed: a reminder whose credits exceed what is due is printed, demanding a negative sum: expected ErrDocument (or no demand) for due 100,00 € less 150,00 € of credits, got a formal notice "mettons en demeure de nous régler la somme de -50,00 €"
func TestHrev191ReminderLetterNegativeNet(t *testing.T) {
	row, at := hrev191Row(t, "Dupont SARL", func(b *ledger.Book) {
		hrev106Invoice(t, t.Context(), b, "C1", journal.MustDate(2026, 4, 1), journal.MustDate(2026, 5, 1), e("100.00"))
		hrev106Invoice(t, t.Context(), b, "C1", journal.MustDate(2026, 5, 10), journal.Date{}, e("-150.00"))
	})
	var buf bytes.Buffer
	err := print.ReminderLetter(&buf, "Atelier", row, 3, at)
	if err == nil {
		got := text(t, buf.Bytes())
		assert.NotContains(t, got, "la somme de -50,00 €", "a formal notice to pay a negative sum")
		return
	}
	assert.ErrorIs(t, err, print.ErrDocument)
}
