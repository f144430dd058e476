package storetest

import (
	"context"
	"errors"

	"github.com/lettrage/lettrage/store"
)

// Twice wraps s so that every Update runs its function twice: the first run
// is rolled back, the second commits. A caller whose Update functions have
// side effects outside the transaction, or depend on state they changed in
// an earlier run, fails under it. This is what a distributed engine that
// retries on conflict does to callers.
func Twice(s store.Store) store.Store { return twice{s} }

type twice struct{ store.Store }

var errFirstRun = errors.New("storetest: first run rolled back on purpose")

func (w twice) Update(ctx context.Context, fn func(store.Tx) error) error {
	err := w.Store.Update(ctx, func(tx store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errFirstRun
	})
	if !errors.Is(err, errFirstRun) {
		return err // the function failed on its own: no second run
	}
	return w.Store.Update(ctx, fn)
}
