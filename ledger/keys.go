package ledger

import (
	"encoding/binary"
	"errors"

	"github.com/lettrage/lettrage/journal"
)

// Buckets. Data buckets hold the records; index buckets (and the entry id
// index) are derived from the log, written with it or behind it (index.go).
// Keys put the most selective part first and integers big-endian so that
// byte order is the order we want.
var (
	bMeta     = []byte("meta")    // "book" → bookRec
	bFiscal   = []byte("fy")      // start date → fiscalRec
	bLock     = []byte("lock")    // seq → lockRec (history)
	bAccount  = []byte("acct")    // code → accountRec
	bPartner  = []byte("partner") // code → partnerRec
	bJournal  = []byte("jrnl")    // code → journalRec
	bRate     = []byte("rate")    // currency, date → rate text
	bLog      = []byte("log")     // seq → id(16) ‖ entryRec: every entry, in posting order
	bEntry    = []byte("entry")   // id → seq (the entry's log key); written with the indexes
	bCounter  = []byte("ctr")     // name → uint64
	bPartial  = []byte("partial") // id → partialRec
	bMatch    = []byte("match")   // id → matchRec
	bOp       = []byte("op")      // operation id → opRec
	bReversed = []byte("rev")     // original id → reversal id
	bEvent    = []byte("event")   // subject id, seq → eventRec (the layer above's event logs)

	ixNumber   = []byte("ix.num")     // journal, 0, fy start, number → entry id
	ixLines    = []byte("ix.lines")   // account, 0, date, seq, index → lineView
	ixPLines   = []byte("ix.plines")  // partner, 0, account, 0, date, seq, index → lineView
	ixAgg      = []byte("ix.agg")     // account, 0, partner, 0, currency, 0, level, period → aggRec
	ixResidual = []byte("ix.resid")   // entry id, index → residualRec (reconcilable lines a partial touched)
	ixOpen     = []byte("ix.open")    // account, 0, partner, 0, date, seq, index → nil
	ixLivePart = []byte("ix.lpart")   // entry id, index, partial id → nil
	ixMatched  = []byte("ix.matched") // entry id, index → match id
	ixCode     = []byte("ix.code")    // account, 0, partner, 0, code → match id
	ixHead     = []byte("ix.head")    // journal → hash of its last entry
	ixOrigin   = []byte("ix.origin")  // origin id, entry id → nil (generated entries)
)

var metaKey = []byte("book")

func u32(b []byte, v uint32) []byte { return binary.BigEndian.AppendUint32(b, v) }
func u64(b []byte, v uint64) []byte { return binary.BigEndian.AppendUint64(b, v) }

func str(b []byte, s string) []byte { return append(append(b, s...), 0) }

func seqKey(seq uint64) []byte { return u64(nil, seq) }

func numberKey(j string, fyStart journal.Date, n int64) []byte {
	return u64(u32(str(nil, j), fyStart.Key()), uint64(n))
}

func lineKey(account string, date journal.Date, seq uint64, idx int) []byte {
	return u32(u64(u32(str(nil, account), date.Key()), seq), uint32(idx))
}

func partnerLineKey(partner, account string, date journal.Date, seq uint64, idx int) []byte {
	return u32(u64(u32(str(str(nil, partner), account), date.Key()), seq), uint32(idx))
}

func aggPrefix(account, partner, cur string) []byte { return str(str(str(nil, account), partner), cur) }

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
	return u32(append(aggPrefix(account, partner, cur), level), period)
}

func refKey(r journal.LineRef) []byte {
	return u32(append([]byte(nil), r.Entry[:]...), uint32(r.Index))
}

func openPrefix(account, partner string) []byte { return str(str(nil, account), partner) }

func openKey(account, partner string, date journal.Date, seq uint64, idx int) []byte {
	return u32(u64(u32(openPrefix(account, partner), date.Key()), seq), uint32(idx))
}

func livePartialKey(r journal.LineRef, p journal.ID) []byte { return append(refKey(r), p[:]...) }

func originKey(origin, entry journal.ID) []byte {
	return append(origin[:len(origin):len(origin)], entry[:]...)
}

func codeKey(account, partner, code string) []byte {
	return append(str(str(nil, account), partner), code...)
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
