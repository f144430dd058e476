package report

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// JournalQuery selects a journal listing.
type JournalQuery struct {
	// Period may span fiscal years; each must be in one.
	Period Period
	// Journals are the journals to list; none means every journal.
	Journals []string
}

// JournalRow is one row of a journal listing.
type JournalRow struct {
	// Kind is RowDetail (a line of an entry), RowTotal (a journal) or
	// RowGrandTotal.
	Kind    RowKind
	Journal string // journal code
	Name    string // the journal's name, on a total

	// The entry and its line, on a detail row.
	Seq     uint64       // the entry's posting sequence
	Number  string       // "VT/2026/00042"
	Date    journal.Date // the entry's accounting date
	Ref     string       // the entry's external reference
	Account string       // the line's account code
	Partner string       // the line's partner code; "" if none
	Label   string       // the line's label, else its entry's; a reversal's line says what it reverses: "Extourne de OD/2026/00001 - Frais" (the original line's label after the dash, when it has one)

	// Debit and Credit are the line's amount (the other side unset), or
	// the sums on a total.
	Debit, Credit currency.Amount
}

// JournalListing is a journal listing held in memory: every journal's
// entries in posting order (which is number order within a fiscal
// year), line by line, with a total per journal and a grand total. Each
// total's Debit equals its Credit.
type JournalListing struct {
	Period Period       // the period listed
	Rows   []JournalRow // by journal, each entry's lines then the journal's total, then the grand total
	// Debit and Credit are the grand total, company currency; they are
	// equal.
	Debit, Credit currency.Amount
}

// ReadJournals returns the journal listing q selects, held in memory;
// JournalRows streams it. It returns ErrUnknownJournal, a *PeriodError,
// and the book's read errors.
func ReadJournals(ctx context.Context, book *ledger.Book, q JournalQuery) (JournalListing, error) {
	rows, err := JournalRows(ctx, book, q)
	if err != nil {
		return JournalListing{}, err
	}
	out := JournalListing{Period: q.Period}
	for r, err := range rows {
		if err != nil {
			return JournalListing{}, err
		}
		out.Rows = append(out.Rows, r)
		if r.Kind == RowGrandTotal {
			out.Debit, out.Credit = r.Debit, r.Credit
		}
	}
	return out, nil
}

// JournalRows checks q and returns the journal listing as a stream:
// journals in code order, each with its entries dated in the period in
// posting order (ledger.Book.Entries, read in pages of short read
// transactions), one row per line, then the journal's total; then the
// grand total. Journals without entries in the period are left out. Each
// journal reads the posting sequence once: the cost grows with the
// number of journals listed times the entries since the book's start.
//
// It returns ErrUnknownJournal and a *PeriodError at once; the stream
// yields the book's read errors and the context's.
func JournalRows(ctx context.Context, book *ledger.Book, q JournalQuery) (iter.Seq2[JournalRow, error], error) {
	if _, err := q.Period.check(ctx, book, false); err != nil {
		return nil, err
	}
	journals, err := journalsOf(ctx, book, q.Journals)
	if err != nil {
		return nil, err
	}
	zero := currency.Zero(book.Currency())
	return func(yield func(JournalRow, error) bool) {
		var c acc
		grand := JournalRow{Kind: RowGrandTotal, Debit: zero, Credit: zero}
		for _, j := range journals {
			total := JournalRow{Kind: RowTotal, Journal: j.Code, Name: j.Name, Debit: zero, Credit: zero}
			listed := false
			f := ledger.EntryFilter{Journal: j.Code, From: q.Period.From, To: q.Period.To}
			for pe, err := range book.Entries(ctx, f) {
				if err != nil {
					yield(JournalRow{}, err)
					return
				}
				listed = true
				e := &pe.Entry
				for i := range e.Lines {
					l := &e.Lines[i]
					label := lineLabel(e, l)
					d, cr := signed(l.Balance)
					if d.IsSet() {
						total.Debit = c.add(total.Debit, d)
					} else {
						total.Credit = c.add(total.Credit, cr)
					}
					if !yield(JournalRow{Kind: RowDetail, Journal: j.Code, Seq: pe.Seq, Number: e.Name(), Date: e.Date,
						Ref: e.Ref, Account: l.Account, Partner: l.Partner, Label: label, Debit: d, Credit: cr}, nil) {
						return
					}
				}
			}
			if c.err != nil {
				yield(JournalRow{}, c.err)
				return
			}
			if listed {
				grand.Debit, grand.Credit = c.add(grand.Debit, total.Debit), c.add(grand.Credit, total.Credit)
				if !yield(total, nil) {
					return
				}
			}
		}
		if c.err != nil {
			yield(JournalRow{}, c.err)
			return
		}
		yield(grand, nil)
	}, nil
}

// journalsOf returns the journals named by codes (checked, deduplicated,
// in code order), or every journal.
func journalsOf(ctx context.Context, book *ledger.Book, codes []string) ([]ledger.Journal, error) {
	var out []ledger.Journal
	err := book.View(ctx, func(t *ledger.Tx) error {
		if len(codes) == 0 {
			var err error
			out, err = t.Journals()
			return err
		}
		codes = slices.Clone(codes)
		slices.Sort(codes)
		out = out[:0]
		for _, code := range slices.Compact(codes) {
			j, err := t.Journal(code)
			if errors.Is(err, ledger.ErrUnknownJournal) {
				return fmt.Errorf("%w: %q: %w", ErrUnknownJournal, code, err)
			} else if err != nil {
				return err
			}
			out = append(out, j)
		}
		return nil
	})
	return out, err
}

// JournalTable checks q and returns the journal listing as a Table whose
// rows stream from the book.
func JournalTable(ctx context.Context, book *ledger.Book, q JournalQuery) (Table, error) {
	rows, err := JournalRows(ctx, book, q)
	if err != nil {
		return Table{}, err
	}
	return journalTable("Journals "+q.Period.String(), rows), nil
}

// Table returns the listing as a Table.
func (l JournalListing) Table() Table {
	return journalTable("Journals "+l.Period.String(), seqOf(l.Rows))
}

// String renders the listing as a text table (WriteText).
func (l JournalListing) String() string { return l.Table().String() }

var journalColumns = []Column{
	{Name: "Journal", Kind: ColText, Width: 7},
	{Name: "Number", Kind: ColText, Width: 14},
	{Name: "Date", Kind: ColDate, Width: 10},
	{Name: "Account", Kind: ColText, Width: 7},
	{Name: "Partner", Kind: ColText, Width: 7},
	{Name: "Label", Kind: ColText, Width: 32},
	{Name: "Debit", Kind: ColAmount, Width: 12},
	{Name: "Credit", Kind: ColAmount, Width: 12},
}

func journalTable(title string, rows iter.Seq2[JournalRow, error]) Table {
	return Table{Title: title, Sheet: "Journals", Columns: journalColumns, Rows: func(yield func(Row, error) bool) {
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

func (r *JournalRow) row() Row {
	label := r.Label
	switch r.Kind {
	case RowTotal:
		label = "Total " + r.Journal + " " + r.Name
	case RowGrandTotal:
		label = "Grand total"
	}
	return Row{Kind: r.Kind, Cells: []Cell{{Text: r.Journal}, {Text: r.Number}, {Date: r.Date}, {Text: r.Account},
		{Text: r.Partner}, {Text: label}, {Amount: r.Debit}, {Amount: r.Credit}}}
}

var centralColumns = []Column{
	{Name: "Journal", Kind: ColText, Width: 7},
	{Name: "Name", Kind: ColText, Width: 26},
	{Name: "Month", Kind: ColText, Width: 7},
	{Name: "Debit", Kind: ColAmount, Width: 14},
	{Name: "Credit", Kind: ColAmount, Width: 14},
}

// CentralJournalTable checks q and returns the journal centralisateur as a
// Table: for each journal, one row per month of its entries' dates in the
// period (in date order) with the month's debits and credits, then the
// journal's total; then the grand total, which is the journal listing's.
// The rows are read from the book when the table is written.
func CentralJournalTable(ctx context.Context, book *ledger.Book, q JournalQuery) (Table, error) {
	rows, err := JournalRows(ctx, book, q)
	if err != nil {
		return Table{}, err
	}
	type sums struct{ debit, credit currency.Amount }
	zero := currency.Zero(book.Currency())
	return Table{Title: "Journal centralisateur " + q.Period.String(), Sheet: "Journal centralisateur", Columns: centralColumns,
		Rows: func(yield func(Row, error) bool) {
			var c acc
			months := map[int]*sums{} // by year*100+month, within the current journal
			for r, err := range rows {
				if err != nil {
					yield(Row{}, err)
					return
				}
				switch r.Kind {
				case RowDetail:
					k := r.Date.Year()*100 + int(r.Date.Month())
					s := months[k]
					if s == nil {
						s = &sums{zero, zero}
						months[k] = s
					}
					if r.Debit.IsSet() {
						s.debit = c.add(s.debit, r.Debit)
					}
					if r.Credit.IsSet() {
						s.credit = c.add(s.credit, r.Credit)
					}
					continue
				case RowTotal:
					keys := make([]int, 0, len(months))
					for k := range months {
						keys = append(keys, k)
					}
					slices.Sort(keys)
					for _, k := range keys {
						s := months[k]
						if !yield(Row{Kind: RowDetail, Cells: []Cell{{Text: r.Journal}, {Text: r.Name},
							{Text: fmt.Sprintf("%02d/%04d", k%100, k/100)}, {Amount: s.debit}, {Amount: s.credit}}}, nil) {
							return
						}
					}
					clear(months)
					if c.err != nil {
						yield(Row{}, c.err)
						return
					}
					if !yield(Row{Kind: RowTotal, Cells: []Cell{{Text: r.Journal}, {Text: "Total " + r.Journal + " " + r.Name},
						{}, {Amount: r.Debit}, {Amount: r.Credit}}}, nil) {
						return
					}
				case RowGrandTotal:
					yield(Row{Kind: RowGrandTotal, Cells: []Cell{{}, {Text: "Grand total"}, {}, {Amount: r.Debit}, {Amount: r.Credit}}}, nil)
					return
				}
			}
		}}, nil
}
