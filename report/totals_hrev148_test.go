package report_test

import (
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Cross-checks of the year 2026: balance générale, general ledger, journal
// listing, balance auxiliaire, trial balance and FEC totals agree.
func TestHrev148TotalsAgree(t *testing.T) {
	book := hrev148Book(t)
	p := report.Period{From: date(2026, 1, 1), To: date(2026, 12, 31)}
	gb, err := report.ReadGeneralBalance(ctx, book, report.BalanceQuery{Period: p})
	require.NoError(t, err)
	assert.Equal(t, "3983.64", gb.Total.Debit.Plain())
	assert.Equal(t, "3983.64", gb.Total.Credit.Plain())
	assert.Equal(t, "0.00", gb.Total.Opening.Plain())
	assert.Equal(t, "0.00", gb.Total.Closing.Plain())

	gl, err := report.ReadGeneralLedger(ctx, book, report.LedgerQuery{Period: p, ByPartner: true})
	require.NoError(t, err)
	assert.Equal(t, "3983.64", gl.Debit.Plain())
	assert.Equal(t, "3983.64", gl.Credit.Plain())

	jl, err := report.ReadJournals(ctx, book, report.JournalQuery{Period: p})
	require.NoError(t, err)
	assert.Equal(t, "3983.64", jl.Debit.Plain())
	assert.Equal(t, "3983.64", jl.Credit.Plain())

	tb, err := book.TrialBalance(ctx, p.To)
	require.NoError(t, err)
	closing := map[string]string{}
	for _, r := range gb.Rows {
		if r.Kind == report.RowDetail {
			closing[r.Account] = r.Closing.Plain()
			// opening + debit − credit = closing
			s := must(must(r.Opening.Add(r.Debit)).Sub(r.Credit))
			assert.Equal(t, r.Closing.Plain(), s.Plain(), r.Account)
		}
	}
	n := 0
	for _, r := range tb.Rows {
		if r.Balance.IsZero() && closing[r.Account] == "" {
			continue
		}
		n++
		assert.Equal(t, r.Balance.Plain(), closing[r.Account], "trial balance vs balance générale %s", r.Account)
	}
	assert.Equal(t, map[string]string{
		"120000": "-1000.00", "401000": "0.00", "411000": "1054.54", "445660": "60.00", "445710": "-300.00",
		"512000": "0.00", "512100": "1600.00", "512200": "-360.00", "607000": "300.00", "627000": "0.00",
		"656000": "54.55", "706000": "-1409.09",
	}, closing)

	// General ledger: each account's total balance = the balance générale's closing.
	for _, r := range gl.Rows {
		if r.Kind == report.RowTotal {
			assert.Equal(t, closing[r.Account], r.Balance.Plain(), "GL total %s", r.Account)
		}
	}

	// Balance auxiliaire: each account's total = the collective account's balance.
	ab, err := report.ReadAuxiliaryBalance(ctx, book, report.BalanceQuery{Period: p})
	require.NoError(t, err)
	partners := map[string]string{}
	for _, r := range ab.Rows {
		switch r.Kind {
		case report.RowTotal:
			assert.Equal(t, closing[r.Account], r.Closing.Plain(), "aux total %s", r.Account)
		case report.RowDetail:
			partners[r.Account+"/"+r.Partner] = r.Closing.Plain()
		}
	}
	assert.Equal(t, map[string]string{"401000/S1": "0.00", "411000/C1": "600.00", "411000/C2": "454.54"}, partners)
	for k, v := range partners {
		acct, partner := k[:6], k[7:]
		b, err := book.Balance(ctx, ledgerBalanceQuery(acct, partner, p.To))
		require.NoError(t, err)
		assert.Equal(t, v, b.Balance.Plain(), k)
	}
}

func ledgerBalanceQuery(account, partner string, at journal.Date) ledger.BalanceQuery {
	return ledger.BalanceQuery{Account: account, Partner: partner, At: at}
}
