package journal

import (
	"fmt"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/tax"
)

// Validate checks a complete entry (every line has its Balance in company
// and its AmountCurrency in the entry's currency, as stored) and returns a
// *ValidationError listing every problem, or nil. The problems are
// ErrTooFewLines, ErrTooManyLines, ErrNoJournal, ErrNoDate, ErrEntryType,
// a *TextError (journal, ref, label), ErrAmountTooLarge (balances that
// cannot be summed), *UnbalancedError and *LineError wrapping
// ErrNoAccount, ErrNoAmount, ErrOppositeSigns, ErrLineCurrency,
// ErrAmountTooLarge, ErrTaxSnapshot, a tax validation error or a
// *TextError (account, partner, label, tax snapshot), and ErrDiscountOffer
// for a discount offer on anything but an invoice, or out of its bounds.
func (e *Entry) Validate(company currency.Currency) error {
	var problems []error
	add := func(err error) { problems = append(problems, err) }
	if e.Journal == "" {
		add(ErrNoJournal)
	}
	if e.Date.IsZero() {
		add(ErrNoDate)
	}
	if !e.Type.Valid() || !e.DocKind.Valid() {
		add(ErrEntryType)
	}
	for _, f := range [...]struct{ name, text string }{{"journal", e.Journal}, {"ref", e.Ref}, {"label", e.Label}} {
		if err := CheckText(f.name, f.text); err != nil {
			add(err)
		}
	}
	switch {
	case len(e.Lines) < 2:
		add(ErrTooFewLines)
	case len(e.Lines) > EntryLinesMax:
		add(ErrTooManyLines)
		return &ValidationError{Problems: problems} // do not walk a huge input
	}
	cur := e.Currency
	if cur.IsZero() {
		cur = company
	}
	total := currency.Zero(company)
	summed := true // every balance went into total
	for i := range e.Lines {
		l := &e.Lines[i]
		for _, err := range l.problems(company, cur) {
			add(&LineError{Index: i, Err: err})
		}
		switch {
		case !summed:
		case l.Balance.Currency() != company:
			summed = false // reported as ErrLineCurrency
		default:
			sum, err := total.Add(l.Balance)
			if err != nil {
				// Only a sum too large for an amount gets here: an
				// overflow is a problem, never a balanced entry.
				add(fmt.Errorf("%w: the balances of lines 0 to %d do not sum: %v", ErrAmountTooLarge, i, err))
				summed = false
				break
			}
			total = sum
		}
	}
	if e.DiscountOffer != nil {
		problems = append(problems, e.DiscountOffer.problems(e, cur)...)
	}
	if summed && !total.IsZero() && len(e.Lines) >= 2 {
		add(&UnbalancedError{Difference: total})
	}
	if len(problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: problems}
}

func (l *Line) problems(company, cur currency.Currency) []error {
	var out []error
	if l.Account == "" {
		out = append(out, ErrNoAccount)
	}
	for _, f := range [...]struct{ name, text string }{{"account", l.Account}, {"partner", l.Partner}, {"label", l.Label}} {
		if err := CheckText(f.name, f.text); err != nil {
			out = append(out, err)
		}
	}
	if !AmountFits(l.Balance) {
		out = append(out, fmt.Errorf("%w: %s", ErrAmountTooLarge, l.Balance))
	}
	if !AmountFits(l.AmountCurrency) && !l.AmountCurrency.Equal(l.Balance) {
		out = append(out, fmt.Errorf("%w: %s", ErrAmountTooLarge, l.AmountCurrency))
	}
	if l.Balance.Currency() != company || l.AmountCurrency.Currency() != cur {
		out = append(out, ErrLineCurrency)
	} else {
		switch {
		case l.Balance.IsZero() && l.AmountCurrency.IsZero():
			out = append(out, ErrNoAmount)
		case l.Balance.Sign()*l.AmountCurrency.Sign() < 0:
			out = append(out, ErrOppositeSigns)
		case cur == company && !l.Balance.Equal(l.AmountCurrency):
			out = append(out, ErrLineCurrency)
		}
	}
	switch {
	case l.TaxRole == tax.RoleNone && len(l.Taxes) != 0,
		l.TaxRole == tax.RoleBase && len(l.Taxes) == 0,
		l.TaxRole == tax.RoleTax && len(l.Taxes) != 1,
		l.TaxRole > tax.RoleTax:
		out = append(out, ErrTaxSnapshot)
	case len(l.Taxes) > LineTaxesMax:
		return append(out, fmt.Errorf("%w: %d taxes on one line, at most %d", ErrTaxSnapshot, len(l.Taxes), LineTaxesMax))
	}
	for i, t := range l.Taxes {
		out = append(out, taxProblems(i, t)...)
	}
	return out
}

// taxProblems lists the problems of the i-th tax snapshot of a line: its
// definition's and its texts'.
func taxProblems(i int, t tax.Tax) []error {
	var out []error
	if err := t.Validate(); err != nil {
		out = append(out, err)
	}
	texts := [...]struct{ name, text string }{{"id", t.ID}, {"name", t.Name}, {"final account", t.FinalAccount},
		{"transition account", t.TransitionAccount}, {"base account", t.BaseAccount}, {"due account", t.DueAccount}}
	for _, f := range texts {
		if err := CheckText(fmt.Sprintf("tax %d %s", i, f.name), f.text); err != nil {
			out = append(out, err)
		}
	}
	return out
}

// AmountFits reports whether a is within AmountMinorUnitsMax minor units,
// the most a line may carry (an unset amount is): a value computed at a
// rate can be checked with it before it is posted or summed.
func AmountFits(a currency.Amount) bool {
	n, ok := a.MinorUnits()
	return ok && n >= -AmountMinorUnitsMax && n <= AmountMinorUnitsMax
}
