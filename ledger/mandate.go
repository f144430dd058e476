package ledger

import (
	"errors"
	"fmt"
	"strings"

	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
)

// ErrMandate is returned for a SEPA direct debit mandate the book refuses:
// a reference a SEPA file cannot carry (wrapping
// ident.ErrMandateReference), no signature date, or a reference another
// mandate of the book already has (references are compared without
// regard to case, as banks do): give each mandate its own reference.
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
	return m, nil
}

type mandateRec struct {
	Ref    string `cbor:"1,keyasint"`
	Signed uint32 `cbor:"2,keyasint"`
	OneOff bool   `cbor:"3,keyasint,omitempty"`
}

func mandateRecOf(m Mandate) *mandateRec {
	if m.IsZero() {
		return nil
	}
	return &mandateRec{Ref: m.Reference, Signed: m.Signed.Key(), OneOff: m.OneOff}
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
	return Mandate{Reference: r.Ref, Signed: signed, OneOff: r.OneOff}, nil
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
