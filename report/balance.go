package report

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ledger"
)

// BalanceQuery selects a balance générale or a balance auxiliaire.
type BalanceQuery struct {
	// Period must lie within one fiscal year.
	Period Period
	// Accounts are the accounts to list; none means every account (in a
	// balance générale) or every receivable and payable account (in a
	// balance auxiliaire).
	Accounts []string
}

// BalanceRow is one row of a balance: an account's (or an account's and
// a partner's) opening balance, the period's debits and credits, and the
// closing balance. Opening and Closing are debit − credit: positive on
// the debit side.
type BalanceRow struct {
	// Kind is RowDetail, RowTotal (an account's partners in a balance
	// auxiliaire) or RowGrandTotal.
	Kind    RowKind
	Account string // "" on the row of earlier years' result and on the grand total
	Name    string // the account's name, or the partner's in a balance auxiliaire
	Partner string // partner code, on a partner's row of a balance auxiliaire

	// Opening is the balance at the start of the period, Debit and Credit
	// the period's sums (≥ 0), Closing the balance at its end; all in the
	// company currency.
	Opening, Debit, Credit, Closing currency.Amount
}

// BalanceReport is a balance held in memory: its rows and their total.
// When every account is listed, a balance générale is balanced: its
// total's Opening and Closing are zero and its Debit equals its Credit.
type BalanceReport struct {
	Period    Period       // the period of the movements
	Auxiliary bool         // true for a balance auxiliaire (per partner)
	Rows      []BalanceRow // in account order, then partner order
	Total     BalanceRow   // the grand total row
}

// ReadGeneralBalance returns the balance générale: one row per account
// with an opening balance or a movement, in code order. Income and
// expense accounts (classes 6 and 7) open at their sum since the fiscal
// year's start, balance-sheet accounts at everything before the period,
// and the result of earlier years shows on the result accounts (a profit
// on the first account of class 120, a loss on the first of class 129,
// added to what is posted there) as in the book's trial balance, on a row
// of its own (Account "", Name ledger.EarlierResultName) in a book
// without them; so a balance of every account sums to zero.
//
// It returns ErrUnknownAccount, a *PeriodError, and the book's read
// errors.
func ReadGeneralBalance(ctx context.Context, book *ledger.Book, q BalanceQuery) (BalanceReport, error) {
	fy, err := q.Period.check(ctx, book, true)
	if err != nil {
		return BalanceReport{}, err
	}
	accounts, err := accountsOf(ctx, book, q.Accounts, func(ledger.Account) bool { return true })
	if err != nil {
		return BalanceReport{}, err
	}
	zero := currency.Zero(book.Currency())
	out := BalanceReport{Period: q.Period}
	earlier := BalanceRow{Name: ledger.EarlierResultName, Opening: zero, Debit: zero, Credit: zero, Closing: zero}
	var c acc
	err = book.View(ctx, func(t *ledger.Tx) error {
		out.Rows = out.Rows[:0]
		res, err := t.EarlierResult(fy)
		if err != nil {
			return err
		}
		if res.ProfitAccount == "" {
			earlier.Opening = c.add(earlier.Opening, res.Profit.Neg())
		}
		if res.LossAccount == "" {
			earlier.Opening = c.add(earlier.Opening, res.Loss)
		}
		for _, a := range accounts {
			h, err := readHead(t, fy, q.Period, a, "")
			if err != nil {
				return err
			}
			if !h.empty() {
				out.Rows = append(out.Rows, h.row(a.Name))
			}
		}
		return nil
	})
	if err != nil {
		return BalanceReport{}, err
	}
	if len(q.Accounts) == 0 && !earlier.Opening.IsZero() {
		earlier.Closing = earlier.Opening
		out.Rows = append(out.Rows, earlier)
	}
	out.Total = totalOf(out.Rows, zero, &c)
	return out, c.err
}

func (h *head) row(name string) BalanceRow {
	return BalanceRow{Kind: RowDetail, Account: h.account.Code, Name: name, Partner: h.partner,
		Opening: h.opening, Debit: h.debit, Credit: h.credit, Closing: h.closing}
}

// totalOf sums the detail rows.
func totalOf(rows []BalanceRow, zero currency.Amount, c *acc) BalanceRow {
	t := BalanceRow{Kind: RowGrandTotal, Name: "Total", Opening: zero, Debit: zero, Credit: zero, Closing: zero}
	for i := range rows {
		if rows[i].Kind == RowDetail {
			t.add(&rows[i], c)
		}
	}
	return t
}

func (t *BalanceRow) add(r *BalanceRow, c *acc) {
	t.Opening, t.Debit = c.add(t.Opening, r.Opening), c.add(t.Debit, r.Debit)
	t.Credit, t.Closing = c.add(t.Credit, r.Credit), c.add(t.Closing, r.Closing)
}

// ReadAuxiliaryBalance returns the balance auxiliaire held in memory;
// AuxiliaryBalanceRows streams it. It returns ErrUnknownAccount, a
// *PeriodError, and the book's read errors.
func ReadAuxiliaryBalance(ctx context.Context, book *ledger.Book, q BalanceQuery) (BalanceReport, error) {
	rows, err := AuxiliaryBalanceRows(ctx, book, q)
	if err != nil {
		return BalanceReport{}, err
	}
	out := BalanceReport{Period: q.Period, Auxiliary: true}
	for r, err := range rows {
		if err != nil {
			return BalanceReport{}, err
		}
		if r.Kind == RowGrandTotal {
			out.Total = r
		} else {
			out.Rows = append(out.Rows, r)
		}
	}
	return out, nil
}

// AuxiliaryBalanceRows checks q and returns the balance auxiliaire as a
// stream: for each receivable or payable account in code order, one row
// per partner with lines on it (in code order; the partner's name in
// Name) whose opening balance or movements are not zero, then the
// account's total (RowTotal); then the grand total. Partners are read a
// page at a time in short read transactions: memory does not grow with
// the number of partners.
//
// It returns ErrUnknownAccount and a *PeriodError at once; the stream
// yields the book's read errors and the context's.
func AuxiliaryBalanceRows(ctx context.Context, book *ledger.Book, q BalanceQuery) (iter.Seq2[BalanceRow, error], error) {
	fy, err := q.Period.check(ctx, book, true)
	if err != nil {
		return nil, err
	}
	accounts, err := accountsOf(ctx, book, q.Accounts, partnerAccount)
	if err != nil {
		return nil, err
	}
	zero := currency.Zero(book.Currency())
	return func(yield func(BalanceRow, error) bool) {
		var c acc
		grand := BalanceRow{Kind: RowGrandTotal, Name: "Total", Opening: zero, Debit: zero, Credit: zero, Closing: zero}
		for _, a := range accounts {
			total := BalanceRow{Kind: RowTotal, Account: a.Code, Name: a.Name, Opening: zero, Debit: zero, Credit: zero, Closing: zero}
			listed := false
			for rows, err := range auxiliaryPages(ctx, book, fy, q.Period, a) {
				if err != nil {
					yield(BalanceRow{}, err)
					return
				}
				for i := range rows {
					listed = true
					total.add(&rows[i], &c)
					if !yield(rows[i], nil) {
						return
					}
				}
			}
			if c.err != nil {
				yield(BalanceRow{}, c.err)
				return
			}
			if listed {
				grand.add(&total, &c)
				if !yield(total, nil) {
					return
				}
			}
		}
		if c.err != nil {
			yield(BalanceRow{}, c.err)
			return
		}
		yield(grand, nil)
	}, nil
}

// auxiliaryPages yields the rows of an account's partners, a page per
// read transaction.
func auxiliaryPages(ctx context.Context, book *ledger.Book, fy ledger.FiscalYear, p Period, a ledger.Account) iter.Seq2[[]BalanceRow, error] {
	return func(yield func([]BalanceRow, error) bool) {
		after := ""
		for {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			var rows []BalanceRow
			var more bool
			err := book.View(ctx, func(t *ledger.Tx) error {
				rows = rows[:0]
				partners, err := t.AccountPartners(a.Code, after, headsPageMax)
				if err != nil {
					return err
				}
				more = len(partners) == headsPageMax
				for _, code := range partners {
					after = code
					h, err := readHead(t, fy, p, a, code)
					if err != nil {
						return err
					}
					if h.empty() {
						continue
					}
					partner, err := t.Partner(code)
					if errors.Is(err, ledger.ErrUnknownPartner) {
						return fmt.Errorf("%w: %s has lines on %s", err, code, a.Code)
					} else if err != nil {
						return err
					}
					rows = append(rows, h.row(partner.Name))
				}
				return nil
			})
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(rows, nil) || !more {
				return
			}
		}
	}
}

var balanceColumns = []Column{
	{Name: "Account", Kind: ColText, Width: 7},
	{Name: "Partner", Kind: ColText, Width: 7},
	{Name: "Name", Kind: ColText, Width: 24},
	{Name: "Opening", Kind: ColAmount, Width: 12},
	{Name: "Debit", Kind: ColAmount, Width: 12},
	{Name: "Credit", Kind: ColAmount, Width: 12},
	{Name: "Closing", Kind: ColAmount, Width: 12},
	{Name: "Debit balance", Kind: ColAmount, Width: 14},
	{Name: "Credit balance", Kind: ColAmount, Width: 14},
}

// balanceSums accumulates rows of a balance: the four amounts of the rows
// and their closing balances split into the debit ones and the credit
// ones (each total of the solde débiteur and solde créditeur columns sums
// the rows' own, not the split of the net).
type balanceSums struct {
	set                                           bool
	opening, debit, credit, closing, drBal, crBal currency.Amount
}

func (s *balanceSums) add(r *BalanceRow, c *acc) {
	if !s.set {
		z := currency.Zero(r.Closing.Currency())
		*s = balanceSums{set: true, opening: z, debit: z, credit: z, closing: z, drBal: z, crBal: z}
	}
	s.opening, s.debit = c.add(s.opening, r.Opening), c.add(s.debit, r.Debit)
	s.credit, s.closing = c.add(s.credit, r.Credit), c.add(s.closing, r.Closing)
	switch r.Closing.Sign() {
	case 1:
		s.drBal = c.add(s.drBal, r.Closing)
	case -1:
		s.crBal = c.add(s.crBal, r.Closing.Neg())
	}
}

func (s *balanceSums) row(kind RowKind, account, name string) Row {
	return Row{Kind: kind, Cells: []Cell{{Text: account}, {}, {Text: name},
		{Amount: s.opening}, {Amount: s.debit}, {Amount: s.credit}, {Amount: s.closing},
		{Amount: s.drBal}, {Amount: s.crBal}}}
}

// balanceTable writes rows of a balance. With classTotals (a balance
// générale), a subtotal row closes each class of the chart (the first
// digit of the account codes); rows without an account (earlier years'
// result in a book without result accounts) belong to none.
func balanceTable(title, sheet string, classTotals bool, rows iter.Seq2[BalanceRow, error]) Table {
	return Table{Title: title, Sheet: sheet, Columns: balanceColumns, Rows: func(yield func(Row, error) bool) {
		var c acc
		var account, grand, class balanceSums
		className := ""
		flushClass := func() bool {
			if className == "" {
				return true
			}
			r := class.row(RowSubtotal, "", "Total classe "+className)
			className, class = "", balanceSums{}
			return c.err != nil || yield(r, nil)
		}
		for r, err := range rows {
			if err != nil {
				yield(Row{}, err)
				return
			}
			out := r.row()
			switch r.Kind {
			case RowDetail:
				if classTotals {
					k := ""
					if r.Account != "" {
						k = r.Account[:1]
					}
					if k != className && !flushClass() {
						return
					}
					if className = k; k != "" {
						class.add(&r, &c)
					}
				}
				account.add(&r, &c)
				grand.add(&r, &c)
				if r.Closing.Sign() > 0 {
					out.Cells[7].Amount = r.Closing
				} else if r.Closing.Sign() < 0 {
					out.Cells[8].Amount = r.Closing.Neg()
				}
			case RowTotal:
				if account.set {
					out.Cells[7].Amount, out.Cells[8].Amount = account.drBal, account.crBal
				}
				account = balanceSums{}
			case RowGrandTotal:
				if classTotals && !flushClass() {
					return
				}
				if grand.set {
					out.Cells[7].Amount, out.Cells[8].Amount = grand.drBal, grand.crBal
				} else {
					z := currency.Zero(r.Closing.Currency())
					out.Cells[7].Amount, out.Cells[8].Amount = z, z
				}
			}
			if c.err != nil {
				yield(Row{}, c.err)
				return
			}
			if !yield(out, nil) {
				return
			}
		}
	}}
}

func (r *BalanceRow) row() Row {
	name := r.Name
	if r.Kind == RowTotal {
		name = "Total " + r.Name
	}
	return Row{Kind: r.Kind, Cells: []Cell{{Text: r.Account}, {Text: r.Partner}, {Text: name},
		{Amount: r.Opening}, {Amount: r.Debit}, {Amount: r.Credit}, {Amount: r.Closing}, {}, {}}}
}

// AuxiliaryBalanceTable checks q and returns the balance auxiliaire as a
// Table whose rows stream from the book.
func AuxiliaryBalanceTable(ctx context.Context, book *ledger.Book, q BalanceQuery) (Table, error) {
	rows, err := AuxiliaryBalanceRows(ctx, book, q)
	if err != nil {
		return Table{}, err
	}
	return balanceTable("Balance auxiliaire "+q.Period.String(), "Balance auxiliaire", false, rows), nil
}

// Table returns the balance as a Table: its rows, then its total. Each
// row's closing balance also shows in a debit balance or a credit balance
// column (solde débiteur, solde créditeur), which totals sum; a balance
// générale closes each class of the chart with a "Total classe N" row.
func (b BalanceReport) Table() Table {
	title, sheet := "Balance générale ", "Balance générale"
	if b.Auxiliary {
		title, sheet = "Balance auxiliaire ", "Balance auxiliaire"
	}
	rows := append(b.Rows[:len(b.Rows):len(b.Rows)], b.Total)
	return balanceTable(title+b.Period.String(), sheet, !b.Auxiliary, seqOf(rows))
}

// String renders the balance as a text table (WriteText).
func (b BalanceReport) String() string { return b.Table().String() }
