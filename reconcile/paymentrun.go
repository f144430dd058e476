package reconcile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// ErrRun is returned for a payment run that cannot be made: a journal
// without an IBAN or outstanding payments account, a book not kept in
// euros, a transfer over the SEPA maximum, no date, or nothing due.
var ErrRun = errors.New("reconcile: invalid payment run")

// sepaTransferMax is the largest amount of a SEPA credit transfer.
var sepaTransferMax = currency.MustParse(currency.MustLookup("EUR"), "999999999.99")

// RunRequest asks RunPayments for a supplier payment run.
type RunRequest struct {
	// Operation is the run's id: a retry returns the first run, and the
	// SEPA file written from it keeps its message id.
	Operation journal.ID
	// Journal is the bank journal paying: it needs its IBAN and an
	// outstanding payments account, where the payments wait for the
	// statement line that clears them.
	Journal string
	// Date is the execution date, the payments' date.
	Date journal.Date
	// DueBy takes the bills due on or before it (their due date, or their
	// date when they have none).
	DueBy journal.Date
	// Partners, when given, limits the run to these suppliers; one the
	// book does not have is refused (ledger.ErrUnknownPartner).
	Partners []string
	// Debtor is the company's name as the transfer file is to carry it:
	// kept with the run (PaymentRun.Debtor), so that the file written
	// again is the same. It is not part of the operation's fingerprint: a
	// retry naming another gets the run with the name it was made with.
	Debtor string `json:"-"`
	// DebtorAddress is the company's address, which a transfer to a bank
	// outside the EEA carries (Regulation (EU) 2015/847): a run paying a
	// supplier there needs it, its town and country at least. Kept with
	// the run like Debtor, and like it not part of the fingerprint.
	DebtorAddress ledger.Address `json:"-"`
	// NoDiscount pays bills in full even when they offer an early-payment
	// discount still open at Date (journal.Entry.DiscountOffer). Otherwise
	// such a bill — of one instalment, nothing paid or set off on it yet —
	// is paid less its discount, and the discount obtained posted with its
	// VAT share, as Payment.EarlyDiscount does.
	NoDiscount bool `json:",omitempty"`
	// EarlyForDiscount also pays the bills not due by DueBy whose discount
	// is still offered at Date, less it: paying them now earns it. Bills
	// that could not take it wait for their due date. (Both are left out
	// of the run's fingerprint when false, as before they existed.)
	EarlyForDiscount bool `json:",omitempty"`
}

// PaymentRun is what RunPayments registered: one payment per supplier,
// each with its end-to-end id (the payment's reference), for a SEPA
// credit transfer file.
type PaymentRun struct {
	// ID names the run: the SEPA message id.
	ID       string
	Journal  string       // the bank journal the payments are booked in
	Date     journal.Date // the execution date, the payments' accounting date
	Payments []RunPayment // one per supplier paid
	Result   Result       // what the run wrote: the payment entries, partials and matches
	// Debtor is the name the run was made with (RunRequest.Debtor); ""
	// when none was given.
	Debtor string
	// DebtorAddress is the address it was made with
	// (RunRequest.DebtorAddress), zero when none was given.
	DebtorAddress ledger.Address
}

// RunPayment is one supplier's payment in a run.
type RunPayment struct {
	Partner string        // the supplier's partner code
	Payment journal.Entry // the payment entry registered
	// Bills are the supplier's bills the run settles: those the payment
	// pays, and those its credit notes cover whole.
	Bills []journal.ID
	// CreditNotes are the supplier's credit notes the run set off against
	// those bills before paying the rest.
	CreditNotes []journal.ID
	// OnAccount are the supplier's payments made before the run and not
	// set against a bill (paid on account), and its advances on a supplier
	// advances account (409100), that it set off against those bills
	// before paying the rest.
	OnAccount  []journal.ID
	Amount     currency.Amount // what is paid, company currency, positive
	EndToEndID string          // the SEPA end-to-end id, also the payment's Ref
	// Discount is what the early-payment discounts of its bills took off,
	// company currency; zero when none.
	Discount currency.Amount
	// Account is the supplier's bank account the run pays, as the run
	// checked it; its IBAN is empty for a run recorded before runs kept
	// it.
	Account ledger.BankAccount
}

// RunPayments registers, in one operation, a payment per supplier of the
// company-currency bills on the payable account due by req.DueBy, dated on
// or before req.Date (a bill not received yet waits), and not
// yet paid, each paying its supplier's bills oldest due first through the
// journal's outstanding payments account (the bills are in_payment until
// the bank statement clears the payment). Each payment's reference is its
// end-to-end id, "<run id>-<n>", which the bank brings back. A supplier's
// open credit notes, and its payments on the payable account not yet set
// against a bill (in any currency but one it has a bill open in), are set
// off against its bills first, after the refunds it sent back are set
// against them; then its open advances (acomptes) in the company currency
// on supplier advances accounts (409100), each moved onto the payable
// account by a transfer entry lettered with the advance and the bills, as
// UseCredit does; suppliers they cover are skipped; a bill's instalments not yet due wait; a supplier
// with a payment scheduled is left to it. A bill paid by its discount's
// last day is paid less its discount (see RunRequest.NoDiscount and
// EarlyForDiscount). Every supplier paid needs a bank
// account (ErrRun otherwise, nothing written). Payments scheduled by
// transfer on the journal up to DueBy are executed in the run, first, at
// its date; scheduled cheques wait for their own execution.
//
// A SEPA transfer is in euros: a run from a journal whose bank account
// is kept in another currency (the dollar journal of an account held in
// several) is refused with ErrRun; it belongs to the account's euro
// journal, whose statement the bank debits.
//
// It returns ErrRun, the errors of RegisterPayment, or
// ErrIdempotencyConflict.
func (r *Reconciler) RunPayments(ctx context.Context, req RunRequest) (PaymentRun, error) {
	if req.Date.IsZero() || req.DueBy.IsZero() {
		return PaymentRun{}, fmt.Errorf("%w: a run needs its execution date and a due date", ErrRun)
	}
	if req.Operation == journal.NoID {
		req.Operation = journal.NewID()
	}
	// A retry names the same suppliers, maybe in another order (built
	// from a map, say): the run reads them as a set, and so does the
	// operation's fingerprint.
	if len(req.Partners) > 1 {
		req.Partners = slices.Compact(slices.Sorted(slices.Values(req.Partners)))
	}
	run := PaymentRun{ID: batchID("RUN", req.Operation), Journal: req.Journal, Date: req.Date}
	res, err := r.operation(ctx, req.Operation, "payment-run", req, func(w *work) error {
		j, err := w.t.Journal(req.Journal)
		if err != nil {
			return err
		}
		if j.Kind != ledger.JournalBank || j.IBAN == "" || !j.UsesOutstanding || j.OutstandingPayments == "" {
			return fmt.Errorf("%w: journal %s needs its IBAN and to use an outstanding payments account", ErrRun, req.Journal)
		}
		if iban, err := ident.ParseIBAN(string(j.IBAN)); err == nil && !ident.InSEPA(iban) {
			return fmt.Errorf("%w: journal %s's account is in %s, outside the SEPA scheme", ErrRun, req.Journal, string(iban)[:2])
		}
		if a := req.DebtorAddress; !a.IsZero() {
			// Kept with the run, it is written in each of its files.
			if err := ident.SEPAAddress(a.Town, a.Country); err != nil {
				return fmt.Errorf("%w: the company's address: %v", ErrRun, err)
			}
		}
		company := w.t.Book().Currency()
		if company.Code() != "EUR" {
			// Its bills are paid in the book's currency, and a SEPA
			// transfer is in euros: the file could never be sent.
			return fmt.Errorf("%w: a SEPA transfer is in euros, and the book is kept in %s", ErrRun, company.Code())
		}
		if ccy, hint, err := w.foreignBankAccount(j); err != nil {
			return err
		} else if ccy != "" {
			return fmt.Errorf("%w: SEPA transfers are in euros, and journal %s's bank account %s is kept in %s%s", ErrRun, j.Code, j.BankAccount, ccy, hint)
		}
		partners := req.Partners // sorted above
		for _, p := range partners {
			if _, err := w.t.Partner(p); err != nil {
				return fmt.Errorf("payment run, supplier %s: %w", p, err)
			}
		}
		// Payments scheduled by transfer on this journal by the due date
		// go out with the run, first; the bills they pay are then settled.
		// Other scheduled payments (a cheque) wait for their own execution.
		n := 0
		sched, err := scheduledPayments(w.t)
		if err != nil {
			return err
		}
		var toRun []ScheduledPayment
		for _, sp := range sched {
			p := sp.Payment
			if sp.Status != StatusScheduled || p.Direction != Outbound || p.Journal != req.Journal || p.Date.After(req.DueBy) ||
				p.Method != MethodTransfer && p.Method != MethodSEPATransfer || p.Amount.IsSet() && p.Amount.Currency() != company ||
				len(partners) > 0 && !slices.Contains(partners, p.Partner) {
				continue
			}
			// A SEPA transfer is in euros: a payment of its bills' amount,
			// bills in another currency, waits for its own execution.
			foreign := false
			for _, id := range p.Invoices {
				e, err := w.t.Entry(id)
				if err != nil {
					return err
				}
				foreign = foreign || !e.Currency.IsZero() && e.Currency != company
			}
			if foreign && !p.Amount.IsSet() {
				continue
			}
			toRun = append(toRun, sp)
		}
		// A supplier with a payment scheduled is paid as planned: its bills
		// are left to that payment (it may pay on account, or in part).
		planned := map[string]bool{}
		for _, sp := range sched {
			if sp.Status == StatusScheduled && sp.Payment.Direction == Outbound {
				planned[sp.Payment.Partner] = true
			}
		}
		type dueLine struct {
			ref journal.LineRef
			on  journal.Date
		}
		type supplier struct {
			due     []journal.LineRef // bill lines due by DueBy (oldest due first)
			notes   []journal.LineRef // open credit notes
			ahead   []journal.LineRef // payments not yet set against a bill (paid on account)
			refunds []journal.LineRef // money the supplier sent back, not yet set against a payment
			// offering are the bill lines due whose early-payment discount
			// the run may still take: set off last, so that a credit note
			// does not cost the discount.
			offering map[journal.LineRef]bool
			early    []journal.LineRef // bill lines due later whose discount is still offered (EarlyForDiscount)
		}
		due := map[string]*supplier{}
		var order []string
		owing := map[string]bool{} // the partners named with something open on the payable account
		err = w.t.EachOpenGroup(w.r.cfg.Payable, "", func(partner string, items []ledger.OpenItem) (bool, error) {
			if len(partners) > 0 && !slices.Contains(partners, partner) {
				return true, nil
			}
			owing[partner] = true
			s := &supplier{}
			var lines []dueLine
			// A payment in a currency the supplier has a bill open in
			// is that bill's, not money on account.
			foreignBills := map[currency.Currency]bool{}
			for _, it := range items {
				if it.Type == journal.TypeInvoice && it.Balance.Sign() < 0 && it.Amount.Currency() != company {
					foreignBills[it.Amount.Currency()] = true
				}
			}
			for _, it := range items {
				d := it.DueDate
				if d.IsZero() {
					d = it.Date
				}
				money := it.Type == journal.TypePayment || it.Type == journal.TypeStatementLine
				offers := !req.NoDiscount && it.DiscountOffer != nil && !req.Date.After(it.DiscountOffer.Until)
				switch {
				case it.Date.After(req.Date): // not received yet on the day the run pays
				case money && it.Balance.Sign() > 0 && !foreignBills[it.Amount.Currency()]:
					// What the supplier was paid ahead goes against its
					// bills before any money does, in whatever currency it
					// was paid: paid on account by hand, a bill was paid
					// again by the run.
					s.ahead = append(s.ahead, it.Ref)
				case money && it.Balance.Sign() < 0:
					s.refunds = append(s.refunds, it.Ref)
				case it.Amount.Currency() != company:
				case it.Type == journal.TypeCreditNote && it.Balance.Sign() > 0:
					// What the supplier owes back, likewise.
					s.notes = append(s.notes, it.Ref)
				case it.Type == journal.TypeInvoice && it.Balance.Sign() < 0 && !d.After(req.DueBy) && !planned[partner]:
					lines = append(lines, dueLine{it.Ref, d})
					if offers {
						if s.offering == nil {
							s.offering = map[journal.LineRef]bool{}
						}
						s.offering[it.Ref] = true
					}
				case it.Type == journal.TypeInvoice && it.Balance.Sign() < 0 && !planned[partner] && req.EarlyForDiscount && offers:
					s.early = append(s.early, it.Ref)
				}
			}
			// Oldest due first, across bills: an instalment of one due in
			// March before another bill due in April.
			slices.SortStableFunc(lines, func(a, b dueLine) int { return a.on.Compare(b.on) })
			for _, l := range lines {
				s.due = append(s.due, l.ref)
			}
			if len(s.due) > 0 || len(s.early) > 0 {
				due[partner] = s
				order = append(order, partner)
			}
			return true, nil
		})
		if err != nil {
			return err
		}
		// A bill cancelled by a reversal still open is not paid: it goes
		// with its reversal, which lettering sets off against it. One
		// whose reversal went with another bill is due again. So with a
		// credit note or a payment: one cancelled pays nothing.
		for _, partner := range order {
			s := due[partner]
			for _, refs := range []*[]journal.LineRef{&s.due, &s.early, &s.notes, &s.ahead, &s.refunds} {
				kept := (*refs)[:0]
				for _, ref := range *refs {
					e, err := w.entry(ref.Entry)
					if err != nil {
						return err
					}
					l := e.Lines[ref.Index]
					if by, err := cancelledBy(w.t, &e, l.Account, l.Partner, nil); err != nil {
						return err
					} else if by == journal.NoID {
						kept = append(kept, ref)
					}
				}
				*refs = kept
			}
		}
		order = slices.DeleteFunc(order, func(p string) bool { return len(due[p].due) == 0 && len(due[p].early) == 0 })
		if len(order) == 0 && len(toRun) == 0 {
			// A partner named with nothing open on the payable account is
			// likely no supplier at all (a customer's code): say so.
			var idle []string
			for _, p := range partners {
				if !owing[p] {
					idle = append(idle, p)
				}
			}
			if len(idle) > 0 {
				verb := "have"
				if len(idle) == 1 {
					verb = "has"
				}
				return fmt.Errorf("%w: no bill due by %s; %s %s nothing open on %s", ErrRun, req.DueBy, strings.Join(idle, ", "),
					verb, w.r.cfg.Payable)
			}
			return fmt.Errorf("%w: no bill due by %s", ErrRun, req.DueBy)
		}
		// A SEPA run pays bank accounts: every supplier needs one, checked
		// before anything is written.
		paid := slices.Clone(order)
		var accounts map[string]ledger.BankAccount
		for _, sp := range toRun {
			paid = append(paid, sp.Payment.Partner)
		}
		for _, partner := range paid {
			p, err := w.t.Partner(partner)
			if err != nil {
				return err
			}
			if len(p.BankAccounts) == 0 {
				return fmt.Errorf("%w: supplier %s has no bank account to pay", ErrRun, partner)
			}
			// What the SEPA file will need of the creditor, checked before
			// the run is booked.
			a := p.Address
			iban, err := ident.SEPAParty(p.Name, string(p.BankAccounts[0].IBAN), !a.IsZero(), a.Town, a.Country)
			if err != nil {
				return fmt.Errorf("%w: supplier %s cannot be paid by a SEPA transfer: %v", ErrRun, partner, err)
			}
			if err := ident.SEPAReach(iban, p.BankAccounts[0].BIC, !req.DebtorAddress.IsZero()); err != nil {
				return fmt.Errorf("%w: supplier %s cannot be paid by a SEPA transfer: %v (the company's: RunRequest.DebtorAddress)", ErrRun, partner, err)
			}
			// The account the run pays, kept with it: its file written
			// again pays the same, whatever the supplier's record says
			// since.
			if accounts == nil {
				accounts = map[string]ledger.BankAccount{}
			}
			accounts[partner] = p.BankAccounts[0]
		}
		for _, sp := range toRun {
			p := sp.Payment
			n++
			p.Ref, p.Date, p.Method = fmt.Sprintf("%s-%d", run.ID, n), req.Date, MethodSEPATransfer
			// A run that pays in full pays its scheduled payments so too: at
			// what they were scheduled for, without the discounts that
			// amount may otherwise take.
			p.NoDiscount = p.NoDiscount || req.NoDiscount && !p.EarlyDiscount
			if err := w.executeScheduled(sp.ID, p); err != nil {
				return fmt.Errorf("payment run, scheduled payment %s: %w", sp.ID, err)
			}
		}
		for _, partner := range order {
			s := due[partner]
			// Open credit notes and payments on account are set off
			// against the bills first. Money the supplier sent back goes
			// with what it was paid ahead, then with the credit notes it
			// refunds: neither is set off against a bill once refunded.
			for _, refunded := range []*[]journal.LineRef{&s.ahead, &s.notes} {
				if len(*refunded) == 0 || len(s.due) == 0 && len(s.early) == 0 || len(s.refunds) == 0 {
					continue
				}
				// In one currency at a time: a refund in dollars of a
				// payment made in euros is left to the accountant, not
				// valued at a rate the book may not hold.
				currencies, refunds, err := w.byCurrency(s.refunds)
				if err != nil {
					return err
				}
				_, theirs, err := w.byCurrency(*refunded)
				if err != nil {
					return err
				}
				for _, c := range currencies {
					if len(theirs[c]) == 0 {
						continue
					}
					items, err := w.items(slices.Concat(theirs[c], refunds[c]))
					if err != nil {
						return err
					}
					if err := w.letter(items, letterOptions{}); err != nil {
						return fmt.Errorf("payment run, supplier %s: setting refunds against what they refund: %w", partner, err)
					}
				}
				if *refunded, err = w.stillOpen(*refunded); err != nil {
					return err
				}
				if s.refunds, err = w.stillOpen(s.refunds); err != nil {
					return err
				}
			}
			// Money sent back that stays open after that (in another
			// currency than what it may refund) may be the payments made
			// ahead coming back: they are left with it for the
			// accountant, and the bills paid in full.
			if len(s.refunds) > 0 {
				s.ahead = nil
			}
			// The bills due, in the order they are set off: those
			// without a discount to take, then those with one, so that
			// a credit note does not cost the discount.
			targets := slices.Concat(
				slices.DeleteFunc(slices.Clone(s.due), func(r journal.LineRef) bool { return s.offering[r] }),
				slices.DeleteFunc(slices.Clone(s.due), func(r journal.LineRef) bool { return !s.offering[r] }))
			credits := slices.Concat(s.notes, s.ahead)
			// A bill the run pays in part at least takes its discount
			// before the credit is set off against it: a credit note set
			// off is no payment, and does not cost the discount, as
			// RegisterPayment naming the bill and the note gives it. One
			// the credit left after the bills without a discount covers
			// whole is paid by no transfer, and takes none.
			if !req.NoDiscount && len(credits) > 0 {
				left, err := w.openTotal(credits)
				if err != nil {
					return err
				}
				for _, ref := range targets {
					r, err := w.t.Residual(ref)
					if err != nil {
						return err
					}
					owed := r.Balance.Abs()
					if !s.offering[ref] || mustCmp(left, owed) >= 0 {
						if mustCmp(left, owed) >= 0 {
							left = mustSub(left, owed)
						} else {
							left = currency.Zero(company)
						}
						continue
					}
					if _, err := w.runDiscount(ref, req.Date); err != nil {
						return fmt.Errorf("payment run, supplier %s: %w", partner, err)
					}
					left = currency.Zero(company)
				}
			}
			if len(credits) > 0 && len(targets) > 0 {
				if err := w.setOff(credits, targets); err != nil {
					return fmt.Errorf("payment run, supplier %s: setting off credit notes: %w", partner, err)
				}
			}
			// Then its advances (acomptes on 409100), as its payments on
			// account: each moved onto the payable account by its
			// transfer entry, lettered with the bills.
			if err := w.runAdvances(partner, req.Date, targets); err != nil {
				return fmt.Errorf("payment run, supplier %s: using advances: %w", partner, err)
			}
			// A bill taken early for its discount takes what credit is
			// left when it covers it whole: a supplier that owes the
			// company is not paid cash for a discount. In part, it would
			// cost the discount and leave the bill to wait: the bill is
			// paid less its discount.
			for _, ref := range s.early {
				left, err := w.openTotal(credits)
				if err != nil {
					return err
				}
				r, err := w.t.Residual(ref)
				if err != nil {
					return err
				}
				if left.IsZero() || mustCmp(left, r.Balance.Abs()) < 0 {
					continue
				}
				if err := w.setOff(credits, []journal.LineRef{ref}); err != nil {
					return fmt.Errorf("payment run, supplier %s: setting off credit notes: %w", partner, err)
				}
			}
			// A bill paid by its discount's last day is paid less it: the
			// discount is posted and lettered first. A bill due later was
			// taken for its discount only: without one it waits.
			pay := s.due
			if !req.NoDiscount {
				pay = slices.Clone(s.due)
				for k, ref := range slices.Concat(s.due, s.early) {
					took, err := w.runDiscount(ref, req.Date)
					if err != nil {
						return fmt.Errorf("payment run, supplier %s: %w", partner, err)
					}
					if took && k >= len(s.due) {
						pay = append(pay, ref)
					}
				}
			}
			// What the credit notes and discounts left: the lines still
			// open (one they settled may be in a match already) and their
			// total.
			owed := currency.Zero(company)
			var open []journal.LineRef
			for _, ref := range pay {
				r, err := w.t.Residual(ref)
				if err != nil {
					return err
				}
				if !r.IsZero() {
					open = append(open, ref)
					owed = mustAdd(owed, r.Balance.Abs())
				}
			}
			if owed.IsZero() {
				continue // the credit notes cover it
			}
			before := len(w.res.Entries)
			n++
			e2e := fmt.Sprintf("%s-%d", run.ID, n)
			// Only what is due, oldest due first: the payment is posted,
			// then lettered with the lines due, not with whole bills (a
			// bill's later instalments wait, and another bill due before
			// them is paid).
			err := w.registerPayment(Payment{Direction: Outbound, Partner: partner, Journal: req.Journal, Date: req.Date,
				Method: MethodSEPATransfer, Ref: e2e, Label: w.r.cfg.Labels.Transfer + " " + e2e, Amount: owed})
			if err != nil {
				return fmt.Errorf("payment run, supplier %s: %w", partner, err)
			}
			if len(w.res.Entries) == before {
				return fmt.Errorf("%w: supplier %s: no payment posted", ErrRun, partner)
			}
			items, err := w.items(append([]journal.LineRef{w.res.Entries[before].LineRef(0)}, open...))
			if err != nil {
				return err
			}
			if err := w.letter(items, letterOptions{keepOrder: true}); err != nil {
				return fmt.Errorf("payment run, supplier %s: %w", partner, err)
			}
		}
		if n == 0 {
			return fmt.Errorf("%w: nothing to pay by %s", ErrRun, req.DueBy)
		}
		// The run is a batch: one bank line of its total may settle it.
		b := Batch{ID: run.ID, Kind: BatchPaymentRun, Journal: req.Journal, Date: req.Date, Total: currency.Zero(company), Debtor: req.Debtor,
			DebtorAddress: req.DebtorAddress, Accounts: accounts}
		for _, e := range w.res.Entries {
			if e.Type == journal.TypePayment && e.Journal == req.Journal {
				// A SEPA transfer is at most 999 999 999,99 €: a run
				// whose file the bank would refuse is not booked.
				if amount := e.Lines[0].Balance.Abs(); mustCmp(amount, sepaTransferMax) > 0 {
					return fmt.Errorf("%w: %s of %s to %s is over the SEPA maximum of %s a transfer: pay it in several",
						ErrRun, e.Name(), amount.French(), e.Lines[0].Partner, sepaTransferMax.French())
				}
				b.Payments = append(b.Payments, e.ID)
				b.Total = mustSub(b.Total, e.Lines[0].Balance)
			}
		}
		data, err := json.Marshal(b)
		if err != nil {
			return err
		}
		return booktx.Of(w.t).AppendEvent(batchesOf(req.Journal), b.Kind, data)
	})
	if err != nil {
		return PaymentRun{}, err
	}
	run.Result = res
	// The name the run was made with, kept with its batch: a retry's
	// request does not carry it into the fingerprint.
	all, err := r.Batches(ctx, req.Journal)
	if err != nil {
		return PaymentRun{}, err
	}
	var accounts map[string]ledger.BankAccount
	for _, b := range all {
		if b.ID == run.ID {
			run.Debtor, run.DebtorAddress, accounts = b.Debtor, b.DebtorAddress, b.Accounts
		}
	}
	written := map[journal.ID]bool{}
	for _, e := range res.Entries {
		written[e.ID] = true
	}
	// The set-offs of credit notes and payments on account against
	// bills, by supplier.
	setOff := map[string][]journal.Partial{}
	paidBefore := map[journal.ID]bool{}
	// The advances used, and the bills their transfers settled, by
	// supplier.
	advances, advanced := map[string][]journal.ID{}, map[string][]journal.ID{}
	err = r.book.View(ctx, func(t *ledger.Tx) error {
		for _, p := range res.Partials {
			if written[p.Debit.Entry] != written[p.Credit.Entry] {
				mine, theirs := p.Debit, p.Credit
				if !written[mine.Entry] {
					mine, theirs = theirs, mine
				}
				x, err := t.Entry(mine.Entry)
				if err != nil {
					return err
				}
				if isAdvanceTransfer(&x) && mine.Index < len(x.Lines) {
					o, err := t.Entry(theirs.Entry)
					if err != nil {
						return err
					}
					partner := x.Lines[mine.Index].Partner
					if o.Type == journal.TypeInvoice {
						advanced[partner] = append(advanced[partner], o.ID)
					} else {
						advances[partner] = append(advances[partner], o.ID)
					}
				}
			}
			if written[p.Debit.Entry] || written[p.Credit.Entry] {
				continue
			}
			bill, err := t.Entry(p.Credit.Entry)
			if err != nil {
				return err
			}
			if bill.Type != journal.TypeInvoice {
				continue // a refund set against what it refunds
			}
			note, err := t.Entry(p.Debit.Entry)
			if err != nil {
				return err
			}
			paidBefore[note.ID] = note.Type != journal.TypeCreditNote
			if p.Credit.Index < len(bill.Lines) {
				partner := bill.Lines[p.Credit.Index].Partner
				setOff[partner] = append(setOff[partner], p)
			}
		}
		return nil
	})
	if err != nil {
		return PaymentRun{}, err
	}
	for _, e := range res.Entries {
		if e.Type != journal.TypePayment || e.Journal != req.Journal {
			continue
		}
		rp := RunPayment{Partner: e.Lines[0].Partner, Payment: e, EndToEndID: e.Ref, Amount: e.Lines[0].AmountCurrency,
			Discount: currency.Zero(e.Lines[0].Balance.Currency()), Account: accounts[e.Lines[0].Partner]}
		for _, p := range res.Partials {
			if p.Debit == e.LineRef(0) && !slices.Contains(rp.Bills, p.Credit.Entry) { // a bill paid in two instalments is one bill
				rp.Bills = append(rp.Bills, p.Credit.Entry)
			}
		}
		// A partial of the run between two entries it did not write sets
		// a supplier's credit note (the debit) off against a bill (the
		// credit), whether the payment then pays that bill or the note
		// covered it whole (a discount is an entry the run wrote).
		for _, p := range setOff[rp.Partner] {
			notes := &rp.CreditNotes
			if paidBefore[p.Debit.Entry] {
				notes = &rp.OnAccount
			}
			if !slices.Contains(*notes, p.Debit.Entry) {
				*notes = append(*notes, p.Debit.Entry)
			}
			if !slices.Contains(rp.Bills, p.Credit.Entry) {
				rp.Bills = append(rp.Bills, p.Credit.Entry)
			}
		}
		for _, id := range advances[rp.Partner] {
			if !slices.Contains(rp.OnAccount, id) {
				rp.OnAccount = append(rp.OnAccount, id)
			}
		}
		for _, id := range advanced[rp.Partner] {
			if !slices.Contains(rp.Bills, id) {
				rp.Bills = append(rp.Bills, id)
			}
		}
		for _, x := range res.Entries {
			if x.Type == journal.TypeDiscount && slices.Contains(rp.Bills, x.Document) {
				for _, l := range x.Lines {
					if l.Partner == rp.Partner {
						rp.Discount = mustAdd(rp.Discount, l.Balance.Abs())
					}
				}
			}
		}
		run.Payments = append(run.Payments, rp)
	}
	return run, nil
}

// batchID names a run or a deposit from its operation id: a prefix and 16
// hexadecimal digits of the id's digest, short enough for SEPA's 35
// characters with a payment number after it.
func batchID(prefix string, op journal.ID) string {
	return prefix + "-" + sha(op[:])[:16]
}

// runDiscount takes the early-payment discount a bill line offers when a
// run pays it on date: posted and lettered with it, as
// Payment.EarlyDiscount does. It takes none, and reports false, for a bill
// whose offer ended before date, of several instalments, reversed, or with
// anything paid or set off on it.
func (w *work) runDiscount(ref journal.LineRef, date journal.Date) (bool, error) {
	if r, err := w.t.Residual(ref); err != nil || r.IsZero() {
		return false, err // settled by a credit note: nothing to pay
	}
	items, err := w.items([]journal.LineRef{ref})
	if err != nil {
		return false, err
	}
	o, err := w.offerInTime(items[0], date)
	if o == nil || err != nil {
		return false, err
	}
	return true, w.earlyDiscount(items[0], date, o.Amount)
}

// byCurrency groups lines refs by their residual's currency, the
// currencies in order of first appearance.
func (w *work) byCurrency(refs []journal.LineRef) ([]currency.Currency, map[currency.Currency][]journal.LineRef, error) {
	var order []currency.Currency
	out := map[currency.Currency][]journal.LineRef{}
	for _, ref := range refs {
		r, err := w.t.Residual(ref)
		if err != nil {
			return nil, nil, err
		}
		c := r.AmountCurrency.Currency()
		if len(out[c]) == 0 {
			order = append(order, c)
		}
		out[c] = append(out[c], ref)
	}
	return order, out, nil
}

// stillOpen returns the lines of refs with something left open.
func (w *work) stillOpen(refs []journal.LineRef) ([]journal.LineRef, error) {
	var open []journal.LineRef
	for _, ref := range refs {
		if r, err := w.t.Residual(ref); err != nil {
			return nil, err
		} else if !r.IsZero() {
			open = append(open, ref)
		}
	}
	return open, nil
}

// setOff letters the open lines of credits with targets, in their order.
func (w *work) setOff(credits, targets []journal.LineRef) error {
	open, err := w.stillOpen(credits)
	if err != nil || len(open) == 0 {
		return err
	}
	items, err := w.items(append(open, targets...))
	if err != nil {
		return err
	}
	return w.letter(items, letterOptions{keepOrder: true})
}

// openTotal is what lines refs leave open, in the company currency.
func (w *work) openTotal(refs []journal.LineRef) (currency.Amount, error) {
	sum := currency.Zero(w.t.Book().Currency())
	for _, ref := range refs {
		r, err := w.t.Residual(ref)
		if err != nil {
			return sum, err
		}
		sum = mustAdd(sum, r.Balance.Abs())
	}
	return sum, nil
}

// runAdvances sets a supplier's open advances off against the bill lines
// targets, in order, as UseCredit does: those in the company currency on
// supplier advances accounts, paid on or before date, in posting order, until
// the bills are settled. An advance cancelled by a reversal still open is
// left with it.
func (w *work) runAdvances(partner string, date journal.Date, targets []journal.LineRef) error {
	accounts, err := advanceAccounts(w.t, ledger.KindSupplierAdvance)
	if err != nil {
		return err
	}
	company := w.t.Book().Currency()
	for _, code := range accounts {
		items, err := w.t.OpenItems(code, partner)
		if err != nil {
			return err
		}
		for _, it := range items {
			if it.Balance.Sign() <= 0 || it.Amount.Currency() != company || it.Date.After(date) || !advanceEntry(it.Type) {
				continue
			}
			adv, err := w.load(it.Ref)
			if err != nil {
				return err
			}
			if adv.entry.Origin != journal.NoID {
				continue
			}
			if by, err := cancelledBy(w.t, adv.entry, code, partner, nil); err != nil {
				return err
			} else if by != journal.NoID {
				continue
			}
			open, err := w.stillOpen(targets)
			if err != nil || len(open) == 0 {
				return err
			}
			bills, err := w.items(open)
			if err != nil {
				return err
			}
			if err := w.useAdvance(adv, bills, currency.Amount{}); err != nil {
				return err
			}
		}
	}
	return nil
}
