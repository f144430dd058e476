package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/lettrage/lettrage/currency"

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
// leave them to be written behind the log, at most IndexLagMax entries
// behind, and batches at most BatchIndexLagMax; every other transaction
// writes them first:
//
//   - a post whose commit would leave IndexLagMax entries or more
//     unindexed indexes all of them in that same commit; a batch that
//     would bring the lag to BatchIndexLagMax indexes it at its start, its
//     writes sorted by key, then indexes itself as it posts (pipeline.go);
//   - Book.Update (lettering, reversals, configuration) indexes the lag at
//     its start, then indexes what it posts as it posts it; the
//     aggregates it moves are written before it reads any (flushAggs);
//   - every read (queries, View, Check, Verify) that finds a lag first
//     commits the indexing, then reads: no reader ever sees an entry
//     without its indexes, and an entry acknowledged before a read began is
//     in what the read returns.
//
// The lag is a stored counter: the last "lag" sequence numbers are logged
// but not indexed. A crash loses nothing, since the log is durable and the
// indexing runs again from it on the next write or read. A book written
// before the lag counter existed has none: 0, nothing to index.

// IndexLagMax is how many posted entries at most wait to be indexed after
// a Post. Larger spreads the cost of indexing over more posts but makes the
// post that reaches it, or the first read after a run of posts, pay for
// more.
const IndexLagMax = 256

// BatchIndexLagMax is how many posted entries at most wait to be indexed
// after a PostBatch. Batches log their entries and leave the indexes to
// follow, up to this many entries behind: the batch that would reach it
// indexes the whole lag and itself in its own commit, its index writes
// sorted by key. The indexes keyed by partner (lines, open items,
// aggregates) take their keys all over their pages, so a commit that
// indexes a thousand entries dirties about a page per entry, where one that
// indexes thirty thousand shares each page among many: on a book of a
// million lines and ten thousand partners, 32 768 entries write a fifth
// fewer bytes than 16 384 and load the book a tenth faster. The price is
// the batch that indexes the lag, and the first read or Post after a run
// of batches, which indexes what they left: about half a second on that
// book, durable (0.4 s for 16 384).
const BatchIndexLagMax = 32768

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
	if t.lagIDs != nil {
		t.lagIDs[e.ID] = e.Seq
	}
	return nil
}

// lag returns how many of the last logged entries have no indexes yet.
func (t *Tx) lag() (uint64, error) { return t.counter(ctrLag) }

// lagWithin is lag, refused (ErrFormat) when it passes the log's tail: a
// damaged counter must not size what the catch-up allocates.
func (t *Tx) lagWithin() (uint64, error) {
	lag, err := t.lag()
	if err != nil || lag == 0 {
		return lag, err
	}
	last, err := t.logTail()
	if err != nil {
		return 0, err
	}
	if lag > last {
		return 0, fmt.Errorf("%w: %d entries lag behind a log of %d", ErrFormat, lag, last)
	}
	return lag, nil
}

// catchUp indexes every lagging entry in sequence order and puts the
// transaction in indexing mode: what it posts from now on is indexed as it
// is posted.
func (t *Tx) catchUp() error {
	t.indexing = true
	lag, err := t.lagWithin()
	if err != nil || lag == 0 {
		return err
	}
	runs, covered, err := t.stashedLag()
	if err != nil {
		return err
	}
	lagging, err := t.decodeLag(lag, covered)
	if err != nil {
		return err
	}
	if uint64(len(lagging)+covered.coveredN()) != lag {
		return fmt.Errorf("%w: the log holds %d of its last %d entries", ErrFormat, len(lagging)+covered.coveredN(), lag)
	}
	// A lag counter above the real lag would index entries twice (their
	// aggregates doubled): an entry the id index already holds is damage.
	indexed := func(id journal.ID, name func() string) error {
		if _, err := t.entrySeq(id); err == nil {
			return fmt.Errorf("%w: the lag counter says %d entries lag behind their indexes, but %s is indexed",
				ErrIntegrity, lag, name())
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		return nil
	}
	for i := range lagging {
		if err := indexed(lagging[i].ID, lagging[i].Name); err != nil {
			return err
		}
	}
	for _, r := range runs {
		for _, id := range r.ids {
			if err := indexed(id, func() string { return "entry " + id.String() }); err != nil {
				return err
			}
		}
	}
	t.growIndexWrites(lagging, runs)
	// Index after the scan: the store does not promise a scan survives
	// writes. The writes are applied sorted by key, each page of an index
	// visited once, in order; their order here does not matter.
	t.collect = true
	for _, r := range runs {
		if err := t.applyIndex(r.puts); err != nil {
			t.collect = false
			return err
		}
		if err := t.aggs.merge(r.aggs); err != nil {
			t.collect = false
			return err
		}
	}
	for i := range lagging {
		if err := t.index(&lagging[i]); err != nil {
			t.collect = false
			return err
		}
	}
	t.collect = false
	if err := t.applyCollected(); err != nil {
		return err
	}
	t.counters[ctrLag] = 0
	clear(t.lagged)
	t.lagIDs = nil
	return nil
}

// stashedLag returns the index writes this Book's batches computed for
// lagging entries (lagCache), and the lag they cover.
func (t *Tx) stashedLag() ([]*lagRun, *lagSpan, error) {
	if t.b.lagged.empty() {
		return nil, nil, nil
	}
	lag, err := t.lag()
	if err != nil {
		return nil, nil, err
	}
	span := &lagSpan{ids: make([]journal.ID, 0, lag)}
	err = t.scanLag(func(seq uint64, id journal.ID, _ []byte) error {
		if len(span.ids) == 0 {
			span.first = seq
		}
		if _, ok := t.lagged[id]; ok { // this transaction's own are at hand
			id = journal.NoID
		}
		span.ids = append(span.ids, id)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	runs := t.b.lagged.take(span)
	span.covered = make([]bool, len(span.ids))
	for _, r := range runs {
		for _, seq := range r.seqs {
			span.covered[seq-span.first] = true // take checked it is in the span
		}
		span.n += len(r.seqs)
	}
	return runs, span, nil
}

// lagSpan is the lag as a catch-up finds it: the ids of the lagging
// entries by sequence from first on (scanLag gives them in order, without
// gaps), NoID for those the transaction logged itself, which are at hand;
// and which of them, n in all, the runs taken from the lagCache cover.
type lagSpan struct {
	first   uint64
	ids     []journal.ID
	covered []bool
	n       int
}

// lagging reports whether the entry at seq is a lagging entry with that
// id, not one of the transaction's own.
func (s *lagSpan) lagging(seq uint64, id journal.ID) bool {
	if s == nil || seq < s.first || seq-s.first >= uint64(len(s.ids)) {
		return false
	}
	x := s.ids[seq-s.first]
	return x != journal.NoID && x == id
}

// isCovered reports whether a kept run covers the entry at seq.
func (s *lagSpan) isCovered(seq uint64) bool {
	return s != nil && seq >= s.first && seq-s.first < uint64(len(s.covered)) && s.covered[seq-s.first]
}

// coveredN is how many lagging entries the kept runs cover.
func (s *lagSpan) coveredN() int {
	if s == nil {
		return 0
	}
	return s.n
}

// growIndexWrites makes room in the transaction's index write arrays for
// those of entries and runs, at once rather than by doubling.
func (t *Tx) growIndexWrites(entries []journal.Entry, runs []*lagRun) {
	lines, other := 0, 0
	for i := range entries {
		e := &entries[i]
		lines += len(e.Lines)
		for j := range e.Lines {
			if e.Lines[j].Partner != "" {
				lines++ // its partner line key, and maybe its open item
				other++
			}
		}
		other++ // its id
	}
	numbers := len(entries)
	for _, r := range runs {
		lines += len(r.puts) // an upper bound: most of a run's writes are line keys
		numbers += len(r.seqs)
		other += len(r.puts) - 2*len(r.seqs)
	}
	t.lines = slices.Grow(t.lines, lines)
	t.numbers = slices.Grow(t.numbers, numbers)
	t.sorted = slices.Grow(t.sorted, max(other, 0))
}

// scanLag calls fn with the sequence, id and record of each lagging entry,
// in sequence order. The record is valid only during the call.
func (t *Tx) scanLag(fn func(seq uint64, id journal.ID, rec []byte) error) error {
	lag, err := t.lag()
	if err != nil || lag == 0 {
		return err
	}
	last, err := t.logTail()
	if err != nil {
		return err
	}
	if lag > last {
		return fmt.Errorf("%w: %d entries lag behind a log of %d", ErrFormat, lag, last)
	}
	logs, err := t.ct.logReader()
	if err != nil {
		return err
	}
	return t.st.Scan(bLog, seqKey(last-lag+1), nil, false, func(k, v []byte) error {
		if len(k) != 8 {
			return fmt.Errorf("%w: log key %x", ErrFormat, k)
		}
		id, rec, err := logs.open(k, v)
		if err != nil {
			return err
		}
		return fn(u64From(k), id, rec)
	})
}

// laggingRaw finds entry id among the lagging entries, which have no id
// index yet: a scan of their log records, whose ids come first, or past
// lagScanMax of them a map of their ids built once per transaction.
func (t *Tx) laggingRaw(id journal.ID) ([]byte, bool, error) {
	if lag, err := t.lag(); err != nil || lag == 0 {
		return nil, false, err
	} else if lag > lagScanMax {
		return t.laggingByMap(id)
	}
	var found []byte
	err := t.scanLag(func(_ uint64, rid journal.ID, rec []byte) error {
		if rid != id {
			return nil
		}
		found = bytes.Clone(rec) // valid only during the call
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
	if err != nil || lag < t.lagMax() {
		return err
	}
	return t.catchUp()
}

// lagMax is how far the indexes may lag behind the log when this
// transaction commits: BatchIndexLagMax for a batch, IndexLagMax otherwise.
func (t *Tx) lagMax() uint64 {
	if t.batch {
		return batchIndexLag
	}
	return IndexLagMax
}

// batchIndexLag is BatchIndexLagMax, lowered by tests that need a batch to
// reach it.
var batchIndexLag uint64 = BatchIndexLagMax

// lagScanMax is the longest lag laggingRaw scans for each lookup; past it,
// the transaction maps the lagging ids once (a batch with the caller's ids
// looks each of them up).
const lagScanMax = 2 * IndexLagMax

// laggingByMap is laggingRaw through the transaction's map of the lagging
// ids to their sequence numbers, built on first use from the log's tail and
// kept up to date by logged; catchUp drops it.
func (t *Tx) laggingByMap(id journal.ID) ([]byte, bool, error) {
	if t.lagIDs == nil {
		lag, err := t.lagWithin()
		if err != nil {
			return nil, false, err
		}
		ids := make(map[journal.ID]uint64, lag)
		err = t.scanLag(func(seq uint64, rid journal.ID, _ []byte) error {
			ids[rid] = seq
			return nil
		})
		if err != nil {
			return nil, false, err
		}
		t.lagIDs = ids
	}
	seq, ok := t.lagIDs[id]
	if !ok {
		return nil, false, nil
	}
	rid, rec, err := t.logRawTemp(seqKey(seq))
	if err != nil {
		return nil, false, err
	}
	if rid != id {
		return nil, false, fmt.Errorf("%w: lagging entry %s at sequence %d, where the log holds %s", ErrFormat, id, seq, rid)
	}
	return rec, true, nil
}

// logTail returns the last sequence number written to the log: the
// posting-sequence counter, less the entries a pipeline numbered and has
// not logged yet.
func (t *Tx) logTail() (uint64, error) {
	last, err := t.logEnd()
	if err != nil || t.pipe == nil {
		return last, err
	}
	return last - t.pipe.unlogged, nil
}

// decodeLag returns the lagging entries in sequence order but those at
// the sequences covered: those this transaction logged as they are, the
// others decoded from the log. A long lag is decoded on two goroutines,
// each taking every other record: the records are copied out of the store
// first, and a record whose currency the book's table does not know (a
// unit of account another handle added) is decoded again on the
// transaction's goroutine, which may read the store.
func (t *Tx) decodeLag(lag uint64, covered *lagSpan) ([]journal.Entry, error) {
	if uint64(covered.coveredN()) == lag {
		return nil, nil // kept index writes cover the whole lag: nothing to scan again
	}
	lagging := make([]journal.Entry, 0, lag-uint64(covered.coveredN()))
	var raws [][]byte // the records to decode, nil for an entry at hand
	err := t.scanLag(func(seq uint64, id journal.ID, rec []byte) error {
		if covered.isCovered(seq) {
			return nil
		}
		if e, ok := t.lagged[id]; ok {
			lagging = append(lagging, *e)
			raws = append(raws, nil)
			return nil
		}
		lagging = append(lagging, journal.Entry{})
		raws = append(raws, bytes.Clone(rec))
		return nil
	})
	if err != nil {
		return nil, err
	}
	errs := make([]error, len(raws))
	decode := func(i int, resolve func(string) (currency.Currency, error)) {
		if raws[i] == nil {
			return
		}
		lagging[i], errs[i] = decodeLogEntry(raws[i], t.b.company, resolve, nil)
	}
	if len(raws) < lagDecodeParallel {
		for i := range raws {
			decode(i, t.currencyOf)
		}
	} else {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 1; i < len(raws); i += 2 {
				decode(i, t.b.currencyOf) // the book's table only: no store read off the transaction's goroutine
			}
		}()
		for i := 0; i < len(raws); i += 2 {
			decode(i, t.currencyOf)
		}
		wg.Wait()
		for i := 1; i < len(raws); i += 2 {
			if errs[i] != nil {
				decode(i, t.currencyOf)
			}
		}
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return lagging, nil
}

// lagDecodeParallel is the lag from which decodeLag uses two goroutines.
const lagDecodeParallel = 512
