package journal

import (
	"fmt"

	"github.com/lettrage/lettrage/currency"
)

// DiscountOffer is the early-payment discount (escompte) an invoice
// offers, as posted with it: Amount off what it owes when the first
// payment is dated on or before Until. The invoice builder sets it from
// the payment terms (PaymentTerms.Discount); automatic lettering reads it
// to close an invoice paid early with its discount. The discount itself is
// booked only when a payment takes it, as a rectifying entry of type
// TypeDiscount.
type DiscountOffer struct {
	// Amount is the discount, positive, in the entry's currency, less than
	// the invoice's total.
	Amount currency.Amount
	// Until is the last date a payment takes the discount on.
	Until Date
}

// problems returns what is wrong with an offer on e, in currency cur.
func (o *DiscountOffer) problems(e *Entry, cur currency.Currency) []error {
	var out []error
	bad := func(format string, args ...any) {
		out = append(out, fmt.Errorf("%w: "+format, append([]any{ErrDiscountOffer}, args...)...))
	}
	switch {
	case e.Type != TypeInvoice:
		bad("only an invoice offers one, not a %s", e.Type)
	case e.ReversalOf != NoID:
		bad("a reversal offers none: the invoice it reverses did")
	case e.Origin != NoID:
		bad("an entry the book generates offers none")
	}
	switch {
	case !o.Amount.IsSet() || o.Amount.Currency() != cur:
		bad("amount %s must be in the entry's currency %s", o.Amount, cur)
	case o.Amount.Sign() <= 0 || !AmountFits(o.Amount):
		bad("amount %s must be positive and fit a line", o.Amount)
	default:
		// The partner lines are what the invoice's customer or supplier
		// owes: the discount takes less than all of it.
		owed := currency.Zero(cur)
		for i := range e.Lines {
			if l := &e.Lines[i]; l.Partner != "" && l.AmountCurrency.IsSet() && l.AmountCurrency.Currency() == cur {
				if s, err := owed.Add(l.AmountCurrency); err == nil {
					owed = s
				}
			}
		}
		if c, err := o.Amount.Cmp(owed.Abs()); err != nil || c >= 0 {
			bad("%s off %s owed on the partner lines: it must take less than all", o.Amount, owed.Abs())
		}
	}
	if o.Until.IsZero() || !e.Date.IsZero() && o.Until.Before(e.Date) {
		bad("until %s, on or after the invoice's date %s", o.Until, e.Date)
	}
	return out
}
