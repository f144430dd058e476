package storetest_test

import (
	"context"
	"errors"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var ctx = context.Background()

// TestOwningConformance: the wrapper is a store like any other.
func TestOwningConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return storetest.Owning(memstore.New()) })
}

// TestOwningCatches: a slice changed after Put, whichever part, fails the
// Update by naming the bucket and key, and nothing commits; under Twice
// both runs are checked.
func TestOwningCatches(t *testing.T) {
	tests := []struct {
		name   string
		part   string
		change func(b, k, v []byte)
	}{
		{"value overwritten", "value", func(b, k, v []byte) { v[0] = 'X' }},
		{"value zeroed", "value", func(b, k, v []byte) { clear(v) }},
		{"key reused", "key", func(b, k, v []byte) { k[1] = 'z' }},
		{"bucket reused", "bucket", func(b, k, v []byte) { b[0] = 'c' }},
	}
	for _, tt := range tests {
		for _, wrap := range []struct {
			name string
			fn   func(store.Store) store.Store
		}{{"plain", func(s store.Store) store.Store { return s }}, {"twice", storetest.Twice}} {
			t.Run(tt.name+"/"+wrap.name, func(t *testing.T) {
				s := storetest.Owning(wrap.fn(memstore.New()))
				runs := 0
				err := s.Update(ctx, func(tx store.Tx) error {
					runs++
					b, k, v := []byte("bk"), []byte("key"), []byte("value")
					if err := tx.Put(b, k, v); err != nil {
						return err
					}
					if err := tx.Put([]byte("bk"), []byte("other"), []byte("kept")); err != nil {
						return err
					}
					tt.change(b, k, v)
					return nil
				})
				var oe *storetest.OwnershipError
				require.True(t, errors.As(err, &oe), "got %v", err)
				assert.Equal(t, tt.part, oe.Part)
				assert.Equal(t, "bk", string(oe.Bucket))
				assert.Equal(t, "key", string(oe.Key))
				assert.Contains(t, err.Error(), `"bk"`)
				assert.Equal(t, 1, runs, "the first run fails: no second")
				require.NoError(t, s.View(ctx, func(tx store.Tx) error {
					_, err := tx.Get([]byte("bk"), []byte("other"))
					assert.ErrorIs(t, err, store.ErrNotFound, "nothing committed")
					return nil
				}))
			})
		}
	}
}

// TestOwningAllows: what a careful caller does passes: fresh slices,
// changes before Put, an empty or nil value, the same key put twice.
func TestOwningAllows(t *testing.T) {
	s := storetest.Owning(storetest.Twice(memstore.New()))
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error {
		buf := []byte("draft")
		buf[0] = 'D'
		if err := tx.Put([]byte("bk"), []byte("a"), buf); err != nil {
			return err
		}
		if err := tx.Put([]byte("bk"), []byte("b"), nil); err != nil {
			return err
		}
		if err := tx.Put([]byte("bk"), []byte("c"), []byte{}); err != nil {
			return err
		}
		if err := tx.Put([]byte("bk"), []byte("a"), []byte("again")); err != nil {
			return err
		}
		// A refused Put keeps nothing: its slices are the caller's again.
		bad := []byte("v")
		if err := tx.Put([]byte("bk"), nil, bad); !errors.Is(err, store.ErrBadKey) {
			return err
		}
		bad[0] = 'w'
		return nil
	}))
	// A failing function is not checked: nothing commits anyway.
	boom := errors.New("boom")
	err := s.Update(ctx, func(tx store.Tx) error {
		v := []byte("x")
		if err := tx.Put([]byte("bk"), []byte("z"), v); err != nil {
			return err
		}
		v[0] = 'y'
		return boom
	})
	assert.ErrorIs(t, err, boom)
}
