package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// TestImportedEntryOfSeveralPartnersNotPaidToTheFirst: one bank entry of
// 1 000,00 whose two transactions each name an invoice of another
// customer (C1's 360,00, C2's 640,00: a collection) is not the first
// customer's money: it is left to post by hand, the reason naming both,
// instead of paying C1 and leaving 640,00 on C1's account while C2's
// invoice stays open.
func TestImportedEntryOfSeveralPartnersNotPaidToTheFirst(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		i1 := f.invoice(t, "C1", d(3, 1), "360.00")
		i2 := f.invoice(t, "C2", d(3, 2), "640.00")
		entry := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 10), Amount: e("1000.00"), Label: "REMISE PRLV SEPA",
			Transactions: []reconcile.BankTransaction{
				{Amount: e("360.00"), Remittance: i1.Name()},
				{Amount: e("640.00"), Remittance: i2.Name()},
			}}
		props := retImport(t, f, retStatement(t, "S1", "0.00", entry))
		require.Len(t, props, 1)
		assert.False(t, props[0].Matched && props[0].Target.Partner == "C1", rvDescribe(props[0]))
		assert.Contains(t, props[0].Reason, "several partners")

		// One transaction naming its invoice is still that invoice's.
		one := reconcile.BankEntry{Ref: "L2", BookingDate: d(3, 11), Amount: e("360.00"), Label: "VIR",
			Transactions: []reconcile.BankTransaction{{Amount: e("360.00"), Remittance: i1.Name() + " " + i2.Name()}}}
		props = retImport(t, f, retStatement(t, "S2", "1000.00", one))
		var p reconcile.ImportedProposal
		for _, x := range props {
			if x.Ref == "L2" {
				p = x
			}
		}
		require.True(t, p.Matched, rvDescribe(p))
		assert.Equal(t, []journal.ID{i1.ID}, p.Target.Invoices)
	})
}
