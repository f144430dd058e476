package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// A collection of one customer's two direct debits, each transaction
// naming its invoice by its digits alone: each transaction's words are
// weighed against the transaction's amount, not the entry's, so both
// invoices are named and the entry pays them.
func TestDigitsNamedPerTransaction(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		i1 := f.invoice(t, "C1", d(3, 1), "360.00")
		i2 := f.invoice(t, "C1", d(3, 2), "640.00")
		require.Equal(t, "VT/2026/00002", i2.Name())
		entry := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 10), Amount: e("1000.00"), Label: "REMISE PRLV SEPA",
			Transactions: []reconcile.BankTransaction{
				{Amount: e("360.00"), Remittance: "FACTURE 2026-00001"},
				{Amount: e("640.00"), Remittance: "FACTURE 2026-00002"},
			}}
		props := retImport(t, f, retStatement(t, "S1", "0.00", entry))
		require.Len(t, props, 1)
		p := props[0]
		require.True(t, p.Matched, rvDescribe(p))
		assert.Equal(t, "C1", p.Target.Partner, rvDescribe(p))
		assert.Equal(t, []journal.ID{i1.ID, i2.ID}, p.Target.Invoices, rvDescribe(p))
	})
}
