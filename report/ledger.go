package report

import (
	"context"
	"io"
	"iter"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// LedgerQuery selects a general ledger (grand livre).
type LedgerQuery struct {
	// Period must lie within one fiscal year.
	Period Period
	// Accounts are the accounts to list; none means every account with an
	// opening balance or a movement in the period.
	Accounts []string
	// ByPartner lists receivable and payable accounts partner by partner:
	// each partner's opening balance, lines and subtotal, then the
	// account's total.
	ByPartner bool
}

// LedgerRow is one row of a general or partner ledger.
type LedgerRow struct {
	// Kind is RowOpening (the balance carried in), RowDetail (a line),
	// RowSubtotal (a partner within an account, or an account within a
	// partner), RowTotal (an account, or a partner in the partner ledger)
	// or RowGrandTotal.
	Kind        RowKind
	Account     string // "" on the grand total, and on a partner's total in the partner ledger
	AccountName string // the account's name
	Partner     string // partner code; "" on an account without partners

	// The line, on a detail row.
	Ref     journal.LineRef
	Date    journal.Date // the entry's accounting date
	Number  string       // "VT/2026/00042"
	Journal string       // the entry's journal code
	Label   string       // the line's label, else its entry's; a reversal's line says what it reverses: "Extourne de OD/2026/00001 - Frais" (the original line's label after the dash, when it has one)
	// Letter is the code of the match lettering the line, when the match
	// is dated on or before the period's end; "" otherwise. In a closed
	// fiscal year, the code the line had when the year was closed, as
	// the year's FEC shows it.
	Letter string

	// Debit and Credit are the line's amount on a detail row (the other
	// side unset), the period's sums on a total; unset on an opening row.
	Debit, Credit currency.Amount
	// Balance is the running balance (debit − credit) after the line on a
	// detail row, the opening balance on an opening row, the closing
	// balance on a total: the opening plus the debits less the credits.
	Balance currency.Amount
}

// GeneralLedger is a general ledger held in memory: its rows and the
// period's debit and credit totals, which are equal when every account
// is listed.
type GeneralLedger struct {
	Period Period      // the period listed
	Rows   []LedgerRow // by account, each opening, lines and total, then the grand total
	// Debit and Credit are the period's totals, company currency.
	Debit, Credit currency.Amount
}

// ledgerPageLines is how many lines are read (from Book.Lines' short
// transactions) before their letter codes are looked up in one more.
const ledgerPageLines = 256

// ReadGeneralLedger returns the general ledger q selects, held in memory:
// for small books and tests. GeneralLedgerRows streams it.
//
// It returns ErrUnknownAccount, a *PeriodError (ErrPeriod,
// ErrNoFiscalYear), and the book's read errors.
func ReadGeneralLedger(ctx context.Context, book *ledger.Book, q LedgerQuery) (GeneralLedger, error) {
	rows, err := GeneralLedgerRows(ctx, book, q)
	if err != nil {
		return GeneralLedger{}, err
	}
	return collectLedger(q.Period, rows)
}

func collectLedger(p Period, rows iter.Seq2[LedgerRow, error]) (GeneralLedger, error) {
	g := GeneralLedger{Period: p}
	for r, err := range rows {
		if err != nil {
			return GeneralLedger{}, err
		}
		g.Rows = append(g.Rows, r)
		if r.Kind == RowGrandTotal {
			g.Debit, g.Credit = r.Debit, r.Credit
		}
	}
	return g, nil
}

// GeneralLedgerRows checks q and returns the general ledger's rows as a
// stream: accounts in code order, each with its opening row, its lines in
// (date, posting sequence) order and its total; by partner on receivable
// and payable accounts when q.ByPartner; then the grand total. Lines are
// read through the account's line index in pages of short read
// transactions, never all at once, so memory stays flat however many
// lines an account has. Entries posted while the stream is read may or
// may not be seen.
//
// It returns ErrUnknownAccount and a *PeriodError at once; the stream
// yields the book's read errors and the context's.
func GeneralLedgerRows(ctx context.Context, book *ledger.Book, q LedgerQuery) (iter.Seq2[LedgerRow, error], error) {
	fy, err := q.Period.check(ctx, book, true)
	if err != nil {
		return nil, err
	}
	accounts, err := accountsOf(ctx, book, q.Accounts, func(ledger.Account) bool { return true })
	if err != nil {
		return nil, err
	}
	return func(yield func(LedgerRow, error) bool) {
		g := newLedgerGen(ctx, book, fy, q.Period, yield)
		for _, a := range accounts {
			var err error
			if q.ByPartner && partnerAccount(a) {
				err = g.accountByPartner(a)
			} else {
				err = g.account(a)
			}
			if err != nil {
				g.fail(err)
				return
			}
		}
		g.grandTotal("", "")
	}, nil
}

// GeneralLedgerTable checks q and returns the general ledger as a Table
// whose rows stream from the book (see GeneralLedgerRows).
func GeneralLedgerTable(ctx context.Context, book *ledger.Book, q LedgerQuery) (Table, error) {
	rows, err := GeneralLedgerRows(ctx, book, q)
	if err != nil {
		return Table{}, err
	}
	return ledgerTable("General ledger "+q.Period.String(), "General ledger", rows), nil
}

// WriteGeneralLedgerCSV streams the general ledger q selects to w as CSV
// (see WriteCSV), holding one page of lines at a time.
func WriteGeneralLedgerCSV(ctx context.Context, book *ledger.Book, q LedgerQuery, w io.Writer, o CSVOptions) error {
	t, err := GeneralLedgerTable(ctx, book, q)
	if err != nil {
		return err
	}
	return WriteCSV(w, t, o)
}

// Table returns the ledger as a Table.
func (g GeneralLedger) Table() Table {
	return ledgerTable("General ledger "+g.Period.String(), "General ledger", seqOf(g.Rows))
}

// String renders the ledger as a text table (WriteText).
func (g GeneralLedger) String() string { return g.Table().String() }

var ledgerColumns = []Column{
	{Name: "Account", Kind: ColText, Width: 7},
	{Name: "Partner", Kind: ColText, Width: 7},
	{Name: "Date", Kind: ColDate, Width: 10},
	{Name: "Number", Kind: ColText, Width: 14},
	{Name: "Label", Kind: ColText, Width: 32},
	{Name: "Debit", Kind: ColAmount, Width: 12},
	{Name: "Credit", Kind: ColAmount, Width: 12},
	{Name: "Balance", Kind: ColAmount, Width: 12},
	{Name: "Letter", Kind: ColText, Width: 6},
}

func ledgerTable(title, sheet string, rows iter.Seq2[LedgerRow, error]) Table {
	return Table{Title: title, Sheet: sheet, Columns: ledgerColumns, Rows: func(yield func(Row, error) bool) {
		for r, err := range rows {
			if err != nil {
				yield(Row{}, err)
				return
			}
			if !yield(r.row(), nil) {
				return
			}
		}
	}}
}

func (r *LedgerRow) row() Row {
	label := r.Label
	switch r.Kind {
	case RowOpening:
		label = "Opening balance"
	case RowSubtotal:
		label = "Total " + r.Account + " " + r.Partner
	case RowTotal:
		label = "Total " + r.Account + " " + r.AccountName
		if r.Account == "" {
			label = "Total " + r.Partner + " " + r.AccountName
		}
	case RowGrandTotal:
		label = "Grand total"
	}
	return Row{Kind: r.Kind, Cells: []Cell{{Text: r.Account}, {Text: r.Partner}, {Date: r.Date}, {Text: r.Number},
		{Text: label}, {Amount: r.Debit}, {Amount: r.Credit}, {Amount: r.Balance}, {Text: r.Letter}}}
}

// seqOf streams rows held in memory.
func seqOf[T any](rows []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, r := range rows {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// ledgerGen generates the rows of a ledger, keeping the running totals.
type ledgerGen struct {
	ctx     context.Context
	book    *ledger.Book
	fy      ledger.FiscalYear
	period  Period
	yield   func(LedgerRow, error) bool
	stopped bool
	c       acc
	// closed is the lettering at the closing when the period ends in a
	// closed fiscal year; nil until the first page of a reconcilable
	// account reads it.
	closed *closedLettering
	// The grand total: the period's sums and the sum of the closings.
	debit, credit, closing currency.Amount
}

func newLedgerGen(ctx context.Context, book *ledger.Book, fy ledger.FiscalYear, p Period, yield func(LedgerRow, error) bool) *ledgerGen {
	zero := currency.Zero(book.Currency())
	return &ledgerGen{ctx: ctx, book: book, fy: fy, period: p, yield: yield, debit: zero, credit: zero, closing: zero}
}

// emit yields a row; it returns errStopped once the consumer stopped.
func (g *ledgerGen) emit(r LedgerRow) error {
	if g.stopped || !g.yield(r, nil) {
		g.stopped = true
		return errStopped
	}
	return nil
}

// fail yields err unless the consumer stopped.
func (g *ledgerGen) fail(err error) {
	if err != errStopped && !g.stopped {
		g.yield(LedgerRow{}, err)
	}
}

func (g *ledgerGen) grandTotal(account, partner string) {
	if g.c.err != nil {
		g.fail(g.c.err)
		return
	}
	_ = g.emit(LedgerRow{Kind: RowGrandTotal, Account: account, Partner: partner, Debit: g.debit, Credit: g.credit, Balance: g.closing})
}

// account lists one account as a whole.
func (g *ledgerGen) account(a ledger.Account) error {
	var h head
	err := g.book.View(g.ctx, func(t *ledger.Tx) (err error) {
		h, err = readHead(t, g.fy, g.period, a, "")
		return err
	})
	if err != nil || h.empty() {
		return err
	}
	debit, credit, closing, err := g.section(h, RowTotal)
	if err != nil {
		return err
	}
	g.addGrand(debit, credit, closing)
	return g.c.err
}

func (g *ledgerGen) addGrand(debit, credit, closing currency.Amount) {
	g.debit, g.credit, g.closing = g.c.add(g.debit, debit), g.c.add(g.credit, credit), g.c.add(g.closing, closing)
}

// accountByPartner lists a receivable or payable account partner by
// partner, reading the partners' heads a page at a time.
func (g *ledgerGen) accountByPartner(a ledger.Account) error {
	zero := currency.Zero(g.book.Currency())
	opening, debit, credit, closing := zero, zero, zero, zero
	listed := false
	after := ""
	for {
		var heads []head
		var more bool
		err := g.book.View(g.ctx, func(t *ledger.Tx) error {
			heads = heads[:0]
			partners, err := t.AccountPartners(a.Code, after, headsPageMax)
			if err != nil {
				return err
			}
			more = len(partners) == headsPageMax
			for _, p := range partners {
				h, err := readHead(t, g.fy, g.period, a, p)
				if err != nil {
					return err
				}
				if !h.empty() {
					heads = append(heads, h)
				}
				after = p
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, h := range heads {
			listed = true
			d, c, cl, err := g.section(h, RowSubtotal)
			if err != nil {
				return err
			}
			opening = g.c.add(opening, h.opening)
			debit, credit, closing = g.c.add(debit, d), g.c.add(credit, c), g.c.add(closing, cl)
		}
		if !more {
			break
		}
	}
	if !listed {
		return nil
	}
	g.addGrand(debit, credit, closing)
	if g.c.err != nil {
		return g.c.err
	}
	return g.emit(LedgerRow{Kind: RowTotal, Account: a.Code, AccountName: a.Name, Debit: debit, Credit: credit, Balance: closing})
}

// pageDetails returns, for a page of lines, their labels (as lineLabel
// gives them) and, on a reconcilable account, their letter codes: the
// code of the live match holding each line when the match is dated on or
// before at (a match is dated by its latest line), "" when there is none;
// when at falls in a closed fiscal year, the code each line had at the
// closing instead (closedLettering, read into g.closed the first time). One
// read transaction serves the page.
func (g *ledgerGen) pageDetails(page []ledger.LineItem, reconcilable bool, at journal.Date) (labels, codes []string, err error) {
	labels, codes = make([]string, len(page)), make([]string, len(page))
	for i := range page {
		it := &page[i]
		labels[i] = listedLabel(it.EntryLabel, it.ReversalOf != journal.NoID, it.Line.Label)
	}
	if !reconcilable {
		return labels, codes, nil
	}
	err = g.book.View(g.ctx, func(t *ledger.Tx) error {
		if g.closed == nil {
			c, err := readClosedLettering(t, at)
			if err != nil {
				return err
			}
			g.closed = &c
		}
		for i := range page {
			m, ok, err := t.MatchOf(page[i].Ref)
			if err != nil {
				return err
			}
			if l, ok := g.closed.letter(m, ok, page[i].Ref, at); ok {
				codes[i] = l.code
			}
		}
		return nil
	})
	return labels, codes, err
}

// headsPageMax is how many partners' heads one read transaction reads.
const headsPageMax = 500

// section lists the lines of one account (or one account and partner):
// its opening row, its lines with the running balance, and a total row of
// kind. It returns the period's sums and the closing balance.
func (g *ledgerGen) section(h head, kind RowKind) (debit, credit, closing currency.Amount, err error) {
	a := h.account
	if err := g.emit(LedgerRow{Kind: RowOpening, Account: a.Code, AccountName: a.Name, Partner: h.partner,
		Date: g.period.From, Balance: h.opening}); err != nil {
		return debit, credit, closing, err
	}
	zero := currency.Zero(g.book.Currency())
	debit, credit, running := zero, zero, h.opening
	page := make([]ledger.LineItem, 0, ledgerPageLines)
	flush := func() error {
		labels, codes, err := g.pageDetails(page, a.Reconcilable, g.period.To)
		if err != nil {
			return err
		}
		for i := range page {
			it := &page[i]
			running = g.c.add(running, it.Line.Balance)
			d, c := signed(it.Line.Balance)
			if d.IsSet() {
				debit = g.c.add(debit, d)
			} else {
				credit = g.c.add(credit, c)
			}
			if g.c.err != nil {
				return g.c.err
			}
			if err := g.emit(LedgerRow{Kind: RowDetail, Account: a.Code, AccountName: a.Name, Partner: it.Line.Partner,
				Ref: it.Ref, Date: it.Date, Number: it.Number, Journal: it.Journal, Label: labels[i],
				Letter: codes[i], Debit: d, Credit: c, Balance: running}); err != nil {
				return err
			}
		}
		page = page[:0]
		return nil
	}
	f := ledger.LineFilter{Account: a.Code, Partner: h.partner, From: g.period.From, To: g.period.To}
	for it, err := range g.book.Lines(g.ctx, f) {
		if err != nil {
			return debit, credit, closing, err
		}
		page = append(page, it)
		if len(page) == ledgerPageLines {
			if err := flush(); err != nil {
				return debit, credit, closing, err
			}
		}
	}
	if err := flush(); err != nil {
		return debit, credit, closing, err
	}
	err = g.emit(LedgerRow{Kind: kind, Account: a.Code, AccountName: a.Name, Partner: h.partner, Debit: debit, Credit: credit, Balance: running})
	return debit, credit, running, err
}
