package tax

import (
	"fmt"

	"github.com/cockroachdb/apd/v3"
	"github.com/lettrage/lettrage/currency"
)

// Group is a named set of taxes applied together (say a VAT and a
// parafiscal levy); Flatten replaces groups by their taxes.
type Group struct {
	// ID names the group; Flatten drops it.
	ID string
	// Taxes are the taxes the group applies, in order.
	Taxes []Tax
}

// Flatten returns the taxes of groups and single taxes in order, each tax
// once (by ID): invoices and cash-basis entries only ever see plain taxes.
func Flatten(groups []Group, taxes ...Tax) []Tax {
	var out []Tax
	seen := map[string]bool{}
	add := func(t Tax) {
		if !seen[t.ID] {
			seen[t.ID] = true
			out = append(out, t)
		}
	}
	for _, g := range groups {
		for _, t := range g.Taxes {
			add(t)
		}
	}
	for _, t := range taxes {
		add(t)
	}
	return out
}

var hundred = apd.New(100, 0)

// Amount returns the tax on base: base × rate / 100, rounded once to the
// base's currency with rounding.
func (t Tax) Amount(base currency.Amount, rounding currency.Rounding) (currency.Amount, error) {
	var p apd.Decimal
	if _, err := apd.BaseContext.WithPrecision(80).Mul(&p, base.Decimal(), &t.Rate.d); err != nil {
		return currency.Amount{}, fmt.Errorf("tax: %s on %s: %w", t.ID, base, err)
	}
	return currency.Divide(base.Currency(), &p, hundred, rounding)
}

// BaseOf returns the tax-excluded base of a price-included amount under
// the included taxes: amount × 100 / (100 + Σ rates), rounded once. Taxes
// not marked PriceIncluded are ignored.
func BaseOf(amount currency.Amount, taxes []Tax, rounding currency.Rounding) (currency.Amount, error) {
	// amount × 100 exactly, then one division rounded with the caller's
	// rounding: no quotient cut to 34 digits and rounded again.
	exact := apd.BaseContext.WithPrecision(120)
	exact.Traps = apd.DefaultTraps | apd.Inexact | apd.Rounded
	sum := apd.New(100, 0)
	for _, t := range taxes {
		if t.PriceIncluded {
			if _, err := exact.Add(sum, sum, &t.Rate.d); err != nil {
				return currency.Amount{}, fmt.Errorf("tax: %s: %w", t.ID, err)
			}
		}
	}
	var num apd.Decimal
	if _, err := exact.Mul(&num, amount.Decimal(), hundred); err != nil {
		return currency.Amount{}, fmt.Errorf("tax: base of %s: %w", amount, err)
	}
	return currency.Divide(amount.Currency(), &num, sum, rounding)
}

// IncludedParts splits a price that holds the price-included taxes among
// taxes into its base, amount × 100 / (100 + Σ rates), and each tax's
// part, amount × rate / (100 + Σ rates), unrounded (to 34 digits): a
// caller that rounds each tax once on the sum of its parts, and leaves
// the base what the price holds beyond them, states every tax within a
// rounding of its rate on its base. parts follows taxes; a tax not
// price-included has a zero part.
func IncludedParts(amount currency.Amount, taxes []Tax) (base apd.Decimal, parts []apd.Decimal, err error) {
	ctx := apd.BaseContext.WithPrecision(34)
	sum := apd.New(100, 0)
	for _, t := range taxes {
		if t.PriceIncluded {
			if _, err := ctx.Add(sum, sum, &t.Rate.d); err != nil {
				return base, nil, err
			}
		}
	}
	parts = make([]apd.Decimal, len(taxes))
	share := func(d *apd.Decimal, rate *apd.Decimal) error {
		if _, err := ctx.Mul(d, amount.Decimal(), rate); err != nil {
			return err
		}
		_, err := ctx.Quo(d, d, sum)
		return err
	}
	if err := share(&base, hundred); err != nil {
		return base, nil, err
	}
	for i, t := range taxes {
		if t.PriceIncluded {
			if err := share(&parts[i], &t.Rate.d); err != nil {
				return base, nil, err
			}
		}
	}
	return base, parts, nil
}
