package bank

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// CreditTransfers turns a payment run of the book into the credit
// transfers of a SEPA file. The debtor is the company: the name the run
// was made with (PaymentRun.Debtor), else the one given, the address it
// was made with (PaymentRun.DebtorAddress), and the run's bank journal's
// IBAN. The file's creation time is the run's booking (its payments'
// posting time). Each creditor is the supplier with the bank account the
// run checked and pays (its first, for a run recorded before runs kept
// it) and its address; each remittance the numbers of the bills paid, of
// the credit notes and of the payments on account set off against them
// (each by its reference when it has one), so that the supplier reads
// why less than a bill is paid: as many whole numbers as the field's 140
// characters hold, then "+N" for the N left out. The run's id is the
// message id: writing the file again gives the same file, whatever the
// supplier's record says since, but for a payment of the run cancelled
// (reversed) since, which is left out: the bank must not pay a bill the
// book shows unpaid again. It returns ErrTransfer for a supplier without
// a bank account, or when every payment of the run was cancelled.
func CreditTransfers(ctx context.Context, book *ledger.Book, run reconcile.PaymentRun, company string) (CreditTransferRun, error) {
	j, err := book.Journal(ctx, run.Journal)
	if err != nil {
		return CreditTransferRun{}, err
	}
	// The file was made when the run was booked: its payments' posting
	// time, the same each time the file is written again (a run without
	// payments is refused below by WritePain001).
	created := run.Date.Time()
	if len(run.Payments) > 0 && !run.Payments[0].Payment.PostedAt.IsZero() {
		created = run.Payments[0].Payment.PostedAt
	}
	if run.Debtor != "" {
		company = run.Debtor // the name the run was made with: the same file again
	}
	out := CreditTransferRun{MsgID: run.ID, CreatedAt: created, ExecutionDate: run.Date,
		Debtor: Party{Name: company, Address: run.DebtorAddress, IBAN: j.IBAN}}
	cancelled := map[journal.ID]bool{}
	err = book.View(ctx, func(t *ledger.Tx) error {
		for _, p := range run.Payments {
			_, reversed, err := t.ReversedBy(p.Payment.ID)
			if err != nil {
				return err
			}
			cancelled[p.Payment.ID] = reversed
		}
		return nil
	})
	if err != nil {
		return CreditTransferRun{}, err
	}
	for _, p := range run.Payments {
		if cancelled[p.Payment.ID] {
			continue
		}
		partner, err := book.Partner(ctx, p.Partner)
		if err != nil {
			return CreditTransferRun{}, err
		}
		acct := p.Account // the account the run checked and pays
		if acct.IBAN == "" {
			// A run recorded before runs kept it: the supplier's first.
			if len(partner.BankAccounts) == 0 {
				return CreditTransferRun{}, fmt.Errorf("%w: supplier %s has no bank account", ErrTransfer, p.Partner)
			}
			acct = partner.BankAccounts[0]
		}
		var refs []string
		for _, id := range slices.Concat(p.Bills, p.CreditNotes, p.OnAccount) {
			bill, err := book.Entry(ctx, id)
			if err != nil {
				return CreditTransferRun{}, err
			}
			ref := bill.Ref
			if ref == "" {
				ref = bill.Name()
			}
			refs = append(refs, ref)
		}
		remit := remittanceOf(refs)
		out.Payments = append(out.Payments, CreditTransfer{EndToEndID: p.EndToEndID, Amount: p.Amount, Remittance: remit,
			Creditor: Party{Name: partner.Name, Address: partner.Address, IBAN: acct.IBAN, BIC: acct.BIC}})
	}
	if len(out.Payments) == 0 && len(run.Payments) > 0 {
		return CreditTransferRun{}, fmt.Errorf("%w: every payment of run %s was cancelled: there is nothing to send", ErrTransfer, run.ID)
	}
	return out, nil
}

// DirectDebits turns a direct debit collection run of the book into the
// debits of a SEPA file. The creditor is the company: the name the run was
// made with (CollectionRun.Creditor), else the one given, the creditor
// identifier it was made with, and the run's bank journal's IBAN. The
// file's creation time is the run's booking (its receipts' posting time).
// Each debtor is the customer with the bank account and mandate the run
// checked and debits, and its address; each remittance the numbers of the
// invoices collected, of the credit notes and of the payments set off
// against them (each by its reference when it has one), as
// CreditTransfers writes them. The run's id is the message id: writing
// the file again gives the same file, but for a collection of the run
// cancelled (reversed) since, which is left out. A collection that
// carries a mandate amendment (Collection.AmendedFrom) tells the
// customer's bank of it. It returns
// ErrDirectDebit when every collection of the run was cancelled.
func DirectDebits(ctx context.Context, book *ledger.Book, run reconcile.CollectionRun, company string) (DirectDebitRun, error) {
	j, err := book.Journal(ctx, run.Journal)
	if err != nil {
		return DirectDebitRun{}, err
	}
	created := run.Date.Time()
	if len(run.Collections) > 0 && !run.Collections[0].Payment.PostedAt.IsZero() {
		created = run.Collections[0].Payment.PostedAt
	}
	if run.Creditor != "" {
		company = run.Creditor // the name the run was made with: the same file again
	}
	out := DirectDebitRun{MsgID: run.ID, CreatedAt: created, CollectionDate: run.Date, CreditorID: run.CreditorID,
		Creditor: Party{Name: company, IBAN: j.IBAN}}
	cancelled := map[journal.ID]bool{}
	err = book.View(ctx, func(t *ledger.Tx) error {
		for _, c := range run.Collections {
			_, reversed, err := t.ReversedBy(c.Payment.ID)
			if err != nil {
				return err
			}
			cancelled[c.Payment.ID] = reversed
		}
		return nil
	})
	if err != nil {
		return DirectDebitRun{}, err
	}
	for _, c := range run.Collections {
		if cancelled[c.Payment.ID] {
			continue
		}
		partner, err := book.Partner(ctx, c.Partner)
		if err != nil {
			return DirectDebitRun{}, err
		}
		var refs []string
		for _, id := range slices.Concat(c.Invoices, c.CreditNotes, c.OnAccount) {
			doc, err := book.Entry(ctx, id)
			if err != nil {
				return DirectDebitRun{}, err
			}
			ref := doc.Ref
			if ref == "" {
				ref = doc.Name()
			}
			refs = append(refs, ref)
		}
		m := c.Account.Mandate
		dd := DirectDebit{EndToEndID: c.EndToEndID, Amount: c.Amount, Remittance: remittanceOf(refs),
			MandateID: m.Reference, MandateSigned: m.Signed, Sequence: c.Sequence,
			Debtor: Party{Name: partner.Name, Address: partner.Address, IBAN: c.Account.IBAN, BIC: c.Account.BIC}}
		if from := c.AmendedFrom; from.IBAN != "" {
			dd.Amendment = &MandateAmendment{OriginalIBAN: from.IBAN, OriginalBIC: from.BIC}
		}
		out.Debits = append(out.Debits, dd)
	}
	if len(out.Debits) == 0 && len(run.Collections) > 0 {
		return DirectDebitRun{}, fmt.Errorf("%w: every collection of run %s was cancelled: there is nothing to send", ErrDirectDebit, run.ID)
	}
	return out, nil
}

// remittanceMax is the length of a SEPA transfer's unstructured
// remittance (Ustrd).
const remittanceMax = 140

// remittanceOf is the remittance of a transfer paying the documents of
// references refs: their references, space-separated, as many whole ones
// as the field holds once written in the EPC character set, then "+N"
// for the N left out, so that the supplier never reads a number cut off
// (which may be another's).
func remittanceOf(refs []string) string {
	text := ""
	for i, ref := range refs {
		next := strings.TrimSpace(text + " " + ref)
		rest := len(refs) - i - 1
		more := ""
		if rest > 0 {
			more = fmt.Sprintf(" +%d", rest)
		}
		if len(EPCText(next+more, 1<<16)) > remittanceMax {
			if i == 0 {
				// One reference longer than the field: cut, and the count
				// of the others after it.
				return EPCText(ref, remittanceMax-len(more)) + more
			}
			return text + fmt.Sprintf(" +%d", len(refs)-i)
		}
		text = next
	}
	return text
}
