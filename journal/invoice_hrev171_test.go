package journal_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A deposit invoice (facture d'acompte) books its base on 419100: the
// customer's advance, which names the customer as its receivable does; a
// supplier's deposit bill likewise on 409100. An income or expense line
// names nobody.
func TestHrev171DepositBaseNamesItsPartner(t *testing.T) {
	for _, c := range []struct {
		kind     journal.InvoiceKind
		partner  string
		account  string
		advance  string
		expected string
	}{
		{journal.CustomerInvoice, "C1", "411000", "419100", "C1"},
		{journal.SupplierBill, "S1", "401000", "409100", "S1"},
		{journal.CustomerInvoice, "C1", "411000", "706000", ""},
	} {
		inv := journal.Invoice{Kind: c.kind, Journal: "VT", Date: journal.MustDate(2026, 3, 1), Partner: c.partner, PartnerAccount: c.account,
			Lines: []journal.InvoiceLine{hrev153Line("Acompte 30 %", "", "300.00", c.advance)}}
		e, err := inv.Entry()
		require.NoError(t, err)
		require.Len(t, e.Lines, 2)
		assert.Equal(t, c.partner, e.Lines[0].Partner, "the %s line", c.account)
		assert.Equal(t, c.advance, e.Lines[1].Account)
		assert.Equal(t, c.expected, e.Lines[1].Partner, "the base line on %s", c.advance)
	}
}
