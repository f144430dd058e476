package main

import (
	"fmt"
	"io"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// lockOutput is the lock dates in force, and the change made, if any.
type lockOutput struct {
	General string `json:"general,omitempty"`
	Tax     string `json:"tax,omitempty"`
	Closed  string `json:"closed,omitempty"`
}

func lockOutputOf(l ledger.LockDates) lockOutput {
	s := func(d journal.Date) string {
		if d.IsZero() {
			return ""
		}
		return d.String()
	}
	// A lock no later than the closed years' end adds nothing to it.
	beyond := func(d journal.Date) journal.Date {
		if !l.Closed.IsZero() && !l.Closed.Before(d) {
			return journal.Date{}
		}
		return d
	}
	return lockOutput{General: s(beyond(l.General)), Tax: s(beyond(l.Tax)), Closed: s(l.Closed)}
}

func cmdLock(a *app, name string, args []string) error {
	l := leaf{name: name, about: `Locks a period: no entry may be dated on or before --period once the
month is reviewed, and none touching a tax account on or before --tax once
its VAT return is filed. Without a flag, prints the lock dates in force.
A date after today is refused. Moving a date back reopens a period, and is recorded with --reason like
any change; a closed fiscal year never reopens ('lettrage close').`}
	fs := a.flagSet(name)
	period := fs.String("period", "", "the general lock `DATE` (YYYY-MM-DD); \"none\" removes it (back to the last closed year's end)")
	taxDate := fs.String("tax", "", "the tax lock `DATE`, the end of the last VAT return filed; \"none\" removes it likewise")
	reason := fs.String("reason", "", "why, kept with the change")
	if _, err := a.parse(fs, l, args, 0, 0); err != nil {
		return err
	}
	parse := func(flagName, s string) (journal.Date, error) {
		if s == "none" {
			return journal.Date{}, nil
		}
		d, err := parseDate(s)
		if err != nil {
			return journal.Date{}, usagef(name, "--%s: %v", flagName, err)
		}
		return d, nil
	}
	var general, tax journal.Date
	var err error
	if *period != "" {
		if general, err = parse("period", *period); err != nil {
			return err
		}
	}
	if *taxDate != "" {
		if tax, err = parse("tax", *taxDate); err != nil {
			return err
		}
	}
	return a.withBook(func(b *ledger.Book) error {
		// A period is locked once it has ended: a date after today would
		// refuse the entries of days still to come. (One past the last
		// fiscal year's end the book refuses for that.)
		years, err := b.FiscalYears(a.ctx)
		if err != nil {
			return err
		}
		today := journal.DateOf(b.Now())
		for _, d := range []struct {
			flag string
			date journal.Date
		}{{"period", general}, {"tax", tax}} {
			if d.date.After(today) && len(years) > 0 && !d.date.After(years[len(years)-1].End) {
				return fmt.Errorf("--%s %s is after today (%s): a period is locked once it has ended", d.flag, d.date, today)
			}
		}
		ld, err := b.LockDates(a.ctx)
		if err != nil {
			return err
		}
		// "none" lifts a lock as far as it goes: to the end of the last
		// closed fiscal year, which stays locked for good.
		var changes []ledger.LockChange
		if *period != "" {
			if general.IsZero() {
				general = ld.Closed
			}
			changes = append(changes, ledger.LockChange{Kind: ledger.LockGeneral, Date: general, Reason: *reason})
		}
		if *taxDate != "" {
			if tax.IsZero() {
				tax = ld.Closed
			}
			changes = append(changes, ledger.LockChange{Kind: ledger.LockTax, Date: tax, Reason: *reason})
		}
		// Both in one transaction: a refused tax lock leaves the period's
		// as it was.
		if len(changes) > 0 {
			if err := b.SetLockDates(a.ctx, changes...); err != nil {
				return fmt.Errorf("lock: %w", err)
			}
		}
		if ld, err = b.LockDates(a.ctx); err != nil {
			return err
		}
		o := lockOutputOf(ld)
		return a.emit(o, func(w io.Writer) error {
			show := func(s string) string {
				if s == "" {
					return "none"
				}
				return s
			}
			fmt.Fprintf(w, "Period locked up to %s; tax locked up to %s", show(o.General), show(o.Tax))
			if o.Closed != "" {
				fmt.Fprintf(w, "; closed up to %s", o.Closed)
			}
			fmt.Fprintln(w)
			return nil
		})
	})
}
