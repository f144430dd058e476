package ledger

import (
	"errors"
	"fmt"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// The log and its indexes.
//
// A posted entry is first a record in the log, keyed by its sequence
// number (id ‖ entry record), and its journal's new chain head. That is all
// a single post writes, so that its commit dirties the right edge of one
// tree instead of a leaf in every index (about 34 pages on bbolt, where the
// raw one-put loop writes three).
//
// The indexes (id → sequence, numbers, lines by account and by partner, the
// aggregates, open items, origins) are derived from the log. Single posts
// and small batches leave them to be written behind the log, at most
// IndexLagMax entries behind; every other transaction writes them first:
//
//   - a post or batch whose commit would leave IndexLagMax entries or more
//     unindexed indexes all of them in that same commit, and a batch of
//     IndexLagMax entries or more indexes as it posts (pipeline.go);
//   - Book.Update (lettering, reversals, configuration) indexes the lag at
//     its start, then indexes what it posts as it posts it;
//   - every read (queries, View, Check, Verify) that finds a lag first
//     commits the indexing, then reads: no reader ever sees an entry
//     without its indexes, and an entry acknowledged before a read began is
//     in what the read returns.
//
// The lag is a stored counter: the last "lag" sequence numbers are logged
// but not indexed. A crash loses nothing, since the log is durable and the
// indexing runs again from it on the next write or read. A book written
// before the lag counter existed has none: 0, nothing to index.

// IndexLagMax is how many posted entries at most wait to be indexed. Larger
// spreads the cost of indexing over more posts but makes the post that
// reaches it, or the first read after a run of posts, pay for more.
const IndexLagMax = 256

const ctrLag = "lag"

// errLagging makes a read transaction give way to the indexing first.
var errLagging = errors.New("ledger: the indexes lag behind the log")

// logged records that e was appended to the log: indexed at once in an
// indexing transaction, or left to lag behind and kept for this
// transaction's catch-up.
func (t *Tx) logged(e *journal.Entry) error {
	if t.indexing {
		return t.index(e)
	}
	lag, err := t.counter(ctrLag)
	if err != nil {
		return err
	}
	t.counters[ctrLag] = lag + 1
	if t.lagged == nil {
		t.lagged = map[journal.ID]*journal.Entry{}
	}
	t.lagged[e.ID] = e
	return nil
}

// lag returns how many of the last logged entries have no indexes yet.
func (t *Tx) lag() (uint64, error) { return t.counter(ctrLag) }

// catchUp indexes every lagging entry in sequence order and puts the
// transaction in indexing mode: what it posts from now on is indexed as it
// is posted.
func (t *Tx) catchUp() error {
	t.indexing = true
	lag, err := t.lag()
	if err != nil || lag == 0 {
		return err
	}
	var lagging []journal.Entry
	err = t.scanLag(func(id journal.ID, rec []byte) error {
		if e, ok := t.lagged[id]; ok {
			lagging = append(lagging, *e)
			return nil
		}
		r, err := decodeLogRecord(rec)
		if err != nil {
			return err
		}
		e, err := r.entry(t)
		if err != nil {
			return err
		}
		lagging = append(lagging, e)
		return nil
	})
	if err != nil {
		return err
	}
	if uint64(len(lagging)) != lag {
		return fmt.Errorf("%w: the log holds %d of its last %d entries", ErrFormat, len(lagging), lag)
	}
	// A lag counter above the real lag would index entries twice (their
	// aggregates doubled): an entry the id index already holds is damage.
	for i := range lagging {
		if _, err := t.st.Get(bEntry, lagging[i].ID[:]); err == nil {
			return fmt.Errorf("%w: the lag counter says %d entries lag behind their indexes, but %s is indexed",
				ErrIntegrity, lag, lagging[i].Name())
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	// Index after the scan: the store does not promise a scan survives
	// writes.
	for i := range lagging {
		if err := t.index(&lagging[i]); err != nil {
			return err
		}
	}
	t.counters[ctrLag] = 0
	clear(t.lagged)
	return nil
}

// scanLag calls fn with the id and record of each lagging entry, in
// sequence order. The record is valid only during the call.
func (t *Tx) scanLag(fn func(id journal.ID, rec []byte) error) error {
	lag, err := t.lag()
	if err != nil || lag == 0 {
		return err
	}
	last, err := t.logEnd()
	if err != nil {
		return err
	}
	if lag > last {
		return fmt.Errorf("%w: %d entries lag behind a log of %d", ErrFormat, lag, last)
	}
	return t.st.Scan(bLog, seqKey(last-lag+1), nil, false, func(k, v []byte) error {
		id, rec, err := splitLogRecord(v)
		if err != nil {
			return err
		}
		return fn(id, rec)
	})
}

// laggingRaw finds entry id among the lagging entries, which have no id
// index yet: at most IndexLagMax log records, whose ids come first.
func (t *Tx) laggingRaw(id journal.ID) ([]byte, bool, error) {
	var found []byte
	err := t.scanLag(func(rid journal.ID, rec []byte) error {
		if rid != id {
			return nil
		}
		found = rec
		return errStop
	})
	if errors.Is(err, errStop) {
		return found, true, nil
	}
	return nil, false, err
}

// catchUpIfFar indexes the lag when it has reached IndexLagMax: called by
// the posting transactions before they commit.
func (t *Tx) catchUpIfFar() error {
	if t.indexing {
		return nil
	}
	lag, err := t.lag()
	if err != nil || lag < IndexLagMax {
		return err
	}
	return t.catchUp()
}
