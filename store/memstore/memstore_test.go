package memstore_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/memstore"
	"github.com/lettrage/lettrage/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return memstore.New() })
}

// Views racing Close: each one either runs before Close returns or is
// refused with ErrClosed; none runs after, and the race detector sees no
// misuse (a WaitGroup's Add racing its Wait did).
func TestViewsRacingClose(t *testing.T) {
	for round := 0; round < 200; round++ {
		db := memstore.New()
		var closed atomic.Bool
		var wg sync.WaitGroup
		for i := 0; i < 4; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := db.View(context.Background(), func(store.Tx) error {
					if closed.Load() {
						t.Error("a View ran after Close returned")
					}
					return nil
				})
				if err != nil && !errors.Is(err, store.ErrClosed) {
					t.Error(err)
				}
			}()
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		closed.Store(true)
		wg.Wait()
	}
}
