package reconcile

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// ErrAgeBuckets is returned for bucket bounds that are not positive and
// strictly ascending.
var ErrAgeBuckets = errors.New("reconcile: age bucket bounds must be positive and ascending")

// AgeBoundsDefault are the default overdue buckets: 1–30, 31–60, 61–90
// and more than 90 days past due.
var AgeBoundsDefault = []int{30, 60, 90}

// AgedQuery asks for an aged balance (balance âgée).
type AgedQuery struct {
	// Accounts are reconcilable accounts; none means every reconcilable
	// receivable account of the chart (411000, 413000, auxiliary 411…
	// accounts) and the reconciler's receivable account, as Odoo's and
	// Tryton's aged balances take every account of the receivable type.
	Accounts []string
	// Partners, when given, limits the balance to the lines of these
	// partners, on every account, each of which the book must know; lines
	// without a partner are then left out.
	Partners []string
	// At is the date the balance is taken at: an item counts by its
	// residual at the end of that day (partials dated later do not count).
	At journal.Date
	// ByDocumentDate ages items from their entry's date instead of their
	// due date. Either way a line without a due date ages from its
	// entry's date, as Odoo's aged balance reads an invoice with no
	// payment terms as due on its date: unlike Dunning and LatePenalties,
	// which count an invoice line without one due on its customer's
	// terms (or 30 days after its date), an aged balance shows how old
	// the debts are, not what may be claimed of them.
	ByDocumentDate bool
	// Bounds are the upper bounds, in days past due, of the overdue
	// buckets but the last (which is open-ended); none means
	// AgeBoundsDefault. Items not yet due come in a bucket of their own.
	Bounds []int
}

// AgeBucket is a column of an aged balance: days past due from From to To
// inclusive; To is -1 for the last, open-ended one. The first bucket,
// "not due", holds items due on or after the balance's date.
type AgeBucket struct {
	// From and To are the bucket's bounds in days past due, inclusive; To is
	// -1 for the open-ended last bucket.
	From, To int
	// Label is the column's heading: "not due", "1-30", "> 90".
	Label string
}

// AgedRow is one partner's open items on one account in one currency,
// spread over the buckets.
type AgedRow struct {
	// Account and Partner say whose open items the row holds: each line
	// counts under its own partner, on any account (a customer advance on
	// 419100 names its customer); Partner is empty for lines without one.
	Account, Partner string
	// Currency is the items' own currency; Amounts are in it. An
	// exchange difference or a revaluation of items in that currency
	// counts here, for nothing in Amounts and its value in Company. A
	// revaluation counts in the buckets of the items it revalues, those
	// dated on or before it (on its date, posted before it): each such
	// bucket then holds its items' currency amount at the revaluation's
	// closing rate, rounded bucket by bucket — the rate Revalue recorded
	// on its entry, or the book's rate on its date, whichever gives the
	// revaluation's total; one posted by hand at no such rate spreads its
	// items' value in proportion to their currency amounts. A cent the
	// rounded buckets lack to make that total goes to the bucket holding
	// the most of the currency. Items dated after a revaluation stay at
	// their book value. In a row whose currency amounts sum to zero (no
	// rate to value them by) revaluations count by their own date.
	Currency currency.Currency
	// Amounts are the residuals per bucket, signed: positive on the debit
	// side.
	Amounts []currency.Amount
	// Total is the sum of Amounts.
	Total currency.Amount
	// Company and CompanyTotal are the same in the company currency.
	Company []currency.Amount
	// CompanyTotal is the sum of Company.
	CompanyTotal currency.Amount
	// Items is how many open lines the row sums.
	Items int
}

// AgedBalance is the open items of receivable or payable accounts at a
// date, per partner, by how long they are past due. Company's buckets sum,
// per account, to the account's balance at that date.
type AgedBalance struct {
	// At is the date the balance is taken at.
	At journal.Date
	// ByDocumentDate says items were aged from their entry's date rather
	// than their due date.
	ByDocumentDate bool
	// Buckets are the columns, "not due" first; every Amounts and Company
	// has one amount per bucket.
	Buckets []AgeBucket
	// Rows come by account, partner, then currency.
	Rows []AgedRow
	// ByCurrency totals the rows per own currency, in currency order.
	ByCurrency []AgedRow
	// Company totals every row in the company currency per bucket.
	Company []currency.Amount
	// CompanyTotal is the sum of Company.
	CompanyTotal currency.Amount
	query        AgedQuery
}

// Aged returns the aged balance at q.At. It reads each account's lines up
// to that date (not only what is open today), so a past date is exact: a
// partial dated after it (a payment made later, lettered whenever) does
// not reduce what was due then. A partial is dated at the later of its
// two lines: a payment dated before the date reduces what was due then,
// even when it was lettered after.
//
// It returns journal.ErrNoDate without a date, ErrAgeBuckets, ErrScope for
// an account that is not reconcilable or that the book does not know
// (wrapping ledger.ErrUnknownAccount), an empty partner code or one the
// book does not know (wrapping ledger.ErrUnknownPartner: a mistyped code
// must not read as a partner who owes nothing), or the book's read errors.
func (r *Reconciler) Aged(ctx context.Context, q AgedQuery) (AgedBalance, error) {
	if q.At.IsZero() {
		return AgedBalance{}, fmt.Errorf("%w: an aged balance needs its date (AgedQuery.At)", journal.ErrNoDate)
	}
	bounds := q.Bounds
	if len(bounds) == 0 {
		bounds = AgeBoundsDefault
	}
	for i, b := range bounds {
		if b <= 0 || i > 0 && b <= bounds[i-1] {
			return AgedBalance{}, fmt.Errorf("%w: %v", ErrAgeBuckets, bounds)
		}
	}
	q.Bounds = slices.Clone(bounds)
	q.Partners = slices.Clone(q.Partners)
	slices.Sort(q.Partners)
	q.Partners = slices.Compact(q.Partners)
	for _, p := range q.Partners {
		if p == "" {
			return AgedBalance{}, fmt.Errorf("%w: an empty partner code; name partners, or none for all", ErrScope)
		}
	}
	company := r.book.Currency()
	out := AgedBalance{At: q.At, ByDocumentDate: q.ByDocumentDate, Buckets: agedBuckets(bounds)}
	out.Company = zeros(company, len(out.Buckets))
	out.CompanyTotal = currency.Zero(company)
	err := r.book.View(ctx, func(t *ledger.Tx) error {
		if len(q.Accounts) == 0 {
			codes, err := receivableAccounts(t)
			if err != nil {
				return err
			}
			q.Accounts = append(codes, r.cfg.Receivable)
		}
		// The accounts are named by now: the partners only get checked.
		accounts, err := scopeAccounts(t, &Scope{Accounts: q.Accounts, Partners: q.Partners})
		if err != nil {
			return err
		}
		// The balance's Scope letters exactly the accounts it shows.
		out.query = q
		out.query.Accounts = make([]string, len(accounts))
		for i, a := range accounts {
			out.query.Accounts[i] = a.Code
		}
		for _, a := range accounts {
			if err := ctx.Err(); err != nil {
				return err
			}
			rows := out.account(t, a, company, r.book.Rounding())
			n := 0
			keep := func(it ledger.OpenItem) error {
				if n++; n%4096 == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				rows.add(&it)
				return nil
			}
			if len(q.Partners) > 0 && a.Kind.NeedsPartner() {
				for _, p := range q.Partners {
					if err := t.EachOpenItemAt(a.Code, p, q.At, keep); err != nil {
						return err
					}
				}
			} else if err := t.EachOpenItemAt(a.Code, "", q.At, func(it ledger.OpenItem) error {
				if len(q.Partners) > 0 {
					// Lines count under their own partner on every
					// account (see agedRows): naming partners keeps
					// theirs only.
					if _, found := slices.BinarySearch(q.Partners, it.Partner); !found {
						return nil
					}
				}
				return keep(it)
			}); err != nil {
				return err
			}
			if err := rows.done(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return AgedBalance{}, err
	}
	slices.SortFunc(out.ByCurrency, func(a, b AgedRow) int { return cmpString(a.Currency.Code(), b.Currency.Code()) })
	return out, nil
}

// receivableAccounts returns the codes of the chart's reconcilable
// receivable accounts, the accounts an aged balance covers by default.
func receivableAccounts(t *ledger.Tx) ([]string, error) {
	all, err := t.Accounts()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, a := range all {
		if a.Kind == ledger.KindReceivable && a.Reconcilable {
			out = append(out, a.Code)
		}
	}
	return out, nil
}

func agedBuckets(bounds []int) []AgeBucket {
	out := []AgeBucket{{From: -1 << 31, To: 0, Label: "not due"}}
	from := 1
	for _, b := range bounds {
		out = append(out, AgeBucket{From: from, To: b, Label: fmt.Sprintf("%d-%d", from, b)})
		from = b + 1
	}
	return append(out, AgeBucket{From: from, To: -1, Label: fmt.Sprintf("> %d", from-1)})
}

func zeros(c currency.Currency, n int) []currency.Amount {
	out := make([]currency.Amount, n)
	for i := range out {
		out[i] = currency.Zero(c)
	}
	return out
}

// bucket returns the bucket of an item days past due.
func (a *AgedBalance) bucket(days int) int {
	if days <= 0 {
		return 0
	}
	last := len(a.Buckets) - 1
	for i := 1; i < last; i++ {
		if days <= a.Buckets[i].To {
			return i
		}
	}
	return last
}

// agedRows spreads one account's open items over rows per (partner,
// currency), item by item: the account's items are never all held.
type agedRows struct {
	a        *AgedBalance
	acct     ledger.Account
	company  currency.Currency
	rounding currency.Rounding
	rows     map[agedKey]*AgedRow
	// t reads what a revaluation recorded of its rate.
	t *ledger.Tx
	// revalued holds, per row and in the order they come, the revaluation
	// lines (a closing's, open on its date; one posted by hand and never
	// reversed) that done spreads over the buckets of the items they
	// revalue.
	revalued map[agedKey][]agedRevaluation
}

// agedRevaluation is the revaluation lines of one row and date, with the
// row's items that came before them: those they revalue. The items come
// in (date, sequence) order, so these are the items dated on or before
// the revaluation (on its date, posted before it), and the row's running
// sums when its line comes are theirs: no item is held.
type agedRevaluation struct {
	date journal.Date
	// entries are the revaluation entries, in the order posted: the last
	// one's rate is the one their sum brings the items to.
	entries []journal.ID
	// bucket is the bucket of date, where the lines count when there is
	// nothing to spread them over.
	bucket int
	// amount is the lines' company residual.
	amount currency.Amount
	// own and book are, per bucket, the items' residuals in the row's
	// currency and in the company currency (revaluations not included).
	own, book []currency.Amount
}

type agedKey struct {
	partner string
	cur     currency.Currency
}

// account starts the rows of one account.
func (a *AgedBalance) account(t *ledger.Tx, acct ledger.Account, company currency.Currency, rounding currency.Rounding) *agedRows {
	return &agedRows{a: a, acct: acct, company: company, rounding: rounding, rows: map[agedKey]*AgedRow{}, t: t,
		revalued: map[agedKey][]agedRevaluation{}}
}

// add counts one open item in its row and bucket.
func (x *agedRows) add(it *ledger.OpenItem) {
	a := x.a
	// A line in a foreign currency that moves only its company value (an
	// exchange difference, a revaluation) counts in its currency's row,
	// nothing in that currency and its company amount: it is part of what
	// the partner's position in that currency is worth, and the row then
	// agrees with the account's balance in that currency.
	cur, own := it.Amount.Currency(), it.Residual.AmountCurrency
	// Each line counts under its own partner, whatever the account's
	// kind: an advance account's lines name their customers, and folding
	// them into one row would hide who is owed what.
	k := agedKey{it.Partner, cur}
	row := x.rows[k]
	if row == nil {
		row = &AgedRow{Account: x.acct.Code, Partner: it.Partner, Currency: cur, Amounts: zeros(cur, len(a.Buckets)),
			Total: currency.Zero(cur), Company: zeros(x.company, len(a.Buckets)), CompanyTotal: currency.Zero(x.company)}
		x.rows[k] = row
	}
	from := it.DueDate
	if a.ByDocumentDate || from.IsZero() {
		from = it.Date
	}
	b := a.bucket(a.At.DaysSince(from))
	row.Amounts[b] = mustAdd(row.Amounts[b], own)
	row.Total = mustAdd(row.Total, own)
	row.CompanyTotal = mustAdd(row.CompanyTotal, it.Residual.Balance)
	row.Items++
	if it.Type == journal.TypeRevaluation && cur != x.company && own.IsZero() {
		// A closing revalues the partner's items in that currency
		// together: its line belongs where they are past due, not in
		// the bucket of the closing date (done spreads it).
		held := x.revalued[k]
		if n := len(held); n > 0 && held[n-1].date == it.Date {
			// One date's lines (a closing's two sides, a run again at a
			// corrected rate) revalue the same items, together.
			last := &held[n-1]
			last.amount = mustAdd(last.amount, it.Residual.Balance)
			if !slices.Contains(last.entries, it.Ref.Entry) {
				last.entries = append(last.entries, it.Ref.Entry)
			}
			last.own, last.book = slices.Clone(row.Amounts), slices.Clone(row.Company)
			return
		}
		x.revalued[k] = append(held, agedRevaluation{date: it.Date, entries: []journal.ID{it.Ref.Entry}, bucket: b,
			amount: it.Residual.Balance, own: slices.Clone(row.Amounts), book: slices.Clone(row.Company)})
		return
	}
	row.Company[b] = mustAdd(row.Company[b], it.Residual.Balance)
}

// spreadRevaluation counts a row's revaluation lines in the buckets of the
// items they revalue, oldest first, each over the items dated on or before
// it (see agedRevaluation): a revaluation cannot revalue an item that did
// not exist, and an item posted after it stays at its book value. A row
// whose currency amounts sum to zero counts them by their own date.
func (x *agedRows) spreadRevaluation(row *AgedRow, held []agedRevaluation) error {
	spread := zeros(x.company, len(row.Company))
	for i := range held {
		r := &held[i]
		if row.Total.IsZero() {
			spread[r.bucket] = mustAdd(spread[r.bucket], r.amount)
			continue
		}
		if err := x.spreadOne(r, row.Currency, spread); err != nil {
			return err
		}
	}
	for b := range spread {
		row.Company[b] = mustAdd(row.Company[b], spread[b])
	}
	return nil
}

// spreadOne adds to spread, per bucket, the share of one date's
// revaluation lines: what brings each bucket's items, as the earlier
// revaluations (in spread) left them, to their currency amount at the
// closing rate, each bucket rounded at that rate. The rate is the one the
// revaluation recorded (Revalue records it on its entries), else the
// book's rate on its date, provided it values the items at what they hold
// with the revaluation — round(Σ own / rate) is their book value plus the
// lines, as Revalue computed it —, so that the buckets never take a rate
// the revaluation did not use. Without such a rate (a revaluation posted
// by hand), the items' value (book plus lines) is spread in proportion to
// their currency amounts, each share rounded once from the exact
// fraction. The cents rounding leaves, if the rounded buckets do not sum
// to that value, go to the bucket holding the most of the currency. Items
// whose currency amounts sum to zero have no such rate: the lines then
// count by their own date.
func (x *agedRows) spreadOne(r *agedRevaluation, cur currency.Currency, spread []currency.Amount) error {
	foreign, value := currency.Zero(cur), r.amount
	now := make([]currency.Amount, len(r.book)) // the items' company value per bucket
	most := -1
	for b := range r.book {
		now[b] = mustAdd(r.book[b], spread[b])
		foreign = mustAdd(foreign, r.own[b])
		value = mustAdd(value, now[b])
		if !r.own[b].IsZero() && (most < 0 || mustCmp(r.own[b].Abs(), r.own[most].Abs()) > 0) {
			most = b
		}
	}
	byDate := func() { spread[r.bucket] = mustAdd(spread[r.bucket], r.amount) }
	if foreign.IsZero() {
		byDate()
		return nil
	}
	rate, found, err := x.closingRate(r, cur, foreign, value)
	if err != nil {
		return err
	}
	left := value
	shares := zeros(x.company, len(now))
	for b, own := range r.own {
		target := currency.Zero(x.company)
		if !own.IsZero() {
			if found {
				target, err = fits(rate.ToCompany(own, x.company, x.rounding))
			} else {
				target, err = fits(currency.MulDiv(own, value, foreign, x.company, x.rounding))
			}
			if err != nil {
				byDate()
				return nil
			}
		}
		shares[b] = mustSub(target, now[b])
		left = mustSub(left, target)
	}
	shares[most] = mustAdd(shares[most], left)
	for b := range shares {
		spread[b] = mustAdd(spread[b], shares[b])
	}
	return nil
}

// closingRate returns the rate a revaluation brought its items to: the
// last one recorded on its entries, else the book's rate on its date, the
// first that values foreign at value (see spreadOne); found is false when
// none does.
func (x *agedRows) closingRate(r *agedRevaluation, cur currency.Currency, foreign, value currency.Amount) (rate currency.Rate, found bool, err error) {
	var rates []currency.Rate
	for _, id := range slices.Backward(r.entries) {
		recorded, err := revaluationRates(x.t, id, cur)
		if err != nil {
			return rate, false, err
		}
		rates = append(rates, recorded...)
	}
	switch book, _, err := x.t.Rate(cur, r.date); {
	case err == nil:
		rates = append(rates, book)
	case !errors.Is(err, ledger.ErrNoRate):
		return rate, false, err
	}
	for _, rate := range rates {
		if v, err := rate.ToCompany(foreign, x.company, x.rounding); err == nil && v.Equal(value) {
			return rate, true, nil
		}
	}
	return rate, false, nil
}

// done appends the account's rows to the balance, by partner then
// currency, and adds them to its totals. It returns the book's read
// errors.
func (x *agedRows) done() error {
	order := make([]agedKey, 0, len(x.rows))
	for k := range x.rows {
		order = append(order, k)
	}
	slices.SortFunc(order, func(p, q agedKey) int {
		if c := cmpString(p.partner, q.partner); c != 0 {
			return c
		}
		return cmpString(p.cur.Code(), q.cur.Code())
	})
	for _, k := range order {
		row := x.rows[k]
		if held := x.revalued[k]; held != nil {
			if err := x.spreadRevaluation(row, held); err != nil {
				return err
			}
		}
		x.a.Rows = append(x.a.Rows, *row)
		x.a.total(row)
	}
	return nil
}

// total adds a row to the per-currency and company totals.
func (a *AgedBalance) total(row *AgedRow) {
	var t *AgedRow
	for i := range a.ByCurrency {
		if a.ByCurrency[i].Currency == row.Currency {
			t = &a.ByCurrency[i]
		}
	}
	if t == nil {
		company := row.CompanyTotal.Currency()
		a.ByCurrency = append(a.ByCurrency, AgedRow{Currency: row.Currency, Amounts: zeros(row.Currency, len(a.Buckets)),
			Total: currency.Zero(row.Currency), Company: zeros(company, len(a.Buckets)), CompanyTotal: currency.Zero(company)})
		t = &a.ByCurrency[len(a.ByCurrency)-1]
	}
	for b := range a.Buckets {
		t.Amounts[b] = mustAdd(t.Amounts[b], row.Amounts[b])
		t.Company[b] = mustAdd(t.Company[b], row.Company[b])
		a.Company[b] = mustAdd(a.Company[b], row.Company[b])
	}
	t.Total = mustAdd(t.Total, row.Total)
	t.CompanyTotal = mustAdd(t.CompanyTotal, row.CompanyTotal)
	t.Items += row.Items
	a.CompanyTotal = mustAdd(a.CompanyTotal, row.CompanyTotal)
}

// Scope is the lettering scope of the balance's accounts and partners:
// batch-letter what it shows with AutoLetter. With partners, it letters
// only their lines, on accounts lettered across partners too (see
// Scope.Partners). It has no dates: a line dated after the balance's
// date is lettered with what the balance shows, as today's book stands.
func (a *AgedBalance) Scope() Scope {
	return Scope{Accounts: slices.Clone(a.query.Accounts), Partners: slices.Clone(a.query.Partners), All: true}
}

// Scope is the lettering scope of one row: its partner's lines on its
// account (for a row without a partner, the whole account), in its
// currency. Like AgedBalance.Scope, it has no dates.
func (row *AgedRow) Scope() Scope {
	s := Scope{Accounts: []string{row.Account}, Currency: row.Currency}
	if row.Partner != "" {
		s.Partners = []string{row.Partner}
	}
	return s
}

// String renders the balance as a text table, amounts the French way, one
// line per row in its own currency, then the totals in the company
// currency.
func (a AgedBalance) String() string {
	var b strings.Builder
	basis := "due date"
	if a.ByDocumentDate {
		basis = "document date"
	}
	fmt.Fprintf(&b, "Aged balance at %s (days past %s)\n", a.At.French(), basis)
	const w = 13
	b.WriteString(currency.PadRight("account", 9) + currency.PadRight("partner", 11))
	for _, k := range a.Buckets {
		b.WriteString(currency.PadLeft(k.Label, w))
	}
	b.WriteString(currency.PadLeft("total", w) + "\n")
	line := func(acct, partner string, amounts []currency.Amount, total currency.Amount) {
		b.WriteString(currency.PadRight(acct, 9) + currency.PadRight(partner, 11))
		for _, x := range amounts {
			b.WriteString(currency.PadLeft(currency.FrenchNumber(x), w))
		}
		b.WriteString(currency.PadLeft(currency.FrenchNumber(total), w))
		if c := total.Currency(); c != a.CompanyTotal.Currency() {
			b.WriteString(" " + c.Code())
		}
		b.WriteString("\n")
	}
	for _, r := range a.Rows {
		line(r.Account, r.Partner, r.Amounts, r.Total)
	}
	line("total", a.CompanyTotal.Currency().Code(), a.Company, a.CompanyTotal)
	return b.String()
}
