package report_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/store/storetest"
)

// The 2026 profit is allocated in 2027 (Dr 120000 / Cr 101000). The
// balance générale shows 120000 opening at the profit (credit) and closing
// at zero, as the trial balance does; the general ledger of the same
// account and period must agree with it (its opening at the period start
// and its closing), but it opens at zero and closes with a debit balance
// on a profit account.
func TestReview16bGeneralLedgerResultAccountAgreesWithBalance(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			ctx := context.Background()
			b := fecBook(t, s)
			var res ledger.EarlierResult
			require.NoError(t, b.View(ctx, func(tx *ledger.Tx) error {
				fy, err := tx.FiscalYear(fecDay(2027, 1, 1))
				if err != nil {
					return err
				}
				res, err = tx.EarlierResult(fy)
				return err
			}))
			require.False(t, res.Profit.IsZero())
			_, err := b.Post(ctx, journal.Entry{Journal: "OD", Date: fecDay(2027, 2, 15), Label: "Affectation du résultat 2026",
				Lines: []journal.Line{{Account: "120000", Balance: res.Profit}, {Account: "101000", Balance: res.Profit.Neg()}}})
			require.NoError(t, err)
			p := report.Period{From: fecDay(2027, 1, 1), To: fecDay(2027, 12, 31)}
			bal, err := report.ReadGeneralBalance(ctx, b, report.BalanceQuery{Period: p, Accounts: []string{"120000"}})
			require.NoError(t, err)
			require.Len(t, bal.Rows, 1)
			tb, err := b.TrialBalance(ctx, fecDay(2027, 12, 31))
			require.NoError(t, err)
			for _, r := range tb.Rows {
				require.NotEqual(t, "120000", r.Account+func() string {
					if r.Balance.IsZero() {
						return "x"
					}
					return ""
				}(), "the trial balance shows 120000 at zero after the allocation: %s", r.Balance)
			}
			gl, err := report.ReadGeneralLedger(ctx, b, report.LedgerQuery{Period: p, Accounts: []string{"120000"}})
			require.NoError(t, err)
			var opening, closing string
			for _, r := range gl.Rows {
				switch r.Kind {
				case report.RowOpening:
					opening = r.Balance.String()
				case report.RowTotal:
					closing = r.Balance.String()
				}
			}
			require.Equal(t, bal.Rows[0].Opening.String(), opening, "GL opening of 120000 on 1/1/2027 vs the balance générale's")
			require.Equal(t, bal.Rows[0].Closing.String(), closing, "GL closing of 120000 on 31/12/2027 vs the balance générale's (zero: the profit is allocated)")
		})
	}
}
