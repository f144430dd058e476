package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/cockroachdb/apd/v3"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// penaltyInvoiceOutput is an invoice paid late as 'dunning penalties'
// prints it.
type penaltyInvoiceOutput struct {
	Number    string `json:"number"`
	Ref       string `json:"ref,omitempty"`
	Date      string `json:"date"`
	Through   string `json:"invoiced_through,omitempty"` // the latest date its penalties were invoiced at
	Days      int    `json:"days"`                       // the days counted, summed over the late parts
	Penalty   string `json:"penalty"`                    // in the company currency
	Indemnity string `json:"indemnity"`
	// PenaltyCurrency is the penalty in Currency, given only when it is
	// not the book's.
	PenaltyCurrency string `json:"penalty_currency,omitempty"`
	Currency        string `json:"currency,omitempty"`
}

// penaltyCustomerOutput is a customer's penalties.
type penaltyCustomerOutput struct {
	Partner     string                 `json:"partner"`
	Name        string                 `json:"name,omitempty"`
	Penalties   string                 `json:"penalties"`
	Indemnities string                 `json:"indemnities"`
	Total       string                 `json:"total"`
	Invoices    []penaltyInvoiceOutput `json:"invoices"`
}

// penaltiesOutput is what 'dunning penalties' prints.
type penaltiesOutput struct {
	At          string                  `json:"at"`
	Rate        string                  `json:"rate"` // annual, in percent
	Customers   []penaltyCustomerOutput `json:"customers"`
	Penalties   string                  `json:"penalties"`
	Indemnities string                  `json:"indemnities"`
	Total       string                  `json:"total"`
	Entries     []entryOutput           `json:"entries,omitempty"` // --post: the penalty invoices posted
	Replay      bool                    `json:"replay,omitempty"`
	Operation   string                  `json:"operation,omitempty"`
}

// parsePenaltyRate reads --rate: an annual rate in percent, with a
// decimal point or comma and an optional "%": "12.15", "12,15 %".
func parsePenaltyRate(s string) (*apd.Decimal, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	t = strings.Replace(t, ",", ".", 1)
	d, _, err := apd.NewFromString(t)
	if err != nil || d.Form != apd.Finite || strings.ContainsAny(t, "eEnNiI") {
		return nil, fmt.Errorf("%q is not a rate in percent (12.15 for 12,15 %%)", s)
	}
	if d.Sign() < 0 || d.Cmp(apd.New(reconcile.PenaltyRateMax, 0)) > 0 {
		return nil, fmt.Errorf("%s %%: the annual rate in percent, from 0 to %d (12.15 for 12,15 %%)", s, reconcile.PenaltyRateMax)
	}
	return d, nil
}

func cmdDunningPenalties(a *app, name string, args []string) error {
	l := leaf{name: name, args: "[CUSTOMER]", about: `Lists the late-payment penalties (pénalités de retard) and the recovery
indemnity (indemnité forfaitaire pour frais de recouvrement, 40 € per
invoice) that CUSTOMER, or every customer, owes at --date by law (Code de
commerce L441-10, D441-5), per invoice paid after its due date or still
open and overdue. Each instalment counts from the day after its due date:
a part paid counts the days to its payment, what is still open the days
to --date; penalties = part × --rate × days / 365, rounded to the cent
once per invoice. --rate is the annual rate in percent (12.15: the ECB's
refinancing rate plus 10 points). What was invoiced already is not
counted again; the part of an invoice a credit note credits owes nothing,
nor does a bad debt written off. --post invoices them: one invoice per customer in the
sales journal (--journal), due on --date, its penalties on 763100 and
its indemnities on 758800, without VAT; each invoice concerned records
what was invoiced. 'lettrage reverse' of that invoice makes them count
again. Nothing is posted when nothing is owed.`}
	fs := a.flagSet(name)
	date := fs.String("date", "", "the `DATE` the penalties are counted to, and of the invoices --post posts (required)")
	rateText := fs.String("rate", "", "the annual `RATE` in percent: 12.15 for 12,15 % (required)")
	indemnityText := fs.String("indemnity", "", "the recovery indemnity per invoice, as `AMOUNT` (default 40.00; 0 for none)")
	post := fs.Bool("post", false, "invoice them to the customers")
	journalCode := fs.String("journal", "", "the `JOURNAL` of the penalty invoices, with --post (default VT)")
	var exclude listFlag
	fs.Var(&exclude, "exclude", "an invoice `NUMBER` in dispute, left out (repeatable)")
	opText := opFlag(fs)
	rest, err := a.parse(fs, l, args, 0, 1)
	if err != nil {
		return err
	}
	switch {
	case *date == "":
		return usagef(name, "%s: --date DATE, the day the penalties are counted to, is required", name)
	case *rateText == "":
		return usagef(name, "%s: --rate RATE, the annual rate in percent (12.15), is required", name)
	case !*post && (*journalCode != "" || *opText != ""):
		return usagef(name, "%s: --journal and --id go with --post", name)
	}
	at, err := parseDate(*date)
	if err != nil {
		return usagef(name, "--date: %v", err)
	}
	rate, err := parsePenaltyRate(*rateText)
	if err != nil {
		return usagef(name, "--rate: %v", err)
	}
	op, err := operation(name, *opText)
	if err != nil {
		return err
	}
	do := a.readBook
	if *post {
		do = a.withBook
	}
	return do(func(b *ledger.Book) error {
		q := reconcile.PenaltyQuery{At: at, Rate: rate, Partners: rest}
		if *indemnityText != "" {
			if q.Indemnity, err = parseAmount(b.Currency(), *indemnityText); err != nil {
				return usagef(name, "--indemnity: %v", err)
			}
			if q.Indemnity.Sign() < 0 {
				return usagef(name, "--indemnity %s: the indemnity per invoice is zero or more (0 for none)", *indemnityText)
			}
		}
		for _, n := range exclude {
			e, err := entryNamed(a, b, n)
			if err != nil {
				return err
			}
			q.Exclude = append(q.Exclude, e.ID)
		}
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		// The list is read before the invoices are posted: after, it
		// would show nothing left to invoice.
		pen, err := rec.LatePenalties(a.ctx, q)
		if err != nil {
			return fmt.Errorf("penalties at %s: %w", at, err)
		}
		o := penaltiesOutputOf(b, pen, rate)
		if *post {
			res, err := rec.InvoicePenalties(a.ctx, reconcile.PenaltyInvoice{Operation: op, Query: q, Journal: *journalCode})
			if err != nil {
				return fmt.Errorf("invoicing the penalties at %s: %w", at, err)
			}
			o.Replay, o.Operation = res.Replay, res.Operation.String()
			for _, e := range res.Entries {
				o.Entries = append(o.Entries, outputOf(e, res.Replay))
			}
		}
		return a.emit(o, func(w io.Writer) error { return printPenalties(w, o, *post) })
	})
}

func penaltiesOutputOf(b *ledger.Book, pen reconcile.Penalties, rate *apd.Decimal) penaltiesOutput {
	o := penaltiesOutput{At: pen.At.String(), Rate: rate.Text('f'), Customers: []penaltyCustomerOutput{},
		Penalties: pen.Penalties.Plain(), Indemnities: pen.Indemnities.Plain(), Total: pen.Total.Plain()}
	for _, r := range pen.Rows {
		c := penaltyCustomerOutput{Partner: r.Partner, Name: r.Name, Penalties: r.Penalties.Plain(),
			Indemnities: r.Indemnities.Plain(), Total: r.Total.Plain(), Invoices: []penaltyInvoiceOutput{}}
		for _, it := range r.Items {
			x := penaltyInvoiceOutput{Number: it.Number, Ref: it.Reference, Date: it.Date.String(), Through: it.Through.String(),
				Penalty: it.Penalty.Plain(), Indemnity: it.Indemnity.Plain()}
			for _, s := range it.Slices {
				x.Days += s.Days
			}
			if cur := it.PenaltyCurrency.Currency(); cur != b.Currency() {
				x.PenaltyCurrency, x.Currency = it.PenaltyCurrency.Plain(), cur.Code()
			}
			c.Invoices = append(c.Invoices, x)
		}
		o.Customers = append(o.Customers, c)
	}
	return o
}

// printPenalties prints the penalties, then the invoices posted.
func printPenalties(w io.Writer, o penaltiesOutput, post bool) error {
	rate := currency.FrenchDecimal(o.Rate) + " %"
	if len(o.Customers) == 0 {
		fmt.Fprintf(w, "No penalties owed at %s at %s: no invoice paid late that was not invoiced already\n", frenchDate(o.At), rate)
	}
	for _, c := range o.Customers {
		fmt.Fprintf(w, "%s %s: %s of penalties at %s, %s of indemnities, %s in all\n", c.Partner, c.Name,
			currency.FrenchDecimal(c.Penalties), rate, currency.FrenchDecimal(c.Indemnities), currency.FrenchDecimal(c.Total))
		for _, it := range c.Invoices {
			own := ""
			if it.Currency != "" {
				own = " (" + currency.FrenchDecimal(it.PenaltyCurrency) + " " + it.Currency + ")"
			}
			fmt.Fprintf(w, "  %-16s %-12s %5d days  penalties %12s%s  indemnity %8s\n", it.Number, it.Ref, it.Days,
				currency.FrenchDecimal(it.Penalty), own, currency.FrenchDecimal(it.Indemnity))
		}
	}
	if len(o.Customers) > 0 {
		fmt.Fprintf(w, "Total: %s of penalties, %s of indemnities, %s\n", currency.FrenchDecimal(o.Penalties),
			currency.FrenchDecimal(o.Indemnities), currency.FrenchDecimal(o.Total))
	}
	if post {
		switch {
		case o.Replay && len(o.Entries) > 0:
			// A replay of an operation posted before: the list above is
			// read after it, so it shows nothing left; its invoices are
			// what the operation posted.
			fmt.Fprintf(w, "Already posted by operation %s:\n", o.Operation)
		case len(o.Entries) == 0 && len(o.Customers) > 0:
			fmt.Fprintln(w, "Nothing to invoice: nothing posted")
		}
		for _, e := range o.Entries {
			printEntry(w, e)
		}
	}
	return nil
}
