package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The tolerance bounds each write-off, the difference one match leaves:
// two invoices each paid 0,03 short, their cents written off in one call,
// are two differences of 0,03 within a tolerance of 0,05, written off in
// two entries; a single match 0,06 short is refused and writes nothing.
func TestWriteOffToleranceIsPerMatch(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		a := f.invoice(t, "C1", d(3, 1), "50.00")
		b := f.invoice(t, "C1", d(3, 2), "50.00")
		f.receive(t, "BQD", "C1", d(3, 10), "49.97", a)
		f.receive(t, "BQD", "C1", d(3, 11), "49.97", b)
		res, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(a), line0(b)}, WriteOff: true})
		require.NoError(t, err, "0,03 on each of two matches is within 0,05")
		var writeOffs int
		for _, x := range res.Entries {
			if x.Type == journal.TypeWriteOff {
				writeOffs++
				assert.Equal(t, "0.03", x.Lines[len(x.Lines)-1].Balance.Plain())
			}
		}
		assert.Equal(t, 2, writeOffs, "one write-off a match")
		assert.Equal(t, "0.06", f.balance(t, "658000"))

		c := f.invoice(t, "C2", d(3, 3), "100.00")
		r := f.receive(t, "BQD", "C2", d(3, 12), "99.94")
		before := f.snapshot(t)
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(c), line0(r)}, WriteOff: true})
		require.ErrorIs(t, err, reconcile.ErrTolerance, "one match 0,06 short is beyond 0,05")
		f.unchanged(t, before)
	})
}
