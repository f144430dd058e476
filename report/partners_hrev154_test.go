package report_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/report"
)

// The balance auxiliaire and the partner ledger of an account whose lines
// carry no partner (706000) and of 512000: no refusal, the rows as at
// commit f8d3922 (checked there: the same output).
func TestHrev154PartnerReportsAnyAccountAsBefore(t *testing.T) {
	book := exampleMem()
	period := report.Period{From: date(2026, 1, 1), To: date(2026, 12, 31)}
	ab, err := report.ReadAuxiliaryBalance(ctx, book, report.BalanceQuery{Period: period, Accounts: []string{"706000", "512000"}})
	require.NoError(t, err)
	got := ""
	for _, r := range ab.Rows {
		got += fmt.Sprintf("%s|%s|%s;", r.Account, r.Partner, r.Closing.Plain())
	}
	rows, err := report.PartnerLedgerRows(ctx, book, report.PartnerLedgerQuery{Period: period, Accounts: []string{"706000"}})
	require.NoError(t, err)
	n := 0
	for _, err := range rows {
		require.NoError(t, err)
		n++
	}
	got += fmt.Sprintf("ledger rows %d", n)
	t.Log(got)
	assert.Equal(t, h154PartnerReports, got)
}

const h154PartnerReports = "ledger rows 1"
