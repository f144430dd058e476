package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// A customer pays a 100 € invoice in two cheques of 50 €, each registered
// and lettered with the invoice, both waiting on the outstanding receipts
// account. The bank shows one of them, naming the invoice: the two
// payments are the same partner's, of the same amount, for the same
// invoice, so the line clears one of them — the older — rather than
// neither; the next line naming the invoice clears the other.
func TestImportNamedInvoiceTwoIdenticalWaitingPayments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		v1 := f.invoice(t, "K1", d(3, 1), "100.00")
		p1 := b.receiveRef(t, "K1", d(3, 10), "50.00", "", v1)
		p2 := b.receiveRef(t, "K1", d(3, 11), "50.00", "", v1)
		props := b.imports(t, d(3, 12), reconcile.Rules{},
			rvEntry{amount: "50.00", iban: rvK1IBAN, remittance: "Cheque " + v1.Name()},
			rvEntry{amount: "50.00", iban: rvK1IBAN, remittance: "Cheque " + v1.Name()})
		require.Len(t, props, 2)
		assert.Equal(t, reconcile.ImportedTarget{Payments: []journal.ID{p1.ID}}, props[0].Target, rvDescribe(props[0]))
		assert.Equal(t, reconcile.ImportedTarget{Payments: []journal.ID{p2.ID}}, props[1].Target, rvDescribe(props[1]))
	})
}
