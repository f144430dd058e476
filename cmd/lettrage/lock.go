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
	return lockOutput{General: s(l.General), Tax: s(l.Tax), Closed: s(l.Closed)}
}

func cmdLock(a *app, name string, args []string) error {
	l := leaf{name: name, about: `Locks a period: no entry may be dated on or before --period once the
month is reviewed, and none touching a tax account on or before --tax once
its VAT return is filed. Without a flag, prints the lock dates in force.
Moving a date back reopens a period, and is recorded with --reason like
any change; a closed fiscal year never reopens ('lettrage close').`}
	fs := a.flagSet(name)
	period := fs.String("period", "", "the general lock `DATE` (YYYY-MM-DD); \"none\" removes it")
	taxDate := fs.String("tax", "", "the tax lock `DATE`, the end of the last VAT return filed; \"none\" removes it")
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
		if *period != "" {
			if err := b.SetLockDate(a.ctx, ledger.LockGeneral, general, *reason); err != nil {
				return fmt.Errorf("lock --period: %w", err)
			}
		}
		if *taxDate != "" {
			if err := b.SetLockDate(a.ctx, ledger.LockTax, tax, *reason); err != nil {
				return fmt.Errorf("lock --tax: %w", err)
			}
		}
		ld, err := b.LockDates(a.ctx)
		if err != nil {
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
