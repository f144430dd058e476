package ledger

import (
	"strings"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: a book with no fiscal year accepts any lock date (SetLockDate(2099-01-01) returns nil, want ErrNoFiscalYear), so the first year added is locked before anything is posted in it (posting on 2026-03-01 then returns ErrLocked).
func TestHrev150LockWithoutFiscalYears(t *testing.T) {
	b, err := Create(ctx, memstore.New(), Options{Currency: eur, Clock: fixedClock(), Strict: true})
	require.NoError(t, err)
	err = b.SetLockDate(ctx, LockGeneral, journal.MustDate(2099, 1, 1), "far")
	require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2026)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	require.NoError(t, b.AddPartner(ctx, Partner{Code: "C1", Name: "C1"}))
	_, perr := b.Post(ctx, sale("C1", d(3, 1), "120.00"))
	assert.NoError(t, perr, "the year added after the lock is locked")
	require.ErrorIs(t, err, ErrNoFiscalYear, "a lock date on a book with no fiscal year")
}

// A lock date stored past the years (as before the change) does not make
// Check fail, and moving it back within the years is accepted.
func TestHrev150OldLockBeyondYearsChecks(t *testing.T) {
	st := memstore.New()
	b, err := Create(ctx, st, Options{Currency: eur, Clock: fixedClock(), Strict: true})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2026)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	require.NoError(t, b.Update(ctx, func(t *Tx) error { // a change recorded before the check existed
		n, err := t.next(ctrLock)
		if err != nil {
			return err
		}
		return t.st.Put(bLock, u64(nil, n), encode(lockRec{Kind: uint8(LockGeneral), Date: journal.MustDate(2099, 1, 1).Key(), At: 1}))
	}))
	require.NoError(t, b.Check(ctx))
	require.NoError(t, b.SetLockDate(ctx, LockGeneral, d(6, 30), "back"))
	ld, err := b.LockDates(ctx)
	require.NoError(t, err)
	assert.Equal(t, d(6, 30), ld.General)
	require.NoError(t, b.Check(ctx))
}

// The last year's last day is a lock like any other; the day after is
// refused, for either kind, with nothing recorded; a year added later
// makes its dates lockable; zero unlocks.
func TestHrev150LockAtTheYearsEnd(t *testing.T) {
	st := memstore.New()
	b := testBook(t, st) // 2026 and 2027
	end := journal.MustDate(2027, 12, 31)
	before := dump(t, st)
	for _, k := range []LockKind{LockGeneral, LockTax} {
		err := b.SetLockDate(ctx, k, end.AddDays(1), "")
		require.ErrorIs(t, err, ErrNoFiscalYear)
		assert.True(t, strings.Contains(err.Error(), k.String()+" lock date 2028-01-01"), err.Error())
	}
	assert.Equal(t, before, dump(t, st))
	require.NoError(t, b.SetLockDates(ctx, LockChange{Kind: LockGeneral, Date: end}, LockChange{Kind: LockTax, Date: end}))
	require.NoError(t, b.AddFiscalYear(ctx, CalendarYear(2028)))
	require.NoError(t, b.SetLockDate(ctx, LockGeneral, journal.MustDate(2028, 6, 30), ""))
	require.NoError(t, b.SetLockDate(ctx, LockGeneral, journal.Date{}, "reopen"))
	require.NoError(t, b.SetLockDate(ctx, LockTax, journal.Date{}, "reopen"))
	ld, err := b.LockDates(ctx)
	require.NoError(t, err)
	assert.True(t, ld.General.IsZero() && ld.Tax.IsZero())
	require.NoError(t, b.Check(ctx))
}

// A bank journal on outstanding accounts naming its bank account as one
// of them is refused; the French chart's journals, a cash journal on
// outstanding accounts, one without them naming the same account, and
// one on outstanding accounts that names none are accepted.
func TestHrev150JournalOutstandingIsBank(t *testing.T) {
	st := memstore.New()
	b := testBook(t, st)
	before := dump(t, st)
	for _, j := range []Journal{
		{Code: "BN1", Kind: JournalBank, BankAccount: "512000", UsesOutstanding: true, OutstandingReceipts: "512000", OutstandingPayments: "512200"},
		{Code: "BN2", Kind: JournalBank, BankAccount: "512100", UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200"},
		{Code: "BN3", Kind: JournalBank, BankAccount: "512200", UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200"},
		{Code: "CA2", Kind: JournalCash, BankAccount: "530000", UsesOutstanding: true, OutstandingReceipts: "530000", OutstandingPayments: "530000"},
	} {
		err := b.AddJournal(ctx, j)
		require.ErrorIs(t, err, ErrKind, j.Code)
		assert.Contains(t, err.Error(), "is its bank account")
	}
	assert.Equal(t, before, dump(t, st))
	for _, j := range []Journal{
		{Code: "BN4", Kind: JournalBank, BankAccount: "512000", OutstandingReceipts: "512000", OutstandingPayments: "512000"},
		{Code: "CA3", Kind: JournalCash, BankAccount: "530000", UsesOutstanding: true, OutstandingReceipts: "511200", OutstandingPayments: "512200"},
		{Code: "BN5", Kind: JournalBank, BankAccount: "512000", UsesOutstanding: true},
		{Code: "BN6", Kind: JournalBank, UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512100"},
	} {
		require.NoError(t, b.AddJournal(ctx, j), j.Code)
	}
	require.NoError(t, b.Check(ctx))
}

// A journal stored before AddJournal refused it (its outstanding account
// its bank account) is a misconfiguration, not damage: its entries are
// consistent and the book has no call to mend a journal, so Check does
// not fail such a book (it did for a moment; changed, the refusal stays
// in AddJournal).
func TestHrev150CheckFlagsStoredOutstandingBank(t *testing.T) {
	st := memstore.New()
	b := testBook(t, st)
	b.strict = false // the damage is written, then checked
	require.NoError(t, b.Update(ctx, func(t *Tx) error {
		return putNew(t.st, bJournal, "BN9", journalRec{Code: "BN9", Kind: uint8(JournalBank), BankAccount: "512000",
			UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512000"})
	}))
	require.NoError(t, b.Check(ctx))
}

// A reversal of an entry the book does not hold, or of itself, says so.
func TestHrev150ReversalOfMissing(t *testing.T) {
	b := testBook(t, memstore.New())
	x := receipt("C1", d(3, 5), "10.00")
	x.ReversalOf = journal.NewID()
	_, err := b.Post(ctx, x)
	require.ErrorIs(t, err, ErrNotFound)
	assert.Contains(t, err.Error(), "(ReversalOf "+x.ReversalOf.String()+") is not in the book")
	y := receipt("C1", d(3, 5), "10.00")
	y.ID = journal.NewID()
	y.ReversalOf = y.ID
	_, err = b.Post(ctx, y)
	require.ErrorIs(t, err, ErrNotFound)
	assert.Contains(t, err.Error(), "is the entry itself")
}
