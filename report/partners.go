package report

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ledger"
)

// PartnerLedgerQuery selects a partner ledger (grand livre auxiliaire).
type PartnerLedgerQuery struct {
	// Period must lie within one fiscal year.
	Period Period
	// Partners are the partners to list; none means every partner with
	// lines on the accounts.
	Partners []string
	// Accounts are the accounts to read; none means every receivable and
	// payable account.
	Accounts []string
}

// PartnerLedger is a partner ledger held in memory: per partner, its
// lines across receivable and payable accounts, account by account, with
// their running balance and letter codes.
type PartnerLedger struct {
	Period Period      // the period listed
	Rows   []LedgerRow // by partner, then account within the partner, then the grand total
	// Debit and Credit are the period's totals, company currency.
	Debit, Credit currency.Amount
}

// ReadPartnerLedger returns the partner ledger q selects, held in memory.
// PartnerLedgerRows streams it. It returns ErrUnknownPartner,
// ErrUnknownAccount, a *PeriodError and the book's read errors.
func ReadPartnerLedger(ctx context.Context, book *ledger.Book, q PartnerLedgerQuery) (PartnerLedger, error) {
	rows, err := PartnerLedgerRows(ctx, book, q)
	if err != nil {
		return PartnerLedger{}, err
	}
	g, err := collectLedger(q.Period, rows)
	return PartnerLedger(g), err
}

// PartnerLedgerRows checks q and returns the partner ledger's rows as a
// stream: partners in code order; for each, every account it has lines
// on, in code order, with an opening row, its lines in (date, posting
// sequence) order and a subtotal (RowSubtotal); then the partner's total
// (RowTotal, Account ""); then the grand total. Lines are read in pages of
// short read transactions.
//
// It returns ErrUnknownPartner, ErrUnknownAccount and a *PeriodError at
// once; the stream yields the book's read errors and the context's.
func PartnerLedgerRows(ctx context.Context, book *ledger.Book, q PartnerLedgerQuery) (iter.Seq2[LedgerRow, error], error) {
	fy, err := q.Period.check(ctx, book, true)
	if err != nil {
		return nil, err
	}
	accounts, err := accountsOf(ctx, book, q.Accounts, partnerAccount)
	if err != nil {
		return nil, err
	}
	partners, err := partnersOf(ctx, book, q.Partners, accounts)
	if err != nil {
		return nil, err
	}
	return func(yield func(LedgerRow, error) bool) {
		g := newLedgerGen(ctx, book, fy, q.Period, yield)
		for p, err := range partners {
			if err == nil {
				err = g.partner(accounts, p)
			}
			if err != nil {
				g.fail(err)
				return
			}
		}
		g.grandTotal("", "")
	}, nil
}

// PartnerLedgerTable checks q and returns the partner ledger as a Table
// whose rows stream from the book.
func PartnerLedgerTable(ctx context.Context, book *ledger.Book, q PartnerLedgerQuery) (Table, error) {
	rows, err := PartnerLedgerRows(ctx, book, q)
	if err != nil {
		return Table{}, err
	}
	return ledgerTable("Partner ledger "+q.Period.String(), "Partner ledger", rows), nil
}

// Table returns the ledger as a Table.
func (g PartnerLedger) Table() Table {
	return ledgerTable("Partner ledger "+g.Period.String(), "Partner ledger", seqOf(g.Rows))
}

// String renders the ledger as a text table (WriteText).
func (g PartnerLedger) String() string { return g.Table().String() }

// partner lists one partner's accounts.
func (g *ledgerGen) partner(accounts []ledger.Account, partner string) error {
	var heads []head
	var name string
	err := g.book.View(g.ctx, func(t *ledger.Tx) error {
		heads = heads[:0]
		p, err := t.Partner(partner)
		if err != nil {
			return err
		}
		name = p.Name
		for _, a := range accounts {
			h, err := readHead(t, g.fy, g.period, a, partner)
			if err != nil {
				return err
			}
			if !h.empty() {
				heads = append(heads, h)
			}
		}
		return nil
	})
	if err != nil || len(heads) == 0 {
		return err
	}
	zero := currency.Zero(g.book.Currency())
	debit, credit, closing := zero, zero, zero
	for _, h := range heads {
		d, c, cl, err := g.section(h, RowSubtotal)
		if err != nil {
			return err
		}
		debit, credit, closing = g.c.add(debit, d), g.c.add(credit, c), g.c.add(closing, cl)
	}
	g.addGrand(debit, credit, closing)
	if g.c.err != nil {
		return g.c.err
	}
	return g.emit(LedgerRow{Kind: RowTotal, Partner: partner, AccountName: name, Debit: debit, Credit: credit, Balance: closing})
}

// partnersOf returns the partners named by codes (checked, deduplicated,
// in code order), or, when codes is empty, the partners with lines on any
// of the accounts, merged from each account's partners in code order.
func partnersOf(ctx context.Context, book *ledger.Book, codes []string, accounts []ledger.Account) (iter.Seq2[string, error], error) {
	if len(codes) > 0 {
		codes = slices.Clone(codes)
		slices.Sort(codes)
		codes = slices.Compact(codes)
		err := book.View(ctx, func(t *ledger.Tx) error {
			for _, c := range codes {
				if _, err := t.Partner(c); errors.Is(err, ledger.ErrUnknownPartner) {
					return fmt.Errorf("%w: %q: %w", ErrUnknownPartner, c, err)
				} else if err != nil {
					return err
				}
			}
			return nil
		})
		return seqOf(codes), err
	}
	return func(yield func(string, error) bool) {
		type source struct {
			next func() (string, error, bool)
			cur  string
			ok   bool
		}
		srcs := make([]*source, 0, len(accounts))
		for _, a := range accounts {
			next, stop := iter.Pull2(book.AccountPartners(ctx, a.Code))
			defer stop()
			s := &source{next: next}
			srcs = append(srcs, s)
		}
		advance := func(s *source) error {
			p, err, ok := s.next()
			s.cur, s.ok = p, ok && err == nil
			return err
		}
		for _, s := range srcs {
			if err := advance(s); err != nil {
				yield("", err)
				return
			}
		}
		for {
			least, found := "", false
			for _, s := range srcs {
				if s.ok && (!found || s.cur < least) {
					least, found = s.cur, true
				}
			}
			if !found {
				return
			}
			if !yield(least, nil) {
				return
			}
			for _, s := range srcs {
				if s.ok && s.cur == least {
					if err := advance(s); err != nil {
						yield("", err)
						return
					}
				}
			}
		}
	}, nil
}
