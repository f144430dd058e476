package reconcile

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// CashRevaluation asks RevalueCash to bring the foreign currency held in
// bank and cash accounts to its closing rate.
type CashRevaluation struct {
	Operation journal.ID   // the caller's id for retries; NoID: a fresh one
	Date      journal.Date // the closing date
	// Rates are the closing rates, keyed by foreign currency (or unit)
	// code as the book spells it — never the company currency's; a foreign
	// currency without one here takes the book's rate on Date.
	Rates map[string]currency.Rate
	// Accounts are the bank and cash accounts to revalue, each held in a
	// foreign currency (ledger.Account.Currency); empty means every bank
	// and cash account held in a foreign currency. An account without a
	// currency of its own holds the company currency: its lines in a
	// foreign one record what a payment was made in, which the bank
	// converted, and are not revalued.
	Accounts []string
	Journal  string // "" means Config.WriteOffJournal ("OD")
}

// RevalueCash brings the foreign currency held in bank and cash accounts
// at the closing date to its value at the closing rate. Unlike an open
// receivable or payable (Revalue), cash in a foreign currency is worth
// what the closing rate gives: the difference is a gain or a loss of the
// year (French chart: 766000, gains de change financiers, or 666000,
// pertes de change financières; Config.CashExchangeGain and
// CashExchangeLoss), and it is not reversed the next day.
//
// Per account, the entry moves the difference between the account's
// balance in its currency valued at the closing rate, rounded once, and
// its balance in the company currency, both at the end of the closing
// date (a balance of no dollars booked at a few euros, left by the rates
// dollars came in and went out at, is brought to none): Dr the account / Cr 766000 when the
// currency is worth more than the book says, Dr 666000 / Cr the account
// when less. Its lines carry no currency amount: the currency held does
// not change, only its company value. Running RevalueCash twice for one
// date and rate posts nothing the second time; an entry dated after the
// closing date does not count. The entries are of type exchange
// difference, dated on the closing date, in Journal.
//
// It returns the posted entries in Result. It returns ErrAmount for a
// closing rate that is missing, given under a code that is not a
// currency's or unit's as the book spells it, or given for the company
// currency; journal.ErrNoDate without a closing date;
// ledger.ErrUnknownAccount for an account the book does not have;
// ErrNotRevaluable for an account that is not a bank or cash account held
// in a foreign currency;
// ErrConfig when the gain or loss account is not in the book;
// ledger.ErrYearClosed or ledger.ErrLocked for a closed or locked date;
// or ErrIdempotencyConflict.
func (r *Reconciler) RevalueCash(ctx context.Context, rv CashRevaluation) (Result, error) {
	if rv.Date.IsZero() {
		return Result{}, fmt.Errorf("%w: a revaluation needs its closing date (CashRevaluation.Date)", journal.ErrNoDate)
	}
	if err := r.checkRateCodes(ctx, rv.Rates); err != nil {
		return Result{}, err
	}
	req := struct {
		Date     journal.Date
		Rates    map[string]string
		Accounts []string
		Journal  string
	}{rv.Date, rateTexts(rv.Rates), rv.Accounts, rv.Journal}
	return r.operation(ctx, rv.Operation, "revalue-cash", req, func(w *work) error {
		if err := w.checkClosingDate(rv.Date); err != nil {
			return err
		}
		return w.revalueCashAccounts(rv)
	})
}

// revalueCashAccounts is RevalueCash inside its operation (or Revalue's,
// with Revaluation.Cash), its date checked against the locks.
func (w *work) revalueCashAccounts(rv CashRevaluation) error {
	for _, code := range []string{w.r.cfg.CashExchangeGain, w.r.cfg.CashExchangeLoss} {
		if _, err := w.t.Account(code); errors.Is(err, ledger.ErrUnknownAccount) {
			return fmt.Errorf("%w: the exchange account %s for cash held in a foreign currency: %v", ErrConfig, code, err)
		} else if err != nil {
			return err
		}
	}
	company := w.t.Book().Currency()
	accounts := rv.Accounts
	if len(accounts) == 0 {
		all, err := w.t.Accounts()
		if err != nil {
			return err
		}
		for _, a := range all {
			if (a.Kind == ledger.KindBank || a.Kind == ledger.KindCash) && !a.Currency.IsZero() && a.Currency != company {
				accounts = append(accounts, a.Code)
			}
		}
	}
	jrnl := rv.Journal
	if jrnl == "" {
		jrnl = w.r.cfg.WriteOffJournal
	}
	var done []string // an account named twice is revalued once
	for _, account := range accounts {
		a, err := w.t.Account(account)
		if err != nil {
			return err
		}
		switch {
		case a.Kind != ledger.KindBank && a.Kind != ledger.KindCash:
			return fmt.Errorf("%w: %s is of kind %s: RevalueCash revalues bank and cash accounts (Revalue the open items of receivables and payables)",
				ErrNotRevaluable, account, a.Kind)
		case a.Currency.IsZero() || a.Currency == company:
			// Its lines in a foreign currency say what a payment was made
			// in; the bank converted it, and the account holds euros.
			return fmt.Errorf("%w: %s holds the company currency (an account held in a foreign currency is added with that currency)",
				ErrNotRevaluable, account)
		case slices.Contains(done, account):
			continue
		}
		done = append(done, account)
		if err := w.revalueCash(jrnl, account, a.Currency, rv); err != nil {
			return err
		}
	}
	return nil
}

// revalueCash posts the revaluation of what account holds in cur at the
// closing date, if it is not worth its book value.
func (w *work) revalueCash(jrnl, account string, cur currency.Currency, rv CashRevaluation) error {
	company := w.t.Book().Currency()
	bal, err := w.t.Balance(ledger.BalanceQuery{Account: account, Currency: cur, At: rv.Date})
	if err != nil {
		return err
	}
	if bal.AmountCurrency.IsZero() && bal.Balance.IsZero() {
		return nil // nothing held, nothing booked: no rate needed
	}
	rate, ok := rv.Rates[cur.Code()]
	if !ok {
		if rate, _, err = w.t.Rate(cur, rv.Date); err != nil {
			return fmt.Errorf("%w: no closing rate for %s: %v", ErrAmount, cur.Code(), err)
		}
	}
	value, err := fits(rate.ToCompany(bal.AmountCurrency, company, w.t.Book().Rounding()))
	if err != nil {
		return fmt.Errorf("closing rate %s of %s on %s: %w", rate, cur.Code(), account, err)
	}
	diff, err := value.Sub(bal.Balance)
	if err != nil {
		return fmt.Errorf("%w: at the closing rate %s, the %s held on %s are worth more than an amount holds: %v",
			ErrAmount, rate, cur.Code(), account, err)
	}
	if diff.IsZero() {
		return nil
	}
	against := w.r.cfg.CashExchangeGain
	if diff.Sign() < 0 {
		against = w.r.cfg.CashExchangeLoss
	}
	label := w.r.cfg.Labels.ExchangeDifference + " " + cur.Code() + " " + account
	zero := currency.Zero(cur)
	lines := []journal.Line{
		{Account: account, Label: label, Balance: diff, AmountCurrency: zero},
		{Account: against, Label: label, Balance: diff.Neg(), AmountCurrency: zero},
	}
	if diff.Sign() < 0 { // the debit first
		lines[0], lines[1] = lines[1], lines[0]
	}
	e := journal.Entry{Journal: jrnl, Date: rv.Date, Type: journal.TypeExchangeDifference, Currency: cur,
		Label: label, Origin: w.op, Lines: lines}
	posted, _, err := w.wr.PostGenerated(e)
	if errors.Is(err, journal.ErrAmountTooLarge) {
		return fmt.Errorf("%w: the revaluation of the %s held on %s is more than an entry holds: check the closing rate: %w",
			ErrAmount, cur.Code(), account, err)
	} else if err != nil {
		return err
	}
	w.res.Entries = append(w.res.Entries, posted)
	return nil
}
