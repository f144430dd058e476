package bank

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"iter"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
)

// CFONB120 reads the statements of a CFONB 120 file (the French banks'
// "relevé de compte 120 caractères"): per account, a record 01 (opening
// balance), records 04 (movements) each followed by its records 05
// (complements: counterparty, remittance, reference), and a record 07
// (closing balance); a file holds any number of such statements, of one
// account or several. The account's IBAN is rebuilt from its bank,
// branch and account numbers (the RIB key computed). CFONB statements
// have no identifier: a statement's ID is its opening and closing dates
// and a digest of its records ("20260228-20260331-1a2b3c4d": the first 8
// hexadecimal digits of the SHA-256 of its records, 01 to 07, as read —
// line breaks, encoding and trailing spaces aside). Reading the same
// statement again, from the same file or another, gives the same ID, so
// importing it again is a no-op; two statements of an account over the
// same dates (intraday statements, a statement and its correction) have
// different IDs. An entry's Ref is its booking date and the bank's
// entry number ("2026-03-02/0000001"), or "#" and its position in the
// statement when the bank gives none, or zeros ("#4"), with its rank after
// it when the statement has that reference already ("2026-03-02/0000001/2").
//
// Records are 120 characters. With line breaks (CRLF, LF or CR) each line
// is a record: a line cut short of its trailing spaces is padded, blank
// lines and a final DOS end-of-file mark (Ctrl-Z) are skipped, and an
// error names the line. Without line breaks the records follow one
// another, 120 bytes each. A UTF-8 byte order mark is skipped. A file is
// in one encoding: with line breaks, it is read as UTF-8 when the whole
// of it is valid UTF-8, else as Windows-1252 (which French banks'
// accented letters are in) — a line of Windows-1252 that happens to be
// valid UTF-8 ("Ã©") is not read as UTF-8 ("é") because the file's
// other lines are not; a flat file is read byte by byte, in
// Windows-1252. Deciding reads the file twice when r is an io.Seeker
// (from its offset, to which it seeks back), and holds it in memory
// (up to opts.MaxBytes) otherwise.
//
// A movement of zero (a waived fee) is no movement: it is left out with
// its complements.
//
// Amounts have the number of decimals their record says (column 20;
// blank: the statement's, else the currency's), which need not be the
// currency's as long as the amount is exact in it (12.000 EUR is 12.00
// EUR). A record 01 without a currency is of a euro account.
//
// Complements read: NPY (payer) and NBE (beneficiary) give the
// counterparty — the payer for money in, the beneficiary for money out,
// the other way round for a return (a reject code); never the account's
// holder —; RCN (its first 35 characters,
// spaces inside kept) the end-to-end id — the movement's reference zone
// otherwise —; LIB, LCC, LC2 and complements without a qualifier the
// remittance text, an LC2 continuing the LCC before it where the bank cut
// it (maybe mid-word), a record repeating what the remittance already
// says (LIB and LCC of the same text) read once; LCS and
// REF the creditor reference when they hold an ISO 11649 one ("RF…"),
// LCS the remittance text otherwise; MMO (currency, decimals, amount:
// the amount in the original currency) the transaction's Instructed
// amount when its currency is not the account's, signed as the
// movement (its exchange rate is not read); FEE (currency, decimals,
// amount: commissions) the charges of the movement and of its
// transaction (reconcile.BankEntry.Charges and
// reconcile.BankTransaction.Charges, several FEE added up) when in the
// account's currency (in another, they were not taken from the account).
// An MMO or FEE whose currency or amount cannot be read is refused
// (ErrFormat). Other qualifiers (IPY, IBE, NPO, NBU…) are not read.
//
// Every movement is booked (columns 35–40 of its record 04) between the
// dates of its statement's records 01 and 07, both included; one booked
// outside is refused with a *PeriodError naming its line. Its value date
// is not checked: it may fall outside.
//
// Errors are ErrFormat naming the line (or, in a flat file, the record),
// ErrTooLarge, reconcile.ErrStatement naming the line of the record 07
// whose balance the movements do not reach, or a *PeriodError (which is
// also an ErrStatement); the sequence stops at the first.
func CFONB120(r io.Reader, opts ReadOptions) iter.Seq2[reconcile.BankStatement, error] {
	return func(yield func(reconcile.BankStatement, error) bool) {
		in, utf, err := cfonbEncoding(r, opts)
		if err != nil {
			yield(reconcile.BankStatement{}, err)
			return
		}
		rr := newCFONBReader(in, utf)
		var st *cfonbStatement
		for {
			rec, err := rr.next()
			if errors.Is(err, io.EOF) {
				switch {
				case st != nil:
					yield(reconcile.BankStatement{}, fmt.Errorf("%w: %s: the statement of account %s opened there has no closing record 07", ErrFormat, st.opened, st.s.Account))
				case rr.records == 0:
					yield(reconcile.BankStatement{}, fmt.Errorf("%w: an empty file", ErrFormat))
				}
				return
			}
			if err != nil {
				yield(reconcile.BankStatement{}, err)
				return
			}
			done, err := cfonbRecord(&st, rec, rr.where())
			if err != nil {
				yield(reconcile.BankStatement{}, err)
				return
			}
			if done != nil {
				if err := done.Check(); err != nil {
					yield(reconcile.BankStatement{}, fmt.Errorf("%s: %w", rr.where(), err))
					return
				}
				if !yield(*done, nil) {
					return
				}
			}
		}
	}
}

// ReadCFONB120 reads every statement of a CFONB 120 file (see CFONB120).
func ReadCFONB120(r io.Reader, opts ReadOptions) ([]reconcile.BankStatement, error) {
	var out []reconcile.BankStatement
	for s, err := range CFONB120(r, opts) {
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// cfonbLineMax bounds a line of a file with line breaks: past it, the
// line is refused without reading it whole (a record is 120 characters;
// trailing spaces beyond are tolerated up to here).
const cfonbLineMax = 1024

// cfonbEncoding tells whether a CFONB file is UTF-8 — all of it valid
// UTF-8 — and returns the file to read. It reads r to its end (up to
// opts' limit) then seeks back when r is an io.Seeker, and holds the file
// in memory otherwise. Errors are ErrTooLarge, or r's.
func cfonbEncoding(r io.Reader, opts ReadOptions) (io.Reader, bool, error) {
	if sk, ok := r.(io.ReadSeeker); ok {
		if start, err := sk.Seek(0, io.SeekCurrent); err == nil {
			utf, err := validUTF8(opts.limit(sk))
			if err != nil {
				return nil, false, err
			}
			if _, err := sk.Seek(start, io.SeekStart); err != nil {
				return nil, false, err
			}
			return opts.limit(sk), utf, nil
		}
	}
	all, err := io.ReadAll(opts.limit(r))
	if err != nil {
		return nil, false, err
	}
	return bytes.NewReader(all), utf8.Valid(all), nil
}

// validUTF8 reads r and reports whether it is valid UTF-8, stopping at
// the first byte that is not.
func validUTF8(r io.Reader) (bool, error) {
	buf := make([]byte, 64<<10)
	carry := 0 // bytes of a character cut by the end of the last read
	for {
		n, err := r.Read(buf[carry:])
		n += carry
		end := n
		for i := n - 1; i >= 0 && i > n-utf8.UTFMax; i-- {
			if utf8.RuneStart(buf[i]) {
				if !utf8.FullRune(buf[i:n]) {
					end = i
				}
				break
			}
		}
		if !utf8.Valid(buf[:end]) {
			return false, nil
		}
		carry = copy(buf, buf[end:n])
		if errors.Is(err, io.EOF) {
			return carry == 0, nil
		}
		if err != nil {
			return false, err
		}
	}
}

// cfonbReader cuts a CFONB file into records.
type cfonbReader struct {
	br      *bufio.Reader
	utf     bool // the file is UTF-8
	decided bool // whether the file has line breaks is known
	lines   bool // the file has line breaks: a line is a record
	prevCR  bool // the last byte ended a line with CR: an LF right after belongs to it
	line    int  // lines read, with line breaks
	records int  // records read
	buf     []byte
}

func newCFONBReader(r io.Reader, utf bool) *cfonbReader {
	return &cfonbReader{br: bufio.NewReader(r), utf: utf, buf: make([]byte, 0, 128)}
}

// where names the last record read: its line, and its rank in the file.
func (c *cfonbReader) where() string {
	if c.lines {
		return fmt.Sprintf("line %d, record %d", c.line, c.records)
	}
	return fmt.Sprintf("record %d", c.records)
}

// next returns the next record, 120 characters, or io.EOF.
func (c *cfonbReader) next() ([]rune, error) {
	if !c.decided {
		if bom, _ := c.br.Peek(3); string(bom) == "\ufeff" {
			c.br.Discard(3) // a byte order mark, before a flat file too
		}
		// A file has line breaks when its first line break ends a record:
		// what comes before it is 120 characters or fewer once its
		// trailing spaces are cut (a longer first line, up to the longest
		// line read, is a record with trailing spaces or accents in
		// UTF-8). A file without them may end with one, after its records.
		head, err := c.br.Peek(cfonbLineMax + 1)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			return nil, err
		}
		if i := bytes.IndexAny(head, "\r\n"); i >= 0 {
			first := strings.TrimRight(decodeCFONB(head[:i], c.utf), " \x1a")
			c.lines = utf8.RuneCountInString(first) <= 120
		}
		c.decided = true
	}
	if c.lines {
		return c.nextLine()
	}
	return c.nextFlat()
}

func (c *cfonbReader) nextLine() ([]rune, error) {
	for {
		c.buf = c.buf[:0]
		ended := false
		for !ended {
			b, err := c.br.ReadByte()
			if errors.Is(err, io.EOF) {
				if len(c.buf) == 0 {
					return nil, io.EOF
				}
				break
			}
			if err != nil {
				return nil, err
			}
			if b == '\n' && c.prevCR {
				c.prevCR = false
				continue
			}
			c.prevCR = b == '\r'
			switch {
			case b == '\n' || b == '\r':
				ended = true
			case len(c.buf) >= cfonbLineMax:
				return nil, fmt.Errorf("%w: line %d: more than %d characters, a CFONB record has 120", ErrFormat, c.line+1, cfonbLineMax)
			default:
				c.buf = append(c.buf, b)
			}
		}
		c.line++
		rec := []rune(strings.TrimRight(decodeCFONB(c.buf, c.utf), " \x1a"))
		if len(rec) == 0 {
			continue // a blank line
		}
		if len(rec) > 120 {
			return nil, fmt.Errorf("%w: line %d: %d characters, a CFONB record has 120", ErrFormat, c.line, len(rec))
		}
		for len(rec) < 120 {
			rec = append(rec, ' ') // the trailing spaces some tools cut
		}
		c.records++
		return rec, printable(rec, c.where())
	}
}

func (c *cfonbReader) nextFlat() ([]rune, error) {
	c.buf = c.buf[:0]
	for len(c.buf) < 120 {
		b, err := c.br.ReadByte()
		if errors.Is(err, io.EOF) {
			if strings.TrimRight(string(c.buf), " \x1a") == "" {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("%w: record %d: %d characters, a CFONB record has 120", ErrFormat, c.records+1, len(c.buf))
		}
		if err != nil {
			return nil, err
		}
		if b == '\n' || b == '\r' {
			continue // a line break in a file of records without them: a final one, or a copy's wrapping
		}
		c.buf = append(c.buf, b)
	}
	c.records++
	rec := []rune(decodeCFONB(c.buf, false))
	return rec, printable(rec, c.where())
}

// decodeCFONB reads a record's bytes: UTF-8 in a file of UTF-8 (which
// has line breaks to end its records), else Windows-1252, one byte a
// character.
func decodeCFONB(b []byte, utf bool) string {
	if utf {
		return string(b)
	}
	var out strings.Builder
	for _, c := range b {
		out.WriteRune(charmap.Windows1252.DecodeByte(c)) // U+FFFD for the five bytes it leaves undefined
	}
	return out.String()
}

// printable checks that a record holds no control character.
func printable(rec []rune, where string) error {
	for i, r := range rec {
		if r < 0x20 || r >= 0x7f && r < 0xa0 || r == utf8.RuneError {
			return fmt.Errorf("%w: %s: character %d is not printable (%U)", ErrFormat, where, i+1, r)
		}
	}
	return nil
}

// cfonbStatement is a statement being read.
type cfonbStatement struct {
	s       reconcile.BankStatement
	opened  string // where its record 01 is
	account string // bank, branch and account numbers: records must repeat the last two
	digits  int    // the decimals of its record 01
	refs    map[string]bool
	digest  hash.Hash            // of its records, for its ID
	wheres  []string             // where each entry's record 04 is
	last    *reconcile.BankEntry // the movement complements attach to
	zero    reconcile.BankEntry  // a movement of zero, left out: its complements go here
	texts   remittanceTexts      // the last movement's remittance records
}

// remittanceTexts is what a movement's complements have said of its
// remittance so far.
type remittanceTexts struct {
	lcc  string // the last LCC's information as written, which an LC2 continues
	last string // the last remittance record's text, cleaned
}

// col returns columns from to to (1-based, inclusive) of a record.
func col(rec []rune, from, to int) string { return string(rec[from-1 : to]) }

// field returns columns from to to of a record, spaces trimmed.
func field(rec []rune, from, to int) string { return strings.TrimSpace(col(rec, from, to)) }

// cfonbRecord reads a record; it returns the statement a record 07 closes.
func cfonbRecord(st **cfonbStatement, rec []rune, where string) (*reconcile.BankStatement, error) {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrFormat, where, fmt.Sprintf(format, args...))
	}
	code := col(rec, 1, 2)
	account := col(rec, 3, 7) + col(rec, 12, 16) + col(rec, 22, 32)
	if code != "01" && *st == nil {
		return nil, fail("record %s before an opening record 01", code)
	}
	// The bank code may differ: banks of a group (Crédit Mutuel, CIC)
	// write their own on the movements of an account of another's
	// statement. The branch and the account number may not.
	if code != "01" && account[5:] != (*st).account[5:] {
		return nil, fail("record %s of account %s inside the statement of %s", code, account, (*st).account)
	}
	// The decimals of the record's amount: its own, else the statement's.
	digits := func(s *cfonbStatement) (int, error) {
		switch d := col(rec, 20, 20); {
		case d == " " && s != nil:
			return s.digits, nil
		case d >= "0" && d <= "9":
			return int(d[0] - '0'), nil
		}
		return 0, fail("%q decimals (column 20): a digit", col(rec, 20, 20))
	}
	if code != "01" {
		(*st).digest.Write([]byte(string(rec) + "\n"))
	}
	switch code {
	case "01":
		if *st != nil {
			return nil, fail("an opening record 01 before the closing record 07 of account %s", (*st).account)
		}
		ccy := field(rec, 17, 19)
		if ccy == "" {
			// Some banks leave the currency and decimals of records 01
			// and 07 blank on euro accounts.
			ccy = "EUR"
		}
		cur, err := currency.Lookup(ccy)
		if err != nil {
			return nil, fail("currency %q: %v", ccy, err)
		}
		n := cur.Digits()
		if col(rec, 20, 20) != " " {
			if n, err = digits(nil); err != nil {
				return nil, err
			}
		}
		iban, err := ident.IBANOfRIB(field(rec, 3, 7), field(rec, 12, 16), field(rec, 22, 32))
		if err != nil {
			return nil, fail("account: %v", err)
		}
		day, err := cfonbDate(col(rec, 35, 40))
		if err != nil {
			return nil, fail("opening date: %v", err)
		}
		bal, err := cfonbAmount(cur, col(rec, 91, 104), n)
		if err != nil {
			return nil, fail("opening balance: %v", err)
		}
		*st = &cfonbStatement{account: account, digits: n, opened: where, refs: map[string]bool{}, digest: sha256.New(),
			s: reconcile.BankStatement{Account: iban, Currency: cur, Opening: bal, OpeningDate: day}}
		(*st).digest.Write([]byte(string(rec) + "\n"))
	case "04":
		s := *st
		if err := sameCurrency(s, rec); err != nil {
			return nil, fail("%v", err)
		}
		// A reject reason (columns 41–42) marks a movement that undoes an
		// earlier one: a returned transfer, an unpaid cheque or bill.
		e := reconcile.BankEntry{BankCode: field(rec, 33, 34), Label: cleanText(field(rec, 49, 79)), Reversal: field(rec, 41, 42) != ""}
		var err error
		if e.BookingDate, err = cfonbDate(col(rec, 35, 40)); err != nil {
			return nil, fail("booking date: %v", err)
		}
		if v := col(rec, 43, 48); strings.TrimSpace(v) != "" {
			if e.ValueDate, err = cfonbDate(v); err != nil {
				return nil, fail("value date: %v", err)
			}
		}
		n, err := digits(s)
		if err != nil {
			return nil, err
		}
		if e.Amount, err = cfonbAmount(s.s.Currency, col(rec, 91, 104), n); err != nil {
			return nil, fail("amount: %v", err)
		}
		if e.Amount.IsZero() {
			// A notice of nothing moved (a waived fee): no movement.
			s.zero, s.last, s.texts = e, &s.zero, remittanceTexts{}
			return nil, nil
		}
		// The bank's entry number identifies the movement; the reference
		// zone is the payer's, and two movements may share it.
		switch number := field(rec, 82, 88); {
		case number != "" && strings.Trim(number, "0") != "":
			e.Ref = e.BookingDate.String() + "/" + number
		default:
			e.Ref = fmt.Sprintf("#%d", len(s.s.Entries)+1)
		}
		if s.refs[e.Ref] {
			base := e.Ref
			for k := 2; s.refs[e.Ref]; k++ {
				e.Ref = fmt.Sprintf("%s/%d", base, k)
			}
		}
		s.refs[e.Ref] = true
		if ref := field(rec, 105, 120); reference(ref) != "" {
			e.Transactions = []reconcile.BankTransaction{{EndToEndID: ref}}
		}
		s.s.Entries = append(s.s.Entries, e)
		s.wheres = append(s.wheres, where)
		s.last, s.texts = &s.s.Entries[len(s.s.Entries)-1], remittanceTexts{}
	case "05":
		s := *st
		if s.last == nil {
			return nil, fail("a complement record 05 before any movement 04")
		}
		if err := complement(s.last, field(rec, 46, 48), col(rec, 49, 118), &s.texts); err != nil {
			return nil, fail("%v", err)
		}
	case "07":
		s := *st
		if err := sameCurrency(s, rec); err != nil {
			return nil, fail("%v", err)
		}
		day, err := cfonbDate(col(rec, 35, 40))
		if err != nil {
			return nil, fail("closing date: %v", err)
		}
		if day.Before(s.s.OpeningDate) {
			return nil, fail("closing date %s before the opening date %s", day, s.s.OpeningDate)
		}
		n, err := digits(s)
		if err != nil {
			return nil, err
		}
		if s.s.Closing, err = cfonbAmount(s.s.Currency, col(rec, 91, 104), n); err != nil {
			return nil, fail("closing balance: %v", err)
		}
		s.s.ClosingDate = day
		s.s.ID = s.id()
		if err := s.inPeriod(); err != nil {
			return nil, err
		}
		*st = nil
		return &s.s, nil
	default:
		return nil, fail("unknown record code %q (01, 04, 05 or 07)", code)
	}
	return nil, nil
}

// id is a statement's ID once its record 07 is read: its opening and
// closing dates, which people recognise, and the first 8 hexadecimal
// digits of the SHA-256 of its records, which tell apart two statements
// over the same dates and are the same whenever the same statement is
// read again (see CFONB120).
func (s *cfonbStatement) id() string {
	day := func(d journal.Date) string { return strings.ReplaceAll(d.String(), "-", "") }
	return fmt.Sprintf("%s-%s-%x", day(s.s.OpeningDate), day(s.s.ClosingDate), s.digest.Sum(nil)[:4])
}

// inPeriod checks that every movement is booked between the statement's
// opening and closing dates, both included, and returns a *PeriodError
// for the first that is not.
//
// The date a record 04 gives in columns 35–40 is the day the bank booked
// the movement (date de comptabilisation), which the package reads as
// its booking date. The record 01's date is the day of the old balance —
// the last day of the period before, by the CFONB brochure, though some
// banks give the first day of the statement's period —, the record 07's
// the last day of the period: a movement booked before the first or
// after the second contradicts the balances, which are taken on those
// days, whatever the bank's practice. What may rightly fall outside is
// not checked: the value date (columns 43–48), days before or after the
// booking (a transfer valued the day before, a cheque deposit valued
// days after), and the day of the operation itself (a card payment
// booked at the end of the month), which banks give in the label or a
// complement, not in the record's dates. A movement booked on the old
// balance's day is let through, for the banks that date the record 01
// with the period's first day.
func (s *cfonbStatement) inPeriod() error {
	for i, e := range s.s.Entries {
		if e.BookingDate.Before(s.s.OpeningDate) || e.BookingDate.After(s.s.ClosingDate) {
			return &PeriodError{Where: s.wheres[i], Statement: s.s.ID, Ref: e.Ref,
				Booked: e.BookingDate, From: s.s.OpeningDate, To: s.s.ClosingDate}
		}
	}
	return nil
}

// sameCurrency checks that a record 04 or 07 is in its statement's
// currency (columns 17–19, which a blank leaves the statement's).
func sameCurrency(s *cfonbStatement, rec []rune) error {
	if ccy := field(rec, 17, 19); ccy != "" && ccy != s.s.Currency.Code() {
		return fmt.Errorf("a record in %s in a statement in %s", ccy, s.s.Currency.Code())
	}
	return nil
}

// complement reads a record 05's qualifier and its 70 characters of
// information into the movement it follows; texts is what the movement's
// earlier complements said of its remittance. Its error says what is
// wrong with an amount (MMO, FEE).
func complement(e *reconcile.BankEntry, qualifier, info string, texts *remittanceTexts) error {
	if len(e.Transactions) == 0 {
		e.Transactions = []reconcile.BankTransaction{{}}
	}
	t := &e.Transactions[0]
	text := cleanText(info)
	appendText := func(to *string) { *to = cleanText(*to + " " + text) }
	switch qualifier {
	case "NPY", "NBE":
		// The payer is the counterparty of money in, the beneficiary of
		// money out. The other is the account's holder: a direct debit
		// names it as payer. A return (a reject code) names the parties
		// of the payment it undoes: the payer of a transfer received and
		// sent back, the beneficiary of one sent and come back.
		in := e.Amount.Sign() > 0
		if e.Reversal {
			in = !in
		}
		if (qualifier == "NPY") == in {
			t.Counterparty = text
		}
	case "RCN": // the client's reference (35), then the purpose
		// As given, spaces inside kept: an end-to-end id is compared
		// whole.
		if ref := strings.TrimSpace(string([]rune(info)[:35])); reference(ref) != "" {
			t.EndToEndID = ref // NOTPROVIDED is none, as in camt.053
		}
	case "LC2":
		// The SEPA remittance's characters 71 to 140: the bank cut the
		// text after the LCC's 70th, maybe in the middle of a word.
		if first := cleanText(texts.lcc); texts.lcc != "" && texts.last == first && strings.HasSuffix(t.Remittance, first) {
			t.Remittance = cleanText(strings.TrimSuffix(t.Remittance, first) + " " + cleanText(texts.lcc+info))
		} else {
			appendText(&t.Remittance)
		}
		texts.lcc, texts.last = "", ""
	case "LIB", "LCC", "":
		if qualifier == "LCC" {
			texts.lcc = info
		}
		// Banks often give the remittance's first 70 characters both as
		// LIB and as LCC, before or after the LCC and LC2: once is
		// enough.
		if text != texts.last && !saysAgain(t.Remittance, text) {
			appendText(&t.Remittance)
		}
		texts.last = text
	case "LCS":
		if _, ok := ident.ParseCreditorReference(text); ok && t.CreditorRef == "" {
			t.CreditorRef = text
		} else {
			appendText(&t.Remittance)
		}
	case "REF":
		if _, ok := ident.ParseCreditorReference(text); ok && t.CreditorRef == "" {
			t.CreditorRef = text
		}
	case "MMO":
		// The amount the payer gave, before the bank converted it. In
		// the account's currency it says nothing the movement does not.
		a, err := complementAmount(info)
		if err != nil {
			return fmt.Errorf("MMO (amount in the original currency): %v", err)
		}
		if a.Currency() != e.Amount.Currency() && !a.IsZero() {
			if e.Amount.Sign() < 0 {
				a = a.Neg()
			}
			t.Instructed = a
		}
	case "FEE":
		// Commissions the bank took on the movement: charges, in the
		// account's currency. In another, they were not taken from this
		// account (a correspondent's, deducted before the conversion)
		// and are no charge of it.
		a, err := complementAmount(info)
		if err != nil {
			return fmt.Errorf("FEE (commissions): %v", err)
		}
		if a.Currency() == e.Amount.Currency() && !a.IsZero() {
			t.Charges = addCharges(t.Charges, a)
			e.Charges = addCharges(e.Charges, a)
		}
	}
	return nil
}

// complementAmount reads the amount that starts a record 05's
// information for MMO and FEE: its ISO 4217 currency (3), its number of
// decimals (1) and the amount (14 digits, unsigned; a last character of
// the records 04's signed form is read as its digit, the sign left
// aside). What follows (MMO's exchange rate) is not read.
func complementAmount(info string) (currency.Amount, error) {
	r := []rune(info)
	ccy, digits, n := string(r[0:3]), string(r[3:4]), string(r[4:18])
	cur, err := currency.Lookup(ccy)
	if err != nil {
		return currency.Amount{}, fmt.Errorf("currency %q: %v", ccy, err)
	}
	if !allDigits(digits) {
		return currency.Amount{}, fmt.Errorf("%q decimals: a digit", digits)
	}
	if !allDigits(n) {
		a, err := cfonbAmount(cur, n, int(digits[0]-'0'))
		return a.Abs(), err
	}
	return cfonbAmount(cur, n[:13]+string("{ABCDEFGHI"[n[13]-'0']), int(digits[0]-'0'))
}

// addCharges adds a commission to the charges a movement states so far
// (none when unset).
func addCharges(to, a currency.Amount) currency.Amount {
	if !to.IsSet() {
		return a
	}
	sum, err := to.Add(a)
	if err != nil {
		panic(fmt.Sprintf("bank: adding charges %s and %s: %v", to, a, err)) // 13 digits each: the sum fits
	}
	return sum
}

// cfonbDate reads a JJMMAA date, its century windowed as POSIX %y does:
// 69 to 99 are 1969 to 1999 (archives of the franc years), 00 to 68 are
// 2000 to 2068.
func cfonbDate(s string) (journal.Date, error) {
	if len(s) != 6 || !allDigits(s) {
		return journal.Date{}, fmt.Errorf("%q is not JJMMAA", s)
	}
	century := "20"
	if s[4:6] >= "69" {
		century = "19"
	}
	d, err := journal.ParseDate(century + s[4:6] + "-" + s[2:4] + "-" + s[0:2])
	if err != nil {
		return journal.Date{}, fmt.Errorf("%q: %v", s, err)
	}
	return d, nil
}

// cfonbAmount reads a 14-character signed amount with digits decimals:
// 13 digits and a last character carrying the last digit and the sign
// ({, A–I positive; }, J–R negative). The amount must be exact in cur.
func cfonbAmount(cur currency.Currency, s string, digits int) (currency.Amount, error) {
	if len(s) != 14 || !allDigits(s[:13]) {
		return currency.Amount{}, fmt.Errorf("%q: 13 digits and a sign character", s)
	}
	last := s[13]
	var digit byte
	neg := false
	switch {
	case last == '{':
	case last >= 'A' && last <= 'I':
		digit = last - 'A' + 1
	case last == '}':
		neg = true
	case last >= 'J' && last <= 'R':
		digit, neg = last-'J'+1, true
	default:
		return currency.Amount{}, fmt.Errorf("%q: sign character %q", s, last)
	}
	n := s[:13] + string('0'+digit)
	if digits == cur.Digits() {
		v, err := strconv.ParseInt(n, 10, 64)
		if err != nil {
			return currency.Amount{}, fmt.Errorf("%q: %v", s, err)
		}
		if neg {
			v = -v
		}
		return currency.FromMinor(cur, v), nil
	}
	dec := n[:14-digits] + "." + n[14-digits:]
	a, err := currency.Parse(cur, strings.TrimSuffix(dec, "."))
	if err != nil {
		return currency.Amount{}, fmt.Errorf("%q with %d decimals: %v", s, digits, err)
	}
	if neg {
		a = a.Neg()
	}
	return a, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// saysAgain reports whether text repeats what the remittance rem already
// says: its words there whole ("F-1" is not in "F-10 F-11": another
// invoice), or its beginning as the bank cut it, maybe mid-word (the
// first 70 characters given again as LIB after the LCC and LC2).
func saysAgain(rem, text string) bool {
	return strings.Contains(" "+rem+" ", " "+text+" ") || strings.HasPrefix(rem, text)
}
