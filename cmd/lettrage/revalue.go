package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// revalueOutput is what revalue posted.
type revalueOutput struct {
	Date    string        `json:"date"`
	Replay  bool          `json:"replay,omitempty"`
	Entries []entryOutput `json:"entries"`
}

func cmdRevalue(a *app, name string, args []string) error {
	l := leaf{name: name, about: `Brings what the book holds in foreign currencies to the closing rates on
--date, the last day of a fiscal year, in one operation:

  - the open invoices, credit notes and payments in a foreign currency on
    the receivable and payable accounts (écarts de conversion): the
    unrealised loss to 476000, the unrealised gain to 477000, per partner
    and currency, reversed on the next day; with --provision, a provision
    for the unrealised losses (Dr 681500 / Cr 151500), brought to the
    losses of each later closing;
  - the currency held in bank and cash accounts added with a currency of
    their own ('account add 512400 --kind bank --currency USD'): its
    difference is a gain (766000) or a loss (666000) of the year, not
    reversed. A euro account's dollar lines say what a payment was made
    in, which the bank converted: they are not revalued.

A currency's closing rate is --rate CODE=RATE (1 unit of the company
currency is worth RATE units of CODE, as 'rate set' takes it), else the
book's rate on --date. The open items' revaluation is reversed on the next
day, which must be in a fiscal year of the book ('lettrage year add').
Run again for the same date, it posts only what changed (nothing at the
same rates); run it before 'close'.

A lettering dated on or before a revalued date that changes what it
revalued (a payment of that day found on the next statement, a bad debt
written off that day) is refused while the revaluation stands: --undo
takes the open items' revaluation of --date back (not the cash's), then
letter, then run revalue for --date again.`}
	fs := a.flagSet(name)
	date := fs.String("date", "", "the closing `DATE` (YYYY-MM-DD), usually the fiscal year's last day")
	var rates multiFlag
	fs.Var(&rates, "rate", "a closing rate `CODE=RATE` (repeatable): USD=1.05")
	provision := fs.Bool("provision", false, "also provide for the unrealised losses (681500 / 151500)")
	journalCode := fs.String("journal", "", "the `JOURNAL` of the entries (default OD)")
	undo := fs.Bool("undo", false, "take back the open items' revaluation of --date instead, to letter on or before it")
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	if *date == "" {
		return usagef(name, "--date is required")
	}
	d, err := parseDate(*date)
	if err != nil {
		return usagef(name, "--date: %v", err)
	}
	if *undo && len(rates) > 0 {
		return usagef(name, "--undo takes no --rate: it takes back what the revaluation of --date posted")
	}
	rv := reconcile.Revaluation{Date: d, Provision: *provision, Journal: *journalCode, Cash: !*undo, Undo: *undo}
	for _, r := range rates {
		code, value, ok := strings.Cut(r, "=")
		code = strings.ToUpper(code) // as 'rate set' takes it
		if !ok || code == "" || value == "" {
			return usagef(name, "--rate %q: give CODE=RATE, as USD=1.05", r)
		}
		rate, err := parseRate(value)
		if err != nil {
			return usagef(name, "--rate %q: %v", r, err)
		}
		if rv.Rates == nil {
			rv.Rates = map[string]currency.Rate{}
		}
		if _, dup := rv.Rates[code]; dup {
			return usagef(name, "--rate %s is given twice", code)
		}
		rv.Rates[code] = rate
	}
	return a.withBook(func(b *ledger.Book) error {
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		res, err := rec.Revalue(a.ctx, rv)
		if err != nil {
			return fmt.Errorf("revalue on %s: %w", d.French(), err)
		}
		o := revalueOutput{Date: d.String(), Replay: res.Replay, Entries: []entryOutput{}}
		for _, e := range res.Entries {
			o.Entries = append(o.Entries, outputOf(e, res.Replay))
		}
		return a.emit(o, func(w io.Writer) error {
			if len(o.Entries) == 0 {
				_, err := fmt.Fprintf(w, "Nothing to revalue on %s: the foreign items and cash are at the closing rates\n", d.French())
				return err
			}
			for _, e := range o.Entries {
				printEntry(w, e)
			}
			return nil
		})
	})
}
