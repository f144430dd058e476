package report_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/report"
)

// Was failing, fixed (the refusal withdrawn): a customer-advance account (419100) whose lines carry a partner is refused by the balance auxiliaire and the partner ledger with ErrNotPartnerAccount ("419100 is of kind customer_advance"); before the change its report listed C1 closing "-50.00".
func TestHrev150PartnerReportsAdvanceAccount(t *testing.T) {
	book := exampleMem()
	_, err := book.Post(ctx, journal.Entry{Journal: "BQD", Date: date(2026, 3, 10), Type: journal.TypePayment, Label: "Acompte", Lines: []journal.Line{
		{Account: "512000", Balance: e("50.00")},
		{Account: "419100", Partner: "C1", Balance: e("-50.00")},
	}})
	require.NoError(t, err)
	period := report.Period{From: date(2026, 1, 1), To: date(2026, 12, 31)}
	_, perr := report.PartnerLedgerRows(ctx, book, report.PartnerLedgerQuery{Period: period, Accounts: []string{"419100"}})
	assert.NoError(t, perr, "partner ledger of 419100")
	ab, err := report.ReadAuxiliaryBalance(ctx, book, report.BalanceQuery{Period: period, Accounts: []string{"419100"}})
	require.NoError(t, err, "its lines carry partner C1")
	require.NotEmpty(t, ab.Rows)
	assert.Equal(t, "C1", ab.Rows[0].Partner)
	assert.Equal(t, e("-50.00"), ab.Rows[0].Closing)
}

// The general ledger and balance générale still take any account, and a
// receivable and a payable account named together pass the partner
// reports.
func TestHrev150GeneralReportsAnyAccount(t *testing.T) {
	book := exampleMem()
	period := report.Period{From: date(2026, 1, 1), To: date(2026, 12, 31)}
	_, err := report.GeneralLedgerRows(ctx, book, report.LedgerQuery{Period: period, Accounts: []string{"706000", "411000"}})
	require.NoError(t, err)
	ab, err := report.ReadAuxiliaryBalance(ctx, book, report.BalanceQuery{Period: period, Accounts: []string{"401000", "411000"}})
	require.NoError(t, err)
	assert.NotEmpty(t, ab.Rows)
	_, err = report.ReadAuxiliaryBalance(ctx, book, report.BalanceQuery{Period: period, Accounts: []string{"999999"}})
	require.ErrorIs(t, err, report.ErrUnknownAccount)
}
