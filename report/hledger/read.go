package hledger

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/google/uuid"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/tax"
)

// ReadOptions configure Read.
type ReadOptions struct {
	// Journal is the journal of the transactions whose code does not start
	// with a journal of the book ("VT/2026/00001" goes to VT); "OD" when
	// empty. It must be a journal of the book.
	Journal string
	// Accounts maps hledger account names to the book's: "411000" or
	// "411000:C1" (an account and a partner). Names it does not map must
	// already be of that form.
	Accounts map[string]string
	// Commodities maps commodity symbols to currencies, before ISO 4217
	// codes, the book's units, and the defaults € EUR, $ USD, £ GBP and
	// ¥ JPY. The key "" is the currency of bare numbers, the company
	// currency by default.
	Commodities map[string]currency.Currency
	// BatchEntries is how many transactions one ledger.Book.PostBatch
	// posts, ledger.BatchEntriesMax when zero.
	BatchEntries int
	// AllowDuplicateRef posts supplier bills and credit notes whose
	// supplier already has one under the same reference, which the book
	// otherwise refuses (ledger.ErrDuplicateReference): a book whose
	// supplier really numbered two documents alike, read back from its
	// export.
	AllowDuplicateRef bool
}

// ReadSummary is what Read did.
type ReadSummary struct {
	Transactions      int // transactions read
	Posted            int // entries posted
	Replayed          int // entries already in the book with the same id and content
	AccountsAdded     int // accounts the input used that the book lacked, added
	PartnersAdded     int // partners the input used that the book lacked, added
	SkippedDirectives int // directives Read does not use (P, payee, tag…)
	Results           int // year-end result transactions of an export, skipped: the book computes them
	Assertions        int // balance assertions, not checked
}

// namespace seeds the ids Read makes for transactions without an "id:"
// comment.
var namespace = uuid.MustParse("6c8e2a34-5f0b-4d2e-9a51-3b7f0c1d9e42")

// Read reads an hledger journal from r and posts each transaction to b as
// an entry, for a migration. It reads the journals Write writes and the
// simple ones people keep by hand: dates YYYY-MM-DD, YYYY/MM/DD or
// YYYY.MM.DD, status marks, a code in parentheses, a description,
// comments, postings with the commodity before or after the quantity,
// one posting without an amount (inferred), "@" and "@@" costs in the
// company currency, account, commodity and decimal-mark directives (the
// last two, as in hledger, for the amounts after them, decimal-mark
// before commodity).
// Balance assertions are counted, not checked; other directives (P, D,
// payee, tag, periodic and auto transactions…) are skipped and counted,
// but include, alias and apply are refused because they change what other
// lines mean.
//
// Each transaction becomes an entry: its journal is the code's prefix
// ("VT" for "(VT/2026/00001)") when that is a journal of the book, else
// opts.Journal; its label the description, its reference and type the
// "ref:" and "type:" tags, its early-payment discount offer the
// "discount:" tag, its currency the "currency:" tag when none of its
// postings is in it (an exchange difference of 0,00 USD lines), its id
// the "id:" tag, or else an id
// derived from the transaction's position and text, so that reading the
// same file again replays instead of posting twice. Tags are read as
// hledger reads them, in the header's comment or the comment lines under
// it, with or without a space after the colon, several on a line
// separated by commas. A posting's own line's comment is its line's
// label; its "due:", "tax:" and "tax-role:" tags, on that line after the
// label or on comment lines under it, its due date and VAT. An account
// "411000:C1" is account 411000 with partner C1. A posting in another
// currency needs a cost in the company currency, which is its balance;
// a transaction in one foreign currency without costs is converted by the
// book at the rate of its date. Postings of zero (at cost) are dropped:
// the book keeps no line of nothing, and the export never writes one.
//
// Read parses the whole input and checks every transaction (syntax,
// balance, accounts, commodities, decimals, fiscal years, lock dates, the
// rates of the transactions the book converts, journals) before it writes
// anything. Then it adds the units of account the journal declares, and
// posts the entries in batches of opts.BatchEntries, each all or nothing,
// the first with the accounts missing from the chart (their kind from the
// French chart, else from the PCG class and the hledger type) and the
// partners missing (named by their account directive's "name:" comment):
// a first batch the book refuses leaves no account or partner behind. A
// batch the book refuses stops Read with a *LineError naming the
// transaction: earlier batches stay posted, and reading the fixed file
// again replays them.
//
// Errors: ErrEmpty, and wrapped in a *LineError ErrSyntax, ErrUnsupported,
// ErrUnbalanced, ErrAccount, ErrCommodity, ErrLineTooLong,
// ErrTooManyTransactions, currency.ErrPrecision for an amount with more
// decimals than its currency, or the book's refusal of a transaction;
// ledger.ErrUnknownJournal for opts.Journal; r's and the book's errors.
func Read(ctx context.Context, r io.Reader, b *ledger.Book, opts ReadOptions) (ReadSummary, error) {
	var sum ReadSummary
	if opts.Journal == "" {
		opts.Journal = "OD"
	}
	if opts.BatchEntries <= 0 || opts.BatchEntries > ledger.BatchEntriesMax {
		opts.BatchEntries = ledger.BatchEntriesMax
	}
	p, err := parse(r)
	if err != nil {
		return sum, err
	}
	n := len(p.txns)
	p.txns = slices.DeleteFunc(p.txns, func(t *txn) bool { return t.result })
	sum.Results = n - len(p.txns)
	sum.Transactions, sum.SkippedDirectives, sum.Assertions = len(p.txns), p.skipped, p.assertions
	im, err := newImport(ctx, b, p, opts)
	if err != nil {
		return sum, err
	}
	entries := make([]journal.Entry, len(p.txns))
	for i, t := range p.txns {
		if entries[i], err = im.entry(ctx, i, t); err != nil {
			return sum, err
		}
	}
	if err := im.check(ctx, entries); err != nil {
		return sum, err
	}
	if err := im.addUnits(ctx); err != nil {
		return sum, err
	}
	for from := 0; from < len(entries); from += opts.BatchEntries {
		to := min(from+opts.BatchEntries, len(entries))
		bo := ledger.BatchOptions{AllOrNothing: true, AllowDuplicateRef: opts.AllowDuplicateRef}
		var accounts, partners int
		if from == 0 {
			// The accounts and partners missing go in with the first
			// batch: a batch the book refuses takes them back.
			bo.Before = func(t *ledger.Tx) (err error) {
				accounts, partners, err = im.addMissing(t)
				return err
			}
		}
		res, err := b.PostBatch(ctx, entries[from:to], bo)
		if err != nil {
			return sum, err
		}
		if !slices.ContainsFunc(res, func(r ledger.PostResult) bool { return r.Err != nil }) {
			sum.AccountsAdded += accounts
			sum.PartnersAdded += partners
		}
		for i, r := range res {
			if r.Err != nil && !errors.Is(r.Err, ledger.ErrBatchAborted) {
				return sum, &LineError{Line: p.txns[from+i].line, Err: r.Err}
			}
		}
		for _, r := range res {
			if r.Replay {
				sum.Replayed++
			} else {
				sum.Posted++
			}
		}
	}
	return sum, nil
}

// importer turns parsed transactions into entries for one book.
type importer struct {
	b        *ledger.Book
	p        *parsed
	opts     ReadOptions
	company  currency.Currency
	journals map[string]bool // known journal codes
	units    map[string]currency.Currency
	newUnits []currency.Currency    // units the journal declares, to add
	accounts map[string]*newAccount // code → the account, existing or to add
	partners map[string]string      // code → name, partners to add
	known    map[string]bool        // partners of the book
	// lineNos are the input lines of each entry's lines, by entry.
	lineNos [][]int
}

// newAccount is an account of the input: in the book, or to add.
type newAccount struct {
	account ledger.Account
	exists  bool
}

func newImport(ctx context.Context, b *ledger.Book, p *parsed, opts ReadOptions) (*importer, error) {
	im := &importer{b: b, p: p, opts: opts, company: b.Currency(), journals: map[string]bool{},
		units: map[string]currency.Currency{}, accounts: map[string]*newAccount{}, partners: map[string]string{},
		known: map[string]bool{}}
	units, err := b.Units(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		im.units[u.Code()] = u
	}
	if _, err := b.Journal(ctx, opts.Journal); err != nil {
		return nil, err
	}
	return im, nil
}

// journalOf returns the journal of a transaction code.
func (im *importer) journalOf(ctx context.Context, code string) string {
	j, _, _ := strings.Cut(code, "/")
	if j == "" {
		return im.opts.Journal
	}
	known, seen := im.journals[j]
	if !seen {
		_, err := im.b.Journal(ctx, j)
		known = err == nil
		im.journals[j] = known
	}
	if known {
		return j
	}
	return im.opts.Journal
}

// entry builds the entry of transaction i.
func (im *importer) entry(ctx context.Context, i int, t *txn) (journal.Entry, error) {
	e := journal.Entry{Journal: im.journalOf(ctx, t.code), Date: t.date, Ref: t.ref, Label: t.desc}
	switch id, err := uuid.Parse(t.id); {
	case t.id == "":
		e.ID = uuid.NewSHA1(namespace, fmt.Appendf(nil, "%d\n%s", i, t.text.String()))
	case err != nil:
		return e, lineErr(t.line, ErrSyntax, "id %q", t.id)
	default:
		e.ID = id
	}
	if t.typ != "" {
		typ, ok := entryType(t.typ)
		if !ok {
			return e, lineErr(t.line, ErrSyntax, "entry type %q", t.typ)
		}
		e.Type = typ
	}
	lines, foreign, err := im.lines(t)
	if err != nil {
		return e, err
	}
	if !foreign.IsZero() {
		e.Currency = foreign
	}
	e.Lines = lines
	if t.discount != "" {
		cur := im.company
		if !foreign.IsZero() {
			cur = foreign
		}
		amount, until, ok := strings.Cut(t.discount, " until ")
		a, err := currency.Parse(cur, strings.TrimSpace(amount))
		if !ok || err != nil {
			return e, lineErr(t.discLine, ErrSyntax, "%s %q: want AMOUNT until DATE, the amount in %s", discountTag, t.discount, cur)
		}
		d, err := parseDate(strings.TrimSpace(until))
		if err != nil {
			return e, &LineError{Line: t.discLine, Err: err}
		}
		e.DiscountOffer = &journal.DiscountOffer{Amount: a, Until: d}
	}
	return e, nil
}

func entryType(s string) (journal.EntryType, bool) {
	for t := journal.EntryType(0); t.Valid(); t++ {
		if t.String() == s {
			return t, true
		}
	}
	return 0, false
}

// priced is a posting's amounts once its commodity is known.
type priced struct {
	qty  currency.Amount // zero Amount: inferred
	cost currency.Amount // the company balance, zero Amount when not given
}

// lines turns the postings into lines and returns the transaction's
// foreign currency (zero when none).
func (im *importer) lines(t *txn) ([]journal.Line, currency.Currency, error) {
	var foreign currency.Currency
	if t.cur != "" {
		// An entry in a currency none of its postings shows (an
		// exchange difference's 0,00 USD lines).
		c, err := currency.Lookup(strings.ToUpper(strings.TrimSpace(t.cur)))
		if err != nil {
			return nil, foreign, lineErr(t.line, ErrSyntax, "%s %q: %v", currencyTag, t.cur, err)
		}
		if c != im.company {
			foreign = c
		}
	}
	pr := make([]priced, len(t.postings))
	inferred := -1
	for i, p := range t.postings {
		if !p.amount.set {
			if inferred >= 0 {
				return nil, foreign, lineErr(p.line, ErrSyntax, "a second posting without an amount")
			}
			inferred = i
			continue
		}
		var err error
		if pr[i], err = im.price(p); err != nil {
			return nil, foreign, err
		}
		if c := pr[i].qty.Currency(); c != im.company {
			if !foreign.IsZero() && foreign != c {
				return nil, foreign, lineErr(p.line, ErrUnsupported, "a transaction in %s and %s", foreign, c)
			}
			foreign = c
		}
	}
	// Sum at cost in the company currency, and the foreign amounts
	// without a cost.
	sumC, sumF := currency.Zero(im.company), currency.Amount{}
	if !foreign.IsZero() {
		sumF = currency.Zero(foreign)
	}
	costed, uncosted := false, false
	for i := range pr {
		if i == inferred {
			continue
		}
		var err error
		switch {
		case pr[i].cost.IsSet():
			costed = true
			sumC, err = sumC.Add(pr[i].cost)
		case pr[i].qty.Currency() == im.company:
			sumC, err = sumC.Add(pr[i].qty)
		default:
			uncosted = true
			sumF, err = sumF.Add(pr[i].qty)
		}
		if err != nil {
			return nil, foreign, lineErr(t.line, ErrSyntax, "%v", err)
		}
	}
	if uncosted && (costed || !sumC.IsZero()) || uncosted && pr0HasCompany(pr, im.company, inferred) {
		return nil, foreign, lineErr(t.line, ErrUnbalanced, "it mixes %s and %s without a cost", im.company, foreign)
	}
	if inferred >= 0 {
		if uncosted {
			pr[inferred].qty = sumF.Neg()
		} else {
			pr[inferred].qty = sumC.Neg()
		}
	} else if !sumC.IsZero() || uncosted && !sumF.IsZero() {
		off := sumC
		if uncosted {
			off = sumF
		}
		return nil, foreign, lineErr(t.line, ErrUnbalanced, "its postings sum to %s", off)
	}
	lines := make([]journal.Line, 0, len(pr))
	nos := make([]int, 0, len(pr))
	for i, p := range t.postings {
		if q := pr[i]; q.qty.IsZero() && (!q.cost.IsSet() || q.cost.IsZero()) {
			continue // the book keeps no line of nothing
		}
		account, partner, err := im.resolveAccount(p)
		if err != nil {
			return nil, foreign, err
		}
		l := journal.Line{Account: account, Partner: partner, Label: p.label, DueDate: p.due}
		if p.tax != "" {
			t, err := tax.FrenchVATByID(p.tax)
			if err != nil {
				return nil, foreign, &LineError{Line: p.line, Err: err}
			}
			// The tax-role tag says a tax line; a file without it (an
			// older export) takes the line on the tax's account for it.
			l.Taxes, l.TaxRole = []tax.Tax{t}, tax.RoleBase
			if p.taxLine || t.TaxAccount(account) {
				l.TaxRole = tax.RoleTax
			}
		}
		q := pr[i]
		switch {
		case q.cost.IsSet():
			l.Balance, l.AmountCurrency = q.cost, q.qty
		case q.qty.Currency() == im.company:
			l.Balance = q.qty
			if foreign.IsZero() {
				l.AmountCurrency = q.qty
			} else {
				l.AmountCurrency = currency.Zero(foreign)
			}
		default:
			l.AmountCurrency = q.qty // the book converts it
		}
		lines = append(lines, l)
		nos = append(nos, p.line)
	}
	im.lineNos = append(im.lineNos, nos)
	return lines, foreign, nil
}

// pr0HasCompany reports whether a posting other than the inferred one is
// in the company currency.
func pr0HasCompany(pr []priced, company currency.Currency, inferred int) bool {
	for i := range pr {
		if i != inferred && !pr[i].cost.IsSet() && pr[i].qty.Currency() == company {
			return true
		}
	}
	return false
}

// price resolves a posting's amount and cost; the cost is returned signed
// as the quantity, as a company balance.
func (im *importer) price(p posting) (priced, error) {
	var out priced
	c, err := im.currency(p.line, p.amount.commodity)
	if err != nil {
		return out, err
	}
	if out.qty, err = im.number(p.line, c, p.amount); err != nil {
		return out, err
	}
	if !p.cost.set {
		return out, nil
	}
	cc, err := im.currency(p.line, p.cost.commodity)
	if err != nil {
		return out, err
	}
	if cc != im.company {
		return out, lineErr(p.line, ErrUnsupported, "a cost in %s, not in the book's %s", cc, im.company)
	}
	if c == im.company {
		return out, lineErr(p.line, ErrUnsupported, "a cost on an amount in the book's currency")
	}
	price, err := im.number(p.line, cc, rawAmount{number: p.cost.number, commodity: p.cost.commodity, spaced: p.cost.spaced, mark: p.cost.mark}) // unsigned
	if !p.costTotal {
		// A unit price: the cost is exact or refused, never rounded here.
		price, err = im.unitCost(p, c)
	}
	if err != nil {
		return out, err
	}
	if out.qty.Sign() < 0 {
		price = price.Neg()
	}
	out.cost = price
	return out, nil
}

// unitCost multiplies a posting's quantity by its unit price exactly.
func (im *importer) unitCost(p posting, c currency.Currency) (currency.Amount, error) {
	q, err := decimal(p.line, im.normalize(p.amount))
	if err != nil {
		return currency.Amount{}, err
	}
	u, err := decimal(p.line, im.normalize(p.cost))
	if err != nil {
		return currency.Amount{}, err
	}
	var prod apd.Decimal
	ctx := apd.BaseContext.WithPrecision(currency.AmountDigitsMax * 2)
	if _, err := ctx.Mul(&prod, q, u); err != nil {
		return currency.Amount{}, lineErr(p.line, ErrSyntax, "cost: %v", err)
	}
	prod.Abs(&prod)
	a, err := currency.FromDecimal(im.company, &prod)
	if err != nil {
		return currency.Amount{}, &LineError{Line: p.line, Err: fmt.Errorf("unit cost %s × %s: %w (write a total cost with @@)", q, u, err)}
	}
	return a, nil
}

func decimal(line int, s string) (*apd.Decimal, error) {
	d, _, err := apd.NewFromString(s)
	if err != nil {
		return nil, lineErr(line, ErrSyntax, "number %q", s)
	}
	return d, nil
}

// currency resolves a commodity symbol.
func (im *importer) currency(line int, sym string) (currency.Currency, error) {
	if c, ok := im.opts.Commodities[sym]; ok {
		return c, nil
	}
	if sym == "" {
		return im.company, nil
	}
	if c, err := currency.Lookup(sym); err == nil {
		return c, nil
	}
	if u, ok := im.units[sym]; ok {
		return u, nil
	}
	if code, ok := defaultSymbols[sym]; ok {
		return currency.MustLookup(code), nil
	}
	if digits, ok := im.p.digits[sym]; ok {
		// A unit of account the journal declares: added to the book with
		// the decimals its directive shows.
		u, err := currency.NewUnit(sym, digits)
		if err != nil {
			return currency.Currency{}, lineErr(line, ErrCommodity, "%q: %v", sym, err)
		}
		im.units[sym], im.newUnits = u, append(im.newUnits, u)
		return u, nil
	}
	return currency.Currency{}, lineErr(line, ErrCommodity, "%q", sym)
}

var defaultSymbols = map[string]string{"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY"}

// normalize returns a raw amount's number with a decimal point and no
// digit groups, signed. A number that shows both '.' and ',' is read by
// its own marks, the last one decimal, whatever the directives say (as
// hledger does: "1,000.00" is a thousand under `decimal-mark ,` too); so
// is one whose digits spaces group and that shows one mark ("1 000,50").
// Else the decimal mark is the one the directives before the amount give
// (rawAmount.mark: decimal-mark's, else its commodity directive's);
// without one, the one that appears once (as hledger reads an ambiguous
// mark); one that appears more than once groups digits ("1.000.000").
func (im *importer) normalize(a rawAmount) string {
	n := a.number
	var mark byte
	switch i := strings.LastIndexAny(n, ".,"); {
	case a.spaced && i >= 0 && strings.Count(n, ".")+strings.Count(n, ",") == 1:
		mark = n[i] // spaces group its digits: its one mark is decimal ("1 000,50")
	case !strings.Contains(n, ".") || !strings.Contains(n, ","):
		mark = a.mark
	}
	if mark == 0 {
		switch i := strings.LastIndexAny(n, ".,"); {
		case i < 0:
		case strings.Contains(n, ".") && strings.Contains(n, ","):
			mark = n[i]
		case strings.Count(n, n[i:i+1]) == 1:
			mark = n[i]
		case n[i] == '.':
			mark = ',' // "1.000.000": a mark written twice groups digits
		default:
			mark = '.'
		}
	}
	group := ","
	if mark == ',' {
		group = "."
	}
	n = strings.ReplaceAll(n, group, "")
	if mark == ',' {
		n = strings.Replace(n, ",", ".", 1)
	}
	if a.neg {
		n = "-" + n
	}
	return n
}

// number parses a raw amount in c; more decimals than c has is an error.
func (im *importer) number(line int, c currency.Currency, a rawAmount) (currency.Amount, error) {
	s := im.normalize(a)
	amt, err := currency.Parse(c, s)
	if err != nil {
		return currency.Amount{}, &LineError{Line: line, Err: fmt.Errorf("amount %s %s: %w", s, c, err)}
	}
	return amt, nil
}

// resolveAccount maps a posting's account name to an account code and a
// partner, and records the account and partner for adding.
func (im *importer) resolveAccount(p posting) (string, string, error) {
	name := p.account
	if m, ok := im.opts.Accounts[name]; ok {
		name = m
	}
	code, partner, _ := strings.Cut(name, ":")
	if !isAccountCode(code) || strings.Contains(partner, ":") || partner != "" && !isPartnerCode(partner) {
		return "", "", lineErr(p.line, ErrAccount, "%q is not an account code such as 411000 or 411000:C1", p.account)
	}
	if _, ok := im.accounts[code]; !ok {
		im.accounts[code] = &newAccount{account: im.accountFor(code)}
	}
	if partner != "" {
		if _, ok := im.partners[partner]; !ok {
			pn := im.p.accounts[p.account].name
			if pn == "" {
				pn = partner
			}
			im.partners[partner] = pn
		}
	}
	return code, partner, nil
}

// accountFor is the account Read adds for code if the book lacks it: the
// French chart's, else the account the chart makes of its code
// (ledger.AccountOfCode), else one of the kind its hledger type says.
func (im *importer) accountFor(code string) ledger.Account {
	decl := im.p.accounts[code]
	for _, a := range ledger.FrenchChart() {
		if a.Code == code {
			if decl.name != "" {
				a.Name = decl.name
			}
			return a
		}
	}
	name := decl.name
	if name == "" {
		name = code
	}
	a := ledger.AccountOfCode(code, name)
	if a.Kind == ledger.KindOther {
		// A prefix the French chart does not know: the hledger type says.
		switch decl.typ {
		case "E":
			a = ledger.NewAccount(code, name, ledger.KindEquity)
		case "R":
			a = ledger.NewAccount(code, name, ledger.KindIncome)
		case "X":
			a = ledger.NewAccount(code, name, ledger.KindExpense)
		case "C": // hledger's Cash: liquid assets, most often a bank
			a = ledger.NewAccount(code, name, ledger.KindBank)
		}
	}
	return a
}

// isAccountCode reports whether s names an account of the chart: a PCG
// code of digits, or an auxiliary code (411MARTIN) that a book created
// with ledger.Options.AuxiliaryCodes holds and writes.
func isAccountCode(s string) bool {
	if ledger.IsAuxiliaryCode(s) {
		return true
	}
	if len(s) < 3 || len(s) > 12 || s[0] < '1' || s[0] > '8' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isPartnerCode(s string) bool {
	if len(s) == 0 || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

// check finds what the book would refuse before anything is written:
// accounts and partners already there, inactive accounts, fiscal years,
// lock dates, the rates of transactions the book converts, receivable and
// payable lines without a partner, and every entry's own validity. A
// refusal found only at posting would leave the accounts and partners
// addMissing added.
func (im *importer) check(ctx context.Context, entries []journal.Entry) error {
	return im.b.View(ctx, func(t *ledger.Tx) error {
		locks, err := t.LockDates()
		if err != nil {
			return err
		}
		for code, na := range im.accounts {
			switch a, err := t.Account(code); {
			case err == nil:
				na.account, na.exists = a, true
			case !errors.Is(err, ledger.ErrUnknownAccount):
				return err
			}
		}
		for code := range im.partners {
			switch _, err := t.Partner(code); {
			case err == nil:
				im.known[code] = true
			case !errors.Is(err, ledger.ErrUnknownPartner):
				return err
			}
		}
		for i := range entries {
			e := &entries[i]
			line := im.p.txns[i].line
			if _, err := t.FiscalYear(e.Date); err != nil {
				return &LineError{Line: line, Err: err}
			}
			// An entry posted by an earlier import is a replay, whatever
			// the locks and rates say now.
			if _, err := t.Entry(e.ID); err == nil {
				continue
			} else if !errors.Is(err, ledger.ErrNotFound) {
				return err
			}
			touchesTax := false
			for j := range e.Lines {
				l := &e.Lines[j]
				na := im.accounts[l.Account]
				if l.Partner == "" && na.account.Kind.NeedsPartner() {
					return &LineError{Line: im.lineNos[i][j],
						Err: fmt.Errorf("%w: write the account as %s:PARTNER", ledger.ErrPartnerRequired, l.Account)}
				}
				if na.exists && !na.account.Active {
					return &LineError{Line: im.lineNos[i][j], Err: fmt.Errorf("%w: %s", ledger.ErrInactiveAccount, l.Account)}
				}
				touchesTax = touchesTax || na.account.Kind.TouchesTax() || l.TaxRole != tax.RoleNone
				// A transaction the book converts needs a rate on or
				// before its date.
				if !l.Balance.IsSet() && l.AmountCurrency.IsSet() && l.AmountCurrency.Currency() != im.company {
					if _, _, err := t.Rate(l.AmountCurrency.Currency(), e.Date); err != nil {
						return &LineError{Line: line, Err: err}
					}
				}
			}
			if err := locks.Refusal(e.Date, touchesTax); err != nil {
				return &LineError{Line: line, Err: err}
			}
			if !hasBalances(e) {
				continue // the book converts, then validates
			}
			if err := e.Validate(im.company); err != nil {
				return &LineError{Line: line, Err: err}
			}
		}
		return nil
	})
}

func hasBalances(e *journal.Entry) bool {
	for _, l := range e.Lines {
		if !l.Balance.IsSet() {
			return false
		}
	}
	return true
}

// addUnits adds the units of account the journal declares and the book
// lacks. They are the book's for good, as AddUnit says, even when the
// book then refuses a transaction.
func (im *importer) addUnits(ctx context.Context) error {
	for _, u := range im.newUnits {
		if err := im.b.AddUnit(ctx, u); err != nil {
			return err
		}
	}
	return nil
}

// addMissing adds the accounts and partners the book lacks, in the first
// batch's transaction.
func (im *importer) addMissing(t *ledger.Tx) (accounts, partners int, err error) {
	for _, na := range sortedAccounts(im.accounts) {
		if na.exists {
			continue
		}
		if err := t.AddAccount(na.account); err != nil {
			return accounts, partners, err
		}
		accounts++
	}
	for _, code := range sortedKeys(im.partners) {
		if im.known[code] {
			continue
		}
		if err := t.AddPartners(ledger.Partner{Code: code, Name: im.partners[code]}); err != nil {
			return accounts, partners, err
		}
		partners++
	}
	return accounts, partners, nil
}

func sortedAccounts(m map[string]*newAccount) []*newAccount {
	out := make([]*newAccount, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
