package ledger

// The record of an entry as a struct, and its encoding from the struct:
// the reference the tests hold the book's own encoder (appendEntry,
// logValueOf) to, and their way to build and re-encode records. The
// struct side is pinned to the reflection encoder (encMode) by
// TestAppendEntryRecMatchesEncMode, the book's encoder to the struct side
// by TestAppendEntryMatchesRecord.

import (
	"crypto/sha256"

	"github.com/lettrage/lettrage/journal"
)

func lineRecOf(l *journal.Line) lineRec {
	return lineRec{Account: l.Account, Partner: l.Partner, Label: l.Label, Due: l.DueDate.Key(),
		Role: uint8(l.TaxRole), Taxes: taxRecs(l.Taxes),
		Balance: amountText(l.Balance), AmountCurrency: amountText(l.AmountCurrency)}
}

// entryRecOf encodes e as stored. For the caller's input (fingerprints) the
// book-assigned fields are still zero and omitted.
func entryRecOf(e *journal.Entry) entryRec {
	r := entryRec{V: formatVersion, ID: idBytes(e.ID), Journal: e.Journal, Date: e.Date.Key(),
		Type: uint8(e.Type), DocKind: uint8(e.DocKind), Ref: e.Ref, Label: e.Label,
		Currency: e.Currency.Code(), ReversalOf: idBytes(e.ReversalOf), Origin: idBytes(e.Origin), Document: idBytes(e.Document),
		FiscalYear: e.FiscalYear, Number: e.Number, Seq: e.Seq,
		Lines: make([]lineRec, len(e.Lines))}
	if !e.PostedAt.IsZero() {
		r.PostedAt = e.PostedAt.UnixNano()
	}
	if o := e.DiscountOffer; o != nil {
		r.Discount, r.DiscountUntil = amountText(o.Amount), o.Until.Key()
	}
	for i := range e.Lines {
		r.Lines[i] = lineRecOf(&e.Lines[i])
	}
	return r
}

// appendEntryRec appends the encoding of r to dst, as encMode.Marshal(r)
// gives it.
func appendEntryRec(dst []byte, r *entryRec) []byte {
	const keep = false // a field not tagged omitempty
	m := startMap(dst)
	m.int(0, int64(r.V), keep)
	m.bytes(1, r.ID, keep)
	m.text(2, r.Journal, keep)
	m.uint(3, uint64(r.Date), keep)
	m.uint(4, uint64(r.Type), keep)
	m.uint(5, uint64(r.DocKind), true)
	m.text(6, r.Ref, true)
	m.text(7, r.Label, true)
	m.text(8, r.Currency, true)
	m.key(9)
	if r.Lines == nil {
		m.dst = append(m.dst, cborNull)
	} else {
		m.dst = appendHead(m.dst, cborArray, uint64(len(r.Lines)))
		for i := range r.Lines {
			m.dst = appendLineRec(m.dst, &r.Lines[i])
		}
	}
	m.bytes(10, r.ReversalOf, true)
	m.bytes(11, r.Origin, true)
	m.text(12, r.FiscalYear, true)
	m.int(13, r.Number, true)
	m.uint(14, r.Seq, true)
	m.int(15, r.PostedAt, true)
	m.bytes(16, r.Input, true)
	m.bytes(18, r.Document, true)
	m.text(19, r.Discount, true)
	m.uint(20, uint64(r.DiscountUntil), true)
	return m.end()
}

func appendLineRec(dst []byte, l *lineRec) []byte {
	const keep = false
	m := startMap(dst)
	m.text(1, l.Account, keep)
	m.text(2, l.Partner, true)
	m.text(3, l.Label, true)
	m.uint(4, uint64(l.Due), true)
	m.uint(5, uint64(l.Role), true)
	if len(l.Taxes) > 0 {
		m.key(6)
		m.dst = appendHead(m.dst, cborArray, uint64(len(l.Taxes)))
		for i := range l.Taxes {
			m.dst = appendTaxRec(m.dst, &l.Taxes[i])
		}
	}
	m.text(7, l.Balance, keep)
	m.text(8, l.AmountCurrency, true)
	return m.end()
}

// logValue encodes rec as the log value of its entry and returns it with
// the entry's chain hash: the SHA-256 of prev, the previous entry's hash
// in its journal (nil for the first), and the record's encoding, so that
// each hash covers the whole chain.
func logValue(rec *entryRec, prev []byte) ([]byte, [32]byte) {
	v := appendEntryRec(make([]byte, logHeader, logHeader+160+120*len(rec.Lines)), rec)
	h := chainHash(sha256.New(), prev, v[logHeader:])
	copy(v, h[:])
	return v, h
}

// logRecordOf is the record of a numbered entry whose caller's input has
// fingerprint fp, before it is chained: what logValueOf encodes, as a
// struct (the tests' reference, and their way to re-encode a record).
func logRecordOf(e *journal.Entry, fp []byte) entryRec {
	rec := entryRecOf(e)
	rec.Input = fp
	if rec.Currency == "" {
		// In the company currency a line's amount in currency is its
		// balance: stored once (lineRec.amounts).
		for i := range rec.Lines {
			if rec.Lines[i].AmountCurrency == rec.Lines[i].Balance {
				rec.Lines[i].AmountCurrency = ""
			}
		}
	}
	return rec
}
