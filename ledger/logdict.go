package ledger

import (
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/klauspost/compress/s2"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// A log record after the book's first logDictEntries is stored compressed,
// an s2 block made with a dictionary of the book's own first records: most
// of an entry record is the same from one entry to the next (keys,
// journal, accounts, currency, labels), and the book's first records hold
// those it repeats. A dictionary made of another book's records saves less
// than half as much (a record of some 172 bytes: 127 with its own book's,
// 152 with another's).
//
// The dictionary follows from the log alone, so that the same entries posted
// one by one or in batches of any size make the same bytes: it is the
// concatenation, in sequence order, of the plain records (without their
// hash) of the entries with sequence 1 to logDictEntries, cut to its first
// logDictMax bytes. It is complete once entry logDictEntries is logged and
// never changes afterwards: posted entries are immutable.
//
// A log value is the entry's chain hash, then either its record as it is
// (sequence logDictEntries and below, or a record that does not compress)
// or logPacked and the s2 block of the record. A record starts with a CBOR
// map header (0xa0 to 0xbb), never logPacked. The chain hash always
// covers the plain record (chainHash).
const (
	logDictEntries = 64
	logDictMax     = 8192

	// logPacked marks a compressed record, after the hash.
	logPacked byte = 0x00

	// logRecordMax bounds the length a compressed record may claim: a
	// record of journal.EntryLinesMax lines is a few megabytes. A damaged
	// block claiming more is refused before anything is allocated.
	logRecordMax = 1 << 26
)

// logDict is a book's complete log dictionary. It is immutable and safe for
// concurrent use: a Book keeps the one it read (Book.logDict) for every
// transaction after.
type logDict struct{ d *s2.Dict }

// newLogDict makes the dictionary of data, the concatenation of the first
// logDictEntries records cut to logDictMax bytes, which it keeps. The
// repeat offset is set to 0 rather than searched for (s2.MakeDict), so that
// the dictionary depends on data alone, not on the search a version of s2
// does: the blocks stored with it must decode for good.
func newLogDict(data []byte) *logDict {
	d := s2.MakeDictManual(data, 0)
	if d == nil {
		// 64 records of more than 21 bytes each (recordID).
		panic(fmt.Sprintf("ledger: log dictionary of %d bytes", len(data)))
	}
	return &logDict{d: d}
}

// logDictBuilder collects the records a dictionary is made of, in sequence
// order.
type logDictBuilder struct {
	next uint64 // the sequence of the record it takes next
	data []byte
}

func newLogDictBuilder() logDictBuilder {
	return logDictBuilder{next: 1, data: make([]byte, 0, logDictMax+16)} // room for s2's padding: it keeps data
}

// add takes rec, the plain record logged under seq, and returns the
// dictionary when rec completes it. A record out of order is ErrFormat: the
// posting-sequence counter and the log disagree.
func (b *logDictBuilder) add(seq uint64, rec []byte) (*logDict, error) {
	if seq != b.next || seq > logDictEntries {
		return nil, fmt.Errorf("%w: log record %d where the log dictionary takes record %d", ErrFormat, seq, b.next)
	}
	b.next++
	b.data = append(b.data, rec[:min(len(rec), logDictMax-len(b.data))]...)
	if seq < logDictEntries {
		return nil, nil
	}
	return newLogDict(b.data), nil
}

// logPacker makes the stored form of each record a transaction logs, in
// sequence order: plain while the dictionary is not complete (collecting
// the records it is made of), compressed after. A transaction has one
// (Tx.logPacker), used by one goroutine at a time: a batch's encoder, or
// the transaction's once the pipeline is drained.
type logPacker struct {
	dict    *logDict
	build   logDictBuilder // while dict is nil
	scratch []byte         // a block, copied out before the store gets it
}

// pack returns the value to log for rec, the hash header and plain record
// of the entry with sequence seq: rec itself, or a fresh buffer holding the
// header and the compressed record. While the dictionary is incomplete a
// record is stored plain; one that does not follow the records it holds (a
// log with a gap, which Check reports) leaves it incomplete for good, and
// every record after plain, always readable.
func (p *logPacker) pack(seq uint64, rec []byte) ([]byte, error) {
	plain := rec[logHeader:]
	if p.dict == nil {
		if seq == p.build.next && seq <= logDictEntries {
			d, err := p.build.add(seq, plain)
			p.dict = d
			return rec, err
		}
		p.build.next = logDictEntries + 1 // never complete
		return rec, nil
	}
	if seq <= logDictEntries {
		return nil, fmt.Errorf("%w: log record %d after the log dictionary was complete", ErrFormat, seq)
	}
	p.scratch = p.dict.d.Encode(p.scratch[:cap(p.scratch)], plain)
	if 1+len(p.scratch) >= len(plain) {
		return rec, nil
	}
	v := make([]byte, logHeader+1+len(p.scratch))
	v[logHeader] = logPacked
	copy(v[logHeader+1:], p.scratch)
	return v, nil
}

// packed reports whether log value v holds a compressed record.
func packed(v []byte) bool { return len(v) > logHeader && v[logHeader] == logPacked }

// openLogValue returns the hashed record (hash, then plain record) of v, the
// log value stored under sequence seq: v itself when the record is stored
// plain, else the record decompressed with d into dst, grown as needed (nil
// for a fresh buffer). A compressed record at sequence logDictEntries or
// below, one without a dictionary (d nil) or a damaged block is ErrFormat.
func openLogValue(d *logDict, seq uint64, v, dst []byte) ([]byte, error) {
	if len(v) <= logHeader {
		return nil, fmt.Errorf("%w: log record of %d bytes", ErrFormat, len(v))
	}
	if v[logHeader] != logPacked {
		return v, nil
	}
	if seq <= logDictEntries {
		return nil, fmt.Errorf("%w: log record %d is compressed, where only a plain record is valid", ErrFormat, seq)
	}
	if d == nil {
		return nil, fmt.Errorf("%w: log record %d is compressed, and the log has no dictionary (fewer than %d entries)", ErrFormat, seq, logDictEntries)
	}
	block := v[logHeader+1:]
	n, err := s2.DecodedLen(block)
	if err != nil || n == 0 || n > logRecordMax {
		return nil, fmt.Errorf("%w: log record %d: damaged compressed block (length %d, %v)", ErrFormat, seq, n, err)
	}
	if cap(dst) < logHeader+n {
		dst = make([]byte, logHeader+n)
	}
	dst = dst[:logHeader+n]
	copy(dst, v[:logHeader])
	out, err := d.d.Decode(dst[logHeader:], block)
	if err != nil || len(out) != n || &out[0] != &dst[logHeader] {
		return nil, fmt.Errorf("%w: log record %d: damaged compressed block: %v", ErrFormat, seq, err)
	}
	return dst, nil
}

// splitLogRecord returns the entry id and the hashed record (openLogValue)
// of log value v, stored under key k, decompressing into dst. A key that
// is not a sequence number is read as sequence 0: its record must be plain.
func splitLogRecord(d *logDict, k, v, dst []byte) (journal.ID, []byte, error) {
	var seq uint64
	if len(k) == 8 {
		seq = u64From(k)
	}
	raw, err := openLogValue(d, seq, v, dst)
	if err != nil {
		return journal.NoID, nil, err
	}
	id, err := recordID(raw[logHeader:])
	return id, raw, err
}

// logDictHolder is where a Book keeps its complete log dictionary, nil until
// a transaction read one from the committed log.
type logDictHolder = atomic.Pointer[logDict]

// logDict returns the book's log dictionary, nil while the log has fewer
// than logDictEntries entries: the Book's, or the one this transaction
// read from the log.
func (c *chainTx) logDict() (*logDict, error) {
	if c.books != nil {
		if d := c.books.Load(); d != nil {
			return d, nil
		}
	}
	if c.dict != nil {
		return c.dict, nil
	}
	d, _, err := c.readLogDict()
	return d, err
}

// readLogDict reads the log dictionary from the log's first records, and
// returns it, nil while incomplete, and the builder holding the records
// read. A complete dictionary is kept for the transaction, and for the
// Book when every record it is made of was logged before this transaction
// (committed, they never change): one this transaction logged is kept
// only for it, and the Book reads it again once it is committed.
func (c *chainTx) readLogDict() (*logDict, logDictBuilder, error) {
	b := newLogDictBuilder()
	var d *logDict
	err := c.Tx.Scan(bLog, seqKey(1), seqKey(logDictEntries+1), false, func(k, v []byte) error {
		_, raw, err := splitLogRecord(nil, k, v, nil)
		if err != nil {
			return err
		}
		if u64From(k) != b.next {
			// A gap (Check reports it): the dictionary is never complete.
			b.next = logDictEntries + 1
			return errStop
		}
		d, err = b.add(u64From(k), raw[logHeader:])
		return err
	})
	if errors.Is(err, errStop) {
		err = nil
	}
	if err != nil {
		return nil, logDictBuilder{}, fmt.Errorf("log dictionary: %w", err)
	}
	if d != nil {
		c.dict = d
		if c.books != nil && (c.logLow == 0 || c.logLow > logDictEntries) {
			c.books.CompareAndSwap(nil, d)
		}
	}
	return d, b, nil
}

// openLog returns the id and hashed record of log value v stored under key
// k (splitLogRecord), reading the dictionary if v needs it.
func (c *chainTx) openLog(k, v, dst []byte) (journal.ID, []byte, error) {
	var d *logDict
	if packed(v) {
		var err error
		if d, err = c.logDict(); err != nil {
			return journal.NoID, nil, err
		}
	}
	return splitLogRecord(d, k, v, dst)
}

// logPacker returns the transaction's log packer, made on first use from
// the dictionary or the records it is made of.
func (t *Tx) logPacker() (*logPacker, error) {
	if t.pack != nil {
		return t.pack, nil
	}
	p := &logPacker{}
	// The Book's dictionary may come from a transaction that began after
	// this one, which another process's entries kept from seeing the
	// dictionary's records (PostgreSQL): it packs only a transaction that
	// sees them too, and this one builds its own otherwise.
	if d := t.b.dict.Load(); d != nil {
		end, _, err := t.ct.logEnd()
		if err != nil {
			return nil, err
		}
		if end >= logDictEntries {
			p.dict = d
			t.pack = p
			return p, nil
		}
	}
	var err error
	if p.dict, p.build, err = t.ct.readLogDict(); err != nil {
		return nil, err
	}
	t.pack = p
	return p, nil
}

// logReader opens the log values of a scan, decompressing each into one
// buffer: the hashed record it returns is valid until the next.
type logReader struct {
	d   *logDict
	buf []byte
}

// open is splitLogRecord into the reader's buffer.
func (r *logReader) open(k, v []byte) (journal.ID, []byte, error) {
	id, raw, err := splitLogRecord(r.d, k, v, r.buf)
	if err == nil && packed(v) {
		r.buf = raw[:0] // ours, never the store's
	}
	return id, raw, err
}

// logReader returns a reader for a scan of the log, with the dictionary
// read before the scan begins.
func (c *chainTx) logReader() (*logReader, error) {
	d, err := c.logDict()
	return &logReader{d: d}, err
}

// storedLogReader is logReader with the dictionary read from the store
// itself, never the Book's: Check and Verify read everything from the
// store. A dictionary that cannot be read is nil, with the reason.
func storedLogReader(st store.Tx) (*logReader, error) {
	d, _, err := (&chainTx{Tx: st}).readLogDict()
	return &logReader{d: d}, err
}
