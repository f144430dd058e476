package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// TestBankDirectDebitNotBeforeDueDate pins that the example's direct
// debit asks the bank for a date on or after the due date of every
// invoice it collects: a direct debit takes the money on the date the
// customer was told (SEPA Core: the pre-notification gives the amount and
// the due date), and a customer's payment terms (Code de commerce
// L441-10) are not cut short by a run that collects early. The invoices
// it collects are Moreau's, the only customer with a mandate.
func TestBankDirectDebitNotBeforeDueDate(t *testing.T) {
	dir, out, book := runAndOpen(t)
	require.Regexp(t, `MOREAU\s+540,00`, out, "Moreau's invoice is collected")
	xml, err := os.ReadFile(filepath.Join(dir, "prelevements.xml"))
	require.NoError(t, err)
	m := regexp.MustCompile(`<ReqdColltnDt>(\d{4}-\d{2}-\d{2})</ReqdColltnDt>`).FindSubmatch(xml)
	require.NotNil(t, m, "the direct debit file asks for a collection date")
	invoices := 0
	for it, err := range book.Lines(ctx, ledger.LineFilter{Account: "411000", Partner: "MOREAU"}) {
		require.NoError(t, err)
		e, err := book.Entry(ctx, it.Ref.Entry)
		require.NoError(t, err)
		if e.Type != journal.TypeInvoice {
			continue
		}
		invoices++
		due := e.Lines[it.Ref.Index].DueDate
		assert.GreaterOrEqual(t, string(m[1]), due.String(), "%s due on %s: not collected before", e.Name(), due)
	}
	assert.Equal(t, 1, invoices)
}
