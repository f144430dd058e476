package ledger

import (
	"context"
	"errors"
	"fmt"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// BatchEntriesMax is the most entries one PostBatch call takes.
const BatchEntriesMax = 100_000

// PostResult is the outcome of posting one entry.
type PostResult struct {
	Entry  journal.Entry // the stored entry when Err is nil
	Replay bool          // same id and content were already posted; nothing written
	Err    error         // why this entry was not posted
}

// BatchOptions configure PostBatch.
type BatchOptions struct {
	// AllOrNothing posts nothing if any entry is invalid: every result then
	// has an error, ErrBatchAborted for the valid ones.
	AllOrNothing bool
	// Before, when set, runs first in the batch's transaction: it adds what
	// the entries need (Tx.AddAccount, Tx.AddPartners), written with them.
	// Its error aborts the batch (every result ErrBatchAborted, the error
	// returned); with AllOrNothing, a refused entry takes its writes back
	// too.
	Before func(*Tx) error
	// AllowDuplicateRef posts supplier bills and supplier credit notes
	// whose reference their supplier already used (ErrDuplicateReference):
	// a supplier that really numbered two documents alike.
	AllowDuplicateRef bool
}

var errAbort = errors.New("ledger: batch aborted")

// Post validates and posts one entry atomically and returns it as stored,
// with its number, sequence and hash. Concurrent calls are group committed.
// The commit appends the entry to the log; its indexes may follow with a
// later commit (at most IndexLagMax entries behind, or after a run of
// batches BatchIndexLagMax, which this post then indexes), and every read
// sees them (see the package documentation).
// An entry without an id gets a fresh UUIDv7; an id already posted with the
// same input returns the stored entry as a replay, with other input
// ErrIdempotencyConflict. The errors are Tx.Post's, and ErrOrigin for an
// entry whose Origin is set; a store failure is returned as is.
//
// A cancelled ctx before the entry is committed returns ctx.Err(); once the
// entry joined a group commit, cancelling no longer stops it: retry with the
// same id to learn the outcome.
func (b *Book) Post(ctx context.Context, e journal.Entry) (PostResult, error) {
	return b.group.post(ctx, b, e)
}

// PostBatch posts many entries in one transaction and returns a result per
// entry. It logs them and leaves their indexes to follow, at most
// BatchIndexLagMax entries behind: the batch that would reach that limit
// indexes every lagging entry and its own in its commit. Invalid entries
// get their own error (Post's) and are skipped; the valid ones commit
// together and number gaplessly. With AllOrNothing one invalid entry stops
// them all. A store failure or a cancelled ctx rolls everything back: the
// error is returned and every result says ErrBatchAborted. A batch over
// BatchEntriesMax entries posts nothing: the error and every result say
// ErrBatchTooLarge.
func (b *Book) PostBatch(ctx context.Context, entries []journal.Entry, opts BatchOptions) ([]PostResult, error) {
	if len(entries) > BatchEntriesMax {
		err := fmt.Errorf("%w: %d entries", ErrBatchTooLarge, len(entries))
		results := make([]PostResult, len(entries))
		for i := range results {
			results[i].Err = err
		}
		return results, err
	}
	in := entries
	results := make([]PostResult, len(in))
	indexed := false // the commit indexed everything: nothing lags
	var stash *lagRun
	err := b.st.Update(ctx, func(st store.Tx) error {
		t := newTx(b, st)
		t.batch = true
		t.dupRefsAllowed = opts.AllowDuplicateRef
		t.slab = newLineSlab(batchLines(in))
		b.scratch.lend(t)
		defer b.scratch.reclaim(t)
		defer func() { indexed, stash = t.indexing, t.stash }()
		lag, err := t.lag()
		if err != nil {
			return err
		}
		if lag+uint64(len(in)) >= batchIndexLag {
			// A batch that would bring the lag to its limit indexes it
			// first, then itself as it posts, while each entry is at
			// hand.
			if err := t.catchUp(); err != nil {
				return err
			}
		}
		if opts.Before != nil {
			if err := opts.Before(t); err != nil {
				return err
			}
		}
		if len(in) >= IndexLagMax {
			p, err := t.startPipeline(len(in), batchLines(in))
			if err != nil {
				return err
			}
			defer p.stop()
		}
		failed, err := postAll(t, in, results)
		if err != nil {
			return err
		}
		if failed && opts.AllOrNothing {
			return errAbort
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		return t.flush()
	})
	switch {
	case errors.Is(err, errAbort):
		for i := range results {
			if results[i].Err == nil {
				results[i] = PostResult{Err: ErrBatchAborted}
			}
		}
		return results, nil
	case err != nil:
		for i := range results {
			results[i] = PostResult{Err: fmt.Errorf("%w: %w", ErrBatchAborted, err)}
		}
		return results, err
	}
	if indexed {
		b.lagged.clear()
	} else {
		b.lagged.add(stash)
	}
	return results, b.afterWrite(ctx)
}

// batchLines counts the lines of a batch's entries.
func batchLines(in []journal.Entry) int {
	n := 0
	for i := range in {
		n += len(in[i].Lines)
	}
	return n
}

// postAll posts each entry in t, recording a result per entry, and reports
// whether any entry was refused. Refusals (bad input) leave the transaction
// untouched, since Post checks everything before writing; any other error
// (the store failed, stored data is corrupt) is returned and must fail the
// whole transaction. postAll is the public posting paths' (Post,
// PostBatch): it refuses an entry that claims an Origin or a Document
// (ErrOrigin), which
// would let a caller pass for a generated entry — skip the inactive-account
// check with an existing operation's id, or fail Check for good with a
// random one.
func postAll(t *Tx, in []journal.Entry, results []PostResult) (failed bool, err error) {
	for i := range in {
		if in[i].Origin != journal.NoID || in[i].Document != journal.NoID {
			results[i] = PostResult{Err: fmt.Errorf("%w: origin %s, document %s", ErrOrigin, in[i].Origin, in[i].Document)}
			failed = true
			continue
		}
		if err := t.post(in[i], &results[i]); err != nil {
			if !isRefusal(err) {
				return false, err
			}
			results[i] = PostResult{Err: err}
			failed = true
		}
	}
	if t.pipe != nil {
		return failed, t.pipe.drain()
	}
	return failed, nil
}

// refusals are the errors by which Post turns down an input without
// writing anything.
var refusals = []error{ErrUnknownJournal, ErrNoFiscalYear, ErrLocked, ErrIdempotencyConflict,
	ErrNotFound, ErrReverseReversal, ErrAlreadyReversed, ErrLettered, ErrNotMirror, ErrReversalDate, ErrBookFull, ErrDuplicateReference}

func isRefusal(err error) bool {
	var ve *journal.ValidationError
	if errors.As(err, &ve) {
		return true
	}
	for _, r := range refusals {
		if errors.Is(err, r) {
			return true
		}
	}
	return false
}
