package reconcile_test

// Shared by the format-12 generator (run at a73ec82) and the format-13
// replay (h-rev236): what an accountant reads of a book, rendered as text
// so that the old code's figures are compared with the new code's.

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// hrev236Partners are the book's partners: ten customers and a supplier.
var hrev236Partners = []string{"P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09", "P10", "S01"}

// hrev236At is the date of the aged balance and the open items.
var hrev236At = journal.MustDate(2026, 12, 31)

func hrev236Amount(a currency.Amount) string {
	if !a.IsSet() {
		return "-"
	}
	return a.Plain() + " " + a.Currency().Code()
}

// hrev236Partial renders a partial as stored (no CreatedAt location).
func hrev236Partial(p journal.Partial) string {
	return fmt.Sprintf("partial %s d=%s c=%s %s dc=%s cc=%s %s kind=%v op=%s at=%d undone=%s/%d", p.ID, p.Debit, p.Credit,
		hrev236Amount(p.Amount), hrev236Amount(p.DebitAmountCurrency), hrev236Amount(p.CreditAmountCurrency), p.Date, p.Kind,
		p.Operation, p.CreatedAt.UnixNano(), p.UndoneBy, p.UndoneAt.UnixNano())
}

func hrev236Match(m journal.Match) string {
	return fmt.Sprintf("match %s %+v", m.ID, m)
}

// hrev236State renders the balances of every account, the open items and
// residuals of the reconcilable accounts by partner, and the aged
// balance of customers and suppliers at hrev236At.
func hrev236State(t testing.TB, b *ledger.Book, r *reconcile.Reconciler) string {
	t.Helper()
	var out strings.Builder
	accounts, err := b.Accounts(ctx)
	require.NoError(t, err)
	for _, a := range accounts {
		bal, err := b.Balance(ctx, ledger.BalanceQuery{Account: a.Code})
		require.NoError(t, err)
		if !bal.Balance.IsZero() {
			fmt.Fprintf(&out, "balance %s %s\n", a.Code, bal.Balance.Plain())
		}
	}
	for _, acct := range []string{"411000", "401000"} {
		for _, p := range hrev236Partners {
			items, err := b.OpenItems(ctx, acct, p)
			require.NoError(t, err)
			var rows []string
			for _, it := range items {
				rows = append(rows, fmt.Sprintf("open %s %s %s %s bal=%s amt=%s res=%s/%s", acct, p, it.Ref, it.Date, hrev236Amount(it.Balance),
					hrev236Amount(it.Amount), hrev236Amount(it.Residual.Balance), hrev236Amount(it.Residual.AmountCurrency)))
			}
			sort.Strings(rows)
			for _, row := range rows {
				out.WriteString(row + "\n")
			}
		}
	}
	aged, err := r.Aged(ctx, reconcile.AgedQuery{Accounts: []string{"411000", "401000"}, At: hrev236At})
	require.NoError(t, err)
	out.WriteString(aged.String())
	return out.String()
}

// hrev236Residuals renders the residual of every reconcilable line of the
// given entries.
func hrev236Residuals(t testing.TB, b *ledger.Book, entries []journal.ID) string {
	t.Helper()
	var out strings.Builder
	require.NoError(t, b.View(ctx, func(tx *ledger.Tx) error {
		for _, id := range entries {
			e, err := tx.Entry(id)
			if err != nil {
				return err
			}
			for i, l := range e.Lines {
				if l.Account != "411000" && l.Account != "401000" {
					continue
				}
				r, err := tx.Residual(e.LineRef(i))
				if err != nil {
					return err
				}
				fmt.Fprintf(&out, "residual %s.%d %s %s\n", id, i, hrev236Amount(r.Balance), hrev236Amount(r.AmountCurrency))
			}
		}
		return nil
	}))
	return out.String()
}
