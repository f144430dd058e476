package journal

import (
	"fmt"
	"time"

	"github.com/lettrage/lettrage/currency"
)

// PartialKind says why two lines were allocated to each other.
type PartialKind uint8

const (
	KindPayment    PartialKind = iota // a payment settles an invoice
	KindCreditNote                    // a credit note settles an invoice
	KindExchange                      // an exchange-difference line joins its group
	KindWriteOff                      // a write-off line closes a small difference
	KindDiscount                      // an early-payment discount closes an invoice
	KindClearing                      // a bank statement line clears a payment
	KindReversal                      // an entry lettered with its own reversal
	// KindBill: a bill of exchange (LCR, BOR), or an entry moving the
	// debt to another account (doubtful customers), takes over what an
	// invoice owes. It settles the invoice's account but is no payment
	// yet: the money moves when the bill, or the debt where it went, is
	// collected.
	KindBill
	partialKindEnd
)

var partialKindNames = [...]string{"payment", "credit_note", "exchange", "write_off", "discount", "clearing", "reversal", "bill"}

// String returns the kind's name as printed and stored ("payment", "credit_note"…), or PartialKind(n) for an unknown value.
func (k PartialKind) String() string {
	if k >= partialKindEnd {
		return fmt.Sprintf("PartialKind(%d)", uint8(k))
	}
	return partialKindNames[k]
}

// Valid reports whether k is a known partial kind.
func (k PartialKind) Valid() bool { return k < partialKindEnd }

// Partial is an allocation of part of a debit line against part of a credit
// line of the same account. Partials are never deleted: undoing one records
// the operation that undid it (a tombstone), and residuals count live
// partials only.
type Partial struct {
	// ID identifies the partial in the book.
	ID ID
	// Debit is the debit line the partial allocates from.
	Debit LineRef
	// Credit is the credit line the partial allocates against, on the same
	// account.
	Credit LineRef
	// Amount is the allocated company-currency amount, positive.
	Amount currency.Amount
	// DebitAmountCurrency is the allocated amount in the debit line's own
	// currency, positive.
	DebitAmountCurrency currency.Amount
	// CreditAmountCurrency is the allocated amount in the credit line's own
	// currency, positive.
	CreditAmountCurrency currency.Amount
	Date                 Date // the later of the two lines' accounting dates
	// Kind says what settled what: a payment, a credit note, a clearing, an
	// exchange line…
	Kind      PartialKind
	Operation ID        // the operation that created it
	CreatedAt time.Time // when it was recorded
	UndoneBy  ID        // the operation that undid it; NoID while live
	UndoneAt  time.Time // when it was undone; zero while live
}

// Live reports whether the partial still counts.
func (p *Partial) Live() bool { return p.UndoneBy == NoID }

// Other returns the line p letters with ref: its credit line when ref is
// its debit line, its debit line otherwise.
func (p *Partial) Other(ref LineRef) LineRef {
	if p.Debit == ref {
		return p.Credit
	}
	return p.Debit
}

// Match is a fully lettered group: the lines of a connected group of
// partials whose residuals are all zero, named by a letter code.
type Match struct {
	// ID identifies the match in the book.
	ID   ID
	Code string // "AAA", per (account, partner) on receivable/payable accounts
	// Account is the code of the account all the lettered lines are on.
	Account string
	// Partner is the partner code of the lettered lines; empty on an account
	// without partners.
	Partner string
	// Lines are the lettered lines, whose residuals are all zero.
	Lines []LineRef
	// Partials are the IDs of the partials that connect Lines.
	Partials []ID
	Date     Date // the latest line date
	// Operation is the ID of the operation that completed the match.
	Operation ID
	// CreatedAt is when the match was recorded.
	CreatedAt time.Time
	// UndoneBy is the operation that unlettered the match, retiring its
	// code; NoID while live.
	UndoneBy ID
	// UndoneAt is when the match was undone; zero while live.
	UndoneAt time.Time
}

// Live reports whether the match still stands.
func (m *Match) Live() bool { return m.UndoneBy == NoID }
