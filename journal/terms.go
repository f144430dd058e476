package journal

import (
	"fmt"

	"github.com/cockroachdb/apd/v3"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/tax"
)

// DueRule says when an instalment falls due, counted from the invoice
// date.
type DueRule struct {
	// Kind is how the due date is counted; the zero value, Immediate, means
	// on the invoice date.
	Kind DueKind
	// Days is the number of days the rule adds, from 0 to 3660; Immediate
	// ignores it.
	Days int
}

// DueKind is how a due date is counted.
type DueKind uint8

const (
	// Immediate: due on the invoice date (paiement comptant).
	Immediate DueKind = iota
	// NetDays: the invoice date plus Days ("30 jours net").
	NetDays
	// DaysThenEndOfMonth: add Days, then go to the end of that month — one
	// reading of "45 jours fin de mois" (10 Jan + 45 days = 24 Feb → 28 Feb).
	DaysThenEndOfMonth
	// EndOfMonthThenDays: go to the end of the invoice's month, then add
	// Days — the other reading ("fin de mois + 45 jours": 31 Jan + 45 days
	// = 17 Mar).
	EndOfMonthThenDays
	dueKindEnd
)

// Due returns the due date of an invoice dated d under the rule.
func (r DueRule) Due(d Date) Date {
	switch r.Kind {
	case NetDays:
		return d.AddDays(r.Days)
	case DaysThenEndOfMonth:
		return d.AddDays(r.Days).EndOfMonth()
	case EndOfMonthThenDays:
		return d.EndOfMonth().AddDays(r.Days)
	}
	return d
}

// Instalment is one part of the payment terms: a percentage of the total
// due by its rule.
type Instalment struct {
	Percent tax.Percent // 30 for 30 %; the last instalment takes the remainder
	// Due is the rule that gives this instalment its due date.
	Due DueRule
}

// EarlyDiscount is an early-payment discount term (escompte): Percent off
// when paid within Days of the invoice date.
type EarlyDiscount struct {
	// Percent is the share of the total taken off, 2 for 2 %.
	Percent tax.Percent
	// Days is how many days after the invoice date the discount still
	// applies.
	Days int
}

// PaymentTerms split an invoice's total into due dates. No instalments
// means one, due under Due (Immediate by default).
type PaymentTerms struct {
	// Due is the rule of the single instalment when Instalments is empty.
	Due DueRule
	// Instalments split the total into due dates, in order; empty means one,
	// under Due.
	Instalments []Instalment
	// Discount is the early-payment discount offered; nil when there is
	// none.
	Discount *EarlyDiscount
}

// InstalmentsMax is the most instalments payment terms may have.
const InstalmentsMax = 120

// Split returns the due dates and amounts of total for an invoice dated d:
// each instalment's share of total is rounded where it ends — the
// instalments up to it take their cumulated percentage of total, rounded,
// less what the earlier took — and the last takes what remains, so that
// the parts sum to total exactly and none has the other sign or strays a
// unit from its share (twelve instalments of 9 % of 4,50 € do not overshoot
// the last's 1 %). A small total may leave an instalment nothing
// (Invoice.Entry books none). It returns ErrTerms when percentages are not
// positive or do not sum to exactly 100, when a due rule is unknown or
// negative, when a due date falls past year 9999, or when the early-payment
// discount is not a percentage between 0 and 100 (both excluded) within 0
// to 3660 days.
func (pt PaymentTerms) Split(total currency.Amount, d Date, rounding currency.Rounding) ([]Date, []currency.Amount, error) {
	if err := pt.Discount.check(); err != nil {
		return nil, nil, err
	}
	if len(pt.Instalments) == 0 {
		if err := pt.Due.check(); err != nil {
			return nil, nil, err
		}
		due, err := dueOn(pt.Due, d)
		if err != nil {
			return nil, nil, err
		}
		return []Date{due}, []currency.Amount{total}, nil
	}
	if len(pt.Instalments) > InstalmentsMax {
		return nil, nil, fmt.Errorf("%w: %d instalments, at most %d", ErrTerms, len(pt.Instalments), InstalmentsMax)
	}
	// Sums of percentages are exact: a percentage has at most 40 digits
	// (tax.ParsePercent), and 120 of them fit in this precision.
	exact := apd.BaseContext.WithPrecision(termsPrecision)
	exact.Traps = apd.DefaultTraps | apd.Inexact | apd.Rounded
	sum := apd.New(0, 0)
	for _, in := range pt.Instalments {
		if in.Percent.Decimal().Sign() <= 0 {
			return nil, nil, fmt.Errorf("%w: instalment of %s %%", ErrTerms, in.Percent.String())
		}
		if err := in.Due.check(); err != nil {
			return nil, nil, err
		}
		if _, err := exact.Add(sum, sum, in.Percent.Decimal()); err != nil {
			return nil, nil, fmt.Errorf("%w: percentages %v", ErrTerms, err)
		}
	}
	if sum.Cmp(apd.New(100, 0)) != 0 {
		return nil, nil, fmt.Errorf("%w: percentages sum to %s, not 100", ErrTerms, sum.String())
	}
	dates := make([]Date, len(pt.Instalments))
	parts := make([]currency.Amount, len(pt.Instalments))
	cum, done := apd.New(0, 0), currency.Zero(total.Currency()) // the percentage and the amount of the instalments so far
	for i, in := range pt.Instalments {
		due, err := dueOn(in.Due, d)
		if err != nil {
			return nil, nil, err
		}
		dates[i] = due
		if i == len(pt.Instalments)-1 {
			last, err := total.Sub(done)
			if err != nil {
				return nil, nil, err
			}
			parts[i] = last
			break
		}
		if _, err := exact.Add(cum, cum, in.Percent.Decimal()); err != nil {
			return nil, nil, fmt.Errorf("%w: percentages %v", ErrTerms, err)
		}
		var p apd.Decimal
		if _, err := apd.BaseContext.WithPrecision(2*termsPrecision).Mul(&p, total.Decimal(), cum); err != nil {
			return nil, nil, err
		}
		upTo, err := currency.Divide(total.Currency(), &p, apd.New(100, 0), rounding)
		if err != nil {
			return nil, nil, err
		}
		if parts[i], err = upTo.Sub(done); err != nil {
			return nil, nil, err
		}
		done = upTo
	}
	return dates, parts, nil
}

// termsPrecision holds the exact sum of InstalmentsMax percentages of 40
// digits each.
const termsPrecision = 50

func (r DueRule) check() error {
	if r.Kind >= dueKindEnd || r.Days < 0 || r.Days > 3660 {
		return fmt.Errorf("%w: due rule %d/%d days", ErrTerms, r.Kind, r.Days)
	}
	return nil
}

// check refuses a discount that takes nothing or everything, or whose
// deadline falls before the invoice or past any due rule's reach.
func (ed *EarlyDiscount) check() error {
	if ed == nil {
		return nil
	}
	p := ed.Percent.Decimal()
	if p.Sign() <= 0 || p.Cmp(apd.New(100, 0)) >= 0 || ed.Days < 0 || ed.Days > 3660 {
		return fmt.Errorf("%w: early-payment discount of %s %% within %d days", ErrTerms, ed.Percent.String(), ed.Days)
	}
	return nil
}

// DiscountDeadline returns the last day an early-payment discount applies
// to an invoice dated d, and false when the terms offer none.
func (pt PaymentTerms) DiscountDeadline(d Date) (Date, bool) {
	if pt.Discount == nil {
		return Date{}, false
	}
	return d.AddDays(pt.Discount.Days), true
}

// dueOn is r's due date for a document of date d, or ErrTerms when it
// falls past the last date a book holds (year 9999): a due date dropped
// would leave the document due at once.
func dueOn(r DueRule, d Date) (Date, error) {
	due := r.Due(d)
	if due.IsZero() && !d.IsZero() {
		return Date{}, fmt.Errorf("%w: the due date %d days on from %s is past year 9999", ErrTerms, r.Days, d)
	}
	return due, nil
}

// DiscountOn returns the early-payment discount on total (Percent of it,
// rounded once), and false when the terms offer none. The invoice still
// has to be paid: the discount is taken at payment time. It returns
// ErrTerms for a discount Split refuses.
func (pt PaymentTerms) DiscountOn(total currency.Amount, rounding currency.Rounding) (currency.Amount, bool, error) {
	if pt.Discount == nil {
		return currency.Amount{}, false, nil
	}
	if err := pt.Discount.check(); err != nil {
		return currency.Amount{}, true, err
	}
	var p apd.Decimal
	if _, err := apd.BaseContext.WithPrecision(80).Mul(&p, total.Decimal(), pt.Discount.Percent.Decimal()); err != nil {
		return currency.Amount{}, false, err
	}
	a, err := currency.Divide(total.Currency(), &p, apd.New(100, 0), rounding)
	return a, true, err
}
