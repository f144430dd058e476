package reconcile

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// ErrBankAccount is returned when a statement is of a bank account no
// bank journal of the book holds (ledger.Journal.IBAN).
var ErrBankAccount = errors.New("reconcile: no bank journal holds this account")

// Imported is what ImportStatement did.
type Imported struct {
	// Journal is the code of the bank journal holding the statement's
	// account.
	Journal string
	// Statement is the statement's ID, as the bank gave it.
	Statement string
	// New is false when the same statement had already been imported:
	// nothing was written.
	New bool
	// Entries is how many entries the statement holds.
	Entries int
}

// statementEvent is the event kind under which statements are kept.
const statementEvent = "bank_statement"

// statementsOf is the subject under which a journal's statements are kept.
func statementsOf(journalCode string) journal.ID {
	return uuid.NewSHA1(statementsSpace, []byte(journalCode))
}

// statementsSpace names the subjects of imported statements.
var statementsSpace = uuid.MustParse("4a1f3c3e-8d0c-5b8e-9f4e-6c1b2a0d7e55")

// ImportStatement keeps a bank statement in the book, its entries not
// posted (matching posts them). The statement is checked (Check), its
// account must be a bank journal's (ErrBankAccount) — of an account held
// in several currencies, the journal whose bank account is fixed to the
// statement's currency, else the one fixed to none; neither is a
// *StatementCurrencyError —, and its opening balance must be the closing
// balance of the statement imported before it on that journal
// (ErrStatement with both otherwise). Importing the same
// statement again writes nothing and says so (Imported.New false); a
// statement of the same id with other content is refused (ErrStatement).
// A new statement with an entry booked in a closed fiscal year is refused
// (ledger.ErrYearClosed): that year can take no entry, so its lines could
// never be posted.
func (r *Reconciler) ImportStatement(ctx context.Context, s BankStatement) (Imported, error) {
	out, err := r.ImportStatements(ctx, []BankStatement{s})
	if err != nil {
		return Imported{}, err
	}
	return out[0], nil
}

// ImportStatements imports several statements (a file's) in one
// transaction, in order, as ImportStatement does each: all of them or,
// when one is refused, none. The error names the statement refused.
func (r *Reconciler) ImportStatements(ctx context.Context, ss []BankStatement) ([]Imported, error) {
	datas := make([][]byte, len(ss))
	for i := range ss {
		if err := ss[i].Check(); err != nil {
			return nil, statementError(ss, i, err)
		}
		data, err := json.Marshal(ss[i])
		if err != nil {
			return nil, fmt.Errorf("reconcile: encoding statement %s: %w", ss[i].ID, err)
		}
		datas[i] = data
	}
	out := make([]Imported, len(ss))
	err := r.book.Update(ctx, func(t *ledger.Tx) error {
		for i := range ss {
			out[i] = Imported{Statement: ss[i].ID, Entries: len(ss[i].Entries)}
			if err := importStatement(t, &ss[i], datas[i], &out[i]); err != nil {
				return statementError(ss, i, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// statementError names statement i of ss in err when there are several.
func statementError(ss []BankStatement, i int, err error) error {
	if len(ss) == 1 {
		return err
	}
	return fmt.Errorf("statement %d of %d (%s): %w", i+1, len(ss), ss[i].ID, err)
}

// journalsOfBBAN are the bank journals of a French account known by its
// RIB alone under another country's code: a CFONB 120 statement gives the
// bank, branch and account numbers but no country, and is read as a
// French IBAN, while Monaco's banks (and those of the French territories
// with codes of their own) share the French clearing and the French BBAN
// under their own country code. The BBAN holds its RIB key, so only the
// same account matches; an account held in several currencies has a
// journal per currency, and all are returned for the statement's
// currency to choose among.
func journalsOfBBAN(t *ledger.Tx, iban ident.IBAN) ([]ledger.Journal, error) {
	if iban.Country() != "FR" || len(iban) != 27 {
		return nil, nil
	}
	js, err := t.Journals()
	if err != nil {
		return nil, err
	}
	var out []ledger.Journal
	for _, j := range js {
		if j.IBAN.HasFrenchRIB() && j.IBAN.Country() != "FR" && j.IBAN[4:] == iban[4:] {
			out = append(out, j)
		}
	}
	return out, nil
}

// journalInCurrency picks, among the bank journals js of a statement's
// account, the one of its currency: the journal whose bank account is
// fixed to it, else the journal whose bank account is fixed to none (an
// account's first journal, the company currency's, beside journals
// fixed to foreign currencies). A statement in another currency than
// the bank account's could never be posted (its lines are refused on an
// account fixed to a currency), and would block the journal's next
// statements: it is refused with a *StatementCurrencyError.
func journalInCurrency(t *ledger.Tx, js []ledger.Journal, s *BankStatement) (ledger.Journal, error) {
	held := make([]string, 0, len(js))
	unfixed := -1 // the journal whose bank account is fixed to no currency: it takes the rest
	for i, j := range js {
		var ccy currency.Currency
		if j.BankAccount != "" {
			a, err := t.Account(j.BankAccount)
			if err != nil {
				return ledger.Journal{}, err
			}
			ccy = a.Currency
		}
		if ccy == s.Currency {
			return j, nil
		}
		if ccy.IsZero() {
			unfixed = i
			continue
		}
		held = append(held, j.Code+" in "+ccy.Code())
	}
	if unfixed >= 0 {
		return js[unfixed], nil
	}
	return ledger.Journal{}, &StatementCurrencyError{Statement: s.ID, IBAN: s.Account, Currency: s.Currency, Journals: held}
}

// StatementCurrencyError is returned when no bank journal of a
// statement's account is in the statement's currency: the account's
// journals have bank accounts fixed to other currencies. errors.Is
// matches it with ErrStatement and ErrBankAccount.
type StatementCurrencyError struct {
	Statement string            // the statement's ID
	IBAN      ident.IBAN        // its account
	Currency  currency.Currency // its currency
	Journals  []string          // the account's journals and their currencies ("BNP in EUR")
}

// Error names the statement, the account and its currency, and the
// journals the account has.
func (e *StatementCurrencyError) Error() string {
	return fmt.Sprintf("%v: statement %s is in %s, and no bank journal of %s is (%s): add a journal of that IBAN whose bank account is fixed to %s",
		ErrStatement, e.Statement, e.Currency.Code(), e.IBAN.Paper(), strings.Join(e.Journals, ", "), e.Currency.Code())
}

// Is reports whether target is ErrStatement or ErrBankAccount.
func (e *StatementCurrencyError) Is(target error) bool {
	return target == ErrStatement || target == ErrBankAccount
}

// importStatement keeps statement s, encoded as data, in the book, and
// says what it did in out.
func importStatement(t *ledger.Tx, s *BankStatement, data []byte, out *Imported) error {
	js, err := t.JournalsByIBAN(s.Account)
	if err != nil {
		return err
	}
	if len(js) == 0 {
		if js, err = journalsOfBBAN(t, s.Account); err != nil {
			return err
		}
		if len(js) == 0 {
			return fmt.Errorf("%w: %s (give its bank journal this IBAN)", ErrBankAccount, s.Account.Paper())
		}
	}
	j, err := journalInCurrency(t, js, s)
	if err != nil {
		return err
	}
	out.Journal = j.Code
	index, err := statementIndex(t, j.Code)
	if err != nil {
		return err
	}
	for _, x := range index {
		if x.ID != s.ID {
			continue
		}
		st, err := storedStatement(t, j.Code, x.ID)
		if err != nil {
			return err
		}
		if !bytes.Equal(st.raw, data) && !sameBeforeBatches(st, s) {
			return fmt.Errorf("%w: statement %s of %s was imported with other content", ErrStatement, s.ID, j.Code)
		}
		return nil // the same statement: nothing to do
	}
	if n := len(index); n > 0 {
		prev := index[n-1]
		if prev.Closing.Currency() != s.Currency || !prev.Closing.Equal(s.Opening) {
			apart := ""
			if d, err := s.Opening.Sub(prev.Closing); err == nil {
				apart = " (" + d.String() + " apart)"
			}
			return fmt.Errorf("%w: statement %s opens at %s, but the last statement imported into %s (%s) closed at %s%s: "+
				"statements are imported in order, each opening where the one before closed",
				ErrStatement, s.ID, s.Opening, j.Code, prev.ID, prev.Closing, apart)
		}
	}
	locks, err := t.LockDates()
	if err != nil {
		return err
	}
	for _, be := range s.Entries {
		if !locks.Closed.IsZero() && !be.BookingDate.After(locks.Closed) {
			return fmt.Errorf("%w: statement %s, entry %s booked on %s (the books are closed up to %s)",
				ledger.ErrYearClosed, s.ID, be.Ref, be.BookingDate, locks.Closed)
		}
	}
	out.New = true
	entry, err := json.Marshal(statementRef{ID: s.ID, Entries: len(s.Entries), Closing: s.Closing})
	if err != nil {
		return err
	}
	wr := booktx.Of(t)
	if err := wr.AppendEvent(statementsOf(j.Code), statementIndexEvent, entry); err != nil {
		return err
	}
	return wr.AppendEvent(statementOf(j.Code, s.ID), statementEvent, data)
}

// sameBeforeBatches reports whether s is the statement st kept, read
// again by a reader that gives what the reader that imported st did not:
// the batches' identification (BankEntry.Batch), the charges the bank
// took (BankEntry.Charges, BankTransaction.Charges), the amounts
// instructed in another currency (BankTransaction.Instructed). It is the
// same file imported again, which writes nothing, as for a statement read
// alike. The one kept keeps its entries without them.
func sameBeforeBatches(st stored, s *BankStatement) bool {
	if len(st.s.Entries) != len(s.Entries) {
		return false
	}
	batches := slices.ContainsFunc(st.s.Entries, func(e BankEntry) bool { return !e.Batch.IsZero() })
	charges := slices.ContainsFunc(st.s.Entries, hasCharges)
	instructed := slices.ContainsFunc(st.s.Entries, func(e BankEntry) bool {
		return slices.ContainsFunc(e.Transactions, func(t BankTransaction) bool { return t.Instructed.IsSet() })
	})
	if batches && charges && instructed {
		return false
	}
	bare := *s
	bare.Entries = slices.Clone(s.Entries)
	for i := range bare.Entries {
		e := &bare.Entries[i]
		if !batches {
			e.Batch = BankBatch{}
		}
		if !charges || !instructed {
			e.Transactions = slices.Clone(e.Transactions)
		}
		if !charges {
			e.Charges = currency.Amount{}
			for k := range e.Transactions {
				e.Transactions[k].Charges = currency.Amount{}
			}
		}
		if !instructed {
			for k := range e.Transactions {
				e.Transactions[k].Instructed = currency.Amount{}
			}
		}
	}
	data, err := json.Marshal(bare)
	return err == nil && bytes.Equal(st.raw, data)
}

// hasCharges reports whether an entry or one of its transactions states
// charges.
func hasCharges(e BankEntry) bool {
	return !e.Charges.IsZero() || slices.ContainsFunc(e.Transactions, func(t BankTransaction) bool { return !t.Charges.IsZero() })
}

// A journal's statements are kept as a small index — one record per
// statement with its closing balance and size, and one per entry posted —
// under the journal's subject, and each statement's content under a
// subject of its own: reading what is still open decodes only the
// statements with entries left, however many came before.

// statementIndexEvent is the kind of a statement's index record.
const statementIndexEvent = "bank_statement_ref"

// statementRef is a statement in its journal's index.
type statementRef struct {
	ID      string          `json:"id"`
	Entries int             `json:"n"`
	Closing currency.Amount `json:"c"`
}

// statementOf is the subject a statement's content is kept under.
func statementOf(journalCode, id string) journal.ID {
	return uuid.NewSHA1(statementsSpace, []byte(journalCode+"\x00"+id))
}

// statementIndex reads a journal's statements, in import order.
func statementIndex(t *ledger.Tx, journalCode string) ([]statementRef, error) {
	events, err := t.Events(statementsOf(journalCode))
	if err != nil {
		return nil, err
	}
	var out []statementRef
	for _, ev := range events {
		if ev.Kind != statementIndexEvent {
			continue
		}
		var x statementRef
		if err := json.Unmarshal(ev.Data, &x); err != nil {
			return nil, fmt.Errorf("%w: statement index %d of journal %s: %v", ledger.ErrFormat, ev.Seq, journalCode, err)
		}
		out = append(out, x)
	}
	return out, nil
}

// stored is a statement as kept, with its encoding.
type stored struct {
	s   BankStatement
	raw []byte
}

// storedStatement reads one statement's content.
func storedStatement(t *ledger.Tx, journalCode, id string) (stored, error) {
	events, err := t.Events(statementOf(journalCode, id))
	if err != nil {
		return stored{}, err
	}
	for _, ev := range events {
		if ev.Kind != statementEvent {
			continue
		}
		var s BankStatement
		if err := json.Unmarshal(ev.Data, &s); err != nil {
			return stored{}, fmt.Errorf("%w: statement %s of journal %s: %v", ledger.ErrFormat, id, journalCode, err)
		}
		return stored{s: s, raw: ev.Data}, nil
	}
	return stored{}, fmt.Errorf("%w: statement %s of journal %s is indexed but not kept", ledger.ErrFormat, id, journalCode)
}

// Statements returns the statements imported into a bank journal, oldest
// first.
func (r *Reconciler) Statements(ctx context.Context, journalCode string) ([]BankStatement, error) {
	var out []BankStatement
	err := r.book.View(ctx, func(t *ledger.Tx) error {
		if _, err := t.Journal(journalCode); err != nil {
			return err
		}
		index, err := statementIndex(t, journalCode)
		if err != nil {
			return err
		}
		for _, x := range index {
			st, err := storedStatement(t, journalCode, x.ID)
			if err != nil {
				return err
			}
			out = append(out, st.s)
		}
		return nil
	})
	return out, err
}
