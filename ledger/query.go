package ledger

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// Entry returns a posted entry by id, or ErrNotFound.
func (b *Book) Entry(ctx context.Context, id journal.ID) (journal.Entry, error) {
	return read(ctx, b, func(t *Tx) (journal.Entry, error) { return t.Entry(id) })
}

// EntryByNumber returns a posted entry by its printed number
// ("VT/2026/00042"), or ErrNotFound.
func (b *Book) EntryByNumber(ctx context.Context, number string) (journal.Entry, error) {
	parts := strings.Split(number, "/")
	if len(parts) != 3 {
		return journal.Entry{}, fmt.Errorf("%w: number %q is not JOURNAL/YEAR/N", ErrNotFound, number)
	}
	n, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || n < 1 {
		return journal.Entry{}, fmt.Errorf("%w: number %q", ErrNotFound, number)
	}
	var e journal.Entry
	err = b.view(ctx, func(t *Tx) error {
		years, err := t.FiscalYears()
		if err != nil {
			return err
		}
		for _, y := range years {
			if y.Label != parts[1] {
				continue
			}
			seq, found, err := t.numberSeq(parts[0], y.Start, n)
			if errors.Is(err, store.ErrBadKey) || err == nil && !found {
				break
			} else if err != nil {
				return err
			}
			id, _, err := t.logRawTemp(seqKey(seq))
			if err != nil {
				return err
			}
			e, err = t.Entry(id)
			return err
		}
		return fmt.Errorf("%w: entry %s", ErrNotFound, number)
	})
	return e, err
}

// LineFilter selects lines: of an account, of a partner, or both, between
// two dates (inclusive; zero means open). It names an account or a
// partner (Lines returns ErrFilter otherwise): the lines of a journal or
// of a period are Book.Entries'.
type LineFilter struct {
	Account string       // account code; empty means any, with a partner
	Partner string       // partner code; empty means any, with an account
	From    journal.Date // first day, zero for no lower bound
	To      journal.Date // last day, zero for no upper bound
}

// LineItem is a posted line with where it comes from.
type LineItem struct {
	Ref      journal.LineRef   // the entry's id and the line's index
	Date     journal.Date      // the entry's accounting date
	Journal  string            // the entry's journal code
	Number   string            // "VT/2026/00042"
	Seq      uint64            // the entry's posting sequence
	Currency currency.Currency // the entry's transaction currency
	Line     journal.Line      // the line as posted
	// EntryLabel is the entry's label: what a listing shows of a line
	// without a label.
	EntryLabel string
	// ReversalOf is the entry the line's entry reverses, NoID for none: a
	// listing says a reversal's line reverses it.
	ReversalOf journal.ID
}

// linesPageSize is how many lines one short read transaction yields.
const linesPageSize = 256

// Lines returns the lines matching f in (date, posting sequence, line) order
// (for a partner without an account: by account first). The iterator pages
// through short read transactions and holds none while the caller's loop
// body runs, so the body may post to the same book. Writes committed during
// the loop may or may not be seen.
func (b *Book) Lines(ctx context.Context, f LineFilter) iter.Seq2[LineItem, error] {
	return func(yield func(LineItem, error) bool) {
		if f.Account == "" && f.Partner == "" {
			yield(LineItem{}, fmt.Errorf("%w: Lines needs an account or a partner (Entries reads a journal or a period)", ErrFilter))
			return
		}
		bucket, from, to := linesRange(f)
		for {
			var page []LineItem
			var last []byte
			err := b.view(ctx, func(t *Tx) error {
				page, last = page[:0], nil
				return t.scanLines(bucket, from, to, func(k []byte) error {
					if len(page) == linesPageSize {
						return errPageFull
					}
					item, ok, err := t.lineItem(k, f)
					if err != nil {
						return err
					}
					if ok {
						page = append(page, item)
					}
					last = append(last[:0], k...)
					return nil
				})
			})
			if err != nil && !errors.Is(err, errPageFull) {
				yield(LineItem{}, err)
				return
			}
			for _, item := range page {
				if !yield(item, nil) {
					return
				}
			}
			if !errors.Is(err, errPageFull) {
				return
			}
			from = append(last, 0) // the smallest key after the last one read
		}
	}
}

var errPageFull = errors.New("ledger: page full")

// Lines is Book.Lines inside a transaction: every line matching f, read at
// once. It sees what the transaction posted; keep f's range small (an
// account over a few days), as the result is held in memory.
func (t *Tx) Lines(f LineFilter) ([]LineItem, error) {
	if f.Account == "" && f.Partner == "" {
		return nil, fmt.Errorf("%w: Lines needs an account or a partner (Entries reads a journal or a period)", ErrFilter)
	}
	bucket, from, to := linesRange(f)
	var out []LineItem
	err := t.scanLines(bucket, from, to, func(k []byte) error {
		item, ok, err := t.lineItem(k, f)
		if ok {
			out = append(out, item)
		}
		return err
	})
	return out, err
}

func linesRange(f LineFilter) (bucket, from, to []byte) {
	var prefix []byte
	switch {
	case f.Partner != "" && f.Account != "":
		bucket, prefix = ixPLines, str(str(nil, f.Partner), f.Account)
	case f.Partner != "":
		return ixPLines, str(nil, f.Partner), prefixEnd(str(nil, f.Partner))
	default:
		bucket, prefix = ixLines, str(nil, f.Account)
	}
	from, to = prefix, prefixEnd(prefix)
	if !f.From.IsZero() {
		from = u32(bytes.Clone(prefix), f.From.Key())
	}
	if !f.To.IsZero() {
		to = u32(bytes.Clone(prefix), f.To.Key()+1) // past every key of that day, even 9999-12-31
	}
	return bucket, from, to
}

// lineItem lists the line a line index key points to, when it is inside
// f's dates.
func (t *Tx) lineItem(k []byte, f LineFilter) (LineItem, bool, error) {
	date, _, _, err := lineKeyPos(k)
	if err != nil {
		return LineItem{}, false, err
	}
	d, err := journal.DateFromKey(date)
	if err != nil {
		return LineItem{}, false, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if !f.From.IsZero() && d.Before(f.From) || !f.To.IsZero() && d.After(f.To) {
		return LineItem{}, false, nil
	}
	lv, err := t.lineAt(k) // checks the log agrees on the date
	if err != nil {
		return LineItem{}, false, err
	}
	cur := t.b.company
	if lv.Currency != "" {
		if cur, err = t.currencyOf(lv.Currency); err != nil {
			return LineItem{}, false, err
		}
	}
	l, err := lv.Line.line(t.b.company, cur)
	if err != nil {
		return LineItem{}, false, err
	}
	id, err := idFrom(lv.Entry)
	if err != nil {
		return LineItem{}, false, err
	}
	rev, err := idFrom(lv.ReversalOf)
	if err != nil {
		return LineItem{}, false, err
	}
	return LineItem{Ref: journal.LineRef{Entry: id, Index: lv.Index}, Date: d, Journal: lv.Journal,
		Number: journal.FormatNumber(lv.Journal, lv.FY, lv.Number), Seq: lv.Seq, Currency: cur, Line: l,
		EntryLabel: lv.Label, ReversalOf: rev}, true, nil
}

// BalanceQuery selects a balance: an account, optionally one partner and
// one transaction currency, at a date (inclusive; zero means everything).
type BalanceQuery struct {
	Account  string            // account code, required
	Partner  string            // partner code; empty sums every partner
	Currency currency.Currency // transaction currency; zero sums every currency
	At       journal.Date      // last day counted; zero means everything
}

// Balance is the sum of lines: debits, credits and their difference in the
// company currency, and the currency amount when a currency was asked for.
type Balance struct {
	Debit          currency.Amount // sum of the debit balances, company currency, ≥ 0
	Credit         currency.Amount // sum of the credit balances, company currency, ≥ 0
	Balance        currency.Amount // Debit − Credit
	AmountCurrency currency.Amount // signed sum in BalanceQuery.Currency; unset (IsSet false) when none was asked for
}

// Balance returns the balance of an account (per partner, per currency) at
// a date, from the year, month and day aggregates: it looks up at most one
// aggregate per year of the account's (partner's, currency's) movements up
// to the date's, six months and sixteen days, whatever the number of lines.
// A partner's balance reads its lines of those days instead of day
// aggregates, which are kept for all partners only: at most half a month
// of the partner's lines on the account.
func (b *Book) Balance(ctx context.Context, q BalanceQuery) (Balance, error) {
	return read(ctx, b, func(t *Tx) (Balance, error) {
		if _, err := t.Account(q.Account); err != nil {
			return Balance{}, err
		}
		return t.sumAgg(q.Account, q.Partner, q.Currency, journal.Date{}, q.At)
	})
}

// sumAgg sums the movements of (account, partner, currency) from `from` to
// `to` inclusive; zero dates are open. It reads the cumulative sums at both
// ends, each from at most the earlier years, the earlier months of the year
// and the days of the month: its cost does not grow with the book.
func (t *Tx) sumAgg(account, partner string, cur currency.Currency, from, to journal.Date) (Balance, error) {
	sum, err := t.cumulative(account, partner, cur, to)
	if err != nil {
		return Balance{}, err
	}
	if !from.IsZero() {
		before, err := t.cumulative(account, partner, cur, from.AddDays(-1))
		if err != nil {
			return Balance{}, err
		}
		if sum, err = sum.minus(&before); err != nil {
			return Balance{}, err
		}
	}
	bal, err := sum.debit.Sub(sum.credit)
	return Balance{Debit: sum.debit, Credit: sum.credit, Balance: bal, AmountCurrency: sum.amountCurrency}, err
}

// cumulative sums every movement of (account, partner, currency) up to and
// including date at; a zero date means all. It reads at most the years up to
// at's, six months and sixteen days: from each level it takes the shorter
// side, adding the periods before or subtracting those after
// (storedCumulative).
func (t *Tx) cumulative(account, partner string, cur currency.Currency, at journal.Date) (aggDelta, error) {
	if cur == t.b.company {
		return t.companyCumulative(account, partner, at)
	}
	return t.storedCumulative(account, partner, cur, at)
}

// companyCumulative is cumulative for the lines in the company currency,
// which have no aggregate of their own (aggSet.addLine): every line less
// the lines of each foreign currency, whose currency amount is their
// balance.
func (t *Tx) companyCumulative(account, partner string, at journal.Date) (aggDelta, error) {
	sum, err := t.storedCumulative(account, partner, currency.Currency{}, at)
	if err != nil {
		return sum, err
	}
	foreign, err := t.aggCurrencies(account, partner)
	if err != nil {
		return sum, err
	}
	for _, c := range foreign {
		f, err := t.storedCumulative(account, partner, c, at)
		if err != nil {
			return sum, err
		}
		if sum, err = sum.minus(&aggDelta{debit: f.debit, credit: f.credit}); err != nil {
			return sum, err
		}
	}
	sum.amountCurrency, err = sum.debit.Sub(sum.credit)
	return sum, err
}

// aggCurrencies lists the currencies that have aggregates of (account,
// partner), from their series in ix.aggyrs: one short scan per currency,
// each starting past the one before.
func (t *Tx) aggCurrencies(account, partner string) ([]currency.Currency, error) {
	if err := t.flushAggs(); err != nil {
		return nil, err
	}
	prefix := str(str(nil, account), partner)
	var out []currency.Currency
	from := append(bytes.Clone(prefix), 1) // past the all-currency aggregates ("" then 0)
	for {
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
			return out, nil
		}
		c, err := t.currencyOf(string(code))
		if err != nil {
			return nil, err
		}
		out = append(out, c)
		from = prefixEnd(append(append(bytes.Clone(prefix), code...), 0))
	}
}

// storedCumulative is cumulative from the aggregates stored for cur, zero
// for all currencies. Each period is one lookup (aggStored keys them period
// first): the years of the series from its first (ix.aggyrs), at most six
// months and at most sixteen days (for a partner, its lines of those days:
// Tx.partnerDays). A date past the series' last year needs
// its years only, a date before its first year nothing.
func (t *Tx) storedCumulative(account, partner string, cur currency.Currency, at journal.Date) (aggDelta, error) {
	if err := t.flushAggs(); err != nil {
		return aggDelta{}, err
	}
	sum := aggDelta{debit: currency.Zero(t.b.company), credit: currency.Zero(t.b.company)}
	if !cur.IsZero() {
		sum.amountCurrency = currency.Zero(cur)
	}
	code := cur.Code()
	first, last, found, err := t.aggYearsOf(aggYearsKey(account, partner, code))
	if err != nil || !found {
		return sum, err
	}
	// take adds d to the sum, or subtracts it.
	take := func(d *aggDelta, subtract bool) (err error) {
		if subtract {
			sum, err = sum.minus(d)
		} else {
			sum, err = sum.plus(d)
		}
		return err
	}
	// add adds (or subtracts) the aggregates of level in periods [lo, hi].
	add := func(level byte, lo, hi uint32, subtract bool) error {
		if level == aggDay && partner != "" {
			d, err := t.partnerDays(account, partner, cur, lo, hi)
			if err != nil {
				return err
			}
			return take(&d, subtract)
		}
		for p := lo; p <= hi; p++ {
			b, k := ixAgg, periodAggKey(account, partner, code, level, p)
			if level == aggDay {
				b, k = ixAggDay, dayAggKey(account, partner, code, p)
			}
			d, err := t.readAgg(b, k, cur)
			if err != nil {
				return err
			}
			if err := take(&d, subtract); err != nil {
				return err
			}
		}
		return nil
	}
	y := aggPeriod(aggYear, at)
	switch {
	case at.IsZero() || y > last:
		return sum, add(aggYear, first, last, false)
	case y < first:
		return sum, nil
	}
	m, d := aggPeriod(aggMonth, at), at.Key()
	// S(end of the previous month) = years < y + months of y before m
	//                              = years ≤ y − months of y from m on.
	if month := at.Month(); month <= 6 {
		if err := add(aggYear, first, y-1, false); err != nil {
			return sum, err
		}
		if err := add(aggMonth, y*100+1, m-1, false); err != nil {
			return sum, err
		}
	} else {
		if err := add(aggYear, first, y, false); err != nil {
			return sum, err
		}
		if err := add(aggMonth, m, y*100+12, true); err != nil {
			return sum, err
		}
	}
	// S(at) = S(end of the previous month) + days of m up to at
	//       = S(end of the previous month) + month m − days of m after at.
	if at.Day() <= 16 {
		return sum, add(aggDay, m*100+1, d, false)
	}
	if err := add(aggMonth, m, m, false); err != nil {
		return sum, err
	}
	return sum, add(aggDay, d+1, m*100+31, true)
}

// partnerDays sums the lines of (account, partner) in currency cur (zero:
// every currency) dated from day lo to day hi inclusive (date keys), read
// from the partner line index and the log: a partner's day aggregates are
// not stored (aggKept). The days asked for lie in one month, so the lines
// read are at most the partner's in that account for a month.
func (t *Tx) partnerDays(account, partner string, cur currency.Currency, lo, hi uint32) (aggDelta, error) {
	sum := aggDelta{debit: currency.Zero(t.b.company), credit: currency.Zero(t.b.company)}
	if !cur.IsZero() {
		sum.amountCurrency = currency.Zero(cur)
	}
	if lo > hi {
		return sum, nil
	}
	prefix := str(str(keyOf(len(partner)+len(account)+2+4), partner), account)
	code := cur.Code()
	err := t.scanLines(ixPLines, u32(prefix, lo), u32(bytes.Clone(prefix), hi+1), func(k []byte) error {
		lv, err := t.lineAt(k)
		if err != nil {
			return err
		}
		if code != "" && lv.Currency != code {
			return nil
		}
		lc := t.b.company
		if lv.Currency != "" {
			if lc, err = t.currencyOf(lv.Currency); err != nil {
				return err
			}
		}
		bal, ac, err := lv.Line.amounts(t.b.company, lc)
		if err != nil {
			return err
		}
		l := journal.Line{Balance: bal, AmountCurrency: ac}
		return sum.addLine(&l, code != "")
	})
	return sum, err
}

// TrialRow is one line of a trial balance.
type TrialRow struct {
	Account string          // "" for the earlier years' result no result account takes
	Name    string          // the account's name, or EarlierResultName
	Debit   currency.Amount // sum of the debit balances, company currency, ≥ 0
	Credit  currency.Amount // sum of the credit balances, company currency, ≥ 0
	Balance currency.Amount // Debit − Credit: positive on the debit side
}

// TrialBalance is the balance of every account at a date.
type TrialBalance struct {
	At         journal.Date // the date of the balance, inclusive
	FiscalYear FiscalYear   // the fiscal year At falls in
	Rows       []TrialRow   // accounts with movements by code, then any EarlierResultName row
	Total      TrialRow     // Balance is always zero
}

// EarlierResultName names the trial-balance row that carries the result
// of earlier fiscal years in a book without a result account for it (see
// TrialBalance).
const EarlierResultName = "Result of earlier years not carried forward"

// Result accounts (PCG): the result of a year shows on the first account
// of class 120 when it is a profit, of class 129 when it is a loss.
const (
	resultProfitClass = "120"
	resultLossClass   = "129"
)

// TrialBalance returns every account's balance at a date: income and
// expense accounts (classes 6 and 7) year-to-date within the date's fiscal
// year, balance-sheet accounts cumulative, so that the income statement
// starts again each year.
//
// The result of each earlier fiscal year (its income less its expense) is
// computed, never posted: a profit shows on the book's first account of
// class 120 (120000 in the French chart), a loss on its first account of
// class 129 (129000), added to what is posted there. An entry of a later
// year that allocates it (Dr 120000 / Cr 106100, say) therefore brings the
// account shown to zero. A book without an account of class 120 (or 129)
// shows that part on a row with Account "" named EarlierResultName. The
// total balance is zero. TrialBalance returns ErrNoFiscalYear for a date
// outside every fiscal year.
func (b *Book) TrialBalance(ctx context.Context, at journal.Date) (TrialBalance, error) {
	var tb TrialBalance
	err := b.view(ctx, func(t *Tx) error {
		fy, err := t.FiscalYear(at)
		if err != nil {
			return err
		}
		zero := currency.Zero(b.company)
		tb = TrialBalance{At: at, FiscalYear: fy, Total: TrialRow{Name: "Total", Debit: zero, Credit: zero, Balance: zero}}
		accounts, err := t.accountsList()
		if err != nil {
			return err
		}
		profit, loss, err := t.earlierResults(accounts, fy)
		if err != nil {
			return err
		}
		profitAt, lossAt := resultAccount(accounts, resultProfitClass), resultAccount(accounts, resultLossClass)
		earlier := TrialRow{Name: EarlierResultName, Debit: zero, Credit: zero}
		if profitAt == "" {
			earlier.Credit = profit
		}
		if lossAt == "" {
			earlier.Debit = loss
		}
		for _, a := range accounts {
			from := journal.Date{}
			if a.IsIncomeStatement() {
				from = fy.Start
			}
			s, err := t.sumAgg(a.Code, "", currency.Currency{}, from, at)
			if err != nil {
				return err
			}
			switch a.Code {
			case profitAt:
				s.Credit, err = s.Credit.Add(profit)
			case lossAt:
				s.Debit, err = s.Debit.Add(loss)
			}
			if err != nil {
				return err
			}
			if s.Debit.IsZero() && s.Credit.IsZero() {
				continue
			}
			if s.Balance, err = s.Debit.Sub(s.Credit); err != nil {
				return err
			}
			tb.Rows = append(tb.Rows, TrialRow{Account: a.Code, Name: a.Name, Debit: s.Debit, Credit: s.Credit, Balance: s.Balance})
		}
		if !earlier.Debit.IsZero() || !earlier.Credit.IsZero() {
			if earlier.Balance, err = earlier.Debit.Sub(earlier.Credit); err != nil {
				return err
			}
			tb.Rows = append(tb.Rows, earlier)
		}
		for _, r := range tb.Rows {
			if tb.Total.Debit, err = tb.Total.Debit.Add(r.Debit); err != nil {
				return err
			}
			if tb.Total.Credit, err = tb.Total.Credit.Add(r.Credit); err != nil {
				return err
			}
			if tb.Total.Balance, err = tb.Total.Balance.Add(r.Balance); err != nil {
				return err
			}
		}
		return nil
	})
	return tb, err
}

// EarlierResult is the result of the fiscal years before one, as
// TrialBalance shows it: computed, never posted.
type EarlierResult struct {
	// Profit is the sum of the earlier years' profits, Loss of their
	// losses, both ≥ 0: a year's result is its income less its expense,
	// whole, and years are not netted against each other.
	Profit, Loss currency.Amount
	// ProfitAccount and LossAccount are where they show: the book's first
	// account of class 120 and of class 129, "" when it has none.
	ProfitAccount, LossAccount string
}

// EarlierResult returns the result of the fiscal years before fy.
func (t *Tx) EarlierResult(fy FiscalYear) (EarlierResult, error) {
	accounts, err := t.accountsList()
	if err != nil {
		return EarlierResult{}, err
	}
	profit, loss, err := t.earlierResults(accounts, fy)
	return EarlierResult{Profit: profit, Loss: loss, ProfitAccount: resultAccount(accounts, resultProfitClass),
		LossAccount: resultAccount(accounts, resultLossClass)}, err
}

// earlierResults returns the sum of the profits (a credit, positive) and
// of the losses (a debit, positive) of the fiscal years before fy, each
// year's result its income less its expense: a year's result goes to 120
// or to 129 whole, as a closing entry would put it.
func (t *Tx) earlierResults(accounts []Account, fy FiscalYear) (profit, loss currency.Amount, err error) {
	profit, loss = currency.Zero(t.b.company), currency.Zero(t.b.company)
	years, err := t.FiscalYears()
	if err != nil {
		return profit, loss, err
	}
	var earlier []FiscalYear
	for _, y := range years {
		if y.End.Before(fy.Start) {
			earlier = append(earlier, y)
		}
	}
	if len(earlier) == 0 {
		return profit, loss, nil
	}
	results := make([]currency.Amount, len(earlier))
	for i := range results {
		results[i] = currency.Zero(t.b.company)
	}
	for _, a := range accounts {
		if !a.IsIncomeStatement() {
			continue
		}
		before := currency.Zero(t.b.company) // the account's balance at the end of the year before
		for i, y := range earlier {
			s, err := t.sumAgg(a.Code, "", currency.Currency{}, journal.Date{}, y.End)
			if err != nil {
				return profit, loss, err
			}
			moved, err := s.Balance.Sub(before)
			if err != nil {
				return profit, loss, err
			}
			if results[i], err = results[i].Add(moved); err != nil {
				return profit, loss, err
			}
			before = s.Balance
		}
	}
	for _, r := range results {
		if r.Sign() > 0 {
			loss, err = loss.Add(r)
		} else {
			profit, err = profit.Sub(r)
		}
		if err != nil {
			return profit, loss, err
		}
	}
	return profit, loss, nil
}

// resultAccount returns the first account of the chart in class, "" when
// the book has none.
func resultAccount(accounts []Account, class string) string {
	for _, a := range accounts {
		if strings.HasPrefix(a.Code, class) {
			return a.Code
		}
	}
	return ""
}

func (t *Tx) accountsList() ([]Account, error) {
	var out []Account
	err := t.st.Scan(bAccount, nil, nil, false, func(k, v []byte) error {
		a, err := t.decodeAccount(v)
		out = append(out, a)
		return err
	})
	return out, err
}

// OpenItem is a line of a reconcilable account that is not fully lettered.
type OpenItem struct {
	Ref      journal.LineRef   // the entry's id and the line's index
	Number   string            // the entry's printed number: "VT/2026/00042"
	Seq      uint64            // the entry's posting sequence
	Type     journal.EntryType // the entry's type
	EntryRef string            // the entry's external reference (Entry.Ref)
	// ReversalOf is the entry this line's entry reverses, NoID otherwise.
	ReversalOf journal.ID
	Journal    string          // the entry's journal
	Date       journal.Date    // the entry's accounting date
	DueDate    journal.Date    // the line's due date; zero if none
	Partner    string          // the line's partner code
	Label      string          // the line's label
	EntryLabel string          // the entry's label: what a listing shows of a line without its own
	Balance    currency.Amount // the line's balance
	Amount     currency.Amount // the line's currency amount
	Residual   Residual        // what remains to letter, never zero
	// DiscountOffer is the early-payment discount the item's invoice
	// offers, nil when it offers none (journal.Entry.DiscountOffer).
	DiscountOffer *journal.DiscountOffer

	// entry is the entry the item was read from, when its transaction
	// keeps them (Tx.openEntries): the lettering layer hands it to the
	// transaction that letters the line instead of decoding it again.
	entry *journal.Entry
}

// OpenItems returns the open items of a reconcilable account, for one
// partner or, with partner "", for all, in (partner, date, sequence) order.
// They come from the open-items index, not from a replay.
func (b *Book) OpenItems(ctx context.Context, account, partner string) ([]OpenItem, error) {
	return read(ctx, b, func(t *Tx) ([]OpenItem, error) { return t.OpenItems(account, partner) })
}

// OpenItems is Book.OpenItems inside a transaction.
func (t *Tx) OpenItems(account, partner string) ([]OpenItem, error) {
	a, err := t.Account(account)
	if err != nil {
		return nil, err
	}
	if !a.Reconcilable {
		return nil, fmt.Errorf("%w: %s", ErrNotReconcilable, account)
	}
	prefix := str(nil, account)
	if partner != "" {
		prefix = openPrefix(account, partner)
	}
	var out []OpenItem
	err = t.st.Scan(ixOpen, prefix, prefixEnd(prefix), false, func(k, v []byte) error {
		item, err := t.openItem(k)
		out = append(out, item)
		return err
	})
	return out, err
}

func (t *Tx) openItem(k []byte) (OpenItem, error) {
	seq, idx, ok := openKeyPos(k)
	if !ok {
		return OpenItem{}, fmt.Errorf("%w: open-item key %x", ErrFormat, k)
	}
	// The record is read in place, its line idx alone converted unless
	// the item carries its entry: the other lines' texts and amounts were
	// most of the reading's work.
	var r entryRec
	only := idx + 1
	if t.openEntries {
		only = 0
	}
	if err := t.logRecord(seq, &r, only); err != nil {
		return OpenItem{}, fmt.Errorf("open item: %w", err)
	}
	if idx >= len(r.Lines) {
		return OpenItem{}, fmt.Errorf("%w: open item line %d of the entry at sequence %d", ErrFormat, idx, seq)
	}
	var e journal.Entry
	var kept *journal.Entry
	if t.openEntries {
		var lines []journal.Line
		kept, lines = newEntryWithLines(len(r.Lines))
		if err := r.entryInto(kept, t.b.company, t.currencyOf, lines, 0); err != nil {
			return OpenItem{}, fmt.Errorf("open item: %w", err)
		}
		e = *kept // read below on the stack: kept goes to the heap anyway
	} else {
		t.itemLines = slices.Grow(t.itemLines[:0], len(r.Lines))
		if err := r.entryInto(&e, t.b.company, t.currencyOf, t.itemLines, only); err != nil {
			return OpenItem{}, fmt.Errorf("open item: %w", err)
		}
	}
	ref := e.LineRef(idx)
	res, err := t.readResidual(&e, idx, false) // once per line: nothing to keep
	if err != nil {
		return OpenItem{}, err
	}
	l := &e.Lines[idx]
	return OpenItem{Ref: ref, Number: e.Name(), Seq: e.Seq, Type: e.Type, EntryRef: e.Ref, ReversalOf: e.ReversalOf, Journal: e.Journal, Date: e.Date,
		DueDate: l.DueDate, Partner: l.Partner, Label: l.Label, EntryLabel: e.Label, Balance: l.Balance, Amount: l.AmountCurrency, Residual: res,
		DiscountOffer: e.DiscountOffer, entry: kept}, nil
}

// newEntryWithLines returns a new entry and room for its n lines, in one
// allocation when n is three or less (an invoice, a payment): an open
// item that carries its entry made two before. The room is exactly n
// lines: the one object's size class costs at most 32 bytes more than the
// two objects' (704 bytes against 672 for two lines).
func newEntryWithLines(n int) (*journal.Entry, []journal.Line) {
	switch n {
	case 1:
		p := new(struct {
			e     journal.Entry
			lines [1]journal.Line
		})
		return &p.e, p.lines[:]
	case 2:
		p := new(struct {
			e     journal.Entry
			lines [2]journal.Line
		})
		return &p.e, p.lines[:]
	case 3:
		p := new(struct {
			e     journal.Entry
			lines [3]journal.Line
		})
		return &p.e, p.lines[:]
	}
	return new(journal.Entry), make([]journal.Line, n)
}
