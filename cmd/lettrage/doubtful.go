package main

import (
	"github.com/lettrage/lettrage/journal"
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
	return invoiceOperation(a, name, l, args, "the `DATE` the debt became doubtful (YYYY-MM-DD), not before the invoice",
		"the entry's `TEXT`, the reason (default \"Créance douteuse\" and the invoice's number)",
		func(rec *reconcile.Reconciler, op journal.ID, inv journal.ID, d journal.Date, jrnl, label string) (reconcile.Result, error) {
			return rec.MoveToDoubtful(a.ctx, reconcile.DoubtfulMove{Operation: op, Invoice: inv, Date: d, Journal: jrnl, Label: label})
		})
}
