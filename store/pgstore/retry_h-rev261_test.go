package pgstore_test

import (
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/pgstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHrev261RetryQueueUnderLockTimeout: a server (or role) with a
// lock_timeout, as DBAs set one so that no session waits for ever
// (here 100 ms, through the DSN). An Update's first run fails on a
// serialization failure (another session changed the key it read and
// writes); its second run queues on the book's writer lock, which
// another writer holds past the timeout (a long retry of another process).
//
// Was failing, fixed: Update returns "pgstore: begin: ERROR: canceling statement due
// to lock timeout (SQLSTATE 55P03)", an error that matches none of the
// package's classes (ErrConflict, ErrConnLost, ErrCommitUnknown), though
// all that happened is contention: the caller cannot tell that nothing was
// committed and that it may retry with the same ids (package doc, "Lost
// connections and crashes": "ErrConflict may be retried the same way").
// Expected: the queue's own lock wait, which is pgstore's internal
// scheduling, never surfaces as a lock error: the run either goes on
// (the queue is an optimisation: a run without it is still serializable)
// or Update ends with a *ConflictError (nothing committed) wrapping it.
func TestHrev261RetryQueueUnderLockTimeout(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	schema := storetest.PostgresSchema()
	storetest.OpenPostgres(t, pgstore.Options{Schema: schema}) // created, dropped at cleanup
	s, err := pgstore.Open(ctx, hrev261WithParam(t, dsn, "lock_timeout", "100ms"), pgstore.Options{Schema: schema, MaxConns: 2, UpdateAttempts: 3})
	require.NoError(t, err)
	defer s.Close()
	bk, key := []byte("b"), []byte("k")
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error { return tx.Put(bk, key, []byte("0")) }))

	other, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	defer other.Close(ctx)
	kv := pgx.Identifier{schema, "kv"}.Sanitize()
	// Another writer holds the queue (the lock Update's retries take).
	_, err = other.Exec(ctx, `SELECT pg_advisory_lock(hashtextextended($1, 0))`, "lettrage pgstore writer "+schema)
	require.NoError(t, err)
	defer other.Exec(ctx, `SELECT pg_advisory_unlock_all()`)

	runs := 0
	err = s.Update(ctx, func(tx store.Tx) error {
		runs++
		if _, err := tx.Get(bk, key); err != nil {
			return err
		}
		if runs == 1 { // another session changes the key after this snapshot
			if _, err := other.Exec(ctx, `UPDATE `+kv+` SET value = '\x31'::bytea WHERE bucket = 'b'::bytea AND key = 'k'::bytea`); err != nil {
				return err
			}
		}
		return tx.Put(bk, key, []byte("2"))
	})
	t.Logf("runs %d, err %v", runs, err)
	if err != nil {
		assert.True(t, errors.Is(err, pgstore.ErrConflict), "Update's error after contention: %v", err)
	}
}
