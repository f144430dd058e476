package report_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/report"
)

// A partner report asked for an account whose lines carry no partner (an
// income account) says so: an empty balance auxiliaire would read as
// nobody owing anything.
func TestPartnerReportsRefuseOtherAccounts(t *testing.T) {
	book := hrev148Book(t)
	_, err := report.ReadAuxiliaryBalance(ctx, book, report.BalanceQuery{Period: hrev148Year(), Accounts: []string{"411000", "706000"}})
	require.ErrorIs(t, err, report.ErrNotPartnerAccount)
	assert.Contains(t, err.Error(), "706000 is of kind")
	_, err = report.PartnerLedgerRows(ctx, book, report.PartnerLedgerQuery{Period: hrev148Year(), Accounts: []string{"706000"}})
	require.ErrorIs(t, err, report.ErrNotPartnerAccount)
	ab, err := report.ReadAuxiliaryBalance(ctx, book, report.BalanceQuery{Period: hrev148Year(), Accounts: []string{"411000"}})
	require.NoError(t, err)
	assert.NotEmpty(t, ab.Rows)
	// The balance générale takes any account.
	_, err = report.ReadGeneralBalance(ctx, book, report.BalanceQuery{Period: hrev148Year(), Accounts: []string{"706000"}})
	require.NoError(t, err)
}
