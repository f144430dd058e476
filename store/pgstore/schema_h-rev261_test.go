package pgstore_test

// Review h-rev261: pgstore's integrity. Run with LETTRAGE_PG_DSN set.

import (
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/lettrage/lettrage/store/pgstore"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev261WithParam adds a run-time parameter to a DSN (a URL or a
// key=value string), as a DBA's postgresql.conf or ALTER ROLE … SET would
// give every session.
func hrev261WithParam(t *testing.T, dsn, name, value string) string {
	t.Helper()
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		require.NoError(t, err)
		q := u.Query()
		q.Set(name, value)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return dsn + " " + name + "=" + value
}

// TestHrev261OpenSameSchemaAtOnceSerializableDefault: two processes open
// the same new book at once on a server whose default isolation is
// SERIALIZABLE (default_transaction_isolation, which DBAs set in
// postgresql.conf or per role so that no application runs anomalies
// unseen; here through the DSN). Both must open the book: setUp takes an
// advisory lock "so that processes opening the same book at once do not
// race".
//
// Was failing, fixed: the second Open fails with "pgstore: creating schema …: schema
// … already exists (SQLSTATE 42P06)". setUp's transaction (pgx.BeginFunc
// with the session's default isolation) takes its snapshot at its first
// statement, the pg_advisory_xact_lock call, before it waits on the lock:
// under REPEATABLE READ or SERIALIZABLE the waiter then reads pg_namespace
// and pg_class as they were before the first Open created the schema, and
// creates it again. Expected: both Opens succeed (the lock's purpose; the
// setUp transaction must be READ COMMITTED explicitly, whatever the
// server's default: PostgreSQL docs, 13.2.2 "a query in a repeatable read
// transaction sees a snapshot as of the start of the first non-transaction-
// control statement in the transaction").
func TestHrev261OpenSameSchemaAtOnceSerializableDefault(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	schema := storetest.PostgresSchema()
	sdsn := hrev261WithParam(t, dsn, "default_transaction_isolation", "serializable")

	// Hold the schema's set-up lock, so that both Opens wait on it with
	// their snapshots taken, then let them go.
	holder, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	defer holder.Close(ctx)
	_, err = holder.Exec(ctx, `SELECT pg_advisory_lock(hashtextextended('lettrage pgstore ' || $1, 0))`, schema)
	require.NoError(t, err)

	var wg sync.WaitGroup
	dbs := make([]*pgstore.DB, 2)
	errs := make([]error, 2)
	for i := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dbs[i], errs[i] = pgstore.Open(ctx, sdsn, pgstore.Options{Schema: schema, MaxConns: 2})
		}()
	}
	// Wait until both wait on the lock.
	deadline := time.Now().Add(5 * time.Second)
	for {
		var n int
		require.NoError(t, holder.QueryRow(ctx, `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`).Scan(&n))
		if n >= 2 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	_, err = holder.Exec(ctx, `SELECT pg_advisory_unlock(hashtextextended('lettrage pgstore ' || $1, 0))`, schema)
	require.NoError(t, err)
	wg.Wait()
	defer func() {
		for _, d := range dbs {
			if d != nil {
				_ = d.Close()
			}
		}
		if d, err := pgstore.Open(ctx, dsn, pgstore.Options{Schema: schema}); err == nil {
			_ = d.Drop(ctx)
		}
	}()
	for i := range errs {
		assert.NoError(t, errs[i], "Open %d", i)
	}
}
