package ledger

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/lettrage/lettrage/store"
)

// Backup writes a consistent copy of the book to w while writers go on, and
// returns the number of bytes written. It first indexes any entries still
// lagging behind the log (see Index), then has the store copy itself as of
// one committed transaction (store.Backuper): every write acknowledged
// before Backup was called is in the copy, and the copy opens as a book on
// the store's own backend (a boltstore copy with boltstore.Open, then
// Open). Posts acknowledged while the copy runs may be in it or not; none
// is half in it.
//
// Backup returns an error matching errors.ErrUnsupported when the store
// cannot back up (memstore cannot), ctx.Err() when ctx is cancelled (w then
// holds no usable copy), and the store's or w's error otherwise. A damaged
// store is copied as it is: Check and Verify the copy before relying on it.
func (b *Book) Backup(ctx context.Context, w io.Writer) (int64, error) {
	bk, ok := b.st.(store.Backuper)
	if !ok {
		return 0, fmt.Errorf("ledger: the book's store (%T) cannot back up: %w", b.st, errors.ErrUnsupported)
	}
	if err := b.Index(ctx); err != nil {
		return 0, err
	}
	return bk.Backup(ctx, w)
}
