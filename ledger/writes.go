package ledger

import (
	"crypto/sha256"
	"hash"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// The writes of a posting are computed apart from the transaction that
// applies them: logValueOf, logPuts and indexPuts read nothing from the
// store, so that a large batch can compute most of them on another core
// (pipeline.go) while its transaction applies those of the entries before.
// Every posting path uses these functions: what a batch writes and what a
// single post writes cannot drift apart.

// put is one key-value write, computed before it is applied. Once applied,
// its slices belong to the store until the transaction ends (bbolt keeps
// values as given): they must never point into memory that is changed or
// reused before commit — a pipeline job, recycled as soon as its writes
// are applied; an entry being built; a scratch buffer. So the functions
// below copy what they take from an entry (ownedID) and encode the rest
// into fresh buffers.
type put struct{ b, k, v []byte }

// ownedID returns a copy of *id for a put: the entry it comes from may be
// reused before the transaction commits.
func ownedID(id *journal.ID) []byte {
	if borrowEntryIDs {
		return id[:]
	}
	return append([]byte(nil), id[:]...)
}

// borrowEntryIDs, set only by a test, makes ownedID return a slice of the
// entry's own id instead of a copy: the mistake the ownership-checking
// test store must catch.
var borrowEntryIDs = false

// apply writes puts in order.
func apply(st store.Tx, puts []put) error {
	for i := range puts {
		if err := st.Put(puts[i].b, puts[i].k, puts[i].v); err != nil {
			return err
		}
	}
	return nil
}

// putsMax is the most puts indexPuts makes for e.
func putsMax(e *journal.Entry) int { return 4 + 3*len(e.Lines) }

// unchainedLog is an entry's log value before logPuts chains it: rec, a zero
// header where the hash goes and the plain record, which the hash covers;
// and value, what the log stores (logPacker.pack): rec itself, or a header
// and the compressed record.
type unchainedLog struct{ rec, value []byte }

// shared reports whether the log stores rec itself, so that rec's buffer
// belongs to the store and must not be reused.
func (v unchainedLog) shared() bool { return &v.rec[0] == &v.value[0] }

// logValueOf encodes the log value of a numbered entry whose caller's
// input has fingerprint fp, its record in buf (reused), before logPuts
// chains it. It reads nothing but e and p, so a batch computes it on
// another core; p takes the entries in sequence order.
func logValueOf(e *journal.Entry, fp []byte, p *logPacker, buf []byte) (unchainedLog, error) {
	if need := logHeader + 160 + 120*len(e.Lines); cap(buf) < need {
		buf = make([]byte, 0, need)
	}
	var zero [logHeader]byte
	rec := appendEntry(append(buf[:0], zero[:]...), e, fp, true)
	v, err := p.pack(e.Seq, rec)
	return unchainedLog{rec: rec, value: v}, err
}

// logPuts appends to dst the writes that log a numbered entry — its record
// under its sequence number, first, and for a reversal the link from its
// original — given its log value (logValueOf) and the previous chain head
// of its journal (nil for its first entry). It sets e.Hash and returns the
// new chain head. Unlike the other writes it must run in posting order,
// each entry's hash covering the one before. Apply the writes with
// Tx.applyLog.
func logPuts(dst []put, e *journal.Entry, v unchainedLog, prev []byte) ([]put, []byte) {
	// The header is the previous hash while the record is hashed, then the
	// value's own hash: chainHash without copying the record.
	clear(v.rec[:logHeader])
	copy(v.rec[:logHeader], prev)
	h := sha256.Sum256(v.rec)
	copy(v.value, h[:])
	e.Hash = h
	dst = append(dst, put{bLog, seqKey(e.Seq), v.value})
	if e.ReversalOf != journal.NoID {
		dst = append(dst, put{bReversed, ownedID(&e.ReversalOf), ownedID(&e.ID)})
	}
	return dst, append([]byte(nil), h[:]...)
}

// applyLog applies the writes logPuts made for e: the log record with the
// entry's id at hand (chainTx.putLog: a compressed record is not read
// back for it), then the others.
func (t *Tx) applyLog(e *journal.Entry, puts []put) error {
	if err := t.ct.putLog(puts[0].k, puts[0].v, e.ID); err != nil {
		return err
	}
	return apply(t.st, puts[1:])
}

// chainHash is the hash of an entry whose record is rec: the SHA-256 of
// its journal's previous entry's hash (32 zero bytes for the journal's
// first entry) followed by the record. The record does not store the
// previous hash: each hash covers the whole chain before it all the same,
// and an entry whose content or place in the chain changed no longer
// matches it. d is a reusable SHA-256 state.
func chainHash(d hash.Hash, prev, rec []byte) (h [sha256.Size]byte) {
	var zero [sha256.Size]byte
	d.Reset()
	if len(prev) == 0 {
		prev = zero[:]
	}
	d.Write(prev)
	d.Write(rec)
	d.Sum(h[:0])
	return h
}

// indexPuts appends to dst the index writes of a logged entry — its id,
// number and origin, and for each line the line indexes and, when
// reconcilable[i], its open item — and adds its lines to the
// aggregates of aggs (addPosted: days for all partners, a partner's month
// and year). fyStart is the start of the entry's fiscal year. The keys and
// values take their room from room (nil: each its own allocation).
func indexPuts(dst []put, e *journal.Entry, fyStart journal.Date, reconcilable []bool, aggs *aggSet, room *keyRoom) ([]put, error) {
	id := room.id(&e.ID)
	dst = append(dst, put{bEntry, id, room.seqKey(e.Seq)}, put{ixNumber, room.numberKey(e.Journal, fyStart, e.Number), room.seqKey(e.Seq)})
	if e.Document != journal.NoID {
		dst = append(dst, put{ixDocument, originKey(e.Document, e.ID), nil})
	}
	if e.Origin != journal.NoID {
		dst = append(dst, put{ixOrigin, originKey(e.Origin, e.ID), nil})
	}
	for i := range e.Lines {
		l := &e.Lines[i]
		// Keys only: the line is read from the log (lineindex.go).
		dst = append(dst, put{ixLines, room.lineKey(l.Account, e.Date, e.Seq, i), nil})
		if l.Partner != "" {
			dst = append(dst, put{ixPLines, room.partnerLineKey(l.Partner, l.Account, e.Date, e.Seq, i), nil})
		}
		if err := aggs.addPosted(l, e.Date); err != nil {
			return dst, err
		}
		if reconcilable[i] {
			// No residual: it is the line's amounts until a partial
			// touches the line (Tx.Residual).
			dst = append(dst, put{ixOpen, room.openKey(l.Account, l.Partner, e.Date, e.Seq, i), nil})
		}
	}
	return dst, nil
}
