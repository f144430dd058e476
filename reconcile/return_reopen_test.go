package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// The return of an entry an earlier statement posted says which documents
// are owed again; a deposit after it naming nothing pays nothing, as it
// would without the return.
func TestReturnOfAnEarlierStatementReopensItsDocuments(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		inv := f.invoice(t, "C1", d(3, 4), "360.00")
		retApply(t, f, journal.NoID, retImport(t, f, retStatement(t, "S1", "0.00", retDeposit(inv.Name(), "360.00"))))
		require.Equal(t, reconcile.Paid, f.state(t, inv).State)
		again := retDeposit("REGLEMENT", "360.00")
		again.Ref, again.BookingDate = "L8", d(3, 28)
		props := retImport(t, f, retStatement(t, "S2", "360.00", retUnpaid("360.00"), again))
		ret := hrev48Find(t, props, "L6")
		require.NotNil(t, ret.Target.Returns, rvDescribe(ret))
		assert.Contains(t, ret.Reason, inv.Name()+" owed again", rvDescribe(ret))
		l8 := hrev48Find(t, props, "L8")
		assert.False(t, l8.Matched, rvDescribe(l8))
		retApply(t, f, journal.NoID, props)
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		f.check(t)
	})
}
