package hledger

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/tax"
)

// Options select what Write exports. The zero Options export the whole
// book.
type Options struct {
	// FiscalYear, when set, exports the entries dated in the fiscal year
	// with this label. It excludes From and To.
	FiscalYear string
	// From and To keep the entries dated between them, inclusive; a zero
	// date leaves that end open.
	From, To journal.Date
}

// Summary is what Write wrote.
type Summary struct {
	From, To    journal.Date // the dates selected, zero when open
	Entries     int          // the book's entries written, a transaction each
	Results     int          // the results carried forward written, a transaction each after the entries
	Postings    int          // postings written, of both kinds of transaction, zero-amount ones included
	Accounts    int          // account directives, partner subaccounts included
	Commodities int          // commodity directives
	// Debit and Credit total the postings in the company currency.
	Debit, Credit currency.Amount
}

// pageEntries is how many entries Write completes (partner names) in one
// read transaction.
const pageEntries = 512

// Write writes the entries of b that opts selects to w as an hledger
// journal, in posting order (the book-wide sequence, not date order):
//
//   - a header: a comment naming the book's currency and the selection,
//     a commodity directive for the company currency ("commodity 1000.00
//     EUR"), and an account directive for every account of the chart,
//     with its hledger type tag (A, L, E, R, X) and its name on the next
//     comment line;
//   - before the first transaction that uses them, a commodity directive
//     for each other currency and an account directive for each partner
//     subaccount ("411000:C1"), with the partner's name;
//   - each entry as a cleared transaction "2026-03-02 * (VT/2026/00001)
//     Label", with comment lines "id:", "ref:" and "type:" (the entry's
//     id, reference and type, the last two when set), "discount:" for an
//     invoice's early-payment discount offer ("24.00 until 2026-03-11", in
//     the entry's currency), and a posting per
//     line in the line's order, zero lines included: the account code,
//     ":partner" for a line with a partner, the amount, and the line's
//     label as the posting's comment. A line in a foreign currency is
//     written as its currency amount at the total cost of its company
//     balance ("250.00 USD @@ 200.00 EUR"), so that hledger's balance at
//     cost (bal -B) is the book's to the cent; a foreign line with a zero
//     currency amount (an exchange difference) is written in the company
//     currency, and an entry in a foreign currency none of whose lines has
//     an amount in it says its currency in a "currency:" comment line. A
//     line's due date follows as a "due:" comment line, its
//     French VAT (tax.FrenchVATByID) as a "tax:" one, with "tax-role: tax"
//     on the tax's own line.
//
// After the entries, for each fiscal year the export covers that another
// follows, a transaction dated the next year's first day (tagged
// "lettrage-result:", which Read skips) carries the year's income and
// expense to the result account, as the book's trial balance shows them:
// hledger's balance at a date is the trial balance's. The selection has
// no opening balances: with From or a fiscal year, hledger sees the
// movements of the period only, and no result is carried. Texts are escaped as
// described in the package documentation.
//
// The book is read in short transactions; memory stays bounded by a page
// of entries and the names of the partners and currencies met. It returns
// ErrOptions, ledger.ErrNoFiscalYear for an unknown label, the book's
// errors and w's.
func Write(ctx context.Context, b *ledger.Book, w io.Writer, opts Options) (Summary, error) {
	x, err := newExport(ctx, b, w, opts)
	if err != nil {
		return Summary{}, err
	}
	var page []ledger.PostedEntry
	for pe, err := range b.Entries(ctx, ledger.EntryFilter{From: x.sum.From, To: x.sum.To}) {
		if err != nil {
			return x.sum, err
		}
		page = append(page, pe)
		if len(page) == pageEntries {
			if err := x.entries(ctx, page); err != nil {
				return x.sum, err
			}
			page = page[:0]
		}
	}
	if err := x.entries(ctx, page); err != nil {
		return x.sum, err
	}
	if x.sum.From.IsZero() {
		if err := x.results(ctx); err != nil {
			return x.sum, err
		}
	}
	return x.sum, x.w.Flush()
}

// exportMark begins the first line of an export, formatMark ends it: an
// export without formatMark is an earlier one, whose texts were not
// escaped against the tags hledger reads (see parser.legacy).
const (
	exportMark = "; lettrage book in"
	formatMark = "(format 2)"
)

// resultTag marks the transactions that carry a year's result forward:
// Read skips them, the book computing the result itself.
const resultTag = "lettrage-result"

// currencyTag names the currency of an entry in a foreign currency none
// of whose lines has an amount in it (an exchange difference: its lines
// are 0,00 USD and a balance in euros), which its postings, in euros,
// cannot tell.
const currencyTag = "currency"

// discountTag carries an invoice's early-payment discount offer
// ("discount: 24.00 until 2026-03-11", the amount in the entry's
// currency), read back by Read.
const discountTag = "discount"

// results writes, for each fiscal year followed by another within the
// export, a transaction dated the next year's first day that moves the
// year's income and expense to the result account (120000 for a profit,
// 129000 for a loss), as a closing would: hledger's balance at any date is
// then the book's trial balance, income and expense restarting each year
// and earlier results on the result accounts.
func (x *export) results(ctx context.Context) error {
	return x.b.View(ctx, func(t *ledger.Tx) error {
		years, err := t.FiscalYears()
		if err != nil {
			return err
		}
		accounts, err := t.Accounts()
		if err != nil {
			return err
		}
		for i := 0; i+1 < len(years); i++ {
			y, next := years[i], years[i+1]
			if !x.sum.To.IsZero() && x.sum.To.Before(next.Start) {
				break
			}
			if err := x.result(t, accounts, y, next); err != nil {
				return err
			}
		}
		return nil
	})
}

// result writes the transaction carrying year y's result into next.
func (x *export) result(t *ledger.Tx, accounts []ledger.Account, y, next ledger.FiscalYear) error {
	company := x.b.Currency()
	total := currency.Zero(company)
	var lines []journal.Line
	for _, a := range accounts {
		if !a.IsIncomeStatement() {
			continue
		}
		end, err := t.Balance(ledger.BalanceQuery{Account: a.Code, At: y.End})
		if err != nil {
			return err
		}
		before, err := t.Balance(ledger.BalanceQuery{Account: a.Code, At: y.Start.AddDays(-1)})
		if err != nil {
			return err
		}
		moved, err := end.Balance.Sub(before.Balance)
		if err != nil {
			return err
		}
		if moved.IsZero() {
			continue
		}
		if total, err = total.Add(moved); err != nil {
			return err
		}
		lines = append(lines, journal.Line{Account: a.Code, Balance: moved.Neg()})
	}
	if len(lines) == 0 {
		return nil
	}
	res, err := t.EarlierResult(next)
	if err != nil {
		return err
	}
	to := firstNonEmpty(res.ProfitAccount, "120000")
	if total.Sign() > 0 { // more expense than income: a loss
		to = firstNonEmpty(res.LossAccount, "129000")
	}
	if !slices.ContainsFunc(accounts, func(a ledger.Account) bool { return a.Code == to }) && !x.subaccounts[to] {
		x.subaccounts[to] = true
		x.account(to, "E", "")
		fmt.Fprintln(x.w)
	}
	lines = append(lines, journal.Line{Account: to, Balance: total})
	x.sum.Results++
	fmt.Fprintf(x.w, "%s * Result of %s carried forward\n", next.Start, escapeDescription(y.Label))
	fmt.Fprintf(x.w, "    ; %s: %s (computed by the book, not an entry of it)\n", resultTag, escapeComment(y.Label))
	for _, l := range lines {
		if err := x.posting(l, company); err != nil {
			return err
		}
	}
	fmt.Fprintln(x.w)
	return nil
}

func firstNonEmpty(s, or string) string {
	if s != "" {
		return s
	}
	return or
}

// export is a journal being written.
type export struct {
	b           *ledger.Book
	w           *bufio.Writer
	sum         Summary
	commodities map[currency.Currency]bool // declared
	subaccounts map[string]bool            // "411000:C1" declared
}

func newExport(ctx context.Context, b *ledger.Book, w io.Writer, opts Options) (*export, error) {
	company := b.Currency()
	x := &export{b: b, w: bufio.NewWriter(w), commodities: map[currency.Currency]bool{company: true},
		subaccounts: map[string]bool{}}
	x.sum.From, x.sum.To = opts.From, opts.To
	x.sum.Debit, x.sum.Credit = currency.Zero(company), currency.Zero(company)
	switch {
	case opts.FiscalYear != "" && (!opts.From.IsZero() || !opts.To.IsZero()):
		return nil, fmt.Errorf("%w: a fiscal year or a date range, not both", ErrOptions)
	case !opts.From.IsZero() && !opts.To.IsZero() && opts.From.After(opts.To):
		return nil, fmt.Errorf("%w: from %s is after to %s", ErrOptions, opts.From, opts.To)
	}
	var accounts []ledger.Account
	err := b.View(ctx, func(t *ledger.Tx) error {
		if opts.FiscalYear != "" {
			y, err := t.FiscalYearLabelled(opts.FiscalYear)
			if err != nil {
				return err
			}
			x.sum.From, x.sum.To = y.Start, y.End
		}
		var err error
		accounts, err = t.Accounts()
		return err
	})
	if err != nil {
		return nil, err
	}
	x.header(company, accounts)
	return x, nil
}

// header writes the comment, the company commodity and the chart.
func (x *export) header(company currency.Currency, accounts []ledger.Account) {
	sel := "every entry"
	switch {
	case !x.sum.From.IsZero() || !x.sum.To.IsZero():
		sel = fmt.Sprintf("entries dated %s to %s, without opening balances", orOpen(x.sum.From), orOpen(x.sum.To))
	}
	fmt.Fprintf(x.w, "%s %s: %s, in posting order %s\n\n", exportMark, company.Code(), sel, formatMark)
	fmt.Fprintln(x.w, commodityDirective(company))
	x.sum.Commodities++
	fmt.Fprintln(x.w)
	for _, a := range accounts {
		x.account(a.Code, accountType(a), a.Name)
	}
	fmt.Fprintln(x.w)
}

func orOpen(d journal.Date) string {
	if d.IsZero() {
		return "…"
	}
	return d.String()
}

// account writes an account directive.
func (x *export) account(name, typ, label string) {
	if typ != "" {
		fmt.Fprintf(x.w, "account %s  ; type: %s\n", name, typ)
	} else {
		fmt.Fprintf(x.w, "account %s\n", name)
	}
	if label != "" {
		fmt.Fprintf(x.w, "    ; name: %s\n", escapeTagValue(label))
	}
	x.sum.Accounts++
}

// entries writes a page of entries, completed in one read transaction.
func (x *export) entries(ctx context.Context, page []ledger.PostedEntry) error {
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

// entry writes one entry, after the directives it needs first.
func (x *export) entry(t *ledger.Tx, e *journal.Entry) error {
	company := x.b.Currency()
	for _, l := range e.Lines {
		if c := l.AmountCurrency.Currency(); l.AmountCurrency.IsSet() && !x.commodities[c] {
			x.commodities[c] = true
			fmt.Fprintf(x.w, "%s\n\n", commodityDirective(c))
			x.sum.Commodities++
		}
		if l.Partner == "" {
			continue
		}
		name := l.Account + ":" + l.Partner
		if x.subaccounts[name] {
			continue
		}
		p, err := t.Partner(l.Partner)
		if err != nil {
			return err
		}
		x.subaccounts[name] = true
		x.account(name, "", p.Name)
		fmt.Fprintln(x.w)
	}
	fmt.Fprintf(x.w, "%s * (%s) %s\n", e.Date, e.Name(), escapeDescription(e.Label))
	fmt.Fprintf(x.w, "    ; id: %s\n", e.ID)
	if e.Ref != "" {
		fmt.Fprintf(x.w, "    ; ref: %s\n", escapeTagValue(e.Ref))
	}
	if e.Type != journal.TypeMisc {
		fmt.Fprintf(x.w, "    ; type: %s\n", e.Type)
	}
	if !e.Currency.IsZero() && e.Currency != company && !slices.ContainsFunc(e.Lines, func(l journal.Line) bool {
		return l.AmountCurrency.IsSet() && l.AmountCurrency.Currency() == e.Currency && !l.AmountCurrency.IsZero()
	}) {
		fmt.Fprintf(x.w, "    ; %s: %s\n", currencyTag, e.Currency.Code())
	}
	if o := e.DiscountOffer; o != nil {
		// The early-payment discount an invoice offers, in its currency.
		fmt.Fprintf(x.w, "    ; %s: %s until %s\n", discountTag, o.Amount.Plain(), o.Until)
	}
	for _, l := range e.Lines {
		if err := x.posting(l, company); err != nil {
			return err
		}
	}
	fmt.Fprintln(x.w)
	x.sum.Entries++
	return nil
}

// postingAccountWidth and postingAmountWidth align postings for reading;
// longer names and amounts push the rest right, always after two spaces.
const (
	postingAccountWidth = 16
	postingAmountWidth  = 14
)

// frenchVATOf is the id of line l's French VAT (tax.FrenchVATByID) when
// it carries one and only that; "" otherwise (another tax has no text
// that names all of it).
func frenchVATOf(l journal.Line) string {
	if len(l.Taxes) != 1 {
		return ""
	}
	if t, err := tax.FrenchVATByID(l.Taxes[0].ID); err == nil && t.Equal(l.Taxes[0]) {
		return t.ID
	}
	return ""
}

// posting writes one line.
func (x *export) posting(l journal.Line, company currency.Currency) error {
	name := l.Account
	if l.Partner != "" {
		name += ":" + l.Partner
	}
	amt, cost := amount(l.Balance), ""
	if l.AmountCurrency.IsSet() && l.AmountCurrency.Currency() != company && !l.AmountCurrency.IsZero() {
		// hledger's total cost is unsigned: the quantity's sign applies.
		amt, cost = amount(l.AmountCurrency), " @@ "+amount(l.Balance.Abs())
	}
	fmt.Fprintf(x.w, "    %-*s  %*s%s", postingAccountWidth, name, postingAmountWidth, amt, cost)
	if l.Label != "" {
		fmt.Fprintf(x.w, "  ; %s", escapeComment(l.Label))
	}
	fmt.Fprintln(x.w)
	if !l.DueDate.IsZero() {
		fmt.Fprintf(x.w, "        ; due: %s\n", l.DueDate)
	}
	if id := frenchVATOf(l); id != "" {
		// The tax line says so: a reverse charge's VAT due (445200) is a
		// tax line on an account the tax does not name.
		role := ""
		if l.TaxRole == tax.RoleTax {
			role = ", tax-role: tax"
		}
		fmt.Fprintf(x.w, "        ; tax: %s%s\n", id, role)
	}
	x.sum.Postings++
	var err error
	if x.sum.Debit, err = x.sum.Debit.Add(l.Debit()); err != nil {
		return err
	}
	x.sum.Credit, err = x.sum.Credit.Add(l.Credit())
	return err
}
