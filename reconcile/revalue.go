package reconcile

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// Revaluation asks Revalue to revalue open foreign items at a closing
// rate (écarts de conversion).
type Revaluation struct {
	Operation journal.ID
	Date      journal.Date // the closing date; the reversal is dated the next day
	// Rates are the closing rates; a foreign currency without one here
	// takes the book's rate on Date.
	Rates map[string]currency.Rate
	// Accounts are the receivable and payable accounts to revalue; empty
	// means Config.Receivable and Config.Payable.
	Accounts []string
	// Provision also books a provision for the unrealised losses (Dr 681500
	// / Cr 151500). It is not reversed the next day: it is taken back when
	// the loss is realised or at the next closing.
	Provision bool
	Journal   string // "" means Config.WriteOffJournal ("OD")
}

// Revaluation accounts (French chart).
const (
	unrealisedLoss      = "476000" // écart de conversion actif
	unrealisedGain      = "477000" // écart de conversion passif
	provisionForFX      = "151500"
	provisionExpense    = "681500"
	revaluationLabel    = "Écart de conversion"
	provisionLabel      = "Provision pour perte de change"
	revaluationReversal = "Extourne écart de conversion"
)

// Revalue revalues the foreign-currency items of receivable and payable
// accounts that were open at the closing date — as they stood then: a
// payment dated after it does not count, even when lettered before the
// closing is run — at the closing rates: per (account, partner, currency)
// an entry moves the difference between the items' book value at the date
// (revaluations already posted for it included, so that running Revalue
// twice for one date posts nothing the second time) and their value at the
// closing rate to 476000 (unrealised loss) or 477000 (unrealised gain)
// against the receivable or payable, with no currency amount. Each entry is reversed on the next day and its partner line
// lettered with its reversal, so revaluation lines are never open: never a
// lettering candidate, never a base for a later exchange difference. It
// returns the posted entries in Result; Revalued reports them. It returns
// ErrAmount for a closing rate that is missing, ledger.ErrNoFiscalYear when
// the next day has no fiscal year, or ErrIdempotencyConflict.
func (r *Reconciler) Revalue(ctx context.Context, rv Revaluation) (Result, error) {
	req := struct {
		Date      journal.Date
		Rates     map[string]string
		Accounts  []string
		Provision bool
		Journal   string
	}{rv.Date, map[string]string{}, rv.Accounts, rv.Provision, rv.Journal}
	for c, rate := range rv.Rates {
		req.Rates[c] = rate.String()
	}
	return r.operation(ctx, rv.Operation, "revalue", req, func(w *work) error {
		accounts := rv.Accounts
		if len(accounts) == 0 {
			accounts = []string{w.r.cfg.Receivable, w.r.cfg.Payable}
		}
		jrnl := rv.Journal
		if jrnl == "" {
			jrnl = w.r.cfg.WriteOffJournal
		}
		company := w.t.Book().Currency()
		loss := currency.Zero(company)
		for _, account := range accounts {
			groups, err := w.revaluationGroups(account, rv)
			if err != nil {
				return err
			}
			for _, g := range groups {
				if g.diff.IsZero() {
					continue
				}
				if g.diff.Sign() < 0 { // a lower company balance is a loss, on either side
					loss = mustAdd(loss, g.diff.Abs())
				}
				if err := w.postRevaluation(jrnl, rv.Date, g); err != nil {
					return err
				}
			}
		}
		if rv.Provision && !loss.IsZero() {
			e := journal.Entry{Journal: jrnl, Date: rv.Date, Type: journal.TypeRevaluation, Label: provisionLabel, Origin: w.op,
				Lines: []journal.Line{
					{Account: provisionExpense, Label: provisionLabel, Balance: loss},
					{Account: provisionForFX, Label: provisionLabel, Balance: loss.Neg()},
				}}
			posted, _, err := w.wr.PostGenerated(e)
			if err != nil {
				return err
			}
			w.res.Entries = append(w.res.Entries, posted)
		}
		return nil
	})
}

// revaluationGroup is the open foreign items of one partner on one account
// in one currency.
type revaluationGroup struct {
	account, partner string
	cur              currency.Currency
	diff             currency.Amount // value at the closing rate − book value
}

func (w *work) revaluationGroups(account string, rv Revaluation) ([]revaluationGroup, error) {
	company, rounding := w.t.Book().Currency(), w.t.Book().Rounding()
	open, err := w.t.OpenItemsAt(account, "", rv.Date)
	if err != nil {
		return nil, err
	}
	byKey := map[string]*revaluationGroup{}
	var keys []string
	for _, o := range open {
		cur := o.Residual.AmountCurrency.Currency()
		if cur == company {
			continue
		}
		rate, ok := rv.Rates[cur.Code()]
		if !ok {
			if rate, _, err = w.t.Rate(cur, rv.Date); err != nil {
				return nil, fmt.Errorf("%w: no closing rate for %s: %v", ErrAmount, cur.Code(), err)
			}
		}
		value, err := rate.ToCompany(o.Residual.AmountCurrency, company, rounding)
		if err != nil {
			return nil, err
		}
		k := o.Partner + "\x00" + cur.Code()
		g, ok := byKey[k]
		if !ok {
			g = &revaluationGroup{account: account, partner: o.Partner, cur: cur, diff: currency.Zero(company)}
			byKey[k] = g
			keys = append(keys, k)
		}
		g.diff = mustAdd(g.diff, mustSub(value, o.Residual.Balance))
	}
	slices.Sort(keys)
	out := make([]revaluationGroup, len(keys))
	for i, k := range keys {
		out[i] = *byKey[k]
	}
	return out, nil
}

// postRevaluation posts one group's revaluation, its reversal the next day,
// and letters the two partner lines together.
func (w *work) postRevaluation(jrnl string, date journal.Date, g revaluationGroup) error {
	counter := unrealisedGain
	if g.diff.Sign() < 0 {
		counter = unrealisedLoss
	}
	zero := currency.Zero(g.cur)
	e := journal.Entry{Journal: jrnl, Date: date, Type: journal.TypeRevaluation, Currency: g.cur,
		Label: revaluationLabel + " " + g.cur.Code(), Origin: w.op,
		Lines: []journal.Line{
			{Account: g.account, Partner: g.partner, Label: revaluationLabel, Balance: g.diff, AmountCurrency: zero},
			{Account: counter, Label: revaluationLabel, Balance: g.diff.Neg(), AmountCurrency: zero},
		}}
	posted, _, err := w.wr.PostGenerated(e)
	if err != nil {
		return err
	}
	w.res.Entries = append(w.res.Entries, posted)
	return w.reverseAndLetter(posted.ID, date.AddDays(1))
}

// RevaluedItem is one line of the revaluation report: what a closing moved
// for one partner, account and currency.
type RevaluedItem struct {
	Entry      string // "OD/2026/00012"
	Date       journal.Date
	Account    string
	Partner    string
	Currency   currency.Currency
	Difference currency.Amount // + raises the item's company value, − lowers it
	Against    string          // 476000 (unrealised loss) or 477000 (unrealised gain)
}

// Revalued reports what Revalue posted on a closing date, by entry: one
// item per account, partner and currency, and the provision if any
// (Account 151500).
func (r *Reconciler) Revalued(ctx context.Context, date journal.Date) ([]RevaluedItem, error) {
	var ids []journal.ID
	for _, acct := range []string{unrealisedLoss, unrealisedGain, provisionForFX} {
		for it, err := range r.book.Lines(ctx, ledger.LineFilter{Account: acct, From: date, To: date}) {
			if err != nil {
				return nil, err
			}
			if !slices.Contains(ids, it.Ref.Entry) {
				ids = append(ids, it.Ref.Entry)
			}
		}
	}
	var out []RevaluedItem
	err := r.book.View(ctx, func(t *ledger.Tx) error {
		out = out[:0]
		for _, id := range ids {
			e, err := t.Entry(id)
			if err != nil {
				return err
			}
			if e.Type != journal.TypeRevaluation || e.ReversalOf != journal.NoID {
				continue
			}
			item := RevaluedItem{Entry: e.Name(), Date: e.Date, Account: e.Lines[0].Account, Partner: e.Lines[0].Partner,
				Currency: e.Lines[0].AmountCurrency.Currency(), Difference: e.Lines[0].Balance, Against: e.Lines[1].Account}
			if e.Lines[1].Account == provisionForFX {
				item = RevaluedItem{Entry: e.Name(), Date: e.Date, Account: provisionForFX, Currency: t.Book().Currency(),
					Difference: e.Lines[1].Balance, Against: provisionExpense}
			}
			out = append(out, item)
		}
		slices.SortFunc(out, func(a, b RevaluedItem) int { return strings.Compare(a.Entry, b.Entry) })
		return nil
	})
	return out, err
}
