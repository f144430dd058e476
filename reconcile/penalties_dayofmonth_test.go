package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
)

// An invoice without due date of a customer on "30 jours fin de mois le
// 10" (1 February + 30 days = 3 March, end of month 31 March) is due on
// 10 April: no penalties that day, 20 days of them on 30 April.
func TestPenaltiesNoDueDatePartnerDayOfMonth(t *testing.T) {
	t.Parallel()
	f := hrev218Fixture(t)
	p, err := f.book.Partner(ctx, "C1")
	require.NoError(t, err)
	p.PaymentTermDays, p.PaymentTermEndOfMonth, p.PaymentTermDayOfMonth = 30, true, 10
	require.NoError(t, f.book.UpdatePartner(ctx, p))
	f.post(t, journal.Entry{Journal: "VT", Date: d(2, 1), Type: journal.TypeInvoice, Ref: "FA-1", Lines: []journal.Line{
		{Account: "411000", Partner: "C1", Balance: e("1000.00")},
		{Account: "706000", Balance: e("-1000.00")},
	}})
	assert.Equal(t, "total 0.00", hrev200Show(f.hrev200Query(t, d(4, 10))), "due on 10 April")
	assert.Equal(t, "C1 FA-1 [1000.00×20] 6.66+40.00; total 46.66", hrev200Show(f.hrev200Query(t, d(4, 30))))
	f.check(t)
}
