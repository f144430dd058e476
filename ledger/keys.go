package ledger

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// Buckets. Data buckets hold the records; index buckets (and the entry id
// index) are derived from the log, written with it or behind it (index.go).
// Keys put the most selective part first and integers big-endian so that
// byte order is the order we want.
var (
	bMeta     = []byte("meta")      // "book" → bookRec
	bFiscal   = []byte("fy")        // start date → fiscalRec
	bLock     = []byte("lock")      // seq → lockRec (history)
	bAccount  = []byte("acct")      // code → accountRec, written once
	bActive   = []byte("acctact")   // code → 0 or 1: the account's active flag once it was changed
	bPartner  = []byte("partner")   // code → partnerRec, written once
	bPData    = []byte("pdata")     // code → partnerRec: the partner's master data once it was updated
	bJournal  = []byte("jrnl")      // code → journalRec
	bRate     = []byte("rate")      // currency, date → rate text
	bLog      = []byte("log")       // seq → chain hash(32) ‖ entryRec, plain or compressed (logdict.go): every entry, in posting order
	bEntry    = []byte("entry")     // id → seq (the entry's log key), for an id indexed below the greatest (entryindex.go)
	bEntryRun = []byte("entry.run") // first id → run of ascending ids and their sequences (entryindex.go)
	bCounter  = []byte("ctr")       // name → uint64
	bPartial  = []byte("partial")   // id → partial (appendPartialValue)
	bMatch    = []byte("match")     // id → match (appendMatchValue)
	bOp       = []byte("op")        // operation id → opRec
	bReversed = []byte("rev")       // original id → reversal id
	bEvent    = []byte("event")     // subject id, seq → eventRec (the layer above's event logs)
	bUnit     = []byte("unit")      // code → unitRec (units of account)

	ixNumber   = []byte("ix.num")    // journal, 0, fy start, number → sequence, in runs (numberindex.go)
	ixLines    = []byte("ix.lines")  // account, 0, date, seq, index → nil (the line is in the log)
	ixPLines   = []byte("ix.plines") // partner, 0, account, 0, date, seq, index → nil
	ixAgg      = []byte("ix.agg")    // account, 0, level, period, partner, 0, currency → aggregate value (appendAggValue): years, months; see aggStored
	ixAggDay   = []byte("ix.aggday") // account, 0, day, 0, currency → aggregate value: all partners only (see aggStored, aggKept)
	ixAggYears = []byte("ix.aggyrs") // account, 0, partner, 0, currency, 0 → first and last year of its aggregates
	ixLine     = []byte("ix.line")   // line state key → lineState (appendLineState): see lineStateKey
	ixOpen     = []byte("ix.open")   // account, 0, partner, 0, date, seq, index → nil
	ixCode     = []byte("ix.code")   // account, 0, partner, 0, code → match id
	ixHead     = []byte("ix.head")   // journal → hash of its last entry
	ixOrigin   = []byte("ix.origin") // origin id, entry id → nil (generated entries)
	ixDocument = []byte("ix.doc")    // document id, entry id → nil (entries that name their document)
)

var metaKey = []byte("book")

// upgradeKey is the key of the upgrade record (upgradeRec) of a book
// created in format formatUpgradable and upgraded in place by Open.
var upgradeKey = []byte("upgrade")

// appendOrdered are the buckets whose new keys arrive in ascending order,
// each after the keys already stored around it: the log (sequence numbers),
// the number index (a counter per journal and year), lines by account and
// day aggregates (dates, which mostly move forward), and the buckets keyed
// by ids, which are UUIDv7 and so follow creation order, as do the chain
// pointers (ixChained) of partials, matches and operations, each bucket's
// after its name. A store that lays out pages by key order
// (store.AppendHinter) packs their pages full and leaves room in the
// others' pages, whose keys land anywhere (by partner, by line of an older
// entry, counter names). Keys that arrive out of order
// anyway (backdated entries, ids of another kind chosen by a caller) cost
// emptier pages, never a wrong read.
var appendOrdered = [][]byte{bLog, bEntry, bEntryRun, bPartial, bMatch, bLettering, bOp, bEvent, ixNumber, ixLines, ixAggDay, ixOrigin, ixChained}

// deferred are the buckets a lettering commit writes a few scattered keys
// of: the lettering state of lines, open items, partials, matches and
// their codes, operation and event records, counters, the lettering chain
// and the chain pointers. Written through, such a commit dirties a leaf
// and its branch pages in each of ten trees; a store that can
// (store.DeferHinter) logs the commit's writes to them as one record and
// applies many commits' at once, in key order.
var deferred = [][]byte{ixLine, ixOpen, ixCode, bPartial, bMatch, bLettering, bOp, bEvent, bCounter, bLetterChain, ixChained}

// hintAppend tells a store that lays out pages by key order which buckets
// are append-ordered, and one that can defer writes which buckets small
// commits scatter a few keys over.
func hintAppend(st store.Store) {
	if h, ok := st.(store.AppendHinter); ok {
		h.HintAppend(appendOrdered...)
	}
	if h, ok := st.(store.DeferHinter); ok {
		h.HintDeferred(deferred...)
	}
}

func u32(b []byte, v uint32) []byte { return binary.BigEndian.AppendUint32(b, v) }
func u64(b []byte, v uint64) []byte { return binary.BigEndian.AppendUint64(b, v) }

func str(b []byte, s string) []byte { return append(append(b, s...), 0) }

// keyOf returns an empty key with room for n bytes: the key builders
// below size their key once instead of growing it field by field (three
// allocations a key, a tenth of a batch's).
func keyOf(n int) []byte { return make([]byte, 0, n) }

func seqKey(seq uint64) []byte { return u64(keyOf(8), seq) }

// keyRoom hands out the room of index keys from blocks of its own, an
// allocation a block rather than one a key: a batch's index writes were
// a quarter of its allocations, each key its own. A block's memory is
// handed out once and never reused, so each key is still memory of its
// own (see put), alive as long as any key of its block. A nil keyRoom
// allocates each key (keyOf).
type keyRoom struct{ block []byte }

// keyRoomBlock is the size of a keyRoom's blocks: a few hundred keys.
const keyRoomBlock = 16 << 10

// take returns an empty key with room for n bytes and no more, so that
// an append past n moves the key rather than overwrite the next one.
func (r *keyRoom) take(n int) []byte {
	if r == nil {
		return keyOf(n)
	}
	if cap(r.block)-len(r.block) < n {
		r.block = make([]byte, 0, max(keyRoomBlock, n))
	}
	at := len(r.block)
	r.block = r.block[:at+n]
	return r.block[at : at : at+n]
}

// seqKey is seqKey, its room taken from r.
func (r *keyRoom) seqKey(seq uint64) []byte { return u64(r.take(8), seq) }

// id is ownedID, its room taken from r.
func (r *keyRoom) id(id *journal.ID) []byte {
	if r == nil || borrowEntryIDs {
		return ownedID(id)
	}
	return append(r.take(len(id)), id[:]...)
}

func numberKey(j string, fyStart journal.Date, n int64) []byte {
	return (*keyRoom)(nil).numberKey(j, fyStart, n)
}

func (r *keyRoom) numberKey(j string, fyStart journal.Date, n int64) []byte {
	return u64(u32(str(r.take(len(j)+13), j), fyStart.Key()), uint64(n))
}

// A line's position ends the keys of the line indexes, of the open items
// and of the line states: its posting sequence in linePosSeqSize bytes,
// then its index in its entry in linePosIdxSize bytes, both big-endian and
// of fixed width, so that byte order is (sequence, index) order. Six bytes
// hold every sequence below BookEntriesMax and two every index below
// journal.EntryLinesMax: eight bytes where a uint64 and a uint32 took
// twelve, in the three indexes that hold a key per line. The log keeps its
// eight-byte keys (seqKey), and so does every value that names a log key.
const (
	linePosSeqSize = 6
	linePosIdxSize = 2
	linePosSize    = linePosSeqSize + linePosIdxSize
	linePosSeqMax  = 1<<(8*linePosSeqSize) - 1 // the greatest sequence a line position holds
	linePosIdxMax  = 1<<(8*linePosIdxSize) - 1 // the greatest line index a line position holds
)

// The bounds above, checked by the compiler: a constant out of range does
// not convert. The book refuses an entry past BookEntriesMax (ErrBookFull)
// and an entry of more than journal.EntryLinesMax lines before it writes,
// and decoding refuses a log record past either (entryRec.entryWith).
const (
	_ = uint64(linePosSeqMax - BookEntriesMax)
	_ = uint(linePosIdxMax - journal.EntryLinesMax)
)

// appendLinePos appends the position of line idx of the entry posted at
// seq. A position out of range is a bug — every posted and every decoded
// entry is within both bounds —, and it panics rather than write a key
// that would name another line.
func appendLinePos(dst []byte, seq uint64, idx int) []byte {
	if seq > linePosSeqMax || idx < 0 || idx > linePosIdxMax {
		panic(fmt.Sprintf("ledger: line position (sequence %d, line %d) out of range", seq, idx))
	}
	return append(dst, byte(seq>>40), byte(seq>>32), byte(seq>>24), byte(seq>>16), byte(seq>>8), byte(seq),
		byte(idx>>8), byte(idx))
}

// linePos decodes the line position b begins with (appendLinePos). b is at
// least linePosSize long.
func linePos(b []byte) (seq uint64, idx int) {
	_ = b[linePosSize-1] // one bounds check
	seq = uint64(b[0])<<40 | uint64(b[1])<<32 | uint64(b[2])<<24 | uint64(b[3])<<16 | uint64(b[4])<<8 | uint64(b[5])
	return seq, int(b[6])<<8 | int(b[7])
}

func lineKey(account string, date journal.Date, seq uint64, idx int) []byte {
	return (*keyRoom)(nil).lineKey(account, date, seq, idx)
}

func (r *keyRoom) lineKey(account string, date journal.Date, seq uint64, idx int) []byte {
	return appendLinePos(u32(str(r.take(len(account)+1+lineKeyTail), account), date.Key()), seq, idx)
}

func partnerLineKey(partner, account string, date journal.Date, seq uint64, idx int) []byte {
	return (*keyRoom)(nil).partnerLineKey(partner, account, date, seq, idx)
}

func (r *keyRoom) partnerLineKey(partner, account string, date journal.Date, seq uint64, idx int) []byte {
	return appendLinePos(u32(str(str(r.take(len(partner)+len(account)+2+lineKeyTail), partner), account), date.Key()), seq, idx)
}

func aggPrefix(account, partner, cur string) []byte { return aggPrefixRoom(account, partner, cur, 0) }

// aggPrefixRoom is aggPrefix with room for n more bytes. A key is handed
// out with no room beyond its length, so that two appends to it never
// share memory.
func aggPrefixRoom(account, partner, cur string, n int) []byte {
	return str(str(str(keyOf(len(account)+len(partner)+len(cur)+3+n), account), partner), cur)
}

// Aggregate levels. Every movement is added to the aggregate of its day,
// its month and its year, so that a balance at a date sums at most the
// earlier years, the earlier months of its year and the days of its month:
// its cost stays flat as the book grows.
const (
	aggYear  byte = 'Y' // period yyyy
	aggMonth byte = 'M' // period yyyymm
	aggDay   byte = 'D' // period yyyymmdd
)

var aggLevels = [3]byte{aggYear, aggMonth, aggDay}

// aggPeriod returns the period of date at a level.
func aggPeriod(level byte, date journal.Date) uint32 {
	switch level {
	case aggYear:
		return date.Key() / 10000
	case aggMonth:
		return date.Key() / 100
	}
	return date.Key()
}

func aggKey(account, partner, cur string, level byte, period uint32) []byte {
	return u32(append(aggPrefixRoom(account, partner, cur, 5), level), period)
}

// aggStored returns the bucket and key under which the aggregate of key k
// (aggKey's layout, which aggregates use in memory) is stored. Every level
// is stored period first: a batch moves the same few days, months and
// years of many partners, and with the period before the partner its keys
// of one (account, level, period) are neighbours that share a few pages,
// where keyed by partner first each would dirty a page of its own in a
// tree that grows with the book. Years and months share ix.agg, the level
// byte keeping each level's periods together; days have a bucket of their
// own, append-ordered (keys.go). A balance reads its periods one by one
// (Tx.storedCumulative), the years from the first and up to the last of
// ix.aggyrs. aggStored also returns the key's currency code, "" for all
// currencies, so that a flush splits each key once.
func aggStored(k []byte) (bucket, key []byte, cur string, err error) {
	account, partner, cur, level, period, err := splitAggKey(k)
	if err != nil {
		return nil, nil, "", err
	}
	if level == aggDay {
		return ixAggDay, dayAggKey(account, partner, cur, period), cur, nil
	}
	return ixAgg, periodAggKey(account, partner, cur, level, period), cur, nil
}

// aggKept reports whether the aggregate of key k (aggKey's layout) is
// stored. A partner's day aggregates are not: each would hold the one or
// two lines a customer has on a day, a record per line beside the log, the
// partner line index and the month aggregate. A partner's balance at a
// date reads the days of its month from its lines instead
// (Tx.partnerDays), a cost bounded by what the partner moved in a month,
// whatever the book's size. The day aggregates of an account for all
// partners stay: an account moves on most days.
func aggKept(k string) bool { return k[len(k)-5] != aggDay || aggPartnerless(k) }

func dayAggKey(account, partner, cur string, day uint32) []byte {
	return append(str(u32(str(keyOf(len(account)+len(partner)+len(cur)+6), account), day), partner), cur...)
}

// periodAggKey is the key of a year or month aggregate in ix.agg.
func periodAggKey(account, partner, cur string, level byte, period uint32) []byte {
	return append(str(u32(append(str(keyOf(len(account)+len(partner)+len(cur)+7), account), level), period), partner), cur...)
}

// aggYearsKey is the key of (account, partner, currency) in ix.aggyrs. Its
// value is the first and the last year of its aggregates (aggYearsValue).
func aggYearsKey(account, partner, cur string) []byte { return aggPrefix(account, partner, cur) }

func aggYearsValue(first, last uint32) []byte { return u32(u32(keyOf(8), first), last) }

// splitAggYears decodes a value of ix.aggyrs.
func splitAggYears(v []byte) (first, last uint32, err error) {
	if len(v) != 8 {
		return 0, 0, fmt.Errorf("%w: aggregate years %x", ErrFormat, v)
	}
	first, last = binary.BigEndian.Uint32(v), binary.BigEndian.Uint32(v[4:])
	if first > last {
		return 0, 0, fmt.Errorf("%w: aggregate years %d to %d", ErrFormat, first, last)
	}
	return first, last, nil
}

// splitAggYearsKey splits a key of ix.aggyrs.
func splitAggYearsKey(k []byte) (account, partner, cur string, err error) {
	parts := bytes.SplitN(k, []byte{0}, 4)
	if len(parts) != 4 || len(parts[0]) == 0 || len(parts[3]) != 0 {
		return "", "", "", fmt.Errorf("%w: aggregate years key %q", ErrFormat, k)
	}
	return string(parts[0]), string(parts[1]), string(parts[2]), nil
}

// splitAggKey splits an aggregate key made by aggKey.
func splitAggKey(k []byte) (account, partner, cur string, level byte, period uint32, err error) {
	if len(k) < 5 {
		return "", "", "", 0, 0, fmt.Errorf("%w: aggregate key %q", ErrFormat, k)
	}
	parts := bytes.SplitN(k[:len(k)-5], []byte{0}, 4)
	if len(parts) != 4 || len(parts[3]) != 0 {
		return "", "", "", 0, 0, fmt.Errorf("%w: aggregate key %q", ErrFormat, k)
	}
	return string(parts[0]), string(parts[1]), string(parts[2]), k[len(k)-5], binary.BigEndian.Uint32(k[len(k)-4:]), nil
}

// aggKeyOfDay returns the aggregate key (aggKey's layout) of a key of the
// day bucket.
func aggKeyOfDay(k []byte) ([]byte, error) {
	i := bytes.IndexByte(k, 0)
	if i < 0 || len(k) < i+6 {
		return nil, fmt.Errorf("%w: day aggregate key %q", ErrFormat, k)
	}
	day := binary.BigEndian.Uint32(k[i+1 : i+5])
	rest := k[i+5:]
	j := bytes.IndexByte(rest, 0)
	if j < 0 {
		return nil, fmt.Errorf("%w: day aggregate key %q", ErrFormat, k)
	}
	return aggKey(string(k[:i]), string(rest[:j]), string(rest[j+1:]), aggDay, day), nil
}

// aggKeyOfPeriod returns the aggregate key (aggKey's layout) of a key of
// ix.agg.
func aggKeyOfPeriod(k []byte) ([]byte, error) {
	i := bytes.IndexByte(k, 0)
	if i < 0 || len(k) < i+7 {
		return nil, fmt.Errorf("%w: aggregate key %q", ErrFormat, k)
	}
	level, period := k[i+1], binary.BigEndian.Uint32(k[i+2:i+6])
	rest := k[i+6:]
	j := bytes.IndexByte(rest, 0)
	if j < 0 {
		return nil, fmt.Errorf("%w: aggregate key %q", ErrFormat, k)
	}
	return aggKey(string(k[:i]), string(rest[:j]), string(rest[j+1:]), level, period), nil
}

func openPrefix(account, partner string) []byte { return openPrefixRoom(account, partner, 0) }

// openPrefixRoom is openPrefix with room for n more bytes.
func openPrefixRoom(account, partner string, n int) []byte {
	return str(str(keyOf(len(account)+len(partner)+2+n), account), partner)
}

// openKey is the key of an open item: account, 0, partner, 0, then the
// line's date and position (openKeyTail).
func openKey(account, partner string, date journal.Date, seq uint64, idx int) []byte {
	return (*keyRoom)(nil).openKey(account, partner, date, seq, idx)
}

func (r *keyRoom) openKey(account, partner string, date journal.Date, seq uint64, idx int) []byte {
	k := str(str(r.take(len(account)+len(partner)+2+openKeyTail), account), partner)
	return appendLinePos(u32(k, date.Key()), seq, idx)
}

// openKeyTail is the length of an open-item key after its account and
// partner: the line's date and position.
const openKeyTail = 4 + linePosSize

// openKeyPos returns the position of the line an open-item key names;
// false when k is too short to hold a partner and a position.
func openKeyPos(k []byte) (seq uint64, idx int, ok bool) {
	if len(k) < 2+openKeyTail {
		return 0, 0, false
	}
	seq, idx = linePos(k[len(k)-linePosSize:])
	return seq, idx, true
}

// lineStateKey is where ixLine keeps the lettering state of line i of e
// (lineState: its residual, the live match holding it, its live partials):
// account, 0, partner, 0, then the line's position. Only lines a partial
// touched have one. A partner's lines sit side by side, as in the
// open-items index, and a line's state under one key, so that lettering a
// partner's items writes a few neighbouring keys of one tree; keyed by
// entry id, the lines of a partner's invoices and payments, posted over
// months among everyone else's, landed on a page each.
func lineStateKey(e *journal.Entry, i int) []byte {
	l := &e.Lines[i]
	return appendLineStateKey(keyOf(len(l.Account)+len(l.Partner)+2+lineStateTail), e, i)
}

// appendLineStateKey appends lineStateKey(e, i) to dst: a lookup that
// keeps no key builds it in a scratch buffer.
func appendLineStateKey(dst []byte, e *journal.Entry, i int) []byte {
	l := &e.Lines[i]
	return appendLinePos(str(str(dst, l.Account), l.Partner), e.Seq, i)
}

// lineStateTail is the length of a line state key after its account and
// partner: the line's position.
const lineStateTail = linePosSize

// lineStateAt returns the posting sequence and the line index a line state
// key ends with; false when k is too short to hold them.
func lineStateAt(k []byte) (seq uint64, idx int, ok bool) {
	if len(k) < 2+lineStateTail {
		return 0, 0, false
	}
	seq, idx = linePos(k[len(k)-lineStateTail:])
	return seq, idx, true
}

func originKey(origin, entry journal.ID) []byte {
	return append(origin[:len(origin):len(origin)], entry[:]...)
}

func codeKey(account, partner, code string) []byte {
	k, _ := codeKeyRoom(account, partner, code, 0)
	return k
}

// codeKeyRoom is codeKey and, after it in the same allocation, an empty
// slice with room for n bytes, for the value put under the key; the key
// is capped, so that an append to it cannot reach them.
func codeKeyRoom(account, partner, code string, n int) (key, room []byte) {
	k := append(str(str(keyOf(len(account)+len(partner)+len(code)+2+n), account), partner), code...)
	return k[:len(k):len(k)], k[len(k):]
}

// errStop ends a scan early once it found what it looked for.
var errStop = errors.New("ledger: scan stopped")

// prefixEnd returns the smallest key greater than every key with prefix p:
// the exclusive upper bound of a prefix scan.
func prefixEnd(p []byte) []byte {
	end := append([]byte(nil), p...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil // all 0xff: no upper bound
}
