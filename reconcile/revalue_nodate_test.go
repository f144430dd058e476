package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// A revaluation without its closing date is refused up front, with a
// message naming the missing field rather than "entry has no date".
func TestRevalueNoDate(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		_, err := f.rec.Revalue(ctx, reconcile.Revaluation{})
		require.ErrorIs(t, err, journal.ErrNoDate)
		require.Contains(t, err.Error(), "Revaluation.Date")
	})
}
