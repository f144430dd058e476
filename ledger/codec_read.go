package ledger

import (
	"encoding/binary"
	"math"
	"unicode/utf8"

	"github.com/fxamacker/cbor/v2"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
)

// Entry records are read on every listing, balance check and catch-up:
// decoding them by reflection was a sixth of a general ledger's time. The
// readers below decode the one form this package writes (appendEntry:
// definite lengths, integer keys in ascending order, each field of its
// type) without reflection, and give up on anything else — another
// order, a duplicate or unknown key, a tag, an indefinite length, bytes
// left over, a value out of its field's range, text that is not UTF-8 —
// so that the caller decodes by reflection instead, whose answer, value
// or error, stands. What they accept, the reflection decoder accepts too
// and decodes to the same value (TestReadEntryRecMatchesDecMode,
// FuzzReadEntryRec).

// cborReader reads canonical CBOR from b; bad is set at the first item it
// does not expect, and every later read returns zero values.
type cborReader struct {
	b   []byte
	i   int
	bad bool
	// skip has text and byte strings checked and not copied: text() gives
	// "", bytes() nil (fields a partial reader does not keep).
	skip bool
	// view has byte strings given as slices of b, not copies: for a
	// record turned into an entry (which copies them) before b changes.
	view bool
	// lines, when set, lends readEntry its record's lines: a record
	// turned into an entry at once keeps none of them.
	lines *[]lineRec
	// names, when set, keeps the codes records repeat (nameTable): a code
	// read again is not copied again.
	names *nameTable
	// only, above 0, has readEntry keep line only-1 alone, the others
	// checked and not kept: an open item's reader needs one line.
	only int
	// label is the entry's label, once read: a line labelled alike (a
	// bank line, most often) shares its text.
	label string
}

// head reads an item's initial byte and argument, of major type major.
func (r *cborReader) head(major byte) uint64 {
	if r.bad || r.i >= len(r.b) || r.b[r.i]&0xe0 != major {
		r.bad = true
		return 0
	}
	ai := r.b[r.i] & 0x1f
	r.i++
	var n int
	switch {
	case ai < 24:
		return uint64(ai)
	case ai == 24:
		n = 1
	case ai == 25:
		n = 2
	case ai == 26:
		n = 4
	case ai == 27:
		n = 8
	default: // indefinite lengths and reserved values
		r.bad = true
		return 0
	}
	if len(r.b)-r.i < n {
		r.bad = true
		return 0
	}
	var v uint64
	for _, c := range r.b[r.i : r.i+n] {
		v = v<<8 | uint64(c)
	}
	r.i += n
	return v
}

// next reports whether the next item starts with byte c, consuming it if
// so.
func (r *cborReader) next(c byte) bool {
	if !r.bad && r.i < len(r.b) && r.b[r.i] == c {
		r.i++
		return true
	}
	return false
}

// key reads a map key, which must be above the previous one.
func (r *cborReader) key(prev *int) int {
	k := r.head(cborUint)
	if k > math.MaxInt32 || int(k) <= *prev {
		r.bad = true
		return 0
	}
	*prev = int(k)
	return int(k)
}

func (r *cborReader) uint(limit uint64) uint64 {
	v := r.head(cborUint)
	if v > limit {
		r.bad = true
		return 0
	}
	return v
}

func (r *cborReader) int() int64 {
	if !r.bad && r.i < len(r.b) && r.b[r.i]&0xe0 == cborNeg {
		v := r.head(cborNeg)
		if v > math.MaxInt64 {
			r.bad = true
			return 0
		}
		return -1 - int64(v)
	}
	return int64(r.uint(math.MaxInt64))
}

// span reads the head of a string of major type major and returns its
// content, a slice of b.
func (r *cborReader) span(major byte) []byte {
	n := r.head(major)
	if r.bad || n > uint64(len(r.b)-r.i) {
		r.bad = true
		return nil
	}
	s := r.b[r.i : r.i+int(n)]
	r.i += int(n)
	return s
}

// textSpan reads a text's content as a slice of b, checked to be UTF-8;
// nil when it is not (r.bad then set).
func (r *cborReader) textSpan() []byte {
	s := r.span(cborText)
	if !utf8.Valid(s) {
		r.bad = true
		return nil
	}
	return s
}

func (r *cborReader) text() string {
	s := r.textSpan()
	if r.skip {
		return ""
	}
	return string(s)
}

// name reads a text that records repeat (a journal, account, partner,
// currency or fiscal year code), through the reader's name table when it
// has one.
func (r *cborReader) name() string {
	if r.names == nil || r.skip {
		return r.text()
	}
	if s := r.textSpan(); !r.bad {
		return r.names.text(s)
	}
	return ""
}

// amount reads an amount's text: in view mode as a slice of b (parsed at
// once and never kept, it needs no copy), else as a string in *text.
func (r *cborReader) amount(text *string, view *[]byte) {
	if !r.view {
		*text = r.text()
		return
	}
	if s := r.textSpan(); !r.skip && !r.bad {
		*view = s[:len(s):len(s)]
	}
}

// bytes reads a byte string, copied, or null (nil).
func (r *cborReader) bytes() []byte {
	if r.next(cborNull) {
		return nil
	}
	s := r.span(cborBytes)
	if r.bad || r.skip {
		return nil
	}
	if r.view {
		return s[:len(s):len(s)]
	}
	return append([]byte{}, s...)
}

// array reads an array's head, at most decodeArrayMax elements, as the
// reflection decoder allows.
func (r *cborReader) array() int {
	n := r.head(cborArray)
	if n > decodeArrayMax || n > uint64(len(r.b)-r.i) { // an element takes a byte at least
		r.bad = true
		return 0
	}
	return int(n)
}

// cborFields walks a map whose keys are integers in ascending order:
//
//	for f := rd.fields(); f.next(); {
//		switch f.key { … read the value … }
//	}
type cborFields struct {
	r    *cborReader
	n    uint64 // pairs left
	prev int
	key  int
}

func (r *cborReader) fields() cborFields {
	return cborFields{r: r, n: r.head(cborMap), prev: -1}
}

// next reads the next key, false once the map ends or an item is not as
// expected.
func (f *cborFields) next() bool {
	if f.n == 0 || f.r.bad {
		return false
	}
	f.n--
	f.key = f.r.key(&f.prev)
	return !f.r.bad
}

// cborFalse is the simple value false.
const cborFalse = 0xf4

// decodeArrayMax is decMode's MaxArrayElements.
const decodeArrayMax = max(2*MatchLinesMax, 2*journal.EntryLinesMax)

// readEntryRec decodes b, an encoded entry record, into r; false when b
// is not in the form appendEntry writes (r is then to be decoded by
// reflection).
func readEntryRec(b []byte, r *entryRec, view bool, lines *[]lineRec) bool {
	rd := cborReader{b: b, view: view, lines: lines}
	return rd.entryRec(r)
}

// entryRec reads the whole of rd's input as an entry record into r, and
// reports whether it was one.
func (rd *cborReader) entryRec(r *entryRec) bool {
	*r = entryRec{}
	rd.readEntry(r, nil)
	return !rd.bad && rd.i == len(rd.b)
}

// logLinesKeys are the keys of the fields logLines keeps.
var logLinesKeys = [...]bool{1: true, 2: true, 3: true, 7: true, 8: true, 10: true, 12: true, 13: true, 14: true}

// readEntry reads an entry record into r; with lines set, as logLines
// does: its lines are left encoded, each appended to *lines as a slice of
// the input, r.Lines stays nil, and the fields logLines does not keep are
// checked, not kept.
func (rd *cborReader) readEntry(r *entryRec, lines *[][]byte) {
	defer func() { rd.skip = false }()
	for f := rd.fields(); f.next(); {
		k := f.key
		// Lines, key 9, are checked without being kept, or kept whole.
		rd.skip = lines != nil && (k >= len(logLinesKeys) || !logLinesKeys[k])
		switch k {
		case 0:
			r.V = int(rd.int())
		case 1:
			r.ID = rd.bytes()
		case 2:
			r.Journal = rd.name()
		case 3:
			r.Date = uint32(rd.uint(math.MaxUint32))
		case 4:
			r.Type = uint8(rd.uint(math.MaxUint8))
		case 5:
			r.DocKind = uint8(rd.uint(math.MaxUint8))
		case 6:
			r.Ref = rd.text()
		case 7:
			r.Label = rd.text()
			rd.label = r.Label
		case 8:
			r.Currency = rd.name()
		case 9:
			if rd.next(cborNull) {
				continue
			}
			count := rd.array()
			switch {
			case lines == nil && rd.lines != nil && count <= cap(*rd.lines):
				r.Lines = (*rd.lines)[:count]
			case lines == nil:
				r.Lines = make([]lineRec, count)
				if rd.lines != nil {
					*rd.lines = r.Lines
				}
			default:
				*lines = make([][]byte, 0, count)
			}
			for i := range count {
				start := rd.i
				var l lineRec
				if rd.only > 0 && i != rd.only-1 {
					rd.skip = true // checked, not kept
					rd.readLine(&l)
					rd.skip = false
					continue
				}
				rd.readLine(&l)
				if lines == nil {
					r.Lines[i] = l
				} else {
					*lines = append(*lines, rd.b[start:rd.i])
				}
			}
		case 10:
			r.ReversalOf = rd.bytes()
		case 11:
			r.Origin = rd.bytes()
		case 12:
			r.FiscalYear = rd.name()
		case 13:
			r.Number = rd.int()
		case 14:
			r.Seq = rd.uint(math.MaxUint64)
		case 15:
			r.PostedAt = rd.int()
		case 16:
			r.Input = rd.bytes()
		case 18:
			r.Document = rd.bytes()
		case 19:
			r.Discount = rd.text()
		case 20:
			r.DiscountUntil = uint32(rd.uint(math.MaxUint32))
		default:
			rd.bad = true
		}
	}
}

// readLineRec decodes b, an encoded line record, into l; false when it is
// not in the form appendLineRec writes.
func readLineRec(b []byte, l *lineRec) bool {
	*l = lineRec{}
	rd := &cborReader{b: b}
	rd.readLine(l)
	return !rd.bad && rd.i == len(b)
}

func (rd *cborReader) readLine(l *lineRec) {
	for f := rd.fields(); f.next(); {
		switch f.key {
		case 1:
			l.Account = rd.name()
		case 2:
			l.Partner = rd.name()
		case 3:
			l.Label = rd.lineLabel()
		case 4:
			l.Due = uint32(rd.uint(math.MaxUint32))
		case 5:
			l.Role = uint8(rd.uint(math.MaxUint8))
		case 6:
			if rd.next(cborNull) {
				continue
			}
			n := rd.array()
			if rd.skip {
				for range n {
					var t taxRec
					rd.readTax(&t)
				}
				continue
			}
			l.Taxes = make([]taxRec, n)
			for i := range l.Taxes {
				rd.readTax(&l.Taxes[i])
			}
		case 7:
			rd.amount(&l.Balance, &l.balanceText)
		case 8:
			rd.amount(&l.AmountCurrency, &l.amountText)
		default:
			rd.bad = true
		}
	}
}

// lineLabel reads a line's label, the entry's text when they are alike.
func (r *cborReader) lineLabel() string {
	if r.label == "" || r.skip {
		return r.text()
	}
	if s := r.textSpan(); string(s) != r.label {
		return string(s)
	}
	return r.label
}

func (rd *cborReader) readTax(t *taxRec) {
	for f := rd.fields(); f.next(); {
		switch f.key {
		case 1:
			t.ID = rd.text()
		case 2:
			t.Name = rd.text()
		case 3:
			t.Rate = rd.text()
		case 4:
			switch {
			case rd.next(cborTrue):
				t.PriceIncluded = true
			case rd.next(cborFalse):
			default:
				rd.bad = true
			}
		case 5:
			t.Exigibility = uint8(rd.uint(math.MaxUint8))
		case 6:
			t.Final = rd.text()
		case 7:
			t.Transition = rd.text()
		case 8:
			t.Base = rd.text()
		case 9:
			t.Due = rd.text()
		default:
			rd.bad = true
		}
	}
}

// readLogLines decodes b, an encoded entry record, into r as logLines
// does, its lines left encoded as slices of b (valid while b is); false
// when b is not in the form appendEntry writes.
func readLogLines(b []byte, r *logLines) bool {
	var e entryRec
	var lines [][]byte
	rd := &cborReader{b: b}
	rd.readEntry(&e, &lines)
	if rd.bad || rd.i != len(b) {
		return false
	}
	*r = logLines{ID: e.ID, Journal: e.Journal, Date: e.Date, Label: e.Label, Currency: e.Currency, ReversalOf: e.ReversalOf,
		FiscalYear: e.FiscalYear, Number: e.Number, Seq: e.Seq}
	if lines != nil {
		r.Lines = make([]cbor.RawMessage, len(lines))
		for i, l := range lines {
			r.Lines[i] = l
		}
	}
	return true
}

// Aggregates of the text form are read and rewritten by batches: their
// records are written and read by hand too, as encMode and decMode do
// (TestAggRecsMatchReflection).

// appendAggRec appends the encoding of r, as encMode.Marshal(r) gives it.
func appendAggRec(dst []byte, r *aggRec) []byte {
	m := startMap(dst)
	m.text(1, r.Debit, false)
	m.text(2, r.Credit, false)
	m.text(3, r.AmountCurrency, true)
	return m.end()
}

// readAggRec decodes an aggregate record; false when b is not in the form
// appendAggRec writes.
func readAggRec(b []byte, r *aggRec) bool {
	*r = aggRec{}
	return readTextMap(b, &r.Debit, &r.Credit, &r.AmountCurrency)
}

// An aggregate's stored value has two forms. The binary form is
// aggBinary, then the debit and the credit as unsigned varints of minor
// units of the company currency, then, for an aggregate of one currency
// (cur set), its amount in that currency as a zigzag varint of its minor
// units: 3 to 10 bytes where the decimal texts took 16 to 20. An aggregate
// is a sum of amounts quantized to their currency, so minor units hold it
// exactly while it fits an int64; one that does not (a sum past 9.2·10^16
// EUR, or an amount with more decimals than its currency allows, which no
// canonical amount has) keeps the text form, aggRec's CBOR map
// (appendAggRec), rather than lose a digit. A CBOR map starts with a byte
// of 0xa0 to 0xbf, never aggBinary: the first byte tells the forms apart,
// and decodeAgg reads both.
const aggBinary byte = 0x01

// appendAggValue appends the value the book stores for aggregate d: the
// binary form when all its amounts fit one, the text form otherwise. Its
// currency amount is written when it is set, which it is exactly for an
// aggregate of one currency (aggSet.at, Tx.storedAgg).
func appendAggValue(dst []byte, d *aggDelta) []byte {
	debit, okDebit := minorUnits(d.debit)
	credit, okCredit := minorUnits(d.credit)
	amount, okAmount := int64(0), true
	if d.amountCurrency.IsSet() {
		amount, okAmount = minorUnits(d.amountCurrency)
	}
	if !okDebit || !okCredit || !okAmount || debit < 0 || credit < 0 {
		rec := d.rec()
		return appendAggRec(dst, &rec)
	}
	dst = binary.AppendUvarint(append(dst, aggBinary), uint64(debit))
	dst = binary.AppendUvarint(dst, uint64(credit))
	if d.amountCurrency.IsSet() {
		dst = binary.AppendVarint(dst, amount)
	}
	return dst
}

// minorUnits returns a as an int64 of minor units of its currency; false
// when it does not fit one or when those units are not exactly a (a
// decimal finer than its currency's).
func minorUnits(a currency.Amount) (int64, bool) {
	n, ok := a.MinorUnits()
	return n, ok && currency.FromMinor(a.Currency(), n).Equal(a)
}

// readAggValue decodes an aggregate value of the binary form
// (appendAggValue) into d: debit and credit in company, and when cur is
// set the amount in cur, which the value must then hold. It returns false
// when b is not of that form: another first byte, a varint cut short or
// too long, a debit or credit past an int64, bytes left over.
func readAggValue(b []byte, company, cur currency.Currency, d *aggDelta) bool {
	if len(b) == 0 || b[0] != aggBinary {
		return false
	}
	b = b[1:]
	debit, n := binary.Uvarint(b)
	if n <= 0 || debit > math.MaxInt64 {
		return false
	}
	b = b[n:]
	credit, n := binary.Uvarint(b)
	if n <= 0 || credit > math.MaxInt64 {
		return false
	}
	b = b[n:]
	*d = aggDelta{debit: currency.FromMinor(company, int64(debit)), credit: currency.FromMinor(company, int64(credit))}
	if !cur.IsZero() {
		amount, n := binary.Varint(b)
		if n <= 0 {
			return false
		}
		b = b[n:]
		d.amountCurrency = currency.FromMinor(cur, amount)
	}
	return len(b) == 0
}

// readTextMap decodes a map whose keys are 1 to len(fields), each a text,
// into fields, in the form encMode writes (keys in order, any of them
// omitted); false on anything else.
func readTextMap(b []byte, fields ...*string) bool {
	rd := &cborReader{b: b}
	for f := rd.fields(); f.next(); {
		if f.key < 1 || f.key > len(fields) {
			return false
		}
		*fields[f.key-1] = rd.text()
	}
	return !rd.bad && rd.i == len(b)
}

// nameTable keeps the codes a transaction's records repeat — journal,
// fiscal year, currency, account and partner codes — so that reading one
// again gives the string read before instead of a copy: an open item's
// reader reads a record a line, and the codes were most of its
// allocations. It is one transaction's, never shared between goroutines.
type nameTable struct {
	m map[string]string
}

// Bounds of a name table: a code longer than nameLenMax is not kept (a
// code is short; a long text is seldom read again), and a table that
// reaches namesMax starts again empty, so that a walk over a book of
// many partners keeps only the latest.
const (
	nameLenMax = 64
	namesMax   = 4096
)

// text returns b as a string, the one the table holds when it holds it.
func (n *nameTable) text(b []byte) string {
	if s, ok := n.m[string(b)]; ok { // a lookup, no copy
		return s
	}
	s := string(b)
	if len(b) > nameLenMax {
		return s
	}
	if n.m == nil {
		n.m = map[string]string{} // grown as codes come: most transactions read few
	} else if len(n.m) >= namesMax {
		clear(n.m)
	}
	n.m[s] = s
	return s
}
