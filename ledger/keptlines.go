package ledger

import "github.com/lettrage/lettrage/journal"

// keptLine is what a transaction keeps of a line's lettering state: its
// residual, the ids of its live partials in id order, and the live match
// holding it (NoID for none), each with a flag saying it is known. A
// lettering reads a line's state several times (to validate, to lower its
// residual, to match) and writes it twice; every write goes through
// putLineState or one of the keep methods, so what is kept is what the
// transaction would read. The transaction is dropped with it on a
// rollback, and Check reads the stored bytes, never this.
//
// The live partials are known for a line read with its stored state, or
// as none when it had no stored state: putPartial and undoPartial store
// both lines' states and nothing deletes one (Check holds the book to
// it), so a line without one never had a partial — nor a match, which
// holds lines at zero, and an untouched line's residual is its own
// amounts, never both zero (journal.ErrNoAmount).
//
// It holds the states the transaction wrote, too, until flush stores each
// once, in key order: a lettering writes a line's state when a partial
// lowers its residual and again when a match takes it, and reads it back
// in between. Every read of a state in the transaction looks here first
// (storedLineState).
//
// The three parts and the written states sat in four maps, and a line's
// lettering made a dozen lookups and stores in them and built its key
// three times; here they take one each, and one key.
type keptLine struct {
	residual Residual
	live     []journal.ID
	match    journal.ID
	has      keptParts

	ref journal.LineRef
	// key is the line's state key (lineStateKey), nil until the
	// transaction needs it: made once, for the read and the writes.
	key []byte
	// written says the transaction wrote the line's state, which flush
	// stores (putLineState): the kept line is then the only copy of it,
	// never dropped before flush.
	written bool
}

// keptParts says which parts of a keptLine are known.
type keptParts uint8

const (
	keptResidual keptParts = 1 << iota
	keptLive               // live holds the line's whole set of live partials
	keptMatch              // match is the line's live match, NoID for none
	keptAll      = keptResidual | keptLive | keptMatch
)

// keptLinesMax bounds the lines a transaction keeps that it only read.
const keptLinesMax = 8192

// keptLines holds a transaction's kept lines: a small index into an
// array, so that the map holds no pointers and its entries stay small,
// and both keep their room from one transaction to the next (txScratch).
type keptLines struct {
	at      map[journal.LineRef]int32
	lines   []keptLine
	written int // lines with written set
	// recent holds the indexes of the lines found or added last, plus
	// one (0: none), looked at before the map: a lettering reads and
	// writes the state of its two or three lines a dozen times in a row,
	// and the map, thousands of lines large by the end of a run's chunk,
	// was a twentieth of its time.
	recent [4]int32
	next   uint8 // the slot of recent the next line found takes
}

// get returns the line kept for ref, nil when none. The pointer is valid
// until the next call of add, reset or flushed.
func (k *keptLines) get(ref journal.LineRef) *keptLine {
	if i, ok := k.find(ref); ok {
		return &k.lines[i]
	}
	return nil
}

// find returns the index of the line kept for ref, and false when none is.
func (k *keptLines) find(ref journal.LineRef) (int32, bool) {
	for _, r := range k.recent {
		// The line's own ref is compared: an index that went stale
		// names another line, or none, and the map answers.
		if r > 0 && int(r) <= len(k.lines) && k.lines[r-1].ref == ref {
			return r - 1, true
		}
	}
	i, ok := k.at[ref]
	if ok {
		k.remember(i)
	}
	return i, ok
}

// remember puts index i in recent, in place of the oldest.
func (k *keptLines) remember(i int32) {
	k.recent[k.next] = i + 1
	k.next = (k.next + 1) % uint8(len(k.recent))
}

// add returns the line kept for ref, a new one knowing nothing when none
// is. When the lines only read fill keptLinesMax, they are dropped first.
// The pointer is valid until the next call of add, reset or flushed.
func (k *keptLines) add(ref journal.LineRef) *keptLine {
	if i, ok := k.find(ref); ok {
		return &k.lines[i]
	}
	if k.at == nil {
		k.at = make(map[journal.LineRef]int32, 64)
	} else if len(k.lines) >= max(keptLinesMax, 2*k.written) {
		// Room made once for every so many lines added: the written ones
		// stay, and at least as many again are added before the next time.
		k.dropRead()
	}
	k.at[ref] = int32(len(k.lines))
	k.lines = append(k.lines, keptLine{ref: ref})
	k.remember(int32(len(k.lines) - 1))
	return &k.lines[len(k.lines)-1]
}

// write marks l, one of k's, as written.
func (k *keptLines) write(l *keptLine) {
	if !l.written {
		l.written = true
		k.written++
	}
}

// dropRead drops the lines the transaction only read, keeping those it
// wrote.
func (k *keptLines) dropRead() {
	n := 0
	for i := range k.lines {
		if k.lines[i].written {
			k.lines[n] = k.lines[i]
			n++
		}
	}
	clear(k.lines[n:])
	k.lines = k.lines[:n]
	k.recent = [len(k.recent)]int32{} // the lines moved
	clear(k.at)
	for i := range k.lines {
		k.at[k.lines[i].ref] = int32(i)
	}
}

// flushed marks every written line as stored: kept as read from now on.
func (k *keptLines) flushed() {
	for i := range k.lines {
		k.lines[i].written = false
	}
	k.written = 0
}

// reset drops every kept line, written or not, keeping the room: the live
// partials' lists handed out stay valid.
func (k *keptLines) reset() {
	clear(k.at)
	clear(k.lines)
	k.lines = k.lines[:0]
	k.written = 0
	k.recent = [len(k.recent)]int32{}
}
