package memstore_test

// Review h-rev53: the exported godoc of packages store, memstore,
// boltstore and ident read as a contract. Every test here failed on the
// code it was written against; each says how it was fixed (the code, or
// the documentation where the code was right).

import (
	"context"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Was failing, fixed: store.Tx: "Tx is a transaction, valid only while its function
// runs"; ErrTxDone "is returned when a Tx is used after its function
// returned".
// When an Update function panics (and the caller recovers), memstore never
// marks its Tx done: a kept Tx still reads, and Put on it returns nil as if
// it wrote (into a tree nobody commits; for a bucket it had not written, it
// also clones the writer's master tree outside the lock). boltstore marks
// the Tx done in a deferred call and returns ErrTxDone. Code wrong:
// memstore's Update sets done only on a normal return, View uses a defer.
func TestHrev53TxAfterPanicIsDone(t *testing.T) {
	ctx := context.Background()
	db := memstore.New()
	defer db.Close()
	b := []byte("b")
	require.NoError(t, db.Update(ctx, func(tx store.Tx) error { return tx.Put(b, []byte("k"), []byte("v")) }))
	var kept store.Tx
	func() {
		defer func() { _ = recover() }()
		_ = db.Update(ctx, func(tx store.Tx) error {
			kept = tx
			panic("caller's bug")
		})
	}()
	require.NotNil(t, kept)
	_, err := kept.Get(b, []byte("k"))
	assert.ErrorIs(t, err, store.ErrTxDone, "Get after the function ended")
	assert.ErrorIs(t, kept.Put(b, []byte("k2"), []byte("x")), store.ErrTxDone, "Put after the function ended")
}
