package reconcile

import (
	"errors"
	"fmt"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
)

// ErrStatement is returned for a bank statement that does not hold
// together: balances that do not add up, an entry in another currency than
// the account's, an amount with more decimals than its currency, an entry
// reference given twice, a statement with no account or id.
var ErrStatement = errors.New("reconcile: invalid bank statement")

// BankStatement is a bank account statement (relevé de compte) as the bank
// sends it (camt.053, CFONB 120): what the file readers yield and what the
// book imports.
type BankStatement struct {
	// Account is the company's bank account the statement is of.
	Account ident.IBAN
	// ID is the bank's identifier of the statement, unique per account.
	ID string
	// Currency is the account's currency; every amount of the statement is
	// in it.
	Currency currency.Currency
	// Opening and Closing are the booked balances at the start and the
	// end, signed from the account holder's side: positive when the bank
	// owes the company (a credit balance on the bank's books).
	Opening, Closing currency.Amount
	// OpeningDate and ClosingDate are the days Opening and Closing are taken
	// at.
	OpeningDate, ClosingDate journal.Date
	// Entries are the statement's entries, in the bank's order.
	Entries []BankEntry
}

// BankEntry is one line of a statement: a movement on the account,
// possibly a batch of several transactions (a cheque deposit, a SEPA
// run).
type BankEntry struct {
	// Ref is the bank's reference of the entry, unique in its statement:
	// importing the same entry again finds it by it.
	Ref string
	// BookingDate is the day the bank booked the entry on the account.
	BookingDate journal.Date
	// ValueDate is the day the money counts for interest; zero when the bank
	// gives none.
	ValueDate journal.Date
	// Amount is signed from the account holder's side: > 0 money in, < 0
	// money out.
	Amount currency.Amount
	// Reversal is set when the entry reverses an earlier one (a returned
	// transfer, an unpaid cheque).
	Reversal bool
	// BankCode is the bank's transaction code (ISO 20022 domain/family, or
	// the CFONB operation code).
	BankCode string
	// Label is the bank's text for the entry.
	Label string
	// Transactions are the entry's details: one for a plain transfer,
	// several for a batch; none when the bank gives no detail.
	Transactions []BankTransaction
	// Batch is how the bank identifies the batch the entry books whole
	// (a SEPA run it executed from our pain.001): zero when it gives no
	// identification. Matching clears the payment run it names.
	Batch BankBatch `json:",omitzero"`
	// Charges are what the bank took for the entry out of Amount (its
	// fees on a transfer and the tax on them, stated in the file): a
	// positive amount in the statement's currency, unset when it states
	// none. Amount is then what the payments it shows come to, less
	// Charges: a transfer of 910,40 sent with 5,00 of charges and 1,00 of
	// VAT on them is an entry of −916,40, a receipt of 1 000,00 credited
	// with 5,00 taken one of 995,00. Statement matching clears those
	// payments and posts the charges, their tax with them, to the bank
	// fees account: the VAT on them is not recovered, which takes the
	// bank's invoice. An entry imported before it existed reads back with
	// it unset.
	Charges currency.Amount `json:",omitzero"`
}

// BankBatch is the identification of a batch of payments that a bank
// books as one entry, as the payer's payment file gave it: camt.053
// NtryDtls/Btch, or the references every transaction of the entry
// shares. Its zero value is no identification; an entry imported before
// it existed reads back with it zero.
type BankBatch struct {
	// MsgID is the message id of the payment file (pain.001 GrpHdr/MsgId):
	// for a run of the book, the run's ID. Empty when not given.
	MsgID string `json:",omitempty"`
	// PmtInfID is the id of the file's payment information block
	// (pain.001 PmtInf/PmtInfId); empty when not given.
	PmtInfID string `json:",omitempty"`
	// Count is the number of transactions the bank says the batch holds
	// (NbOfTxs); zero when not given.
	Count int `json:",omitempty"`
}

// IsZero reports whether b is the zero BankBatch: nothing given.
func (b BankBatch) IsZero() bool { return b == BankBatch{} }

// Named reports whether b names a batch: a message id or a payment
// information id (a count alone names none).
func (b BankBatch) Named() bool { return b.MsgID != "" || b.PmtInfID != "" }

// BankTransaction is the detail of one transaction inside an entry.
type BankTransaction struct {
	// Amount is the transaction's signed amount, unset when the bank gives
	// only the entry's.
	Amount currency.Amount
	// EndToEndID is the payer's end-to-end identifier: a SEPA transfer we
	// sent comes back with the one we gave it.
	EndToEndID string
	// Counterparty is the other party's name; CounterpartyIBAN its account.
	Counterparty string
	// CounterpartyIBAN is the other party's account, when the bank gives it.
	CounterpartyIBAN ident.IBAN
	// Remittance is the unstructured remittance text (communication);
	// CreditorRef the structured creditor reference (ISO 11649 RF…).
	Remittance string
	// CreditorRef is the structured creditor reference (ISO 11649, "RF…"),
	// empty when none.
	CreditorRef string
	// Charges are what the bank took for this transaction out of the
	// entry's amount, as BankEntry.Charges, which totals them when the
	// bank states none for the entry as a whole; unset when none.
	Charges currency.Amount `json:",omitzero"`
	// Instructed is the amount the payer gave in another currency than
	// the account's, which the bank converted (camt.053
	// AmtDtls/InstdAmt, CFONB 120 MMO): signed as Amount, unset when
	// the payment was in the account's currency or the bank does not
	// say. It is for reading: matching and posting go by the amount
	// booked. A transaction imported before it existed reads back with
	// it unset.
	Instructed currency.Amount `json:",omitzero"`
}

// Check verifies that a statement holds together: an account and an id,
// every amount in the statement's currency and exact in it (an
// instructed amount in another, exact in it and not zero), charges not
// negative, each entry reference unique and non-empty, the opening date
// (when given) not after the closing date, and Opening + Σ entries = Closing. Booking dates
// are not bound by the balances' dates: a bank's file says its period
// apart (the camt.053 reader checks it). It
// returns ErrStatement saying what is wrong, with the difference when the
// balances do not add up.
func (s *BankStatement) Check() error {
	if s.Account == "" || s.ID == "" || s.Currency.IsZero() {
		return fmt.Errorf("%w: a statement needs its account, id and currency", ErrStatement)
	}
	if err := journal.CheckText("statement id", s.ID); err != nil {
		return fmt.Errorf("%w: %v", ErrStatement, err)
	}
	in := func(what string, a currency.Amount) error {
		if !a.IsSet() || a.Currency() != s.Currency {
			return fmt.Errorf("%w: statement %s: %s is %s, not in %s", ErrStatement, s.ID, what, a, s.Currency)
		}
		if _, ok := a.MinorUnits(); !ok {
			return fmt.Errorf("%w: statement %s: %s %s is out of range", ErrStatement, s.ID, what, a)
		}
		return nil
	}
	if err := in("the opening balance", s.Opening); err != nil {
		return err
	}
	if err := in("the closing balance", s.Closing); err != nil {
		return err
	}
	if !s.OpeningDate.IsZero() && !s.ClosingDate.IsZero() && s.OpeningDate.After(s.ClosingDate) {
		return fmt.Errorf("%w: statement %s: it opens on %s, after it closes on %s", ErrStatement, s.ID,
			s.OpeningDate.French(), s.ClosingDate.French())
	}
	// Charges are a cost the bank took: none (unset), or a positive
	// amount in the statement's currency.
	charged := func(where string, c currency.Amount) error {
		if !c.IsSet() {
			return nil
		}
		if err := in(where+" charges", c); err != nil {
			return err
		}
		if c.Sign() < 0 {
			return fmt.Errorf("%w: statement %s: %s: charges of %s: charges the bank took are positive", ErrStatement, s.ID, where, c.Plain())
		}
		return nil
	}
	refs := make(map[string]bool, len(s.Entries))
	sum := s.Opening
	for i, e := range s.Entries {
		where := fmt.Sprintf("entry %d (%s)", i+1, e.Ref)
		if e.Ref == "" || refs[e.Ref] {
			return fmt.Errorf("%w: statement %s: %s: its reference is empty or given twice", ErrStatement, s.ID, where)
		}
		refs[e.Ref] = true
		if err := in(where, e.Amount); err != nil {
			return err
		}
		if e.Amount.IsZero() || e.BookingDate.IsZero() {
			return fmt.Errorf("%w: statement %s: %s: a movement needs an amount and a booking date", ErrStatement, s.ID, where)
		}
		if e.Batch.Count < 0 {
			return fmt.Errorf("%w: statement %s: %s: its batch counts %d transactions", ErrStatement, s.ID, where, e.Batch.Count)
		}
		for _, t := range [...]struct{ what, text string }{{"reference", e.Ref}, {"label", e.Label}, {"bank code", e.BankCode},
			{"batch message id", e.Batch.MsgID}, {"batch payment information id", e.Batch.PmtInfID}} {
			if err := journal.CheckText(t.what, t.text); err != nil {
				return fmt.Errorf("%w: statement %s: %s: %v", ErrStatement, s.ID, where, err)
			}
		}
		if err := charged(where, e.Charges); err != nil {
			return err
		}
		for _, t := range e.Transactions {
			if t.Amount.IsSet() {
				if err := in(where+" transaction "+t.EndToEndID, t.Amount); err != nil {
					return err
				}
			}
			if err := charged(where+" transaction "+t.EndToEndID, t.Charges); err != nil {
				return err
			}
			if err := instructed(s.ID, where+" transaction "+t.EndToEndID, s.Currency, t.Instructed); err != nil {
				return err
			}
			for _, x := range [...]struct{ what, text string }{{"end-to-end id", t.EndToEndID},
				{"counterparty", t.Counterparty}, {"remittance", t.Remittance}, {"creditor reference", t.CreditorRef}} {
				if err := journal.CheckText(x.what, x.text); err != nil {
					return fmt.Errorf("%w: statement %s: %s: %v", ErrStatement, s.ID, where, err)
				}
			}
		}
		sum = mustAdd(sum, e.Amount)
	}
	if !sum.Equal(s.Closing) {
		return fmt.Errorf("%w: statement %s: opening %s + entries = %s, the closing balance is %s (%s apart)",
			ErrStatement, s.ID, s.Opening.Plain(), sum.Plain(), s.Closing.Plain(), mustSub(s.Closing, sum).Plain())
	}
	return nil
}

// instructed checks a transaction's instructed amount: none, or an
// amount other than zero in a currency other than the account's (an
// amount in the account's currency is the amount booked), exact in it.
func instructed(id, where string, account currency.Currency, a currency.Amount) error {
	if !a.IsSet() {
		return nil
	}
	if a.Currency() == account || a.IsZero() {
		return fmt.Errorf("%w: statement %s: %s: an instructed amount of %s: an amount other than zero, in another currency than the account's %s",
			ErrStatement, id, where, a, account)
	}
	if _, ok := a.MinorUnits(); !ok {
		return fmt.Errorf("%w: statement %s: %s: the instructed amount %s is out of range", ErrStatement, id, where, a)
	}
	return nil
}
