package pgstore_test

// Review 23: a context cancelled, or a connection ended, while Update's
// COMMIT is under way. A deferred constraint trigger on the test's kv
// table (triggers are not relations: Open and Drop do not see it) sleeps
// at commit when a row's value is "slow", so that the commit is still
// running when the test acts. Run with LETTRAGE_PG_DSN set.

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/pgstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// review23SlowCommit makes every commit of s that wrote a "slow" value
// sleep for d in a deferred trigger.
func review23SlowCommit(t *testing.T, s *pgstore.DB, d time.Duration) {
	// The function lives outside the book's schema, which holds nothing
	// but the book (Drop refuses one that does), and goes with its trigger.
	fn := pgx.Identifier{"public", "review23_slow_" + s.Schema()}.Sanitize()
	kv := pgx.Identifier{s.Schema(), "kv"}.Sanitize()
	admin(t, `CREATE FUNCTION `+fn+`() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN PERFORM pg_sleep(`+fmt.Sprint(d.Seconds())+`); RETURN NULL; END $$`)
	t.Cleanup(func() { admin(t, `DROP FUNCTION IF EXISTS `+fn+`() CASCADE`) })
	admin(t, `CREATE CONSTRAINT TRIGGER review23_slow AFTER INSERT OR UPDATE ON `+kv+`
		DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.value = '\x736c6f77'::bytea) EXECUTE FUNCTION `+fn+`()`)
}

// review23Committed reads whether key k of bucket b is stored, once no
// session of s is left in a transaction (the commit had time to end).
func review23Committed(t *testing.T, s *pgstore.DB, k string) bool {
	t.Helper()
	time.Sleep(3 * time.Second)
	committed := false
	require.NoError(t, s.View(ctx, func(tx store.Tx) error {
		_, err := tx.Get([]byte("b"), []byte(k))
		if err == nil {
			committed = true
			return nil
		}
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	}))
	return committed
}

// TestReview23CancelDuringCommit: the context is cancelled while the
// server runs the COMMIT. store.Store says a cancelled context rolls back
// and returns ctx.Err(); the package says an outcome it cannot know is
// ErrCommitUnknown. So Update must either return nil (committed), or an
// error that says the commit's fate is unknown, or an error with nothing
// committed: never context.Canceled over a committed transaction, which
// a caller takes for "nothing written" and does not retry or check.
func TestReview23CancelDuringCommit(t *testing.T) {
	s := open(t)
	review23SlowCommit(t, s, 1500*time.Millisecond)
	c, cancel := context.WithCancel(ctx)
	defer cancel()
	err := s.Update(c, func(tx store.Tx) error {
		if err := tx.Put([]byte("b"), []byte("k"), []byte("slow")); err != nil {
			return err
		}
		time.AfterFunc(400*time.Millisecond, cancel) // the commit starts when fn returns
		return nil
	})
	committed := review23Committed(t, s, "k")
	t.Logf("Update returned %v; committed: %v", err, committed)
	if committed && err != nil {
		assert.ErrorIs(t, err, pgstore.ErrCommitUnknown,
			"the transaction committed, yet Update returned %q (errors.Is context.Canceled: %v)", err, errors.Is(err, context.Canceled))
	}
}

// TestReview23DeadlineDuringCommit: the same with a deadline that passes
// during the COMMIT, the way a request timeout would.
func TestReview23DeadlineDuringCommit(t *testing.T) {
	s := open(t)
	review23SlowCommit(t, s, 1500*time.Millisecond)
	c, cancel := context.WithTimeout(ctx, 800*time.Millisecond)
	defer cancel()
	err := s.Update(c, func(tx store.Tx) error { return tx.Put([]byte("b"), []byte("k"), []byte("slow")) })
	committed := review23Committed(t, s, "k")
	t.Logf("Update returned %v; committed: %v", err, committed)
	if committed && err != nil {
		assert.ErrorIs(t, err, pgstore.ErrCommitUnknown,
			"the transaction committed, yet Update returned %q (errors.Is DeadlineExceeded: %v)", err, errors.Is(err, context.DeadlineExceeded))
	}
}

// TestReview23TerminatedDuringCommit: the session is ended with
// pg_terminate_backend while it runs the COMMIT: Update says
// ErrCommitUnknown (or ErrConnLost), not a conflict, runs its function
// once, and what the book holds is all of the transaction or none of it.
func TestReview23TerminatedDuringCommit(t *testing.T) {
	s := open(t)
	review23SlowCommit(t, s, 2*time.Second)
	runs := 0
	err := s.Update(ctx, func(tx store.Tx) error {
		runs++
		for i := 0; i < 50; i++ {
			if err := tx.Put([]byte("b"), []byte(fmt.Sprintf("p%02d", i)), []byte("part")); err != nil {
				return err
			}
		}
		if err := tx.Put([]byte("b"), []byte("k"), []byte("slow")); err != nil {
			return err
		}
		time.AfterFunc(500*time.Millisecond, func() {
			admin(t, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'commit%' AND pid <> pg_backend_pid()`)
		})
		return nil
	})
	require.Error(t, err)
	assert.True(t, errors.Is(err, pgstore.ErrCommitUnknown) || errors.Is(err, pgstore.ErrConnLost), "%v", err)
	assert.NotErrorIs(t, err, pgstore.ErrConflict)
	assert.Equal(t, 1, runs)
	time.Sleep(500 * time.Millisecond)
	n := 0
	require.NoError(t, s.View(ctx, func(tx store.Tx) error {
		return tx.Scan([]byte("b"), nil, nil, false, func(k, v []byte) error { n++; return nil })
	}))
	assert.Contains(t, []int{0, 51}, n, "all or nothing")
	// The store goes on.
	require.NoError(t, s.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("b"), []byte("after"), []byte("1")) }))
}

// TestReview23CancelWhileCommitWaitsForStandby: the commit of a book whose
// server waits for a synchronous standby (synchronous_standby_names set,
// synchronous_commit on: a common production set-up) is recorded locally,
// then waits; a cancelled context makes pgx send a cancel request and drop
// the connection, and PostgreSQL ends the wait with "the transaction has
// already committed locally". Update must not then return a plain
// context.Canceled (store.Store: "a cancelled context rolls back and
// returns ctx.Err()"): the transaction is in the book, so the error must
// match ErrCommitUnknown.
//
// The test sets synchronous_standby_names on the server (ALTER SYSTEM,
// reset at the end) and turns synchronous_commit on only in the book's
// transaction (a deferred trigger); it skips unless the server's default
// synchronous_commit is off, as .ci/run's throwaway server has it, so that
// no other session waits meanwhile.
func TestReview23CancelWhileCommitWaitsForStandby(t *testing.T) {
	s := open(t)
	var syncCommit, standbys string
	require.NoError(t, s.Pool().QueryRow(ctx, `SELECT current_setting('synchronous_commit'), current_setting('synchronous_standby_names')`).Scan(&syncCommit, &standbys))
	if syncCommit != "off" || standbys != "" {
		t.Skip("needs a throwaway server with synchronous_commit=off and no synchronous standby (.ci/run's)")
	}
	fn := pgx.Identifier{"public", "review23_sync_" + s.Schema()}.Sanitize()
	kv := pgx.Identifier{s.Schema(), "kv"}.Sanitize()
	admin(t, `CREATE FUNCTION `+fn+`() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN PERFORM set_config('synchronous_commit', 'on', true); RETURN NULL; END $$`)
	t.Cleanup(func() { admin(t, `DROP FUNCTION IF EXISTS `+fn+`() CASCADE`) })
	admin(t, `CREATE CONSTRAINT TRIGGER review23_sync AFTER INSERT OR UPDATE ON `+kv+`
		DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.value = '\x73796e63'::bytea) EXECUTE FUNCTION `+fn+`()`)
	admin(t, `ALTER SYSTEM SET synchronous_standby_names = 'review23_no_such_standby'`)
	t.Cleanup(func() {
		admin(t, `ALTER SYSTEM RESET synchronous_standby_names`)
		admin(t, `SELECT pg_reload_conf()`)
	})
	admin(t, `SELECT pg_reload_conf()`)
	time.Sleep(time.Second) // the checkpointer publishes the new standby list

	c, cancel := context.WithCancel(ctx)
	defer cancel()
	err := s.Update(c, func(tx store.Tx) error {
		if err := tx.Put([]byte("b"), []byte("k"), []byte("sync")); err != nil {
			return err
		}
		time.AfterFunc(time.Second, cancel)
		return nil
	})
	committed := review23Committed(t, s, "k")
	t.Logf("Update returned %v; committed: %v", err, committed)
	require.True(t, committed, "the set-up did not make the commit wait (nothing to test)")
	if err != nil {
		assert.ErrorIs(t, err, pgstore.ErrCommitUnknown,
			"the transaction committed, yet Update returned %q (errors.Is context.Canceled: %v)", err, errors.Is(err, context.Canceled))
	}
}
