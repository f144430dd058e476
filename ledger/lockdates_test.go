package ledger

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// SetLockDates records its changes in one transaction: a change refused
// (a bad reason) leaves the others unrecorded; accepted, both are in force
// and in the history, in order.
func TestSetLockDatesAllOrNothing(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			h0, err := f.b.LockHistory(ctx)
			require.NoError(t, err)
			before := dump(t, f.st)
			err = f.b.SetLockDates(ctx, LockChange{Kind: LockGeneral, Date: d(1, 31), Reason: "January"},
				LockChange{Kind: LockKind(7), Date: d(2, 28)})
			require.ErrorIs(t, err, ErrKind)
			assert.Equal(t, before, dump(t, f.st), "nothing recorded")

			require.NoError(t, f.b.SetLockDates(ctx, LockChange{Kind: LockGeneral, Date: d(1, 31), Reason: "January"},
				LockChange{Kind: LockTax, Date: d(2, 28), Reason: "VAT of February"}))
			ld, err := f.b.LockDates(ctx)
			require.NoError(t, err)
			assert.Equal(t, d(1, 31), ld.General)
			assert.Equal(t, d(2, 28), ld.Tax)
			h, err := f.b.LockHistory(ctx)
			require.NoError(t, err)
			require.Len(t, h, len(h0)+2)
			assert.Equal(t, "January", h[len(h0)].Reason)
			assert.Equal(t, LockTax, h[len(h0)+1].Kind)
			require.NoError(t, f.b.Check(ctx))
		})
	}
}

// A lock date past the last fiscal year's end is refused, with nothing
// recorded: it would lock the years added later before anything is posted
// in them. The last year's last day is a lock like any other.
func TestSetLockDatesPastTheYears(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s)
			years, err := f.b.FiscalYears(ctx)
			require.NoError(t, err)
			end := years[len(years)-1].End
			before := dump(t, f.st)
			err = f.b.SetLockDates(ctx, LockChange{Kind: LockGeneral, Date: d(1, 31)},
				LockChange{Kind: LockTax, Date: end.AddDays(1)})
			require.ErrorIs(t, err, ErrNoFiscalYear)
			assert.Contains(t, err.Error(), "tax lock date")
			assert.Equal(t, before, dump(t, f.st), "nothing recorded")
			require.NoError(t, f.b.SetLockDate(ctx, LockGeneral, end, "the whole year"))
			require.NoError(t, f.b.Check(ctx))
		})
	}
}
