package ledger

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// The id index maps an entry's id to its posting sequence, where the log
// holds it. The ids the book makes (and most callers', UUIDv7) ascend, so
// the ids one transaction indexes above every id the index held come in
// runs: a run is stored under its first id, in its own bucket (bEntryRun),
// its value the first's sequence then, for each next id, the bytes it
// shares with the id before (one byte: how many), the rest of it and the
// step to its sequence (a signed varint): 12 to 18 bytes an entry where a
// key of its own took 40 with the store's element header. An id at or below
// the index's greatest (a caller's older id) is stored alone, id →
// sequence, in bEntry as before.
//
// Runs never overlap: each holds ids above every id indexed before it, so
// the run that may hold an id is the one stored at or before it, and a
// lookup reads one run and, failing that, one key of bEntry.

// entryRunMax is the most ids one run holds: a run stays well within a
// page (at most about 1.1 KiB).
const entryRunMax = 64

// expandEntryRun calls fn with each id of a stored run (key k, value v)
// and the sequence of its entry, in order. The id passed to fn is valid
// only during the call.
func expandEntryRun(k, v []byte, fn func(id []byte, seq uint64) error) error {
	if len(k) != len(journal.NoID) {
		return fmt.Errorf("%w: id index run key %x", ErrFormat, k)
	}
	seq, w := binary.Uvarint(v)
	if w <= 0 || seq == 0 {
		return fmt.Errorf("%w: id index run %x: bad sequence", ErrFormat, k)
	}
	if err := fn(k, seq); err != nil {
		return err
	}
	v = v[w:]
	id := bytes.Clone(k)
	prev := bytes.Clone(k)
	for i := 1; len(v) > 0; i++ {
		shared := int(v[0])
		if shared >= len(id) || len(v) < 1+len(id)-shared || i >= entryRunMax {
			return fmt.Errorf("%w: id index run %x: bad id or too many ids", ErrFormat, k)
		}
		copy(id[shared:], v[1:1+len(id)-shared])
		v = v[1+len(id)-shared:]
		step, w := binary.Varint(v)
		if w <= 0 || step == 0 || int64(seq)+step <= 0 {
			return fmt.Errorf("%w: id index run %x: bad sequence step", ErrFormat, k)
		}
		v = v[w:]
		if bytes.Compare(id, prev) <= 0 {
			return fmt.Errorf("%w: id index run %x: ids out of order", ErrFormat, k)
		}
		copy(prev, id)
		seq = uint64(int64(seq) + step)
		if err := fn(id, seq); err != nil {
			return err
		}
	}
	return nil
}

// appendRunID appends to run v the next id of a run and its sequence,
// given the id and sequence before it.
func appendRunID(v, prev, id []byte, prevSeq, seq uint64) []byte {
	shared := 0
	for shared < len(id)-1 && id[shared] == prev[shared] {
		shared++
	}
	v = append(append(v, byte(shared)), id[shared:]...)
	return binary.AppendVarint(v, int64(seq)-int64(prevSeq))
}

// lastRunID returns the last id of a stored run.
func lastRunID(k, v []byte) ([]byte, error) {
	var last []byte
	err := expandEntryRun(k, v, func(id []byte, _ uint64) error {
		last = append(last[:0], id...)
		return nil
	})
	return last, err
}

// indexedSeq returns the log key the id index holds for id: from the run
// stored at or before it, else from its own key; store.ErrNotFound when
// neither holds it.
func (t *Tx) indexedSeq(id journal.ID) ([]byte, error) {
	if err := t.flushEntryIDs(); err != nil {
		return nil, err
	}
	var seq uint64
	err := t.blockAt(bEntryRun, id[:], func(k, v []byte) error {
		return expandEntryRun(k, v, func(x []byte, s uint64) error {
			switch c := bytes.Compare(x, id[:]); {
			case c == 0:
				seq = s
				return errStop
			case c > 0:
				return errStop // past it: ids ascend
			}
			return nil
		})
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, err
	}
	if seq != 0 {
		return seqKey(seq), nil
	}
	return t.st.Get(bEntry, id[:])
}

// pendingID is an id index write waiting for flushEntryIDs: the id is
// copied when the write is handed over, so that the runs written at the
// end of the transaction never read memory the caller reused meanwhile.
type pendingID struct {
	id  journal.ID
	seq uint64
}

// flushEntryIDs writes the transaction's pending id index writes: sorted
// by id, the ids above the index's greatest in runs of at most
// entryRunMax, the others each under its own key.
func (t *Tx) flushEntryIDs() error {
	if len(t.ids) == 0 {
		return nil
	}
	byID := func(a, b pendingID) int { return bytes.Compare(a.id[:], b.id[:]) }
	if !slices.IsSortedFunc(t.ids, byID) {
		slices.SortFunc(t.ids, byID)
	}
	stored, err := t.ct.entryTopKey()
	if err != nil {
		return err
	}
	var top journal.ID // the greatest id indexed, once there is one
	haveTop := stored != nil
	copy(top[:], stored)
	// Keys and values are fresh slices: the store owns them until the
	// commit.
	var runKey, run []byte
	var n int
	var prev pendingID
	putRun := func() error {
		if run == nil {
			return nil
		}
		err := t.st.Put(bEntryRun, runKey, run)
		run = nil
		return err
	}
	for _, p := range t.ids {
		if haveTop && bytes.Compare(p.id[:], top[:]) <= 0 {
			if err := t.st.Put(bEntry, bytes.Clone(p.id[:]), seqKey(p.seq)); err != nil {
				return err
			}
			continue
		}
		if run != nil && n < entryRunMax {
			run = appendRunID(run, prev.id[:], p.id[:], prev.seq, p.seq)
			n++
		} else {
			if err := putRun(); err != nil {
				return err
			}
			runKey, run, n = bytes.Clone(p.id[:]), binary.AppendUvarint(make([]byte, 0, 8+18*entryRunMax), p.seq), 1
		}
		prev, top, haveTop = p, p.id, true
	}
	if err := putRun(); err != nil {
		return err
	}
	if haveTop {
		t.ct.raiseEntryTop(bytes.Clone(top[:]))
	}
	t.ids = t.ids[:0]
	return nil
}

// storedEntryTop returns the greatest id the id index holds: the greater of
// the last run's last id and the last key of bEntry; nil when both are
// empty.
func storedEntryTop(st store.Tx) ([]byte, error) {
	var top []byte
	err := st.Scan(bEntry, nil, nil, true, func(k, _ []byte) error {
		top = bytes.Clone(k)
		return errStop
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, err
	}
	err = st.Scan(bEntryRun, nil, nil, true, func(k, v []byte) error {
		last, err := lastRunID(k, v)
		if err != nil {
			return err
		}
		if bytes.Compare(last, top) > 0 {
			top = last
		}
		return errStop
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, err
	}
	return top, nil
}
