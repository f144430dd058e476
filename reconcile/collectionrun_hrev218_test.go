package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A mandate signed on 29/02/2024 and never used: collected on 28/02/2027
// (36 months, clamped to the month's end), lapsed on 01/03/2027.
func TestHrev218MandateLapse29February(t *testing.T) {
	t.Parallel()
	f := hrev216Fixture(t)
	signed := journal.MustDate(2024, 2, 29)
	hrev216Customer(t, f, "C1", "FR7630006000011234567890189", signed)
	hrev216Customer(t, f, "C2", "DE89370400440532013000", signed)
	run, err := hrev216Collect(t, f, journal.MustDate(2027, 2, 28), "C1")
	require.NoError(t, err)
	assert.Equal(t, []string{"C1"}, hrev216Collected(run))
	_, err = hrev216Collect(t, f, journal.MustDate(2027, 3, 1), "C2")
	assert.ErrorIs(t, err, reconcile.ErrCollection) // nothing to collect: every customer left out
	f.check(t)
}

// A mandate moved to another account keeps its last use: moved after 35
// months unused, it still lapses at 36 months from its signature; moving
// it is no use.
func TestHrev218MandateMoveIsNoUse(t *testing.T) {
	t.Parallel()
	f := hrev216Fixture(t)
	hrev216Customer(t, f, "C1", "FR7630006000011234567890189", journal.MustDate(2023, 3, 14))
	require.NoError(t, f.book.MoveMandate(ctx, "C1", "RUM-C1", ledger.BankAccount{IBAN: "DE89370400440532013000"}))
	hrev216Customer(t, f, "C2", "NL91ABNA0417164300", journal.MustDate(2023, 3, 15))
	run, err := hrev216Collect(t, f, journal.MustDate(2026, 3, 15), "C1", "C2")
	require.NoError(t, err)
	assert.Equal(t, []string{"C2"}, hrev216Collected(run))
	require.Len(t, run.LeftOut, 1)
	assert.Equal(t, "C1", run.LeftOut[0].Partner)
	f.check(t)
}
