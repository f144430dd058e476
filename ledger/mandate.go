package ledger

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
)

// ErrMandate is returned for a SEPA direct debit mandate the book refuses:
// a reference a SEPA file cannot carry (wrapping
// ident.ErrMandateReference), no signature date, an original account
// (Mandate.OriginalIBAN) that is no IBAN or the account the mandate is
// on, or a reference another mandate of the book already has (references
// are compared without regard to case, as banks do): give each mandate
// its own reference, and move one to another account with MoveMandate.
// MoveMandate returns it too for a move it refuses.
var ErrMandate = errors.New("ledger: invalid SEPA direct debit mandate")

// Mandate is a SEPA direct debit mandate (mandat de prélèvement SEPA
// Core): the customer's authorization to collect from one of its bank
// accounts. Whether it was used already, and so the sequence type of its
// next collection, follows from the collections the book recorded, not
// from the mandate.
type Mandate struct {
	// Reference is the unique mandate reference (UMR, référence unique de
	// mandat): 1 to 35 characters of the SEPA set, no space, unique in the
	// book.
	Reference string
	// Signed is the date the customer signed the mandate; required.
	Signed journal.Date
	// OneOff is a mandate for one collection only (ponctuel); a recurrent
	// one (récurrent) otherwise.
	OneOff bool
	// OriginalIBAN is the account the mandate was on before MoveMandate
	// moved it to the account that carries it now, empty when it never
	// moved: the next collection under it tells the customer's bank of
	// the change (a mandate amendment).
	OriginalIBAN ident.IBAN `json:",omitempty"`
}

// IsZero reports whether there is no mandate.
func (m Mandate) IsZero() bool { return m == Mandate{} }

// normalize checks a mandate that is set.
func (m Mandate) normalize() (Mandate, error) {
	if _, err := ident.ParseMandateReference(m.Reference); err != nil {
		return Mandate{}, fmt.Errorf("%w: %w", ErrMandate, err)
	}
	if m.Signed.IsZero() {
		return Mandate{}, fmt.Errorf("%w: mandate %s has no signature date: give the date the customer signed it", ErrMandate, m.Reference)
	}
	if m.OriginalIBAN != "" {
		iban, err := ident.ParseIBAN(string(m.OriginalIBAN))
		if err != nil {
			return Mandate{}, fmt.Errorf("%w: mandate %s's original account: %w", ErrMandate, m.Reference, err)
		}
		m.OriginalIBAN = iban
	}
	return m, nil
}

type mandateRec struct {
	Ref      string `cbor:"1,keyasint"`
	Signed   uint32 `cbor:"2,keyasint"`
	OneOff   bool   `cbor:"3,keyasint,omitempty"`
	Original string `cbor:"4,keyasint,omitempty"` // OriginalIBAN
}

func mandateRecOf(m Mandate) *mandateRec {
	if m.IsZero() {
		return nil
	}
	return &mandateRec{Ref: m.Reference, Signed: m.Signed.Key(), OneOff: m.OneOff, Original: string(m.OriginalIBAN)}
}

// mandate rebuilds a mandate from its record; a date that is none is left
// for normalize to refuse.
func (r *mandateRec) mandate() (Mandate, error) {
	if r == nil {
		return Mandate{}, nil
	}
	signed, err := journal.DateFromKey(r.Signed)
	if err != nil {
		return Mandate{}, err
	}
	return Mandate{Reference: r.Ref, Signed: signed, OneOff: r.OneOff, OriginalIBAN: ident.IBAN(r.Original)}, nil
}

// MoveMandate moves partner code's direct debit mandate of reference
// reference (compared without regard to case) to another of its bank
// accounts, to: the customer has the same mandate debit another account
// (a SEPA mandate amendment), its reference, signature date and kind kept.
// to is one of the partner's accounts, by IBAN (a BIC or label it gives
// replaces the account's), or a new one, added to them. The mandate
// records the account it leaves (Mandate.OriginalIBAN); the account stays
// the partner's, without a mandate. The next collection run under the
// mandate tells the customer's bank of the change, and only that one
// (see reconcile's RunCollections).
//
// It returns ErrUnknownPartner, ErrMandate (nothing written) when the
// partner has no mandate of that reference, when to is the account the
// mandate is on already or one carrying another mandate, or when to
// brings a mandate of its own, and the errors of UpdatePartner.
func (b *Book) MoveMandate(ctx context.Context, code, reference string, to BankAccount) error {
	if !to.Mandate.IsZero() {
		return fmt.Errorf("%w: the account mandate %s moves to brings mandate %s: give the account alone", ErrMandate, reference, to.Mandate.Reference)
	}
	return b.Update(ctx, func(t *Tx) error {
		p, err := t.Partner(code)
		if err != nil {
			return err
		}
		from := slices.IndexFunc(p.BankAccounts, func(a BankAccount) bool {
			return !a.Mandate.IsZero() && strings.EqualFold(a.Mandate.Reference, reference)
		})
		if from < 0 {
			return fmt.Errorf("%w: partner %s has no mandate %s: record it first on the account it debits", ErrMandate, code, reference)
		}
		iban, err := ident.ParseIBAN(string(to.IBAN))
		if err != nil {
			return err
		}
		dest := slices.IndexFunc(p.BankAccounts, func(a BankAccount) bool { return a.IBAN == iban })
		switch {
		case dest == from:
			return fmt.Errorf("%w: partner %s's mandate %s is on account %s already", ErrMandate, code, reference, iban.Paper())
		case dest < 0:
			p.BankAccounts = append(p.BankAccounts, BankAccount{IBAN: iban})
			dest = len(p.BankAccounts) - 1
		case !p.BankAccounts[dest].Mandate.IsZero():
			return fmt.Errorf("%w: partner %s's account %s carries mandate %s: an account has one mandate", ErrMandate, code,
				iban.Paper(), p.BankAccounts[dest].Mandate.Reference)
		}
		d := &p.BankAccounts[dest]
		if to.BIC != "" {
			d.BIC = to.BIC
		}
		if to.Label != "" {
			d.Label = to.Label
		}
		m := p.BankAccounts[from].Mandate
		m.OriginalIBAN = p.BankAccounts[from].IBAN
		p.BankAccounts[from].Mandate = Mandate{}
		d.Mandate = m
		return t.updatePartner(p)
	})
}

// checkMandates refuses the mandates of ps whose reference another mandate
// has: one of ps, or one of the book's other partners (a partner of ps
// already in the book is read as ps gives it).
func (t *Tx) checkMandates(ps []Partner) error {
	mine := map[string]string{} // reference, upper case: the partner holding it
	codes := map[string]bool{}
	for _, p := range ps {
		codes[p.Code] = true
		for _, a := range p.BankAccounts {
			if a.Mandate.IsZero() {
				continue
			}
			k := strings.ToUpper(a.Mandate.Reference)
			if other, ok := mine[k]; ok {
				return mandateTaken(a.Mandate.Reference, p.Code, other)
			}
			mine[k] = p.Code
		}
	}
	if len(mine) == 0 {
		return nil
	}
	all, err := t.Partners()
	if err != nil {
		return err
	}
	for _, q := range all {
		if codes[q.Code] {
			continue
		}
		for _, a := range q.BankAccounts {
			if a.Mandate.IsZero() {
				continue
			}
			if p, ok := mine[strings.ToUpper(a.Mandate.Reference)]; ok {
				return mandateTaken(a.Mandate.Reference, p, q.Code)
			}
		}
	}
	return nil
}

func mandateTaken(ref, code, other string) error {
	if code == other {
		return fmt.Errorf("%w: partner %s has mandate %s twice: give each mandate its own reference", ErrMandate, code, ref)
	}
	return fmt.Errorf("%w: partner %s's mandate %s has the reference of partner %s's: give each mandate its own reference",
		ErrMandate, code, ref, other)
}
