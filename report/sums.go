package report

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// errStopped ends a generator when the consumer's loop stopped.
var errStopped = errors.New("report: stopped")

// acc adds amounts and keeps the first error (amounts are exact; an error
// means a total outgrew its digits or mixed currencies: a broken book).
type acc struct{ err error }

func (c *acc) add(a, b currency.Amount) currency.Amount {
	if c.err != nil {
		return a
	}
	r, err := a.Add(b)
	if err != nil {
		c.err = err
		return a
	}
	return r
}

func (c *acc) sub(a, b currency.Amount) currency.Amount { return c.add(a, b.Neg()) }

// head is what the aggregates say of an account (or an account and a
// partner) over a period: the opening balance, the period's debits and
// credits, the closing balance. Balances are debit − credit.
type head struct {
	account                         ledger.Account
	partner                         string
	opening, debit, credit, closing currency.Amount
}

// empty reports whether nothing is carried in and nothing moves.
func (h *head) empty() bool { return h.opening.IsZero() && h.debit.IsZero() && h.credit.IsZero() }

// readHead reads the head of (account, partner) over p within fiscal year
// fy: income and expense accounts (classes 6 and 7) open at the sum since
// the year's start, as the book's trial balance counts them; balance-sheet
// accounts at the sum of everything before p.
func readHead(t *ledger.Tx, fy ledger.FiscalYear, p Period, a ledger.Account, partner string) (head, error) {
	q := ledger.BalanceQuery{Account: a.Code, Partner: partner}
	q.At = p.To
	end, err := t.Balance(q)
	if err != nil {
		return head{}, err
	}
	q.At = p.From.AddDays(-1)
	before, err := t.Balance(q)
	if err != nil {
		return head{}, err
	}
	var c acc
	h := head{account: a, partner: partner, opening: before.Balance,
		debit: c.sub(end.Debit, before.Debit), credit: c.sub(end.Credit, before.Credit)}
	if a.IsIncomeStatement() {
		q.At = fy.Start.AddDays(-1)
		prior, err := t.Balance(q)
		if err != nil {
			return head{}, err
		}
		h.opening = c.sub(h.opening, prior.Balance)
	}
	if partner == "" && strings.HasPrefix(a.Code, "12") {
		shown, err := earlierResultOn(t, fy, a.Code)
		if err != nil {
			return head{}, err
		}
		h.opening = c.add(h.opening, shown)
	}
	h.closing = c.sub(c.add(h.opening, h.debit), h.credit)
	return h, c.err
}

// earlierResultOn returns the result of the fiscal years before fy that
// account shows, as the trial balance does (a profit a credit on the
// book's first account of class 120, a loss a debit on its first of class
// 129): computed, never posted, so the reports add it to what is.
func earlierResultOn(t *ledger.Tx, fy ledger.FiscalYear, account string) (currency.Amount, error) {
	res, err := t.EarlierResult(fy)
	if err != nil {
		return currency.Amount{}, err
	}
	switch account {
	case res.ProfitAccount:
		return res.Profit.Neg(), nil
	case res.LossAccount:
		return res.Loss, nil
	}
	return currency.Zero(res.Profit.Currency()), nil
}

// accountsOf returns the accounts named by codes (deduplicated, in code
// order), or every account passing keep when codes is empty. It returns
// ErrUnknownAccount.
func accountsOf(ctx context.Context, book *ledger.Book, codes []string, keep func(ledger.Account) bool) ([]ledger.Account, error) {
	var out []ledger.Account
	err := book.View(ctx, func(t *ledger.Tx) error {
		out = out[:0]
		if len(codes) == 0 {
			all, err := t.Accounts()
			for _, a := range all {
				if keep(a) {
					out = append(out, a)
				}
			}
			return err
		}
		codes = slices.Clone(codes)
		slices.Sort(codes)
		for _, code := range slices.Compact(codes) {
			a, err := t.Account(code)
			if errors.Is(err, ledger.ErrUnknownAccount) {
				return fmt.Errorf("%w: %q: %w", ErrUnknownAccount, code, err)
			} else if err != nil {
				return err
			}
			out = append(out, a)
		}
		return nil
	})
	slices.SortFunc(out, func(a, b ledger.Account) int { return cmpString(a.Code, b.Code) })
	return out, err
}

// partnerAccount reports whether lines of a carry a partner: receivable
// and payable accounts.
func partnerAccount(a ledger.Account) bool { return a.Kind.NeedsPartner() }

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// signed splits a line balance into debit and credit cells: the side it
// is not on stays blank (unset).
func signed(bal currency.Amount) (debit, credit currency.Amount) {
	if bal.Sign() < 0 {
		return currency.Amount{}, bal.Neg()
	}
	return bal, currency.Amount{}
}

// lineLabel is what a listing shows of line l of entry e: its label, else
// its entry's. A reversal's lines keep their original's labels; the
// listing says they reverse it, "Extourne de OD/2026/00001 - Frais", so
// that the journals, the FEC and the general ledger do not show a reversal
// as the entry it cancels.
func lineLabel(e *journal.Entry, l *journal.Line) string {
	return listedLabel(e.Label, e.IsReversal(), l.Label)
}

// listedLabel is lineLabel from the entry's label, whether it is a
// reversal, and the line's label.
func listedLabel(entry string, reversal bool, line string) string {
	switch {
	case line == "":
		return entry
	case reversal && entry != "" && !strings.Contains(line, entry):
		return entry + " - " + line
	}
	return line
}
