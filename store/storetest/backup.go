package storetest

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// RunBackup is the conformance suite of store.Backuper: open returns a new,
// empty store that implements it; restore opens a copy Backup wrote as a
// store of the same backend. RunBackup closes what they return.
//
// A backup taken while a writer commits holds every commit acknowledged
// before it started, reads back key for key, and takes writes; a cancelled
// context stops it with the context's error.
func RunBackup(t *testing.T, open func(t *testing.T) store.Store, restore func(t *testing.T, copy []byte) store.Store) {
	s := open(t)
	defer func() { _ = s.Close() }()
	b, ok := s.(store.Backuper)
	require.True(t, ok, "%T does not implement store.Backuper", s)
	key := func(i int) []byte { return binary.BigEndian.AppendUint64(nil, uint64(i)) }

	var acked atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := s.Update(ctx, func(tx store.Tx) error { return tx.Put(bk, key(i), bytes.Repeat([]byte{byte(i)}, 300)) }); err != nil {
				t.Error(err)
				return
			}
			acked.Store(int64(i + 1))
		}
	}()
	for acked.Load() < 300 && !t.Failed() {
		time.Sleep(time.Millisecond)
	}
	before := acked.Load()
	var cp bytes.Buffer
	n, err := b.Backup(ctx, &cp)
	close(stop)
	wg.Wait()
	require.NoError(t, err)
	assert.Equal(t, int64(cp.Len()), n, "Backup returns the bytes it wrote")

	r := restore(t, cp.Bytes())
	defer func() { _ = r.Close() }()
	got := 0
	require.NoError(t, r.View(ctx, func(tx store.Tx) error {
		return tx.Scan(bk, nil, nil, false, func(k, v []byte) error {
			i := int(binary.BigEndian.Uint64(k))
			if !bytes.Equal(v, bytes.Repeat([]byte{byte(i)}, 300)) {
				return errors.New("a value differs in the copy")
			}
			if i != got {
				return errors.New("the copy misses a key")
			}
			got++
			return nil
		})
	}))
	assert.GreaterOrEqual(t, int64(got), before, "every commit acknowledged before the backup is in it")
	require.NoError(t, r.Update(ctx, func(tx store.Tx) error { return tx.Put(bk, []byte("after"), nil) }), "the copy takes writes")

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = b.Backup(cancelled, &bytes.Buffer{})
	assert.ErrorIs(t, err, context.Canceled)
}
