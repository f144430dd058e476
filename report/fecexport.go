package report

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/internal/paris"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/report/fec"
)

// ErrFEC is returned when a book cannot have a FEC: its company currency
// is not the euro, or the opening journal named is a journal of the book.
var ErrFEC = errors.New("report: no FEC for this book")

// FECOptions configure WriteFEC.
type FECOptions struct {
	// Separator is fec.Tab (the default) or fec.Pipe.
	Separator fec.Separator
	// OpeningJournal is the journal code of the opening balances
	// (à-nouveaux): a journal code as the book takes them
	// (ledger.CheckCode), not one of its journals. Empty means "AN", or
	// when the book has a journal AN the first of RAN, ANX, AN1, AN2, AN3
	// it does not have.
	OpeningJournal string
	// OpeningLabel is their journal's name and label, "A nouveaux" when
	// empty.
	OpeningLabel string
	// Location is the time zone of ValidDate, the day the book recorded
	// an entry; nil means the time of metropolitan France (CET, CEST from
	// the last Sunday of March to the last Sunday of October): an entry
	// recorded at 00:30 in Paris is of that day, not of the day before
	// in UTC.
	Location *time.Location
}

// FECSummary is what WriteFEC wrote.
type FECSummary struct {
	Year    ledger.FiscalYear // the fiscal year written
	Entries int               // entries written, the opening one included
	Lines   int               // lines written, the header excluded
	Debit   currency.Amount   // total of the Debit column, company currency
	Credit  currency.Amount   // total of the Credit column; equals Debit
}

// fecPageEntries is how many entries WriteFEC completes (names, letter
// codes) in one read transaction.
const fecPageEntries = 512

// WriteFEC writes the FEC (fichier des écritures comptables) of the
// fiscal year labelled label to w: the header, the balances the year
// opens with as one entry of the opening journal dated its first day
// (balance-sheet accounts, receivables and payables per partner, the
// result of earlier years on 120/129; see ledger.Book.Opening), the
// balance of a lettrable account carried item by item: each line open at
// the end of the previous year at what remained of it, with its piece,
// date, label and letter (so that a letter of the year on an older item
// ties up within the file); then the book's own opening entries (of type
// opening, dated the year's first day: balances taken over from another
// program), however late they were posted, unless their journal numbered
// another entry before them; then every other entry dated
// in the year in posting order, the order its numbers were given in. Lines of zero are left out, except in an entry worth nothing
// in euros, whose lines are kept at zero so that its number stays. The partner's code and name fill
// CompAuxNum/CompAuxLib on receivable and payable lines only; a line's
// letter code and date (the match's date) fill EcritureLet/DateLet only
// for a match dated on or before the year's end; Montantdevise and
// Idevise only for lines in another currency than the euro. PieceRef is
// the entry's reference, else its number; ValidDate the day the book
// recorded it.
//
// The entries are read in short transactions, the opening in one; memory
// stays bounded by a page of entries, the opening's balances, the book's
// opening entries, the ids of the entries of the year's first day and the
// names of accounts, journals and partners met. Name the file
// fec.FileName(siren, summary.Year.End). It returns ErrNoFiscalYear (which
// wraps ledger.ErrNoFiscalYear) for an unknown label, ErrFEC, the fec
// package's errors for a row it refuses, and the errors of w.
func WriteFEC(ctx context.Context, b *ledger.Book, label string, w io.Writer, opts FECOptions) (FECSummary, error) {
	x, err := newFECExport(ctx, b, label, w, opts)
	if err != nil {
		return FECSummary{}, err
	}
	if err := x.opening(ctx); err != nil {
		return x.sum, err
	}
	first, err := x.bookOpenings(ctx)
	if err != nil {
		return x.sum, err
	}
	var page []ledger.PostedEntry
	for pe, err := range b.Entries(ctx, ledger.EntryFilter{From: x.sum.Year.Start, To: x.sum.Year.End}) {
		if err != nil {
			return x.sum, err
		}
		if first[pe.Seq] {
			continue // written first
		}
		page = append(page, pe)
		if len(page) == fecPageEntries {
			if err := x.entries(ctx, page); err != nil {
				return x.sum, err
			}
			page = page[:0]
		}
	}
	if err := x.entries(ctx, page); err != nil {
		return x.sum, err
	}
	if err := x.w.Flush(); err != nil {
		return x.sum, err
	}
	return x.sum, nil
}

// fecExport is a FEC being written.
type fecExport struct {
	b        *ledger.Book
	w        *fec.Writer
	opts     FECOptions
	sum      FECSummary
	accounts map[string]ledger.Account
	journals map[string]string // code → name
	partners map[string]string // code → name
	// closed is the lettering at the closing when the year exported is
	// closed (closedLetters). Read once.
	closed     closedLettering
	closedRead bool
	// owedBack is, for a closed year, what partials dated before the
	// year's start and undone after its closing had taken off a line:
	// its opening item is what it owed at the closing (closedLetters).
	owedBack map[journal.LineRef]owed
}

// owed is an amount taken off a line by partials, in company currency and
// in the line's own.
type owed struct{ balance, amountCurrency currency.Amount }

// takenOff is residual r of a line (a credit when credit) with o taken
// off it again, as the partials that took it had done.
func (o owed) takenOff(r ledger.Residual, credit bool) (ledger.Residual, error) {
	bal, cur := o.balance, o.amountCurrency
	if credit {
		bal, cur = bal.Neg(), cur.Neg()
	}
	var err error
	if r.Balance, err = r.Balance.Sub(bal); err != nil {
		return r, err
	}
	r.AmountCurrency, err = r.AmountCurrency.Sub(cur)
	return r, err
}

// fecLetter is a line's EcritureLet and DateLet.
type fecLetter struct {
	code string
	date journal.Date
}

func newFECExport(ctx context.Context, b *ledger.Book, label string, w io.Writer, opts FECOptions) (*fecExport, error) {
	if eur := currency.MustLookup("EUR"); b.Currency() != eur {
		return nil, fmt.Errorf("%w: a FEC is in euros, the book keeps %s", ErrFEC, b.Currency())
	}
	if opts.Separator == 0 {
		opts.Separator = fec.Tab
	}
	if !opts.Separator.Valid() {
		return nil, fmt.Errorf("%w: separator %q (tab or pipe)", ErrFEC, byte(opts.Separator))
	}
	if opts.OpeningLabel == "" {
		opts.OpeningLabel = "A nouveaux"
	}
	x := &fecExport{b: b, opts: opts, accounts: map[string]ledger.Account{}, journals: map[string]string{}, partners: map[string]string{}}
	err := b.View(ctx, func(t *ledger.Tx) error {
		var err error
		if x.sum.Year, err = t.FiscalYearLabelled(label); err != nil {
			if errors.Is(err, ledger.ErrNoFiscalYear) {
				return fmt.Errorf("%w: %w", ErrNoFiscalYear, err)
			}
			return err
		}
		if opts.OpeningJournal == "" {
			code, err := freeOpeningJournal(t)
			if err != nil {
				return err
			}
			x.opts.OpeningJournal, opts.OpeningJournal = code, code
		}
		if err := ledger.CheckCode(opts.OpeningJournal); err != nil {
			return fmt.Errorf("%w: the opening journal: %w", ErrFEC, err)
		}
		if _, err := t.Journal(opts.OpeningJournal); err == nil {
			return fmt.Errorf("%w: the opening journal %s is a journal of the book: choose another code", ErrFEC, opts.OpeningJournal)
		} else if !errors.Is(err, ledger.ErrUnknownJournal) {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	x.sum.Debit, x.sum.Credit = currency.Zero(b.Currency()), currency.Zero(b.Currency())
	x.w = fec.NewWriter(w, opts.Separator)
	return x, nil
}

// openingJournals are the codes WriteFEC gives its opening entry when
// the caller names none, the first the book does not use: a book that
// keeps its own à-nouveaux in a journal AN gets RAN.
var openingJournals = []string{"AN", "RAN", "ANX", "AN1", "AN2", "AN3"}

// freeOpeningJournal returns the first of openingJournals that is not a
// journal of the book.
func freeOpeningJournal(t *ledger.Tx) (string, error) {
	for _, code := range openingJournals {
		if _, err := t.Journal(code); errors.Is(err, ledger.ErrUnknownJournal) {
			return code, nil
		} else if err != nil {
			return "", err
		}
	}
	return "", fmt.Errorf("%w: the book has journals %s: name the opening journal (FECOptions.OpeningJournal)",
		ErrFEC, strings.Join(openingJournals, ", "))
}

// opening writes the year's opening balances as one entry: the rows of
// ledger.Tx.Opening, a lettrable account's carried item by item
// (lettrable).
func (x *fecExport) opening(ctx context.Context) error {
	return x.b.View(ctx, func(t *ledger.Tx) error {
		rows, err := t.Opening(x.sum.Year.Label)
		if err != nil {
			return err
		}
		accounts, err := t.Accounts()
		if err != nil {
			return err
		}
		lines := x.sum.Lines
		// The rows come in account order, the earlier result on no account
		// last; a lettrable account's rows, or where they would stand when
		// its balance is nil, are replaced by its items.
		i := 0
		for _, a := range accounts {
			if !a.Reconcilable || a.IsIncomeStatement() {
				continue
			}
			for ; i < len(rows) && rows[i].Account != "" && rows[i].Account < a.Code; i++ {
				if err := x.openingRow(t, rows[i].Account, rows[i].Partner, rows[i].Balance); err != nil {
					return err
				}
			}
			j := i
			for j < len(rows) && rows[j].Account == a.Code {
				j++
			}
			if err := x.lettrable(t, a, rows[i:j]); err != nil {
				return err
			}
			i = j
		}
		for ; i < len(rows); i++ {
			if err := x.openingRow(t, rows[i].Account, rows[i].Partner, rows[i].Balance); err != nil {
				return err
			}
		}
		if x.sum.Lines > lines {
			x.sum.Entries++
		}
		return nil
	})
}

// openingRow writes one row of the opening entry: the balance of an
// account, or of a partner on it, at the year's start.
func (x *fecExport) openingRow(t *ledger.Tx, account, partner string, balance currency.Amount) error {
	row := x.openingBase()
	if err := x.account(t, &row, account, partner, balance); err != nil {
		return err
	}
	return x.write(row, balance, false)
}

// openingBase is a row of the opening entry before its account and amounts.
func (x *fecExport) openingBase() fec.Row {
	y := x.sum.Year
	number := fmt.Sprintf("%s/%s/00001", x.opts.OpeningJournal, y.Label)
	return fec.Row{JournalCode: x.opts.OpeningJournal, JournalLib: x.opts.OpeningLabel, EcritureNum: number,
		EcritureDate: y.Start, PieceRef: number, PieceDate: y.Start, EcritureLib: x.opts.OpeningLabel, ValidDate: y.Start}
}

// lettrable writes the opening of a lettrable account item by item
// (à-nouveaux détaillés): each line open at the end of the previous year,
// at what remained of it, with its own piece, date, label and currency
// amount, and its letter when a match dated in the year settles it. A
// letter of the year on an item of an earlier one then ties up within the
// year's file, and the open items can be rebuilt from the file alone.
// Items are carried even where they cancel out (an invoice and a receipt
// on account, not yet lettered): on a receivable or payable account, those
// of every partner with lines on it. rows holds the account's balances
// from ledger.Tx.Opening (per partner, or one), if any.
func (x *fecExport) lettrable(t *ledger.Tx, a ledger.Account, rows []ledger.OpeningRow) error {
	balance := func(partner string) (currency.Amount, bool) {
		for _, r := range rows {
			if r.Partner == partner {
				return r.Balance, true
			}
		}
		return currency.Zero(x.b.Currency()), false
	}
	if !a.Kind.NeedsPartner() {
		bal, _ := balance("")
		return x.openItems(t, a.Code, "", false, bal)
	}
	for after := ""; ; {
		page, err := t.AccountPartners(a.Code, after, 0)
		if err != nil {
			return err
		}
		for _, p := range page {
			bal, _ := balance(p)
			if err := x.openItems(t, a.Code, p, true, bal); err != nil {
				return err
			}
		}
		if len(page) == 0 {
			break
		}
		after = page[len(page)-1]
	}
	// Lines without a partner on such an account (booked before its kind
	// asked for one), when they leave a balance: finding them otherwise
	// would read every line of the account.
	if bal, ok := balance(""); ok {
		return x.openItems(t, a.Code, "", true, bal)
	}
	return nil
}

// openItems writes the open items of account (of partner when byPartner,
// "" then standing for the lines without one) at the end of the previous
// year, then what they leave of its balance at the year's start on a row
// of its own: nothing, unless partials dated before a line they letter
// moved a residual.
func (x *fecExport) openItems(t *ledger.Tx, account, partner string, byPartner bool, balance currency.Amount) error {
	base := x.openingBase()
	if err := x.account(t, &base, account, partner, balance); err != nil {
		return err
	}
	if err := x.readClosed(t); err != nil {
		return err
	}
	rest := balance
	err := t.EachOpenItemAt(account, partner, x.sum.Year.Start.AddDays(-1), func(it ledger.OpenItem) error {
		if byPartner && it.Partner != partner {
			return nil // partner "" lists every partner's
		}
		if back, ok := x.owedBack[it.Ref]; ok {
			// Lettered at the closing by partials undone since: the
			// file filed carried what the line owed then.
			var err error
			if it.Residual, err = back.takenOff(it.Residual, it.Balance.Sign() < 0); err != nil {
				return err
			}
			if it.Residual.IsZero() {
				return nil
			}
		}
		row := base
		row.PieceRef, row.PieceDate = firstText(it.EntryRef, it.Number), it.Date
		e, err := t.Entry(it.Ref.Entry)
		if err != nil {
			return err
		}
		row.EcritureLib = firstText(lineLabel(&e, &e.Lines[it.Ref.Index]), it.Number)
		row.Montantdevise = montantDevise(it.Residual.AmountCurrency, it.Residual.Balance)
		if err := x.letter(t, &row, it.Ref); err != nil {
			return err
		}
		if rest, err = rest.Sub(it.Residual.Balance); err != nil {
			return err
		}
		return x.write(row, it.Residual.Balance, false)
	})
	if err != nil {
		return err
	}
	return x.write(base, rest, false)
}

// letter fills a row's EcritureLet and DateLet from the live match that
// holds line ref, when it is dated on or before the year's end. A closed
// year's file shows its lettering as it stood when the year was closed:
// a match recorded after the closing is not shown, and one undone after
// it still is (closedLettering), so that the file filed does not change.
func (x *fecExport) letter(t *ledger.Tx, row *fec.Row, ref journal.LineRef) error {
	if err := x.readClosed(t); err != nil {
		return err
	}
	m, found, err := t.MatchOf(ref)
	if err != nil {
		return err
	}
	if l, ok := x.closed.letter(m, found, ref, x.sum.Year.End); ok {
		row.EcritureLet, row.DateLet = l.code, l.date
	}
	return nil
}

// readClosed reads what closedLetters reads, once.
func (x *fecExport) readClosed(t *ledger.Tx) error {
	if x.closedRead {
		return nil
	}
	if err := x.closedLetters(t); err != nil {
		return err
	}
	x.closedRead = true
	return nil
}

// closedLetters reads, when the year exported is closed, the lettering at
// the closing (readClosedLettering), and what the partials undone since,
// recorded by then and dated before the year's start, had taken off their
// lines (owedBack). It reads every match and every partial of the book
// once, and keeps only those.
func (x *fecExport) closedLetters(t *ledger.Tx) error {
	var err error
	if x.closed, err = readClosedLettering(t, x.sum.Year.End); err != nil || !x.closed.closed {
		return err
	}
	before := x.sum.Year.Start.AddDays(-1)
	return t.EachPartial(func(p journal.Partial) error {
		if p.Live() || !p.UndoneAt.After(x.closed.at) || p.CreatedAt.After(x.closed.at) || p.Date.After(before) {
			return nil
		}
		if x.owedBack == nil {
			x.owedBack = map[journal.LineRef]owed{}
		}
		for _, side := range []struct {
			ref journal.LineRef
			cur currency.Amount
		}{{p.Debit, p.DebitAmountCurrency}, {p.Credit, p.CreditAmountCurrency}} {
			o, ok := x.owedBack[side.ref]
			if !ok {
				o = owed{currency.Zero(p.Amount.Currency()), currency.Zero(side.cur.Currency())}
			}
			var err error
			if o.balance, err = o.balance.Add(p.Amount); err != nil {
				return err
			}
			if o.amountCurrency, err = o.amountCurrency.Add(side.cur); err != nil {
				return err
			}
			x.owedBack[side.ref] = o
		}
		return nil
	})
}

// earlierResultAccounts stand for the result of earlier years in a book
// without result accounts.
var earlierResultAccounts = map[bool][2]string{
	true:  {"120000", "Résultat de l'exercice (bénéfice)"},
	false: {"129000", "Résultat de l'exercice (perte)"},
}

// account fills the account and partner columns of a row.
func (x *fecExport) account(t *ledger.Tx, row *fec.Row, code, partner string, balance currency.Amount) error {
	if code == "" {
		a := earlierResultAccounts[balance.Sign() < 0]
		row.CompteNum, row.CompteLib = a[0], a[1]
		return nil
	}
	a, ok := x.accounts[code]
	if !ok {
		var err error
		if a, err = t.Account(code); err != nil {
			return err
		}
		x.accounts[code] = a
	}
	row.CompteNum, row.CompteLib = a.Code, firstText(a.Name, a.Code)
	if partner == "" || !a.Kind.NeedsPartner() {
		return nil
	}
	name, ok := x.partners[partner]
	if !ok {
		p, err := t.Partner(partner)
		if err != nil {
			return err
		}
		name = firstText(p.Name, p.Code)
		x.partners[partner] = name
	}
	row.CompAuxNum, row.CompAuxLib = partner, name
	return nil
}

// write writes a row of a balance (Debit − Credit), left out when zero
// unless keepZero.
func (x *fecExport) write(row fec.Row, balance currency.Amount, keepZero bool) error {
	if balance.IsZero() && !keepZero {
		return nil
	}
	zero := currency.Zero(balance.Currency())
	row.Debit, row.Credit = balance, zero
	if balance.Sign() < 0 {
		row.Debit, row.Credit = zero, balance.Neg()
	}
	if err := x.w.Write(row); err != nil {
		return err
	}
	x.sum.Lines++
	var err error
	if x.sum.Debit, err = x.sum.Debit.Add(row.Debit); err != nil {
		return err
	}
	x.sum.Credit, err = x.sum.Credit.Add(row.Credit)
	return err
}

// bookOpenings writes the book's own opening entries (journal.TypeOpening:
// balances taken over from an earlier program) dated the year's first
// day, in posting order, before every other entry of the year: the
// à-nouveaux come first in a FEC, even those posted after the year's
// first invoices — unless their journal numbered another entry of the
// year before them. It returns their sequence numbers. It reads the lines
// of the year's first day on balance-sheet accounts, and each of their
// entries once, in one read transaction.
func (x *fecExport) bookOpenings(ctx context.Context) (map[uint64]bool, error) {
	day := x.sum.Year.Start
	var openings []ledger.PostedEntry
	err := x.b.View(ctx, func(t *ledger.Tx) error {
		accounts, err := t.Accounts()
		if err != nil {
			return err
		}
		seen := map[journal.ID]bool{}
		for _, a := range accounts {
			if a.IsIncomeStatement() {
				continue
			}
			lines, err := t.Lines(ledger.LineFilter{Account: a.Code, From: day, To: day})
			if err != nil {
				return err
			}
			for _, it := range lines {
				if seen[it.Ref.Entry] {
					continue
				}
				seen[it.Ref.Entry] = true
				e, err := t.Entry(it.Ref.Entry)
				if err != nil {
					return err
				}
				if e.Type == journal.TypeOpening {
					openings = append(openings, ledger.PostedEntry{Seq: it.Seq, Entry: e})
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(openings, func(a, b ledger.PostedEntry) int { return cmp.Compare(a.Seq, b.Seq) })
	// An opening entry goes first only when its journal numbered no other
	// entry of the year before it: moved ahead of an earlier number, it
	// would break its journal's numbering order, an error where the
	// order of dates is only a warning.
	first := make(map[uint64]bool, len(openings))
	ahead := map[string]int64{} // journal → opening entries moved first
	moved := openings[:0]
	for _, pe := range openings {
		if pe.Entry.Number != ahead[pe.Entry.Journal]+1 {
			ahead[pe.Entry.Journal] = -1 // none after it either
			continue
		}
		ahead[pe.Entry.Journal]++
		first[pe.Seq] = true
		moved = append(moved, pe)
	}
	return first, x.entries(ctx, moved)
}

// entries writes a page of entries, completed in one read transaction.
func (x *fecExport) entries(ctx context.Context, page []ledger.PostedEntry) error {
	if len(page) == 0 {
		return nil
	}
	return x.b.View(ctx, func(t *ledger.Tx) error {
		for i := range page {
			if err := x.entry(t, &page[i].Entry); err != nil {
				return err
			}
		}
		return nil
	})
}

// entry writes one entry's lines.
func (x *fecExport) entry(t *ledger.Tx, e *journal.Entry) error {
	jname, ok := x.journals[e.Journal]
	if !ok {
		j, err := t.Journal(e.Journal)
		if err != nil {
			return err
		}
		jname = firstText(j.Name, j.Code) // JournalLib is required: a journal without a name goes by its code
		x.journals[e.Journal] = jname
	}
	number := e.Name()
	piece := firstText(e.Ref, number)
	// An entry worth nothing in euros (a currency-only rounding) keeps its
	// lines at zero: leaving it out would break its journal's numbering.
	keepZero := true
	for _, l := range e.Lines {
		keepZero = keepZero && l.Balance.IsZero()
	}
	for i, l := range e.Lines {
		if l.Balance.IsZero() && !keepZero {
			continue
		}
		label := firstText(lineLabel(e, &l), number)
		row := fec.Row{JournalCode: e.Journal, JournalLib: jname, EcritureNum: number, EcritureDate: e.Date,
			PieceRef: piece, PieceDate: e.Date, EcritureLib: label, ValidDate: x.validDate(e.PostedAt)}
		if err := x.account(t, &row, l.Account, l.Partner, l.Balance); err != nil {
			return err
		}
		row.Montantdevise = montantDevise(l.AmountCurrency, l.Balance)
		if err := x.letter(t, &row, e.LineRef(i)); err != nil {
			return err
		}
		if err := x.write(row, l.Balance, keepZero); err != nil {
			return err
		}
	}
	x.sum.Entries++
	return nil
}

// montantDevise is the Montantdevise of a line of balance bal and currency
// amount cur: cur for a foreign line; nothing (the zero Amount) for a line
// kept only in euros within a foreign entry (an exchange difference, zero
// in the currency), nor in a unit of account, which has no ISO code.
func montantDevise(cur, bal currency.Amount) currency.Amount {
	if c := cur.Currency(); cur.IsSet() && c != bal.Currency() && c.IsISO() && !cur.IsZero() {
		return cur
	}
	return currency.Amount{}
}

// firstText returns the first text the FEC writes as a non-empty column.
func firstText(ss ...string) string {
	for _, s := range ss {
		if !fec.Blank(s) {
			return s
		}
	}
	return ""
}

// validDate is the day, in the FEC's time zone, of a time the book
// recorded.
func (x *fecExport) validDate(t time.Time) journal.Date {
	if x.opts.Location != nil {
		return journal.DateOf(t.In(x.opts.Location))
	}
	return journal.DateOf(parisTime(t))
}

// parisTime is t in the time of metropolitan France (paris.Offset), as
// an instant shifted by the offset: its UTC wall clock is Paris's.
func parisTime(t time.Time) time.Time {
	return t.UTC().Add(time.Duration(paris.Offset(t)) * time.Second)
}
