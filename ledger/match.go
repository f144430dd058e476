package ledger

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// MatchLinesMax is the most lines one match may group, the lines that
// letter one another, directly or through others, and are all settled
// (and twice as many partials). A lettering that would complete a larger
// group is refused with ErrMatch, so that every match written reads back.
const MatchLinesMax = 100_000

// putMatch records a full reconciliation: every line at zero residual, none
// already in a live match, all on m.Account (and m.Partner, which on a
// receivable or payable account is theirs, and elsewhere ""), and a code
// not used before on that (account, partner). It returns ErrMatch. Its id is
// NoID (putMatch makes one) or one the transaction claimed (claimID).
func (t *Tx) putMatch(m journal.Match) (journal.Match, error) {
	fresh := m.ID == journal.NoID || t.claims(m.ID) // made here: no record can hold it
	lettering := m.ID == journal.NoID && t.groupNamedBy(&m)
	switch {
	case lettering:
		m.ID = t.group.base
		m.ID[15] = letteringMatchPlace
	case m.ID == journal.NoID:
		m.ID = journal.NewID()
	case inLettering(m.ID):
		return journal.Match{}, fmt.Errorf("%w: match id %s is a lettering record's; give no id", ErrMatch, m.ID)
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = t.b.clock().UTC()
	}
	m.UndoneBy, m.UndoneAt = journal.NoID, time.Time{}
	if m.Code == "" || len(m.Lines) < 1 {
		return journal.Match{}, fmt.Errorf("%w: a match needs a code and lines", ErrMatch)
	}
	if len(m.Lines) > MatchLinesMax || len(m.Partials) > 2*MatchLinesMax {
		return journal.Match{}, fmt.Errorf("%w: %d lines and %d partials in one group, at most %d lines: letter fewer lines together (a payment per batch of invoices)",
			ErrMatch, len(m.Lines), len(m.Partials), MatchLinesMax)
	}
	for i, ref := range m.Lines {
		if slices.Contains(m.Lines[:i], ref) {
			return journal.Match{}, fmt.Errorf("%w: line %s twice in one match", ErrMatch, ref)
		}
	}
	if !fresh {
		t.getKey = m.ID
		if _, err := t.st.Get(bMatch, t.getKey[:]); err == nil {
			return journal.Match{}, fmt.Errorf("%w: match %s exists", ErrMatch, m.ID)
		} else if !errors.Is(err, store.ErrNotFound) {
			return journal.Match{}, err
		}
	}
	// Codes run per partner on receivable and payable accounts and per
	// account elsewhere: a match keyed under another partner than its
	// lines' would reuse a code of theirs unseen.
	a, err := t.Account(m.Account)
	if err != nil {
		return journal.Match{}, err
	}
	needsPartner := a.Kind.NeedsPartner()
	if !needsPartner && m.Partner != "" {
		return journal.Match{}, fmt.Errorf("%w: a match on %s, whose codes run per account, names partner %s", ErrMatch, m.Account, m.Partner)
	}
	code, room := codeKeyRoom(m.Account, m.Partner, m.Code, len(m.ID))
	if _, err := t.st.Get(ixCode, code); err == nil {
		return journal.Match{}, &codeTakenError{code: m.Code, account: m.Account, partner: m.Partner}
	} else if !errors.Is(err, store.ErrNotFound) {
		return journal.Match{}, err
	}
	for _, ref := range m.Lines {
		e, err := t.sharedLine(ref)
		if err != nil {
			return journal.Match{}, err
		}
		l := &e.Lines[ref.Index]
		if l.Account != m.Account || (needsPartner && l.Partner != m.Partner) {
			return journal.Match{}, fmt.Errorf("%w: line %s is on %s %s", ErrMatch, ref, l.Account, l.Partner)
		}
		r, err := t.residualOf(e, ref.Index)
		if err != nil {
			return journal.Match{}, err
		}
		if !r.IsZero() {
			return journal.Match{}, fmt.Errorf("%w: line %s still has %s to letter", ErrMatch, ref, r.Balance)
		}
		var id journal.ID
		if k := t.kept.get(ref); k != nil && k.has&keptMatch != 0 {
			id = k.match
		} else { // validated before any line is written
			st, _, err := t.storedLineState(e, ref.Index)
			if err != nil {
				return journal.Match{}, err
			}
			id = st.match
		}
		if id != journal.NoID {
			return journal.Match{}, fmt.Errorf("%w: line %s is already in a match", ErrMatch, ref)
		}
	}
	for _, ref := range m.Lines {
		if err := t.setMatch(ref, m.ID, true); err != nil {
			return journal.Match{}, err
		}
	}
	// The record's key is the letter code's value too: the same id,
	// which nothing writes again.
	if lettering {
		// The id in the room after the key: one allocation for both, which
		// the store keeps until the commit and nothing writes again.
		id := append(room, m.ID[:]...)
		if err := t.st.Put(ixCode, code, id); err != nil {
			return journal.Match{}, err
		}
		if err := t.putLettering(&m); err != nil {
			return journal.Match{}, err
		}
		return m, nil
	}
	key, value := letterRecord(m.ID, matchValueRoom(&m))
	if err := t.st.Put(ixCode, code, key); err != nil {
		return journal.Match{}, err
	}
	if err := t.ct.putChained(bMatch, key, appendMatchValue(value, &m), fresh); err != nil {
		return journal.Match{}, err
	}
	delete(t.claimed, m.ID) // used: another put under it is refused
	return m, nil
}

// codeTakenError refuses a match whose code is already used on its
// account and partner. It is an ErrMatch, and a booktx.ErrCodeTaken for the
// lettering layer, which then takes the next code.
type codeTakenError struct{ code, account, partner string }

func (e *codeTakenError) Error() string {
	return fmt.Sprintf("%v: code %s already used on %s %s", ErrMatch, e.code, e.account, e.partner)
}

func (e *codeTakenError) Is(target error) bool {
	return target == ErrMatch || target == booktx.ErrCodeTaken
}

// setMatch stores id as the live match holding line ref (NoID: none).
// fresh says the line must be in none yet: a match found in its stored
// state, which the transaction had not kept, refuses it (ErrMatch).
func (t *Tx) setMatch(ref journal.LineRef, id journal.ID, fresh bool) error {
	e, err := t.sharedLine(ref)
	if err != nil {
		return err
	}
	st, stored, err := t.storedLineState(e, ref.Index)
	if err != nil {
		return err
	}
	if fresh && st.match != journal.NoID {
		return fmt.Errorf("%w: line %s is already in a match", ErrMatch, ref)
	}
	if !stored {
		// A line no partial touched: its residual is its own amounts,
		// never zero, and putMatch refused it; undoMatch finds none.
		return fmt.Errorf("%w: line %s has no lettering state", ErrMatch, ref)
	}
	st.match = id
	return t.putLineState(e, ref.Index, &st)
}

// undoMatch tombstones a live match. Its code stays reserved forever.
func (t *Tx) undoMatch(id, operation journal.ID) (journal.Match, error) {
	m, err := t.Match(id)
	if err != nil {
		return journal.Match{}, err
	}
	if !m.Live() {
		return journal.Match{}, fmt.Errorf("%w: match %s", ErrUndone, id)
	}
	for _, ref := range m.Lines {
		if err := t.setMatch(ref, journal.NoID, false); err != nil {
			return journal.Match{}, err
		}
	}
	m.UndoneBy, m.UndoneAt = operation, t.b.clock().UTC()
	if inLettering(m.ID) {
		return m, t.rewriteLettering(&m, nil)
	}
	return m, t.st.Put(bMatch, m.ID[:], appendMatchValue(nil, &m))
}

// Match returns a match, live or undone, or ErrNotFound.
func (t *Tx) Match(id journal.ID) (journal.Match, error) {
	if inLettering(id) {
		return t.letteredMatch(id)
	}
	v, err := t.st.Get(bMatch, id[:])
	if errors.Is(err, store.ErrNotFound) {
		return journal.Match{}, fmt.Errorf("%w: match %s", ErrNotFound, id)
	} else if err != nil {
		return journal.Match{}, err
	}
	return decodeMatch(id[:], v)
}

// EachMatch calls fn with every match of the book, live or undone
// (Match.Live), in no particular order, until fn returns an error, which
// it returns: the lettering as it stood at an instant (a fiscal year's
// closing) is the matches created by then and not undone by then. It
// reads what earlier transactions recorded: in a write transaction,
// matches recorded or undone by that transaction are not seen as such.
func (t *Tx) EachMatch(fn func(journal.Match) error) error {
	err := t.st.Scan(bMatch, nil, nil, false, func(k, v []byte) error {
		m, err := decodeMatch(k, v)
		if err != nil {
			return err
		}
		return fn(m)
	})
	if err != nil {
		return err
	}
	return eachLettering(t.st, func(base journal.ID, mv []byte, _ [][]byte) error {
		if len(mv) == 0 {
			return nil // partials that no match named exactly
		}
		id := base
		id[15] = letteringMatchPlace
		m, err := decodeMatch(id[:], mv)
		if err != nil {
			return err
		}
		return fn(m)
	})
}

// MatchOf returns the live match holding a line, and false if none;
// ErrNotFound for a line that is not posted.
func (t *Tx) MatchOf(ref journal.LineRef) (journal.Match, bool, error) {
	var id journal.ID
	if k := t.kept.get(ref); k != nil && k.has&keptMatch != 0 {
		id = k.match
	} else {
		e, err := t.line(ref)
		if err != nil {
			return journal.Match{}, false, err
		}
		st, _, err := t.storedLineState(&e, ref.Index)
		if err != nil {
			return journal.Match{}, false, err
		}
		id = st.match
		t.keepMatched(ref, id)
	}
	if id == journal.NoID {
		return journal.Match{}, false, nil
	}
	m, err := t.Match(id)
	return m, err == nil, err
}

// keepMatched remembers the live match holding a line (NoID for none) for
// the rest of the transaction.
func (t *Tx) keepMatched(ref journal.LineRef, id journal.ID) {
	k := t.kept.add(ref)
	k.match = id
	k.has |= keptMatch
}

// Operation returns the fingerprint and result recorded for an operation
// id, and false if the id is new. The layer above uses it for idempotency:
// same id and fingerprint → replay the result; other fingerprint → conflict.
// It returns ErrIntegrity when the record is missing although the lettering
// chain holds it: a retry must not run the operation a second time.
func (t *Tx) Operation(id journal.ID) (fingerprint, result []byte, found bool, err error) {
	v, err := t.st.Get(bOp, id[:])
	if errors.Is(err, store.ErrNotFound) {
		if _, hash, chained, err := chainedSeq(t.st, bOp, id[:]); err != nil {
			return nil, nil, false, err
		} else if chained && hash != nil {
			return nil, nil, false, fmt.Errorf("%w: operation record %s is missing, yet the lettering chain holds it", ErrIntegrity, id)
		}
		return nil, nil, false, nil
	} else if err != nil {
		return nil, nil, false, err
	}
	var r opRec
	if err := decode(v, &r); err != nil {
		return nil, nil, false, err
	}
	return r.Fingerprint, r.Result, true, nil
}

// recordOperation records an operation id with the fingerprint of its input
// and its result. It returns ErrIdempotencyConflict if the id is recorded
// with another fingerprint.
func (t *Tx) recordOperation(id journal.ID, fingerprint, result []byte) error {
	if fp, _, found, err := t.Operation(id); err != nil {
		return err
	} else if found {
		if string(fp) != string(fingerprint) {
			return fmt.Errorf("%w: operation %s", ErrIdempotencyConflict, id)
		}
		return nil
	}
	return t.st.Put(bOp, id[:], encode(opRec{Fingerprint: fingerprint, Result: result, At: t.b.clock().UnixNano()}))
}

// MatchByCode returns the match that holds code on (account, partner), live
// or undone (a code is never given again), or ErrNotFound. partner is ""
// off receivable and payable accounts.
func (t *Tx) MatchByCode(account, partner, code string) (journal.Match, error) {
	v, err := t.st.Get(ixCode, codeKey(account, partner, code))
	if errors.Is(err, store.ErrNotFound) {
		return journal.Match{}, fmt.Errorf("%w: code %s on %s %s", ErrNotFound, code, account, partner)
	} else if err != nil {
		return journal.Match{}, err
	}
	id, err := idFrom(v)
	if err != nil {
		return journal.Match{}, err
	}
	return t.Match(id)
}
