package reconcile_test

import (
	"testing"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// A retry after the closing of operations done in 2026 (a lost reply) is a
// replay: the stored result, nothing written (DESIGN §4 Idempotency).
func TestHrev174ReplayAfterClosing(t *testing.T) {
	t.Parallel()
	s := hrev174Run(t, hrev174Year2026)
	f := s.f
	pay := reconcile.Payment{Operation: journal.NewID(), Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
		Date: journal.MustDate(2026, 12, 20), Amount: e("100.00"), Method: reconcile.MethodTransfer, Invoices: []journal.ID{s.doc("B").ID}}
	first, err := f.rec.RegisterPayment(ctx, pay)
	require.NoError(t, err)
	rv := reconcile.Revaluation{Operation: journal.NewID(), Date: journal.MustDate(2026, 12, 31), Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.25")}}
	rres, err := f.rec.Revalue(ctx, rv)
	require.NoError(t, err)
	require.Empty(t, rres.Entries, "already revalued at 1.25")
	*f.now = time.Date(2027, time.January, 20, 10, 0, 0, 0, time.UTC)
	_, _, err = f.rec.CloseFiscalYear(ctx, "2026", "expert")
	require.NoError(t, err)
	before := f.snapshot(t)
	again, err := f.rec.RegisterPayment(ctx, pay)
	require.NoError(t, err)
	require.True(t, again.Replay)
	require.Equal(t, first.Entries[0].ID, again.Entries[0].ID)
	rres2, err := f.rec.Revalue(ctx, rv)
	require.NoError(t, err)
	require.True(t, rres2.Replay)
	f.unchanged(t, before)
	f.check(t)
}
