package reconcile

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cockroachdb/apd/v3"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// PenaltyRateMax is the highest annual rate of late-payment penalties
// accepted, in percent: a rate above it is a slip (0.1215 typed as
// 1215), not terms a court would uphold.
const PenaltyRateMax = 100

// penaltyYearDays is the year the annual rate is counted on: the days late
// are counted exactly, on a year of 365 days, as French practice counts
// late-payment interest.
const penaltyYearDays = 365

// noTermsDays is the payment term of an invoice line without a due date
// whose customer has no payment terms either: without agreed terms,
// payment is due on the 30th day after the goods were received or the
// service performed (Code de commerce L441-10 I), counted here from the
// invoice's date.
const noTermsDays = 30

// dueWithoutDate is when an invoice of date, whose line names no due date,
// falls due, for its penalties and its reminders alike: on the customer's
// payment terms (ledger.Partner.Terms), or, when it has none, noTermsDays
// after it for a professional and on the invoice's date for a consumer —
// L441-10's term binds professionals only, and a consumer's debt with no
// term agreed is due at once (Code civil art. 1651).
func dueWithoutDate(p *ledger.Partner, date journal.Date) journal.Date {
	switch terms := p.Terms(); {
	case terms.Due != (journal.DueRule{}):
		return terms.Due.Due(date)
	case p.Consumer:
		return date
	}
	return date.AddDays(noTermsDays)
}

// itemDue is when a customer's open item falls due: its line's due date;
// for an invoice line without one, dueWithoutDate; for another line
// without one (an opening balance or miscellaneous entry carrying a debt
// forward, whose invoice's date it does not know), its entry's date.
func itemDue(p *ledger.Partner, typ journal.EntryType, date, due journal.Date) journal.Date {
	switch {
	case !due.IsZero():
		return due
	case typ == journal.TypeInvoice:
		return dueWithoutDate(p, date)
	}
	return date
}

// penaltyContext multiplies amounts, days and rates exactly; the one
// division (by the year, per invoice) rounds with the book's rounding.
var penaltyContext = func() *apd.Context {
	c := apd.BaseContext.WithPrecision(80)
	c.Traps |= apd.Inexact
	return c
}()

// PenaltyQuery asks which late-payment penalties (pénalités de retard) and
// recovery indemnities (indemnité forfaitaire pour frais de
// recouvrement) customers owe at a date (Code de commerce L441-10 and
// D441-5).
type PenaltyQuery struct {
	// At is the date the penalties are counted to: what is still open at
	// its end counts the days to At.
	At journal.Date
	// Rate is the annual rate of the penalties in percent: 12.15 is
	// 12,15 % a year (the ECB's refinancing rate plus 10 points, say).
	// From 0 (the indemnity alone) to PenaltyRateMax; nil is refused.
	Rate *apd.Decimal
	// Indemnity is the recovery indemnity claimed once per invoice paid
	// late, in the company currency; unset means 40,00 EUR, a zero amount
	// claims none.
	Indemnity currency.Amount
	// Partners, when given, limits the query to these customers, each of
	// which the book must know; none means every customer.
	Partners []string
	// Account is the receivable account; empty means Config.Receivable
	// (411000).
	Account string
	// Exclude are invoices left out: those in dispute, say.
	Exclude []journal.ID
}

// PenaltySlice is a part of an invoice line that was late, and for how
// long: the days from the day after From to To, both counted.
type PenaltySlice struct {
	Line    int             // the index of the invoice's line (its instalment)
	DueDate journal.Date    // the line's due date; without one, by the customer's terms or the invoice's date + 30 days (as Dunning counts it)
	Amount  currency.Amount // the part, in the invoice's currency
	// From is the due date, or a later day when the days before it were
	// invoiced already; To is the day the part was paid, or the query's
	// date for what is still open then. A day invoiced in part is a slice
	// of one day of the part not invoiced.
	From, To journal.Date
	Days     int // the days counted, > 0
}

// LatePenalty is what one invoice paid late owes at a date.
type LatePenalty struct {
	Invoice   journal.ID   // the invoice's entry
	Number    string       // the entry's number: "VT/2026/00042"
	Reference string       // the document's own number ("FA-210")
	Date      journal.Date // the invoice's date
	// Through is the latest date penalties of the invoice were invoiced
	// at; zero when none were.
	Through journal.Date
	// Slices are the late parts not invoiced yet, by line then date.
	Slices []PenaltySlice
	// PenaltyCurrency is the penalties in the invoice's currency: the sum
	// over the slices of amount × rate × days / 365, rounded once for the
	// invoice (the slices are not rounded one by one). Penalty is the same
	// in the company currency, at the book's rate of the query's date for
	// a foreign-currency invoice.
	Penalty, PenaltyCurrency currency.Amount
	// Indemnity is the recovery indemnity the invoice owes, in the company
	// currency: zero when it was invoiced already or none is claimed.
	Indemnity currency.Amount
}

// PenaltyRow is what one customer owes for late payment at a date.
type PenaltyRow struct {
	Partner string        // the customer's code
	Name    string        // the customer's name
	Account string        // the receivable account
	Items   []LatePenalty // the invoices that owe something, by date then number
	// Penalties, Indemnities and Total (their sum) are in the company
	// currency.
	Penalties, Indemnities, Total currency.Amount
}

// Penalties is what customers owe for late payment at a date.
type Penalties struct {
	At   journal.Date // the date they are counted to
	Rows []PenaltyRow // the customers that owe something, by code
	// Penalties, Indemnities and Total sum the rows', in the company
	// currency.
	Penalties, Indemnities, Total currency.Amount
}

// LatePenalties returns the late-payment penalties and recovery
// indemnities customers owe at q.At, per customer invoice on the
// receivable account paid after its due date or still open and overdue.
// Each line of an invoice (each instalment of its terms) counts on its own
// due date, a line without one being due on the customer's payment terms
// (ledger.Partner.Terms) counted from the invoice's date, or on the 30th
// day after it when the customer has none (the legal term when none was
// agreed): a part paid on day
// P counts the days from the day after the due date to P, what is still
// open at the end of q.At counts to q.At; a payment dated after q.At does
// not count yet. The parts are read from the
// invoice's lettering as it stands when asked, whatever was lettered or
// unlettered since penalties were last invoiced.
//
// A credit note or a reversal lettered with an invoice corrects it: the
// part it credits, whatever its date, was never owed and counts no days,
// not even up to the credit note's; an invoice credited in full owes
// nothing. An invoice written off as a bad debt (WriteOffBadDebt), or
// whose debt was moved to doubtful customers (MoveToDoubtful), is left
// out, the penalties of its days before the move too: nothing more is
// claimed of an insolvent customer, nor of one in dispute or in a
// collective procedure, whose debt is claimed there. A consumer
// (ledger.Partner.Consumer) owes neither penalties nor indemnity: they are
// due between professionals only, and its rows are left out, even when
// q.Partners names it.
//
// What InvoicePenalties invoiced for an invoice is taken off: the parts ×
// days its penalty invoices that stand counted, from the earliest days on,
// and the indemnity. What remains is never below zero: when the lettering
// now counts fewer days than were invoiced, nothing more is owed and
// nothing is credited back. Reversing a penalty invoice (Reverse) makes
// what it invoiced count again. The penalties are what remains × q.Rate /
// 365, rounded to the cent once per invoice in its currency, then brought
// to the company currency at the book's rate of q.At. The indemnity is due
// once per invoice paid late, never twice. Only invoices count: credit
// notes, payments, opening balances, cancelled invoices and the penalty
// invoices themselves owe none.
//
// It returns journal.ErrNoDate without a date, ErrPenaltyRate for a rate
// missing, negative or above PenaltyRateMax, ErrAmount for an indemnity
// negative or in another currency than the company's (or left unset in a
// book whose currency is not the euro), ErrScope for an account that is
// not a reconcilable receivable account, or for an empty partner code or
// one the book does not know (wrapping ledger.ErrUnknownPartner),
// ledger.ErrNoRate when a foreign invoice's currency has no rate at
// q.At, or the book's read errors.
func (r *Reconciler) LatePenalties(ctx context.Context, q PenaltyQuery) (Penalties, error) {
	var out Penalties
	err := r.book.View(ctx, func(t *ledger.Tx) error {
		var err error
		out, err = latePenalties(ctx, t, &r.cfg, q)
		return err
	})
	if err != nil {
		return Penalties{}, err
	}
	return out, nil
}

// penaltyTerms checks a query's rate and indemnity and returns the rate as
// a fraction of 1 a year and the indemnity to claim.
func penaltyTerms(q *PenaltyQuery, company currency.Currency) (*apd.Decimal, currency.Amount, error) {
	if q.At.IsZero() {
		return nil, currency.Amount{}, fmt.Errorf("%w: penalties need the date they are counted to (PenaltyQuery.At)", journal.ErrNoDate)
	}
	if q.Rate == nil {
		return nil, currency.Amount{}, fmt.Errorf("%w: no rate: give the annual rate in percent (12.15 for 12,15 %%)", ErrPenaltyRate)
	}
	if q.Rate.Form != apd.Finite || q.Rate.Sign() < 0 || q.Rate.Cmp(apd.New(PenaltyRateMax, 0)) > 0 {
		return nil, currency.Amount{}, fmt.Errorf("%w: %s %%: give the annual rate in percent, from 0 to %d (12.15 for 12,15 %%)",
			ErrPenaltyRate, q.Rate.Text('f'), PenaltyRateMax)
	}
	indemnity := q.Indemnity
	if !indemnity.IsSet() {
		eur := currency.MustLookup("EUR")
		if company != eur {
			return nil, currency.Amount{}, fmt.Errorf("%w: the company keeps its books in %s: give the recovery indemnity in %s, or zero for none",
				ErrAmount, company, company)
		}
		indemnity = currency.FromMinor(eur, 4000)
	}
	if indemnity.Currency() != company || indemnity.Sign() < 0 {
		return nil, currency.Amount{}, fmt.Errorf("%w: recovery indemnity %s: give it in %s, zero or more",
			ErrAmount, indemnity, company)
	}
	return new(apd.Decimal).Set(q.Rate), indemnity, nil
}

// latePenalties is LatePenalties in t.
func latePenalties(ctx context.Context, t *ledger.Tx, cfg *Config, q PenaltyQuery) (Penalties, error) {
	company := t.Book().Currency()
	rate, indemnity, err := penaltyTerms(&q, company)
	if err != nil {
		return Penalties{}, err
	}
	account := cmp.Or(q.Account, cfg.Receivable)
	if err := dunningAccount(t, account); err != nil {
		return Penalties{}, err
	}
	partners := slices.Clone(q.Partners)
	slices.Sort(partners)
	partners = slices.Compact(partners)
	for _, p := range partners {
		if p == "" {
			return Penalties{}, fmt.Errorf("%w: an empty partner code; name customers, or none for all", ErrScope)
		}
		if _, err := t.Partner(p); err != nil {
			return Penalties{}, fmt.Errorf("%w: %w", ErrScope, err)
		}
	}
	if len(partners) == 0 {
		for after := ""; ; {
			page, err := t.AccountPartners(account, after, 0)
			if err != nil {
				return Penalties{}, err
			}
			if len(page) == 0 {
				break
			}
			partners = append(partners, page...)
			after = page[len(page)-1]
		}
		partners = slices.DeleteFunc(partners, func(p string) bool { return p == "" })
	}
	exclude := map[journal.ID]bool{}
	for _, id := range q.Exclude {
		exclude[id] = true
	}
	out := Penalties{At: q.At, Penalties: currency.Zero(company), Indemnities: currency.Zero(company), Total: currency.Zero(company)}
	for _, p := range partners {
		if err := ctx.Err(); err != nil {
			return Penalties{}, err
		}
		row, err := penaltyRow(t, cfg, account, p, q.At, rate, indemnity, exclude)
		if err != nil {
			return Penalties{}, err
		}
		if len(row.Items) == 0 {
			continue
		}
		out.Rows = append(out.Rows, row)
		out.Penalties = mustAdd(out.Penalties, row.Penalties)
		out.Indemnities = mustAdd(out.Indemnities, row.Indemnities)
		out.Total = mustAdd(out.Total, row.Total)
	}
	return out, nil
}

// penaltyRow is one customer's row of a penalty query.
func penaltyRow(t *ledger.Tx, cfg *Config, account, partner string, at journal.Date, rate *apd.Decimal,
	indemnity currency.Amount, exclude map[journal.ID]bool) (PenaltyRow, error) {
	company := t.Book().Currency()
	p, err := t.Partner(partner)
	if err != nil {
		return PenaltyRow{}, err
	}
	row := PenaltyRow{Partner: partner, Name: p.Name, Account: account, Penalties: currency.Zero(company),
		Indemnities: currency.Zero(company), Total: currency.Zero(company)}
	if p.Consumer {
		// L441-10's penalties and indemnity are due between
		// professionals only.
		return row, nil
	}
	lines, err := t.Lines(ledger.LineFilter{Account: account, Partner: partner, To: at})
	if err != nil {
		return PenaltyRow{}, err
	}
	var order []journal.ID
	byEntry := map[journal.ID][]int{}
	for _, l := range lines {
		if lineSign(&l.Line) <= 0 || exclude[l.Ref.Entry] {
			continue
		}
		if _, ok := byEntry[l.Ref.Entry]; !ok {
			order = append(order, l.Ref.Entry)
		}
		byEntry[l.Ref.Entry] = append(byEntry[l.Ref.Entry], l.Ref.Index)
	}
	for _, id := range order {
		lp, ok, err := latePenalty(t, cfg, &p, id, byEntry[id], at, rate, indemnity)
		if err != nil {
			return PenaltyRow{}, err
		}
		if !ok {
			continue
		}
		row.Items = append(row.Items, lp)
		row.Penalties = mustAdd(row.Penalties, lp.Penalty)
		row.Indemnities = mustAdd(row.Indemnities, lp.Indemnity)
	}
	row.Total = mustAdd(row.Penalties, row.Indemnities)
	slices.SortStableFunc(row.Items, func(a, b LatePenalty) int {
		if c := cmp.Compare(a.Date.Key(), b.Date.Key()); c != 0 {
			return c
		}
		return cmp.Compare(a.Number, b.Number)
	})
	return row, nil
}

// latePenalty is what invoice id owes for its debit lines idx paid late,
// and whether it owes anything: false for an entry that is no invoice
// owing penalties.
func latePenalty(t *ledger.Tx, cfg *Config, p *ledger.Partner, id journal.ID, idx []int, at journal.Date, rate *apd.Decimal,
	indemnity currency.Amount) (LatePenalty, bool, error) {
	e, err := booktx.Entry(t, id)
	if err != nil {
		return LatePenalty{}, false, err
	}
	if e.Type != journal.TypeInvoice || e.DocKind != journal.DocNormal || e.ReversalOf != journal.NoID {
		return LatePenalty{}, false, nil
	}
	if _, reversed, err := t.ReversedBy(id); err != nil || reversed {
		return LatePenalty{}, false, err
	}
	inv, err := penaltiesInvoiced(t, id, at)
	if err != nil {
		return LatePenalty{}, false, err
	}
	company := t.Book().Currency()
	lp := LatePenalty{Invoice: id, Number: e.Name(), Reference: e.Ref, Date: e.Date, Through: inv.through}
	late := false
	cur := company
	var all []PenaltySlice
	for _, i := range idx {
		l := &e.Lines[i]
		amount := ownAmount(l.AmountCurrency, l.Balance)
		cur = amount.Currency()
		ls, err := lateSlices(t, cfg, e.LineRef(i), itemDue(p, e.Type, e.Date, l.DueDate), at, amount)
		if err != nil {
			return LatePenalty{}, false, err
		}
		if ls.badDebt || ls.doubtful {
			// Lost for good, or in dispute or a collective procedure
			// (whose opening stops interest running, Code de commerce
			// art. L622-28): nothing more is claimed of the customer.
			return LatePenalty{}, false, nil
		}
		late = late || ls.late
		all = append(all, ls.slices...)
	}
	if !late {
		return LatePenalty{}, false, nil
	}
	if lp.Slices, err = penaltySlicesLeft(all, inv.weighted); err != nil {
		return LatePenalty{}, false, fmt.Errorf("reconcile: penalties of %s: %w", e.Name(), err)
	}
	weighted, err := penaltyWeight(lp.Slices)
	if err != nil {
		return LatePenalty{}, false, fmt.Errorf("reconcile: penalties of %s: %w", e.Name(), err)
	}
	var num apd.Decimal
	if _, err := penaltyContext.Mul(&num, weighted, rate); err != nil {
		return LatePenalty{}, false, fmt.Errorf("reconcile: penalties of %s: %w", e.Name(), err)
	}
	// The rate is in percent and annual: divide by 100 × 365 once.
	if lp.PenaltyCurrency, err = currency.Divide(cur, &num, apd.New(100*penaltyYearDays, 0), t.Book().Rounding()); err != nil {
		return LatePenalty{}, false, fmt.Errorf("reconcile: penalties of %s: %w", e.Name(), err)
	}
	lp.Penalty = lp.PenaltyCurrency
	if cur != company && !lp.PenaltyCurrency.IsZero() {
		r, _, err := t.Rate(cur, at)
		if err != nil {
			return LatePenalty{}, false, fmt.Errorf("the penalties of %s, in %s: %w", e.Name(), cur, err)
		}
		if lp.Penalty, err = r.ToCompany(lp.PenaltyCurrency, company, t.Book().Rounding()); err != nil {
			return LatePenalty{}, false, err
		}
	}
	lp.Indemnity = currency.Zero(company)
	if !inv.indemnity {
		lp.Indemnity = indemnity
	}
	if lp.Penalty.IsZero() && lp.Indemnity.IsZero() {
		return LatePenalty{}, false, nil
	}
	return lp, true, nil
}

// penaltyWeight is Σ amount × days over slices, exact.
func penaltyWeight(ps []PenaltySlice) (*apd.Decimal, error) {
	sum := new(apd.Decimal)
	for _, s := range ps {
		var w apd.Decimal
		if _, err := penaltyContext.Mul(&w, s.Amount.Decimal(), apd.New(int64(s.Days), 0)); err != nil {
			return nil, err
		}
		if _, err := penaltyContext.Add(sum, sum, &w); err != nil {
			return nil, err
		}
	}
	return sum, nil
}

// penaltySlicesLeft returns the slices of ps not invoiced yet: invoiced
// (Σ amount × days, in the invoice's currency) is taken off the earliest
// days first, a day taken in part leaving a smaller amount for that day.
// What was invoiced beyond what ps now count leaves nothing, never less.
func penaltySlicesLeft(ps []PenaltySlice, invoiced *apd.Decimal) ([]PenaltySlice, error) {
	if invoiced.Sign() <= 0 {
		return ps, nil
	}
	order := make([]int, len(ps))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := cmp.Compare(ps[a].From.Key(), ps[b].From.Key()); c != 0 {
			return c
		}
		return cmp.Compare(ps[a].To.Key(), ps[b].To.Key())
	})
	left := new(apd.Decimal).Set(invoiced)
	cut := make([][]PenaltySlice, len(ps)) // what remains of each slice; nil: all of it
	for _, i := range order {
		if left.Sign() <= 0 {
			break
		}
		s := ps[i]
		w, err := penaltyWeight([]PenaltySlice{s})
		if err != nil {
			return nil, err
		}
		if left.Cmp(w) >= 0 {
			cut[i] = []PenaltySlice{}
			if _, err := penaltyContext.Sub(left, left, w); err != nil {
				return nil, err
			}
			continue
		}
		// Part of the slice was invoiced: its first k days in full, and
		// of the next day rest of the amount.
		var k, rest apd.Decimal
		if _, err := penaltyContext.QuoInteger(&k, left, s.Amount.Decimal()); err != nil {
			return nil, err
		}
		if _, err := penaltyContext.Mul(&rest, &k, s.Amount.Decimal()); err != nil {
			return nil, err
		}
		if _, err := penaltyContext.Sub(&rest, left, &rest); err != nil {
			return nil, err
		}
		days, err := k.Int64()
		if err != nil {
			return nil, err
		}
		from := s.From.AddDays(int(days))
		var out []PenaltySlice
		if rest.Sign() > 0 {
			taken, err := currency.FromDecimal(s.Amount.Currency(), &rest)
			if err != nil {
				return nil, err
			}
			day := s
			day.Amount, day.From, day.To, day.Days = mustSub(s.Amount, taken), from, from.AddDays(1), 1
			out = append(out, day)
			from = from.AddDays(1)
		}
		if n := s.To.DaysSince(from); n > 0 {
			after := s
			after.From, after.Days = from, n
			out = append(out, after)
		}
		cut[i] = out
		left.SetInt64(0)
	}
	var out []PenaltySlice
	for i, s := range ps {
		if cut[i] == nil {
			out = append(out, s)
			continue
		}
		out = append(out, cut[i]...)
	}
	return out, nil
}

// lineSlices is what lateSlices finds on an invoice line.
type lineSlices struct {
	slices  []PenaltySlice // the late parts, from the due date
	late    bool           // paid after its due date, or open after it
	badDebt bool           // written off as a bad debt: owes nothing more
	// doubtful: moved to doubtful customers (MoveToDoubtful), in dispute
	// or in a collective procedure: claimed there, no penalty counted.
	doubtful bool
}

// lateSlices returns the late parts of the invoice line ref (of amount in
// its own currency, due on due) at the end of at, the days counted from
// due, and whether any of it was or is late at all: paid after due, or
// still open after it. The part a credit note or a reversal lettered with
// the line takes off, whatever its date, was never owed and counts no
// days.
func lateSlices(t *ledger.Tx, cfg *Config, ref journal.LineRef, due, at journal.Date,
	amount currency.Amount) (lineSlices, error) {
	var out lineSlices
	ps, err := t.LivePartials(ref)
	if err != nil {
		return out, err
	}
	slices.SortStableFunc(ps, func(a, b journal.Partial) int { return cmp.Compare(a.Date.Key(), b.Date.Key()) })
	type paid struct {
		date journal.Date
		part currency.Amount
	}
	var payments []paid
	owed := amount
	for _, p := range ps {
		if p.Debit != ref {
			continue
		}
		other, err := booktx.Entry(t, p.Credit.Entry)
		if err != nil {
			return out, err
		}
		if isBadDebtLoss(other, cfg) {
			out.badDebt = true
			return out, nil
		}
		if isDoubtfulMove(other) {
			out.doubtful = true
			return out, nil
		}
		part := currency.Zero(amount.Currency())
		switch {
		case p.DebitAmountCurrency.IsSet() && p.DebitAmountCurrency.Currency() == amount.Currency():
			part = p.DebitAmountCurrency
		case p.Amount.Currency() == amount.Currency():
			part = p.Amount
		}
		if part.Sign() <= 0 {
			continue // an exchange difference: nothing in the invoice's currency
		}
		if other.Type == journal.TypeCreditNote || other.ReversalOf != journal.NoID {
			owed = mustSub(owed, part) // corrected, not paid: never owed
			continue
		}
		if p.Date.After(at) {
			continue // a payment after at leaves the part open at at
		}
		payments = append(payments, paid{p.Date, part})
	}
	if !at.After(due) {
		return out, nil
	}
	open := owed
	for _, p := range payments {
		open = mustSub(open, p.part)
		out.late = out.late || p.date.After(due)
		if days := p.date.DaysSince(due); days > 0 {
			out.slices = append(out.slices, PenaltySlice{Line: ref.Index, DueDate: due, Amount: p.part, From: due, To: p.date, Days: days})
		}
	}
	if open.Sign() > 0 {
		out.late = true
		out.slices = append(out.slices, PenaltySlice{Line: ref.Index, DueDate: due, Amount: open, From: due, To: at, Days: at.DaysSince(due)})
	}
	return out, nil
}

// eventPenalties is the event InvoicePenalties appends to each invoice
// whose penalties or indemnity it invoiced.
const eventPenalties = "late_penalties"

// penaltiesMeta is the payload of a penalties event.
type penaltiesMeta struct {
	Entry     journal.ID   `json:"entry"`               // the penalty invoice
	Through   journal.Date `json:"through"`             // penalties invoiced through this date; zero: none
	Indemnity bool         `json:"indemnity,omitempty"` // the indemnity was invoiced
	// Invoiced is what the penalties invoiced were counted on: Σ part ×
	// days, in the invoice's currency; nil: none.
	Invoiced *apd.Decimal `json:"invoiced,omitempty"`
}

// invoicedPenalties is what penalty invoices that stand (not reversed)
// invoiced for an invoice.
type invoicedPenalties struct {
	through   journal.Date // the latest date penalties were invoiced through
	indemnity bool         // the indemnity was invoiced
	weighted  *apd.Decimal // Σ part × days the penalties were counted on
}

// penaltiesInvoiced reads from an invoice's log what penalty invoices
// that stand (not reversed) invoiced for it.
func penaltiesInvoiced(t *ledger.Tx, id journal.ID, at journal.Date) (invoicedPenalties, error) {
	out := invoicedPenalties{weighted: new(apd.Decimal)}
	evs, err := t.Events(id)
	if err != nil {
		return out, err
	}
	for _, ev := range evs {
		if ev.Kind != eventPenalties {
			continue
		}
		var m penaltiesMeta
		if err := json.Unmarshal(ev.Data, &m); err != nil {
			return out, fmt.Errorf("reconcile: penalties event of %s: %w", id, err)
		}
		if m.Through.After(at) {
			continue // invoiced after the date asked: not yet then
		}
		if _, reversed, err := t.ReversedBy(m.Entry); err != nil {
			return out, err
		} else if reversed {
			continue
		}
		if m.Through.After(out.through) {
			out.through = m.Through
		}
		out.indemnity = out.indemnity || m.Indemnity
		if m.Invoiced != nil {
			if _, err := penaltyContext.Add(out.weighted, out.weighted, m.Invoiced); err != nil {
				return out, fmt.Errorf("reconcile: penalties event of %s: %w", id, err)
			}
		}
	}
	return out, nil
}

// penaltiesBilled returns what the penalty invoices of partner on account
// dated up to at and not cancelled invoiced of penalties and of
// indemnities, paid or not, less what credit notes dated up to at took
// back of them, in the company currency.
func penaltiesBilled(t *ledger.Tx, cfg *Config, account, partner string, at journal.Date) (penalties, indemnities currency.Amount, err error) {
	company := t.Book().Currency()
	penalties, indemnities = currency.Zero(company), currency.Zero(company)
	lines, err := t.Lines(ledger.LineFilter{Account: account, Partner: partner, To: at})
	if err != nil {
		return penalties, indemnities, err
	}
	seen := map[journal.ID]bool{}
	for _, l := range lines {
		if seen[l.Ref.Entry] || lineSign(&l.Line) <= 0 {
			continue
		}
		seen[l.Ref.Entry] = true
		e, err := booktx.Entry(t, l.Ref.Entry)
		if err != nil {
			return penalties, indemnities, err
		}
		if e.Type != journal.TypeInvoice || e.DocKind != journal.DocPenalty || e.ReversalOf != journal.NoID {
			continue
		}
		if _, reversed, err := t.ReversedBy(e.ID); err != nil {
			return penalties, indemnities, err
		} else if reversed {
			continue
		}
		pen, ind := currency.Zero(company), currency.Zero(company)
		for _, pl := range e.Lines {
			switch pl.Account {
			case account:
			case cfg.RecoveryIndemnity:
				ind = mustSub(ind, pl.Balance)
			default:
				pen = mustSub(pen, pl.Balance)
			}
		}
		// What a credit note took back by the date was not billed after
		// all: the penalties first, then the indemnities.
		credited, err := creditedBy(t, l.Ref, at)
		if err != nil {
			return penalties, indemnities, err
		}
		take := func(a currency.Amount) currency.Amount {
			c := minAmount(a, credited)
			credited = mustSub(credited, c)
			return mustSub(a, c)
		}
		pen = take(pen)
		ind = take(ind)
		penalties, indemnities = mustAdd(penalties, pen), mustAdd(indemnities, ind)
	}
	return penalties, indemnities, nil
}

// creditedBy is what credit notes dated up to at settled of the
// receivable line ref, in the company currency.
func creditedBy(t *ledger.Tx, ref journal.LineRef, at journal.Date) (currency.Amount, error) {
	out := currency.Zero(t.Book().Currency())
	ps, err := t.LivePartials(ref)
	if err != nil {
		return out, err
	}
	for _, p := range ps {
		if p.Date.After(at) {
			continue
		}
		oe, err := booktx.Entry(t, p.Other(ref).Entry)
		if err != nil {
			return out, err
		}
		if oe.Type == journal.TypeCreditNote || oe.ReversalOf != journal.NoID {
			out = mustAdd(out, p.Amount)
		}
	}
	return out, nil
}

// PenaltyInvoice asks InvoicePenalties to invoice the late-payment
// penalties and recovery indemnities customers owe at a date.
type PenaltyInvoice struct {
	Operation journal.ID // the caller's id for retries; NoID: a fresh one
	// Query is what to invoice; Query.At is the invoices' date, in an open
	// period.
	Query   PenaltyQuery
	Journal string // "" means Config.PenaltyJournal ("VT")
}

// InvoicePenalties invoices to each customer what LatePenalties finds it
// owes at p.Query.At: one invoice (of kind journal.DocPenalty) a customer,
// dated and due that day in Journal, debiting the receivable account the
// customer's total and crediting, per invoice concerned and naming it in
// the line's label, its penalties on Config.LatePenalties (763100,
// revenus des créances commerciales) and its indemnity on
// Config.RecoveryIndemnity (758800, produits divers de gestion courante),
// in the company currency. Neither carries VAT: neither is the
// consideration for a supply. Each invoice concerned records in its log
// what was invoiced (the parts × days its penalties were counted on, and
// the indemnity), so that LatePenalties takes it off later, and the
// indemnity is never claimed twice; reversing the penalty invoice
// (Reverse) makes them count again. Invoices credited in full and bad
// debts are not charged (see LatePenalties); what was invoiced for them
// before stays until its penalty invoice is cancelled.
//
// Nothing is posted, and the Result has no entries, when nobody owes
// anything. It returns what LatePenalties returns, ledger.ErrYearClosed or
// ledger.ErrLocked for a date in a closed year or on or before a lock
// date, ErrConfig when the journal or an account of the penalties is not
// in the book, or ErrIdempotencyConflict. Nothing is written on error.
func (r *Reconciler) InvoicePenalties(ctx context.Context, p PenaltyInvoice) (Result, error) {
	if _, _, err := penaltyTerms(&p.Query, r.book.Currency()); err != nil {
		return Result{}, err
	}
	return r.operation(ctx, p.Operation, "late-penalties", p, func(w *work) error { return w.invoicePenalties(ctx, p) })
}

// invoicePenalties is InvoicePenalties inside its operation.
func (w *work) invoicePenalties(ctx context.Context, p PenaltyInvoice) error {
	jrnl := cmp.Or(p.Journal, w.r.cfg.PenaltyJournal)
	if _, err := w.t.Journal(jrnl); errors.Is(err, ledger.ErrUnknownJournal) {
		return fmt.Errorf("%w: the penalties' journal %s: %v", ErrConfig, jrnl, err)
	} else if err != nil {
		return err
	}
	for _, code := range []string{w.r.cfg.LatePenalties, w.r.cfg.RecoveryIndemnity} {
		if _, err := w.t.Account(code); errors.Is(err, ledger.ErrUnknownAccount) {
			return fmt.Errorf("%w: the penalties' account %s: %v; add it to the chart or name another in Config", ErrConfig, code, err)
		} else if err != nil {
			return err
		}
	}
	locks, err := w.t.LockDates()
	if err != nil {
		return err
	}
	if err := locks.Refusal(p.Query.At, false); err != nil {
		return fmt.Errorf("invoicing late-payment penalties: %w", err)
	}
	pen, err := latePenalties(ctx, w.t, &w.r.cfg, p.Query)
	if err != nil {
		return err
	}
	for i := range pen.Rows {
		if err := w.postPenalties(&pen.Rows[i], jrnl, p.Query.At); err != nil {
			return err
		}
	}
	return nil
}

// postPenalties posts one customer's penalty invoice and records on each
// invoice concerned what it invoiced.
func (w *work) postPenalties(row *PenaltyRow, jrnl string, at journal.Date) error {
	if row.Total.IsZero() {
		return nil
	}
	labels := &w.r.cfg.Labels
	name := cmp.Or(strings.TrimSpace(row.Name), row.Partner)
	label := clip(labels.LatePenalties+" "+name, journal.TextMax)
	lines := []journal.Line{{Account: row.Account, Partner: row.Partner, Label: label, DueDate: at,
		Balance: row.Total, AmountCurrency: row.Total}}
	for _, it := range row.Items {
		doc := cmp.Or(it.Reference, it.Number)
		if !it.Penalty.IsZero() {
			l := clip(labels.LatePenalties+" "+doc, journal.TextMax)
			lines = append(lines, journal.Line{Account: w.r.cfg.LatePenalties, Partner: row.Partner, Label: l,
				Balance: it.Penalty.Neg(), AmountCurrency: it.Penalty.Neg()})
		}
		if !it.Indemnity.IsZero() {
			l := clip(labels.RecoveryIndemnity+" "+doc, journal.TextMax)
			lines = append(lines, journal.Line{Account: w.r.cfg.RecoveryIndemnity, Partner: row.Partner, Label: l,
				Balance: it.Indemnity.Neg(), AmountCurrency: it.Indemnity.Neg()})
		}
	}
	e := journal.Entry{Journal: jrnl, Date: at, Type: journal.TypeInvoice, DocKind: journal.DocPenalty,
		Currency: w.t.Book().Currency(), Label: label, Lines: lines}
	posted, _, err := w.t.Post(e)
	if err != nil {
		return fmt.Errorf("posting the late-payment penalties of %s: %w", row.Partner, err)
	}
	w.res.Entries = append(w.res.Entries, posted)
	for _, it := range row.Items {
		m := penaltiesMeta{Entry: posted.ID, Indemnity: !it.Indemnity.IsZero()}
		if !it.Penalty.IsZero() {
			if m.Invoiced, err = penaltyWeight(it.Slices); err != nil {
				return fmt.Errorf("reconcile: penalties of %s: %w", it.Number, err)
			}
			m.Through = at
		}
		data, err := json.Marshal(m)
		if err != nil {
			return err
		}
		if err := w.wr.AppendEvent(it.Invoice, eventPenalties, data); err != nil {
			return err
		}
	}
	return nil
}
