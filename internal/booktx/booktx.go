// Package booktx gives the lettering layer of this module the writes of a
// book transaction that a program embedding the module must not make
// itself: posting generated entries (an Origin or a Document set), partials
// and matches, counters of the layer above, operation records and events.
// Made directly, they could break what lettering guarantees — residuals
// that match their partials, cash-basis shares that match their tax,
// retries that replay — so they are not part of ledger.Tx's public API.
// It also gives that layer one read without a copy (Entry).
// Package ledger registers the implementation when it is loaded.
package booktx

import (
	"errors"

	"github.com/lettrage/lettrage/journal"
)

// ErrCodeTaken is matched (errors.Is) by the error of a PutMatch refused
// because its code is already used on its account and partner, live or
// retired: a match given a code from a counter that lags behind takes the
// next one. The refused PutMatch wrote nothing.
var ErrCodeTaken = errors.New("letter code already used")

// Writer is the write half of a ledger transaction (a *ledger.Tx), valid
// while that transaction's function runs, on its goroutine.
type Writer interface {
	// PostGenerated is ledger.Tx.Post for entries the lettering layer
	// generates: it accepts an Origin and a Document.
	PostGenerated(e journal.Entry) (journal.Entry, bool, error)
	// BeginLettering says that the partials PutPartial makes from now on
	// with no id, and the match that names exactly them, are one lettering,
	// which the book stores as one record. It ends at that match, at the
	// next BeginLettering or at the commit; partials it holds that no match
	// names exactly are kept all the same. A partial made outside a
	// lettering, or with an id NewPartialID made, is stored on its own.
	// It fails only when the store does.
	BeginLettering() error
	// PutPartial records a live partial and lowers both lines' residuals.
	// Its id is NoID (PutPartial makes one) or one NewPartialID made.
	PutPartial(p journal.Partial) (journal.Partial, error)
	// NewPartialID makes the id of a partial PutPartial will record in
	// this transaction, for an entry generated first that names it.
	NewPartialID() journal.ID
	// UndoPartial tombstones a live partial with the operation that undid
	// it and restores both residuals.
	UndoPartial(id, operation journal.ID) (journal.Partial, error)
	// PutMatch records a full reconciliation under its letter code. On a
	// receivable or payable account its partner is its lines' partner;
	// elsewhere it has none. A code already used there is refused with an
	// error that matches ErrCodeTaken.
	PutMatch(m journal.Match) (journal.Match, error)
	// UndoMatch tombstones a live match; its code stays reserved.
	UndoMatch(id, operation journal.ID) (journal.Match, error)
	// NextCounter increments a counter of the layer above and returns its
	// new value, from 1.
	NextCounter(name string) (uint64, error)
	// AdvanceCounter sets a counter of the layer above to n, which must
	// be above its value: the values passed over are never handed out by
	// NextCounter.
	AdvanceCounter(name string, n uint64) error
	// RecordOperation records an operation id with the fingerprint of its
	// input and its result.
	RecordOperation(id journal.ID, fingerprint, result []byte) error
	// AppendEvent appends an event to the log of subject.
	AppendEvent(subject journal.ID, kind string, data []byte) error
}

// Of returns the Writer of tx, a *ledger.Tx. Package ledger sets it.
var Of func(tx any) Writer

// Entry is ledger.Tx.Entry without the copy: the posted entry as tx (a
// *ledger.Tx, reading or writing) keeps it decoded, shared with every
// later read in tx. The lettering layer reads the lines of a lettering
// several times and never changes them; the caller must not modify the
// entry or anything it points to. Package ledger sets it.
var Entry func(tx any, id journal.ID) (*journal.Entry, error)

// KeepOpenEntries makes the open items tx (a *ledger.Tx, reading) returns
// from then on carry their decoded entry (OpenEntry), for a caller that
// letters some of them in a later transaction and would otherwise decode
// the same entries again. Package ledger sets it.
var KeepOpenEntries func(tx any)

// OpenEntry returns the entry an open item (a *ledger.OpenItem) was read
// from, when its transaction kept it (KeepOpenEntries), nil otherwise. The
// caller must not modify it. Package ledger sets it.
var OpenEntry func(item any) *journal.Entry

// KeepEntry hands tx (a *ledger.Tx) a posted entry the caller read in an
// earlier transaction of the same book (OpenEntry), so that tx reads it
// (Entry, and its own reads of the lines it letters) without decoding it
// again: a posted entry never changes, and is never deleted. Only what
// can change — residuals, partials, matches, reversals — must be read in
// tx itself. tx keeps the entry it already has, if any. Package ledger
// sets it.
var KeepEntry func(tx any, e *journal.Entry)
