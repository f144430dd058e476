package tax

import (
	"fmt"
	"strings"

	"github.com/cockroachdb/apd/v3"
)

// Exigibility is when a tax becomes due to the state.
type Exigibility uint8

const (
	// OnInvoice taxes are due when the invoice is issued (goods in France).
	OnInvoice Exigibility = iota
	// OnPayment taxes are due when the invoice is paid (services in France,
	// TVA sur encaissements): the invoice books them on a transition account
	// and each payment moves its share to the final account.
	OnPayment
)

// String returns "on_invoice" or "on_payment".
func (e Exigibility) String() string {
	switch e {
	case OnInvoice:
		return "on_invoice"
	case OnPayment:
		return "on_payment"
	}
	return fmt.Sprintf("Exigibility(%d)", uint8(e))
}

// Role says what a journal line is to the taxes it carries.
type Role uint8

const (
	// RoleNone: the line carries no tax.
	RoleNone Role = iota
	// RoleBase: the line is a base (tax-excluded amount) of its taxes.
	RoleBase
	// RoleTax: the line is the tax amount of its single tax.
	RoleTax
)

// String returns "none", "base" or "tax".
func (r Role) String() string {
	switch r {
	case RoleNone:
		return "none"
	case RoleBase:
		return "base"
	case RoleTax:
		return "tax"
	}
	return fmt.Sprintf("Role(%d)", uint8(r))
}

// Percent is a tax rate in percent (20 means 20 %). It is immutable and
// kept exactly as given, trailing zeros removed.
type Percent struct {
	_ [0]func()
	d apd.Decimal
}

// percentTextMax is the longest percentage ParsePercent reads, and the
// longest String may return, so that every Percent reads back.
const percentTextMax = 40

// ParsePercent reads "20" or "5.5" as a Percent. It does not check the
// range; Tax.Validate does. It returns ErrSyntax for text that is not a
// finite decimal, that is longer than 40 characters, or whose plain form
// ("0.0001", not "1E-4") is.
func ParsePercent(s string) (Percent, error) {
	d, _, err := apd.NewFromString(s)
	if err != nil || d.Form != apd.Finite || len(s) > percentTextMax {
		return Percent{}, fmt.Errorf("%w: %q", ErrSyntax, s)
	}
	var p Percent
	p.d.Reduce(d)
	// An exponent bounds the plain form's length before it is built: 1E-99999
	// is short text with a plain form of 100 001 characters.
	if p.d.Exponent < -percentTextMax || p.d.Exponent > percentTextMax || len(p.String()) > percentTextMax {
		return Percent{}, fmt.Errorf("%w: %q has more than %d characters written out", ErrSyntax, s, percentTextMax)
	}
	return p, nil
}

// MustParsePercent is ParsePercent for literals; it panics on error.
func MustParsePercent(s string) Percent {
	p, err := ParsePercent(s)
	if err != nil {
		panic(err)
	}
	return p
}

// Decimal returns a copy of the percentage (20 for 20 %).
func (p Percent) Decimal() *apd.Decimal { return new(apd.Decimal).Set(&p.d) }

// String returns "20" or "5.5".
func (p Percent) String() string { return p.d.Text('f') }

// French returns the percentage as French text writes it: a decimal comma
// and a no-break space (U+00A0) before the sign, "5,5 %", "20 %".
func (p Percent) French() string {
	return strings.Replace(p.String(), ".", ",", 1) + "\u00a0%"
}

// IsZero reports whether the rate is 0 %.
func (p Percent) IsZero() bool { return p.d.IsZero() }

// Equal reports whether two percentages are the same number.
func (p Percent) Equal(o Percent) bool { return p.d.Cmp(&o.d) == 0 }

// Tax is a tax definition, and the snapshot a journal line keeps of it.
type Tax struct {
	// ID identifies the definition ("TVA20", "TVA5.5-DED-ENC"); Flatten keeps
	// one tax per ID.
	ID string
	// Name is the tax as people read it ("TVA 20 %").
	Name string
	// Rate is the tax rate in percent, from 0 up to but excluding 1000.
	Rate          Percent
	PriceIncluded bool // unit prices already include this tax (TTC)
	// Exigibility says whether the tax is due on invoice or on payment.
	Exigibility Exigibility
	// FinalAccount receives the tax once it is due (445710 collected,
	// 445660 deductible).
	FinalAccount string
	// TransitionAccount holds on-payment tax until payment (445740, 445640).
	TransitionAccount string
	// BaseAccount receives the neutral base pair of cash-basis entries; empty
	// means the base line's own account.
	BaseAccount string
	// DueAccount makes the tax a reverse charge (autoliquidation): the
	// buyer owes the tax itself, on this account (445200), and deducts it
	// on FinalAccount (445662), so that an invoice books it twice, the
	// two lines cancelling out, and the supplier is owed the base alone.
	// Empty for a plain tax. A reverse charge is due on invoice, never
	// price-included, and its rate is above 0 %.
	DueAccount string
}

// ReverseCharge reports whether the tax is a reverse charge: one the
// buyer owes and deducts (DueAccount set).
func (t Tax) ReverseCharge() bool { return t.DueAccount != "" }

// TaxAccount reports whether the tax's own lines may post to account: its
// final account, its transition account when it has one, its due account
// when it is a reverse charge.
func (t Tax) TaxAccount(account string) bool {
	return account != "" && (account == t.FinalAccount || account == t.TransitionAccount || account == t.DueAccount)
}

var thousand = apd.New(1000, 0)

// Validate reports the first problem of a tax definition: ErrNoID, ErrRate,
// ErrExigibility, ErrNoFinalAccount, ErrNoTransitionAccount, or for a
// reverse charge ErrReverseChargeOnPayment, ErrReverseChargeIncluded or
// ErrReverseChargeAccount (and ErrRate for 0 %).
func (t Tax) Validate() error {
	switch {
	case t.ID == "":
		return ErrNoID
	case t.Rate.d.Sign() < 0 || t.Rate.d.Cmp(thousand) >= 0:
		return fmt.Errorf("%w: %s %%", ErrRate, t.Rate)
	case t.Exigibility > OnPayment:
		return fmt.Errorf("%w: %d", ErrExigibility, t.Exigibility)
	case t.FinalAccount == "":
		return fmt.Errorf("%w: %s", ErrNoFinalAccount, t.ID)
	case t.ReverseCharge():
		return t.validateReverseCharge()
	case t.Exigibility == OnPayment && t.TransitionAccount == "":
		return fmt.Errorf("%w: %s", ErrNoTransitionAccount, t.ID)
	case t.Exigibility == OnPayment && t.TransitionAccount == t.FinalAccount:
		// The tax would be due at the invoice already, and moved onto
		// itself at each payment.
		return fmt.Errorf("%w: %s waits on %s, its final account: give it its own (445740 for sales, 445640 for purchases)",
			ErrNoTransitionAccount, t.ID, t.TransitionAccount)
	}
	return nil
}

// validateReverseCharge reports the first problem of a reverse charge.
func (t Tax) validateReverseCharge() error {
	switch {
	case t.Exigibility != OnInvoice:
		// The buyer owes the tax and deducts it on the same return (CGI
		// art. 271-I-2): nothing is paid or recovered, so nothing waits
		// for a payment. The VAT on an intra-EU acquisition falls due on
		// the operation (art. 269-2 b: the invoice, or the 15th of the
		// month after the delivery), as on a service a supplier
		// established abroad performs (art. 269-2 a bis: its completion).
		// A subcontracted building work (art. 283-2 nonies) is due on
		// payment, like any work: booked with its invoice, its pair is
		// declared in the month of the invoice, still netting to nothing.
		return fmt.Errorf("%w: %s", ErrReverseChargeOnPayment, t.ID)
	case t.Rate.IsZero():
		return fmt.Errorf("%w: %s is a reverse charge at 0 %%, which makes nothing due: an exempt purchase carries an exempt tax", ErrRate, t.ID)
	case t.PriceIncluded:
		return fmt.Errorf("%w: %s", ErrReverseChargeIncluded, t.ID)
	case t.DueAccount == t.FinalAccount || t.DueAccount == t.TransitionAccount:
		return fmt.Errorf("%w: %s is due and deducted on %s", ErrReverseChargeAccount, t.ID, t.DueAccount)
	}
	return nil
}

// Equal reports whether two taxes are identical field by field.
func (t Tax) Equal(o Tax) bool {
	return t.ID == o.ID && t.Name == o.Name && t.Rate.Equal(o.Rate) &&
		t.PriceIncluded == o.PriceIncluded && t.Exigibility == o.Exigibility &&
		t.FinalAccount == o.FinalAccount && t.TransitionAccount == o.TransitionAccount &&
		t.BaseAccount == o.BaseAccount && t.DueAccount == o.DueAccount
}
