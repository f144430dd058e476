package ledger

import "github.com/lettrage/lettrage/journal"

// Liquid reports whether accounts of kind k hold money: a bank, a cash
// box, or money on its way to or from the bank (outstanding receipts and
// payments).
func (k AccountKind) Liquid() bool {
	switch k {
	case KindBank, KindCash, KindOutstandingReceipts, KindOutstandingPayments:
		return true
	}
	return false
}

// movesMoney reports whether e records money that moved: a statement
// line; a payment with a line that names no partner (its bank or
// outstanding line — a bill of exchange, all of whose lines name a
// partner, moves a debt, not money); or a misc entry with a line on a
// liquid account (a bill's collection booked by hand, Dr 512000 / Cr
// 413000). A misc entry that only moves a debt between partners'
// accounts, or to an expense, moves no money. account returns the account
// of a code, nil when there is none.
func movesMoney(e *journal.Entry, account func(code string) (*Account, error)) (bool, error) {
	switch e.Type {
	case journal.TypeStatementLine:
		return true, nil
	case journal.TypePayment:
		for i := range e.Lines {
			if e.Lines[i].Partner == "" {
				return true, nil
			}
		}
		return false, nil
	case journal.TypeMisc:
	default:
		return false, nil
	}
	for i := range e.Lines {
		a, err := account(e.Lines[i].Account)
		if err != nil {
			return false, err
		}
		if a != nil && a.Kind.Liquid() {
			return true, nil
		}
	}
	return false, nil
}

// MovesMoney reports whether posted entry e records money that moved: a
// statement line, a payment with a line that names no partner, or a misc
// entry with a line on a bank, cash or outstanding account. A bill of
// exchange, or a misc entry putting a returned bill's debt back on the
// customer, moves a debt, not money.
func (t *Tx) MovesMoney(e *journal.Entry) (bool, error) {
	return movesMoney(e, func(code string) (*Account, error) {
		a, err := t.Account(code)
		if err != nil {
			return nil, err
		}
		return &a, nil
	})
}
