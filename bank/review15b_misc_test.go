package bank_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

// Two runs with different operation ids get one message id (and the same
// end-to-end ids) when the ids share their first 23 characters: the run id
// keeps only those.
func TestR15bRunIDsCollide(t *testing.T) {
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	r15bOutstandingJournal(t, b)
	require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "F2", Name: "F2", BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}}))
	for _, p := range []string{"FOURN", "F2"} {
		reviewPost(t, b, journal.Entry{Journal: "AC", Date: reviewDay(1), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "401000", Partner: p, Balance: reviewE("-100.00")}, {Account: "607000", Balance: reviewE("100.00")}}})
	}
	op1 := uuid.MustParse("01a2354c-d99e-7eea-bebf-000000000001")
	op2 := uuid.MustParse("01a2354c-d99e-7eea-bebf-000000000002")
	run1, err := r.RunPayments(ctx, reconcile.RunRequest{Operation: op1, Journal: "BNPO", Date: reviewDay(5), DueBy: reviewDay(5), Partners: []string{"FOURN"}})
	require.NoError(t, err)
	run2, err := r.RunPayments(ctx, reconcile.RunRequest{Operation: op2, Journal: "BNPO", Date: reviewDay(5), DueBy: reviewDay(5), Partners: []string{"F2"}})
	require.NoError(t, err)
	require.NotEqual(t, run1.ID, run2.ID, "MsgId unique per run")
	require.NotEqual(t, run1.Payments[0].EndToEndID, run2.Payments[0].EndToEndID)
}

// A statement entry of 0.00 is imported, then can be posted nowhere: it
// stays open for ever.
func TestR15bZeroEntryNeverPostable(t *testing.T) {
	_, r := bookWithBankAccount(t, storetest.Backends[0])
	_, err := r.ImportStatement(ctx, reviewStatement(reconcile.BankEntry{Amount: reviewE("0.00"), Label: "INFO"}))
	if err != nil {
		require.ErrorIs(t, err, reconcile.ErrStatement)
		return
	}
	_, err = r.PostImported(ctx, journal.NoID, "BNP", "S1", "E1", reconcile.ImportedTarget{Account: "471000"})
	require.NoError(t, err, "an imported entry can at least go to suspense")
}

// An entry without a booking date is imported, and can then be posted
// nowhere.
func TestR15bNoBookingDate(t *testing.T) {
	_, r := bookWithBankAccount(t, storetest.Backends[0])
	st := reviewStatement(reconcile.BankEntry{Amount: reviewE("10.00"), Label: "X"})
	st.Entries[0].BookingDate = journal.Date{}
	_, err := r.ImportStatement(ctx, st)
	if err != nil {
		require.ErrorIs(t, err, reconcile.ErrStatement)
		return
	}
	_, err = r.PostImported(ctx, journal.NoID, "BNP", "S1", "E1", reconcile.ImportedTarget{Account: "471000"})
	require.NoError(t, err, "an imported entry can at least go to suspense")
}
