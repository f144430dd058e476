package ledger

import (
	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
)

// The write half of a transaction that only the lettering layer of this
// module may use (see package booktx): generated entries, partials,
// matches, its counters, operation records and events.
func init() {
	booktx.Of = func(tx any) booktx.Writer { return writer{tx.(*Tx)} }
	booktx.Entry = func(tx any, id journal.ID) (*journal.Entry, error) { return tx.(*Tx).entryShared(id) }
	booktx.KeepOpenEntries = func(tx any) { tx.(*Tx).openEntries = true }
	booktx.OpenEntry = func(item any) *journal.Entry { return item.(*OpenItem).entry }
	booktx.KeepEntry = func(tx any, e *journal.Entry) { tx.(*Tx).keepEntry(e) }
}

type writer struct{ t *Tx }

func (w writer) PostGenerated(e journal.Entry) (journal.Entry, bool, error) {
	return w.t.postGenerated(e)
}
func (w writer) BeginLettering() error                                 { return w.t.beginLettering() }
func (w writer) PutPartial(p journal.Partial) (journal.Partial, error) { return w.t.putPartial(p) }
func (w writer) NewPartialID() journal.ID                              { return w.t.newLetterID() }
func (w writer) UndoPartial(id, op journal.ID) (journal.Partial, error) {
	return w.t.undoPartial(id, op)
}
func (w writer) PutMatch(m journal.Match) (journal.Match, error)    { return w.t.putMatch(m) }
func (w writer) UndoMatch(id, op journal.ID) (journal.Match, error) { return w.t.undoMatch(id, op) }
func (w writer) NextCounter(name string) (uint64, error)            { return w.t.nextCounter(name) }
func (w writer) AdvanceCounter(name string, n uint64) error         { return w.t.advanceCounter(name, n) }
func (w writer) RecordOperation(id journal.ID, fp, result []byte) error {
	return w.t.recordOperation(id, fp, result)
}
func (w writer) AppendEvent(subject journal.ID, kind string, data []byte) error {
	_, err := w.t.appendEvent(subject, kind, data)
	return err
}
