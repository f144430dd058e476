package pgstore_test

// Review of d495b26 (a run after a conflict queues on an advisory lock).
//
// Pass: the run holding the book's writer lock loses its session (in its
// function, or just before its commit), or has its context cancelled
// inside its function or while committing: the Update fails as it
// should, no pooled session keeps the lock, and the next conflicting
// Update of the store gets through.

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/pgstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reviewConflicting returns an Update function whose first run loses to
// another transaction of s, and whose later runs call then before
// writing.
func reviewConflicting(s *pgstore.DB, runs *int, then func(tx store.Tx) error) func(tx store.Tx) error {
	bk, x := []byte("b"), []byte("x")
	return func(tx store.Tx) error {
		*runs++
		if _, err := tx.Get(bk, x); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if *runs == 1 {
			if err := s.Update(ctx, func(tx store.Tx) error { return tx.Put(bk, x, []byte("other")) }); err != nil {
				return err
			}
		} else if err := then(tx); err != nil {
			return err
		}
		return tx.Put(bk, x, []byte(fmt.Sprint(*runs)))
	}
}

// reviewEndLockHolder ends the session that holds s's writer lock.
func reviewEndLockHolder(t *testing.T, s *pgstore.DB) {
	t.Helper()
	var n int
	require.NoError(t, s.Pool().QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_locks
		WHERE locktype = 'advisory' AND granted AND objsubid = 1
		AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
		"lettrage pgstore writer "+s.Schema()).Scan(&n))
	require.Equal(t, 1, n, "sessions ended")
}

func TestReviewTodayQueueHolderLost(t *testing.T) {
	s := open(t)
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("b"), []byte("x"), []byte("0")) }))
	after := func(t *testing.T) {
		t.Helper()
		// A session the store closed (its unlock failed) ends when the
		// server notices, a moment later: the lock goes with it.
		assert.Eventually(t, func() bool { return writerLockFree(t, s) }, 5*time.Second, 10*time.Millisecond,
			"no session keeps the writer lock")
		short, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		runs := 0
		require.NoError(t, s.Update(short, reviewConflicting(s, &runs, func(store.Tx) error { return nil })))
		assert.Equal(t, 2, runs)
		assert.True(t, writerLockFree(t, s), "free after a commit")
	}

	t.Run("in its function", func(t *testing.T) {
		runs := 0
		err := s.Update(ctx, reviewConflicting(s, &runs, func(tx store.Tx) error {
			reviewEndLockHolder(t, s)
			_, err := tx.Get([]byte("b"), []byte("y"))
			return err
		}))
		require.ErrorIs(t, err, pgstore.ErrConnLost)
		assert.Equal(t, 2, runs)
		after(t)
	})
	t.Run("before its commit", func(t *testing.T) {
		runs := 0
		err := s.Update(ctx, reviewConflicting(s, &runs, func(tx store.Tx) error {
			reviewEndLockHolder(t, s)
			return nil
		}))
		require.Error(t, err)
		assert.True(t, errors.Is(err, pgstore.ErrConnLost) || errors.Is(err, pgstore.ErrCommitUnknown), "%v", err)
		after(t)
	})
	t.Run("context cancelled in its function", func(t *testing.T) {
		c, cancel := context.WithCancel(ctx)
		defer cancel()
		runs := 0
		err := s.Update(c, reviewConflicting(s, &runs, func(tx store.Tx) error {
			cancel()
			_, err := tx.Get([]byte("b"), []byte("y"))
			return err
		}))
		require.ErrorIs(t, err, context.Canceled)
		after(t)
	})
	t.Run("context cancelled as it commits", func(t *testing.T) {
		c, cancel := context.WithCancel(ctx)
		defer cancel()
		runs := 0
		err := s.Update(c, reviewConflicting(s, &runs, func(tx store.Tx) error {
			time.AfterFunc(time.Millisecond, cancel)
			for i := 0; i < 200; i++ { // writes for the commit to flush
				if err := tx.Put([]byte("b"), []byte(fmt.Sprint("k", i)), make([]byte, 2000)); err != nil {
					return err
				}
			}
			return nil
		}))
		if err != nil {
			t.Logf("cancelled: %v", err)
		}
		after(t)
	})
}
