package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// Review probe: of two payments alike, the OLDER by date is cleared first
// even when it was registered after the other.
// Expected: the first line clears p2 (10 March), the second p1 (11 March).
func TestReviewTwoProbeTwinsOldestByDate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		v1 := f.invoice(t, "K1", d(3, 1), "100.00")
		p1 := b.receiveRef(t, "K1", d(3, 11), "50.00", "", v1)
		p2 := b.receiveRef(t, "K1", d(3, 10), "50.00", "", v1)
		props := b.imports(t, d(3, 12), reconcile.Rules{},
			rvEntry{amount: "50.00", iban: rvK1IBAN, remittance: "Cheque " + v1.Name()},
			rvEntry{amount: "50.00", iban: rvK1IBAN, remittance: "Cheque " + v1.Name()})
		require.Len(t, props, 2)
		t.Log(rvDescribe(props[0]), p1.Name(), p2.Name(), v1.Name())
		assert.Equal(t, reconcile.ImportedTarget{Payments: []journal.ID{p2.ID}}, props[0].Target, rvDescribe(props[0]))
		assert.Equal(t, reconcile.ImportedTarget{Payments: []journal.ID{p1.ID}}, props[1].Target, rvDescribe(props[1]))
	})
}

// Review probe: three payments lettered with one invoice, two alike
// (50, 30, 50): each line clears the payment of its amount, the 50s in
// date order.
func TestReviewTwoProbeTwinsThreePaymentsTwoAlike(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		v1 := f.invoice(t, "K1", d(3, 1), "130.00")
		p1 := b.receiveRef(t, "K1", d(3, 10), "50.00", "", v1)
		p2 := b.receiveRef(t, "K1", d(3, 11), "30.00", "", v1)
		p3 := b.receiveRef(t, "K1", d(3, 12), "50.00", "", v1)
		props := b.imports(t, d(3, 13), reconcile.Rules{},
			rvEntry{amount: "30.00", iban: rvK1IBAN, remittance: "Facture " + v1.Name()},
			rvEntry{amount: "50.00", iban: rvK1IBAN, remittance: "Facture " + v1.Name()},
			rvEntry{amount: "50.00", iban: rvK1IBAN, remittance: "Facture " + v1.Name()})
		require.Len(t, props, 3)
		for _, p := range props {
			t.Log(rvDescribe(p))
		}
		assert.Equal(t, reconcile.ImportedTarget{Payments: []journal.ID{p2.ID}}, props[0].Target, rvDescribe(props[0]))
		assert.Equal(t, reconcile.ImportedTarget{Payments: []journal.ID{p1.ID}}, props[1].Target, rvDescribe(props[1]))
		assert.Equal(t, reconcile.ImportedTarget{Payments: []journal.ID{p3.ID}}, props[2].Target, rvDescribe(props[2]))
		assert.Contains(t, props[1].Reason, "the oldest of 2 alike")
	})
}

// Review probe: two payments alike of two customers (K1 and K2 each pay
// 50 on their own invoice): a line naming K1's invoice clears K1's.
func TestReviewTwoProbeTwinsTwoPartners(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		v1 := f.invoice(t, "K1", d(3, 1), "100.00")
		v2 := f.invoice(t, "K2", d(3, 1), "100.00")
		b.receiveRef(t, "K2", d(3, 9), "50.00", "", v2)
		p1 := b.receiveRef(t, "K1", d(3, 10), "50.00", "", v1)
		b.receiveRef(t, "K2", d(3, 10), "50.00", "", v2)
		p4 := b.receiveRef(t, "K1", d(3, 11), "50.00", "", v1)
		props := b.imports(t, d(3, 13), reconcile.Rules{},
			rvEntry{amount: "50.00", remittance: "Facture " + v1.Name()},
			rvEntry{amount: "50.00", remittance: "Facture " + v1.Name()})
		require.Len(t, props, 2)
		for _, p := range props {
			t.Log(rvDescribe(p))
		}
		assert.Equal(t, reconcile.ImportedTarget{Payments: []journal.ID{p1.ID}}, props[0].Target, rvDescribe(props[0]))
		assert.Equal(t, reconcile.ImportedTarget{Payments: []journal.ID{p4.ID}}, props[1].Target, rvDescribe(props[1]))
	})
}

// Review (fails): the reason of a line cleared by byNamedPaid names the
// invoice by its normalized search key, not by its number.
// Expected: the reason names "VT/2026/00001", as the byNamed rule's
// reasons do ("names VT/2026/00001 of K1") and as the user can look up.
// Observed: "names VT202600001, lettered with payment BNP/2026/00001
// waiting of 50,00 €, the oldest of 2 alike" — tok.text (refKey) is
// printed; the new "oldest of N alike" branch copies the one-hit one.
func TestReviewTwoTwinsReasonNamesInvoiceNumber(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		v1 := f.invoice(t, "K1", d(3, 1), "100.00")
		b.receiveRef(t, "K1", d(3, 10), "50.00", "", v1)
		b.receiveRef(t, "K1", d(3, 11), "50.00", "", v1)
		props := b.imports(t, d(3, 12), reconcile.Rules{},
			rvEntry{amount: "50.00", iban: rvK1IBAN, remittance: "Cheque " + v1.Name()})
		require.Len(t, props, 1)
		require.True(t, props[0].Matched, rvDescribe(props[0]))
		assert.Contains(t, props[0].Reason, v1.Name())
	})
}
