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
// The three parts sat in three maps, and a line's lettering made a dozen
// lookups and stores in them; in one they take one each.
type keptLine struct {
	residual Residual
	live     []journal.ID
	match    journal.ID
	has      keptParts
}

// keptParts says which parts of a keptLine are known.
type keptParts uint8

const (
	keptResidual keptParts = 1 << iota
	keptLive               // live holds the line's whole set of live partials
	keptMatch              // match is the line's live match, NoID for none
	keptAll      = keptResidual | keptLive | keptMatch
)

// keptLinesMax bounds the lines a transaction keeps.
const keptLinesMax = 8192

// keptLines holds a transaction's kept lines: a small index into an
// array, so that the map holds no pointers and its entries stay small,
// and both keep their room from one transaction to the next (txScratch).
type keptLines struct {
	at    map[journal.LineRef]int32
	lines []keptLine
}

// get returns the line kept for ref, nil when none. The pointer is valid
// until the next call of add or reset.
func (k *keptLines) get(ref journal.LineRef) *keptLine {
	if i, ok := k.at[ref]; ok {
		return &k.lines[i]
	}
	return nil
}

// add returns the line kept for ref, a new one knowing nothing when none
// is. When keptLinesMax lines are kept, they are all dropped first. The
// pointer is valid until the next call of add or reset.
func (k *keptLines) add(ref journal.LineRef) *keptLine {
	if i, ok := k.at[ref]; ok {
		return &k.lines[i]
	}
	if k.at == nil {
		k.at = make(map[journal.LineRef]int32, 64)
	} else if len(k.lines) >= keptLinesMax {
		k.reset()
	}
	k.at[ref] = int32(len(k.lines))
	k.lines = append(k.lines, keptLine{})
	return &k.lines[len(k.lines)-1]
}

// reset drops every kept line, keeping the room: the live partials' lists
// handed out stay valid.
func (k *keptLines) reset() {
	clear(k.at)
	clear(k.lines)
	k.lines = k.lines[:0]
}
