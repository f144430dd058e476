package ledger

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// Record chains.
//
// Entries chain per journal in the log (post.go). Everything else that
// changes the meaning of a book is chained too, so that a record deleted,
// altered or added behind the book's back is found:
//
//   - the configuration chain holds the book's meta record (company
//     currency, rounding), fiscal years, lock-date changes, closings of
//     fiscal years, accounts,
//     partners, journals and rates;
//   - the lettering chain holds partials, matches, operation records (the
//     idempotency of the layer above), event logs and the layer above's
//     counters (letter codes).
//
// A transaction that writes any of these records appends, when it commits
// (Tx.flush), one record to each chain it touched: its sequence number, the
// previous record's hash and, for each key written, the SHA-256 of the
// value written (none for a delete). The record is stored after its own
// hash, as log entries are. The records themselves stay where they are, the
// fast read path; beside each one, ixChained keeps the sequence number of
// the chain record that last wrote it. Check and Verify walk each chain and
// compare every current record with the chain record that last wrote it:
// a current value with another hash, a record the chain wrote but the store
// lacks, and a record no chain wrote are all named.
//
// Check reads each chained bucket beside its part of ixChained, both in key
// order, a chunk at a time: a value's hash against the pointer's, without a
// lookup per record.
//
// Partials and matches, which a lettering writes by the thousand, carry
// their pointer at the head of their own value instead (inline): the
// sequence number of the chain record that last wrote them and the hash of
// the rest of the value, as ixChained would hold them. A transaction
// writing one knows the number its chain record will take (the chain's
// head, read once, plus one), and saves a put and a tree a record. The
// transaction's reads (chainTx's Get and Scan) hand out the value after
// the pointer; Check and Verify read the store underneath.
//
// The writes are recorded by chainTx, a store.Tx that wraps the
// transaction's own: every write of the book goes through it, so the layer
// above, which writes through Tx, needs to know nothing of the chains.

var (
	bConfigChain = []byte("chain.cfg")  // seq → hash(32) ‖ chainRec
	bLetterChain = []byte("chain.let")  // seq → hash(32) ‖ chainRec
	ixChained    = []byte("ix.chained") // bucket, 0, key → seq ‖ hash of the chain record's write that last wrote it
)

// chainPtrSize is the length of a chain pointer: the chain record's
// sequence number (8 bytes), then the hash it recorded (32 bytes).
const chainPtrSize = 8 + sha256.Size

// inlinePointer reports whether the records of bucket carry their chain
// pointer at the head of their value rather than in ixChained. The book
// never deletes them, so that a pointer always has a record to sit in.
func inlinePointer(bucket []byte) bool {
	return string(bucket) == string(bPartial) || string(bucket) == string(bMatch) || string(bucket) == string(bLettering)
}

// splitInline splits a stored record of an inline bucket into its pointer
// and its value, and false when it is too short to hold a pointer.
func splitInline(v []byte) (ptr, value []byte, ok bool) {
	if len(v) < chainPtrSize {
		return nil, v[len(v):], false
	}
	return v[:chainPtrSize], v[chainPtrSize:], true
}

// rawStore returns the store under st: a transaction's chainTx strips
// inline pointers from what it reads, and the chain checks read them.
func rawStore(st store.Tx) store.Tx {
	if c, ok := st.(*chainTx); ok {
		return c.Tx
	}
	return st
}

// chainKind names a record chain other than the journals'.
type chainKind uint8

const (
	chainNone chainKind = iota
	chainConfig
	chainLetter
)

// chainKinds are the chains chainTx feeds, in the order flush appends them.
var chainKinds = [2]chainKind{chainConfig, chainLetter}

// Chain names, as a Seal, a VerifyError and an AnchorError give them.
const (
	ChainConfig    = "config"    // accounts, partners, journals, fiscal years, rates, lock dates, closings
	ChainLettering = "lettering" // partials, matches, operation records, events, letter counters
	chainJournal   = "journal/"  // + journal code
)

func (k chainKind) String() string {
	if k == chainConfig {
		return ChainConfig
	}
	return ChainLettering
}

func (k chainKind) bucket() []byte {
	if k == chainConfig {
		return bConfigChain
	}
	return bLetterChain
}

// chainOf returns the chain that records writes of key in bucket.
func chainOf(bucket, key []byte) chainKind {
	switch string(bucket) {
	case "meta", "fy", "lock", "close", "acct", "acctact", "partner", "pdata", "jrnl", "rate", "unit":
		return chainConfig
	case "partial", "match", "letter", "op", "event":
		return chainLetter
	case "ctr":
		switch {
		case string(key) == ctrLock || string(key) == ctrClose:
			return chainConfig
		case bytes.HasPrefix(key, []byte(ctrUser)):
			return chainLetter
		}
	}
	return chainNone
}

// chainedBuckets are the buckets whose records a chain holds (of bCounter,
// only some keys: see chainOf).
var chainedBuckets = [...][]byte{bMeta, bFiscal, bLock, bClose, bAccount, bActive, bPartner, bPData, bJournal, bRate, bUnit,
	bPartial, bMatch, bLettering, bOp, bEvent, bCounter}

// chainRec is one record of a chain: the writes of one transaction. It is
// stored in a fixed binary layout (chainValue) rather than CBOR: Check and
// Verify read every record of both chains, and slicing costs nothing.
type chainRec struct {
	Seq    uint64
	Prev   []byte // the previous record's hash; nil for the first
	Writes []byte // packWrites: in (bucket, key) order
}

// chainRecVersion is the first byte of a chain record's layout.
const chainRecVersion = 1

// chainWrite is one key a transaction wrote.
type chainWrite struct {
	Bucket, Key []byte
	Hash        []byte // SHA-256 of the value written; nil for a delete
	// The key's previous write, as ixChained gave it when this one was
	// appended: its chain record (0 for none) and its hash. With these
	// links one pass over a chain sums its last write of every key without
	// a lookup per write: each write adds itself and takes away the write
	// it supersedes (verifyRecordChains).
	PrevSeq  uint64
	PrevHash []byte
}

// packWrites packs writes as a record stores them, each as its bucket name
// (a length byte, the name), its key (two length bytes, the key), its hash
// (a length byte, 0 or 32, the hash), its previous write's chain record (8
// bytes) and hash (a length byte, 0 or 32, the hash): Check reads them
// without decoding a value per write.
func packWrites(ws []chainWrite) []byte {
	n := 0
	for _, w := range ws {
		n += 13 + len(w.Bucket) + len(w.Key) + len(w.Hash) + len(w.PrevHash)
	}
	b := make([]byte, 0, n)
	for _, w := range ws {
		b = append(append(b, byte(len(w.Bucket))), w.Bucket...)
		b = append(binary.BigEndian.AppendUint16(b, uint16(len(w.Key))), w.Key...)
		b = append(append(b, byte(len(w.Hash))), w.Hash...)
		b = binary.BigEndian.AppendUint64(b, w.PrevSeq)
		b = append(append(b, byte(len(w.PrevHash))), w.PrevHash...)
	}
	return b
}

// eachWrite calls fn with each write packed in b; the write's slices point
// into b.
func eachWrite(b []byte, fn func(w chainWrite) error) error {
	cut := fmt.Errorf("%w: chain record writes cut short", ErrFormat)
	hashAt := func(b []byte) ([]byte, []byte, bool) {
		if len(b) < 1 || b[0] != 0 && b[0] != sha256.Size || len(b) < 1+int(b[0]) {
			return nil, nil, false
		}
		if b[0] == 0 {
			return nil, b[1:], true
		}
		return b[1 : 1+sha256.Size], b[1+sha256.Size:], true
	}
	for len(b) > 0 {
		var w chainWrite
		n := int(b[0])
		if len(b) < 1+n+2 {
			return cut
		}
		w.Bucket, b = b[1:1+n], b[1+n:]
		n = int(binary.BigEndian.Uint16(b))
		if len(b) < 2+n {
			return cut
		}
		w.Key, b = b[2:2+n], b[2+n:]
		var ok bool
		if w.Hash, b, ok = hashAt(b); !ok || len(b) < 8 {
			return cut
		}
		w.PrevSeq, b = binary.BigEndian.Uint64(b), b[8:]
		if w.PrevHash, b, ok = hashAt(b); !ok {
			return cut
		}
		if err := fn(w); err != nil {
			return err
		}
	}
	return nil
}

// chainedKey is the key of ixChained for key in bucket. Bucket names hold
// no zero byte, so the first one ends the name.
func chainedKey(bucket, key []byte) []byte {
	return append(append(append(make([]byte, 0, len(bucket)+1+len(key)), bucket...), 0), key...)
}

// splitChainedKey splits a key of ixChained.
func splitChainedKey(k []byte) (bucket, key []byte, err error) {
	i := bytes.IndexByte(k, 0)
	if i <= 0 || i == len(k)-1 {
		return nil, nil, fmt.Errorf("%w: chain index key %q", ErrFormat, k)
	}
	return k[:i], k[i+1:], nil
}

// chainTx is the store transaction a Tx writes through: it passes every
// call on and remembers, for each chained record written, the hash of its
// value, until flush appends them to their chains.
type chainTx struct {
	store.Tx
	pending [len(chainKinds)]chainPending
	// entryTop is the greatest id the entry index holds, read once a
	// transaction (entryTopRead) and raised by its puts (see Tx.entrySeq).
	entryTop     []byte
	entryTopRead bool
	// idTop is the greatest entry id in the log (counter ctrIDTop), read
	// once a transaction (idTopRead) and raised by its log puts; idTopKept
	// says whether the store holds it (a book whose counter was lost looks
	// every id up, and does not start it again short of older ids).
	idTop      journal.ID
	idTopRead  bool
	idTopKept  bool
	idTopMoved bool
	// logSeq and logID are the sequence and id of the last entry in the
	// log as the transaction found it (0 and NoID for an empty log), read
	// once (logEndRead), before its first log put.
	logSeq     uint64
	logID      journal.ID
	logEndRead bool
	// books is the Book's log dictionary, dict the one this transaction
	// read (logdict.go); logLow is the lowest sequence this transaction
	// logged, 0 for none.
	books  *logDictHolder
	dict   *logDict
	logLow uint64
	// letterSeq is the sequence number the lettering chain's next record
	// takes, which the inline pointers written since the last append name;
	// 0 until one is written.
	letterSeq uint64
	// wrote keeps the lettering chain records chainWrote read
	// (keepWrote), wroteBytes their size in all; wroteTick counts its
	// calls.
	wrote      map[uint64]*wroteRec
	wroteBytes int
	wroteTick  uint64
}

type chainPending struct {
	at     map[string]int // chainedKey → index in writes, but for unindexed
	writes []chainWrite
	// unindexed are the writes of fresh keys (putChained) not in at yet,
	// and freshIn the buckets they are in. A fresh key is a new random id,
	// which a later write of the same transaction rarely names again (a
	// partial made and undone at once): a lookup in one of those buckets
	// indexes them first (lookup), and a lettering of ten thousand
	// partials builds no map of them.
	unindexed []int32
	freshIn   [][]byte
	// order and spare are sortWrites' room: the writes' places, and the
	// list the writes are copied into in their order.
	order []int32
	spare []chainWrite
}

// chainWritesKept is the most writes a pending list a Book keeps between
// transactions has room for (txScratch): a large lettering's chunk
// notes some ten thousand.
const chainWritesKept = 1 << 16

// reset empties p, keeping its room when not too large.
func (p *chainPending) reset() {
	if cap(p.writes) > chainWritesKept || cap(p.spare) > chainWritesKept {
		*p = chainPending{}
		return
	}
	clear(p.at)
	clear(p.writes)
	p.writes = p.writes[:0]
	p.unindexed = p.unindexed[:0]
	p.freshIn = p.freshIn[:0]
}

// lookup returns the index in writes of the write of chained key ck, of a
// bucket name n bytes long, and whether there is one.
func (p *chainPending) lookup(ck []byte, n int) (int, bool) {
	if len(p.unindexed) > 0 && slices.ContainsFunc(p.freshIn, func(b []byte) bool { return bytes.Equal(b, ck[:n]) }) {
		if p.at == nil {
			p.at = map[string]int{}
		}
		for _, i := range p.unindexed {
			w := &p.writes[i]
			p.at[string(chainedKey(w.Bucket, w.Key))] = int(i)
		}
		p.unindexed, p.freshIn = p.unindexed[:0], p.freshIn[:0]
	}
	i, ok := p.at[string(ck)]
	return i, ok
}

// Get is the store's Get, a record of an inline bucket without its
// pointer (empty when the record is too short to hold one: it decodes as
// nothing, and Check names it).
func (c *chainTx) Get(bucket, key []byte) ([]byte, error) {
	v, err := c.Tx.Get(bucket, key)
	if err != nil || !inlinePointer(bucket) {
		return v, err
	}
	_, v, _ = splitInline(v)
	return v, nil
}

// Scan is the store's Scan, the records of an inline bucket without their
// pointers, as Get reads them.
func (c *chainTx) Scan(bucket, from, to []byte, reverse bool, fn func(key, value []byte) error) error {
	if !inlinePointer(bucket) {
		return c.Tx.Scan(bucket, from, to, reverse, fn)
	}
	return c.Tx.Scan(bucket, from, to, reverse, func(k, v []byte) error {
		_, v, _ = splitInline(v)
		return fn(k, v)
	})
}

func (c *chainTx) Put(bucket, key, value []byte) error {
	if string(bucket) == string(bEntry) {
		c.raiseEntryTop(key)
	}
	k := chainOf(bucket, key)
	if k == chainNone {
		if string(bucket) == string(bLog) {
			id, _, err := c.openLog(key, value, nil)
			if err != nil {
				return err
			}
			return c.putLog(key, value, id)
		}
		return c.Tx.Put(bucket, key, value)
	}
	ck := chainedKey(bucket, key)
	prev, err := c.intact(k, ck, bucket, key)
	if err != nil {
		return err
	}
	if inlinePointer(bucket) {
		room := make([]byte, chainPtrSize, chainPtrSize+len(value))
		hash, err := c.putInline(bucket, key, append(room, value...))
		if err != nil {
			return err
		}
		c.note(k, ck, len(bucket), hash, prev)
		return nil
	}
	if err := c.Tx.Put(bucket, key, value); err != nil {
		return err
	}
	h := sha256.Sum256(value)
	c.note(k, ck, len(bucket), h[:], prev)
	return nil
}

// chainWroteBytes bounds the lettering chain records chainWrote keeps
// read, in bytes: an unlettering undoes the partials and matches of
// letterings written by a few records, often in turn (the lines of one
// day, lettered by several runs), and a store may copy a record at each
// read. The least recently used record goes first.
var chainWroteBytes = 64 << 20 // a variable: tests lower it

// wroteRec is a lettering chain record chainWrote read, as the store gave
// it (valid until the transaction ends), and when it last served.
type wroteRec struct {
	value []byte
	used  uint64
}

// chainWrote reports whether lettering chain record seq wrote the key of
// ixChained ck with hash: a rewrite of a partial or a match checks that
// the pointer its record holds names a write of that record. The record's
// own hash is Check's to verify, with the whole chain; this reads its
// writes only, in place.
func (c *chainTx) chainWrote(seq uint64, ck, hash []byte) (bool, error) {
	c.wroteTick++
	rec, ok := c.wrote[seq]
	if !ok {
		v, err := c.Tx.Get(bLetterChain, seqKey(seq))
		if errors.Is(err, store.ErrNotFound) {
			return false, nil
		} else if err != nil {
			return false, err
		}
		rec = c.keepWrote(seq, v)
	}
	rec.used = c.wroteTick
	if len(rec.value) < chainValueMin || rec.value[sha256.Size] != chainRecVersion {
		return false, fmt.Errorf("%w: lettering chain record %d is damaged; run Check", ErrIntegrity, seq)
	}
	bucket, key, err := splitChainedKey(ck)
	if err != nil {
		return false, err
	}
	found := false
	err = eachWrite(rec.value[chainValueMin:], func(w chainWrite) error {
		if bytes.Equal(w.Key, key) && bytes.Equal(w.Bucket, bucket) {
			found = bytes.Equal(w.Hash, hash)
			return errStop
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return false, fmt.Errorf("%w: lettering chain record %d: %v; run Check", ErrIntegrity, seq, err)
	}
	return found, nil
}

// keepWrote keeps lettering chain record seq, read as v, dropping the
// least recently used records past chainWroteBytes.
func (c *chainTx) keepWrote(seq uint64, v []byte) *wroteRec {
	if c.wrote == nil {
		c.wrote = map[uint64]*wroteRec{}
	}
	for len(c.wrote) > 0 && c.wroteBytes+len(v) > chainWroteBytes {
		var oldest uint64
		first := true
		for s, r := range c.wrote {
			if first || r.used < c.wrote[oldest].used {
				oldest, first = s, false
			}
		}
		c.wroteBytes -= len(c.wrote[oldest].value)
		delete(c.wrote, oldest)
	}
	r := &wroteRec{value: v, used: c.wroteTick}
	c.wrote[seq] = r
	c.wroteBytes += len(v)
	return r
}

// nextLetterSeq returns the sequence number the lettering chain's next
// record takes, read once until that record is appended.
func (c *chainTx) nextLetterSeq() (uint64, error) {
	if c.letterSeq == 0 {
		seq, _, err := chainHead(c.Tx, chainLetter)
		if err != nil {
			return 0, err
		}
		c.letterSeq = seq + 1
	}
	return c.letterSeq, nil
}

// putInline stores a record of an inline bucket: v is its value after
// chainPtrSize bytes of room, which it fills with the record's pointer
// (the lettering chain's next record, the value's hash). It returns the
// hash, a slice of v.
func (c *chainTx) putInline(bucket, key, v []byte) ([]byte, error) {
	seq, err := c.nextLetterSeq()
	if err != nil {
		return nil, err
	}
	binary.BigEndian.PutUint64(v, seq)
	h := sha256.Sum256(v[chainPtrSize:])
	hash := v[8:chainPtrSize:chainPtrSize]
	copy(hash, h[:])
	return hash, c.Tx.Put(bucket, key, v)
}

// putLog is Put for log value v of entry id under sequence key k: the id
// is the caller's, not read from a record that may be compressed.
func (c *chainTx) putLog(k, v []byte, id journal.ID) error {
	if _, _, err := c.logEnd(); err != nil { // the log's end before this put
		return err
	}
	if err := c.raiseIDTop(id); err != nil {
		return err
	}
	if seq := u64From(k); c.logLow == 0 || seq < c.logLow {
		c.logLow = seq
	}
	return c.Tx.Put(bLog, k, v)
}

// putChained is Put for a record of a chained bucket; fresh says its key
// was made by this transaction just now (a new random id), so that no
// record and no chain write can name it yet: the checks of intact, two
// reads, are skipped. The value of an inline bucket's record comes after
// chainPtrSize bytes of room for its pointer (putInline).
func (c *chainTx) putChained(bucket, key, value []byte, fresh bool) error {
	k := chainOf(bucket, key)
	inline := inlinePointer(bucket)
	if !fresh || k == chainNone {
		if inline {
			value = value[chainPtrSize:]
		}
		return c.Put(bucket, key, value)
	}
	var hash []byte
	if inline {
		var err error
		if hash, err = c.putInline(bucket, key, value); err != nil {
			return err
		}
	} else {
		if err := c.Tx.Put(bucket, key, value); err != nil {
			return err
		}
		h := sha256.Sum256(value)
		hash = h[:]
	}
	// No write of the transaction can hold a fresh key: added without the
	// lookup note makes first, and left out of the index until a lookup
	// in its bucket needs it.
	c.pending[k-1].add(chainedKey(bucket, key), len(bucket), hash, prevWrite{}, true)
	return nil
}

func (c *chainTx) Delete(bucket, key []byte) error {
	k := chainOf(bucket, key)
	if k == chainNone {
		return c.Tx.Delete(bucket, key)
	}
	ck := chainedKey(bucket, key)
	prev, err := c.intact(k, ck, bucket, key)
	if err != nil {
		return err
	}
	if err := c.Tx.Delete(bucket, key); err != nil {
		return err
	}
	c.note(k, ck, len(bucket), nil, prev)
	return nil
}

// intact refuses to write over a chained record that is not the one its
// chain last recorded: a record altered, added or deleted outside the
// chain would otherwise be recorded anew as the book's own write, and the
// evidence lost. A key this transaction already wrote is its own. It
// returns the key's last write as the chain index gives it, which the new
// write links to (chainWrite.PrevSeq). ck is the key's chainedKey.
func (c *chainTx) intact(k chainKind, ck, bucket, key []byte) (prevWrite, error) {
	if _, ok := c.pending[k-1].lookup(ck, len(bucket)); ok {
		return prevWrite{}, nil // note keeps the first write's link
	}
	old, err := c.Tx.Get(bucket, key)
	found := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return prevWrite{}, err
	}
	var seq uint64
	var ptr []byte
	var chained bool
	if inlinePointer(bucket) {
		// The pointer is the record's own, and went with it if it was
		// deleted. A new record's key is one the transaction made
		// (putChained's fresh, newLetterID), which no record can hold: a
		// key that is not and has no record may be one deleted outside
		// its chain, which the chain still holds.
		if !found {
			return prevWrite{}, fmt.Errorf("%w: %s does not exist: a partial or a match is written only under an id the book made, "+
				"and one deleted outside its chain cannot be written again; run Check", ErrIntegrity, describeRecord(bucket, key))
		}
		p, value, ok := splitInline(old)
		if !ok {
			return prevWrite{}, fmt.Errorf("%w: %s holds no chain pointer; run Check", ErrIntegrity, describeRecord(bucket, key))
		}
		if seq, ptr, err = splitChainedValue(p); err != nil {
			return prevWrite{}, err
		}
		chained, old = true, value
		if next, err := c.nextLetterSeq(); err != nil {
			return prevWrite{}, err
		} else if seq == 0 || seq >= next {
			return prevWrite{}, fmt.Errorf("%w: %s points to lettering chain record %d, which does not exist; run Check",
				ErrIntegrity, describeRecord(bucket, key), seq)
		}
		if wrote, err := c.chainWrote(seq, ck, ptr); err != nil {
			return prevWrite{}, err
		} else if !wrote {
			return prevWrite{}, fmt.Errorf("%w: %s points to lettering chain record %d, which did not write it; run Check",
				ErrIntegrity, describeRecord(bucket, key), seq)
		}
	} else if seq, ptr, chained, err = chainedSeqAt(c.Tx, ck); err != nil {
		return prevWrite{}, err
	}
	prev := prevWrite{seq: seq, hash: bytes.Clone(ptr)}
	switch {
	case !found && (!chained || ptr == nil):
		return prev, nil // a new record, or one the chain recorded as deleted
	case found && chained && ptr != nil:
		if h := sha256.Sum256(old); bytes.Equal(h[:], ptr) {
			return prev, nil
		}
		return prevWrite{}, fmt.Errorf("%w: %s was altered outside its chain; run Check", ErrIntegrity, describeRecord(bucket, key))
	case found:
		return prevWrite{}, fmt.Errorf("%w: %s was written outside its chain; run Check", ErrIntegrity, describeRecord(bucket, key))
	}
	return prevWrite{}, fmt.Errorf("%w: %s was deleted outside its chain; run Check", ErrIntegrity, describeRecord(bucket, key))
}

// prevWrite is a key's last write before this transaction's: its chain
// record (0 for none) and the hash it wrote (nil for a delete or none).
type prevWrite struct {
	seq  uint64
	hash []byte
}

// writtenOnce reports whether the book writes each record of bucket once
// and never again: a chain record that rewrites one is tampering. Partials
// and matches are written twice (made, then undone), rates may be set
// again, an account's active flag changes (in its own bucket, so that the
// account itself, its kind above all, is written once), counters count:
// those are checked against the records that depend on them instead.
// isMetaRecord reports whether bucket and key are the book's meta record.
func isMetaRecord(bucket, key []byte) bool {
	return string(bucket) == string(bMeta) && string(key) == string(metaKey)
}

func writtenOnce(bucket []byte) bool {
	switch string(bucket) {
	case "meta", "fy", "lock", "close", "acct", "partner", "jrnl", "unit", "op", "event":
		return true
	}
	return false
}

// note records the last write of a key: a key written twice in one
// transaction (a partial made and undone, a counter bumped twice) has one
// write, its last. ck is the key's chainedKey, of a bucket name n bytes
// long, which the write keeps: its Bucket and Key are parts of it.
func (c *chainTx) note(k chainKind, ck []byte, n int, hash []byte, prev prevWrite) {
	p := &c.pending[k-1]
	if i, ok := p.lookup(ck, n); ok {
		p.writes[i].Hash = hash
		return
	}
	c.add(k, ck, n, hash, prev)
}

// add appends a key's first write in the transaction to its chain's.
func (c *chainTx) add(k chainKind, ck []byte, n int, hash []byte, prev prevWrite) {
	c.pending[k-1].add(ck, n, hash, prev, false)
}

// add appends a key's first write, of a fresh key (putChained) left out of
// at until a lookup in its bucket needs it (unindexed).
func (p *chainPending) add(ck []byte, n int, hash []byte, prev prevWrite, fresh bool) {
	bucket := ck[:n:n]
	switch {
	case !fresh:
		if p.at == nil {
			p.at = map[string]int{}
		}
		p.at[string(ck)] = len(p.writes)
	case !slices.ContainsFunc(p.freshIn, func(b []byte) bool { return bytes.Equal(b, bucket) }):
		p.freshIn = append(p.freshIn, bucket)
		fallthrough
	default:
		p.unindexed = append(p.unindexed, int32(len(p.writes)))
	}
	p.writes = append(p.writes, chainWrite{Bucket: bucket, Key: ck[n+1:], Hash: hash, PrevSeq: prev.seq, PrevHash: prev.hash})
}

// sortWrites puts p's writes in key order, bucket first. The sort moves
// their places, not the writes themselves (five slices and a number each,
// thousands in a lettering's chunk), which are then copied once into the
// spare list in that order: the same order as sorting the writes, which
// the sort reaches through the same comparisons.
func (p *chainPending) sortWrites() {
	order := p.order[:0]
	for i := range p.writes {
		order = append(order, int32(i))
	}
	ws := p.writes
	slices.SortFunc(order, func(a, b int32) int {
		if c := bytes.Compare(ws[a].Bucket, ws[b].Bucket); c != 0 {
			return c
		}
		return bytes.Compare(ws[a].Key, ws[b].Key)
	})
	sorted := p.spare[:0]
	for _, i := range order {
		sorted = append(sorted, ws[i])
	}
	clear(ws) // the spare list holds no write it would keep alive
	p.writes, p.spare, p.order = sorted, ws[:0], order[:0]
}

// appendChains appends to each chain the writes noted since the last call,
// as one record, and points ixChained at it for each key written.
func (c *chainTx) appendChains() error {
	for _, k := range chainKinds {
		p := &c.pending[k-1]
		if len(p.writes) == 0 {
			continue
		}
		seq, prev, err := chainHead(c.Tx, k)
		if err != nil {
			return err
		}
		if k == chainLetter && c.letterSeq != 0 {
			if c.letterSeq != seq+1 {
				return fmt.Errorf("%w: the lettering chain ends at record %d, and this transaction's records point to record %d; run Check",
					ErrIntegrity, seq, c.letterSeq)
			}
			c.letterSeq = 0
		}
		p.sortWrites()
		rec := chainRec{Seq: seq + 1, Prev: prev, Writes: packWrites(p.writes)}
		v := chainValue(&rec)
		sk := seqKey(rec.Seq)
		if err := c.Tx.Put(k.bucket(), sk, v); err != nil {
			return err
		}
		// The pointers' keys and values end to end in one buffer of the
		// size they take, a slice of it each, which the store keeps
		// until the commit.
		size := 0
		for _, w := range p.writes {
			if !inlinePointer(w.Bucket) {
				size += len(w.Bucket) + 1 + len(w.Key) + len(sk) + len(w.Hash)
			}
		}
		buf := make([]byte, 0, size)
		for _, w := range p.writes {
			if inlinePointer(w.Bucket) {
				continue // its record holds it
			}
			kv := len(buf)
			buf = append(append(append(buf, w.Bucket...), 0), w.Key...) // chainedKey
			vv := len(buf)
			buf = append(append(buf, sk...), w.Hash...)
			if err := c.Tx.Put(ixChained, buf[kv:vv:vv], buf[vv:len(buf):len(buf)]); err != nil {
				return err
			}
		}
		p.reset()
	}
	return nil
}

// chainValue encodes a chain record as stored: its hash, then the record —
// a version byte, its sequence number (8 bytes), the previous record's hash
// (32 bytes, zero for the first) and its packed writes.
func chainValue(rec *chainRec) []byte {
	v := make([]byte, sha256.Size, 2*sha256.Size+9+len(rec.Writes))
	v = append(v, chainRecVersion)
	v = binary.BigEndian.AppendUint64(v, rec.Seq)
	if rec.Prev == nil {
		v = append(v, make([]byte, sha256.Size)...)
	} else {
		v = append(v, rec.Prev...)
	}
	v = append(v, rec.Writes...)
	h := sha256.Sum256(v[sha256.Size:])
	copy(v, h[:])
	return v
}

// chainHead returns the sequence number and hash of a chain's last record:
// 0 and nil for an empty chain.
func chainHead(st store.Tx, k chainKind) (uint64, []byte, error) {
	var seq uint64
	var hash []byte
	err := st.Scan(k.bucket(), nil, nil, true, func(key, v []byte) error {
		if len(key) != 8 || len(v) < chainValueMin {
			return fmt.Errorf("%w: %s chain record %x of %d bytes", ErrFormat, k, key, len(v))
		}
		seq, hash = u64From(key), bytes.Clone(v[:sha256.Size])
		return errStop
	})
	if err != nil && !errors.Is(err, errStop) {
		return 0, nil, err
	}
	return seq, hash, nil
}

// chainValueMin is the length of a stored chain record without writes.
const chainValueMin = 2*sha256.Size + 9

// decodeChainValue splits a stored chain record into the record, its
// stored hash, and whether the hash matches the record. The record's slices
// point into v.
func decodeChainValue(v []byte) (chainRec, []byte, bool, error) {
	if len(v) < chainValueMin {
		return chainRec{}, nil, false, fmt.Errorf("%w: chain record of %d bytes", ErrFormat, len(v))
	}
	hash, body := v[:sha256.Size], v[sha256.Size:]
	h := sha256.Sum256(body)
	intact := bytes.Equal(h[:], hash)
	if body[0] != chainRecVersion {
		return chainRec{}, hash, intact, fmt.Errorf("%w: chain record version %d", ErrFormat, body[0])
	}
	rec := chainRec{Seq: binary.BigEndian.Uint64(body[1:9]), Prev: body[9 : 9+sha256.Size], Writes: body[9+sha256.Size:]}
	if bytes.Equal(rec.Prev, make([]byte, sha256.Size)) {
		rec.Prev = nil // the first record's
	}
	return rec, hash, intact, nil
}

func u64From(b []byte) uint64 {
	var n uint64
	for _, c := range b {
		n = n<<8 | uint64(c)
	}
	return n
}

// chainedSeq returns the sequence number of the chain record that last
// wrote key in bucket and the hash it recorded (nil for a delete), and
// false when no chain record did: from ixChained, or from the record
// itself in an inline bucket (false when it is missing).
func chainedSeq(st store.Tx, bucket, key []byte) (uint64, []byte, bool, error) {
	if !inlinePointer(bucket) {
		return chainedSeqAt(st, chainedKey(bucket, key))
	}
	v, err := rawStore(st).Get(bucket, key)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return 0, nil, false, nil
	case err != nil:
		return 0, nil, false, err
	}
	ptr, _, ok := splitInline(v)
	if !ok {
		return 0, nil, false, fmt.Errorf("%w: %s of %d bytes holds no chain pointer", ErrFormat, describeRecord(bucket, key), len(v))
	}
	seq, hash, err := splitChainedValue(ptr) // an inline pointer is laid out as ixChained's values
	return seq, hash, err == nil, err
}

// chainedSeqAt is chainedSeq for a key of ixChained.
func chainedSeqAt(st store.Tx, ck []byte) (uint64, []byte, bool, error) {
	v, err := st.Get(ixChained, ck)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return 0, nil, false, nil
	case err != nil:
		return 0, nil, false, err
	}
	seq, hash, err := splitChainedValue(v)
	return seq, hash, err == nil, err
}

// splitChainedValue splits a value of ixChained, or an inline pointer,
// which has its layout: the sequence number, then the hash (none for a
// delete).
func splitChainedValue(v []byte) (uint64, []byte, error) {
	if len(v) != 8 && len(v) != 8+sha256.Size {
		return 0, nil, fmt.Errorf("%w: chain index value of %d bytes", ErrFormat, len(v))
	}
	if len(v) == 8 {
		return u64From(v), nil, nil
	}
	return u64From(v[:8]), v[8:], nil
}

// entryTopKey returns the greatest key of the entry index, nil when it is
// empty.
func (c *chainTx) entryTopKey() ([]byte, error) {
	if c.entryTopRead {
		return c.entryTop, nil
	}
	top, err := storedEntryTop(c.Tx)
	if err != nil {
		return nil, err
	}
	c.entryTop, c.entryTopRead = top, true
	return top, nil
}

// raiseEntryTop notes that the id index now holds id, once its greatest
// was read. id is read only: it may be owned by the store until the
// commit.
func (c *chainTx) raiseEntryTop(id []byte) {
	if c.entryTopRead && bytes.Compare(id, c.entryTop) > 0 {
		c.entryTop = id
	}
}

// logEnd returns the sequence and id of the last entry logged before this
// transaction, read once: the posting-sequence counter and the greatest-id
// counter are both checked against it.
func (c *chainTx) logEnd() (uint64, journal.ID, error) {
	if c.logEndRead {
		return c.logSeq, c.logID, nil
	}
	var key, value []byte
	err := c.Tx.Scan(bLog, nil, nil, true, func(k, v []byte) error {
		key, value = k, v
		return errStop
	})
	if errors.Is(err, errStop) && len(key) == 8 {
		c.logSeq = binary.BigEndian.Uint64(key)
	}
	if errors.Is(err, errStop) {
		// After the scan: a compressed record reads the dictionary.
		id, _, serr := c.openLog(key, value, nil)
		c.logID = id
		if serr != nil {
			err = serr
		}
	}
	if err != nil && !errors.Is(err, errStop) {
		return 0, journal.NoID, err
	}
	c.logEndRead = true
	return c.logSeq, c.logID, nil
}

// readIDTop reads the greatest logged entry id once a transaction. A
// counter below an id it must cover was lowered outside the book: trusted,
// it would take a logged id, replayed, for a new one and log the entry
// twice, so the transaction stops there. It is bounded from below by the
// greatest id of the entry index and by the id of the newest entry logged
// (the greatest of the entries not indexed yet when ids ascend, as the
// book's and UUIDv7 ones do). A counter lowered below an older lagging
// entry of a caller's unordered id escapes both; Check compares it with
// every logged id.
func (c *chainTx) readIDTop() error {
	if c.idTopRead {
		return nil
	}
	v, err := c.Tx.Get(bCounter, []byte(ctrIDTop))
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return err
	case len(v) != len(journal.NoID):
		return fmt.Errorf("%w: counter %q holds %d bytes", ErrFormat, ctrIDTop, len(v))
	default:
		indexed, err := c.entryTopKey()
		if err != nil {
			return err
		}
		_, newest, err := c.logEnd()
		if err != nil {
			return err
		}
		held := ""
		switch {
		case bytes.Compare(indexed, v) > 0:
			held = fmt.Sprintf("the id index holds %x", indexed)
			if len(indexed) == len(journal.NoID) {
				held = "the id index holds " + journal.ID(indexed).String()
			}
		case bytes.Compare(newest[:], v) > 0:
			held = "the newest entry logged is " + newest.String()
		}
		if held != "" {
			return fmt.Errorf("%w: counter %q says the greatest entry id is %s, %s; run Check",
				ErrIntegrity, ctrIDTop, journal.ID(v), held)
		}
		c.idTop, c.idTopKept = journal.ID(v), true
	}
	c.idTopRead = true
	return nil
}

// raiseIDTop raises the greatest logged id to id, the entry of a record
// this transaction appends.
func (c *chainTx) raiseIDTop(id journal.ID) error {
	if err := c.readIDTop(); err != nil || !c.idTopKept {
		return err
	}
	if bytes.Compare(id[:], c.idTop[:]) > 0 {
		c.idTop, c.idTopMoved = id, true
	}
	return nil
}

// aboveIDTop reports whether id is above every id in the log, and so in
// none of its records: ids the book makes, and most callers' (UUIDv7),
// ascend, so that a new entry's id is known absent without a lookup, even
// among entries that lag behind the id index.
func (c *chainTx) aboveIDTop(id journal.ID) (bool, error) {
	if err := c.readIDTop(); err != nil {
		return false, err
	}
	return c.idTopKept && bytes.Compare(id[:], c.idTop[:]) > 0, nil
}

// flushIDTop stores the greatest logged id when this transaction raised it.
func (c *chainTx) flushIDTop() error {
	if !c.idTopMoved {
		return nil
	}
	c.idTopMoved = false
	return c.Tx.Put(bCounter, []byte(ctrIDTop), bytes.Clone(c.idTop[:]))
}
