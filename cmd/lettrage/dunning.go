package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/print"
	"github.com/lettrage/lettrage/reconcile"
)

// dunningItemOutput is an overdue invoice as the dunning commands print it.
type dunningItemOutput struct {
	Number      string `json:"number"`
	Ref         string `json:"ref,omitempty"`
	Date        string `json:"date"`
	Due         string `json:"due"`
	DaysOverdue int    `json:"days_overdue"`
	Residual    string `json:"residual"` // in the company currency
	// ResidualCurrency is the residual in Currency, given only when it is
	// not the book's.
	ResidualCurrency string `json:"residual_currency,omitempty"`
	Currency         string `json:"currency,omitempty"`
	Level            int    `json:"level"` // reached by its days overdue; 0 before the first
	LastLevel        int    `json:"last_level,omitempty"`
	LastDate         string `json:"last_date,omitempty"`
	New              bool   `json:"new"` // due a reminder of its level
}

// dunningOutput is a customer's dunning row: what it would receive, or
// what it was sent.
type dunningOutput struct {
	Partner   string              `json:"partner"`
	Name      string              `json:"name,omitempty"`
	Level     int                 `json:"level"`
	Next      int                 `json:"next"` // the level of the letter due now; 0: nothing new
	NextName  string              `json:"next_name,omitempty"`
	Due       string              `json:"due"`
	Credits   string              `json:"credits"`
	Net       string              `json:"net"`
	Items     []dunningItemOutput `json:"items"`
	Letter    string              `json:"letter,omitempty"`    // send: the PDF written
	Reminded  int                 `json:"reminded,omitempty"`  // send: the invoices the reminder was recorded on
	Operation string              `json:"operation,omitempty"` // send: the reminder's operation id
}

// dunningRunOutput is what the dunning commands print.
type dunningRunOutput struct {
	At        string          `json:"at"`
	Customers []dunningOutput `json:"customers"`
}

func dunningOf(b *ledger.Book, row reconcile.DunningRow) dunningOutput {
	net, err := row.Due.Sub(row.Unallocated)
	if err != nil {
		net = row.Due // the same currency: cannot fail
	}
	o := dunningOutput{Partner: row.Partner, Name: row.Name, Level: row.Level, Next: row.Next, Due: row.Due.Plain(),
		Credits: row.Unallocated.Plain(), Net: net.Plain(), Items: []dunningItemOutput{}}
	if row.Next > 0 {
		o.NextName = row.Ladder[row.Next-1].Name
	}
	for _, it := range row.Items {
		x := dunningItemOutput{Number: it.Number, Ref: it.Reference, Date: it.Date.String(), Due: it.DueDate.String(),
			DaysOverdue: it.DaysOverdue, Residual: it.Residual.Plain(), Level: it.Level, New: it.Proposed()}
		if it.DueDate.IsZero() {
			x.Due = it.Date.String()
		}
		if c := it.ResidualCurrency.Currency(); it.ResidualCurrency.IsSet() && c != b.Currency() {
			x.ResidualCurrency, x.Currency = it.ResidualCurrency.Plain(), c.Code()
		}
		if it.Last != nil {
			x.LastLevel, x.LastDate = it.Last.Level, it.Last.Date.String()
		}
		o.Items = append(o.Items, x)
	}
	return o
}

// dunningFlags are the flags dunning list and send share.
type dunningFlags struct {
	at       *string
	partners listFlag
	exclude  listFlag
}

func addDunningFlags(a *app, name, atUsage string) (*dunningFlags, *flag.FlagSet) {
	fs := a.flagSet(name)
	f := &dunningFlags{at: fs.String("at", "", atUsage)}
	fs.Var(&f.partners, "partner", "a customer `PARTNER` (repeatable; default: every one)")
	fs.Var(&f.exclude, "exclude", "an invoice `NUMBER` in dispute, left out (repeatable)")
	return f, fs
}

// query is the dunning run the flags ask for, at at.
func (f *dunningFlags) query(a *app, b *ledger.Book, at journal.Date) (reconcile.DunningQuery, error) {
	q := reconcile.DunningQuery{At: at, Partners: f.partners}
	for _, n := range f.exclude {
		e, err := entryNamed(a, b, n)
		if err != nil {
			return q, err
		}
		q.Exclude = append(q.Exclude, e.ID)
	}
	return q, nil
}

func cmdDunningList(a *app, name string, args []string) error {
	l := leaf{name: name, about: `Lists the customers with invoices overdue at --at (default today): each
invoice with its due date, days late, what remains due and the reminder
level it has reached (first reminder at 15 days past due, second at 30,
formal notice — mise en demeure — at 45), the last reminder sent for it,
and the letter 'lettrage dunning send' would send now: the highest level
an invoice reached and was not reminded at. Unapplied credit notes and
payments on account are deducted from what is due. --exclude leaves an
invoice in dispute out.`}
	f, fs := addDunningFlags(a, name, "the `DATE` of the run (default: today)")
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	return a.readBook(func(b *ledger.Book) error {
		at := journal.DateOf(b.Now())
		if *f.at != "" {
			var err error
			if at, err = parseDate(*f.at); err != nil {
				return usagef(name, "--at: %v", err)
			}
		}
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		q, err := f.query(a, b, at)
		if err != nil {
			return err
		}
		run, err := rec.Dunning(a.ctx, q)
		if err != nil {
			return fmt.Errorf("dunning at %s: %w", at, err)
		}
		o := dunningRunOutput{At: at.String(), Customers: []dunningOutput{}}
		for _, row := range run.Rows {
			o.Customers = append(o.Customers, dunningOf(b, row))
		}
		return a.emit(o, func(w io.Writer) error {
			if len(o.Customers) == 0 {
				_, err := fmt.Fprintf(w, "No customer has an invoice overdue at %s\n", frenchDate(o.At))
				return err
			}
			for _, c := range o.Customers {
				what := "nothing new to send"
				if c.Next > 0 {
					what = "would receive: " + c.NextName
				}
				printDunning(w, c, what)
			}
			return nil
		})
	})
}

// printDunning prints a customer's row under a heading saying what it
// receives.
func printDunning(w io.Writer, c dunningOutput, what string) {
	fmt.Fprintf(w, "%s %s: %s overdue, %s due, %s of credits, %s net; %s\n", c.Partner, c.Name, plural(len(c.Items), "invoice"),
		currency.FrenchDecimal(c.Due), currency.FrenchDecimal(c.Credits), currency.FrenchDecimal(c.Net), what)
	for _, it := range c.Items {
		last := ""
		if it.LastLevel > 0 {
			last = fmt.Sprintf("  reminded: level %d on %s", it.LastLevel, frenchDate(it.LastDate))
		}
		own := ""
		if it.Currency != "" {
			own = " (" + currency.FrenchDecimal(it.ResidualCurrency) + " " + it.Currency + ")"
		}
		mark := " "
		if it.New {
			mark = "*"
		}
		fmt.Fprintf(w, "  %s %-16s due %s %4d days  %14s%s  level %d%s\n", mark, it.Number, frenchDate(it.Due), it.DaysOverdue,
			currency.FrenchDecimal(it.Residual), own, it.Level, last)
	}
	if c.Letter != "" {
		fmt.Fprintf(w, "  letter %s written, the reminder recorded on %s\n", c.Letter, plural(c.Reminded, "invoice"))
	}
}

// dunningSpace names the operations of the reminders 'dunning send'
// records: one id per customer, date, level and invoices, so that a run
// interrupted after a letter was recorded and run again is replayed.
var dunningSpace = uuid.MustParse("6b1f0c62-5f8e-4f53-9a52-2b8f2f1c3d41")

func cmdDunningSend(a *app, name string, args []string) error {
	l := leaf{name: name, about: `Sends the reminders due at --at: for each customer 'lettrage dunning
list' says would receive one, writes the letter as a PDF into --dir,
named relance-CUSTOMER-DATE.pdf (a first reminder, a second, or the formal
notice — mise en demeure — recalling the late-payment penalties and the
40 € recovery indemnity the law adds, which are not posted), and records
the reminder on the overdue invoices it lists that were not reminded at
its level yet. Run again the same day, it sends nothing new; a customer's
next letter comes once an invoice reaches the next level.`}
	f, fs := addDunningFlags(a, name, "the `DATE` the letters are sent (required)")
	dir := fs.String("dir", ".", "the `DIR`ectory to write the letters to")
	company := fs.String("company", "", "the company's `NAME`, printed on the letters (required)")
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	switch {
	case *f.at == "":
		return usagef(name, "%s: --at DATE, the day the letters are sent, is required", name)
	case strings.TrimSpace(*company) == "":
		return usagef(name, "%s: --company NAME, printed on the letters, is required", name)
	}
	at, err := parseDate(*f.at)
	if err != nil {
		return usagef(name, "--at: %v", err)
	}
	return a.withBook(func(b *ledger.Book) error {
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		q, err := f.query(a, b, at)
		if err != nil {
			return err
		}
		run, err := rec.Dunning(a.ctx, q)
		if err != nil {
			return fmt.Errorf("dunning at %s: %w", at, err)
		}
		o := dunningRunOutput{At: at.String(), Customers: []dunningOutput{}}
		for _, row := range run.Rows {
			if row.Next == 0 {
				continue
			}
			c, err := sendReminder(a, b, rec, row, at, *dir, *company)
			if err != nil {
				return err
			}
			o.Customers = append(o.Customers, c)
		}
		return a.emit(o, func(w io.Writer) error {
			if len(o.Customers) == 0 {
				_, err := fmt.Fprintf(w, "No reminder to send at %s: nothing new is overdue\n", frenchDate(o.At))
				return err
			}
			for _, c := range o.Customers {
				printDunning(w, c, "sent: "+c.NextName)
			}
			return nil
		})
	})
}

// sendReminder writes a customer's letter of level row.Next, then records
// the reminder on the invoices it lists not reminded at that level yet.
// The letter is written first: a run that fails between the two writes
// the same letter again, and records it.
func sendReminder(a *app, b *ledger.Book, rec *reconcile.Reconciler, row reconcile.DunningRow, at journal.Date, dir, company string) (dunningOutput, error) {
	c := dunningOf(b, row)
	c.Letter = filepath.Join(dir, "relance-"+fileSafe(row.Partner)+"-"+at.String()+".pdf")
	if err := writeFileAtomic(c.Letter, func(w io.Writer) error { return print.ReminderLetter(w, company, row, row.Next, at) }); err != nil {
		return c, fmt.Errorf("reminder to %s: %w", row.Partner, err)
	}
	rm := reconcile.Reminder{Partner: row.Partner, Date: at, Level: row.Next, Levels: row.Ladder}
	key := fmt.Sprintf("%s\x00%s\x00%d", row.Partner, at, row.Next)
	for _, it := range row.Items {
		if it.Reminded < row.Next && !slices.Contains(rm.Documents, it.Ref.Entry) {
			rm.Documents = append(rm.Documents, it.Ref.Entry)
			key += "\x00" + it.Ref.Entry.String()
		}
	}
	rm.Operation = uuid.NewSHA1(dunningSpace, []byte(key))
	if _, err := rec.RecordReminder(a.ctx, rm); err != nil {
		return c, fmt.Errorf("reminder to %s, letter %s written: %w", row.Partner, c.Letter, err)
	}
	c.Reminded, c.Operation = len(rm.Documents), rm.Operation.String()
	return c, nil
}

// fileSafe is a partner code as a file name part: letters, digits, '-'
// and '_' kept, anything else (a '/' or a space) as '_'.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, s)
}
