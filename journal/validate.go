package journal

import (
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/tax"
)

// Validate checks a complete entry (every line has its Balance in company
// and its AmountCurrency in the entry's currency, as stored) and returns a
// *ValidationError listing every problem, or nil. The problems are
// ErrTooFewLines, ErrTooManyLines, ErrNoJournal, ErrNoDate, ErrEntryType,
// ErrTextTooLong, *UnbalancedError and *LineError wrapping ErrNoAccount,
// ErrNoAmount, ErrOppositeSigns, ErrLineCurrency or ErrTaxSnapshot.
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
	if len(e.Journal) > TextMax || len(e.Ref) > TextMax || len(e.Label) > TextMax {
		add(ErrTextTooLong)
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
	balanced := true
	for i := range e.Lines {
		l := &e.Lines[i]
		for _, err := range l.problems(company, cur) {
			add(&LineError{Index: i, Err: err})
		}
		sum, err := total.Add(l.Balance)
		if err != nil {
			balanced = false // already reported as ErrLineCurrency
			continue
		}
		total = sum
	}
	if balanced && !total.IsZero() && len(e.Lines) >= 2 {
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
	if len(l.Account) > TextMax || len(l.Partner) > TextMax || len(l.Label) > TextMax {
		out = append(out, ErrTextTooLong)
	}
	if l.Balance.Currency() != company || l.AmountCurrency.Currency() != cur {
		return append(out, ErrLineCurrency)
	}
	switch {
	case l.Balance.IsZero() && l.AmountCurrency.IsZero():
		out = append(out, ErrNoAmount)
	case l.Balance.Sign()*l.AmountCurrency.Sign() < 0:
		out = append(out, ErrOppositeSigns)
	case cur == company && !l.Balance.Equal(l.AmountCurrency):
		out = append(out, ErrLineCurrency)
	}
	switch {
	case l.TaxRole == tax.RoleNone && len(l.Taxes) != 0,
		l.TaxRole == tax.RoleBase && len(l.Taxes) == 0,
		l.TaxRole == tax.RoleTax && len(l.Taxes) != 1,
		l.TaxRole > tax.RoleTax:
		out = append(out, ErrTaxSnapshot)
	}
	for _, t := range l.Taxes {
		if err := t.Validate(); err != nil {
			out = append(out, err)
		}
	}
	return out
}
