package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// rateOutput is an exchange rate as printed.
type rateOutput struct {
	Currency string `json:"currency"`
	Date     string `json:"date"`
	Rate     string `json:"rate"`
	Company  string `json:"company"`
}

func (o rateOutput) text() string {
	return fmt.Sprintf("%s: 1 %s = %s %s from %s", o.Currency, o.Company, strings.Replace(o.Rate, ".", ",", 1), o.Currency, frenchDate(o.Date))
}

// rateArgs reads a currency code and a date.
func rateArgs(name, code, date string) (currency.Currency, journal.Date, error) {
	c, err := currency.Lookup(strings.ToUpper(code))
	if err != nil {
		return currency.Currency{}, journal.Date{}, usagef(name, "%s: %v", name, err)
	}
	d, err := parseDate(date)
	if err != nil {
		return currency.Currency{}, journal.Date{}, usagef(name, "%s: %v", name, err)
	}
	return c, d, nil
}

func cmdRateSet(a *app, name string, args []string) error {
	l := leaf{name: name, args: "CURRENCY DATE RATE", about: `Records the exchange rate of a foreign currency from a date: 1 unit of the
company currency is worth RATE units of CURRENCY ('rate set USD
2026-03-26 1.12': 1 EUR = 1,12 USD). Foreign entries posted on or after
the date are valued at it, and so are the company-currency payments of
foreign invoices, whose exchange difference it decides. A rate set again
for the same date replaces it for what is posted afterwards.`}
	fs := a.flagSet(name)
	rest, err := a.parse(fs, l, args, 3, 3)
	if err != nil {
		return err
	}
	c, d, err := rateArgs(name, rest[0], rest[1])
	if err != nil {
		return err
	}
	r, err := parseRate(rest[2])
	if err != nil {
		return usagef(name, "%s: rate %q: %v", name, rest[2], err)
	}
	return a.withBook(func(b *ledger.Book) error {
		if err := b.SetRate(a.ctx, c, d, r); err != nil {
			return fmt.Errorf("rate of %s on %s: %w", c.Code(), rest[1], err)
		}
		o := rateOutput{Currency: c.Code(), Date: d.String(), Rate: r.String(), Company: b.Currency().Code()}
		return a.emit(o, func(w io.Writer) error {
			_, err := fmt.Fprintln(w, "Rate set: "+o.text())
			return err
		})
	})
}

func cmdRateShow(a *app, name string, args []string) error {
	l := leaf{name: name, args: "CURRENCY", about: "Prints the exchange rate of a currency on a date: the latest set on or before it."}
	fs := a.flagSet(name)
	at := fs.String("at", "", "the `DATE` (default: the book's clock)")
	rest, err := a.parse(fs, l, args, 1, 1)
	if err != nil {
		return err
	}
	return a.readBook(func(b *ledger.Book) error {
		date := *at
		if date == "" {
			date = journal.DateOf(b.Now()).String()
		}
		c, d, err := rateArgs(name, rest[0], date)
		if err != nil {
			return err
		}
		if c == b.Currency() {
			o := rateOutput{Currency: c.Code(), Date: d.String(), Rate: "1", Company: c.Code()}
			return a.emit(o, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "%s is the company currency: 1 %s = 1 %s, no rate is needed\n", c.Code(), c.Code(), c.Code())
				return err
			})
		}
		r, from, err := b.Rate(a.ctx, c, d)
		if err != nil {
			return fmt.Errorf("rate of %s on %s: %w", c.Code(), frenchDate(d.String()), err)
		}
		o := rateOutput{Currency: c.Code(), Date: from.String(), Rate: r.String(), Company: b.Currency().Code()}
		return a.emit(o, func(w io.Writer) error {
			_, err := fmt.Fprintln(w, o.text())
			return err
		})
	})
}

// parseRate reads a rate typed on the command line, with a decimal point
// or comma, as amounts are read: a plain decimal, never an exponent ("1e2"
// would set a rate of 100), NaN, infinity or hexadecimal.
func parseRate(s string) (currency.Rate, error) {
	t := strings.Replace(s, ",", ".", 1)
	if !plainDecimal(t) {
		return currency.Rate{}, fmt.Errorf("%w: write a plain decimal such as 1.0842 or 1,0842 (no exponent, NaN, infinity or hexadecimal)", currency.ErrSyntax)
	}
	return currency.ParseRate(t)
}
