package ledger

import (
	"context"
	"fmt"

	"github.com/lettrage/lettrage/journal"
)

// ResidualAt returns a reconcilable line's residual as it stood at the end
// of date: its amounts less its live partials dated on or before date. A
// partial dated later (a payment received after a closing, lettered before
// the closing was run) does not count. It returns ErrNotFound for an
// unknown line and ErrNotReconcilable for a line of another account.
func (t *Tx) ResidualAt(ref journal.LineRef, date journal.Date) (Residual, error) {
	e, err := t.line(ref)
	if err != nil {
		return Residual{}, err
	}
	return t.residualAt(&e, ref.Index, date)
}

func (t *Tx) residualAt(e *journal.Entry, i int, date journal.Date) (Residual, error) {
	r, err := t.lineResidual(e, i)
	if err != nil {
		return Residual{}, err
	}
	ps, err := t.livePartialsOf(e, i)
	if err != nil {
		return Residual{}, err
	}
	debit := e.Lines[i].IsDebit()
	for _, p := range ps {
		if p.Date.After(date) {
			continue
		}
		bal, cur := p.Amount, p.DebitAmountCurrency
		if p.Credit == e.LineRef(i) {
			cur = p.CreditAmountCurrency
		}
		if !debit {
			bal, cur = bal.Neg(), cur.Neg()
		}
		if r.Balance, err = r.Balance.Sub(bal); err != nil {
			return Residual{}, fmt.Errorf("%w: partial %s: %v", ErrFormat, p.ID, err)
		}
		if r.AmountCurrency, err = r.AmountCurrency.Sub(cur); err != nil {
			return Residual{}, fmt.Errorf("%w: partial %s: %v", ErrFormat, p.ID, err)
		}
	}
	return r, nil
}

// OpenItemsAt is Tx.OpenItemsAt in a read transaction.
func (b *Book) OpenItemsAt(ctx context.Context, account, partner string, date journal.Date) ([]OpenItem, error) {
	return read(ctx, b, func(t *Tx) ([]OpenItem, error) { return t.OpenItemsAt(account, partner, date) })
}

// OpenItemsAt returns the items of a reconcilable account (of one partner,
// or with partner "" of all) that were open at the end of date: lines
// dated on or before it whose ResidualAt date is not zero, Residual
// holding that residual, in (date, sequence, line) order. Unlike OpenItems
// it reads every
// line of the account up to date, not an index of what is open today: a
// closing runs it once a year.
func (t *Tx) OpenItemsAt(account, partner string, date journal.Date) ([]OpenItem, error) {
	var out []OpenItem
	err := t.EachOpenItemAt(account, partner, date, func(it OpenItem) error {
		out = append(out, it)
		return nil
	})
	return out, err
}

// EachOpenItemAt calls fn with each item OpenItemsAt returns, in the same
// order, without holding them all: an aged balance of a large account
// keeps its totals, not its items. An error from fn stops the walk and is
// returned.
func (t *Tx) EachOpenItemAt(account, partner string, date journal.Date, fn func(OpenItem) error) error {
	if date.IsZero() {
		return journal.ErrNoDate
	}
	a, err := t.Account(account)
	if err != nil {
		return err
	}
	if !a.Reconcilable {
		return fmt.Errorf("%w: %s", ErrNotReconcilable, account)
	}
	bucket, from, to := linesRange(LineFilter{Account: account, Partner: partner, To: date})
	return t.scanLines(bucket, from, to, func(k []byte) error {
		// The entry is read whole, once: the item needs its number, type
		// and references, and its residual its lines.
		day, seq, idx, err := lineKeyPos(k)
		if err != nil {
			return err
		}
		e, err := t.logEntry(seq)
		if err != nil {
			return err
		}
		switch {
		case e.Seq != seq:
			return fmt.Errorf("%w: the log record at sequence %d says %d", ErrFormat, seq, e.Seq)
		case idx < 0 || idx >= len(e.Lines):
			return fmt.Errorf("%w: line %d of %s, which has %d", ErrFormat, idx, e.Name(), len(e.Lines))
		case e.Date.Key() != day:
			return fmt.Errorf("%w: a line index key dated %d points to a line of %d", ErrFormat, day, e.Date.Key())
		}
		l := &e.Lines[idx]
		if l.Account != account || partner != "" && l.Partner != partner {
			return nil
		}
		r, err := t.residualAt(&e, idx, date)
		if err != nil || r.IsZero() {
			return err
		}
		return fn(OpenItem{Ref: e.LineRef(idx), Number: e.Name(), Seq: e.Seq, Type: e.Type, EntryRef: e.Ref,
			ReversalOf: e.ReversalOf, Journal: e.Journal, Date: e.Date, DueDate: l.DueDate, Partner: l.Partner,
			Label: l.Label, EntryLabel: e.Label, Balance: l.Balance, Amount: l.AmountCurrency, Residual: r,
			DiscountOffer: e.DiscountOffer})
	})
}
