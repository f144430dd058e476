package reconcile_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/require"
)

// readFailingStore fails the reads of one bucket in write transactions
// while failing is set.
type readFailingStore struct {
	store.Store
	bucket  string
	failing atomic.Bool
}

var errRead = errors.New("the disk said no")

func (s *readFailingStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error { return fn(&readFailingTx{tx, s}) })
}

type readFailingTx struct {
	store.Tx
	s *readFailingStore
}

func (t *readFailingTx) Get(bucket, key []byte) ([]byte, error) {
	if t.s.failing.Load() && string(bucket) == t.s.bucket {
		return nil, errRead
	}
	return t.Tx.Get(bucket, key)
}

// TestLetteringStopsOnAFailedRead: a lettering whose check that a partial,
// a letter code or a line's match is new cannot read the store fails with
// the store's error and writes nothing, rather than taking the failure
// for "not there".
func TestLetteringStopsOnAFailedRead(t *testing.T) {
	t.Parallel()
	for _, bucket := range []string{"partial", "ix.code", "ix.line"} {
		t.Run(bucket, func(t *testing.T) {
			st := &readFailingStore{Store: memstore.New(), bucket: bucket}
			f := newFixture(t, st)
			inv := f.invoice(t, "C1", d(1, 5), "100.00")
			pay := f.pay(t, "C1", d(2, 1), "100.00", "", "")
			st.failing.Store(true)
			_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{line0(inv), line0(pay)}})
			require.ErrorIs(t, err, errRead)
			st.failing.Store(false)
			require.Empty(t, livePartials(t, f, line0(inv)), "nothing written")
			f.check(t)
		})
	}
}
