package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A cheque of a deposit credited on its own, then returned unpaid in the
// same statement: the return takes back that cheque's payment, its
// invoice owed again (200.00), the other cheque still waiting.
func TestHrev139ChequeAloneThenReturned(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		_, i2, pays := retDepositOfTwo(t, f)
		two := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 12), Amount: e("200.00"), Label: "REMISE CHQ 2222222"}
		ret := reconcile.BankEntry{Ref: "L2", BookingDate: d(3, 20), Amount: e("-200.00"), Label: "CHQ IMPAYE 2222222",
			Reversal: true, BankCode: "PMNT/RCHQ/UPCQ"}
		props := retImport(t, f, retStatement(t, "S1", "0.00", two, ret))
		require.Len(t, props, 2)
		require.True(t, props[0].Matched, rvDescribe(props[0]))
		require.True(t, props[1].Matched, rvDescribe(props[1]))
		retApply(t, f, journal.NoID, props)
		st := f.state(t, i2)
		assert.Equal(t, reconcile.NotPaid, st.State)
		assert.Equal(t, "200.00", st.Residual.Plain())
		_ = pays
		f.check(t)
	})
}

// The same cheque named twice in one statement clears once: the second
// line of its amount is not matched to it again.
func TestHrev139ChequeAloneNamedTwice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		_, _, pays := retDepositOfTwo(t, f)
		a := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 12), Amount: e("200.00"), Label: "REMISE CHQ 2222222"}
		b := reconcile.BankEntry{Ref: "L2", BookingDate: d(3, 13), Amount: e("200.00"), Label: "REMISE CHQ 2222222"}
		props := retImport(t, f, retStatement(t, "S1", "0.00", a, b))
		require.Len(t, props, 2)
		require.True(t, props[0].Matched, rvDescribe(props[0]))
		assert.False(t, props[1].Matched && len(props[1].Target.Payments) > 0 && props[1].Target.Payments[0] == pays[1], rvDescribe(props[1]))
	})
}

// A line dated before the deposit does not clear one of its cheques.
func TestHrev139ChequeAloneBeforeDeposit(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		_, _, pays := retDepositOfTwo(t, f)
		a := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 10), Amount: e("200.00"), Label: "REMISE CHQ 2222222"}
		props := retImport(t, f, retStatement(t, "S1", "0.00", a))
		require.Len(t, props, 1)
		assert.False(t, props[0].Matched && len(props[0].Target.Payments) > 0 && props[0].Target.Payments[0] == pays[1], rvDescribe(props[0]))
	})
}
