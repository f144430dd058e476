package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// Charges the bank states that do not make the difference leave a line
// its end-to-end id names to the fees within 5 %, as with none stated: a
// transfer of 910,40 debited 916,40 with 3,00 stated clears with 6,00 of
// fees; one of 100,00 debited 110,00 with 3,00 stated (10 % apart) is
// left for the accountant.
func TestHrev179StatedChargesDisagreeFeesWithin5(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		near := hrev172Pay(t, b, "910.40", "LTR-PAY-1")
		hrev172Pay(t, b, "100.00", "LTR-PAY-2")
		hrev172Import(t, b, hrev172Statement(b, d(3, 5),
			hrev172Line{"-916.40", "3.00", reconcile.BankTransaction{Amount: e("-910.40"), EndToEndID: "LTR-PAY-1"}},
			hrev172Line{"-110.00", "3.00", reconcile.BankTransaction{Amount: e("-100.00"), EndToEndID: "LTR-PAY-2"}}))
		props := b.propose(t, reconcile.Rules{})
		require.Len(t, props, 2)
		in5, far := props[0], props[1]
		require.True(t, in5.Matched, rvDescribe(in5))
		assert.Equal(t, reconcile.WithinTolerance, in5.Confidence)
		assert.Equal(t, []journal.ID{near.ID}, in5.Target.Payments)
		assert.True(t, in5.Target.BankFees)
		assert.Contains(t, in5.Reason, "6,00\u00a0€ difference to bank fees (627000)")
		assert.Contains(t, in5.Reason, "the bank states charges of 3,00\u00a0€ taken out of the line")
		assert.False(t, far.Matched, rvDescribe(far))
		assert.Empty(t, far.Target.Payments)
		assert.Contains(t, far.Reason, "check the amount with the bank")

		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		require.NoError(t, outs[0].Err)
		assert.Equal(t, "6.00", f.balance(t, "627000"))
		f.check(t)
	})
}

// An entry of two transfers, one booked net of its own charges (597,00
// with 3,00 stated, 600,00 sent) and one without charges (400,00):
// credited 997,00 with 3,00 of charges, it clears both payments, 3,00 to
// the bank fees account.
func TestHrev179TransactionsNetAndPlain(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		i1 := f.invoice(t, "K1", d(3, 1), "600.00")
		i2 := f.invoice(t, "K2", d(3, 1), "400.00")
		r1 := b.receiveRef(t, "K1", d(3, 2), "600.00", "", i1)
		r2 := b.receiveRef(t, "K2", d(3, 2), "400.00", "", i2)
		s := hrev172Statement(b, d(3, 5), hrev172Line{"997.00", "3.00",
			reconcile.BankTransaction{Amount: e("597.00"), Charges: e("3.00"), CounterpartyIBAN: rvK1IBAN}})
		s.Entries[0].Transactions = append(s.Entries[0].Transactions,
			reconcile.BankTransaction{Amount: e("400.00"), CounterpartyIBAN: rvK2IBAN})
		hrev172Import(t, b, s)
		props := b.propose(t, reconcile.Rules{})
		require.Len(t, props, 1)
		p := props[0]
		require.True(t, p.Matched, rvDescribe(p))
		assert.ElementsMatch(t, []journal.ID{r1.ID, r2.ID}, p.Target.Payments)
		assert.True(t, p.Target.BankFees)
		assert.Contains(t, p.Reason, "(600,00\u00a0€)")
		outs, err := f.rec.ApplyImported(ctx, journal.NoID, props)
		require.NoError(t, err)
		require.NoError(t, outs[0].Err)
		assert.Equal(t, "3.00", f.balance(t, "627000"))
		assert.Equal(t, "0.00", f.balance(t, "512100"))
		assert.Equal(t, reconcile.Paid, f.state(t, i1).State)
		assert.Equal(t, reconcile.Paid, f.state(t, i2).State)
		f.check(t)
	})
}
