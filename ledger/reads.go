package ledger

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/lettrage/lettrage/journal"
)

// Balance is Book.Balance inside a transaction: reports that read the
// balances of many accounts and partners read them in one snapshot.
func (t *Tx) Balance(q BalanceQuery) (Balance, error) {
	if _, err := t.Account(q.Account); err != nil {
		return Balance{}, err
	}
	return t.sumAgg(q.Account, q.Partner, q.Currency, journal.Date{}, q.At)
}

// AccountPartners returns, in code order, the partners that have lines on
// an account, after partner code after ("" for the first ones), at most max
// of them (max ≤ 0 means accountPartnersPageMax). It reads the partners
// from the series of the account's aggregates (ix.aggyrs), one short scan
// per partner, not from the lines. It returns ErrUnknownAccount.
func (t *Tx) AccountPartners(account, after string, max int) ([]string, error) {
	if _, err := t.Account(account); err != nil {
		return nil, err
	}
	if max <= 0 || max > accountPartnersPageMax {
		max = accountPartnersPageMax
	}
	if err := t.flushAggs(); err != nil {
		return nil, err
	}
	prefix := str(nil, account)
	from := append(bytes.Clone(prefix), 1) // past the all-partner aggregates ("" then 0)
	if after != "" {
		from = prefixEnd(str(bytes.Clone(prefix), after))
	}
	var out []string
	for len(out) < max {
		var code []byte
		err := t.st.Scan(ixAggYears, from, prefixEnd(prefix), false, func(k, v []byte) error {
			rest := k[len(prefix):]
			if i := bytes.IndexByte(rest, 0); i > 0 {
				code = bytes.Clone(rest[:i])
				return errStop
			}
			return fmt.Errorf("%w: aggregate years key %q", ErrFormat, k)
		})
		if err != nil && !errors.Is(err, errStop) {
			return nil, err
		}
		if code == nil {
			break
		}
		out = append(out, string(code))
		from = prefixEnd(str(bytes.Clone(prefix), string(code)))
	}
	return out, nil
}

// accountPartnersPageMax is the most partners one AccountPartners call
// returns, and the page of Book.AccountPartners.
const accountPartnersPageMax = 1000

// AccountPartners returns the partners that have lines on an account, in
// code order, paging through short read transactions (see
// Tx.AccountPartners). It returns ErrUnknownAccount.
func (b *Book) AccountPartners(ctx context.Context, account string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		after := ""
		for {
			page, err := read(ctx, b, func(t *Tx) ([]string, error) { return t.AccountPartners(account, after, 0) })
			if err != nil {
				yield("", err)
				return
			}
			for _, p := range page {
				if !yield(p, nil) {
					return
				}
			}
			if len(page) < accountPartnersPageMax {
				return
			}
			after = page[len(page)-1]
		}
	}
}

// Numbered returns how many entries journal code has numbered in fiscal
// year fy: numbering being gapless, its entries of that year are numbered
// 1 to that (VT/2026/00001 …). 0 for a journal or year without entries.
func (t *Tx) Numbered(code string, fy FiscalYear) (uint64, error) {
	return t.counter(numberCounter(code, fy))
}

// Journals returns every journal of the book, in code order.
func (t *Tx) Journals() ([]Journal, error) {
	var out []Journal
	err := t.st.Scan(bJournal, nil, nil, false, func(k, v []byte) error {
		var r journalRec
		if err := decode(v, &r); err != nil {
			return err
		}
		out = append(out, r.journal())
		return nil
	})
	return out, err
}
