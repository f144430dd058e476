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

// ErrCollection is returned for a direct debit collection run that cannot
// be made: no collection or due date, no valid creditor identifier, a
// journal without an IBAN or outstanding receipts account, a book not kept
// in euros, a customer's account a SEPA direct debit cannot reach, a
// collection over the SEPA maximum, or nothing to collect.
var ErrCollection = errors.New("reconcile: invalid direct debit collection")

// The sequence types of a SEPA direct debit (SeqTp).
const (
	// SequenceOneOff is the only collection under a one-off mandate.
	SequenceOneOff = "OOFF"
	// SequenceRecurrent is a collection under a recurrent mandate, the
	// first included: the EPC rulebook allows it since November 2016, and
	// a first collection sent as such needs no other timeline.
	SequenceRecurrent = "RCUR"
)

// CollectionRequest asks RunCollections for a SEPA direct debit
// collection run (prélèvements SEPA Core).
type CollectionRequest struct {
	// Operation is the run's id: a retry returns the first run, and the
	// SEPA file written from it keeps its message id.
	Operation journal.ID
	// Journal is the bank journal collecting: it needs its IBAN and an
	// outstanding receipts account, where the collections wait for the
	// statement line that clears them.
	Journal string
	// Date is the collection date the bank is asked for (ReqdColltnDt),
	// the collections' accounting date.
	Date journal.Date
	// DueBy takes the invoices due on or before it (their due date, or
	// their date when they have none). A DueBy after Date collects
	// invoices before they fall due: only what the customers agreed to
	// (the pre-notification gives them the date); DueBy equal to Date
	// collects what is due by the collection day.
	DueBy journal.Date
	// Partners, when given, limits the run to these customers; one the
	// book does not have is refused (ledger.ErrUnknownPartner).
	Partners []string
	// Creditor is the company's name as the direct debit file is to carry
	// it: kept with the run (CollectionRun.Creditor), so that the file
	// written again is the same. It is not part of the operation's
	// fingerprint: a retry naming another gets the run with the name it
	// was made with.
	Creditor string `json:"-"`
	// CreditorID is the company's SEPA creditor identifier (ICS), which
	// its bank gave it: required, kept with the run and left out of the
	// fingerprint as Creditor is.
	CreditorID ident.CreditorID `json:"-"`
}

// CollectionRun is what RunCollections registered: one collection per
// customer, each with its end-to-end id (the receipt's reference), for a
// SEPA direct debit file.
type CollectionRun struct {
	// ID names the run: the SEPA message id.
	ID          string
	Journal     string       // the bank journal the collections are booked in
	Date        journal.Date // the collection date, the receipts' accounting date
	Collections []Collection // one per customer collected
	// LeftOut are the customers with invoices due the run did not
	// collect, and why (no mandate, a one-off mandate used already, a
	// mandate signed after the collection date, a mandate lapsed).
	LeftOut    []LeftOut
	Result     Result           // what the run wrote: the receipts, partials and matches
	Creditor   string           // the name the run was made with; "" when none was given
	CreditorID ident.CreditorID // the creditor identifier it was made with
}

// Collection is one customer's direct debit in a run.
type Collection struct {
	Partner string        // the customer's partner code
	Payment journal.Entry // the receipt registered
	// Invoices are the customer's invoices the run settles: those the
	// collection pays, and those its credit notes cover whole.
	Invoices []journal.ID
	// CreditNotes are the customer's credit notes the run set off against
	// those invoices before collecting the rest.
	CreditNotes []journal.ID
	// OnAccount are the customer's payments not set against an invoice
	// before, that the run set off likewise.
	OnAccount  []journal.ID
	Amount     currency.Amount // what is collected, company currency, positive
	EndToEndID string          // the SEPA end-to-end id, also the receipt's Ref
	// Account is the customer's bank account debited, with the mandate
	// the run collects under, as the run checked them.
	Account ledger.BankAccount
	// Sequence is the collection's sequence type: SequenceOneOff or
	// SequenceRecurrent.
	Sequence string
	// AmendedFrom is, when the mandate moved to Account since it was last
	// collected under (ledger.Book.MoveMandate), the account it debited
	// then (its IBAN and BIC; never collected under, the account it was
	// moved from): the SEPA file tells the customer's bank of the
	// amendment with this collection, the first under the new account,
	// and with no later one. Zero otherwise.
	AmendedFrom ledger.BankAccount
}

// LeftOut is a customer a run did not collect, and why.
type LeftOut struct {
	Partner string // the customer's partner code
	Reason  string // why it was not collected: "no direct debit mandate"…
}

// RunCollections registers, in one operation, a direct debit per customer
// of the company-currency invoices on the receivable account due by
// req.DueBy, dated on or before req.Date and not yet paid, through the
// journal's outstanding receipts account: Dr outstanding receipts, Cr the
// receivable account lettered with the invoices, oldest due first, which
// are then in_payment until the bank statement clears the collection.
// Each receipt is dated req.Date and referenced by its end-to-end id,
// "<run id>-<n>", which the bank brings back. A customer's open credit
// notes, and its payments not yet set against an invoice, are set off
// against its invoices first (but for a customer with money paid back to
// it open, whose payments may be what was paid back); customers they cover
// are not collected.
//
// A customer is collected under the first of its bank accounts that
// carries a mandate (ledger.Mandate). Customers without one, with a
// one-off mandate a run of the book already collected under (and did not
// cancel), or with a mandate signed after req.Date are left out, listed in
// CollectionRun.LeftOut, and nothing is set off for them; so are those
// whose mandate lapsed: nothing collected under it (never used: signed)
// for more than 36 months before req.Date, the runs of the book telling
// when it was last used (EPC SDD Core rulebook: a mandate unused 36 months
// must be signed anew). One last used 36 months to the day before req.Date
// is still collected; a day more and it has lapsed. Each collection's
// sequence type follows from its mandate: SequenceOneOff for a one-off
// mandate, SequenceRecurrent for a recurrent one, its first collection
// included. The first collection under a mandate moved to another account
// since it was last collected under (ledger.Book.MoveMandate) carries the
// account it debited before (Collection.AmendedFrom), for the file to
// tell the customer's bank; the later ones do not.
//
// A SEPA direct debit is in euros: a run on a journal whose bank account
// is kept in another currency (the dollar journal of an account held in
// several) is refused with ErrCollection; it belongs to the account's
// euro journal, whose statement the bank credits.
//
// It returns ErrCollection (nothing written), ledger.ErrLocked or
// ledger.ErrYearClosed for a collection date the book no longer takes, the
// errors of RegisterPayment, or ErrIdempotencyConflict.
func (r *Reconciler) RunCollections(ctx context.Context, req CollectionRequest) (CollectionRun, error) {
	if req.Date.IsZero() || req.DueBy.IsZero() {
		return CollectionRun{}, fmt.Errorf("%w: a run needs its collection date and a due date", ErrCollection)
	}
	ics, err := ident.ParseCreditorID(string(req.CreditorID))
	if err != nil {
		return CollectionRun{}, fmt.Errorf("%w: give the company's SEPA creditor identifier (ICS) its bank gave it: %w", ErrCollection, err)
	}
	req.CreditorID = ics
	if req.Operation == journal.NoID {
		req.Operation = journal.NewID()
	}
	if len(req.Partners) > 1 {
		req.Partners = slices.Compact(slices.Sorted(slices.Values(req.Partners)))
	}
	run := CollectionRun{ID: batchID("COL", req.Operation), Journal: req.Journal, Date: req.Date}
	res, err := r.operation(ctx, req.Operation, "collection-run", req, func(w *work) error {
		return w.runCollections(req, run.ID)
	})
	if err != nil {
		return CollectionRun{}, err
	}
	run.Result = res
	// What the run was made with, kept with its batch: a retry's request
	// does not carry it into the fingerprint.
	var accounts, amended map[string]ledger.BankAccount
	err = r.book.View(ctx, func(t *ledger.Tx) error {
		all, err := batches(t, req.Journal)
		if err != nil {
			return err
		}
		for _, b := range all {
			if b.ID == run.ID {
				run.Creditor, run.CreditorID, run.LeftOut, accounts, amended = b.Creditor, b.CreditorID, b.LeftOut, b.Accounts, b.Amended
			}
		}
		written := map[journal.ID]bool{}
		for _, e := range res.Entries {
			written[e.ID] = true
		}
		for _, e := range res.Entries {
			if e.Type != journal.TypePayment || e.Journal != req.Journal {
				continue
			}
			c := Collection{Partner: e.Lines[0].Partner, Payment: e, EndToEndID: e.Ref, Amount: e.Lines[0].AmountCurrency.Neg(),
				Account: accounts[e.Lines[0].Partner], AmendedFrom: amended[e.Lines[0].Partner]}
			c.Sequence = sequenceOf(c.Account.Mandate)
			for _, p := range res.Partials {
				switch {
				case p.Credit == e.LineRef(0):
					if !slices.Contains(c.Invoices, p.Debit.Entry) {
						c.Invoices = append(c.Invoices, p.Debit.Entry)
					}
				case !written[p.Debit.Entry] && !written[p.Credit.Entry]:
					// A credit note or a payment set off against an
					// invoice of this customer.
					inv, err := t.Entry(p.Debit.Entry)
					if err != nil {
						return err
					}
					if p.Debit.Index >= len(inv.Lines) || inv.Lines[p.Debit.Index].Partner != c.Partner || inv.Type != journal.TypeInvoice {
						continue
					}
					note, err := t.Entry(p.Credit.Entry)
					if err != nil {
						return err
					}
					set := &c.OnAccount
					if note.Type == journal.TypeCreditNote {
						set = &c.CreditNotes
					}
					if !slices.Contains(*set, note.ID) {
						*set = append(*set, note.ID)
					}
					if !slices.Contains(c.Invoices, inv.ID) {
						c.Invoices = append(c.Invoices, inv.ID)
					}
				}
			}
			run.Collections = append(run.Collections, c)
		}
		return nil
	})
	if err != nil {
		return CollectionRun{}, err
	}
	return run, nil
}

// sequenceOf is the sequence type of a collection under mandate m.
func sequenceOf(m ledger.Mandate) string {
	if m.OneOff {
		return SequenceOneOff
	}
	return SequenceRecurrent
}

// customerDue is what a run may collect of one customer.
type customerDue struct {
	due     []journal.LineRef // invoice lines due by DueBy, oldest due first
	notes   []journal.LineRef // open credit notes
	ahead   []journal.LineRef // payments not yet set against an invoice
	refunds []journal.LineRef // money paid back to the customer, open
}

// runCollections is RunCollections' operation.
func (w *work) runCollections(req CollectionRequest, runID string) error {
	j, err := w.t.Journal(req.Journal)
	if err != nil {
		return err
	}
	if j.Kind != ledger.JournalBank || j.IBAN == "" || !j.UsesOutstanding || j.OutstandingReceipts == "" {
		return fmt.Errorf("%w: journal %s needs its IBAN and to use an outstanding receipts account", ErrCollection, req.Journal)
	}
	if iban, err := ident.ParseIBAN(string(j.IBAN)); err == nil && !ident.InSEPA(iban) {
		return fmt.Errorf("%w: journal %s's account is in %s, outside the SEPA scheme", ErrCollection, req.Journal, string(iban)[:2])
	}
	company := w.t.Book().Currency()
	if company.Code() != "EUR" {
		return fmt.Errorf("%w: a SEPA direct debit is in euros, and the book is kept in %s", ErrCollection, company.Code())
	}
	if ccy, hint, err := w.foreignBankAccount(j); err != nil {
		return err
	} else if ccy != "" {
		return fmt.Errorf("%w: SEPA direct debits are in euros, and journal %s's bank account %s is kept in %s%s", ErrCollection, j.Code, j.BankAccount, ccy, hint)
	}
	for _, p := range req.Partners {
		if _, err := w.t.Partner(p); err != nil {
			return fmt.Errorf("collection run, customer %s: %w", p, err)
		}
	}
	due, order, err := w.collectable(req, company)
	if err != nil {
		return err
	}
	if len(order) == 0 {
		return fmt.Errorf("%w: no invoice due by %s to collect", ErrCollection, req.DueBy)
	}
	uses, err := mandateUses(w.t, req.Date)
	if err != nil {
		return err
	}
	b := Batch{ID: runID, Kind: BatchCollection, Journal: req.Journal, Date: req.Date, Total: currency.Zero(company),
		Creditor: req.Creditor, CreditorID: req.CreditorID}
	n := 0
	for _, partner := range order {
		p, err := w.t.Partner(partner)
		if err != nil {
			return err
		}
		acct, why := collectedAccount(p, req.Date, uses)
		if why != "" {
			b.LeftOut = append(b.LeftOut, LeftOut{Partner: partner, Reason: why})
			continue
		}
		if err := debtorReach(p, acct); err != nil {
			return fmt.Errorf("%w: customer %s cannot be collected by a SEPA direct debit: %v", ErrCollection, partner, err)
		}
		s := due[partner]
		if len(s.refunds) > 0 {
			s.ahead = nil // what was paid back may be those payments: left to the accountant
		}
		if credits := slices.Concat(s.notes, s.ahead); len(credits) > 0 {
			if err := w.setOff(credits, s.due); err != nil {
				return fmt.Errorf("collection run, customer %s: setting off credit notes: %w", partner, err)
			}
		}
		open, err := w.stillOpen(s.due)
		if err != nil {
			return err
		}
		owed, err := w.openTotal(open)
		if err != nil {
			return err
		}
		if owed.IsZero() {
			continue // the credit notes cover it
		}
		if mustCmp(owed, sepaTransferMax) > 0 {
			return fmt.Errorf("%w: %s to collect from %s is over the SEPA maximum of %s a direct debit", ErrCollection,
				owed.French(), partner, sepaTransferMax.French())
		}
		before := len(w.res.Entries)
		n++
		e2e := fmt.Sprintf("%s-%d", runID, n)
		err = w.registerPayment(Payment{Direction: Inbound, Partner: partner, Journal: req.Journal, Date: req.Date,
			Method: MethodSEPADebit, Ref: e2e, Label: w.r.cfg.Labels.DirectDebit + " " + e2e, Amount: owed})
		if err != nil {
			return fmt.Errorf("collection run, customer %s: %w", partner, err)
		}
		if len(w.res.Entries) == before {
			return fmt.Errorf("%w: customer %s: no receipt posted", ErrCollection, partner)
		}
		pay := w.res.Entries[before]
		items, err := w.items(append([]journal.LineRef{pay.LineRef(0)}, open...))
		if err != nil {
			return err
		}
		if err := w.letter(items, letterOptions{keepOrder: true}); err != nil {
			return fmt.Errorf("collection run, customer %s: %w", partner, err)
		}
		if b.Accounts == nil {
			b.Accounts = map[string]ledger.BankAccount{}
		}
		b.Accounts[partner] = acct
		if from, ok := amendedFrom(p, acct, uses[strings.ToUpper(acct.Mandate.Reference)]); ok {
			if b.Amended == nil {
				b.Amended = map[string]ledger.BankAccount{}
			}
			b.Amended[partner] = from
		}
		b.Payments = append(b.Payments, pay.ID)
		b.Total = mustSub(b.Total, pay.Lines[0].Balance)
	}
	if n == 0 {
		var out []string
		for _, l := range b.LeftOut {
			out = append(out, l.Partner+" ("+l.Reason+")")
		}
		if len(out) > 0 {
			return fmt.Errorf("%w: nothing to collect by %s: left out %s", ErrCollection, req.DueBy, strings.Join(out, ", "))
		}
		return fmt.Errorf("%w: nothing to collect by %s: credit notes and payments cover what is due", ErrCollection, req.DueBy)
	}
	data, err := json.Marshal(b)
	if err != nil {
		return err
	}
	return booktx.Of(w.t).AppendEvent(batchesOf(req.Journal), b.Kind, data)
}

// collectable returns, by customer, what a run may collect, and the
// customers with invoices due in partner order.
func (w *work) collectable(req CollectionRequest, company currency.Currency) (map[string]*customerDue, []string, error) {
	type dueLine struct {
		ref journal.LineRef
		on  journal.Date
	}
	due := map[string]*customerDue{}
	var order []string
	err := w.t.EachOpenGroup(w.r.cfg.Receivable, "", func(partner string, items []ledger.OpenItem) (bool, error) {
		if len(req.Partners) > 0 && !slices.Contains(req.Partners, partner) {
			return true, nil
		}
		s := &customerDue{}
		var lines []dueLine
		for _, it := range items {
			d := it.DueDate
			if d.IsZero() {
				d = it.Date
			}
			money := it.Type == journal.TypePayment || it.Type == journal.TypeStatementLine
			switch {
			case it.Date.After(req.Date) || it.Amount.Currency() != company:
			case money && it.Balance.Sign() < 0:
				s.ahead = append(s.ahead, it.Ref)
			case money && it.Balance.Sign() > 0:
				s.refunds = append(s.refunds, it.Ref)
			case it.Type == journal.TypeCreditNote && it.Balance.Sign() < 0:
				s.notes = append(s.notes, it.Ref)
			case it.Type == journal.TypeInvoice && it.Balance.Sign() > 0 && !d.After(req.DueBy):
				lines = append(lines, dueLine{it.Ref, d})
			}
		}
		slices.SortStableFunc(lines, func(a, b dueLine) int { return a.on.Compare(b.on) })
		for _, l := range lines {
			s.due = append(s.due, l.ref)
		}
		if len(s.due) > 0 {
			due[partner] = s
			order = append(order, partner)
		}
		return true, nil
	})
	if err != nil {
		return nil, nil, err
	}
	// A document cancelled by a reversal still open is neither collected
	// nor set off: it goes with its reversal.
	for _, partner := range order {
		s := due[partner]
		for _, refs := range []*[]journal.LineRef{&s.due, &s.notes, &s.ahead, &s.refunds} {
			kept := (*refs)[:0]
			for _, ref := range *refs {
				e, err := w.entry(ref.Entry)
				if err != nil {
					return nil, nil, err
				}
				l := e.Lines[ref.Index]
				if by, err := cancelledBy(w.t, &e, l.Account, l.Partner, nil); err != nil {
					return nil, nil, err
				} else if by == journal.NoID {
					kept = append(kept, ref)
				}
			}
			*refs = kept
		}
	}
	order = slices.DeleteFunc(order, func(p string) bool { return len(due[p].due) == 0 })
	return due, order, nil
}

// mandateLapseMonths is how long a mandate may go unused: one under which
// nothing was collected for 36 months must not be collected under again
// (EPC SDD Core rulebook 4.5).
const mandateLapseMonths = 36

// collectedAccount is the bank account a run collects customer p under on
// date: its first carrying a mandate; with the reason it is left out
// instead, when it is.
func collectedAccount(p ledger.Partner, date journal.Date, uses map[string]mandateUse) (ledger.BankAccount, string) {
	for _, a := range p.BankAccounts {
		m := a.Mandate
		if m.IsZero() {
			continue
		}
		u := uses[strings.ToUpper(m.Reference)]
		switch {
		case m.Signed.After(date):
			return a, fmt.Sprintf("mandate %s signed on %s, after the collection date", m.Reference, m.Signed)
		case m.OneOff && u.used:
			return a, fmt.Sprintf("one-off mandate %s already collected", m.Reference)
		}
		since, what := m.Signed, "signed on"
		if !u.last.IsZero() {
			since, what = u.last, "last used on"
		}
		if since.AddMonths(mandateLapseMonths).Before(date) {
			return a, fmt.Sprintf("mandate lapsed: %s %s, more than %d months before the collection date: mandate %s is no longer valid, have the customer sign a new one",
				what, since, mandateLapseMonths, m.Reference)
		}
		return a, ""
	}
	return ledger.BankAccount{}, "no direct debit mandate"
}

// amendedFrom returns the account a collection under acct's mandate tells
// the customer's bank it debited before, and whether it must: when the
// mandate's last collection (u) debited another account, that one; never
// collected under, the account it was moved from, if it moved. Once a
// collection from acct is recorded, the next ones tell nothing.
func amendedFrom(p ledger.Partner, acct ledger.BankAccount, u mandateUse) (ledger.BankAccount, bool) {
	if !u.last.IsZero() {
		if u.account.IBAN == acct.IBAN {
			return ledger.BankAccount{}, false
		}
		return ledger.BankAccount{IBAN: u.account.IBAN, BIC: u.account.BIC}, true
	}
	orig := acct.Mandate.OriginalIBAN
	if orig == "" {
		return ledger.BankAccount{}, false
	}
	from := ledger.BankAccount{IBAN: orig}
	for _, a := range p.BankAccounts {
		if a.IBAN == orig {
			from.BIC = a.BIC
		}
	}
	return from, true
}

// debtorReach checks what a SEPA direct debit needs of the customer
// debited: a name and an account in the SEPA scheme, and outside the EEA
// its bank's BIC and its address (EPC rulebook).
func debtorReach(p ledger.Partner, a ledger.BankAccount) error {
	addr := p.Address
	iban, err := ident.SEPAParty(p.Name, string(a.IBAN), !addr.IsZero(), addr.Town, addr.Country)
	if err != nil {
		return err
	}
	if !ident.InEEA(iban) && (a.BIC == "" || addr.IsZero()) {
		return fmt.Errorf("an account in %s, outside the EEA, needs its bank's BIC and the customer's address", string(iban)[:2])
	}
	return nil
}

// mandateUse is what the book's collection runs tell of a mandate: the
// collections under it, but for those cancelled (reversed) since.
type mandateUse struct {
	used bool         // collected under at all, whatever the date
	last journal.Date // the latest collection on or before the date asked; zero: none
	// account is the bank account the latest collection debited, with
	// the mandate as it then stood.
	account ledger.BankAccount
}

// mandateUses returns, by mandate reference in upper case, the use the
// book's collection runs made of each mandate, the latest on or before
// date; a run recorded before runs kept their accounts tells nothing.
func mandateUses(t *ledger.Tx, date journal.Date) (map[string]mandateUse, error) {
	js, err := t.Journals()
	if err != nil {
		return nil, err
	}
	uses := map[string]mandateUse{}
	for _, j := range js {
		if j.Kind != ledger.JournalBank {
			continue
		}
		all, err := batches(t, j.Code)
		if err != nil {
			return nil, err
		}
		for _, b := range all {
			if b.Kind != BatchCollection {
				continue
			}
			for _, id := range b.Payments {
				if _, reversed, err := t.ReversedBy(id); err != nil {
					return nil, err
				} else if reversed {
					continue
				}
				e, err := t.Entry(id)
				if err != nil {
					return nil, err
				}
				a := b.Accounts[e.Lines[0].Partner]
				if a.Mandate.IsZero() {
					continue
				}
				k := strings.ToUpper(a.Mandate.Reference)
				u := uses[k]
				u.used = true
				// Runs are read in the order they were booked: of two on
				// one date, the later.
				if !b.Date.After(date) && !b.Date.Before(u.last) {
					u.last, u.account = b.Date, a
				}
				uses[k] = u
			}
		}
	}
	return uses, nil
}
