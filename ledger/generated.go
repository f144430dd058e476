package ledger

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// Generated returns the ids of the entries posted with Origin = origin (the
// exchange, cash-basis, write-off or discount entries a partial or an
// operation caused), in id order. The layer above reverses exactly these
// when it undoes their origin.
func (t *Tx) Generated(origin journal.ID) ([]journal.ID, error) {
	prefix := origin[:]
	var out []journal.ID
	err := t.st.Scan(ixOrigin, prefix, prefixEnd(prefix), false, func(k, v []byte) error {
		id, err := idFrom(k[len(prefix):])
		out = append(out, id)
		return err
	})
	return out, err
}

// DocumentEntries returns the ids of the entries posted with Document =
// doc (the cash-basis and discount entries of an invoice, and their
// reversals), in id order.
func (t *Tx) DocumentEntries(doc journal.ID) ([]journal.ID, error) {
	prefix := doc[:]
	var out []journal.ID
	err := t.st.Scan(ixDocument, prefix, prefixEnd(prefix), false, func(k, v []byte) error {
		id, err := idFrom(k[len(prefix):])
		out = append(out, id)
		return err
	})
	return out, err
}

// ReversedBy returns the id of the entry that reverses id, and false when
// id is not reversed.
func (t *Tx) ReversedBy(id journal.ID) (journal.ID, bool, error) {
	t.getKey = id // id[:] would move id to the heap, an allocation a call
	v, err := t.st.Get(bReversed, t.getKey[:])
	if errors.Is(err, store.ErrNotFound) {
		return journal.NoID, false, nil
	} else if err != nil {
		return journal.NoID, false, err
	}
	rev, err := idFrom(v)
	return rev, err == nil, err
}

// Event is one record of an append-only event log kept for the layer above
// (the manual "mark as paid" log of a document, say). The ledger stores it
// and gives no meaning to Kind or Data.
type Event struct {
	Subject journal.ID // what the event is about: an entry, usually
	Seq     uint64     // order within the subject's log, from 1
	Kind    string     // what happened, named by the layer above
	Data    []byte     // the layer's payload, opaque to the ledger
	At      int64      // Unix nanoseconds, from the book's clock
}

// appendEvent appends an event to the log of subject and returns it with
// its sequence number and time. It returns ErrCode for an empty kind and a
// *journal.TextError for a kind journal.CheckText refuses.
func (t *Tx) appendEvent(subject journal.ID, kind string, data []byte) (Event, error) {
	if kind == "" {
		return Event{}, fmt.Errorf("%w: empty event kind", ErrCode)
	}
	if err := journal.CheckText("event kind", kind); err != nil {
		return Event{}, err
	}
	// The next number follows the last event's: one key read backwards,
	// not the whole log (a bank journal logs an event per posted line).
	prefix := subject[:]
	var last uint64
	err := t.st.Scan(bEvent, prefix, prefixEnd(prefix), true, func(k, _ []byte) error {
		if len(k) != len(prefix)+8 {
			return fmt.Errorf("%w: event key of %d bytes", ErrFormat, len(k))
		}
		last = binary.BigEndian.Uint64(k[len(prefix):])
		return errStop
	})
	if err != nil && !errors.Is(err, errStop) {
		return Event{}, err
	}
	ev := Event{Subject: subject, Seq: last + 1, Kind: kind, Data: append([]byte(nil), data...), At: t.b.clock().UnixNano()}
	rec := eventRec{Kind: ev.Kind, Data: ev.Data, At: ev.At}
	return ev, t.st.Put(bEvent, u64(append([]byte(nil), subject[:]...), ev.Seq), encode(rec))
}

// Events returns the event log of subject, oldest first.
func (t *Tx) Events(subject journal.ID) ([]Event, error) {
	prefix := subject[:]
	var out []Event
	err := t.st.Scan(bEvent, prefix, prefixEnd(prefix), false, func(k, v []byte) error {
		var rec eventRec
		if err := decode(v, &rec); err != nil {
			return err
		}
		if len(k) != len(prefix)+8 {
			return fmt.Errorf("%w: event key of %d bytes", ErrFormat, len(k))
		}
		out = append(out, Event{Subject: subject, Seq: uint64(len(out)) + 1, Kind: rec.Kind, Data: rec.Data, At: rec.At})
		return nil
	})
	return out, err
}

type eventRec struct {
	Kind string `cbor:"1,keyasint"`
	Data []byte `cbor:"2,keyasint,omitempty"`
	At   int64  `cbor:"3,keyasint"`
}
