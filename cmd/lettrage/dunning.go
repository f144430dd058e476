package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
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
	Partner  string `json:"partner"`
	Name     string `json:"name,omitempty"`
	Level    int    `json:"level"`
	Next     int    `json:"next"` // the level of the letter due now; 0: nothing new
	NextName string `json:"next_name,omitempty"`
	Due      string `json:"due"`
	Credits  string `json:"credits"`
	Net      string `json:"net"`
	// Totals are due, credits and net per currency, given only when a
	// currency is not the book's: what the letter claims.
	Totals    []dunningTotalOutput `json:"totals,omitempty"`
	Items     []dunningItemOutput  `json:"items"`
	Letter    string               `json:"letter,omitempty"`    // send: the PDF written
	Reminded  int                  `json:"reminded,omitempty"`  // send: the overdue items (invoices, instalments) the reminder was recorded on
	Operation string               `json:"operation,omitempty"` // send: the reminder's operation id

	nothingToClaim bool // the credits cover the debts: no letter, whatever the levels
}

// dunningTotalOutput is what a customer owes in one currency.
type dunningTotalOutput struct {
	Currency string `json:"currency"`
	Due      string `json:"due"`
	Credits  string `json:"credits"`
	Net      string `json:"net"`
}

// dunningRunOutput is what the dunning commands print.
type dunningRunOutput struct {
	At        string          `json:"at"`
	Customers []dunningOutput `json:"customers"`
}

func dunningOf(b *ledger.Book, row reconcile.DunningRow) dunningOutput {
	o := dunningOutput{Partner: row.Partner, Name: row.Name, Level: row.Level, Next: row.Next, Due: row.Due.Plain(),
		Credits: row.Unallocated.Plain(), Net: row.Net.Plain(), Items: []dunningItemOutput{}}
	if row.Next > 0 {
		o.NextName = row.Ladder[row.Next-1].Name
	}
	o.nothingToClaim = row.Net.Sign() <= 0 || !slices.ContainsFunc(row.Totals, func(t reconcile.DunningTotal) bool { return t.Net.Sign() > 0 })
	if len(row.Totals) > 1 || len(row.Totals) == 1 && row.Totals[0].Currency != b.Currency() {
		for _, t := range row.Totals {
			o.Totals = append(o.Totals, dunningTotalOutput{Currency: t.Currency.Code(), Due: t.Due.Plain(),
				Credits: t.Unallocated.Plain(), Net: t.Net.Plain()})
		}
	}
	for _, it := range row.Items {
		x := dunningItemOutput{Number: it.Number, Ref: it.Reference, Date: it.Date.String(), Due: it.DueDate.String(),
			DaysOverdue: it.DaysOverdue, Residual: it.Residual.Plain(), Level: it.Level, New: it.Proposed()}
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
// run is the dunning the flags ask for at date at, with the Reconciler
// that read it.
func (f *dunningFlags) run(a *app, b *ledger.Book, name string, at journal.Date) (*reconcile.Reconciler, reconcile.Dunning, error) {
	rec, err := a.reconciler(b, name, "")
	if err != nil {
		return nil, reconcile.Dunning{}, err
	}
	q, err := f.query(a, b, at)
	if err != nil {
		return nil, reconcile.Dunning{}, err
	}
	run, err := rec.Dunning(a.ctx, q)
	if err != nil {
		return nil, reconcile.Dunning{}, fmt.Errorf("dunning at %s: %w", at, err)
	}
	return rec, run, nil
}

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
and the letter 'lettrage dunning send' would send now. A letter is due
when an invoice reached a level it was not reminded at and the customer
owes something once its unapplied credit notes and payments on account
are deducted; it is at the customer's level, the highest an invoice
reached or was reminded at (a new invoice of a customer already sent a
formal notice brings another formal notice). An invoice in instalments
is listed per instalment. Totals are given per currency when an invoice
is in another than the book's. --exclude leaves an invoice in dispute
out.`}
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
		_, run, err := f.run(a, b, name, at)
		if err != nil {
			return err
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
				if c.nothingToClaim {
					what = "nothing to claim: the credits cover the debts"
				}
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
named relance-CUSTOMER-DATE.pdf, or relance-CUSTOMER-DATE-2.pdf and so on
when a letter of that day is there already: a letter sent is never
overwritten. The letter is a first reminder, a second, or the formal
notice — mise en demeure — recalling the late-payment penalties and the
40 € recovery indemnity the law adds ('lettrage dunning penalties'
computes and invoices them); it claims each currency's net. The reminder is recorded, at the letter's level, on
the overdue invoices (instalments) it lists that were not reminded at
that level yet. Run again the same day, it sends nothing new; a
customer's next letter comes once an invoice reaches a level it was not
reminded at.`}
	f, fs := addDunningFlags(a, name, "the `DATE` the letters are sent (required)")
	dir := fs.String("dir", ".", "the `DIR`ectory to write the letters to, made if missing")
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
	// The directory is made if need be, and must take the letters before
	// any reminder is recorded.
	if err := makeDir(*dir); err != nil {
		return err
	}
	return a.withBook(func(b *ledger.Book) error {
		rec, run, err := f.run(a, b, name, at)
		if err != nil {
			return err
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
// the reminder on the items it lists not reminded at that level yet.
// The letter is written first: a run that fails between the two writes
// the letter again, under the next free name, and records it.
func sendReminder(a *app, b *ledger.Book, rec *reconcile.Reconciler, row reconcile.DunningRow, at journal.Date, dir, company string) (dunningOutput, error) {
	c := dunningOf(b, row)
	letter, err := writeNewLetter(dir, "relance-"+fileSafe(row.Partner)+"-"+at.String(),
		func(w io.Writer) error { return print.ReminderLetter(w, company, row, row.Next, at) })
	if err != nil {
		return c, fmt.Errorf("reminder to %s: %w", row.Partner, err)
	}
	c.Letter = letter
	rm := reconcile.Reminder{Partner: row.Partner, Date: at, Level: row.Next, Levels: row.Ladder}
	key := fmt.Sprintf("%s\x00%s\x00%d", row.Partner, at, row.Next)
	for _, it := range row.Items {
		if it.Reminded < row.Next && !slices.Contains(rm.Lines, it.Ref) {
			rm.Lines = append(rm.Lines, it.Ref)
			key += "\x00" + it.Ref.String()
		}
	}
	rm.Operation = uuid.NewSHA1(dunningSpace, []byte(key))
	if _, err := rec.RecordReminder(a.ctx, rm); err != nil {
		return c, fmt.Errorf("reminder to %s, letter %s written: %w", row.Partner, c.Letter, err)
	}
	c.Reminded, c.Operation = len(rm.Lines), rm.Operation.String()
	return c, nil
}

// lettersSameDayMax is the most letters of one customer and day
// writeNewLetter names: relance-C-D.pdf, then -2 to -99.
const lettersSameDayMax = 99

// writeNewLetter writes a letter into dir as base.pdf, or base-2.pdf and
// so on when that file exists: a letter sent is never overwritten. The
// name is reserved by creating it exclusively, then the letter written
// over the empty reservation; a failed letter leaves no file. It returns
// the path written; something other than a file under the name (a
// directory) is an error, not skipped.
func writeNewLetter(dir, base string, fn func(w io.Writer) error) (string, error) {
	for n := 1; n <= lettersSameDayMax; n++ {
		path := filepath.Join(dir, base+".pdf")
		if n > 1 {
			path = filepath.Join(dir, fmt.Sprintf("%s-%d.pdf", base, n))
		}
		if fi, err := os.Stat(path); err == nil {
			if fi.Mode().IsRegular() {
				continue // a letter sent before
			}
			return path, fmt.Errorf("cannot write %s: it is a %s, not a letter", path, fileKind(fi))
		} else if !errors.Is(err, fs.ErrNotExist) {
			return path, cannotWrite(path, err)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue // written meanwhile, or a dangling link
		} else if err != nil {
			return path, cannotWrite(path, err)
		}
		if err := f.Close(); err != nil {
			os.Remove(path)
			return path, cannotWrite(path, err)
		}
		if err := writeFileAtomic(path, fn); err != nil {
			os.Remove(path)
			return path, err
		}
		return path, nil
	}
	return "", fmt.Errorf("cannot write %s.pdf: %d letters of that day in %s already", base, lettersSameDayMax, dir)
}

// fileKind names what a file that is not a regular one is.
func fileKind(fi fs.FileInfo) string {
	if fi.IsDir() {
		return "directory"
	}
	return "special file"
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
