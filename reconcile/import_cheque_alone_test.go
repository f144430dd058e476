package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A bank that credits a deposit's cheques one by one: each line naming a
// cheque's number, of its amount, clears that cheque alone, and both
// invoices end paid. A line of a cheque's amount that names no number
// clears nothing of the deposit (anyone may send that amount), nor does
// one naming a cheque at another amount.
func TestImportedChequesOfADepositCreditedOneByOne(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		i1, i2, pays := retDepositOfTwo(t, f)
		one := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 12), Amount: e("360.00"), Label: "REMISE CHQ 1111111"}
		anon := reconcile.BankEntry{Ref: "L2", BookingDate: d(3, 12), Amount: e("200.00"), Label: "VERSEMENT ESPECES"}
		wrong := reconcile.BankEntry{Ref: "L3", BookingDate: d(3, 12), Amount: e("210.00"), Label: "REMISE CHQ 2222222"}
		two := reconcile.BankEntry{Ref: "L4", BookingDate: d(3, 13), Amount: e("200.00"), Label: "REMISE CHQ 2222222"}
		props := retImport(t, f, retStatement(t, "S1", "0.00", one, anon, wrong, two))
		require.Len(t, props, 4)
		require.True(t, props[0].Matched, rvDescribe(props[0]))
		require.Len(t, props[0].Target.Payments, 1)
		assert.Equal(t, pays[0], props[0].Target.Payments[0])
		assert.Contains(t, props[0].Reason, "cheque 1111111")
		assert.Contains(t, props[0].Reason, "credited on its own")
		for _, k := range []int{1, 2} {
			assert.False(t, props[k].Matched && len(props[k].Target.Payments) > 0 && props[k].Target.Payments[0] == pays[1], rvDescribe(props[k]))
		}
		require.True(t, props[3].Matched, rvDescribe(props[3]))
		require.Len(t, props[3].Target.Payments, 1)
		assert.Equal(t, pays[1], props[3].Target.Payments[0])
		retApply(t, f, journal.NoID, props[:1])
		assert.Equal(t, reconcile.InPayment, f.state(t, i2).State, "its cheque waits for its line")
		retApply(t, f, journal.NoID, props[3:])
		assert.Equal(t, reconcile.Paid, f.state(t, i1).State)
		assert.Equal(t, reconcile.Paid, f.state(t, i2).State)
		f.check(t)
	})
}
