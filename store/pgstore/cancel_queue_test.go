package pgstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/lettrage/lettrage/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCancelledRetryEndsSession: a run after a conflict (holding the
// book's writer lock) cancelled while its writes are on their way to the
// server ends its session at once, so neither the writer lock nor its row
// locks outlive it: pgx alone can take 15 s to close such a session.
func TestCancelledRetryEndsSession(t *testing.T) {
	s := open(t)
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("b"), []byte("x"), []byte("0")) }))
	for i := 0; i < 40; i++ {
		delay := time.Duration(200+50*i) * time.Microsecond
		c, cancel := context.WithCancel(ctx)
		runs := 0
		_ = s.Update(c, reviewConflicting(s, &runs, func(tx store.Tx) error {
			time.AfterFunc(delay, cancel)
			for i := 0; i < 200; i++ {
				if err := tx.Put([]byte("b"), []byte(fmt.Sprint("k", i)), make([]byte, 2000)); err != nil {
					return err
				}
			}
			return nil
		}))
		cancel()
		assert.Eventually(t, func() bool { return writerLockFree(t, s) }, 2*time.Second, 5*time.Millisecond,
			"the writer lock is free soon after a cancelled retry (delay %v)", delay)
	}
}
