package reconcile_test

import (
	"bytes"
	"context"
	"sync/atomic"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/require"
)

// eventFailingStore fails, in read transactions while failing is set, the
// reads of one subject's event log.
type eventFailingStore struct {
	store.Store
	subject journal.ID
	failing atomic.Bool
}

func (s *eventFailingStore) View(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.View(ctx, func(tx store.Tx) error { return fn(&eventFailingTx{tx, s}) })
}

type eventFailingTx struct {
	store.Tx
	s *eventFailingStore
}

func (t *eventFailingTx) Scan(bucket, from, to []byte, reverse bool, fn func(k, v []byte) error) error {
	if t.s.failing.Load() && string(bucket) == "event" && bytes.HasPrefix(from, t.s.subject[:]) {
		return errRead
	}
	return t.Tx.Scan(bucket, from, to, reverse, fn)
}

// A cheque of a deposit whose payment's event log cannot be read is not
// taken for a cheque without a number: ProposeImported fails with the
// store's error.
func TestHrev161DepositedChequeReadFails(t *testing.T) {
	t.Parallel()
	st := &eventFailingStore{Store: memstore.New()}
	f := newFixture(t, st)
	_, _, pays := retDepositOfTwo(t, f)
	one := reconcile.BankEntry{Ref: "L1", BookingDate: d(3, 12), Amount: e("360.00"), Label: "REMISE CHQ 1111111"}
	_, err := f.rec.ImportStatement(ctx, retStatement(t, "S1", "0.00", one))
	require.NoError(t, err)
	st.subject = pays[0]
	st.failing.Store(true)
	_, err = f.rec.ProposeImported(ctx, "BQO", reconcile.Rules{})
	require.ErrorIs(t, err, errRead)
	st.failing.Store(false)
	props, err := f.rec.ProposeImported(ctx, "BQO", reconcile.Rules{})
	require.NoError(t, err)
	require.Len(t, props, 1)
	require.True(t, props[0].Matched, rvDescribe(props[0]))
	require.Equal(t, []journal.ID{pays[0]}, props[0].Target.Payments)
}
