package ledger

import (
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func rlCount(t *testing.T, b *Book) int {
	t.Helper()
	n := 0
	for _, err := range b.Entries(ctx, EntryFilter{}) {
		require.NoError(t, err)
		n++
	}
	return n
}

// Reversal integrity: twice, of a reversal, into a closed year; each
// refusal typed and writing nothing.
func TestReviewLedgerProbeReverse(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			inv := mustPost(t, b, sale("C1", d(3, 1), "120.00"))
			other := mustPost(t, b, od(d(3, 2), "627000", "512000", "5.00"))
			rev, err := b.Reverse(ctx, inv.ID, ReverseOptions{})
			require.NoError(t, err)
			assert.Equal(t, "VT", rev.Entry.Journal)
			assert.Equal(t, int64(2), rev.Entry.Number)

			refuse := func(id journal.ID, o ReverseOptions, want error) {
				t.Helper()
				before := dump(t, st)
				_, err := b.Reverse(ctx, id, o)
				require.ErrorIs(t, err, want)
				assert.Equal(t, before, dump(t, st))
			}
			refuse(inv.ID, ReverseOptions{}, ErrAlreadyReversed)
			refuse(rev.Entry.ID, ReverseOptions{}, ErrReverseReversal)
			refuse(journal.NewID(), ReverseOptions{}, ErrNotFound)
			// A reversal id reused for another original conflicts.
			refuse(other.ID, ReverseOptions{ID: rev.Entry.ID}, ErrIdempotencyConflict)
			// An entry's id reused as a reversal id conflicts.
			refuse(other.ID, ReverseOptions{ID: inv.ID}, ErrIdempotencyConflict)

			// hand-built reversal of an already reversed entry
			hb := inv.Reversal(journal.NewID(), d(4, 1))
			before := dump(t, st)
			_, err = b.Post(ctx, hb)
			require.ErrorIs(t, err, ErrAlreadyReversed)
			assert.Equal(t, before, dump(t, st))

			// Lock: reversal asked on the lock date moves after it.
			require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(6, 30), ""))
			r2, err := b.Reverse(ctx, other.ID, ReverseOptions{Date: d(5, 1)})
			require.NoError(t, err)
			assert.Equal(t, d(7, 1), r2.Entry.Date)

			// Close 2026; reversal asked in 2026 refused; reversal of a 2026 entry goes to 2027.
			x := mustPost(t, b, od(d(8, 1), "627000", "512000", "7.00"))
			b.clock = afterYears()
			_, _, err = b.CloseFiscalYear(ctx, "2026", "alice")
			require.NoError(t, err)
			refuse(x.ID, ReverseOptions{Date: d(12, 31)}, ErrYearClosed)
			refuse(x.ID, ReverseOptions{Date: journal.MustDate(2025, 12, 31)}, ErrYearClosed)
			r3, err := b.Reverse(ctx, x.ID, ReverseOptions{})
			require.NoError(t, err)
			assert.Equal(t, journal.MustDate(2027, 1, 1), r3.Entry.Date)
			assert.Equal(t, "2027", r3.Entry.FiscalYear)
			assert.Equal(t, int64(1), r3.Entry.Number)
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}

// Reverse retried (zero Date) after the lock date moved past it replays.
func TestReviewLedgerProbeReverseReplayAfterLock(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			x := mustPost(t, b, od(d(3, 1), "627000", "512000", "7.00"))
			o := ReverseOptions{ID: journal.NewID()}
			r, err := b.Reverse(ctx, x.ID, o)
			require.NoError(t, err)
			require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(6, 30), ""))
			before := dump(t, st)
			again, err := b.Reverse(ctx, x.ID, o)
			require.NoError(t, err)
			assert.True(t, again.Replay)
			assert.Equal(t, r.Entry.ID, again.Entry.ID)
			assert.Equal(t, before, dump(t, st))
			// with an explicit date, under a general lock
			y := mustPost(t, b, od(d(8, 1), "627000", "512000", "7.00"))
			o2 := ReverseOptions{ID: journal.NewID(), Date: d(8, 2)}
			_, err = b.Reverse(ctx, y.ID, o2)
			require.NoError(t, err)
			require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(9, 30), ""))
			again, err = b.Reverse(ctx, y.ID, o2)
			require.NoError(t, err)
			assert.True(t, again.Replay)
		})
	}
}

// Lock dates: posts on or before, tax vs general, closed year.
func TestReviewLedgerProbeLocks(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			in := sale("C1", d(2, 1), "120.00")
			in.ID = journal.NewID()
			first := mustPost(t, b, in)
			require.NoError(t, b.SetLockDates(ctx, LockChange{Kind: LockTax, Date: d(3, 31)}, LockChange{Kind: LockGeneral, Date: d(1, 31)}))
			refuse := func(x journal.Entry, want error) {
				t.Helper()
				before := dump(t, st)
				_, err := b.Post(ctx, x)
				require.ErrorIs(t, err, want)
				assert.Equal(t, before, dump(t, st))
			}
			refuse(sale("C1", d(3, 31), "12.00"), ErrLocked)
			refuse(od(d(1, 31), "627000", "512000", "1.00"), ErrLocked)
			mustPost(t, b, od(d(2, 1), "627000", "512000", "1.00"))
			mustPost(t, b, sale("C1", d(4, 1), "12.00"))
			// replay of first after the lock moved past it
			before := dump(t, st)
			r, err := b.Post(ctx, in)
			require.NoError(t, err)
			assert.True(t, r.Replay)
			assert.Equal(t, first.Number, r.Entry.Number)
			assert.Equal(t, before, dump(t, st))
			changed := in
			changed.Label = "other"
			refuse(changed, ErrIdempotencyConflict)
			// close 2026; locks can't move before end
			b.clock = afterYears()
			_, _, err = b.CloseFiscalYear(ctx, "2026", "bob")
			require.NoError(t, err)
			for _, dt := range []journal.Date{{}, d(12, 30), d(1, 1)} {
				before := dump(t, st)
				require.ErrorIs(t, b.SetLockDate(ctx, LockGeneral, dt, ""), ErrYearClosed)
				require.ErrorIs(t, b.SetLockDate(ctx, LockTax, dt, ""), ErrYearClosed)
				assert.Equal(t, before, dump(t, st))
			}
			before = dump(t, st)
			require.ErrorIs(t, b.SetLockDates(ctx, LockChange{Kind: LockGeneral, Date: journal.MustDate(2027, 2, 1)}, LockChange{Kind: LockTax, Date: d(6, 1)}), ErrYearClosed)
			assert.Equal(t, before, dump(t, st))
			refuse(od(d(12, 31), "627000", "512000", "1.00"), ErrYearClosed)
			// replay still replays after the close
			r, err = b.Post(ctx, in)
			require.NoError(t, err)
			assert.True(t, r.Replay)
			l, err := b.LockDates(ctx)
			require.NoError(t, err)
			assert.Equal(t, d(12, 31), l.Closed)
			assert.Equal(t, journal.MustDate(2027, 1, 1), l.FirstOpenDate(d(5, 5), false))
			require.NoError(t, b.Check(ctx))
		})
	}
}

// Batch with refused entries keeps numbering gapless.
func TestReviewLedgerProbeBatchNumbering(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(1, 31), ""))
			dupID := journal.NewID()
			dup := sale("C1", d(2, 2), "12.00")
			dup.ID = dupID
			mustPost(t, b, dup)
			bad1 := sale("C1", d(1, 15), "12.00") // locked
			bad2 := sale("", d(2, 3), "12.00")    // no partner
			bad3 := sale("C1", d(2, 3), "12.00")
			bad3.Lines[0].Balance = e("13.00") // unbalanced
			conflict := sale("C2", d(2, 2), "12.00")
			conflict.ID = dupID
			bad4 := sale("C1", journal.MustDate(2030, 1, 1), "12.00")
			bad5 := od(d(2, 5), "627000", "999999", "1.00")
			in := []journal.Entry{sale("C1", d(2, 3), "1.20"), bad1, sale("C2", d(2, 4), "2.40"), bad2, bad3,
				conflict, sale("C1", d(2, 5), "3.60"), bad4, bad5, dup, sale("C1", d(2, 6), "4.80")}
			before := dump(t, st)
			res, err := b.PostBatch(ctx, in, BatchOptions{AllOrNothing: true})
			require.NoError(t, err)
			for i, r := range res {
				require.Error(t, r.Err, i)
			}
			assert.Equal(t, before, dump(t, st))
			res, err = b.PostBatch(ctx, in, BatchOptions{})
			require.NoError(t, err)
			var nums []int64
			for i, r := range res {
				switch i {
				case 1, 3, 4, 5, 7, 8:
					require.Error(t, r.Err, i)
				case 9:
					require.NoError(t, r.Err)
					assert.True(t, r.Replay)
				default:
					require.NoError(t, r.Err, i)
					nums = append(nums, r.Entry.Number)
				}
			}
			assert.Equal(t, []int64{2, 3, 4, 5}, nums)
			require.ErrorIs(t, res[1].Err, ErrLocked)
			require.ErrorIs(t, res[5].Err, ErrIdempotencyConflict)
			require.ErrorIs(t, res[7].Err, ErrNoFiscalYear)
			require.ErrorIs(t, res[8].Err, ErrUnknownAccount)
			x := mustPost(t, b, sale("C1", d(3, 1), "1.20"))
			assert.Equal(t, int64(6), x.Number)
			assert.Equal(t, 6, rlCount(t, b))
			require.NoError(t, b.Check(ctx))
			require.NoError(t, b.Verify(ctx))
		})
	}
}

// Fiscal years: overlap, gap, length.
func TestReviewLedgerProbeFiscalYears(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			refuse := func(y FiscalYear) {
				t.Helper()
				before := dump(t, st)
				require.ErrorIs(t, b.AddFiscalYear(ctx, y), ErrFiscalYear)
				assert.Equal(t, before, dump(t, st))
			}
			refuse(CalendarYear(2027))
			refuse(CalendarYear(2026))
			refuse(CalendarYear(2025))
			refuse(CalendarYear(2029))
			refuse(FiscalYear{Start: journal.MustDate(2027, 12, 1), End: journal.MustDate(2028, 12, 31)})
			refuse(FiscalYearFrom(journal.MustDate(2028, 1, 1), 25))
			refuse(FiscalYear{Start: journal.MustDate(2028, 1, 1), End: journal.MustDate(2028, 6, 30), Label: "2027"})
			refuse(FiscalYear{Start: journal.MustDate(2028, 1, 1), End: journal.MustDate(2028, 6, 30), Label: "a/b"})
			require.NoError(t, b.AddFiscalYear(ctx, FiscalYearFrom(journal.MustDate(2028, 1, 1), 18)))
			ys, err := b.FiscalYears(ctx)
			require.NoError(t, err)
			assert.Equal(t, "2028-2029", ys[2].Label)
			assert.Equal(t, journal.MustDate(2029, 6, 30), ys[2].End)
			x := mustPost(t, b, od(journal.MustDate(2029, 6, 30), "627000", "512000", "1.00"))
			assert.Equal(t, "2028-2029", x.FiscalYear)
			_, err = b.Post(ctx, od(journal.MustDate(2029, 7, 1), "627000", "512000", "1.00"))
			require.ErrorIs(t, err, ErrNoFiscalYear)
			require.NoError(t, b.Check(ctx))
		})
	}
}

// Closings: order, suspense, idempotence, no write on refusal.
func TestReviewLedgerProbeClose(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			b.clock = afterYears()
			mustPost(t, b, od(journal.MustDate(2027, 1, 5), "471000", "512000", "3.00"))
			refuse := func(label, by string, want error) {
				t.Helper()
				before := dump(t, st)
				_, _, err := b.CloseFiscalYear(ctx, label, by)
				require.ErrorIs(t, err, want)
				assert.Equal(t, before, dump(t, st))
			}
			refuse("2027", "a", ErrEarlierYearOpen)
			_, _, err := b.CloseFiscalYear(ctx, "2026", "a")
			require.NoError(t, err)
			refuse("2026", "b", ErrAlreadyClosed)
			refuse("2027", "a", ErrSuspense)
			refuse("2027", "   ", ErrClosingBy)
			mustPost(t, b, od(journal.MustDate(2027, 12, 31), "512000", "471000", "3.00"))
			_, _, err = b.CloseFiscalYear(ctx, "2027", "a")
			require.NoError(t, err)
			_, err = b.Post(ctx, od(journal.MustDate(2027, 12, 31), "627000", "512000", "1.00"))
			require.ErrorIs(t, err, ErrYearClosed)
			require.ErrorIs(t, err, ErrLocked)
			require.NoError(t, b.Check(ctx))
			_, err = b.Seal(ctx)
			require.NoError(t, err)
			require.NoError(t, b.Verify(ctx))
		})
	}
}

var _ = time.Second
