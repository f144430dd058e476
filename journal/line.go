package journal

import (
	"fmt"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/tax"
)

// LineRef identifies a posted line: its entry and its 0-based index.
type LineRef struct {
	// Entry is the ID of the posted entry the line belongs to.
	Entry ID
	// Index is the line's position in the entry's Lines, from 0.
	Index int
}

// String returns the entry id and the line index from 0: "ID#2".
func (r LineRef) String() string { return fmt.Sprintf("%s#%d", r.Entry, r.Index) }

// Line is one line of an entry: an amount on an account, optionally for a
// partner.
type Line struct {
	Account string // account code, "411000"
	Partner string // partner code; required on receivable and payable accounts
	// Label is the line's own text; the FEC falls back on the entry's label
	// when it is empty.
	Label   string
	DueDate Date // échéance of a receivable or payable line; zero if none

	// TaxRole and Taxes are the tax snapshot: a base line carries the taxes
	// computed on it, a tax line the one tax it books.
	TaxRole tax.Role
	// Taxes are the taxes a base line was computed with, or the one tax a
	// tax line books; empty under RoleNone.
	Taxes []tax.Tax

	// Balance is in the company currency: > 0 debit, < 0 credit. In a posting
	// input it may be left unset (the zero currency.Amount) to have the book
	// convert AmountCurrency at the rate of the entry's date; a given balance
	// always wins over the rate. A stored line always has it.
	Balance currency.Amount
	// AmountCurrency is in the entry's transaction currency, with the same
	// sign as Balance when both are non-zero. In a company-currency entry it
	// equals Balance and may be left unset in the input.
	AmountCurrency currency.Amount
}

// Debit returns the line's debit in the company currency (0 for a credit).
func (l Line) Debit() currency.Amount {
	if l.Balance.Sign() > 0 {
		return l.Balance
	}
	return currency.Zero(l.Balance.Currency())
}

// Credit returns the line's credit as a positive amount (0 for a debit).
func (l Line) Credit() currency.Amount {
	if l.Balance.Sign() < 0 {
		return l.Balance.Neg()
	}
	return currency.Zero(l.Balance.Currency())
}

// IsDebit reports whether the line is a debit. A balance-only-zero line
// (foreign dust) is a debit when its currency amount is positive.
func (l Line) IsDebit() bool {
	if s := l.Balance.Sign(); s != 0 {
		return s > 0
	}
	return l.AmountCurrency.Sign() > 0
}

// clone returns a copy of l that shares no slice with it.
func (l Line) clone() Line {
	l.Taxes = append([]tax.Tax(nil), l.Taxes...)
	return l
}
