package ledger

import (
	"context"
	"fmt"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
)

// OpeningRow is one balance a fiscal year opens with (an à-nouveau): an
// account's balance, per partner on an account whose kind needs one.
// Balance is Debit − Credit in the company currency.
type OpeningRow struct {
	Account string          // "" for an earlier result in a book without result accounts
	Partner string          // partner code; "" on an account whose kind needs none
	Balance currency.Amount // Debit − Credit, company currency: positive on the debit side
}

// Opening returns the balances the fiscal year labelled label opens with,
// as a closing of the years before would carry them forward: every
// balance-sheet account's balance on the day before the year starts —
// receivable and payable accounts one row per partner — and the result of
// earlier years on the result accounts, added to what is posted there, as
// TrialBalance shows it (a profit on the first account of class 120, a
// loss on the first of class 129, on a row with Account "" when the book
// has none). Income and expense accounts open at zero. Zero balances are
// left out; the rows, in account then partner order (the row with
// Account "" last), sum to zero. The
// first year of a book opens with nothing.
//
// It reads one snapshot; its cost grows with the number of accounts and
// partners, not with the number of lines. It returns ErrNoFiscalYear for
// an unknown label.
func (b *Book) Opening(ctx context.Context, label string) ([]OpeningRow, error) {
	return read(ctx, b, func(t *Tx) ([]OpeningRow, error) { return t.Opening(label) })
}

// Opening is Book.Opening inside a transaction.
func (t *Tx) Opening(label string) ([]OpeningRow, error) {
	fy, err := t.FiscalYearLabelled(label)
	if err != nil {
		return nil, err
	}
	accounts, err := t.accountsList()
	if err != nil {
		return nil, err
	}
	profit, loss, err := t.earlierResults(accounts, fy)
	if err != nil {
		return nil, err
	}
	profitAt, lossAt := resultAccount(accounts, resultProfitClass), resultAccount(accounts, resultLossClass)
	at := fy.Start.AddDays(-1)
	var out []OpeningRow
	for _, a := range accounts {
		if a.IsIncomeStatement() {
			continue
		}
		var extra currency.Amount // the earlier result this account shows
		switch a.Code {
		case profitAt:
			extra = profit.Neg()
		case lossAt:
			extra = loss
		}
		if out, err = t.openingOf(out, a, at, extra); err != nil {
			return nil, err
		}
	}
	if profitAt == "" && !profit.IsZero() {
		out = append(out, OpeningRow{Balance: profit.Neg()})
	}
	if lossAt == "" && !loss.IsZero() {
		out = append(out, OpeningRow{Balance: loss})
	}
	return out, t.checkOpening(out, label)
}

// openingOf appends the opening rows of one account: per partner when its
// kind needs one, else one row; extra (an earlier result) is added to the
// account's own row.
func (t *Tx) openingOf(out []OpeningRow, a Account, at journal.Date, extra currency.Amount) ([]OpeningRow, error) {
	add := func(partner string, bal currency.Amount) error {
		if extra.IsSet() && partner == "" {
			var err error
			if bal, err = bal.Add(extra); err != nil {
				return err
			}
		}
		if !bal.IsZero() {
			out = append(out, OpeningRow{Account: a.Code, Partner: partner, Balance: bal})
		}
		return nil
	}
	if !a.Kind.NeedsPartner() {
		s, err := t.sumAgg(a.Code, "", currency.Currency{}, journal.Date{}, at)
		if err != nil {
			return nil, err
		}
		return out, add("", s.Balance)
	}
	after := ""
	for {
		page, err := t.AccountPartners(a.Code, after, 0)
		if err != nil {
			return nil, err
		}
		for _, p := range page {
			s, err := t.sumAgg(a.Code, p, currency.Currency{}, journal.Date{}, at)
			if err != nil {
				return nil, err
			}
			if err := add(p, s.Balance); err != nil {
				return nil, err
			}
		}
		if len(page) < accountPartnersPageMax {
			break
		}
		after = page[len(page)-1]
	}
	// Lines without a partner on such an account (possible before the
	// account's kind asked for one) and an earlier result, unsplit.
	all, err := t.sumAgg(a.Code, "", currency.Currency{}, journal.Date{}, at)
	if err != nil {
		return nil, err
	}
	rest := all.Balance
	for i := len(out) - 1; i >= 0 && out[i].Account == a.Code; i-- {
		if rest, err = rest.Sub(out[i].Balance); err != nil {
			return nil, err
		}
	}
	return out, add("", rest)
}

// checkOpening asserts that the opening rows balance: every balance of
// the book at a date sums to zero, so a difference is a broken aggregate.
func (t *Tx) checkOpening(rows []OpeningRow, label string) error {
	sum := currency.Zero(t.b.company)
	for _, r := range rows {
		var err error
		if sum, err = sum.Add(r.Balance); err != nil {
			return err
		}
	}
	if !sum.IsZero() {
		return fmt.Errorf("%w: the opening balances of %s sum to %s", ErrIntegrity, label, sum)
	}
	return nil
}

// FiscalYearLabelled returns the fiscal year of a label ("2026"), or
// ErrNoFiscalYear.
func (t *Tx) FiscalYearLabelled(label string) (FiscalYear, error) {
	years, err := t.FiscalYears()
	if err != nil {
		return FiscalYear{}, err
	}
	for _, y := range years {
		if y.Label == label {
			return y, nil
		}
	}
	return FiscalYear{}, fmt.Errorf("%w: no fiscal year is labelled %q", ErrNoFiscalYear, label)
}
