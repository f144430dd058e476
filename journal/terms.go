package journal

import (
	"fmt"

	"github.com/cockroachdb/apd/v3"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/tax"
)

// DueRule says when an instalment falls due, counted from the invoice
// date: Months first, then Days as Kind says, then DayOfMonth. The zero
// value is due on the invoice date; Months and DayOfMonth at zero change
// nothing.
//
// The French wordings, for an invoice of 10 January 2026:
//
//	"à 30 jours" (30 jours net)       {Kind: NetDays, Days: 30}                              9 February
//	"45 jours fin de mois"            {Kind: DaysThenEndOfMonth, Days: 45}                   28 February
//	"fin de mois + 45 jours"          {Kind: EndOfMonthThenDays, Days: 45}                   17 March
//	"fin de mois le 10"               {Kind: DaysThenEndOfMonth, DayOfMonth: 10}             10 February
//	"30 jours fin de mois le 10"      {Kind: DaysThenEndOfMonth, Days: 30, DayOfMonth: 10}   10 March
//	"45 jours fin de mois le 15"      {Kind: DaysThenEndOfMonth, Days: 45, DayOfMonth: 15}   15 March
//	"à 30 jours le 10"                {Kind: NetDays, Days: 30, DayOfMonth: 10}              10 February
//	"à 1 mois"                        {Kind: NetDays, Months: 1}                             10 February
//	"2 mois fin de mois"              {Kind: DaysThenEndOfMonth, Months: 2}                  31 March
//
// Payment terms longer than the Code de commerce allows between
// professionals (60 days from the invoice, or 45 days end of month) are
// not refused: sector agreements allow some.
type DueRule struct {
	// Kind is how the due date is counted; the zero value, Immediate, means
	// on the invoice date.
	Kind DueKind
	// Months is the number of calendar months added to the invoice date
	// before anything else, from 0 to DueMonthsMax: the same day that many
	// months later, or that month's last day when it is shorter (31
	// January + 1 month = 28 or 29 February). Immediate takes none: Split
	// refuses months on it.
	Months int
	// Days is the number of days the rule adds, from 0 to 3660; Immediate
	// ignores it.
	Days int
	// DayOfMonth, from 1 to 31, moves the date the rest reaches to the
	// next date on that day of a month ("le 10"), or to a month's last
	// day in a month without that day (the 31st in April is the 30th); 0
	// leaves the date as it is. From a date Kind sets at a month's end
	// (DaysThenEndOfMonth, or EndOfMonthThenDays without days) it is that
	// day of the following month ("fin de mois le 10": 31 January → 10
	// February; "fin de mois le 31": 31 January → 28 February); from any
	// other date it is the first such date on or after it ("à 30 jours le
	// 10": 10 January + 30 days = 9 February → 10 February; 11 January +
	// 30 days = 10 February, due that day). Immediate takes none: Split
	// refuses a day on it.
	DayOfMonth int
}

// DueMonthsMax is the most months a due rule may add: ten years, as its
// days.
const DueMonthsMax = 120

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

// Due returns the due date of an invoice dated d under the rule, or the
// zero Date when it falls past year 9999 or d is the zero Date.
func (r DueRule) Due(d Date) Date {
	if d.IsZero() {
		return Date{}
	}
	if r.Months != 0 {
		if d = d.AddMonths(r.Months); d.IsZero() {
			return Date{}
		}
	}
	switch r.Kind {
	case NetDays:
		d = d.AddDays(r.Days)
	case DaysThenEndOfMonth:
		d = d.AddDays(r.Days).EndOfMonth()
	case EndOfMonthThenDays:
		d = d.EndOfMonth().AddDays(r.Days)
	}
	if r.DayOfMonth == 0 || d.IsZero() {
		return d
	}
	if r.Kind == DaysThenEndOfMonth || r.Kind == EndOfMonthThenDays && r.Days == 0 {
		// The month's end starts the count: "le 10" is of the month after.
		return onDay(d.AddDays(1), r.DayOfMonth)
	}
	return onDay(d, r.DayOfMonth)
}

// onDay returns the first date on or after d on day day of its month, or on
// the month's last day when the month is shorter; the zero Date past year
// 9999.
func onDay(d Date, day int) Date {
	if d.IsZero() {
		return Date{}
	}
	if last := d.EndOfMonth().Day(); d.Day() <= min(day, last) {
		return Date{uint32(d.Year()*10000 + int(d.Month())*100 + min(day, last))}
	}
	next := d.EndOfMonth().AddDays(1) // the first of the next month
	if next.IsZero() {
		return Date{}
	}
	return Date{uint32(next.Year()*10000 + int(next.Month())*100 + min(day, next.EndOfMonth().Day()))}
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
// positive or do not sum to exactly 100, when a due rule is unknown, has
// days, months or a day of the month out of range, or months or a day of
// the month on Immediate, when a due date falls past year 9999, or when
// the early-payment
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

// check refuses an unknown kind, counts out of range, and months or a day
// of the month on a rule due at once, which would not be.
func (r DueRule) check() error {
	switch {
	case r.Kind >= dueKindEnd || r.Days < 0 || r.Days > 3660:
		return fmt.Errorf("%w: due rule %d/%d days", ErrTerms, r.Kind, r.Days)
	case r.Months < 0 || r.Months > DueMonthsMax:
		return fmt.Errorf("%w: due rule of %d months, 0 to %d", ErrTerms, r.Months, DueMonthsMax)
	case r.DayOfMonth < 0 || r.DayOfMonth > 31:
		return fmt.Errorf("%w: due on day %d of the month, 1 to 31 (0 for none)", ErrTerms, r.DayOfMonth)
	case r.Kind == Immediate && (r.Months != 0 || r.DayOfMonth != 0):
		return fmt.Errorf("%w: a due rule of %d months on day %d of the month is not due at once: give it a kind (NetDays…)", ErrTerms, r.Months, r.DayOfMonth)
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
		return Date{}, fmt.Errorf("%w: the due date %d months and %d days on from %s is past year 9999", ErrTerms, r.Months, r.Days, d)
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
