package hledger

import (
	"bufio"
	"errors"
	"io"
	"iter"
	"strings"
	"time"
	"unicode"

	"github.com/lettrage/lettrage/journal"
)

// Limits of Read.
const (
	// LineBytesMax is the longest line Read accepts.
	LineBytesMax = 64 << 10
	// TransactionsMax is the most transactions one Read takes: the whole
	// file is parsed in memory before anything is posted.
	TransactionsMax = 1_000_000
)

// txn is a parsed transaction.
type txn struct {
	line     int
	date     journal.Date
	code     string
	desc     string
	id, ref  string
	typ      string
	discount string // the discount tag's value: "AMOUNT until DATE"
	cur      string // the currency tag's value: the entry's currency when no posting shows it
	discLine int    // and its line
	result   bool   // a year's result an export carries forward: not an entry
	postings []posting
	text     strings.Builder // its lines, for the id of a transaction without one
}

// posting is a parsed posting; amounts stay text until the commodities
// are known (a commodity directive may come after its first use).
type posting struct {
	line      int
	account   string
	amount    rawAmount // zero: inferred
	cost      rawAmount // zero: no cost
	costTotal bool      // @@ rather than @
	label     string
	due       journal.Date
	tax       string // a French VAT's id
	taxLine   bool   // the line is the tax's, not a base (tax-role: tax)
}

// rawAmount is an amount as written: sign, number text, commodity symbol.
type rawAmount struct {
	set       bool
	neg       bool
	number    string
	commodity string
	spaced    bool // spaces grouped the number's digits (taken out of number)
	mark      byte // the decimal mark the directives before it give, 0 for none
}

// accountDecl is what account directives said of an account.
type accountDecl struct {
	line int
	typ  string // hledger type letter
	name string
}

// parsed is a whole journal.
type parsed struct {
	txns        []*txn
	accounts    map[string]accountDecl
	marks       map[string]byte // commodity → decimal mark from its directive
	digits      map[string]int  // commodity → decimals its directive shows
	defaultMark byte            // from decimal-mark, 0 when none
	skipped     int
	assertions  int
}

// parser reads a journal line by line.
type parser struct {
	p       parsed
	n       int    // current line
	block   string // "txn", "account", "commodity", "comment", "skip" or ""
	cur     *txn
	acct    string // the account directive being read
	lastPst *posting
	// legacy is set for an export of an earlier version (its first line
	// without formatMark), whose texts were not escaped against hledger's
	// tags: a posting's own comment is all its label, and a comment line
	// holds one tag, its value the rest of the line.
	legacy bool
}

func parse(r io.Reader) (*parsed, error) {
	ps := &parser{p: parsed{accounts: map[string]accountDecl{}, marks: map[string]byte{}}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), LineBytesMax+len("\r\n")) // the line, and its end
	for sc.Scan() {
		ps.n++
		text := strings.TrimSuffix(sc.Text(), "\r")
		if len(text) > LineBytesMax {
			return nil, &LineError{Line: ps.n, Err: ErrLineTooLong}
		}
		if ps.n == 1 {
			text = strings.TrimPrefix(text, "\ufeff") // a byte order mark, as some editors write, is no text
			ps.legacy = strings.HasPrefix(text, exportMark+" ") && !strings.HasSuffix(strings.TrimSpace(text), formatMark)
		}
		if err := ps.line(text); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, &LineError{Line: ps.n + 1, Err: ErrLineTooLong}
		}
		return nil, err
	}
	if len(ps.p.txns) == 0 {
		return nil, ErrEmpty
	}
	return &ps.p, nil
}

func (ps *parser) line(s string) error {
	if ps.block == "comment" {
		if strings.TrimSpace(s) == "end comment" {
			ps.block = ""
		}
		return nil
	}
	if strings.TrimSpace(s) == "" {
		ps.block = ""
		return nil
	}
	if s[0] == ' ' || s[0] == '\t' {
		return ps.indented(strings.TrimSpace(s))
	}
	ps.block = ""
	switch {
	case s[0] == ';' || s[0] == '#' || s[0] == '*':
		return nil
	case s[0] >= '0' && s[0] <= '9':
		return ps.header(s)
	}
	word, rest := s, ""
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		word, rest = s[:i], strings.TrimSpace(s[i:])
	}
	switch word {
	case "comment":
		ps.block = "comment"
	case "account":
		return ps.account(rest)
	case "commodity":
		ps.block = "commodity"
		return ps.commodity(rest)
	case "decimal-mark":
		rest, _, _ = strings.Cut(rest, ";")
		if rest = strings.TrimSpace(rest); rest != "." && rest != "," {
			return lineErr(ps.n, ErrSyntax, "decimal-mark %q", rest)
		}
		ps.p.defaultMark = rest[0]
	case "include", "alias", "apply", "end", "D":
		return lineErr(ps.n, ErrUnsupported, "directive %q changes what other lines mean", word)
	default:
		ps.block = "skip"
		ps.p.skipped++
	}
	return nil
}

// header reads "DATE[=DATE2] [*|!] [(CODE)] DESCRIPTION [; COMMENT]".
func (ps *parser) header(s string) error {
	if len(ps.p.txns) == TransactionsMax {
		return &LineError{Line: ps.n, Err: ErrTooManyTransactions}
	}
	t := &txn{line: ps.n}
	t.text.WriteString(s)
	ds, rest := s, ""
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		ds, rest = s[:i], s[i:]
	}
	ds, _, _ = strings.Cut(ds, "=")
	d, err := parseDate(ds)
	if err != nil {
		return &LineError{Line: ps.n, Err: err}
	}
	t.date = d
	rest = strings.TrimLeft(rest, " \t")
	if len(rest) > 0 && (rest[0] == '*' || rest[0] == '!') {
		rest = strings.TrimLeft(rest[1:], " \t")
	}
	if strings.HasPrefix(rest, "(") {
		end := strings.IndexByte(rest, ')')
		if end < 0 {
			return lineErr(ps.n, ErrSyntax, "code without ')'")
		}
		t.code, rest = rest[1:end], strings.TrimLeft(rest[end+1:], " \t")
	}
	desc, comment, _ := strings.Cut(rest, ";")
	t.desc = unescape(strings.TrimSpace(desc))
	ps.p.txns = append(ps.p.txns, t)
	ps.cur, ps.lastPst, ps.block = t, nil, "txn"
	if ps.legacy {
		return nil
	}
	return ps.txnTags(t, comment) // hledger reads a transaction's tags in its header's comment too
}

// txnTags reads the transaction's tags of comment c: id, ref, type, the
// discount offer and the result mark.
func (ps *parser) txnTags(t *txn, c string) error {
	tags := tagsOf(c)
	if ps.legacy {
		tags = func(yield func(string, string) bool) {
			tag, val, _ := strings.Cut(strings.TrimPrefix(c, " "), ": ")
			yield(tag, strings.TrimSpace(val))
		}
	}
	for tag, val := range tags {
		switch tag {
		case "id":
			t.id = val
		case "ref":
			t.ref = unescape(val)
		case "type":
			t.typ = val
		case currencyTag:
			t.cur = val
		case discountTag:
			if t.discount != "" && val != t.discount {
				return lineErr(ps.n, ErrSyntax, "a second %s comment, %q after %q: a transaction offers one discount", discountTag, val, t.discount)
			}
			t.discount, t.discLine = val, ps.n
		case resultTag:
			t.result = true
		}
	}
	return nil
}

// postingTags reads the posting's tags of comment c (a comment line under
// it, or its own line's comment): its due date and its VAT. It returns
// the comment's text before the first of them, which is the posting's
// label when c is its own line's comment. A discount offer is the
// transaction's: under a posting it would be lost, so it is refused.
func (ps *parser) postingTags(p *posting, c string) (string, error) {
	label, found := c, false
	for tag, val := range tagsOf(c) {
		switch tag {
		case discountTag:
			return "", lineErr(ps.n, ErrSyntax, "a %s comment after a posting: it is the transaction's, before its postings", discountTag)
		case "due":
			due, err := parseDate(val)
			if err != nil {
				return "", &LineError{Line: ps.n, Err: err}
			}
			p.due = due
		case "tax":
			p.tax = val
		case "tax-role":
			p.taxLine = val == "tax"
		default:
			continue
		}
		if !found {
			label, found = c[:tagStart(c, tag)], true
		}
	}
	if found {
		// The label is the text before the tags, without what separated
		// them from it.
		label = strings.TrimRightFunc(label, func(r rune) bool { return isTagBreak(r) || r == ';' })
	}
	return label, nil
}

// tagStart is where tag's "tag:" begins in comment c.
func tagStart(c, tag string) int {
	for i := 0; ; {
		k := strings.Index(c[i:], tag+":")
		if k < 0 {
			return len(c)
		}
		at := i + k
		if lastTagBreak(c[:at]) == at {
			return at
		}
		i = at + 1
	}
}

// parseDate reads YYYY-MM-DD, YYYY/MM/DD or YYYY.MM.DD, month and day on
// one or two digits.
func parseDate(s string) (journal.Date, error) {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' })
	if len(f) == 2 {
		return journal.Date{}, errorf(ErrUnsupported, "date %q has no year", s)
	}
	if len(f) != 3 || len(f[0]) != 4 || len(f[1]) > 2 || len(f[2]) > 2 || strings.Count(s, string(s[4])) != 2 {
		return journal.Date{}, errorf(ErrSyntax, "date %q", s)
	}
	var n [3]int
	for i, p := range f {
		for _, c := range p {
			if c < '0' || c > '9' {
				return journal.Date{}, errorf(ErrSyntax, "date %q", s)
			}
			n[i] = n[i]*10 + int(c-'0')
		}
	}
	d, err := journal.NewDate(n[0], time.Month(n[1]), n[2])
	if err != nil {
		return journal.Date{}, errorf(ErrSyntax, "date %q: %v", s, err)
	}
	return d, nil
}

// indented reads a line inside a transaction or directive.
func (ps *parser) indented(s string) error {
	switch ps.block {
	case "txn":
	case "account":
		if c, ok := strings.CutPrefix(s, ";"); ok {
			return ps.accountTags(c)
		}
		return nil
	case "commodity":
		if f, ok := strings.CutPrefix(s, "format "); ok {
			return ps.commodity(f)
		}
		return nil
	case "skip":
		return nil
	default:
		if s[0] == ';' || s[0] == '#' || s[0] == '*' {
			return nil // a comment, indented (hledger reads it so)
		}
		return lineErr(ps.n, ErrSyntax, "indented line outside a transaction or directive")
	}
	t := ps.cur
	t.text.WriteString("\n" + s)
	if c, ok := strings.CutPrefix(s, ";"); ok {
		if ps.lastPst != nil {
			if postingDate(c) {
				return lineErr(ps.n, ErrUnsupported, "a posting dated apart from its transaction %q", s)
			}
			_, err := ps.postingTags(ps.lastPst, c)
			return err
		}
		return ps.txnTags(t, c)
	}
	p, err := ps.posting(s)
	if err != nil {
		return err
	}
	t.postings = append(t.postings, p)
	ps.lastPst = &t.postings[len(t.postings)-1]
	return nil
}

// posting reads "[*|!] ACCOUNT[  AMOUNT [@|@@ COST]] [= ASSERTION] [; COMMENT]".
func (ps *parser) posting(s string) (posting, error) {
	p := posting{line: ps.n}
	if len(s) > 1 && (s[0] == '*' || s[0] == '!') {
		s = strings.TrimLeft(s[1:], " \t") // a status mark, a space after it or not
	}
	if s[0] == '(' || s[0] == '[' {
		return p, lineErr(ps.n, ErrUnsupported, "virtual posting %q", s)
	}
	end := len(s)
	if i := strings.Index(s, "  "); i >= 0 {
		end = i
	}
	if i := strings.IndexByte(s, '\t'); i >= 0 && i < end {
		end = i
	}
	p.account = strings.TrimSpace(s[:end])
	rest := s[end:]
	if i := indexOutsideQuotes(rest, ';'); i >= 0 {
		if postingDate(rest[i+1:]) {
			return p, lineErr(ps.n, ErrUnsupported, "a posting dated apart from its transaction %q", s)
		}
		// Its own line's comment is its label, and may hold its tags
		// after it, as hledger reads them ("; tax: TVA20").
		label := strings.TrimPrefix(rest[i+1:], " ")
		if !ps.legacy {
			var err error
			if label, err = ps.postingTags(&p, label); err != nil {
				return p, err
			}
		}
		p.label = unescape(label)
		rest = rest[:i]
	}
	if i := indexOutsideQuotes(rest, '='); i >= 0 {
		ps.p.assertions++
		if strings.TrimSpace(rest[:i]) == "" {
			// A balance assignment: hledger gives the posting the amount
			// that makes the balance, which only its own balances know.
			return p, lineErr(ps.n, ErrUnsupported, "a balance assignment (a posting's amount given by the balance after it) %q", s)
		}
		rest = rest[:i]
	}
	rest = strings.TrimSpace(rest)
	if rest == "" {
		return p, nil
	}
	amt, cost, hasCost := rest, "", false
	if i := indexOutsideQuotes(rest, '@'); i >= 0 {
		amt, cost, hasCost = rest[:i], rest[i+1:], true
		if strings.HasPrefix(cost, "@") {
			cost, p.costTotal = cost[1:], true
		}
	}
	var err error
	if p.amount, err = parseAmount(strings.TrimSpace(amt)); err != nil {
		return p, &LineError{Line: ps.n, Err: err}
	}
	p.amount.mark = ps.markOf(p.amount.commodity)
	if hasCost {
		if p.cost, err = parseAmount(strings.TrimSpace(cost)); err != nil {
			return p, &LineError{Line: ps.n, Err: err}
		}
		p.cost.mark = ps.markOf(p.cost.commodity)
		if p.cost.neg {
			return p, lineErr(ps.n, ErrSyntax, "negative cost %q", cost)
		}
	}
	return p, nil
}

// markOf is the decimal mark the directives read so far give an amount
// of commodity sym, 0 for none: decimal-mark's, which takes precedence,
// else its commodity directive's. A directive applies to the amounts
// after it, as in hledger.
func (ps *parser) markOf(sym string) byte {
	if ps.p.defaultMark != 0 {
		return ps.p.defaultMark
	}
	return ps.p.marks[sym]
}

func indexOutsideQuotes(s string, c byte) int {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			quoted = !quoted
		case s[i] == c && !quoted:
			return i
		}
	}
	return -1
}

// parseAmount reads "-1200.00 EUR", "EUR -1200.00", "$12", "-$12",
// "\"GOLD1\" 1.000" or a bare number.
func parseAmount(s string) (rawAmount, error) {
	a := rawAmount{set: true}
	orig := s
	sign := func() {
		if s != "" && (s[0] == '-' || s[0] == '+') {
			a.neg = a.neg != (s[0] == '-')
			s = strings.TrimLeft(s[1:], " ")
		}
	}
	sign()
	if s != "" && isNumberByte(s[0]) {
		a.number, s, a.spaced = takeNumber(s)
		a.commodity, s = takeCommodity(strings.TrimLeft(s, " "))
	} else {
		a.commodity, s = takeCommodity(s)
		s = strings.TrimLeft(s, " ")
		sign()
		a.number, s, a.spaced = takeNumber(s)
	}
	if a.number == "" || strings.TrimSpace(s) != "" || a.commodity == `""` {
		return rawAmount{}, errorf(ErrSyntax, "amount %q", orig)
	}
	a.commodity = strings.Trim(a.commodity, `"`)
	return a, nil
}

func isNumberByte(c byte) bool { return c >= '0' && c <= '9' || c == '.' || c == ',' }

// takeNumber takes the number s starts with, and reports whether spaces
// group its digits. A space between two digits of its integer part (or a
// no-break space, or a narrow one) groups them, as hledger writes and
// reads "1 500,00 EUR": the number is returned without it. After a mark,
// a space ends the number ("1,5 3" is no number).
func takeNumber(s string) (string, string, bool) {
	i, grouped, marked := 0, false, false
	for i < len(s) {
		if isNumberByte(s[i]) {
			marked = marked || s[i] == '.' || s[i] == ','
			i++
			continue
		}
		if n := groupSpace(s[i:]); n > 0 && !marked && i > 0 && isDigit(s[i-1]) && i+n < len(s) && isDigit(s[i+n]) {
			i, grouped = i+n, true
			continue
		}
		break
	}
	if grouped {
		return ungroupSpaces(s[:i]), s[i:], true
	}
	return s[:i], s[i:], false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// groupSpace is the length in bytes of the space s starts with that can
// group digits: a space, a no-break space or a narrow no-break space; 0
// for none.
func groupSpace(s string) int {
	for _, sp := range []string{" ", "\u00a0", "\u202f"} {
		if strings.HasPrefix(s, sp) {
			return len(sp)
		}
	}
	return 0
}

func takeCommodity(s string) (string, string) {
	if strings.HasPrefix(s, `"`) {
		if end := strings.IndexByte(s[1:], '"'); end >= 0 {
			return s[:end+2], s[end+2:]
		}
		return "", s
	}
	i := 0
	for i < len(s) && !isNumberByte(s[i]) && !strings.ContainsRune(" -+@;=\"", rune(s[i])) {
		i++
	}
	return s[:i], s[i:]
}

// account reads "account NAME  [; type: X]".
func (ps *parser) account(s string) error {
	name, comment, _ := strings.Cut(s, ";")
	if i := strings.Index(name, "  "); i >= 0 {
		name = name[:i]
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return lineErr(ps.n, ErrSyntax, "account directive without a name")
	}
	ps.p.accounts[name] = accountDecl{line: ps.n, name: ps.p.accounts[name].name}
	ps.acct, ps.block = name, "account"
	return ps.accountTags(comment)
}

// accountTags reads the tags of a comment of the account directive being
// read, on its line or under it: its type and its name.
func (ps *parser) accountTags(c string) error {
	d := ps.p.accounts[ps.acct]
	if ps.legacy {
		// An earlier export: "; name: " and the rest of the line under
		// the directive, "; type: X" on its line.
		if name, ok := strings.CutPrefix(c, " name:"); ok {
			d.name = unescape(strings.TrimPrefix(name, " "))
		} else if typ, ok := strings.CutPrefix(c, " type: "); ok && typ != "" {
			d.typ = strings.ToUpper(typ[:1])
		}
		ps.p.accounts[ps.acct] = d
		return nil
	}
	for tag, val := range tagsOf(c) {
		switch tag {
		case "type":
			typ, ok := accountTypes[strings.ToLower(val)]
			if !ok {
				return lineErr(ps.n, ErrSyntax, "account type %q (A, L, E, R, X, C, V or their names)", val)
			}
			d.typ = typ
		case "name":
			d.name = unescape(val)
		}
	}
	ps.p.accounts[ps.acct] = d
	return nil
}

// accountTypes are hledger's account types, by letter and by name, as
// their letters.
var accountTypes = map[string]string{
	"a": "A", "asset": "A", "l": "L", "liability": "L", "e": "E", "equity": "E", "r": "R", "revenue": "R",
	"x": "X", "expense": "X", "c": "C", "cash": "C", "v": "V", "conversion": "V",
}

// commodity reads a commodity directive's sample amount and records its
// decimal mark; a bare symbol only declares it.
func (ps *parser) commodity(s string) error {
	s, _, _ = strings.Cut(s, ";")
	a, err := parseAmount(strings.TrimSpace(s)) // its digits may be grouped by spaces
	if err != nil {
		if strings.ContainsAny(unquoted(s), "0123456789") {
			// A style this reader cannot read would leave the
			// commodity's amounts read with another decimal mark:
			// "1.500" a thousand and a half read as one and a half.
			return lineErr(ps.n, ErrSyntax, "commodity directive %q: its number format is not read here", s)
		}
		return nil // a commodity named, its format given below or not at all
	}
	digits := 0
	if i := strings.LastIndexAny(a.number, ".,"); i >= 0 {
		ps.p.marks[a.commodity] = a.number[i]
		digits = len(a.number) - i - 1
	}
	if ps.p.digits == nil {
		ps.p.digits = map[string]int{}
	}
	ps.p.digits[a.commodity] = digits
	return nil
}

// unquoted is s without its quoted parts: a commodity symbol in quotes
// may hold digits ("AAPL 2023") without being a number.
func unquoted(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '"':
			in = !in
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ungroupSpaces removes the spaces that group digits in a number ("1 000,00
// EUR", also with a no-break or narrow no-break space), as hledger reads a
// commodity directive's style; a space next to a non-digit stays.
func ungroupSpaces(s string) string {
	if !strings.ContainsAny(s, " \u00a0\u202f") {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if (r == ' ' || r == '\u00a0' || r == '\u202f') && i > 0 && i+1 < len(rs) && unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1]) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// postingDate reports whether a posting's comment gives the posting a
// date of its own, which hledger honours ("date:" or "date2:" tags, a
// bracketed date): the book dates a whole entry, so such a journal is
// refused rather than read at the wrong date. The export escapes these
// words in labels, so it never writes one.
func postingDate(comment string) bool {
	for _, f := range strings.FieldsFunc(comment, func(r rune) bool { return r == ' ' || r == '\t' || r == ',' }) {
		if strings.HasPrefix(f, "date:") || strings.HasPrefix(f, "date2:") {
			return true
		}
		if len(f) > 5 && f[0] == '[' && f[1] >= '0' && f[1] <= '9' {
			return true
		}
	}
	return false
}

// tagsOf yields the tags of a comment as hledger reads them: a word
// followed at once by a colon, then its value up to the next comma
// ("tax:TVA20", "Vente ; tax: TVA20", "ref: FA-1, type: invoice"; not
// "due : demain"). A comma-separated part with no tag continues the
// value before it, so that a value keeps its commas (a reference "FA-1,
// FA-2").
func tagsOf(c string) iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		var name, val string
		have := false
		for part := range strings.SplitSeq(c, ",") {
			n, v, ok := strings.Cut(part, ":")
			n = n[lastTagBreak(n):] // empty when a space comes before the colon: no tag
			if ok && n != "" {
				if have && !yield(name, strings.TrimSpace(val)) {
					return
				}
				name, val, have = n, v, true
				continue
			}
			if have {
				val += "," + part
			}
		}
		if have {
			yield(name, strings.TrimSpace(val))
		}
	}
}
