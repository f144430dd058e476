package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/tax"
)

// The CSV entry format, one record per line of an entry (see the package
// documentation): without a header, the columns are csvDefaultColumns in
// this order; a first record whose first field is "date" is a header
// naming the columns, in any order, from csvKnownColumns.
var (
	csvDefaultColumns = []string{"date", "journal", "ref", "label", "account", "partner", "debit", "credit", "currency", "amount_currency"}
	csvKnownColumns   = []string{"entry", "date", "journal", "ref", "type", "label", "account", "partner", "due", "debit", "credit", "currency", "amount_currency", "tax", "tax_role",
		"discount", "discount_until", "entry_label", "letter", "letter_date", "generated"}
	csvRequired = []string{"date", "journal", "account", "debit", "credit"}
)

// csvLetterColumn is the index of the letter column in csvKnownColumns,
// letter_date's the next.
var csvLetterColumn = slices.Index(csvKnownColumns, "letter")

// csvGenerated is the generated column of an entry the lettering posted.
const csvGenerated = "yes"

// csvProblemsShown is how many bad lines an import prints; the others are
// counted.
const csvProblemsShown = 100

// csvNamespace derives the ids of imported entries from their content, so
// that importing the same file again replays instead of posting twice.
var csvNamespace = uuid.MustParse("0b5f3a52-6c1e-4d7e-9a51-6c6574747261")

// csvProblem is a bad line of an import file.
type csvProblem struct {
	Line   int    `json:"line"`
	Last   int    `json:"last_line,omitempty"` // the entry's last line, for a problem of a whole entry
	Entry  string `json:"entry,omitempty"`
	Reason string `json:"reason"`
}

func (p csvProblem) String() string {
	where := fmt.Sprintf("line %d", p.Line)
	if p.Last > p.Line {
		where = fmt.Sprintf("lines %d-%d", p.Line, p.Last)
	}
	if p.Entry != "" {
		where += fmt.Sprintf(" (entry %s)", p.Entry)
	}
	return where + ": " + p.Reason
}

// csvEntry is an entry read from the file with the file lines of its lines.
type csvEntry struct {
	key   string
	lines []int // the file line of each entry line
	entry journal.Entry
	typed bool // the file gave its type
	bad   bool
	// offers are the discount offers its lines give, as written: read in
	// the entry's currency once all its lines are (readOffers).
	offers []csvOffer
	// letters are the letter codes of its lines, "" for a line the file
	// does not letter.
	letters []string
	// letterDates are the letter_date of its lines, zero where the file
	// gives none.
	letterDates []journal.Date
	// generated is set when the file says the lettering posted it.
	generated bool
	// cluster is, for a regenerated entry, the letter codes whose
	// lettering posts it anew (nil when the file has none: it is imported
	// as written).
	cluster *csvLetterCluster
	// onMove is set for a cash-basis entry a receipt on the doubtful
	// customers' account made due (csvLettering.receivedOnMove).
	onMove bool
	// impairment is, for an impairment entry marked generated, the run of
	// them the import posts anew by bringing the customer's impairment to
	// what the file holds after it.
	impairment *csvImpairRun
}

// regenerated reports whether the entry is one that lettering its lines
// again posts anew: an exchange difference, cash-basis entry, write-off
// or early-payment discount the lettering posted, or a bad debt written
// off on an invoice or a debt moved to doubtful customers, left out of
// the import.
func (e *csvEntry) regenerated() bool {
	return e.generated && (e.entry.Type == journal.TypeExchangeDifference || e.entry.Type == journal.TypeCashBasis ||
		e.badDebt() || e.doubtful() || e.writeOff() || e.discount())
}

// The accounts 'lettrage letter --write-off' writes a difference off to:
// the command's reconciler keeps the default accounts.
const (
	csvWriteOffLoss = "658000"
	csvWriteOffGain = "758000"
)

// csvDoubtfulAccount is the account 'lettrage doubtful' moves a debt to:
// the command's reconciler keeps the default accounts.
const csvDoubtfulAccount = "416000"

// doubtful reports whether the entry has the shape of a debt moved to
// doubtful customers ('lettrage doubtful'): a misc entry marked generated
// naming the invoice in its ref, its first half of lines on the doubtful
// customers' account, its second half, lettered, off the receivable
// account, all of one partner.
func (e *csvEntry) doubtful() bool {
	n := len(e.entry.Lines)
	if !e.generated || e.entry.Type != journal.TypeMisc || e.entry.Ref == "" || n == 0 || n%2 != 0 {
		return false
	}
	for i, l := range e.entry.Lines {
		if l.Partner == "" || l.Partner != e.entry.Lines[0].Partner || (i < n/2) != (l.Account == csvDoubtfulAccount) {
			return false
		}
		if i >= n/2 && (i >= len(e.letters) || e.letters[i] == "") {
			return false
		}
	}
	return true
}

// writeOff reports whether the entry has the shape of a difference a
// lettering wrote off ('lettrage letter --write-off', 'lettrage auto'): a
// write-off entry marked generated, naming no invoice, with one line on
// the write-off loss or gain account that is not lettered and its other
// lines lettered. A statement line's difference settled to another
// account (bank fees) is imported as written.
func (e *csvEntry) writeOff() bool {
	if !e.generated || e.entry.Type != journal.TypeWriteOff || e.entry.Ref != "" {
		return false
	}
	n := 0
	for i, l := range e.entry.Lines {
		lettered := i < len(e.letters) && e.letters[i] != ""
		switch {
		case (l.Account == csvWriteOffLoss || l.Account == csvWriteOffGain) && !lettered:
			n++
		case !lettered:
			return false
		}
	}
	return n == 1
}

// discount reports whether the entry has the shape of an early-payment
// discount a payment took: a discount entry marked generated, naming its
// invoice in ref, whose first line (the customer's or supplier's) is
// lettered.
func (e *csvEntry) discount() bool {
	return e.generated && e.entry.Type == journal.TypeDiscount && e.entry.Ref != "" && len(e.letters) > 0 && e.letters[0] != ""
}

// badDebt reports whether the entry has the shape of a bad debt written
// off ('lettrage baddebt'): a write-off entry marked generated naming the
// invoice it writes off in its ref. The write-offs a lettering posts
// name none.
func (e *csvEntry) badDebt() bool {
	return e.generated && e.entry.Type == journal.TypeWriteOff && e.entry.Ref != ""
}

// csvOffer is a line's discount and discount_until fields.
type csvOffer struct {
	line          int
	amount, until string
}

func (e *csvEntry) first() int { return e.lines[0] }
func (e *csvEntry) last() int  { return e.lines[len(e.lines)-1] }

// csvReader reads entries from an import file.
type csvReader struct {
	company  currency.Currency
	cols     map[string]int
	entries  []*csvEntry
	problems []csvProblem
	seen     map[string]*csvEntry // by group key
	// headerless is set for a file without a header: the columns are
	// csvDefaultColumns.
	headerless bool
}

// readCSVEntries reads every entry of r. Entries with a bad line are
// marked bad, with their problems; the file is read to its end so that
// every bad line is reported.
func readCSVEntries(r io.Reader, sep rune, company currency.Currency) ([]*csvEntry, []csvProblem, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, err
	}
	// A byte order mark, as Excel and LibreOffice write "CSV UTF-8", is no
	// text of the first field.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if len(bytes.TrimSpace(data)) == 0 {
		// Nothing at all, not even the header: not an entries file (a
		// file emptied by mistake, or the wrong one), not zero entries.
		return nil, nil, errors.New("an empty file: no header, no entry")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sep
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	rd := &csvReader{company: company, seen: map[string]*csvEntry{}}
	var lines [][]byte // the file's lines, split at the first line CSV cannot read
	header := true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if header {
				return nil, nil, fmt.Errorf("line %d: %w", pe.Line, pe.Err)
			}
			// The record cannot be read as CSV: its entry, read leniently
			// from its text, is bad whole. One that cannot be told stops
			// the import: skipping it could post part of an entry. So does
			// one over several lines: a quote left open takes the lines
			// after it, of other entries maybe, into its own.
			key, ok := "", false
			if pe.StartLine == pe.Line {
				if lines == nil {
					lines = bytes.Split(data, []byte("\n")) // once: a file of many bad lines is read in linear time
				}
				key, ok = rd.keyOf(lenientRecord(lines, sep, pe.StartLine, pe.Line))
			}
			if !ok {
				return nil, nil, fmt.Errorf("line %d: %w (and which lines and entry it takes cannot be told: fix the file)", pe.StartLine, pe.Err)
			}
			rd.badRecord(pe.StartLine, key, pe.Err.Error())
			continue
		} else if err != nil {
			return nil, nil, err
		}
		if emptyRecord(rec) {
			// A spreadsheet's cleared row, written as separators only
			// (";;;;;;;"): no line of any entry, as a blank line is not.
			continue
		}
		line, _ := cr.FieldPos(0)
		if header {
			header = false
			if isHeader(rec) {
				if err := rd.header(rec); err != nil {
					return nil, nil, fmt.Errorf("line %d: %w", line, err)
				}
				continue
			}
			rd.cols, rd.headerless = map[string]int{}, true
			for i, c := range csvDefaultColumns {
				rd.cols[c] = i
			}
		}
		rd.record(line, rec)
	}
	rd.readOffers()
	slices.SortStableFunc(rd.problems, func(a, b csvProblem) int { return a.Line - b.Line })
	return rd.entries, rd.problems, nil
}

// emptyRecord reports whether every field of rec is empty or spaces.
func emptyRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// isHeader reports whether rec is a header: its first field the column
// name "date" (or "entry", the export's first), or every field a column
// name, "date" among them. A header naming a column the format does not
// know is a header all the same, refused by header: read as data its
// columns would be taken in the default order.
func isHeader(rec []string) bool {
	name := func(f string) string { return strings.ToLower(strings.TrimSpace(strings.TrimPrefix(f, "\ufeff"))) }
	if len(rec) > 0 && (name(rec[0]) == "date" || name(rec[0]) == "entry") {
		return true
	}
	date := false
	for _, f := range rec {
		if !slices.Contains(csvKnownColumns, name(f)) {
			return false
		}
		date = date || name(f) == "date"
	}
	return date
}

// lenientRecord is the record of lines first to last of the file's lines read with
// lazy quotes (a quote inside a field taken as written); nil when even
// so it cannot be read.
func lenientRecord(lines [][]byte, sep rune, first, last int) []string {
	if first < 1 || last > len(lines) || first > last {
		return nil
	}
	cr := csv.NewReader(bytes.NewReader(bytes.Join(lines[first-1:last], []byte("\n"))))
	cr.Comma, cr.LazyQuotes, cr.FieldsPerRecord = sep, true, -1
	rec, err := cr.Read()
	if err != nil {
		return nil
	}
	return rec
}

// keyOf is the group key of record rec (see record), and whether it has
// one.
func (rd *csvReader) keyOf(rec []string) (string, bool) {
	if rec == nil {
		return "", false
	}
	if _, ok := rd.cols["entry"]; ok {
		k := rd.field(rec, "entry")
		return k, k != ""
	}
	if rd.field(rec, "ref") == "" {
		return "", false
	}
	return rd.field(rec, "journal") + " " + rd.field(rec, "ref"), true
}

// badRecord records a record of entry key, at line, that cannot be read:
// its entry is bad whole, whether it began before it or after.
func (rd *csvReader) badRecord(line int, key, reason string) {
	rd.problems = append(rd.problems, csvProblem{Line: line, Reason: reason})
	cur := rd.current()
	if cur != nil && cur.key == key {
		cur.lines, cur.bad = append(cur.lines, line), true
		return
	}
	if prev, ok := rd.seen[key]; ok {
		prev.bad = true
		return
	}
	e := &csvEntry{key: key, lines: []int{line}, bad: true}
	rd.entries = append(rd.entries, e)
	rd.seen[key] = e
}

func (rd *csvReader) current() *csvEntry {
	if len(rd.entries) == 0 {
		return nil
	}
	return rd.entries[len(rd.entries)-1]
}

// header reads the column names of a header record.
func (rd *csvReader) header(rec []string) error {
	rd.cols = map[string]int{}
	for i, f := range rec {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(f, "\ufeff")))
		known := false
		for _, k := range csvKnownColumns {
			known = known || k == name
		}
		if !known {
			return fmt.Errorf("unknown column %q (known: %s)", name, strings.Join(csvKnownColumns, ", "))
		}
		if _, dup := rd.cols[name]; dup {
			return fmt.Errorf("column %q twice", name)
		}
		rd.cols[name] = i
	}
	for _, r := range csvRequired {
		if _, ok := rd.cols[r]; !ok {
			return fmt.Errorf("no column %q", r)
		}
	}
	if _, ok := rd.cols["entry"]; !ok {
		if _, ok := rd.cols["ref"]; !ok {
			return errors.New(`no column "entry" or "ref" to group lines into entries`)
		}
	}
	return nil
}

// field returns the named column of rec, "" when absent.
func (rd *csvReader) field(rec []string, name string) string {
	i, ok := rd.cols[name]
	if !ok || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// record adds one line to the current entry or starts a new one.
func (rd *csvReader) record(line int, rec []string) {
	bad := func(format string, args ...any) {
		rd.problems = append(rd.problems, csvProblem{Line: line, Reason: fmt.Sprintf(format, args...)})
	}
	key, _ := rd.keyOf(rec)
	cur := rd.current()
	if cur == nil || cur.key != key || key == "" {
		if prev, ok := rd.seen[key]; ok && key != "" {
			bad("entry %q started at line %d and another came between: the lines of an entry must follow one another", key, prev.first())
			prev.bad = true
			return
		}
		cur = &csvEntry{key: key}
		rd.entries = append(rd.entries, cur)
		rd.seen[key] = cur
	}
	cur.lines = append(cur.lines, line)
	before := len(rd.problems)
	defer func() {
		if len(rd.problems) > before {
			cur.bad = true
		}
	}()
	if key == "" {
		bad("no ref: the lines of an entry are grouped by their ref (or an entry column)")
	}
	if rd.headerless && (len(rec) < 8 || len(rec) > len(csvDefaultColumns)) {
		bad("%d fields, want 8 (date;journal;ref;label;account;partner;debit;credit) or 10 (…;currency;amount_currency)", len(rec))
		return
	}
	e := &cur.entry
	date, err := parseDate(rd.field(rec, "date"))
	if err != nil {
		bad("%v", err)
	}
	jr := rd.field(rec, "journal")
	if jr == "" {
		bad("no journal")
	}
	typ := journal.TypeMisc
	typed := false
	if s := rd.field(rec, "type"); s != "" {
		if typ, typed = entryType(s); !typed {
			bad("unknown entry type %q", s)
		}
	}
	typedBefore := cur.typed // an earlier line of the entry gave its type
	cur.typed = cur.typed || typed
	lineCur := rd.company
	if s := strings.ToUpper(rd.field(rec, "currency")); s != "" && s != rd.company.Code() {
		if lineCur, err = currency.Lookup(s); err != nil {
			bad("currency %q: %v", s, err)
			lineCur = rd.company
		}
	}
	if len(cur.lines) == 1 {
		e.Date, e.Journal, e.Ref, e.Label, e.Type = date, jr, rd.field(rec, "ref"), rd.field(rec, "label"), typ
		if _, ok := rd.cols["entry_label"]; ok {
			e.Label = rd.field(rec, "entry_label") // the export's: the entry's own label, its lines their own
		}
		if lineCur != rd.company {
			e.Currency = lineCur
		}
	} else {
		switch {
		case date != e.Date:
			bad("date %s differs from the entry's first line (%s)", date, e.Date)
		case jr != e.Journal:
			bad("journal %q differs from the entry's first line (%q)", jr, e.Journal)
		case typed && typedBefore && typ != e.Type:
			bad("type %s differs from the entry's earlier lines (%s)", typ, e.Type)
		case lineCur != rd.company && !e.Currency.IsZero() && lineCur != e.Currency:
			bad("currency %s differs from the entry's other lines (%s)", lineCur, e.Currency)
		}
		if lineCur != rd.company && e.Currency.IsZero() {
			e.Currency = lineCur
		}
		if typed && !typedBefore {
			e.Type = typ
		}
	}
	l := journal.Line{Account: rd.field(rec, "account"), Partner: rd.field(rec, "partner"), Label: rd.field(rec, "label")}
	if l.Account == "" {
		bad("no account")
	}
	if s := rd.field(rec, "due"); s != "" {
		if l.DueDate, err = parseDate(s); err != nil {
			bad("due: %v", err)
		}
	}
	balance, given := rd.side(rec, bad)
	if s := rd.field(rec, "amount_currency"); s != "" {
		ac, err := parseAmount(lineCur, s)
		if err != nil {
			bad("amount_currency: %v", err)
		} else if lineCur != rd.company {
			l.AmountCurrency = ac
		} else if !given {
			balance = ac // a company-currency amount is the balance
		} else if !ac.Equal(balance) {
			bad("amount_currency %s and the line's debit or credit (%s) disagree: in the company currency they are one amount", ac, balance)
		}
	} else if lineCur != rd.company {
		bad("a line in %s gives its amount in it (amount_currency)", lineCur.Code())
	} else if !given {
		bad("no amount: debit, credit or amount_currency")
	}
	l.Balance = balance
	if err := lineTax(&l, rd.field(rec, "tax"), rd.field(rec, "tax_role")); err != nil {
		bad("%v", err)
	}
	e.Lines = append(e.Lines, l)
	rd.lettering(cur, rec, bad)
	// An invoice's early-payment discount offer, on any of its lines (the
	// export writes it on the partner's), read once the entry's currency
	// is known (readOffers).
	if s, until := rd.field(rec, "discount"), rd.field(rec, "discount_until"); s != "" || until != "" {
		cur.offers = append(cur.offers, csvOffer{line, s, until})
	}
}

// lettering reads the letter, letter_date and generated columns of a
// line of entry ce.
func (rd *csvReader) lettering(ce *csvEntry, rec []string, bad func(string, ...any)) {
	code := rd.field(rec, "letter")
	if strings.Trim(code, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" ||
		code != strings.ToUpper(code) && code != strings.ToLower(code) {
		bad("letter %q: a letter code is letters, upper case for a full match (AAA), lower case for a group not fully lettered (abcd)", code)
	}
	ce.letters = append(ce.letters, code)
	var date journal.Date
	if s := rd.field(rec, "letter_date"); s != "" {
		var err error
		if code == "" {
			bad("letter_date %s without a letter", s)
		} else if date, err = parseDate(s); err != nil {
			bad("letter_date: %v", err)
		}
	}
	ce.letterDates = append(ce.letterDates, date)
	var generated bool
	switch s := strings.ToLower(rd.field(rec, "generated")); s {
	case "":
	case csvGenerated:
		generated = true
	default:
		bad("generated %q: %q for an entry the lettering posted, or empty", s, csvGenerated)
	}
	switch {
	case len(ce.letters) == 1:
		ce.generated = generated
	case generated != ce.generated:
		bad("generated differs from the entry's first line")
	}
}

// readOffers reads each entry's discount offer in its currency, known
// once all its lines are: the lines that give one must agree.
func (rd *csvReader) readOffers() {
	for _, ce := range rd.entries {
		for _, x := range ce.offers {
			bad := func(format string, args ...any) {
				rd.problems = append(rd.problems, csvProblem{Line: x.line, Reason: fmt.Sprintf(format, args...)})
				ce.bad = true
			}
			e := &ce.entry
			o, err := discountOffer(rd.company, *e, x.amount, x.until)
			switch {
			case err != nil:
				bad("discount: %v", err)
			case e.DiscountOffer != nil && (!e.DiscountOffer.Amount.Equal(o.Amount) || e.DiscountOffer.Until != o.Until):
				bad("discount %s until %s differs from the entry's earlier line (%s until %s)", o.Amount, o.Until,
					e.DiscountOffer.Amount, e.DiscountOffer.Until)
			default:
				e.DiscountOffer = o
			}
		}
	}
}

// lineTax gives line l the French VAT named id (none for "") in the role
// given ("base", "tax", or "" to derive it as taxLine does).
func lineTax(l *journal.Line, id, role string) error {
	if id == "" {
		if role != "" {
			return fmt.Errorf("tax_role %q without a tax", role)
		}
		return nil
	}
	t, err := tax.FrenchVATByID(id)
	if err != nil {
		return fmt.Errorf("tax: %w", err)
	}
	taxLine(l, t)
	switch role {
	case "":
	case "base":
		l.TaxRole = tax.RoleBase
	case "tax":
		l.TaxRole = tax.RoleTax
	default:
		return fmt.Errorf("tax_role %q: base or tax", role)
	}
	return nil
}

// taxLine gives line l the tax t: the tax's own line when l is on one of
// its accounts (final, transition for a tax due on payment, due for a
// reverse charge: 445200 for TVA20-AIC), a base line otherwise. A tax_role
// column overrides it: a VAT self-assessed under a plain tax's id (445200
// for a purchase's TVA20-DED) is a tax line on an account that is not the
// tax's.
func taxLine(l *journal.Line, t tax.Tax) {
	l.Taxes, l.TaxRole = []tax.Tax{t}, tax.RoleBase
	if t.TaxAccount(l.Account) {
		l.TaxRole = tax.RoleTax
	}
}

// lineTaxRole is the tax_role column of line l: "tax" or "base" when the
// tax column names its tax, "" otherwise.
func lineTaxRole(l *journal.Line) string {
	switch {
	case lineTaxID(l) == "":
		return ""
	case l.TaxRole == tax.RoleTax:
		return "tax"
	default:
		return "base"
	}
}

// lineTaxID is the tax column of line l: the id of its one French VAT, ""
// for none or any other (a tax the column cannot name is left out).
func lineTaxID(l *journal.Line) string {
	if len(l.Taxes) != 1 {
		return ""
	}
	if t, err := tax.FrenchVATByID(l.Taxes[0].ID); err == nil && t.Equal(l.Taxes[0]) {
		return t.ID
	}
	return ""
}

// side reads the debit and credit columns into a signed balance, unset
// when they are bad (reported) or both empty (given is then false).
func (rd *csvReader) side(rec []string, bad func(string, ...any)) (currency.Amount, bool) {
	ds, cs := rd.field(rec, "debit"), rd.field(rec, "credit")
	if ds == "" && cs == "" {
		return currency.Amount{}, false
	}
	b, err := debitCredit(rd.company, ds, cs)
	if err != nil {
		bad("%v", err)
		return currency.Amount{}, true
	}
	return b, true
}

// debitCredit reads a line's debit and credit, either possibly empty, into
// its signed balance (debit positive). A negative amount on either side,
// or an amount on both, is refused: the entries files and post's JSON
// take amounts as a journal prints them.
func debitCredit(c currency.Currency, ds, cs string) (currency.Amount, error) {
	d, cr := currency.Zero(c), currency.Zero(c)
	var err error
	if ds != "" {
		if d, err = parseAmount(c, ds); err != nil {
			return currency.Amount{}, fmt.Errorf("debit: %v", err)
		}
	}
	if cs != "" {
		if cr, err = parseAmount(c, cs); err != nil {
			return currency.Amount{}, fmt.Errorf("credit: %v", err)
		}
	}
	switch {
	case d.Sign() < 0 || cr.Sign() < 0:
		return currency.Amount{}, errors.New("negative debit or credit: put the amount on the other side")
	case !d.IsZero() && !cr.IsZero():
		return currency.Amount{}, errors.New("both a debit and a credit on one line")
	}
	return d.Sub(cr)
}

// entryType reads an entry type by the name its String gives.
func entryType(s string) (journal.EntryType, bool) {
	for t := journal.EntryType(0); t.Valid(); t++ {
		if t.String() == s {
			return t, true
		}
	}
	return 0, false
}

// finish gives each entry its type when the file did not (from its
// journal's kind: an invoice or a credit note in a sale or purchase
// journal by the way it runs on the customers' or suppliers' accounts, a
// payment in a bank or cash journal) and its id, derived from its content.
// accounts gives the book's account kinds by code; an account it does not
// hold is taken by its code (ledger.KindOfCode).
func finishCSVEntries(entries []*csvEntry, kinds map[string]ledger.JournalKind, accounts map[string]ledger.AccountKind) {
	kindOf := func(code string) ledger.AccountKind {
		if k, ok := accounts[code]; ok {
			return k
		}
		return ledger.KindOfCode(code)
	}
	for _, ce := range entries {
		e := &ce.entry
		if !ce.typed {
			e.Type = inferType(e, kinds[e.Journal], kindOf)
		}
		// The taxes and the discount offer are left out: a file imported
		// again with them added or changed is refused
		// (ledger.ErrIdempotencyConflict) instead of posting each entry a
		// second time.
		var b strings.Builder
		fmt.Fprintf(&b, "%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00%s", ce.key, e.Date, e.Journal, e.Type, e.Ref, e.Label, e.Currency.Code())
		for _, l := range e.Lines {
			fmt.Fprintf(&b, "\x01%s\x00%s\x00%s\x00%s\x00%s\x00%s", l.Account, l.Partner, l.Label, l.DueDate, amountText(l.Balance), amountText(l.AmountCurrency))
		}
		e.ID = uuid.NewSHA1(csvNamespace, []byte(b.String()))
	}
	markReversals(entries, kindOf)
}

// markReversals gives ReversalOf to each invoice or credit note of
// entries that runs the wrong way for its type and mirrors an earlier
// entry of the file (the nearest one not reversed yet): the reversal
// (extourne) of a cancelled document, as the export writes it, which the
// book takes only as such. ledger.Tx.Post checks the mirror again.
func markReversals(entries []*csvEntry, kindOf func(string) ledger.AccountKind) {
	reversed := map[*csvEntry]bool{}
	for i, ce := range entries {
		e := &ce.entry
		if e.Type == journal.TypeRevaluation {
			markRevaluationReversal(entries[:i], ce, reversed)
			continue
		}
		if !e.IsDocument() {
			continue
		}
		if t, ok := ledger.DocumentTypeOf(e.Lines, kindOf); !ok || t == e.Type {
			continue
		}
		for j := i - 1; j >= 0; j-- {
			if o := entries[j]; !reversed[o] && !o.entry.IsReversal() && mirrorsInFile(&o.entry, e) {
				e.ReversalOf, reversed[o] = o.entry.ID, true
				break
			}
		}
	}
}

// markRevaluationReversal gives ReversalOf to the revaluation entry ce
// when it mirrors an earlier revaluation entry of the file and the file
// letters each of its partner lines with that entry's: the reversal, the
// next day, of a closing's revaluation, as 'lettrage revalue' posts it.
// Taken as a revaluation of its own date, it would stand there and refuse
// the letterings on or before that date as a closing does.
func markRevaluationReversal(earlier []*csvEntry, ce *csvEntry, reversed map[*csvEntry]bool) {
	for _, o := range slices.Backward(earlier) {
		if reversed[o] || o.entry.Type != journal.TypeRevaluation || o.entry.IsReversal() || !mirrorsInFile(&o.entry, &ce.entry) {
			continue
		}
		paired := false
		for i, l := range ce.entry.Lines {
			if l.Partner == "" {
				continue
			}
			if i >= len(ce.letters) || i >= len(o.letters) || ce.letters[i] == "" || ce.letters[i] != o.letters[i] {
				paired = false
				break
			}
			paired = true
		}
		if paired {
			ce.entry.ReversalOf, reversed[o] = o.entry.ID, true
			return
		}
	}
}

// wrongWay reports whether e is a document that runs the wrong way for
// its type and reverses nothing yet: a reversal, as the export writes
// one, whose original markReversals looks for.
func wrongWay(e *journal.Entry, kindOf func(string) ledger.AccountKind) bool {
	if !e.IsDocument() || e.IsReversal() {
		return false
	}
	t, ok := ledger.DocumentTypeOf(e.Lines, kindOf)
	return ok && t != e.Type
}

// markBookReversals gives ReversalOf to each entry of entries that runs
// the wrong way for its type (wrongWay) and mirrors no entry of the file
// but an entry the book holds: with the same reference, dated no later,
// not reversed yet (or reversed by this very entry, a file imported
// again), the latest such. Its original was in a file imported earlier,
// the export of an earlier period. The book's entries of the journals
// concerned are read once.
func markBookReversals(a *app, b *ledger.Book, entries []*csvEntry, kindOf func(string) ledger.AccountKind) error {
	byJournal := map[string][]*csvEntry{}
	var journals []string
	last := map[string]journal.Date{}
	for _, ce := range entries {
		if e := &ce.entry; wrongWay(e, kindOf) {
			if byJournal[e.Journal] == nil {
				journals = append(journals, e.Journal)
			}
			byJournal[e.Journal] = append(byJournal[e.Journal], ce)
			if e.Date.After(last[e.Journal]) {
				last[e.Journal] = e.Date
			}
		}
	}
	taken := map[journal.ID]bool{}
	for _, j := range journals {
		found := map[*csvEntry]journal.ID{}
		for pe, err := range b.Entries(a.ctx, ledger.EntryFilter{Journal: j, To: last[j]}) {
			if err != nil {
				return err
			}
			orig := &pe.Entry
			if orig.IsReversal() {
				continue
			}
			for _, ce := range byJournal[j] {
				if orig.Ref == ce.entry.Ref && orig.ID != ce.entry.ID && mirrorsInBook(orig, &ce.entry) {
					found[ce] = orig.ID // the latest wins
				}
			}
		}
		err := b.View(a.ctx, func(t *ledger.Tx) error {
			for _, ce := range byJournal[j] {
				id, ok := found[ce]
				if !ok || taken[id] {
					continue
				}
				by, reversed, err := t.ReversedBy(id)
				if err != nil {
					return err
				}
				if !reversed || by == ce.entry.ID {
					ce.entry.ReversalOf, taken[id] = id, true
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// mirrorsInBook is mirrorsInFile for an original the book holds, which
// may keep a company-currency line's amount in its currency too, where a
// file leaves it out.
func mirrorsInBook(orig, rev *journal.Entry) bool {
	o := *orig
	o.Lines = slices.Clone(orig.Lines)
	for i := range o.Lines {
		if i < len(rev.Lines) && o.Currency.IsZero() && !rev.Lines[i].AmountCurrency.IsSet() {
			o.Lines[i].AmountCurrency = currency.Amount{}
		}
	}
	return mirrorsInFile(&o, rev)
}

// mirrorsInFile reports whether rev is orig reversed as a file gives it:
// same journal, type, currency and lines (account, partner, due date,
// tax), every amount negated, dated no earlier.
func mirrorsInFile(orig, rev *journal.Entry) bool {
	if orig.Journal != rev.Journal || orig.Type != rev.Type || orig.Currency != rev.Currency ||
		len(orig.Lines) != len(rev.Lines) || rev.Date.Before(orig.Date) {
		return false
	}
	for i := range orig.Lines {
		o, r := &orig.Lines[i], &rev.Lines[i]
		if o.Account != r.Account || o.Partner != r.Partner || o.DueDate != r.DueDate || o.TaxRole != r.TaxRole ||
			!slices.EqualFunc(o.Taxes, r.Taxes, tax.Tax.Equal) ||
			o.Balance.IsSet() != r.Balance.IsSet() || !o.Balance.Neg().Equal(r.Balance) ||
			o.AmountCurrency.IsSet() != r.AmountCurrency.IsSet() || !o.AmountCurrency.Neg().Equal(r.AmountCurrency) {
			return false
		}
	}
	return true
}

func amountText(a currency.Amount) string {
	if !a.IsSet() {
		return ""
	}
	return a.Plain()
}

// inferType is an entry's type by its journal's kind. In a sale or
// purchase journal it is the one the book accepts (ledger.DocumentTypeOf,
// a document runs the way
// of its type): an invoice when the customers' lines add up to a debit, or
// the suppliers' to a credit; a credit note the other way. Without such
// lines, the side of its first partner line decides.
func inferType(e *journal.Entry, k ledger.JournalKind, kindOf func(string) ledger.AccountKind) journal.EntryType {
	switch k {
	case ledger.JournalBank, ledger.JournalCash:
		return journal.TypePayment
	case ledger.JournalSale, ledger.JournalPurchase:
		lines := e.Lines
		if !slices.ContainsFunc(lines, func(l journal.Line) bool { return l.Balance.IsSet() }) {
			// Lines in another currency only, which the book converts:
			// their currency amounts run the way their balances will.
			lines = slices.Clone(lines)
			for i := range lines {
				lines[i].Balance = lines[i].AmountCurrency
			}
		}
		if t, ok := ledger.DocumentTypeOf(lines, kindOf); ok {
			return t
		}
		for _, l := range lines {
			side := l.Balance
			if !side.IsSet() || side.IsZero() {
				side = l.AmountCurrency
			}
			if l.Partner == "" || !side.IsSet() || side.IsZero() {
				continue
			}
			if (side.Sign() > 0) == (k == ledger.JournalSale) {
				return journal.TypeInvoice
			}
			return journal.TypeCreditNote
		}
	}
	return journal.TypeMisc
}
