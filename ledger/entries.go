package ledger

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"iter"

	"github.com/lettrage/lettrage/journal"
)

// PostedEntry is a posted entry with its place in the book-wide posting
// sequence. Entry.Seq holds the same number; Seq is repeated here so that a
// caller resuming an iteration reads it without looking into the entry.
type PostedEntry struct {
	Seq   uint64        // the entry's book-wide posting sequence, from 1
	Entry journal.Entry // the entry as stored
}

// EntryFilter selects entries of the posting sequence. Zero fields select
// everything.
type EntryFilter struct {
	// FromSeq is the first sequence number to read (1 and 0 both mean the
	// start of the book). To resume an iteration, pass the last Seq read
	// plus one.
	FromSeq uint64
	// ToSeq is the last sequence number to read, inclusive; 0 means the end
	// of the log as each page finds it. Set it to LastSeq taken before the
	// iteration to read a fixed set of entries while others are posted.
	ToSeq uint64
	// From and To keep the entries dated between them, inclusive. Entries
	// come in posting order, not in date order: a date filter skips
	// entries, it does not stop the iteration early.
	From, To journal.Date
	// Journal keeps the entries of one journal.
	Journal string
}

// Paging limits of Book.Entries: one read transaction yields at most
// entriesPageMax entries, holding at most entriesPageLinesMax lines, and
// looks at most at entriesPageScanMax log records (filtered out or not), so
// that no read transaction lasts long however large the book and however
// selective the filter.
const (
	entriesPageMax      = 1000
	entriesPageLinesMax = 20_000
	entriesPageScanMax  = 8192
)

// Entries returns the posted entries selected by f in posting order (the
// book-wide sequence), each decoded from the log. It pages through short
// read transactions, resuming after the last sequence number read, and
// holds none while the caller's loop body runs: the body may post to the
// same book, and entries posted during the loop are seen when they come
// after the current page (unless f.ToSeq stops before them). It stops with
// the context's error when ctx is cancelled, and with ErrFormat for a log
// record it cannot decode.
func (b *Book) Entries(ctx context.Context, f EntryFilter) iter.Seq2[PostedEntry, error] {
	return func(yield func(PostedEntry, error) bool) {
		next := max(f.FromSeq, 1)
		for {
			if err := ctx.Err(); err != nil {
				yield(PostedEntry{}, err)
				return
			}
			var page []PostedEntry
			var done bool
			err := b.view(ctx, func(t *Tx) error {
				var err error
				page, next, done, err = t.entriesPage(f, next)
				return err
			})
			if err != nil {
				yield(PostedEntry{}, err)
				return
			}
			for _, pe := range page {
				if !yield(pe, nil) {
					return
				}
			}
			if done {
				return
			}
		}
	}
}

// entriesPage reads one page of entries from sequence number from on. It
// returns the sequence number to resume from and whether the log (or
// f.ToSeq) was reached.
func (t *Tx) entriesPage(f EntryFilter, from uint64) (page []PostedEntry, next uint64, done bool, err error) {
	var lines, scanned int
	next = from
	done = true
	err = t.scanEntries(f, from, func(seq uint64, e *journal.Entry) (bool, error) {
		if scanned == entriesPageScanMax || len(page) == entriesPageMax || lines >= entriesPageLinesMax {
			done = false
			return false, nil
		}
		scanned++
		next = seq + 1
		if e != nil {
			page = append(page, PostedEntry{Seq: seq, Entry: *e})
			lines += len(e.Lines)
		}
		return true, nil
	})
	return page, next, done, err
}

// scanEntries calls fn for each log record from sequence number from on, up
// to f.ToSeq, with the entry when it passes f and nil when it does not (so
// that a caller can bound what it looks at). fn returns false to stop.
func (t *Tx) scanEntries(f EntryFilter, from uint64, fn func(seq uint64, e *journal.Entry) (bool, error)) error {
	var to []byte
	if f.ToSeq > 0 {
		if from > f.ToSeq {
			return nil
		}
		to = seqKey(f.ToSeq + 1)
	}
	logs, err := t.ct.logReader()
	if err != nil {
		return err
	}
	err = t.st.Scan(bLog, seqKey(from), to, false, func(k, v []byte) error {
		if len(k) != 8 {
			return fmt.Errorf("%w: log key %x", ErrFormat, k)
		}
		seq := binary.BigEndian.Uint64(k)
		_, raw, err := logs.open(k, v)
		if err != nil {
			return err
		}
		r, err := decodeLogRecord(raw)
		if err != nil {
			return err
		}
		var keep *journal.Entry
		if r.passes(f) {
			e, err := r.entry(t)
			if err != nil {
				return err
			}
			if e.Seq != seq {
				return fmt.Errorf("%w: log key %d holds entry sequence %d", ErrFormat, seq, e.Seq)
			}
			keep = &e
		}
		if ok, err := fn(seq, keep); err != nil {
			return err
		} else if !ok {
			return errStop
		}
		return nil
	})
	if errors.Is(err, errStop) {
		return nil
	}
	return err
}

// passes reports whether a decoded log record passes f's journal and dates,
// before the record is turned into an entry.
func (r *entryRec) passes(f EntryFilter) bool {
	if f.Journal != "" && r.Journal != f.Journal {
		return false
	}
	if !f.From.IsZero() && r.Date < f.From.Key() || !f.To.IsZero() && r.Date > f.To.Key() {
		return false
	}
	return true
}

// Entries is Book.Entries inside a transaction: it reads the log lazily
// within t, and sees what t posted. The iterator is valid only while the
// transaction runs; a long iteration holds the transaction open (use
// Book.Entries to page through a large book).
func (t *Tx) Entries(f EntryFilter) iter.Seq2[PostedEntry, error] {
	return func(yield func(PostedEntry, error) bool) {
		stopped := false
		err := t.scanEntries(f, max(f.FromSeq, 1), func(seq uint64, e *journal.Entry) (bool, error) {
			if e == nil {
				return true, nil
			}
			if !yield(PostedEntry{Seq: seq, Entry: *e}, nil) {
				stopped = true
				return false, nil
			}
			return true, nil
		})
		if err != nil && !stopped {
			yield(PostedEntry{}, err)
		}
	}
}

// LastSeq returns the sequence number of the last posted entry, 0 for an
// empty book: the bound to give EntryFilter.ToSeq for a fixed read.
func (b *Book) LastSeq(ctx context.Context) (uint64, error) {
	return read(ctx, b, func(t *Tx) (uint64, error) { return t.logEnd() })
}
