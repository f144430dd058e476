package main

import (
	"fmt"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

func cmdBadDebt(a *app, name string, args []string) error {
	l := leaf{name: name, args: "NUMBER", about: `Writes off what a customer still owes on invoice NUMBER as lost (créance
irrécouvrable: a liquidation closed, a debt certified irrecoverable), on
--date, and recovers the VAT of the lost part. One entry takes the
residual off 411000, lettered with the invoice, and splits it as the
invoice does: the VAT on debits back on 445710 (the VAT report lowers the
period of --date), the rest on 654000. The VAT on receipts of the unpaid
part was never due: it goes back out of 445740 with the loss. What was
paid is untouched, and the invoice is then paid; 'lettrage unletter
NUMBER' undoes it with the invoice's lettering. A debt moved to 416000
('lettrage doubtful NUMBER') is written off from there, the same way. A
supplier's bill is no bad debt.`}
	return invoiceOperation(a, name, l, args, "the `DATE` of the loss (YYYY-MM-DD), not before the invoice",
		"the entry's `TEXT`, the reason (default \"Créance irrécouvrable\" and the invoice's number)",
		func(rec *reconcile.Reconciler, op journal.ID, inv journal.ID, d journal.Date, jrnl, label string) (reconcile.Result, error) {
			return rec.WriteOffBadDebt(a.ctx, reconcile.BadDebt{Operation: op, Invoice: inv, Date: d, Journal: jrnl, Label: label})
		})
}

// invoiceOperation runs a command that posts one operation on a customer
// invoice named by its number (a bad debt, a move to doubtful customers):
// --date (required), --journal, --label and --id, the invoice found, do
// called, the result printed as the invoice's.
func invoiceOperation(a *app, name string, l leaf, args []string, dateHelp, labelHelp string,
	do func(rec *reconcile.Reconciler, op, inv journal.ID, d journal.Date, jrnl, label string) (reconcile.Result, error)) error {
	fs := a.flagSet(name)
	date := fs.String("date", "", dateHelp)
	journalCode := fs.String("journal", "", "the `JOURNAL` of the entry (default OD)")
	label := fs.String("label", "", labelHelp)
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
		res, err := do(rec, op, inv.ID, d, *journalCode, *label)
		if err != nil {
			return fmt.Errorf("%s %s: %w", name, rest[0], err)
		}
		return emitDocumentResult(a, b, rec, res, inv)
	})
}
