package ledger

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sync"
	"time"

	"github.com/fxamacker/cbor/v2"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
)

// Records are encoded with CBOR's core deterministic encoding: one value has
// one encoding, which the hash chain and idempotency fingerprints rely on.
// Amounts are stored as their canonical plain text ("1234.56"); an omitted
// amount as "" (distinct from "0.00"). Every record starts with a format
// version so that a future layout can be read beside this one.
const formatVersion = 1

// bookFormat is the layout of the whole book, stored in its meta record.
// Open refuses any other. 2: entries live in a log keyed by sequence
// number, with an id index and the other indexes following behind
// (index.go). 3: a log value is id, chain hash, record (logValueOf);
// company-currency lines have no aggregate of their own (aggSet.addLine),
// day aggregates are keyed by day before partner (aggStored), and a
// residual is stored only for lines a partial touched. 4: configuration and
// lettering records are chained (chain.go); rates are keyed by code, a zero
// byte and date; units of account; an entry may name the document it
// belongs to, and is indexed by it. 5: an account is written once and its
// active flag, when changed, lives beside it (bActive). 6: the line
// indexes are keys in blocks, the line read from the log (lineindex.go);
// the number index holds runs (numberindex.go); a log value is hash and
// record, its id read from the record (recordID); a line in the company
// currency stores its amount once (lineRec.amounts). 7: year and month
// aggregates are keyed by period before partner (aggStored), and the first
// and last year of each (account, partner, currency) is stored beside them
// (ix.aggyrs). 8: a line's residual, live partials and match are kept in
// one index keyed by account, partner, sequence and line (ixLine,
// lineStateKey), not in three keyed by entry id; the greatest entry id in
// the log is kept (ctrIDTop). 9: an entry's record no longer holds its
// journal's previous hash, which its hash covers all the same
// (chainHash), and a caller's input fingerprint is 16 bytes
// (fingerprintSize): 51 bytes less an entry. 10: a log record after the
// book's 64th entry is stored compressed (s2) with a dictionary made of the
// book's first 64 records (logdict.go); a partner's day aggregates are not
// stored, its balance inside a month read from its lines (aggKept,
// Tx.partnerDays); the ids a transaction indexes above the greatest are
// stored in runs (entryindex.go). The line indexes, open items and line
// states end with a line's position in 8 bytes, not 12: a sequence of 6
// and a line index of 2 (appendLinePos). An aggregate's value is its
// amounts as varints of minor units, the texts kept past an int64 of them
// (appendAggValue). 11: partials and matches are stored in a binary layout
// without their ids (appendPartialValue, appendMatchValue). 12: partials
// and matches carry their chain pointer at the head of their value, not in
// ixChained (inlinePointer). 13: the partials a lettering makes and the
// match that names exactly them are one record (letteringrec.go), under
// ids marked as a lettering's; Open upgrades a book of format 12 without
// moving its records, which stay in bPartial and bMatch.
const bookFormat = 13

// formatUpgradable is the format Open upgrades to bookFormat in place: the
// meta record, which the book otherwise writes once, is rewritten with
// V = bookFormat, and an upgrade record (upgradeKey) beside it keeps the
// value it replaced, in the same chain record (Verify allows that rewrite
// only there; Check that only V changed). A version that reads only
// formatUpgradable then refuses the book rather than misread it.
const formatUpgradable = 12

// createFormat is the format Create writes: bookFormat (a variable: tests
// create books of formatUpgradable, to upgrade them).
var createFormat = bookFormat

// upgradeRec is the record of a book's upgrade in place to format V, at
// an instant (Unix nanoseconds), with the meta record's value before it.
type upgradeRec struct {
	V   int    `cbor:"0,keyasint"`
	At  int64  `cbor:"1,keyasint"`
	Was []byte `cbor:"2,keyasint"`
}

var (
	encMode = func() cbor.UserBufferEncMode {
		m, err := cbor.CoreDetEncOptions().UserBufferEncMode()
		if err != nil {
			panic(err)
		}
		return m
	}()
	decMode = func() cbor.DecMode {
		// The longest arrays are a match's partials (2 × MatchLinesMax)
		// and an entry's lines (EntryLinesMax), each with its taxes.
		m, err := cbor.DecOptions{MaxArrayElements: max(2*MatchLinesMax, 2*journal.EntryLinesMax), MaxNestedLevels: 16}.DecMode()
		if err != nil {
			panic(err)
		}
		return m
	}()
)

func encode(v any) []byte {
	b, err := encMode.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("ledger: encoding %T: %v", v, err)) // our own records always encode
	}
	return b
}

// hashBuffers hold encodings that are only hashed, never kept.
var hashBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// recordBuffers hold entry records that are only hashed (fingerprint).
var recordBuffers = sync.Pool{New: func() any { return new([]byte) }}

// digest returns the SHA-256 of v's encoding and the encoding's length,
// encoding into a pooled buffer: hashing keeps no allocation.
func digest(v any) ([32]byte, int) {
	buf := hashBuffers.Get().(*bytes.Buffer)
	defer hashBuffers.Put(buf)
	buf.Reset()
	if err := encMode.MarshalToBuffer(v, buf); err != nil {
		panic(fmt.Sprintf("ledger: encoding %T: %v", v, err))
	}
	return sha256.Sum256(buf.Bytes()), buf.Len()
}

func decode(b []byte, v any) error {
	if err := decMode.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%w: %T: %v", ErrFormat, v, err)
	}
	return nil
}

type bookRec struct {
	V        int    `cbor:"0,keyasint"`
	Currency string `cbor:"1,keyasint"`
	Rounding uint8  `cbor:"2,keyasint"`
	Created  int64  `cbor:"3,keyasint"`
	// Auxiliary says the book takes auxiliary account codes (411MARTIN).
	// Left out when false, so that books without it encode as before.
	Auxiliary bool `cbor:"4,keyasint,omitempty"`
}

type taxRec struct {
	ID            string `cbor:"1,keyasint"`
	Name          string `cbor:"2,keyasint,omitempty"`
	Rate          string `cbor:"3,keyasint"`
	PriceIncluded bool   `cbor:"4,keyasint,omitempty"`
	Exigibility   uint8  `cbor:"5,keyasint,omitempty"`
	Final         string `cbor:"6,keyasint,omitempty"`
	Transition    string `cbor:"7,keyasint,omitempty"`
	Base          string `cbor:"8,keyasint,omitempty"`
	// Due is a reverse charge's due account (tax.Tax.DueAccount); a plain
	// tax has none and encodes as before it existed.
	Due string `cbor:"9,keyasint,omitempty"`
}

type lineRec struct {
	Account string   `cbor:"1,keyasint"`
	Partner string   `cbor:"2,keyasint,omitempty"`
	Label   string   `cbor:"3,keyasint,omitempty"`
	Due     uint32   `cbor:"4,keyasint,omitempty"`
	Role    uint8    `cbor:"5,keyasint,omitempty"`
	Taxes   []taxRec `cbor:"6,keyasint,omitempty"`
	Balance string   `cbor:"7,keyasint"`
	// AmountCurrency is left out of a logged line in the company currency
	// whose amount in currency is its balance, as it always is (compact).
	AmountCurrency string `cbor:"8,keyasint,omitempty"`
	// balanceText and amountText are Balance's and AmountCurrency's text
	// as a record read in place holds it (cborReader.amount), those two
	// then left empty: parsed at once, and never kept.
	balanceText, amountText []byte
}

type entryRec struct {
	V          int       `cbor:"0,keyasint"`
	ID         []byte    `cbor:"1,keyasint"`
	Journal    string    `cbor:"2,keyasint"`
	Date       uint32    `cbor:"3,keyasint"`
	Type       uint8     `cbor:"4,keyasint"`
	DocKind    uint8     `cbor:"5,keyasint,omitempty"`
	Ref        string    `cbor:"6,keyasint,omitempty"`
	Label      string    `cbor:"7,keyasint,omitempty"`
	Currency   string    `cbor:"8,keyasint,omitempty"`
	Lines      []lineRec `cbor:"9,keyasint"`
	ReversalOf []byte    `cbor:"10,keyasint,omitempty"`
	Origin     []byte    `cbor:"11,keyasint,omitempty"`
	FiscalYear string    `cbor:"12,keyasint,omitempty"`
	Number     int64     `cbor:"13,keyasint,omitempty"`
	Seq        uint64    `cbor:"14,keyasint,omitempty"`
	PostedAt   int64     `cbor:"15,keyasint,omitempty"`
	Input      []byte    `cbor:"16,keyasint,omitempty"` // fingerprint of the caller's input (fingerprintSize)
	// Key 17 held the journal's previous hash until book format 9: the
	// hash now covers it without the record storing it (chainHash).
	Document []byte `cbor:"18,keyasint,omitempty"`
	// Discount and DiscountUntil are an invoice's early-payment discount
	// offer (journal.DiscountOffer): its amount in the entry's currency
	// and its last date. An entry without offer has neither, and encodes
	// as before they existed.
	Discount      string `cbor:"19,keyasint,omitempty"`
	DiscountUntil uint32 `cbor:"20,keyasint,omitempty"`
	Hash          []byte `cbor:"-"` // stored beside the record it covers (logValueOf)
}

func idBytes(id journal.ID) []byte {
	if id == journal.NoID {
		return nil
	}
	return append([]byte(nil), id[:]...)
}

func idFrom(b []byte) (journal.ID, error) {
	if len(b) == 0 {
		return journal.NoID, nil
	}
	if len(b) != 16 {
		return journal.NoID, fmt.Errorf("%w: id of %d bytes", ErrFormat, len(b))
	}
	return journal.ID(b), nil
}

func amountText(a currency.Amount) string {
	if !a.IsSet() {
		return ""
	}
	return a.Plain()
}

func parseAmount(c currency.Currency, s string) (currency.Amount, error) {
	if s == "" {
		return currency.Amount{}, nil
	}
	a, err := currency.Parse(c, s)
	if err != nil {
		return currency.Amount{}, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return a, nil
}

// parseAmountText is parseAmount of a text read in place.
func parseAmountText(c currency.Currency, b []byte) (currency.Amount, error) {
	if len(b) == 0 {
		return currency.Amount{}, nil
	}
	a, err := currency.ParseBytes(c, b)
	if err != nil {
		return currency.Amount{}, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return a, nil
}

func taxRecs(ts []tax.Tax) []taxRec {
	if len(ts) == 0 {
		return nil
	}
	out := make([]taxRec, len(ts))
	for i, t := range ts {
		out[i] = taxRec{ID: t.ID, Name: t.Name, Rate: t.Rate.String(), PriceIncluded: t.PriceIncluded,
			Exigibility: uint8(t.Exigibility), Final: t.FinalAccount, Transition: t.TransitionAccount, Base: t.BaseAccount,
			Due: t.DueAccount}
	}
	return out
}

func taxesFrom(rs []taxRec) ([]tax.Tax, error) {
	if len(rs) == 0 {
		return nil, nil
	}
	out := make([]tax.Tax, len(rs))
	for i, r := range rs {
		rate, err := tax.ParsePercent(r.Rate)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrFormat, err)
		}
		out[i] = tax.Tax{ID: r.ID, Name: r.Name, Rate: rate, PriceIncluded: r.PriceIncluded,
			Exigibility: tax.Exigibility(r.Exigibility), FinalAccount: r.Final, TransitionAccount: r.Transition, BaseAccount: r.Base,
			DueAccount: r.Due}
	}
	return out, nil
}

func (r *lineRec) line(company, cur currency.Currency) (journal.Line, error) {
	due, err := journal.DateFromKey(r.Due)
	if err != nil {
		return journal.Line{}, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	taxes, err := taxesFrom(r.Taxes)
	if err != nil {
		return journal.Line{}, err
	}
	bal, ac, err := r.amounts(company, cur)
	if err != nil {
		return journal.Line{}, err
	}
	return journal.Line{Account: r.Account, Partner: r.Partner, Label: r.Label, DueDate: due,
		TaxRole: tax.Role(r.Role), Taxes: taxes, Balance: bal, AmountCurrency: ac}, nil
}

// amounts returns a stored line's balance and amount in currency cur. A
// line logged in the company currency leaves its amount in currency out
// when it equals its balance (compact).
func (r *lineRec) amounts(company, cur currency.Currency) (bal, ac currency.Amount, err error) {
	if bal, err = lineAmount(company, r.Balance, r.balanceText); err != nil {
		return bal, ac, err
	}
	if r.AmountCurrency == "" && len(r.amountText) == 0 && cur == company && bal.IsSet() {
		return bal, bal, nil
	}
	ac, err = lineAmount(cur, r.AmountCurrency, r.amountText)
	return bal, ac, err
}

// lineAmount parses a line's amount from its text read in place (view),
// else from its string.
func lineAmount(c currency.Currency, text string, view []byte) (currency.Amount, error) {
	if view != nil {
		return parseAmountText(c, view)
	}
	return parseAmount(c, text)
}

func (r *entryRec) entry(t *Tx) (journal.Entry, error) {
	return r.entryWith(t.b.company, t.currencyOf)
}

// entryWith is entry with the company currency and the lookup of the
// entry's currency given: a goroutine other than the transaction's passes
// one that reads no store.
func (r *entryRec) entryWith(company currency.Currency, resolve func(string) (currency.Currency, error)) (journal.Entry, error) {
	var e journal.Entry
	if err := r.entryInto(&e, company, resolve, nil, 0); err != nil {
		return journal.Entry{}, err
	}
	return e, nil
}

// entryInto is entryWith into *e. lines, when it has room for the
// record's lines, holds the entry's (a caller that allocates an entry and
// its lines together). only, above 0, converts line only-1 alone and
// leaves the others zero: an open item's reader needs the header and one
// line, and the record was read so (cborReader.only).
func (r *entryRec) entryInto(e *journal.Entry, company currency.Currency, resolve func(string) (currency.Currency, error), lines []journal.Line, only int) error {
	if r.V != formatVersion {
		return fmt.Errorf("%w: entry version %d", ErrFormat, r.V)
	}
	// The book never posts past either bound, and the keys of a line's
	// position hold neither past them (appendLinePos).
	if r.Seq > BookEntriesMax || len(r.Lines) > journal.EntryLinesMax {
		return fmt.Errorf("%w: entry at sequence %d with %d lines", ErrFormat, r.Seq, len(r.Lines))
	}
	cur := company
	if r.Currency != "" {
		c, err := resolve(r.Currency)
		if err != nil {
			return err
		}
		cur = c
	}
	id, err := idFrom(r.ID)
	if err != nil {
		return err
	}
	rev, err := idFrom(r.ReversalOf)
	if err != nil {
		return err
	}
	origin, err := idFrom(r.Origin)
	if err != nil {
		return err
	}
	document, err := idFrom(r.Document)
	if err != nil {
		return err
	}
	date, err := journal.DateFromKey(r.Date)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrFormat, err)
	}
	offer, err := r.discountOffer(cur)
	if err != nil {
		return err
	}
	if cap(lines) >= len(r.Lines) {
		lines = lines[:len(r.Lines)]
	} else {
		lines = make([]journal.Line, len(r.Lines))
	}
	*e = journal.Entry{ID: id, Journal: r.Journal, Date: date, Type: journal.EntryType(r.Type), DiscountOffer: offer,
		DocKind: journal.DocKind(r.DocKind), Ref: r.Ref, Label: r.Label, ReversalOf: rev, Origin: origin, Document: document,
		FiscalYear: r.FiscalYear, Number: r.Number, Seq: r.Seq, Lines: lines}
	if r.Currency != "" {
		e.Currency = cur
	}
	if r.PostedAt != 0 {
		e.PostedAt = time.Unix(0, r.PostedAt).UTC()
	}
	copy(e.Hash[:], r.Hash)
	for i := range r.Lines {
		if only > 0 && i != only-1 {
			e.Lines[i] = journal.Line{} // lines may be a buffer used before
			continue
		}
		if e.Lines[i], err = r.Lines[i].line(company, cur); err != nil {
			*e = journal.Entry{}
			return err
		}
	}
	return nil
}

// discountOffer is the record's offer, nil when it has none; a half
// offer is damage.
func (r *entryRec) discountOffer(cur currency.Currency) (*journal.DiscountOffer, error) {
	if r.Discount == "" && r.DiscountUntil == 0 {
		return nil, nil
	}
	a, err := parseAmount(cur, r.Discount)
	if err != nil || !a.IsSet() || a.Sign() <= 0 {
		return nil, fmt.Errorf("%w: discount offer %q, a positive amount: %v", ErrFormat, r.Discount, err)
	}
	until, err := journal.DateFromKey(r.DiscountUntil)
	if err != nil {
		return nil, fmt.Errorf("%w: discount offer until %d: %v", ErrFormat, r.DiscountUntil, err)
	}
	return &journal.DiscountOffer{Amount: a, Until: until}, nil
}

// aggRec is the movement of one day on one (account, partner, currency).
type aggRec struct {
	Debit          string `cbor:"1,keyasint"`
	Credit         string `cbor:"2,keyasint"`
	AmountCurrency string `cbor:"3,keyasint,omitempty"`
}

type opRec struct {
	Fingerprint []byte `cbor:"1,keyasint"`
	Result      []byte `cbor:"2,keyasint,omitempty"`
	At          int64  `cbor:"3,keyasint"`
}

func unixNano(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func timeFrom(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// Entry records are encoded by hand, on every post twice (the fingerprint
// and the log value): appendEntry writes, straight from the entry, what
// encMode gives for its entryRec, byte for byte — CBOR's core
// deterministic encoding of its struct tags: a map with integer keys in
// ascending order, the fields tagged omitempty left out when zero or
// empty, every integer and length in its shortest form, a nil byte string
// or array as null — without reflection or intermediate allocation. The
// tests hold it to the reflection encoder through the record built as a
// struct (record_test.go); a field added to entryRec, lineRec or taxRec
// must be added here too, or those tests fail.

// CBOR major types, shifted into the initial byte.
const (
	cborUint  = 0 << 5
	cborNeg   = 1 << 5
	cborBytes = 2 << 5
	cborText  = 3 << 5
	cborArray = 4 << 5
	cborMap   = 5 << 5
	cborNull  = 0xf6
	cborTrue  = 0xf5
)

// appendHead appends a CBOR head: a major type and its argument, in the
// shortest form.
func appendHead(dst []byte, major byte, n uint64) []byte {
	switch {
	case n < 24:
		return append(dst, major|byte(n))
	case n <= 0xff:
		return append(dst, major|24, byte(n))
	case n <= 0xffff:
		return binary.BigEndian.AppendUint16(append(dst, major|25), uint16(n))
	case n <= 0xffffffff:
		return binary.BigEndian.AppendUint32(append(dst, major|26), uint32(n))
	}
	return binary.BigEndian.AppendUint64(append(dst, major|27), n)
}

func appendInt(dst []byte, n int64) []byte {
	if n < 0 {
		return appendHead(dst, cborNeg, uint64(-1-n))
	}
	return appendHead(dst, cborUint, uint64(n))
}

func appendText(dst []byte, s string) []byte {
	return append(appendHead(dst, cborText, uint64(len(s))), s...)
}

func appendByteString(dst, b []byte) []byte {
	if b == nil {
		return append(dst, cborNull)
	}
	return append(appendHead(dst, cborBytes, uint64(len(b))), b...)
}

// A cborMapWriter appends a map's pairs, its head written last: its
// length is the number of fields kept, known once they are.
type cborMapWriter struct {
	dst  []byte
	head int // where the head goes: one byte, enough for 23 pairs
	n    int
}

func startMap(dst []byte) cborMapWriter {
	return cborMapWriter{dst: append(dst, cborMap), head: len(dst)}
}

// key appends the key of the next pair: keys come in ascending order, each
// below 24.
func (m *cborMapWriter) key(k byte) {
	m.dst = append(m.dst, cborUint|k)
	m.n++
}

func (m *cborMapWriter) end() []byte {
	if m.n >= 24 {
		panic("ledger: a record of more than 23 fields") // the head has one byte
	}
	m.dst[m.head] = cborMap | byte(m.n)
	return m.dst
}

func (m *cborMapWriter) uint(k byte, n uint64, omitEmpty bool) {
	if omitEmpty && n == 0 {
		return
	}
	m.key(k)
	m.dst = appendHead(m.dst, cborUint, n)
}

func (m *cborMapWriter) int(k byte, n int64, omitEmpty bool) {
	if omitEmpty && n == 0 {
		return
	}
	m.key(k)
	m.dst = appendInt(m.dst, n)
}

func (m *cborMapWriter) text(k byte, s string, omitEmpty bool) {
	if omitEmpty && s == "" {
		return
	}
	m.key(k)
	m.dst = appendText(m.dst, s)
}

func (m *cborMapWriter) bytes(k byte, b []byte, omitEmpty bool) {
	if omitEmpty && len(b) == 0 {
		return
	}
	m.key(k)
	m.dst = appendByteString(m.dst, b)
}

// bool is an omitempty bool: only true is written.
func (m *cborMapWriter) bool(k byte, b bool) {
	if b {
		m.key(k)
		m.dst = append(m.dst, cborTrue)
	}
}

// appendEntry appends the record of e straight from the entry, with input
// as its Input — and, with compact, the log's compaction (in the company
// currency a line's amount in currency equal to its balance is left out) —
// without building the record: no copy of the lines, of the ids, of the
// amounts as strings (TestAppendEntryMatchesRecord).
func appendEntry(dst []byte, e *journal.Entry, input []byte, compact bool) []byte {
	const keep = false
	m := startMap(dst)
	m.int(0, formatVersion, keep)
	m.bytes(1, idView(&e.ID), keep)
	m.text(2, e.Journal, keep)
	m.uint(3, uint64(e.Date.Key()), keep)
	m.uint(4, uint64(uint8(e.Type)), keep)
	m.uint(5, uint64(uint8(e.DocKind)), true)
	m.text(6, e.Ref, true)
	m.text(7, e.Label, true)
	m.text(8, e.Currency.Code(), true)
	m.key(9)
	m.dst = appendHead(m.dst, cborArray, uint64(len(e.Lines)))
	compact = compact && e.Currency.Code() == ""
	for i := range e.Lines {
		m.dst = appendLine(m.dst, &e.Lines[i], compact)
	}
	m.bytes(10, idView(&e.ReversalOf), true)
	m.bytes(11, idView(&e.Origin), true)
	m.text(12, e.FiscalYear, true)
	m.int(13, e.Number, true)
	m.uint(14, e.Seq, true)
	if !e.PostedAt.IsZero() {
		m.int(15, e.PostedAt.UnixNano(), true)
	}
	m.bytes(16, input, true)
	m.bytes(18, idView(&e.Document), true)
	if o := e.DiscountOffer; o != nil {
		var b [48]byte
		a := amountBytes(b[:0], o.Amount)
		m.key(19)
		m.dst = append(appendHead(m.dst, cborText, uint64(len(a))), a...)
		m.uint(20, uint64(o.Until.Key()), true)
	}
	return m.end()
}

// idView is idBytes without the copy: the id's own bytes, nil for NoID.
func idView(id *journal.ID) []byte {
	if *id == journal.NoID {
		return nil
	}
	return id[:]
}

// appendLine appends the record of a line.
func appendLine(dst []byte, l *journal.Line, compact bool) []byte {
	const keep = false
	m := startMap(dst)
	m.text(1, l.Account, keep)
	m.text(2, l.Partner, true)
	m.text(3, l.Label, true)
	m.uint(4, uint64(l.DueDate.Key()), true)
	m.uint(5, uint64(uint8(l.TaxRole)), true)
	if len(l.Taxes) > 0 {
		m.key(6)
		m.dst = appendHead(m.dst, cborArray, uint64(len(l.Taxes)))
		for _, t := range taxRecs(l.Taxes) {
			m.dst = appendTaxRec(m.dst, &t)
		}
	}
	var bal, ac [48]byte
	b := amountBytes(bal[:0], l.Balance)
	m.key(7)
	m.dst = append(appendHead(m.dst, cborText, uint64(len(b))), b...)
	if a := amountBytes(ac[:0], l.AmountCurrency); len(a) > 0 && !(compact && string(a) == string(b)) {
		m.key(8)
		m.dst = append(appendHead(m.dst, cborText, uint64(len(a))), a...)
	}
	return m.end()
}

// amountBytes appends amountText(a) to dst.
func amountBytes(dst []byte, a currency.Amount) []byte {
	if !a.IsSet() {
		return dst
	}
	return a.AppendPlain(dst)
}

func appendTaxRec(dst []byte, t *taxRec) []byte {
	const keep = false
	m := startMap(dst)
	m.text(1, t.ID, keep)
	m.text(2, t.Name, true)
	m.text(3, t.Rate, keep)
	m.bool(4, t.PriceIncluded)
	m.uint(5, uint64(t.Exigibility), true)
	m.text(6, t.Final, true)
	m.text(7, t.Transition, true)
	m.text(8, t.Base, true)
	m.text(9, t.Due, true)
	return m.end()
}
