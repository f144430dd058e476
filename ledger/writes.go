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

// logValueOf encodes the log value of a numbered entry whose caller's
// input has fingerprint fp, before logPuts chains it: its record after a
// zero header where its hash goes. It reads nothing but e, so a batch
// computes it on another core.
func logValueOf(e *journal.Entry, fp []byte) []byte {
	return appendEntry(make([]byte, logHeader, logHeader+160+120*len(e.Lines)), e, fp, true)
}

// logPuts appends to dst the writes that log a numbered entry — its record
// under its sequence number and, for a reversal, the link from its
// original — given its log value (logValueOf) and the previous chain head
// of its journal (nil for its first entry). It sets e.Hash and returns the
// new chain head. Unlike the other writes it must run in posting order,
// each entry's hash covering the one before.
func logPuts(dst []put, e *journal.Entry, v []byte, prev []byte) ([]put, []byte) {
	// The header is the previous hash while the value is hashed, then the
	// value's own hash: chainHash without copying the record.
	clear(v[:logHeader])
	copy(v[:logHeader], prev)
	h := sha256.Sum256(v)
	copy(v, h[:])
	e.Hash = h
	dst = append(dst, put{bLog, seqKey(e.Seq), v})
	if e.ReversalOf != journal.NoID {
		dst = append(dst, put{bReversed, ownedID(&e.ReversalOf), ownedID(&e.ID)})
	}
	return dst, append([]byte(nil), h[:]...)
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
// day aggregates of aggs. fyStart is the start of the entry's fiscal year.
func indexPuts(dst []put, e *journal.Entry, fyStart journal.Date, reconcilable []bool, aggs *aggSet) ([]put, error) {
	id := ownedID(&e.ID)
	dst = append(dst, put{bEntry, id, seqKey(e.Seq)}, put{ixNumber, numberKey(e.Journal, fyStart, e.Number), seqKey(e.Seq)})
	if e.Document != journal.NoID {
		dst = append(dst, put{ixDocument, originKey(e.Document, e.ID), nil})
	}
	if e.Origin != journal.NoID {
		dst = append(dst, put{ixOrigin, originKey(e.Origin, e.ID), nil})
	}
	for i := range e.Lines {
		l := &e.Lines[i]
		// Keys only: the line is read from the log (lineindex.go).
		dst = append(dst, put{ixLines, lineKey(l.Account, e.Date, e.Seq, i), nil})
		if l.Partner != "" {
			dst = append(dst, put{ixPLines, partnerLineKey(l.Partner, l.Account, e.Date, e.Seq, i), nil})
		}
		if err := aggs.addLine(l, e.Date, aggDay); err != nil {
			return dst, err
		}
		if reconcilable[i] {
			// No residual: it is the line's amounts until a partial
			// touches the line (Tx.Residual).
			dst = append(dst, put{ixOpen, openKey(l.Account, l.Partner, e.Date, e.Seq, i), nil})
		}
	}
	return dst, nil
}
