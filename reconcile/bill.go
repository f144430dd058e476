package reconcile

import (
	"context"
	"fmt"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
)

// Bill is a bill of exchange to draw: a customer's LCR (lettre de change
// relevé, an effet à recevoir) or the company's BOR to a supplier (billet
// à ordre relevé, an effet à payer).
type Bill struct {
	Operation journal.ID
	// Direction is Inbound for a customer's bill (money the bank collects
	// at maturity), Outbound for a bill to a supplier (money it pays).
	Direction Direction
	Partner   string
	Journal   string       // the journal of the bill's entry ("OD")
	Date      journal.Date // when the bill is drawn (accepted)
	DueDate   journal.Date // maturity: when the bank settles it
	// Invoices are the documents the bill pays, lettered with it in this
	// order; the bill's amount is what they owe.
	Invoices []journal.ID
	// Ref is the bill's number.
	Ref string
	// IBAN is the account the bill is domiciled at: the customer's (their
	// bank pays it) or the supplier's; empty takes the partner's first.
	IBAN ident.IBAN
}

// DrawBill moves what invoices owe onto a bill of exchange: a customer's
// invoices from the receivable account to bills receivable (413000), a
// supplier's from payables to bills payable (403000), lettered with the
// invoices. The bill's line carries its maturity as its due date and its
// label names the bank account, so that the bank line at maturity, which
// statement matching proposes by amount and date, settles it. It returns
// ErrDirection, ErrConfig when the chart has no bills account,
// ErrNotDocument, ErrPartner, ErrSettled, ErrAmount (nothing owed), the
// ident errors of a bad IBAN, posting errors, or ErrIdempotencyConflict.
func (r *Reconciler) DrawBill(ctx context.Context, b Bill) (Result, error) {
	return r.operation(ctx, b.Operation, "draw-bill", b, func(w *work) error {
		if b.Direction != Inbound && b.Direction != Outbound {
			return fmt.Errorf("%w: %v", ErrDirection, b.Direction)
		}
		if b.Date.IsZero() || b.DueDate.IsZero() || b.DueDate.Before(b.Date) {
			return fmt.Errorf("%w: a bill needs its date and a maturity on or after it", ErrAmount)
		}
		if err := checkTexts("bill", b.Ref, ""); err != nil {
			return err
		}
		billAccount := w.r.cfg.BillsReceivable
		if b.Direction == Outbound {
			billAccount = w.r.cfg.BillsPayable
		}
		if _, err := w.t.Account(billAccount); err != nil {
			return fmt.Errorf("%w: bills account %s: %v", ErrConfig, billAccount, err)
		}
		partner, err := w.t.Partner(b.Partner)
		if err != nil {
			return err
		}
		iban := b.IBAN
		if iban == "" && len(partner.BankAccounts) > 0 {
			iban = partner.BankAccounts[0].IBAN
		}
		if iban != "" {
			if iban, err = ident.ParseIBAN(string(iban)); err != nil {
				return err
			}
		}
		// The invoices are settled as a payment would settle them.
		docs, err := w.documentLines(b.Invoices, b.Partner, b.Direction)
		if err != nil {
			return err
		}
		if len(docs) == 0 {
			return fmt.Errorf("%w: a bill pays invoices", ErrNotDocument)
		}
		company := w.t.Book().Currency()
		total := currency.Zero(company)
		for _, it := range docs {
			if it.lineCurrency() != company {
				return fmt.Errorf("%w: %s is in %s: bills are drawn in %s", ErrAmount, it, it.lineCurrency(), company)
			}
			total = mustAdd(total, it.residual.Balance.Abs())
		}
		if total.IsZero() {
			return fmt.Errorf("%w: the invoices owe nothing", ErrSettled)
		}
		kind := "LCR"
		if b.Direction == Outbound {
			kind = "BOR"
		}
		label := fmt.Sprintf("%s %s échéance %s", kind, b.Ref, b.DueDate.Time().Format("02/01/2006"))
		if iban != "" {
			label += " " + iban.Paper()
		}
		from := docs[0].line.Account
		bill, settle := total, total.Neg() // inbound: debit the bill, credit the receivable
		if b.Direction == Outbound {
			bill, settle = total.Neg(), total
		}
		e := journal.Entry{Journal: b.Journal, Date: b.Date, Type: journal.TypePayment, Ref: b.Ref, Label: label,
			Lines: []journal.Line{
				{Account: from, Partner: b.Partner, Label: label, Balance: settle},
				{Account: billAccount, Partner: b.Partner, Label: label, DueDate: b.DueDate, Balance: bill},
			}}
		posted, _, err := w.wr.PostGenerated(e)
		if err != nil {
			return err
		}
		w.res.Entries = append(w.res.Entries, posted)
		line, err := w.load(posted.LineRef(0))
		if err != nil {
			return err
		}
		return w.letter(append([]*item{line}, docs...), letterOptions{keepOrder: true})
	})
}
