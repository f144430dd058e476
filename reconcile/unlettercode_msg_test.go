package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// An unknown letter code is ErrNotFound with a message that quotes what was
// asked, so that an empty partner or a stray space shows.
func TestUnletterCodeMessage(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		_, err := f.rec.UnletterCode(ctx, journal.NoID, "411000", "", "AAA")
		require.ErrorIs(t, err, reconcile.ErrNotFound)
		require.Contains(t, err.Error(), `letter code "AAA" on account "411000", partner ""`)
	})
}
