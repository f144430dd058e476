package main

import (
	"fmt"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

func cmdDoubtful(a *app, name string, args []string) error {
	l := leaf{name: name, args: "NUMBER", about: `Moves what a customer still owes on invoice NUMBER to 416000, clients
douteux ou litigieux, on --date: the debt became doubtful (a dispute, a
collective procedure opened). One entry takes the residual off 411000,
lettered with the invoice, and puts it on 416000 with the same customer
and due date (a foreign invoice at its book value). The debt then shows
on 416000 in the aged balance; dunning and late-payment penalties leave
it out; 'lettrage impair' impairs it there, and 'lettrage baddebt NUMBER'
writes it off from there once it proves lost. A receipt is registered
against the invoice's number or the entry printed ('lettrage pay OD/…'):
it goes to 416000 either way. Moving a
debt is no payment: the VAT on receipts waits for the money received on
416000. 'lettrage unletter NUMBER' undoes the move with the invoice's
lettering.`}
	fs := a.flagSet(name)
	date := fs.String("date", "", "the `DATE` the debt became doubtful (YYYY-MM-DD), not before the invoice")
	journalCode := fs.String("journal", "", "the `JOURNAL` of the entry (default OD)")
	label := fs.String("label", "", "the entry's `TEXT`, the reason (default \"Créance douteuse\" and the invoice's number)")
	opText := opFlag(fs)
	rest, err := a.parse(fs, l, args, 1, 1)
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
	op, err := operation(name, *opText)
	if err != nil {
		return err
	}
	return a.withBook(func(b *ledger.Book) error {
		inv, err := entryNamed(a, b, rest[0])
		if err != nil {
			return err
		}
		rec, err := a.reconciler(b, name, "")
		if err != nil {
			return err
		}
		res, err := rec.MoveToDoubtful(a.ctx, reconcile.DoubtfulMove{Operation: op, Invoice: inv.ID, Date: d, Journal: *journalCode, Label: *label})
		if err != nil {
			return fmt.Errorf("doubtful %s: %w", rest[0], err)
		}
		return emitDocumentResult(a, b, rec, res, inv)
	})
}
