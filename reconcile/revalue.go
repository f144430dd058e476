package reconcile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// Revaluation asks Revalue to revalue open foreign items at a closing
// rate (écarts de conversion).
type Revaluation struct {
	Operation journal.ID   // the caller's id for retries; NoID: a fresh one
	Date      journal.Date // the closing date; the reversal is dated the next day
	// Rates are the closing rates, keyed by foreign currency (or unit)
	// code as the book spells it — never the company currency's; a foreign
	// currency without one here takes the book's rate on Date.
	Rates map[string]currency.Rate
	// Accounts are the receivable and payable accounts to revalue; empty
	// means Config.Receivable and Config.Payable, then every other account
	// of kind receivable or payable.
	Accounts []string
	// Provision also books a provision for the unrealised losses (Dr 681500
	// / Cr 151500). It is not reversed the next day: the next closing with
	// Provision brings it to the losses then unrealised (nothing once they
	// are realised), by a further charge when they are more, by a reprise
	// (Dr 151500 / Cr 781500) when they are less. A closing run again in
	// the same fiscal year reverses that year's provision and books it
	// anew.
	Provision bool
	Journal   string // "" means Config.WriteOffJournal ("OD")
	// Cash also brings the foreign currency held in every bank and cash
	// account to the closing rates, in the same operation, as RevalueCash
	// does: a closing needs both, and either both are posted or neither.
	Cash bool
	// Undo takes back, instead, the revaluations posted for Date on the
	// receivable and payable Accounts, Revalue's and those posted by hand
	// and still open at Date: each entry moves back what they hold, as a
	// revaluation would at the items' own book value (Rates are not
	// used), and is reversed on the next day like them. It is how a
	// lettering dated on or before Date, refused with ErrRevalued, is
	// made: Undo, letter, then Revalue for Date again. Cash is refused
	// with it.
	Undo bool
}

// Revaluation accounts (French chart).
const (
	unrealisedLoss   = "476000" // écart de conversion actif
	unrealisedGain   = "477000" // écart de conversion passif
	provisionForFX   = "151500"
	provisionExpense = "681500"
	// provisionTakenBack is the income a provision of an earlier year
	// taken back makes (reprise sur provision).
	provisionTakenBack = "781500"
)

// Revalue revalues the foreign-currency items of receivable and payable
// accounts that were open at the closing date — as they stood then: a
// payment dated after it does not count, even when lettered before the
// closing is run — at the closing rates: per (account, partner, currency)
// an entry moves the difference between the items' book value at the date
// (revaluations already posted for it included, so that running Revalue
// twice for one date posts nothing the second time) and their value at the
// closing rate against the receivable or payable, with no currency
// amount: the losses of its items to 476000 (unrealised loss), their gains
// to 477000 (unrealised gain), each item on its side — a loss is not set
// off against another item's gain. Each entry is reversed on the next day and its partner line
// lettered with its reversal, so revaluation lines are never open: never a
// lettering candidate, never a base for a later exchange difference. Each
// entry records its closing rate in its event log, by which Aged values
// the items' buckets on the closing date. It
// returns the posted entries in Result; Revalued reports them. An item
// posted afterwards, dated on or before the closing date, is not
// revalued until Revalue runs again for the date: CloseFiscalYear refuses
// a year whose last day's revaluation is so out of date
// (ErrStaleRevaluation).
//
// What it revalued stays as it was revalued: a lettering or an
// unlettering dated on or before the date that changes it — a payment of
// that day found on the next statement, a bad debt written off that day,
// a credit note used, a receipt detached — is refused with ErrRevalued,
// nothing written, while the revaluation stands and the date is after the
// lock dates. So is one that settles or reopens, on or before the date, a
// foreign item of a revalued account that the closing found settled, or
// posted nothing for, unless the item is at the closing rate already.
// Revaluation entries posted by hand for the date count as Revalue's, as
// Undo takes them back too. Date the lettering after the closing, or take the
// revaluation back (Undo), letter, and run Revalue for the date again.
//
// It returns
// ErrAmount for a closing rate that is missing, given under a code that
// is not a currency's or unit's as the book spells it, or given for the
// company currency, journal.ErrNoDate without a closing date,
// ledger.ErrUnknownAccount for an account the book does not have,
// ErrNotRevaluable for an account that is not a receivable or payable
// account or for Undo with Cash, ledger.ErrLocked for a locked date, ledger.ErrNoFiscalYear when
// the next day has no fiscal year, ErrConfig (with Cash) when the
// financial exchange accounts are not in the book, or
// ErrIdempotencyConflict.
func (r *Reconciler) Revalue(ctx context.Context, rv Revaluation) (Result, error) {
	if rv.Date.IsZero() {
		return Result{}, fmt.Errorf("%w: a revaluation needs its closing date (Revaluation.Date)", journal.ErrNoDate)
	}
	if rv.Undo && rv.Cash {
		return Result{}, fmt.Errorf("%w: Undo takes back the revaluation of receivable and payable accounts only; run RevalueCash again to correct the cash accounts'",
			ErrNotRevaluable)
	}
	if err := r.checkRateCodes(ctx, rv.Rates); err != nil {
		return Result{}, err
	}
	req := struct {
		Date      journal.Date
		Rates     map[string]string
		Accounts  []string
		Provision bool
		Journal   string
		Cash      bool `json:",omitempty"` // absent when false: a request of an earlier version replays
		Undo      bool `json:",omitempty"`
	}{rv.Date, rateTexts(rv.Rates), rv.Accounts, rv.Provision, rv.Journal, rv.Cash, rv.Undo}
	return r.operation(ctx, rv.Operation, "revalue", req, func(w *work) error {
		if err := w.checkClosingDate(rv.Date); err != nil {
			return err
		}
		if err := w.recordRevaluationRun(rv); err != nil {
			return err
		}
		accounts := rv.Accounts
		if len(accounts) == 0 {
			// Every receivable and payable account, the configured ones
			// first: a foreign item left on another (411100, 413000) would
			// stay at its historical rate on the balance sheet.
			accounts = []string{w.r.cfg.Receivable, w.r.cfg.Payable}
			all, err := w.t.Accounts()
			if err != nil {
				return err
			}
			for _, a := range all {
				if (a.Kind == ledger.KindReceivable || a.Kind == ledger.KindPayable) && !slices.Contains(accounts, a.Code) {
					accounts = append(accounts, a.Code)
				}
			}
		}
		jrnl := rv.Journal
		if jrnl == "" {
			jrnl = w.r.cfg.WriteOffJournal
		}
		for _, account := range accounts {
			if a, err := w.t.Account(account); err != nil {
				return err
			} else if a.Kind != ledger.KindReceivable && a.Kind != ledger.KindPayable {
				return fmt.Errorf("%w: %s is of kind %s", ErrNotRevaluable, account, a.Kind)
			}
			groups, err := w.revaluationGroups(account, rv, false)
			if err != nil {
				return err
			}
			for _, g := range groups {
				if g.diff.IsZero() && g.lossTo.Equal(g.loss) && g.gainTo.Equal(g.gain) {
					continue
				}
				if err := w.postRevaluation(jrnl, rv.Date, g); err != nil {
					return err
				}
			}
		}
		if rv.Provision {
			loss, err := w.unrealisedLoss(rv.Date)
			if err != nil {
				return err
			}
			if err := w.provide(jrnl, rv.Date, loss); err != nil {
				return err
			}
		}
		if rv.Cash {
			return w.revalueCashAccounts(CashRevaluation{Date: rv.Date, Rates: rv.Rates, Journal: rv.Journal})
		}
		return nil
	})
}

// revaluationsOn is the subject of the event log of the revaluations run
// for a closing date: an event a run (revaluationRunRec), what it was
// asked, by which CloseFiscalYear tells whether the items open on the
// year's last day are still revalued as the last run left them.
func revaluationsOn(date journal.Date) journal.ID {
	return uuid.NewSHA1(revaluationsSpace, []byte(date.String()))
}

// revaluationsSpace names the subjects of the revaluation runs' logs.
var revaluationsSpace = uuid.MustParse("8e2b6f0a-3c41-5d7e-a9b2-4f6c1d0e8a37")

// revaluationRunEvent is the kind of the event Revalue records for each
// run, under revaluationsOn(its date).
const revaluationRunEvent = "revaluation_run"

// revaluationRunRec is the payload of a revaluationRunEvent: the run's
// request, rates as text.
type revaluationRunRec struct {
	Rates     map[string]string `json:"rates,omitempty"`
	Accounts  []string          `json:"accounts,omitempty"` // none: every receivable and payable account
	Provision bool              `json:"provision,omitempty"`
	Undo      bool              `json:"undo,omitempty"`
}

// recordRevaluationRun logs what rv asks under revaluationsOn(rv.Date).
func (w *work) recordRevaluationRun(rv Revaluation) error {
	data, err := json.Marshal(revaluationRunRec{Rates: rateTexts(rv.Rates), Accounts: rv.Accounts, Provision: rv.Provision, Undo: rv.Undo})
	if err != nil {
		return err
	}
	return w.wr.AppendEvent(revaluationsOn(rv.Date), revaluationRunEvent, data)
}

// rateTexts is a closing's rates as its request records them, by code.
func rateTexts(rates map[string]currency.Rate) map[string]string {
	out := make(map[string]string, len(rates))
	for c, rate := range rates {
		out[c] = rate.String()
	}
	return out
}

// checkClosingDate refuses a closing (a revaluation) dated in a closed
// year or on or before the lock date, whatever it would post: the
// provision taken back would otherwise move past the lock as generated
// entries do, and post in the next period.
func (w *work) checkClosingDate(date journal.Date) error {
	locks, err := w.t.LockDates()
	if err != nil {
		return err
	}
	if !date.After(locks.Closed) {
		return fmt.Errorf("%w: the closing date %s", ledger.ErrYearClosed, date)
	}
	if !date.After(locks.General) {
		return fmt.Errorf("%w: the closing date %s is on or before the lock date %s", ledger.ErrLocked, date, locks.General)
	}
	return nil
}

// unrealisedLoss is what the revaluations standing at date hold on
// 476000, on every account and partner: the loss a provision covers. It
// sums the revaluation entries' lines on or before date, their
// reversals included: an earlier closing's revaluation, reversed the day
// after it, counts for nothing; one posted by hand on another day and not
// reversed counts, as the closing counts it already revalued. A run on
// some accounts only leaves the others' losses standing, and the
// provision covers them still.
func (w *work) unrealisedLoss(date journal.Date) (currency.Amount, error) {
	loss := currency.Zero(w.t.Book().Currency())
	lines, err := w.t.Lines(ledger.LineFilter{Account: unrealisedLoss, To: date})
	if err != nil {
		return loss, err
	}
	for _, l := range lines {
		e, err := w.entry(l.Ref.Entry)
		if err != nil {
			return loss, err
		}
		if e.Type != journal.TypeRevaluation {
			continue
		}
		if loss, err = loss.Add(l.Line.Balance); err != nil {
			return loss, fmt.Errorf("%w: the unrealised losses are more than an amount holds: %v", ErrAmount, err)
		}
	}
	if loss.Sign() < 0 {
		return loss, fmt.Errorf("%w: %s holds %s of unrealised losses for %s", ledger.ErrIntegrity, unrealisedLoss, loss, date)
	}
	return loss, nil
}

// checkRateCodes refuses a closing rate under a code the book would not
// look it up by: a code spelt otherwise ("usd"), naming no currency or
// unit of the book, or naming the company currency (whose items are not
// revalued) would leave the caller's rate unused, and the book's rate
// taken in its place or none at all. Codes are checked in order, so that
// the error names the same one every run.
func (r *Reconciler) checkRateCodes(ctx context.Context, rates map[string]currency.Rate) error {
	var units []currency.Currency
	for _, code := range slices.Sorted(maps.Keys(rates)) {
		if code == r.book.Currency().Code() {
			return fmt.Errorf("%w: closing rate under %q, the company currency: only foreign items are revalued", ErrAmount, code)
		}
		if c, err := currency.Lookup(code); err == nil {
			if c.Code() != code {
				return fmt.Errorf("%w: closing rate under %q: the currency is spelt %s", ErrAmount, code, c.Code())
			}
			continue
		}
		if units == nil {
			var err error
			if units, err = r.book.Units(ctx); err != nil {
				return err
			}
		}
		if !slices.ContainsFunc(units, func(u currency.Currency) bool { return u.Code() == code }) {
			return fmt.Errorf("%w: closing rate under %q, which is no currency or unit of the book", ErrAmount, code)
		}
	}
	return nil
}

// provide brings the provision for unrealised exchange losses to loss at
// date. The provisions of the same fiscal year (an earlier run for the
// same closing) are taken back by reversing them on date: the year's
// charge is then the one provision. Those of earlier years are the
// provision held: the difference is a further charge (Dr 681500 / Cr
// 151500) when loss is more, a reprise (Dr 151500 / Cr 781500) when it is
// less — a provision of last year taken back this year is income of this
// year, not a negative charge.
func (w *work) provide(jrnl string, date journal.Date, loss currency.Amount) error {
	fy, err := w.t.FiscalYear(date)
	if err != nil {
		return err
	}
	lines, err := w.t.Lines(ledger.LineFilter{Account: provisionForFX, To: date})
	if err != nil {
		return err
	}
	held := currency.Zero(loss.Currency())  // all provisions standing at date
	prior := currency.Zero(loss.Currency()) // those of earlier fiscal years
	var thisYear []journal.ID
	for _, l := range lines {
		e, err := w.entry(l.Ref.Entry)
		if err != nil {
			return err
		}
		if e.Type != journal.TypeRevaluation || e.IsReversal() {
			continue
		}
		if _, reversed, err := w.t.ReversedBy(e.ID); err != nil {
			return err
		} else if reversed {
			continue
		}
		held = mustAdd(held, l.Line.Balance.Neg())
		if e.Date.Before(fy.Start) {
			prior = mustAdd(prior, l.Line.Balance.Neg())
		} else if !slices.Contains(thisYear, e.ID) {
			thisYear = append(thisYear, e.ID)
		}
	}
	if held.Equal(loss) {
		return nil
	}
	for _, id := range thisYear {
		rev, _, err := w.t.Reverse(id, ledger.ReverseOptions{Date: date})
		if err != nil {
			return err
		}
		w.res.Entries = append(w.res.Entries, rev)
	}
	change, err := loss.Sub(prior)
	if err != nil {
		return fmt.Errorf("%w: the provision for unrealised losses is more than an amount holds: check the closing rates: %v", ErrAmount, err)
	}
	if change.IsZero() {
		return nil
	}
	label, against := w.r.cfg.Labels.Provision, provisionExpense
	if change.Sign() < 0 {
		label, against = w.r.cfg.Labels.ProvisionTakenBack, provisionTakenBack
	}
	e := journal.Entry{Journal: jrnl, Date: date, Type: journal.TypeRevaluation, Label: label, Origin: w.op,
		Lines: []journal.Line{
			{Account: against, Label: label, Balance: change},
			{Account: provisionForFX, Label: label, Balance: change.Neg()},
		}}
	posted, _, err := w.wr.PostGenerated(e)
	if errors.Is(err, journal.ErrAmountTooLarge) {
		return fmt.Errorf("%w: the provision for unrealised losses is more than an entry holds: check the closing rates: %w", ErrAmount, err)
	} else if err != nil {
		return err
	}
	w.res.Entries = append(w.res.Entries, posted)
	return nil
}

// revaluationGroup is the open foreign items of one partner on one account
// in one currency.
type revaluationGroup struct {
	account, partner string
	cur              currency.Currency
	rate             currency.Rate
	// foreign is the items' residual in cur, book their residual in the
	// company currency, revalued the part of book that revaluations
	// already posted for the date (a second run, or one at a corrected
	// rate) hold.
	foreign, book, revalued currency.Amount
	// loss and gain are what those revaluations hold on 476000 (a debit,
	// ≥ 0) and on 477000 (a credit, ≥ 0).
	loss, gain currency.Amount
	// gross is the items' value at the closing rate less their book value
	// before any revaluation at the date: the unrealised gain or loss.
	gross currency.Amount
	// lossTo and gainTo are gross split by item (≥ 0 each, gainTo − lossTo
	// = gross): the losses of some items are no gains of others. 476000
	// holds every loss and 477000 every gain, gross, as the French chart
	// has them (no set-off of unrealised losses against gains), and the
	// provision covers every loss.
	lossTo, gainTo currency.Amount
	// diff is what remains to post: gross less the revaluations already
	// posted for the date.
	diff currency.Amount
	// counted are the revaluation entries whose loss and gain are counted.
	counted []journal.ID
	// noRate: no closing rate is known for the currency (lenient
	// revaluationGroups); the group is not valued.
	noRate bool
}

// revaluationGroups are the groups of items open on account at rv.Date,
// by partner and currency, valued at rv's rates (or, for a currency
// without one, the book's on the date). A currency with no rate either
// way is refused (ErrAmount), or, lenient, makes groups marked noRate and
// left unvalued.
func (w *work) revaluationGroups(account string, rv Revaluation, lenient bool) ([]revaluationGroup, error) {
	company := w.t.Book().Currency()
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
		k := o.Partner + "\x00" + cur.Code()
		g, ok := byKey[k]
		if !ok {
			rate, ok := rv.Rates[cur.Code()]
			noRate := false
			if rv.Undo {
				rate = currency.Rate{} // the items' own book value: no rate
			} else if !ok {
				if rate, _, err = w.t.Rate(cur, rv.Date); err != nil && !lenient {
					return nil, fmt.Errorf("%w: no closing rate for %s: %v", ErrAmount, cur.Code(), err)
				}
				noRate = err != nil
			}
			g = &revaluationGroup{account: account, partner: o.Partner, cur: cur, rate: rate, noRate: noRate, foreign: currency.Zero(cur),
				book: currency.Zero(company), revalued: currency.Zero(company), loss: currency.Zero(company), gain: currency.Zero(company),
				lossTo: currency.Zero(company), gainTo: currency.Zero(company)}
			byKey[k] = g
			keys = append(keys, k)
		}
		e, err := w.entry(o.Ref.Entry)
		if err != nil {
			return nil, err
		}
		// The closing rate is the caller's: the sums it makes are checked.
		g.foreign, err = g.foreign.Add(o.Residual.AmountCurrency)
		if err == nil {
			g.book, err = g.book.Add(o.Residual.Balance)
		}
		if err == nil && e.Type != journal.TypeRevaluation && !rv.Undo {
			err = g.addItemSide(o.Residual, company, w.t.Book().Rounding())
		}
		if err == nil && e.Type == journal.TypeRevaluation { // what a closing already moved is no gain or loss of the items
			g.revalued, err = g.revalued.Add(o.Residual.Balance)
			// Its 476000 and 477000 lines once, though it may have a
			// partner line per side.
			counted := slices.Contains(g.counted, e.ID)
			g.counted = append(g.counted, e.ID)
			for _, l := range e.Lines {
				switch {
				case err != nil || counted:
				case l.Account == unrealisedLoss:
					g.loss, err = g.loss.Add(l.Balance)
				case l.Account == unrealisedGain:
					g.gain, err = g.gain.Sub(l.Balance)
				}
			}
		}
		if err != nil {
			return nil, fmt.Errorf("%w: the open items in %s of %s on %s are more than an amount holds: %v",
				ErrAmount, cur.Code(), o.Partner, account, err)
		}
	}
	slices.Sort(keys)
	out := make([]revaluationGroup, len(keys))
	for i, k := range keys {
		g := byKey[k]
		if g.noRate {
			out[i] = *g
			continue
		}
		// The partner's items are valued together, rounded once: rounding
		// each item first would leave the partner's balance at a value no
		// closing rate gives (3 × 1.00 USD at 3 is 1.00, not 3 × 0.33).
		var value currency.Amount
		if rv.Undo {
			value, err = g.book.Sub(g.revalued) // cannot overflow: both are sums of lines
		} else {
			value, err = fits(g.rate.ToCompany(g.foreign, company, w.t.Book().Rounding()))
		}
		if err != nil {
			return nil, fmt.Errorf("closing rate %s of %s, %s on %s: %w", g.rate, g.cur.Code(), g.partner, account, err)
		}
		g.diff, err = value.Sub(g.book)
		if err == nil {
			g.gross, err = g.diff.Add(g.revalued)
		}
		if err == nil {
			err = g.splitRounding()
		}
		if err != nil {
			return nil, fmt.Errorf("%w: at the closing rate %s, the open items in %s of %s on %s are worth more than an amount holds: %v",
				ErrAmount, g.rate, g.cur.Code(), g.partner, account, err)
		}
		out[i] = *g
	}
	return out, nil
}

// holds reports whether the revaluations posted for the group's date
// hold what its items need: nothing to move, and its losses and gains
// where they are.
func (g *revaluationGroup) holds() bool {
	return g.diff.IsZero() && g.lossTo.Equal(g.loss) && g.gainTo.Equal(g.gain)
}

// addItemSide adds an open item's own difference at the closing rate to
// its side, gainTo or lossTo. Rounded alone, it says on which side the
// item stands; the rounding of the sum is the partner's (splitRounding).
func (g *revaluationGroup) addItemSide(r ledger.Residual, company currency.Currency, rounding currency.Rounding) error {
	v, err := fits(g.rate.ToCompany(r.AmountCurrency, company, rounding))
	if err != nil {
		return err
	}
	d, err := v.Sub(r.Balance)
	switch {
	case err != nil:
	case d.Sign() < 0:
		g.lossTo, err = g.lossTo.Sub(d)
	default:
		g.gainTo, err = g.gainTo.Add(d)
	}
	return err
}

// splitRounding makes gainTo − lossTo = gross: the items rounded one by one
// may differ from their sum rounded once by a few cents, which go to the
// larger side (to the other when they would take it below zero).
func (g *revaluationGroup) splitRounding() error {
	net, err := g.gainTo.Sub(g.lossTo)
	if err != nil {
		return err
	}
	eps, err := g.gross.Sub(net)
	if err != nil || eps.IsZero() {
		return err
	}
	if mustCmp(g.gainTo, g.lossTo) >= 0 {
		g.gainTo = mustAdd(g.gainTo, eps)
	} else {
		g.lossTo = mustSub(g.lossTo, eps)
	}
	switch {
	case g.gainTo.Sign() < 0:
		g.lossTo, g.gainTo = mustSub(g.lossTo, g.gainTo), currency.Zero(g.gainTo.Currency())
	case g.lossTo.Sign() < 0:
		g.gainTo, g.lossTo = mustSub(g.gainTo, g.lossTo), currency.Zero(g.lossTo.Currency())
	}
	return nil
}

// postRevaluation posts one group's revaluation, its reversal the next day,
// and letters the two partner lines together. 476000 and 477000 end at the
// group's unrealised loss or gain: what an earlier run at the date booked
// on the other side is taken back from there, since a loss that is no
// longer there is no gain, nor a gain a loss.
func (w *work) postRevaluation(jrnl string, date journal.Date, g revaluationGroup) error {
	toLoss, err := g.lossTo.Sub(g.loss) // a debit on 476000
	if err != nil {
		return err
	}
	toGain, err := g.gain.Sub(g.gainTo) // a credit on 477000, signed as a balance
	if err != nil {
		return err
	}
	zero := currency.Zero(g.cur)
	counters := []journal.Line{
		{Account: unrealisedLoss, Label: w.r.cfg.Labels.Revaluation, Balance: toLoss, AmountCurrency: zero},
		{Account: unrealisedGain, Label: w.r.cfg.Labels.Revaluation, Balance: toGain, AmountCurrency: zero},
	}
	if g.diff.Sign() > 0 { // the account the difference goes to comes first
		counters[0], counters[1] = counters[1], counters[0]
	}
	e := journal.Entry{Journal: jrnl, Date: date, Type: journal.TypeRevaluation, Currency: g.cur,
		Label: w.r.cfg.Labels.Revaluation + " " + g.cur.Code(), Origin: w.op,
		Lines: []journal.Line{{Account: g.account, Partner: g.partner, Label: w.r.cfg.Labels.Revaluation, Balance: g.diff, AmountCurrency: zero}}}
	if g.diff.IsZero() {
		// Losses and gains that cancel out on the partner's account: a
		// line for each side, since an entry has no line of zero.
		e.Lines = e.Lines[:0]
		for _, c := range counters {
			if !c.Balance.IsZero() {
				e.Lines = append(e.Lines, journal.Line{Account: g.account, Partner: g.partner, Label: w.r.cfg.Labels.Revaluation,
					Balance: c.Balance.Neg(), AmountCurrency: zero})
			}
		}
	}
	for _, l := range counters {
		if !l.Balance.IsZero() {
			e.Lines = append(e.Lines, l)
		}
	}
	posted, _, err := w.wr.PostGenerated(e)
	if errors.Is(err, journal.ErrAmountTooLarge) {
		return fmt.Errorf("%w: the revaluation of %s's items in %s on %s is more than an entry holds: check the closing rate: %w",
			ErrAmount, g.partner, g.cur.Code(), g.account, err)
	} else if err != nil {
		return err
	}
	w.res.Entries = append(w.res.Entries, posted)
	if g.rate.IsZero() { // taken back (Undo): no closing rate values the items
		return w.reverseAndLetter(posted.ID, date.AddDays(1))
	}
	// The rate goes with the entry: an aged balance at the closing values
	// each bucket of the group at it, which the entry's amount alone does
	// not give (round(F / rate) names no single rate).
	data, err := json.Marshal(revaluationRateRec{Currency: g.cur.Code(), Rate: g.rate.String()})
	if err != nil {
		return err
	}
	if err := w.wr.AppendEvent(posted.ID, revaluationRateEvent, data); err != nil {
		return err
	}
	return w.reverseAndLetter(posted.ID, date.AddDays(1))
}

// revaluationRateEvent is the kind of the event Revalue records on each
// revaluation entry it posts: the closing rate of its currency.
const revaluationRateEvent = "revaluation_rate"

// revaluationRateRec is the payload of a revaluationRateEvent.
type revaluationRateRec struct {
	Currency string `json:"currency"`
	Rate     string `json:"rate"`
}

// revaluationRates returns the closing rates of cur recorded on a
// revaluation entry, the last recorded first: none for an entry posted by
// hand or by a version of Revalue that did not record them.
func revaluationRates(t *ledger.Tx, entry journal.ID, cur currency.Currency) ([]currency.Rate, error) {
	evs, err := t.Events(entry)
	if err != nil {
		return nil, err
	}
	var out []currency.Rate
	for _, ev := range slices.Backward(evs) {
		if ev.Kind != revaluationRateEvent {
			continue
		}
		var rec revaluationRateRec
		if err := json.Unmarshal(ev.Data, &rec); err != nil {
			return nil, fmt.Errorf("%w: the revaluation rate of %s: %v", ledger.ErrFormat, entry, err)
		}
		if rec.Currency != cur.Code() {
			continue
		}
		rate, err := currency.ParseRate(rec.Rate)
		if err != nil {
			return nil, fmt.Errorf("%w: the revaluation rate of %s: %v", ledger.ErrFormat, entry, err)
		}
		out = append(out, rate)
	}
	return out, nil
}

// RevaluedItem is one line of the revaluation report: what a closing moved
// for one partner, account and currency.
type RevaluedItem struct {
	Entry      string            // "OD/2026/00012"
	Date       journal.Date      // the revaluation entry's date, the closing date
	Account    string            // the receivable or payable account revalued
	Partner    string            // the partner whose items moved
	Currency   currency.Currency // the items' foreign currency
	Difference currency.Amount   // + raises the item's company value, − lowers it
	Against    string            // 476000 (unrealised loss) or 477000 (unrealised gain): the first the entry has
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
				Currency: e.Lines[0].AmountCurrency.Currency(), Difference: currency.Zero(t.Book().Currency())}
			for _, l := range e.Lines {
				if l.Account == item.Account {
					item.Difference = mustAdd(item.Difference, l.Balance)
				} else if item.Against == "" {
					item.Against = l.Account
				}
			}
			if e.Lines[1].Account == provisionForFX {
				item = RevaluedItem{Entry: e.Name(), Date: e.Date, Account: provisionForFX, Currency: t.Book().Currency(),
					Difference: e.Lines[1].Balance, Against: e.Lines[0].Account}
			}
			out = append(out, item)
		}
		slices.SortFunc(out, func(a, b RevaluedItem) int { return strings.Compare(a.Entry, b.Entry) })
		return nil
	})
	return out, err
}

// putPartial records a partial the lettering makes, once checkRevalued
// lets it.
func (w *work) putPartial(p journal.Partial) (journal.Partial, error) {
	if err := w.checkRevalued(p, "lettered"); err != nil {
		return journal.Partial{}, err
	}
	return w.wr.PutPartial(p)
}

// checkRevalued refuses a partial, to put or to undo (how says which),
// dated on or before a closing that revalued one of its lines' account:
// a foreign item of a receivable or payable account, posted before the
// revaluations of the closing that still stand (not taken back by
// Revalue with Undo) — the partner's own, Revalue's or posted by hand,
// or, where the closing posted none for the partner (its items settled
// then), Revalue's for the other partners of the account, unless the
// item is at the closing rate already (movedByClosing). Settled or
// reopened at the closing after the closing was revalued, the item would
// leave the revaluation of a debt gone, or of another amount, or a debt
// not revalued, on the balance sheet at that date, and the partner's
// account with it. The revaluation's own lines (lettered with their
// reversal) are not checked, nor closings on or before a lock date.
func (w *work) checkRevalued(p journal.Partial, how string) error {
	company := w.t.Book().Currency()
	// Both lines in the company currency (most letterings): nothing a
	// closing revalues, and no entry to read.
	inCompany := func(a currency.Amount) bool { return a.IsSet() && a.Currency() == company }
	if inCompany(p.DebitAmountCurrency) && inCompany(p.CreditAmountCurrency) {
		return nil
	}
	for _, ref := range [2]journal.LineRef{p.Debit, p.Credit} {
		e, err := w.sharedEntry(ref.Entry)
		if err != nil {
			return err
		}
		if e.Type == journal.TypeRevaluation || ref.Index < 0 || ref.Index >= len(e.Lines) {
			continue // the ledger refuses a line that is not
		}
		l := &e.Lines[ref.Index]
		cur := l.AmountCurrency.Currency()
		if cur == company || l.Partner == "" {
			continue
		}
		found, err := w.revaluationsFrom(l.Account, l.Partner, p.Date)
		if err != nil {
			return err
		}
		closings, err := w.revaluationsFrom(l.Account, "", p.Date)
		if err != nil {
			return err
		}
		if len(found) == 0 && len(closings) == 0 {
			continue
		}
		locks, err := w.t.LockDates()
		if err != nil {
			return err
		}
		for _, s := range found {
			if s.cur != cur || !s.guards(e, locks) {
				continue
			}
			return fmt.Errorf("%w: %s (%s of %s on %s), %s on %s, was revalued by %s on %s, which still stands: "+
				"date the lettering after %s, or take the revaluation back first (Revalue for %s with Undo), letter, and run Revalue for %s again",
				ErrRevalued, e.Name(), cur.Code(), l.Partner, l.Account, how, p.Date, s.last.Name(), s.date, s.date, s.date, s.date)
		}
		for _, s := range closings {
			if !s.guards(e, locks) {
				continue
			}
			if moved, err := w.movedByClosing(s, l); err != nil {
				return err
			} else if !moved {
				continue
			}
			return fmt.Errorf("%w: %s (%s of %s on %s), %s on %s, would change the foreign items of %s that the closing of %s revalued (%s), which still stands: "+
				"date the lettering after %s, or take the revaluation back first (Revalue for %s with Undo), letter, and run Revalue for %s again",
				ErrRevalued, e.Name(), cur.Code(), l.Partner, l.Account, how, p.Date, l.Account, s.date, s.last.Name(), s.date, s.date, s.date)
		}
	}
	return nil
}

// revaluationAt is what the revaluations posted on one date hold for one
// partner, account and currency, or for one account (every partner and
// currency).
type revaluationAt struct {
	date journal.Date
	cur  currency.Currency // none for an account's
	// last is the last of them posted: it counted every item posted
	// before it.
	last *journal.Entry
	// standing is false when they sum to nothing: on the partner's
	// account (or the account), on 476000 and on 477000 (taken back by
	// Revalue with Undo).
	standing bool
	// sums are those three sums, while they are added up.
	sums [3]currency.Amount
	// entries are, for an account's, the revaluation entries of the date.
	entries []journal.ID
}

// movedByClosing reports whether the closing s, revalued for l's account
// though not for l's partner, would have moved l: whether l is worth, at
// the closing rate of its currency (the one the closing recorded, else
// the book's on the date), other than its book value. A line already at
// that rate changes nothing the closing revalued, settled or reopened.
func (w *work) movedByClosing(s revaluationAt, l *journal.Line) (bool, error) {
	cur := l.AmountCurrency.Currency()
	var rate currency.Rate
	for _, id := range s.entries {
		rates, err := revaluationRates(w.t, id, cur)
		if err != nil {
			return false, err
		}
		if len(rates) > 0 {
			rate = rates[0]
			break
		}
	}
	if rate.IsZero() {
		r, _, err := w.t.Rate(cur, s.date)
		if errors.Is(err, ledger.ErrNoRate) {
			return false, nil // no closing rate for cur: the closing revalued none of its items
		} else if err != nil {
			return false, err
		}
		rate = r
	}
	v, err := rate.ToCompany(l.AmountCurrency, w.t.Book().Currency(), w.t.Book().Rounding())
	if err != nil {
		return true, nil // beyond an amount at the closing rate: not at its book value
	}
	return !v.Equal(l.Balance), nil
}

// guards reports whether the revaluations s forbid lettering or
// unlettering, on or before their date, a line of the entry e: they
// stand, were posted after e, and their date is after the lock dates. A
// closing on or before a lock date is final: it can be neither taken
// back nor run again, and what is lettered or unlettered under it moves
// no balance of its period (the entries it generates go past the lock).
func (s *revaluationAt) guards(e *journal.Entry, locks ledger.LockDates) bool {
	return s.standing && s.last.Seq > e.Seq && s.date.After(locks.General) && s.date.After(locks.Closed)
}

// revaluedKey names a read of revaluationsFrom.
type revaluedKey struct {
	account, partner string
	from             journal.Date
}

// revaluationsFrom returns the revaluations posted on account for
// partner dated from on, by date then currency: the entries of type
// revaluation, Revalue's and those posted by hand (as Undo takes them
// back), less those reversed on their own date. For partner "", it
// returns the account's, by date, of the entries that move 476000 or
// 477000 (those Revalue posts). The operation keeps what it read, as it
// letters the same partner's lines many times.
func (w *work) revaluationsFrom(account, partner string, from journal.Date) ([]revaluationAt, error) {
	k := revaluedKey{account, partner, from}
	if out, ok := w.revalued[k]; ok {
		return out, nil
	}
	var lines []ledger.LineItem
	if partner != "" {
		var err error
		if lines, err = w.t.Lines(ledger.LineFilter{Account: account, Partner: partner, From: from}); err != nil {
			return nil, err
		}
	} else {
		for _, a := range [2]string{unrealisedLoss, unrealisedGain} {
			ls, err := w.t.Lines(ledger.LineFilter{Account: a, From: from})
			if err != nil {
				return nil, err
			}
			lines = append(lines, ls...)
		}
	}
	var out []revaluationAt
	var counted []journal.ID
	for _, it := range lines {
		e, err := w.sharedEntry(it.Ref.Entry)
		if err != nil {
			return nil, err
		}
		if e.Type != journal.TypeRevaluation || slices.Contains(counted, e.ID) || slices.Contains(w.stepRevaluations, e.ID) {
			continue
		}
		if e.ReversalOf != journal.NoID {
			// Revalue's reversal, the next day, leaves its closing
			// revalued; a reversal the same day cancels its revaluation,
			// as Undo would.
			o, err := w.sharedEntry(e.ReversalOf)
			if err != nil {
				return nil, err
			}
			if o.Type != journal.TypeRevaluation || o.Date != e.Date {
				continue
			}
		}
		counted = append(counted, e.ID)
		var cur currency.Currency
		if partner != "" {
			cur = it.Line.AmountCurrency.Currency()
		} else if !slices.ContainsFunc(e.Lines, func(l journal.Line) bool { return l.Account == account }) {
			continue // another account's
		}
		i := slices.IndexFunc(out, func(s revaluationAt) bool { return s.date == e.Date && s.cur == cur })
		if i < 0 {
			zero := currency.Zero(w.t.Book().Currency())
			out = append(out, revaluationAt{date: e.Date, cur: cur, sums: [3]currency.Amount{zero, zero, zero}})
			i = len(out) - 1
		}
		s := &out[i]
		if s.last == nil || e.Seq > s.last.Seq {
			s.last = e
		}
		if partner == "" {
			s.entries = append(s.entries, e.ID)
		}
		for _, l := range e.Lines {
			j := 0
			switch {
			case l.Account == unrealisedLoss:
				j = 1
			case l.Account == unrealisedGain:
				j = 2
			case l.Account != account || partner != "" && l.Partner != partner:
				continue
			}
			if s.sums[j], err = s.sums[j].Add(l.Balance); err != nil {
				return nil, fmt.Errorf("%w: the revaluations of %s on %s on %s are more than an amount holds: %v", ErrAmount, partner, account, e.Date, err)
			}
		}
	}
	for i := range out {
		out[i].standing = slices.ContainsFunc(out[i].sums[:], func(a currency.Amount) bool { return !a.IsZero() })
	}
	if w.revalued == nil {
		w.revalued = map[revaluedKey][]revaluationAt{}
	}
	w.revalued[k] = out
	return out, nil
}
