package ledger

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
)

// Partials and matches are stored in a binary layout rather than CBOR: a
// book letters a line or two per partial and writes each partial and match
// once (twice when undone), so their bytes are most of what lettering
// adds to the trees beside the line states. Neither record repeats its id,
// which is its key; amounts are varints of minor units, their decimal text
// kept only for an amount that minor units do not hold exactly; a
// currency is named only when it is not the company's. The first byte is
// the layout's version, as a CBOR record's first field is.
const letterRecVersion byte = 1

// The flags byte of a partial's record, after its version.
const (
	partialDebitForeign  byte = 1 << iota // the debit amount's currency follows
	partialCreditForeign                  // the credit amount's currency follows
	partialOperation                      // the operation id follows
	partialUndone                         // the undoing operation and time follow
	partialFlagsAll      = partialDebitForeign | partialCreditForeign | partialOperation | partialUndone
)

// The flags byte of a match's record, after its version.
const (
	matchOperation byte = 1 << iota // the operation id follows
	matchUndone                     // the undoing operation and time follow
	matchFlagsAll  = matchOperation | matchUndone
)

// letterTextMax bounds a text field of a partial or a match (code, account,
// partner, currency, an amount's decimal text): a longer one is damage.
const letterTextMax = 1 << 10

// appendPartialValue appends the record of partial p, company being the
// book's currency: version, flags, the debit and the credit line (entry id,
// index as a uvarint), the date key and kind, the three amounts
// (appendLetterAmount), the foreign currencies, the operation, the
// creation time (a zigzag varint of Unix nanoseconds) and, once undone,
// the undoing operation and time.
func appendPartialValue(dst []byte, p *journal.Partial, company currency.Currency) []byte {
	var flags byte
	dc, cc := p.DebitAmountCurrency.Currency(), p.CreditAmountCurrency.Currency()
	if dc != company {
		flags |= partialDebitForeign
	}
	if cc != company {
		flags |= partialCreditForeign
	}
	if p.Operation != journal.NoID {
		flags |= partialOperation
	}
	if p.UndoneBy != journal.NoID || !p.UndoneAt.IsZero() {
		flags |= partialUndone
	}
	dst = append(dst, letterRecVersion, flags)
	dst = appendLetterRef(dst, p.Debit)
	dst = appendLetterRef(dst, p.Credit)
	dst = append(binary.AppendUvarint(dst, uint64(p.Date.Key())), byte(p.Kind))
	dst = appendLetterAmount(dst, p.Amount)
	dst = appendLetterAmount(dst, p.DebitAmountCurrency)
	dst = appendLetterAmount(dst, p.CreditAmountCurrency)
	if flags&partialDebitForeign != 0 {
		dst = appendLetterText(dst, dc.Code())
	}
	if flags&partialCreditForeign != 0 {
		dst = appendLetterText(dst, cc.Code())
	}
	if flags&partialOperation != 0 {
		dst = append(dst, p.Operation[:]...)
	}
	dst = binary.AppendVarint(dst, unixNano(p.CreatedAt))
	if flags&partialUndone != 0 {
		dst = binary.AppendVarint(append(dst, p.UndoneBy[:]...), unixNano(p.UndoneAt))
	}
	return dst
}

// partialValueRoom is about the length of a partial's record: room made
// for it up front rather than grown from nothing.
const partialValueRoom = 128

// decodePartial decodes the record v of the partial stored under key id
// (appendPartialValue); ErrFormat when it is not one.
func (t *Tx) decodePartial(id, v []byte) (journal.Partial, error) {
	var p journal.Partial
	bad := func(what string) (journal.Partial, error) {
		return journal.Partial{}, fmt.Errorf("%w: partial %x: %s", ErrFormat, id, what)
	}
	r, flags, problem := openLetterRecord(id, v, partialFlagsAll)
	if problem != "" {
		return bad(problem)
	}
	p.ID = journal.ID(id)
	p.Debit, p.Credit = r.ref(), r.ref()
	date := r.uvarint()
	p.Kind = journal.PartialKind(r.byte())
	amount, debit, credit := r.amount(), r.amount(), r.amount()
	dcode, ccode := t.b.company.Code(), t.b.company.Code()
	if flags&partialDebitForeign != 0 {
		dcode = r.text()
	}
	if flags&partialCreditForeign != 0 {
		ccode = r.text()
	}
	if flags&partialOperation != 0 {
		p.Operation = r.id()
	}
	p.CreatedAt = timeFrom(r.varint())
	if flags&partialUndone != 0 {
		p.UndoneBy = r.id()
		p.UndoneAt = timeFrom(r.varint())
	}
	if r.bad || len(r.b) != 0 || date > math.MaxUint32 {
		return bad("cut short, too long or out of range")
	}
	var err error
	if p.Date, err = journal.DateFromKey(uint32(date)); err != nil {
		return bad(err.Error())
	}
	if p.Amount, err = amount.in(t.b.company); err != nil {
		return bad(err.Error())
	}
	for _, x := range []struct {
		code string
		a    letterAmount
		dst  *currency.Amount
	}{{dcode, debit, &p.DebitAmountCurrency}, {ccode, credit, &p.CreditAmountCurrency}} {
		c, err := t.currencyOf(x.code)
		if err != nil {
			return bad(err.Error())
		}
		if *x.dst, err = x.a.in(c); err != nil {
			return bad(err.Error())
		}
	}
	return p, nil
}

// appendMatchValue appends the record of match m: version, flags, code,
// account and partner (appendLetterText), the date key, the lines (a
// count, then each as appendLetterRef), the partials (a count, then their
// ids), the operation, the creation time and, once undone, the undoing
// operation and time.
func appendMatchValue(dst []byte, m *journal.Match) []byte {
	var flags byte
	if m.Operation != journal.NoID {
		flags |= matchOperation
	}
	if m.UndoneBy != journal.NoID || !m.UndoneAt.IsZero() {
		flags |= matchUndone
	}
	dst = append(dst, letterRecVersion, flags)
	dst = appendLetterText(appendLetterText(appendLetterText(dst, m.Code), m.Account), m.Partner)
	dst = binary.AppendUvarint(dst, uint64(m.Date.Key()))
	dst = binary.AppendUvarint(dst, uint64(len(m.Lines)))
	for _, l := range m.Lines {
		dst = appendLetterRef(dst, l)
	}
	dst = binary.AppendUvarint(dst, uint64(len(m.Partials)))
	for _, p := range m.Partials {
		dst = append(dst, p[:]...)
	}
	if flags&matchOperation != 0 {
		dst = append(dst, m.Operation[:]...)
	}
	dst = binary.AppendVarint(dst, unixNano(m.CreatedAt))
	if flags&matchUndone != 0 {
		dst = binary.AppendVarint(append(dst, m.UndoneBy[:]...), unixNano(m.UndoneAt))
	}
	return dst
}

// matchValueRoom is about the length of m's record (appendMatchValue).
func matchValueRoom(m *journal.Match) int {
	return 64 + len(m.Code) + len(m.Account) + len(m.Partner) + 20*len(m.Lines) + 16*len(m.Partials)
}

// decodeMatch decodes the record v of the match stored under key id
// (appendMatchValue); ErrFormat when it is not one.
func decodeMatch(id, v []byte) (journal.Match, error) {
	var m journal.Match
	bad := func(what string) (journal.Match, error) {
		return journal.Match{}, fmt.Errorf("%w: match %x: %s", ErrFormat, id, what)
	}
	r, flags, problem := openLetterRecord(id, v, matchFlagsAll)
	if problem != "" {
		return bad(problem)
	}
	m.ID = journal.ID(id)
	m.Code, m.Account, m.Partner = r.text(), r.text(), r.text()
	date := r.uvarint()
	// Each line takes at least 17 bytes and each partial 16: a count the
	// bytes left cannot hold is damage, refused before allocating.
	if n := r.uvarint(); n > MatchLinesMax || n > uint64(len(r.b))/17 {
		r.bad = true
	} else if n > 0 {
		m.Lines = make([]journal.LineRef, n)
		for i := range m.Lines {
			m.Lines[i] = r.ref()
		}
	}
	if n := r.uvarint(); n > 2*MatchLinesMax || n > uint64(len(r.b))/16 {
		r.bad = true
	} else if n > 0 {
		m.Partials = make([]journal.ID, n)
		for i := range m.Partials {
			m.Partials[i] = r.id()
		}
	}
	if flags&matchOperation != 0 {
		m.Operation = r.id()
	}
	m.CreatedAt = timeFrom(r.varint())
	if flags&matchUndone != 0 {
		m.UndoneBy = r.id()
		m.UndoneAt = timeFrom(r.varint())
	}
	if r.bad || len(r.b) != 0 || date > math.MaxUint32 {
		return bad("cut short, too long or out of range")
	}
	var err error
	if m.Date, err = journal.DateFromKey(uint32(date)); err != nil {
		return bad(err.Error())
	}
	return m, nil
}

// openLetterRecord checks what a partial's or a match's record begins
// with — a key an id long, the layout's version, flags among flagsAll —
// and returns a reader past them and the flags, or what is wrong.
func openLetterRecord(id, v []byte, flagsAll byte) (r letterReader, flags byte, problem string) {
	if len(id) != len(journal.NoID) {
		return r, 0, "key of the wrong length"
	}
	r = letterReader{b: v}
	if r.byte() != letterRecVersion {
		return r, 0, "unknown layout"
	}
	if flags = r.byte(); flags&^flagsAll != 0 {
		return r, 0, "unknown flags"
	}
	return r, flags, ""
}

// appendLetterRef appends a line reference: the entry id, then the line's
// index as a uvarint.
func appendLetterRef(dst []byte, r journal.LineRef) []byte {
	return binary.AppendUvarint(append(dst, r.Entry[:]...), uint64(r.Index))
}

// appendLetterText appends s as a uvarint length and its bytes.
func appendLetterText(dst []byte, s string) []byte {
	return append(binary.AppendUvarint(dst, uint64(len(s))), s...)
}

// appendLetterAmount appends an amount as one uvarint h: for a
// non-negative amount whose minor units hold it exactly, h is twice their
// number; otherwise h is twice its decimal text's length plus one, and the
// text follows. An unset amount is the empty text.
func appendLetterAmount(dst []byte, a currency.Amount) []byte {
	if a.IsSet() {
		if n, ok := minorUnits(a); ok && n >= 0 {
			return binary.AppendUvarint(dst, uint64(n)<<1)
		}
	}
	s := amountText(a)
	return append(binary.AppendUvarint(dst, uint64(len(s))<<1|1), s...)
}

// letterAmount is an amount read by letterReader, before its currency is
// known.
type letterAmount struct {
	minor  uint64
	text   string
	isText bool
}

// in returns the amount in currency c.
func (a letterAmount) in(c currency.Currency) (currency.Amount, error) {
	if a.isText {
		return parseAmount(c, a.text)
	}
	return currency.FromMinor(c, int64(a.minor)), nil
}

// letterReader reads the fields of a partial's or a match's record; a
// field cut short or out of range sets bad, and every later read returns
// zero values.
type letterReader struct {
	b   []byte
	bad bool
}

func (r *letterReader) byte() byte {
	if r.bad || len(r.b) < 1 {
		r.bad = true
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *letterReader) uvarint() uint64 {
	if r.bad {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *letterReader) varint() int64 {
	if r.bad {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *letterReader) id() journal.ID {
	if r.bad || len(r.b) < len(journal.ID{}) {
		r.bad = true
		return journal.NoID
	}
	id := journal.ID(r.b[:len(journal.ID{})])
	r.b = r.b[len(journal.ID{}):]
	return id
}

func (r *letterReader) ref() journal.LineRef {
	id := r.id()
	idx := r.uvarint()
	if idx > math.MaxInt32 {
		r.bad = true
	}
	return journal.LineRef{Entry: id, Index: int(idx)}
}

func (r *letterReader) text() string {
	n := r.uvarint()
	if r.bad || n > letterTextMax || n > uint64(len(r.b)) {
		r.bad = true
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *letterReader) amount() letterAmount {
	h := r.uvarint()
	if h&1 == 0 { // h>>1 is below 2^63: an int64
		return letterAmount{minor: h >> 1}
	}
	h >>= 1
	if r.bad || h > letterTextMax || h > uint64(len(r.b)) {
		r.bad = true
		return letterAmount{}
	}
	s := string(r.b[:h])
	r.b = r.b[h:]
	return letterAmount{text: s, isText: true}
}

// lineState is what the line-state index holds for a line a partial has
// touched, under one key (lineStateKey): its residual, the live match
// holding it and its live partials. One key a line, where a key for the
// residual, one for the match and one per live partial made lettering a
// line write three keys or more.
type lineState struct {
	residual Residual
	match    journal.ID   // NoID when no live match holds the line
	live     []journal.ID // in id order
}

// The flags byte of a line state, its first.
const (
	stateOpen     byte = 1 << iota // the residual follows; without it the residual is zero in both currencies
	stateMatched                   // the match id follows
	stateFlagsAll = stateOpen | stateMatched
)

// appendLineState appends the value of line state s: flags, the residual's
// balance and amount in currency (appendSignedAmount) unless both are
// zero, the match id when matched, then the ids of the live partials, end
// to end. A lettered line, at zero and matched, takes a byte, its match
// and its partials. The residual's currencies are the line's: the reader
// knows them.
func appendLineState(dst []byte, s *lineState) []byte {
	var flags byte
	if !s.residual.IsZero() {
		flags |= stateOpen
	}
	if s.match != journal.NoID {
		flags |= stateMatched
	}
	dst = append(dst, flags)
	if flags&stateOpen != 0 {
		dst = appendSignedAmount(appendSignedAmount(dst, s.residual.Balance), s.residual.AmountCurrency)
	}
	if flags&stateMatched != 0 {
		dst = append(dst, s.match[:]...)
	}
	for _, id := range s.live {
		dst = append(dst, id[:]...)
	}
	return dst
}

// lineStateRoom is the room appendLineState usually takes for s: flags,
// two amounts of up to ten bytes, a match and the live partials. It is a
// hint; an amount too large for minor units, kept as text, takes more.
func lineStateRoom(s *lineState) int {
	return 1 + 2*10 + len(s.match) + len(s.live)*len(journal.ID{})
}

// readLineState decodes the value of a line state (appendLineState) of a
// line in currency cur, company being the book's; ErrFormat when it is not
// one: unknown flags, a field cut short, live partials out of id order or
// listed twice.
func readLineState(v []byte, company, cur currency.Currency) (lineState, error) {
	var s lineState
	bad := func(what string) (lineState, error) {
		return lineState{}, fmt.Errorf("%w: line state %x: %s", ErrFormat, v, what)
	}
	r := letterReader{b: v}
	flags := r.byte()
	if flags&^stateFlagsAll != 0 {
		return bad("unknown flags")
	}
	s.residual = Residual{Balance: currency.FromMinor(company, 0), AmountCurrency: currency.FromMinor(cur, 0)}
	if flags&stateOpen != 0 {
		bal, amt := r.signedAmount(), r.signedAmount()
		if r.bad {
			return bad("residual cut short")
		}
		var err error
		if s.residual.Balance, err = bal.in(company); err != nil {
			return bad(err.Error())
		}
		if s.residual.AmountCurrency, err = amt.in(cur); err != nil {
			return bad(err.Error())
		}
		if s.residual.IsZero() {
			return bad("a zero residual stored as open")
		}
	}
	if flags&stateMatched != 0 {
		if s.match = r.id(); s.match == journal.NoID {
			r.bad = true
		}
	}
	n := len(journal.ID{})
	if r.bad || len(r.b)%n != 0 {
		return bad("cut short")
	}
	if len(r.b) > 0 {
		s.live = make([]journal.ID, 0, len(r.b)/n)
		for i := 0; i < len(r.b); i += n {
			id := journal.ID(r.b[i : i+n])
			if len(s.live) > 0 && compareIDs(s.live[len(s.live)-1], id) >= 0 {
				return bad("live partials out of order")
			}
			s.live = append(s.live, id)
		}
	}
	return s, nil
}

// signedMinorMax bounds the minor units appendSignedAmount writes as a
// number: their zigzag form shifted left by one must fit a uint64.
const signedMinorMax = 1<<62 - 1

// appendSignedAmount is appendLetterAmount for an amount of either sign:
// h is twice the zigzag form of its minor units, or, for an amount they do
// not hold, twice its text's length plus one, the text following.
func appendSignedAmount(dst []byte, a currency.Amount) []byte {
	if a.IsSet() {
		if n, ok := minorUnits(a); ok && n >= -signedMinorMax && n <= signedMinorMax {
			return binary.AppendUvarint(dst, uint64(n<<1^n>>63)<<1)
		}
	}
	s := amountText(a)
	return append(binary.AppendUvarint(dst, uint64(len(s))<<1|1), s...)
}

// signedAmount reads what appendSignedAmount wrote. A number's minor
// units are kept in letterAmount.minor as their int64's bits.
func (r *letterReader) signedAmount() letterAmount {
	if r.bad || len(r.b) == 0 || r.b[0]&1 != 0 {
		return r.amount() // a text, or bad
	}
	z := r.uvarint() >> 1
	return letterAmount{minor: uint64(int64(z>>1) ^ -int64(z&1))}
}
