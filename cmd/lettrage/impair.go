package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// impairedOutput is one customer's impairment held at a date.
type impairedOutput struct {
	Partner  string `json:"partner"`
	Name     string `json:"name,omitempty"`
	Impaired string `json:"impaired"`
	Owed     string `json:"owed"`
}

// impairOutput is what impair posted, and the impairments then held.
type impairOutput struct {
	Date     string           `json:"date"`
	Replay   bool             `json:"replay,omitempty"`
	Entries  []entryOutput    `json:"entries"`
	Impaired []impairedOutput `json:"impaired"`
}

func cmdImpair(a *app, name string, args []string) error {
	l := leaf{name: name, args: "[CUSTOMER=AMOUNT]...", about: `Brings the impairment (dépréciation) of doubtful customers' debts to your
estimates at the closing --date, each CUSTOMER=AMOUNT the impairment the
customer's debts need: what you expect to lose of them, net of VAT (the VAT
of a debt that proves lost is recovered). An estimate above what is held is
a charge (Dr 681740 / Cr 491000); below, a reprise (Dr 491000 / Cr 781740):
an impairment of an earlier year taken back is income of this one. Run
again for the same closing, it replaces that closing's own entries, so the
year's charge is one figure; the same estimates post nothing. C01=0 takes
back all that is held, once a debt is paid or written off as lost.

An estimate more than the customer owes on the receivable accounts at
--date (VAT included) is refused. With no CUSTOMER=AMOUNT, it lists the
impairments held at --date beside what each customer owes.`}
	fs := a.flagSet(name)
	date := fs.String("date", "", "the closing `DATE` (YYYY-MM-DD), usually the fiscal year's last day")
	journalCode := fs.String("journal", "", "the `JOURNAL` of the entries (default OD)")
	opText := opFlag(fs)
	rest, err := a.parse(fs, l, args, 0, -1)
	if err != nil {
		return err
	}
	op, err := operation(name, *opText)
	if err != nil {
		return err
	}
	if *date == "" {
		return usagef(name, "--date is required")
	}
	d, err := parseDate(*date)
	if err != nil {
		return usagef(name, "--date: %v", err)
	}
	return a.withBook(func(b *ledger.Book) error {
		im := reconcile.Impairment{Operation: op, Date: d, Journal: *journalCode}
		for _, arg := range rest {
			code, value, ok := strings.Cut(arg, "=")
			if !ok || code == "" || value == "" {
				return usagef(name, "%q: give CUSTOMER=AMOUNT, as C01=1500,00", arg)
			}
			if slices.ContainsFunc(im.Debts, func(d reconcile.DoubtfulDebt) bool { return d.Partner == code }) {
				return usagef(name, "%s: customer %s is named twice: give each customer once, with its whole impairment", arg, code)
			}
			amount, err := parseAmount(b.Currency(), value)
			if err != nil {
				return usagef(name, "%s: %v", arg, err)
			}
			if amount.Sign() < 0 {
				return usagef(name, "%s: an impairment is zero or more (zero takes it all back)", arg)
			}
			im.Debts = append(im.Debts, reconcile.DoubtfulDebt{Partner: code, Amount: amount})
		}
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		o := impairOutput{Date: d.String(), Entries: []entryOutput{}, Impaired: []impairedOutput{}}
		if len(im.Debts) > 0 {
			res, err := rec.Impair(a.ctx, im)
			if err != nil {
				return fmt.Errorf("impair on %s: %w", d.French(), err)
			}
			o.Replay = res.Replay
			for _, e := range res.Entries {
				o.Entries = append(o.Entries, outputOf(e, res.Replay))
			}
		}
		held, err := rec.Impaired(a.ctx, d)
		if err != nil {
			return err
		}
		for _, h := range held {
			o.Impaired = append(o.Impaired, impairedOutput{Partner: h.Partner, Name: h.Name,
				Impaired: amountText(h.Impaired), Owed: amountText(h.Owed)})
		}
		return a.emit(o, func(w io.Writer) error {
			for _, e := range o.Entries {
				printEntry(w, e)
			}
			if len(im.Debts) > 0 && len(o.Entries) == 0 {
				fmt.Fprintf(w, "Nothing to post on %s: the impairments are at your estimates\n", d.French())
			}
			if len(o.Impaired) == 0 {
				_, err := fmt.Fprintf(w, "No impairment held on %s\n", d.French())
				return err
			}
			fmt.Fprintf(w, "Impairments held on %s:\n", d.French())
			for _, h := range o.Impaired {
				fmt.Fprintf(w, "  %-10s %-30s %14s of %14s owed\n", h.Partner, h.Name,
					currency.FrenchDecimal(h.Impaired), currency.FrenchDecimal(h.Owed))
			}
			return nil
		})
	})
}
