package reconcile_test

import (
	"errors"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ApplyImported refuses a bank-fee proposal that is no fee (ErrNotFee)
// and posts the other; replayed with the same id it returns the same
// outcomes, the refusal still ErrNotFee with the same message, writing
// nothing.
func TestHrev159ApplyImportedNotFeeReplay(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := newRvBank(t, f)
		bill := f.bill(t, "S1", d(3, 1), "100.00")
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S1", Journal: "BNP", Date: d(3, 5),
			Method: reconcile.MethodTransfer, Invoices: []journal.ID{bill.ID}})
		require.NoError(t, err)
		pay := res.Entries[0]
		s := b.statement(d(3, 10), rvEntry{amount: "-99.00"}, rvEntry{amount: "50.00"})
		_, err = f.rec.ImportStatement(ctx, s)
		require.NoError(t, err)
		props := []reconcile.ImportedProposal{
			{ImportedEntry: reconcile.ImportedEntry{Journal: "BNP", Statement: s.ID, BankEntry: s.Entries[0]}, Matched: true,
				Target: reconcile.ImportedTarget{Payments: []journal.ID{pay.ID}, BankFees: true}},
			{ImportedEntry: reconcile.ImportedEntry{Journal: "BNP", Statement: s.ID, BankEntry: s.Entries[1]}, Matched: true,
				Target: reconcile.ImportedTarget{Account: "471000"}},
		}
		op := journal.NewID()
		outs, err := f.rec.ApplyImported(ctx, op, props)
		require.NoError(t, err)
		require.Len(t, outs, 2)
		require.ErrorIs(t, outs[0].Err, reconcile.ErrNotFee)
		require.NoError(t, outs[1].Err)
		assert.Equal(t, "-50.00", hrev68Bal(t, f, "471000", "", journal.Date{}))
		before := f.snapshot(t)
		again, err := f.rec.ApplyImported(ctx, op, props)
		require.NoError(t, err)
		require.Len(t, again, 2)
		require.Error(t, again[0].Err)
		assert.ErrorIs(t, again[0].Err, reconcile.ErrNotFee)
		assert.Equal(t, outs[0].Err.Error(), again[0].Err.Error())
		for _, other := range []error{reconcile.ErrAmount, reconcile.ErrStale, reconcile.ErrAccount} {
			assert.False(t, errors.Is(again[0].Err, other), "%v", other)
		}
		require.NoError(t, again[1].Err)
		assert.True(t, again[1].Replay)
		assert.Equal(t, outs[1].Entries, again[1].Entries)
		f.unchanged(t, before)
		assert.Equal(t, "-50.00", hrev68Bal(t, f, "471000", "", journal.Date{}))
		open, err := f.rec.OpenImported(ctx, "BNP")
		require.NoError(t, err)
		require.Len(t, open, 1)
		assert.Equal(t, s.Entries[0].Ref, open[0].Ref)
		f.check(t)
	})
}

// A return booked before the entry it returns is refused in ApplyImported
// with journal.ErrDate, the other proposal posted; the replay says the
// same.
func TestHrev159ApplyImportedDateReplay(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		rrJournal(t, f)
		inv := f.invoice(t, "C1", d(3, 4), "360.00")
		dep := retDeposit(inv.Name(), "360.00")
		other := retUnpaid("300.00")
		other.Ref = "L7"
		early := retUnpaid("360.00")
		early.Ref, early.BookingDate = "L2", d(3, 16)
		s, err := f.rec.ImportStatement(ctx, retStatement(t, "S1", "0.00", early, dep, other))
		require.NoError(t, err)
		_ = s
		_, err = f.rec.PostImported(ctx, journal.NoID, "BQO", "S1", "L3", reconcile.ImportedTarget{Partner: "C1", Invoices: []journal.ID{inv.ID}})
		require.NoError(t, err)
		open, err := f.rec.OpenImported(ctx, "BQO")
		require.NoError(t, err)
		byRef := map[string]reconcile.ImportedEntry{}
		for _, o := range open {
			byRef[o.Ref] = o
		}
		require.Contains(t, byRef, "L2")
		require.Contains(t, byRef, "L7")
		props := []reconcile.ImportedProposal{
			{ImportedEntry: byRef["L2"], Matched: true, Target: reconcile.ImportedTarget{Partner: "C1", Returns: &reconcile.ImportedRef{Statement: "S1", Ref: "L3"}}},
			{ImportedEntry: byRef["L7"], Matched: true, Target: reconcile.ImportedTarget{Account: "471000"}},
		}
		op := journal.NewID()
		outs, err := f.rec.ApplyImported(ctx, op, props)
		require.NoError(t, err)
		require.Len(t, outs, 2)
		require.ErrorIs(t, outs[0].Err, journal.ErrDate)
		require.NoError(t, outs[1].Err)
		assert.Equal(t, "300.00", hrev68Bal(t, f, "471000", "", journal.Date{}))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
		before := f.snapshot(t)
		again, err := f.rec.ApplyImported(ctx, op, props)
		require.NoError(t, err)
		require.Len(t, again, 2)
		assert.ErrorIs(t, again[0].Err, journal.ErrDate)
		assert.False(t, errors.Is(again[0].Err, ledger.ErrReversalDate))
		assert.Equal(t, outs[0].Err.Error(), again[0].Err.Error())
		require.NoError(t, again[1].Err)
		f.unchanged(t, before)
		f.check(t)
	})
}

// Reverse's godoc: a *journal.TextError for a Label CheckText refuses,
// ledger.ErrYearClosed for a Date in a closed year; nothing written.
func TestHrev159ReverseDocumentedErrors(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "100.00")
		before := f.snapshot(t)
		_, err := f.rec.Reverse(ctx, reconcile.Reversal{Entry: inv.ID, Label: "bad\x00label"})
		var te *journal.TextError
		require.True(t, errors.As(err, &te), "%v", err)
		f.unchanged(t, before)
		_, err = f.rec.Reverse(ctx, reconcile.Reversal{Entry: inv.ID, Date: d(3, 1).AddDays(-60)})
		require.ErrorIs(t, err, ledger.ErrReversalDate)
		f.unchanged(t, before)
		f.check(t)
	})
}

// DepositCheques' godoc: ErrDuplicateLine for a cheque named twice,
// ledger.ErrUnknownJournal for a journal the book does not have.
func TestHrev159DepositDocumentedErrors(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		chq, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQ", Date: d(3, 3),
			Amount: e("20.00"), Method: reconcile.MethodCheque, Cheque: &reconcile.Cheque{Number: "1234567"}})
		require.NoError(t, err)
		c := chq.Entries[0].ID
		before := f.snapshot(t)
		_, err = f.rec.DepositCheques(ctx, reconcile.Deposit{Journal: "BQ", Date: d(3, 10), Payments: []journal.ID{c, c}})
		require.ErrorIs(t, err, reconcile.ErrDuplicateLine)
		f.unchanged(t, before)
		_, err = f.rec.DepositCheques(ctx, reconcile.Deposit{Journal: "NOPE", Date: d(3, 10), Payments: []journal.ID{c}})
		require.ErrorIs(t, err, ledger.ErrUnknownJournal)
		f.unchanged(t, before)
		_, err = f.rec.DepositCheques(ctx, reconcile.Deposit{Journal: "BQ", Payments: []journal.ID{c}})
		require.ErrorIs(t, err, journal.ErrNoDate)
		f.unchanged(t, before)
		f.check(t)
	})
}
