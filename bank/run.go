package bank

import (
	"context"
	"fmt"
	"slices"

	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// CreditTransfers turns a payment run of the book into the credit
// transfers of a SEPA file. The debtor is the company: the name the run
// was made with (PaymentRun.Debtor), else the one given, and the run's
// bank journal's IBAN. The file's creation time is the run's booking
// (its payments' posting time). Each creditor is the supplier with its
// first bank account and address; each remittance the numbers of the
// bills paid and of the credit notes set off against them, so that the
// supplier reads why less than a bill is paid. The run's id is the
// message id: writing the file again gives the same file. It returns
// ErrTransfer for a supplier without a bank account.
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
		Debtor: Party{Name: company, IBAN: j.IBAN}}
	for _, p := range run.Payments {
		partner, err := book.Partner(ctx, p.Partner)
		if err != nil {
			return CreditTransferRun{}, err
		}
		if len(partner.BankAccounts) == 0 {
			return CreditTransferRun{}, fmt.Errorf("%w: supplier %s has no bank account", ErrTransfer, p.Partner)
		}
		acct := partner.BankAccounts[0]
		remit := ""
		for _, id := range slices.Concat(p.Bills, p.CreditNotes) {
			bill, err := book.Entry(ctx, id)
			if err != nil {
				return CreditTransferRun{}, err
			}
			ref := bill.Ref
			if ref == "" {
				ref = bill.Name()
			}
			if remit != "" {
				remit += " "
			}
			remit += ref
		}
		out.Payments = append(out.Payments, CreditTransfer{EndToEndID: p.EndToEndID, Amount: p.Amount, Remittance: remit,
			Creditor: Party{Name: partner.Name, Address: partner.Address, IBAN: acct.IBAN, BIC: acct.BIC}})
	}
	return out, nil
}
