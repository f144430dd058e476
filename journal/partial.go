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
	partialKindEnd
)

var partialKindNames = [...]string{"payment", "credit_note", "exchange", "write_off", "discount", "clearing", "reversal"}

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
	ID     ID
	Debit  LineRef
	Credit LineRef
	// Amount is the allocated company-currency amount, positive.
	Amount currency.Amount
	// DebitAmountCurrency and CreditAmountCurrency are the allocated amounts
	// in each line's own currency, positive.
	DebitAmountCurrency  currency.Amount
	CreditAmountCurrency currency.Amount
	Date                 Date // the later of the two lines' accounting dates
	Kind                 PartialKind
	Operation            ID        // the operation that created it
	CreatedAt            time.Time // when it was recorded
	UndoneBy             ID        // the operation that undid it; NoID while live
	UndoneAt             time.Time
}

// Live reports whether the partial still counts.
func (p *Partial) Live() bool { return p.UndoneBy == NoID }

// Match is a fully lettered group: the lines of a connected group of
// partials whose residuals are all zero, named by a letter code.
type Match struct {
	ID        ID
	Code      string // "AAA", per (account, partner) on receivable/payable accounts
	Account   string
	Partner   string
	Lines     []LineRef
	Partials  []ID
	Date      Date // the latest line date
	Operation ID
	CreatedAt time.Time
	UndoneBy  ID
	UndoneAt  time.Time
}

// Live reports whether the match still stands.
func (m *Match) Live() bool { return m.UndoneBy == NoID }
