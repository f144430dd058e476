package reconcile

import (
	"context"
	"encoding/json"

	"github.com/lettrage/lettrage/internal/booktx"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
)

// ScheduleAsBefore records a scheduled payment as the version before
// 4a59a1a did (5cfb615 accepted a Method of 0 when the partner had a usual
// method, and kept the payment as given, with no "m" field): what a book
// written by that version holds.
func ScheduleAsBefore(ctx context.Context, b *ledger.Book, id journal.ID, p Payment) error {
	p.Operation = journal.NoID
	data, err := json.Marshal(scheduledRec{ID: id, Payment: &p})
	if err != nil {
		return err
	}
	return b.Update(ctx, func(t *ledger.Tx) error {
		return booktx.Of(t).AppendEvent(scheduledSubject, StatusScheduled, data)
	})
}
