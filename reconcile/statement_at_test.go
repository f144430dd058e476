package reconcile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// A statement at a past date lists what was open then, at what remained
// of it: an invoice paid after the date is due in full, one dated after
// it is not there. A zero date is refused.
func TestStatementAt(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		paid := f.invoice(t, "C1", d(3, 1), "1000.00")
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ",
			Date: d(3, 20), Method: reconcile.MethodTransfer, Invoices: []journal.ID{paid.ID}})
		require.NoError(t, err)
		later := f.invoice(t, "C1", d(3, 25), "500.00")
		s, err := f.rec.StatementAt(ctx, "411000", "C1", d(3, 10))
		require.NoError(t, err)
		assert.Equal(t, d(3, 10), s.At)
		require.Len(t, s.Open, 1)
		assert.Equal(t, paid.Name(), s.Open[0].Number)
		assert.Equal(t, "1000.00", s.Due.Plain())
		now, err := f.rec.Statement(ctx, "411000", "C1")
		require.NoError(t, err)
		// The book's clock is at 1 January: as it stands, the statement
		// counts what is dated after today and is as at its last date.
		assert.Equal(t, d(3, 25), now.At, "as at the last date it counts")
		require.Len(t, now.Open, 1)
		assert.Equal(t, later.Name(), now.Open[0].Number)
		_, err = f.rec.StatementAt(ctx, "411000", "C1", journal.Date{})
		assert.ErrorIs(t, err, journal.ErrNoDate)
	})
}
